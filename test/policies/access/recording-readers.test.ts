import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { accessRecordingReaders, recordingReaders } from "../../../policies/access/recording-readers";
import { readerEntries, readerVerdicts, readsOf } from "../../../policies/access/recording-readers-matrix";
import { CONNECT_STORAGE_CONFIG, KMS_KEY } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { firstPreviewOf } from "../../support/first-preview";
import { urnOf } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const ROLE = "aws:iam/role:Role";
const USER = "aws:iam/user:User";
const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const GRANT = "aws:kms/grant:Grant";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab";
const OBJECTS = "arn:aws:s3:::acme-recordings/*";
const REVIEWER_ARN = "arn:aws:iam::111122223333:role/acme-reviewer";
const KEY_ADMIN = "arn:aws:iam::111122223333:role/key-admin";

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Deny", Action, Resource, ...extra });
const getAndDecrypt = doc(allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN));
const rootDelegation = { Sid: "EnableIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };

const key = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "recordings-key", type: KMS_KEY, props: { arn: KEY_ARN, ...props } });
const base = (encryption: Record<string, unknown> | undefined = { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, keyProps: Record<string, unknown> = {}): ExampleResource[] => [
    key(keyProps),
    { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } },
    ...(encryption ? [{ name: "recordings-encryption", type: SSE, props: { bucket: "acme-recordings", rules: [{ applyServerSideEncryptionByDefault: encryption }] } }] : []),
    {
        name: "call-recordings",
        type: CONNECT_STORAGE_CONFIG,
        props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" } } },
    },
];
const role = (name: string, props: Record<string, unknown> = {}): ExampleResource => ({ name, type: ROLE, props: { name: `acme-${name}`, assumeRolePolicy: "{}", ...props } });
const rolePolicy = (roleName: string, policy: unknown, name = `${roleName}-policy`): ExampleResource => ({ name, type: ROLE_POLICY, props: { role: `acme-${roleName}`, policy } });
const bucketPolicy = (policy: unknown): ExampleResource => ({ name: "recordings-policy", type: BUCKET_POLICY, props: { bucket: "acme-recordings", policy } });
const stack = (resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "violation", resources, config });

function graphOf(resources: ExampleResource[]): StackGraph {
    const urns = new Map(resources.map((r) => [r.name, urnOf(r.type, r.name)]));
    return new StackGraph(
        resources.map((r): GraphResource => ({
            urn: urnOf(r.type, r.name),
            type: r.type,
            name: r.name,
            props: r.props,
            dependencies: (r.dependsOn ?? []).map((n) => urns.get(n) as string),
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([p, names]) => [p, names.map((n) => urns.get(n) as string)])),
        })),
    );
}
const readers = (resources: ExampleResource[], config: Record<string, unknown> = {}) => recordingReaders(graphOf(resources), config);
const readerIds = (resources: ExampleResource[], config: Record<string, unknown> = {}) =>
    readers(resources, config).filter((r) => r.canGetObject === true && r.canDecrypt === true).map((r) => r.principal);

async function outcome(example: ControlExample) {
    const findings = await findingsOf(accessRecordingReaders, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(accessRecordingReaders);

describe("access-recording-readers", () => {
    describe("the readers matrix", () => {
        it("gives one row per bucket and principal with both permissions, the grants and the approval", () => {
            const rows = readers([...base(), role("reviewer"), rolePolicy("reviewer", getAndDecrypt)], { approvedReaders: ["acme-reviewer"] });
            expect(rows).toEqual([
                {
                    bucket: "recordings",
                    principal: "acme-reviewer",
                    canGetObject: true,
                    canDecrypt: true,
                    approved: true,
                    via: [
                        "RolePolicy 'reviewer-policy' statement 1 allows s3:GetObject",
                        "key 'recordings-key' has no key policy of its own (the AWS default policy delegates to IAM policies)",
                        "RolePolicy 'reviewer-policy' statement 2 allows kms:Decrypt on key 'recordings-key'",
                    ],
                },
            ]);
        });

        it("lists principals that can decrypt but not fetch, so auditors see half-readers too", () => {
            const rows = readers([...base(), role("keyuser"), rolePolicy("keyuser", doc(allow("kms:Decrypt", KEY_ARN)))]);
            expect(rows).toMatchObject([{ principal: "acme-keyuser", canGetObject: false, canDecrypt: true }]);
        });

        it("leaves out principals with neither permission", () => {
            expect(readers([...base(), role("uploader"), rolePolicy("uploader", doc(allow("s3:PutObject", OBJECTS)))])).toEqual([]);
        });

        it("reads an object-prefix grant as reading (part of) the recordings", () => {
            expect(readerIds([...base(), role("qa"), rolePolicy("qa", doc(allow("s3:GetObject", "arn:aws:s3:::acme-recordings/connect/*"), allow("kms:Decrypt", "*")))])).toEqual(["acme-qa"]);
        });

        it("does not read a grant on the bucket ARN alone (no objects) or on another bucket as reading", () => {
            const policy = doc(allow("s3:GetObject", ["arn:aws:s3:::acme-recordings", "arn:aws:s3:::acme-exports/*"]), allow("kms:Decrypt", "*"));
            expect(readerIds([...base(), role("exporter"), rolePolicy("exporter", policy)])).toEqual([]);
        });
    });

    describe("decrypting", () => {
        it("needs no key permission on a bucket with SSE-S3", () => {
            expect(readerIds([...base({ sseAlgorithm: "AES256" }), role("archiver"), rolePolicy("archiver", doc(allow("s3:GetObject", OBJECTS)))])).toEqual(["acme-archiver"]);
        });

        it("needs no key permission on a bucket with the AWS managed aws/s3 key", () => {
            expect(readerIds([...base({ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }), role("archiver"), rolePolicy("archiver", doc(allow("s3:GetObject", OBJECTS)))])).toEqual(["acme-archiver"]);
        });

        it("ignores an identity Decrypt when the key policy does not delegate to the account", () => {
            const keyPolicy = doc({ Effect: "Allow", Principal: { AWS: KEY_ADMIN }, Action: "kms:*", Resource: "*" });
            expect(readerIds([...base(undefined, { policy: keyPolicy }), role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual([KEY_ADMIN]);
        });

        it("counts a key administrator outside the stack whose kms:* includes Decrypt (its own IAM policies are assumed to allow GetObject)", () => {
            const keyPolicy = doc({ Effect: "Allow", Principal: { AWS: KEY_ADMIN }, Action: "kms:*", Resource: "*" });
            expect(readers([...base(undefined, { policy: keyPolicy })])).toMatchObject([
                { principal: KEY_ADMIN, canGetObject: true, canDecrypt: true, approved: false, via: [expect.stringMatching(/assumed to allow/), expect.stringMatching(/key policy of 'recordings-key' statement 1 allows kms:Decrypt/)] },
            ]);
        });

        it("lets the identity policy decide when the key policy delegates to the account root", () => {
            const resources = [...base(undefined, { policy: doc(rootDelegation) }), role("reviewer"), rolePolicy("reviewer", getAndDecrypt)];
            expect(readerIds(resources)).toEqual(["acme-reviewer"]);
        });

        it("ignores Decrypt on another key", () => {
            expect(readerIds([...base(), role("reviewer"), rolePolicy("reviewer", doc(allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", OTHER_KEY_ARN)))])).toEqual([]);
        });

        it("reads a KeyPolicy resource that names the role", () => {
            const keyPolicy = { name: "recordings-key-policy", type: KEY_POLICY, props: { keyId: KEY_ARN, policy: doc({ Effect: "Allow", Principal: { AWS: REVIEWER_ARN }, Action: "kms:Decrypt", Resource: "*" }) } };
            expect(readerIds([...base(), keyPolicy, role("reviewer"), rolePolicy("reviewer", doc(allow("s3:GetObject", OBJECTS)))])).toEqual(["acme-reviewer"]);
        });

        it("reads a KMS grant with Decrypt as decrypting", () => {
            const grant = { name: "reviewer-grant", type: GRANT, props: { keyId: KEY_ARN, granteePrincipal: REVIEWER_ARN, operations: ["Decrypt"] } };
            const keyPolicy = doc({ Effect: "Allow", Principal: { AWS: KEY_ADMIN }, Action: ["kms:Create*", "kms:Describe*", "kms:ScheduleKeyDeletion"], Resource: "*" });
            expect(readerIds([...base(undefined, { policy: keyPolicy }), grant, role("reviewer"), rolePolicy("reviewer", doc(allow("s3:GetObject", OBJECTS)))])).toEqual(["acme-reviewer"]);
        });

        it("reads a key-policy Allow to `*` narrowed by aws:PrincipalArn as naming only the matching principals", () => {
            const connectOnly = (pattern: string) =>
                doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": pattern }, StringEquals: { "kms:CallerAccount": "111122223333" } } });
            const reviewerFetches = [role("reviewer"), rolePolicy("reviewer", doc(allow("s3:GetObject", OBJECTS)))];
            const connectRole = "arn:aws:iam::111122223333:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect*";
            expect(readerIds([...base(undefined, { policy: connectOnly(connectRole) }), ...reviewerFetches])).toEqual([]);
            expect(readerIds([...base(undefined, { policy: connectOnly("arn:aws:iam::111122223333:role/acme-*") }), ...reviewerFetches])).toEqual(["acme-reviewer"]);
        });

        it("leaves a Deny for everyone except ARNs not known yet open", () => {
            const policy = bucketPolicy(doc(deny("s3:GetObject", OBJECTS, { Principal: "*", Condition: { StringNotLike: { "aws:PrincipalArn": UNKNOWN } } })));
            expect(readers([...base(), policy, role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toMatchObject([{ principal: "acme-reviewer", canGetObject: "unknown" }]);
        });

        it("honours an unconditional Deny of Decrypt in the key policy", () => {
            const keyPolicy = doc(rootDelegation, { Effect: "Deny", Principal: { AWS: REVIEWER_ARN }, Action: "kms:Decrypt", Resource: "*" });
            expect(readerIds([...base(undefined, { policy: keyPolicy }), role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual([]);
        });
    });

    describe("fetching", () => {
        it("honours an unconditional Deny in the bucket policy", () => {
            const policy = bucketPolicy(doc(deny("s3:GetObject", OBJECTS, { Principal: { AWS: REVIEWER_ARN } })));
            expect(readerIds([...base(), policy, role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual([]);
        });

        it("honours a Deny with NotPrincipal for everyone not listed", () => {
            const policy = bucketPolicy(doc(deny("s3:*", OBJECTS, { NotPrincipal: { AWS: REVIEWER_ARN } })));
            const resources = [...base(), policy, role("reviewer"), rolePolicy("reviewer", getAndDecrypt), role("admin"), rolePolicy("admin", doc(allow("*", "*")))];
            expect(readerIds(resources)).toEqual(["acme-reviewer"]);
        });

        it("does not count a Deny that applies only without TLS", () => {
            const policy = bucketPolicy(doc(deny("s3:*", OBJECTS, { Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } })));
            expect(readerIds([...base(), policy, role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual(["acme-reviewer"]);
        });

        it("does not count a Deny of only part of the objects", () => {
            const policy = bucketPolicy(doc(deny("s3:GetObject", "arn:aws:s3:::acme-recordings/Analysis/*", { Principal: "*" })));
            expect(readerIds([...base(), policy, role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual(["acme-reviewer"]);
        });

        it("honours an unconditional Deny in the role's own policies", () => {
            const resources = [...base(), role("reviewer"), rolePolicy("reviewer", getAndDecrypt), rolePolicy("reviewer", doc(deny("s3:GetObject", "*")), "reviewer-deny")];
            expect(readerIds(resources)).toEqual([]);
        });

        it("reads a bucket-policy Allow to the role as fetching", () => {
            const policy = bucketPolicy(doc(allow("s3:GetObject", OBJECTS, { Principal: { AWS: REVIEWER_ARN } })));
            expect(readerIds([...base(), policy, role("reviewer"), rolePolicy("reviewer", doc(allow("kms:Decrypt", KEY_ARN)))])).toEqual(["acme-reviewer"]);
        });
    });

    describe("identity policies", () => {
        it("reads a stack Policy attached with a RolePolicyAttachment", () => {
            const policy = { name: "read-recordings", type: POLICY, props: { arn: "arn:aws:iam::111122223333:policy/read-recordings", policy: getAndDecrypt } };
            const attachment = { name: "reviewer-read", type: ATTACHMENT, props: { role: "acme-reviewer", policyArn: "arn:aws:iam::111122223333:policy/read-recordings" } };
            expect(readerIds([...base(), policy, attachment, role("reviewer")])).toEqual(["acme-reviewer"]);
        });

        it("reads a PolicyAttachment that lists the role", () => {
            const policy = { name: "read-recordings", type: POLICY, props: { arn: "arn:aws:iam::111122223333:policy/read-recordings", policy: getAndDecrypt } };
            const attachment = { name: "readers", type: POLICY_ATTACHMENT, props: { roles: ["acme-reviewer"], policyArn: "arn:aws:iam::111122223333:policy/read-recordings" } };
            expect(readerIds([...base(), policy, attachment, role("reviewer"), role("other")])).toEqual(["acme-reviewer"]);
        });

        it("reads a role's inline policies and a user's UserPolicy", () => {
            const resources = [
                ...base(),
                role("reviewer", { inlinePolicies: [{ name: "read", policy: getAndDecrypt }] }),
                { name: "auditor", type: USER, props: { name: "jane" } },
                { name: "auditor-read", type: USER_POLICY, props: { user: "jane", policy: getAndDecrypt } },
            ];
            expect(readerIds(resources).sort()).toEqual(["acme-reviewer", "jane"]);
        });

        it("reads the broad AWS managed policies and ignores narrow ones", () => {
            const resources = [
                ...base(),
                role("power", { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] }),
                role("lambda", { managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"] }),
            ];
            expect(readerIds(resources)).toEqual(["acme-power"]);
        });
    });

    describe("AWS managed policies, from the pack's table", () => {
        const managed = (name: string, ...policies: string[]) => role(name, { managedPolicyArns: policies.map((p) => `arn:aws:iam::aws:policy/${p}`) });

        it.each(["AmazonS3ReadOnlyAccess", "ReadOnlyAccess", "AmazonS3FullAccess", "AdministratorAccess"])("reads %s as fetching every object of an SSE-S3 bucket", (policy) => {
            expect(readerIds([...base({ sseAlgorithm: "AES256" }), managed("analytics", policy)])).toEqual(["acme-analytics"]);
        });

        it.each(["job-function/ViewOnlyAccess", "AWSKeyManagementServicePowerUser", "AmazonKinesisReadOnlyAccess"])("reads %s as fetching no object", (policy) => {
            expect(readers([...base({ sseAlgorithm: "AES256" }), managed("analytics", policy)])).toEqual([]);
        });

        it("does not read ReadOnlyAccess as decrypting: under a customer key it needs kms:Decrypt from elsewhere", () => {
            expect(readers([...base(), managed("analytics", "ReadOnlyAccess", "AWSKeyManagementServicePowerUser")])).toMatchObject([{ principal: "acme-analytics", canGetObject: true, canDecrypt: false }]);
            const withDecrypt = [...base(undefined, { policy: doc(rootDelegation) }), managed("analytics", "ReadOnlyAccess"), rolePolicy("analytics", doc(allow("kms:Decrypt", KEY_ARN)))];
            expect(readerIds(withDecrypt)).toEqual(["acme-analytics"]);
        });

        it("names the AWS managed policy and its attachment in the grants", () => {
            const rows = readers([...base({ sseAlgorithm: "AES256" }), managed("analytics", "AmazonS3ReadOnlyAccess")]);
            expect(rows[0].via).toContain("AWS managed policy AmazonS3ReadOnlyAccess (attached by `managedPolicyArns` of role 'analytics') statement 1 allows s3:GetObject");
        });
    });

    describe("aws-native principals and resource policies", () => {
        const N = { ROLE: "aws-native:iam:Role", USER: "aws-native:iam:User", GROUP: "aws-native:iam:Group", ROLE_POLICY: "aws-native:iam:RolePolicy", MANAGED: "aws-native:iam:ManagedPolicy", BUCKET_POLICY: "aws-native:s3:BucketPolicy", KEY: "aws-native:kms:Key", ALIAS: "aws-native:kms:Alias" };
        const readAndDecrypt = { Statement: [allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN)] };
        const nativeKeyStack = (keyProps: Record<string, unknown>, kmsMasterKeyId: unknown = KEY_ARN) =>
            base({ sseAlgorithm: "aws:kms", kmsMasterKeyId }).map((r) => (r.type === KMS_KEY ? { ...r, type: N.KEY, props: { arn: KEY_ARN, ...keyProps } } : r));

        it("reads an aws-native Role's `policies` and names it by `roleName`", () => {
            const resources = [...base(), { name: "reviewer", type: N.ROLE, props: { roleName: "acme-reviewer", policies: [{ policyName: "read", policyDocument: readAndDecrypt }] } }];
            expect(readers(resources)).toMatchObject([{ principal: "acme-reviewer", canGetObject: true, canDecrypt: true, via: expect.arrayContaining(["inline policy 'read' of role 'reviewer' statement 1 allows s3:GetObject"]) }]);
        });

        it("reads an aws-native RolePolicy that names a classic role by `roleName`", () => {
            const resources = [...base(), role("reviewer"), { name: "reviewer-read", type: N.ROLE_POLICY, props: { roleName: "acme-reviewer", policyDocument: readAndDecrypt } }];
            expect(readerIds(resources)).toEqual(["acme-reviewer"]);
        });

        it("reads an aws-native ManagedPolicy attached to a classic role by a RolePolicyAttachment's policyArn", () => {
            const policyArn = "arn:aws:iam::111122223333:policy/recordings-read";
            const resources = [
                ...base(),
                role("reviewer"),
                { name: "recordings-read", type: N.MANAGED, props: { policyArn, policyDocument: readAndDecrypt } },
                { name: "attach", type: ATTACHMENT, props: { role: "acme-reviewer", policyArn } },
            ];
            expect(readers(resources)).toMatchObject([{ principal: "acme-reviewer", canGetObject: true, canDecrypt: true, via: expect.arrayContaining([expect.stringContaining("ManagedPolicy 'recordings-read' (attached by RolePolicyAttachment 'attach')")]) }]);
        });

        it("reads the policies of the groups an aws-native user names in `groups`", () => {
            const resources = [
                ...base(),
                { name: "operator", type: N.USER, props: { userName: "operator", groups: ["supervisors"] } },
                { name: "supervisors", type: N.GROUP, props: { groupName: "supervisors", policies: [{ policyName: "listen", policyDocument: readAndDecrypt }] } },
            ];
            expect(readers(resources)).toMatchObject([{ principal: "operator", canGetObject: true, canDecrypt: true, via: expect.arrayContaining([expect.stringContaining("of group 'supervisors' of user 'operator'")]) }]);
        });

        it.each([
            ["a UserGroupMembership", { name: "membership", type: "aws:iam/userGroupMembership:UserGroupMembership", props: { user: "jane", groups: ["supervisors"] } }],
            ["a GroupMembership", { name: "membership", type: "aws:iam/groupMembership:GroupMembership", props: { group: "supervisors", users: ["jane"] } }],
        ])("reads the policies of a classic user's groups, named by %s", (_title, membership) => {
            const resources = [
                ...base(),
                { name: "jane", type: USER, props: { name: "jane" } },
                { name: "supervisors", type: "aws:iam/group:Group", props: { name: "supervisors" } },
                { name: "listen", type: "aws:iam/groupPolicy:GroupPolicy", props: { group: "supervisors", policy: getAndDecrypt } },
                membership,
            ];
            expect(readers(resources)).toMatchObject([{ principal: "jane", canGetObject: true, canDecrypt: true, via: expect.arrayContaining([expect.stringContaining("GroupPolicy 'listen'")]) }]);
        });

        it("leaves a user's reads open while its membership names a group not known yet", () => {
            const resources = [
                ...base(),
                { name: "jane", type: USER, props: { name: "jane" } },
                { name: "membership", type: "aws:iam/userGroupMembership:UserGroupMembership", props: { user: "jane", groups: [UNKNOWN] } },
            ];
            expect(readers(resources)).toMatchObject([{ principal: "jane", canGetObject: "unknown", via: expect.arrayContaining(["UserGroupMembership 'membership': its `groups` is not known yet"]) }]);
        });

        it("reads an aws-native Key's `keyPolicy`: one that does not delegate to the account keeps an identity Decrypt out", () => {
            const keyPolicy = { Statement: [{ Effect: "Allow", Principal: { AWS: KEY_ADMIN }, Action: "kms:*", Resource: "*" }] };
            expect(readerIds([...nativeKeyStack({ keyPolicy }), role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual([KEY_ADMIN]);
        });

        it("finds the aws-native Key behind an aws-native Alias's `targetKeyId`", () => {
            const keyPolicy = { Statement: [{ Effect: "Allow", Principal: { AWS: KEY_ADMIN }, Action: "kms:*", Resource: "*" }] };
            const alias = { name: "recordings-alias", type: N.ALIAS, props: { aliasName: "alias/recordings", targetKeyId: KEY_ARN } };
            expect(readerIds([...nativeKeyStack({ keyPolicy }, "alias/recordings"), alias, role("reviewer"), rolePolicy("reviewer", getAndDecrypt)])).toEqual([KEY_ADMIN]);
        });

        it("honours a Deny for everyone in an aws-native BucketPolicy `policyDocument`", () => {
            const policyDocument = { Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: OBJECTS }] };
            const resources = [...base(), role("reviewer"), rolePolicy("reviewer", getAndDecrypt), { name: "deny-all", type: N.BUCKET_POLICY, props: { bucket: "acme-recordings", policyDocument } }];
            expect(readerIds(resources)).toEqual([]);
        });
    });

    describe("verdicts", () => {
        it("approves by ARN as well as by name", async () => {
            const resources = [...base(), role("reviewer", { arn: REVIEWER_ARN }), rolePolicy("reviewer", getAndDecrypt)];
            expect((await outcome(stack(resources, { approvedReaders: [REVIEWER_ARN] }))).findings).toEqual([]);
            expect((await outcome(stack(resources, { approvedReaders: ["reviewer"] }))).findings).toEqual([]);
        });

        it("blocks a bucket policy that lets anyone fetch from a bucket with SSE-S3", async () => {
            const policy = bucketPolicy(doc(allow("s3:GetObject", OBJECTS, { Principal: "*" })));
            const { blocking } = await outcome(stack([...base({ sseAlgorithm: "AES256" }), policy]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/anyone \(`\*`\) can read/);
        });

        it("lets Amazon Connect's own service-linked role read without approval, and lists it", async () => {
            const connectRole = "arn:aws:iam::111122223333:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_abc123";
            const keyPolicy = doc(allow("kms:*", "*", { Principal: { AWS: "arn:aws:iam::111122223333:root" } }), allow("kms:Decrypt", "*", { Principal: { AWS: connectRole } }));
            const bucketPolicyDoc = doc(allow("s3:GetObject", OBJECTS, { Principal: { AWS: connectRole } }));
            const resources = [...base(), bucketPolicy(bucketPolicyDoc), { name: "recordings-key-policy", type: "aws:kms/keyPolicy:KeyPolicy", props: { keyId: KEY_ARN, policy: keyPolicy } }];
            expect((await outcome(stack(resources))).blocking).toEqual([]);
            expect(readerIds(resources)).toContain(connectRole);
            const impostor = connectRole.replace("aws-service-role/connect.amazonaws.com/", "");
            expect((await outcome(stack([...base(), bucketPolicy(doc(allow("s3:GetObject", OBJECTS, { Principal: { AWS: impostor } })))], {}))).blocking.length).toBeGreaterThan(0);
        });

        it("says a statement open to everyone grants everyone, not the one role it lets read", async () => {
            const policy = bucketPolicy(doc(allow("s3:GetObject", "arn:aws:s3:::*/*", { Principal: "*" })));
            const { blocking } = await outcome(stack([...base(), role("reviewer", { arn: REVIEWER_ARN }), rolePolicy("reviewer", doc(allow("kms:Decrypt", KEY_ARN))), policy]));
            const reviewer = blocking.find((f) => f.message.includes(REVIEWER_ARN));
            expect(reviewer?.message).toMatch(/allows s3:GetObject to anyone \(`Principal: "\*"`\), arn:aws:iam::111122223333:role\/\S+ included/);
        });

        it("defers a policy attached from outside the stack, saying why", async () => {
            const attachment = { name: "reviewer-read", type: ATTACHMENT, props: { role: "acme-reviewer", policyArn: "arn:aws:iam::111122223333:policy/central-read" } };
            const { blocking, findings } = await outcome(stack([...base(), role("reviewer"), attachment, rolePolicy("reviewer", doc(allow("kms:Decrypt", KEY_ARN)))]));
            expect(blocking).toEqual([]);
            expect(findings[0].message).toMatch(/central-read, a policy defined outside this stack/);
        });

        it("defers a bucket-policy grantee that is an output from no resource of the stack", async () => {
            const policy = bucketPolicy(doc(allow("s3:GetObject", OBJECTS, { Principal: { AWS: UNKNOWN } })));
            const { blocking, deferred } = await outcome(stack([...base({ sseAlgorithm: "AES256" }), policy]));
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/a principal of 'recordings-policy' not known yet/);
        });

        it("blocks a reader even while another part of the stack is unknown", async () => {
            const resources = [...base(), role("reviewer"), rolePolicy("reviewer", getAndDecrypt), role("other"), rolePolicy("other", UNKNOWN)];
            const { blocking, deferred } = await outcome(stack(resources));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/role 'reviewer' \(acme-reviewer\) can read/);
            expect(deferred[0].message).toMatch(/whether role 'other' \(acme-other\), whose own IAM policies are all not known yet, can read it is not known yet/);
            expect(deferred[0].message).toContain("RolePolicy 'other-policy': its `policy` is not known yet");
        });

        it("decides at the first preview a reader the bucket and key policies name, whose own policies are not known yet", async () => {
            const reviewer = { AWS: REVIEWER_ARN };
            const resources = [
                ...base(undefined, { policy: doc(allow("kms:Decrypt", "*", { Principal: reviewer })) }),
                role("reviewer"),
                rolePolicy("reviewer", UNKNOWN),
                { name: "outside", type: ATTACHMENT, props: { role: "acme-reviewer", policyArn: "arn:aws:iam::111122223333:policy/team-guardrails" } },
                bucketPolicy(doc(allow("s3:GetObject", OBJECTS, { Principal: reviewer }))),
            ];
            expect(readers(resources)).toMatchObject([{ principal: "acme-reviewer", canGetObject: true, canDecrypt: true }]);
            const { blocking, deferred } = await outcome(stack(resources));
            expect(deferred).toEqual([]);
            expect(blocking).toEqual([expect.objectContaining({ message: expect.stringContaining("role 'reviewer' (acme-reviewer) can read (fetch and decrypt), but it is not in approvedReaders") })]);
        });

        it("still honours a Deny written in a known identity policy next to such a grant", () => {
            const resources = [
                ...base(undefined, { policy: doc(allow("kms:Decrypt", "*", { Principal: { AWS: REVIEWER_ARN } })) }),
                role("reviewer"),
                rolePolicy("reviewer", UNKNOWN),
                rolePolicy("reviewer", doc(deny("s3:GetObject", "*")), "guardrail"),
                bucketPolicy(doc(allow("s3:GetObject", OBJECTS, { Principal: { AWS: REVIEWER_ARN } }))),
            ];
            expect(readers(resources)).toMatchObject([{ principal: "acme-reviewer", canGetObject: false, canDecrypt: true }]);
        });

        it("defers when the bucket's default encryption key is not known yet", async () => {
            const resources = [...base({ sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }), role("reviewer"), rolePolicy("reviewer", doc(allow("s3:GetObject", OBJECTS)))];
            const { blocking, deferred } = await outcome(stack(resources));
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/the KMS key of 'recordings-encryption'/);
        });
    });

    describe("odd input never throws", () => {
        it.each([
            ["a policy that is not JSON", "{"],
            ["a policy that is a number", 42],
            ["a statement list of nulls", { Statement: [null, 1] }],
            ["Action and Resource as numbers", doc({ Effect: "Allow", Action: 1, Resource: 2 })],
        ])("handles %s", async (_title, policy) => {
            await outcome(stack([...base(), role("reviewer"), rolePolicy("reviewer", policy), bucketPolicy(policy)]));
        });

        it("never throws, whatever the documents, principals and config", () => {
            const statement = fc.record({
                Effect: fc.oneof(fc.constant("Allow"), fc.constant("Deny"), fc.constant(UNKNOWN), fc.anything()),
                Action: fc.oneof(fc.constant("s3:GetObject"), fc.constant("*"), fc.constant(UNKNOWN), fc.anything()),
                Resource: fc.oneof(fc.constant(OBJECTS), fc.constant("*"), fc.constant(UNKNOWN), fc.anything()),
                Principal: fc.oneof(fc.constant("*"), fc.constant({ AWS: REVIEWER_ARN }), fc.constant({ AWS: UNKNOWN }), fc.anything()),
                Condition: fc.oneof(fc.constant({ StringNotLike: { "aws:PrincipalArn": REVIEWER_ARN } }), fc.anything()),
            });
            const document = fc.oneof(fc.array(statement).map((s) => ({ Statement: s })), fc.array(statement).map((s) => JSON.stringify({ Statement: s })), fc.anything());
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant(KEY_ARN), fc.constant("acme-reviewer"), fc.anything());
            fc.assert(
                fc.property(document, document, document, value, value, (identity, bucketDoc, keyDoc, keyId, config) => {
                    const resources = [
                        ...base({ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyId }, { policy: keyDoc }),
                        role("reviewer", { inlinePolicies: [{ policy: identity }], managedPolicyArns: keyId }),
                        rolePolicy("reviewer", identity),
                        bucketPolicy(bucketDoc),
                        { name: "grant", type: GRANT, props: { keyId, granteePrincipal: keyId, operations: config } },
                    ];
                    const noop = () => undefined;
                    const settings = { approvedReaders: config as string[], contactDataBuckets: config as string[] };
                    expect(() => accessRecordingReaders.check(graphOf(resources), settings, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("the readers matrix judges only principals that may reach a bucket", () => {
    const BUCKETS = ["acme-recordings", "acme-transcripts"];
    const KEYS = [KEY_ARN, OTHER_KEY_ARN];
    const ROLES = ["reviewer", "analyst", "auditor", "stranger"];
    const roleArn = (name: string) => `arn:aws:iam::111122223333:role/acme-${name}`;
    const pattern = fc.oneof(
        fc.constantFrom(...BUCKETS).map((b) => `arn:aws:s3:::${b}/*`),
        fc.constantFrom(...BUCKETS).map((b) => `arn:aws:s3:::${b}`),
        fc.constantFrom(...KEYS),
        fc.constantFrom("*", "arn:aws:s3:::*", "arn:aws:s3:::acme-*/*", "arn:*:s3:::acme-recordings/*", "arn:aws:kms:*:*:key/*", "arn:aws:*", "arn:aws:dynamodb:*:*:table/*"),
        fc.constantFrom("arn:aws:kms:eu-central-1:111122223333:alias/recordings", `${UNKNOWN}/*`, UNKNOWN),
    );
    const principal = fc.oneof(
        fc.constant("*"),
        fc.constantFrom(...ROLES).map((r) => ({ AWS: roleArn(r) })),
        // The ARN an auto-named role gets: its resource name and a random suffix.
        fc.constantFrom(...ROLES).map((r) => ({ AWS: `arn:aws:iam::111122223333:role/${r}-1a2b3c` })),
        fc.constant({ AWS: "arn:aws:iam::111122223333:root" }),
        fc.constant({ AWS: UNKNOWN }),
    );
    const statement = fc.record(
        {
            Effect: fc.constantFrom("Allow", "Deny", UNKNOWN),
            Action: fc.constantFrom("s3:GetObject", "kms:Decrypt", "s3:Get*", "kms:*", "*", "s3:PutObject", UNKNOWN),
            Resource: fc.oneof(pattern, fc.array(pattern, { maxLength: 3 })),
            NotResource: pattern,
            Principal: principal,
            Condition: fc.constantFrom(
                { ArnLike: { "aws:PrincipalArn": roleArn("rev*") } },
                { StringEquals: { "aws:PrincipalArn": [roleArn("auditor")] } },
                { StringNotLike: { "aws:PrincipalArn": roleArn("reviewer") } },
            ),
        },
        { requiredKeys: ["Effect", "Action"] },
    );
    const document = fc.array(statement, { maxLength: 3 }).map((Statement) => doc(...Statement));
    const stackOf = fc.record({
        identities: fc.array(fc.tuple(fc.constantFrom(...ROLES), document), { maxLength: 5 }),
        named: fc.array(fc.boolean(), { minLength: ROLES.length, maxLength: ROLES.length }),
        bucketDocs: fc.array(fc.option(document), { minLength: 2, maxLength: 2 }),
        keyDocs: fc.array(fc.option(document), { minLength: 2, maxLength: 2 }),
        keyOfBucket: fc.array(fc.constantFrom(0, 1, UNKNOWN), { minLength: 2, maxLength: 2 }),
        grantee: fc.option(fc.constantFrom(...ROLES.map(roleArn), UNKNOWN)),
        dependsOnFirstBucket: fc.boolean(),
    });

    type GeneratedStack = typeof stackOf extends fc.Arbitrary<infer T> ? T : never;

    function graphOfGenerated(s: GeneratedStack): StackGraph {
        const resources: ExampleResource[] = [];
        KEYS.forEach((arn, k) => resources.push({ name: `key-${k}`, type: KMS_KEY, props: { arn, ...(s.keyDocs[k] ? { policy: s.keyDocs[k] } : {}) } }));
        BUCKETS.forEach((bucket, b) => {
            const keyId = s.keyOfBucket[b] === UNKNOWN ? UNKNOWN : KEYS[s.keyOfBucket[b] as number];
            resources.push(
                { name: `bucket-${b}`, type: BUCKET, props: { bucket, arn: `arn:aws:s3:::${bucket}` } },
                { name: `sse-${b}`, type: SSE, props: { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyId } }] } },
                { name: `storage-${b}`, type: CONNECT_STORAGE_CONFIG, props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: bucket, bucketPrefix: "c" } } } },
            );
            const bucketDoc = s.bucketDocs[b];
            if (bucketDoc) resources.push({ name: `bucket-policy-${b}`, type: BUCKET_POLICY, props: { bucket, policy: bucketDoc } });
        });
        ROLES.forEach((name, r) => resources.push(role(name, s.named[r] ? { arn: roleArn(name) } : { name: undefined })));
        s.identities.forEach(([name, policy], i) => {
            const attached = rolePolicy(name, policy, `policy-${i}`);
            if (s.dependsOnFirstBucket) attached.propertyDependencies = { policy: ["bucket-0"] };
            resources.push(attached);
        });
        if (s.grantee) resources.push({ name: "grant", type: GRANT, props: { keyId: KEY_ARN, granteePrincipal: s.grantee, operations: ["Decrypt"] } });
        return graphOf(resources);
    }

    it("gives the same matrix as judging every principal against every bucket", () => {
        fc.assert(
            fc.property(stackOf, (s) => {
                const graph = graphOfGenerated(s);
                expect(recordingReaders(graph, {}, {})).toEqual(recordingReaders(graph, {}, { judgeEveryPrincipal: true }));
            }),
            { numRuns: Number(process.env["READERS_RUNS"] ?? 1500) },
        );
    });

    it("gives the same matrix when each statement's scope is worked out anew for every principal", () => {
        fc.assert(
            fc.property(stackOf, (s) => {
                const graph = graphOfGenerated(s);
                const everyPair = { judgeEveryPrincipal: true };
                expect(recordingReaders(graph, {}, everyPair)).toEqual(recordingReaders(graph, {}, { ...everyPair, recomputeScopes: true }));
            }),
            { numRuns: Number(process.env["READERS_RUNS"] ?? 1500) },
        );
    });
});

describe("deferred notes stay bounded as the stack grows", () => {
    it("judges the roles whose own policies are all unknown as one class per bucket: one note naming three and counting the rest", async () => {
        const unknownRoles = Array.from({ length: 8 }, (_, index) => [role(`app-${index}`), rolePolicy(`app-${index}`, UNKNOWN)]).flat();
        const { deferred, blocking } = await outcome(stack([...base(), ...unknownRoles]));
        expect(blocking).toEqual([]);
        expect(deferred).toHaveLength(1);
        expect(deferred[0].message).toContain(
            "whether role 'app-0' (acme-app-0), role 'app-1' (acme-app-1), role 'app-2' (acme-app-2) and 5 more principals, whose own IAM policies are all not known yet, can read it is not known yet",
        );
        expect(deferred[0].message.match(/whether/g)).toHaveLength(1);
        expect(deferred[0].message).toMatch(/Checked again during the update, when the value is known\.$/);
    });

    it("leaves approved readers out of the class note, and names a class member the bucket policy singles out on its own", async () => {
        const unknownRoles = Array.from({ length: 5 }, (_, index) => [role(`app-${index}`), rolePolicy(`app-${index}`, UNKNOWN)]).flat();
        const singling = bucketPolicy(doc(deny("s3:GetObject", OBJECTS, { Principal: { AWS: "arn:aws:iam::111122223333:role/acme-app-4" } })));
        const { deferred } = await outcome(stack([...base(), ...unknownRoles, singling], { approvedReaders: ["acme-app-0"] }));
        expect(deferred).toHaveLength(1);
        expect(deferred[0].message).toContain("whether role 'app-1' (acme-app-1), role 'app-2' (acme-app-2), role 'app-3' (acme-app-3), whose own IAM policies");
        expect(deferred[0].message).not.toContain("app-4");
    });

    it("judges alone a class member that a Deny's NotPrincipal excepts, and drops the class the Deny takes away", async () => {
        const unknownRoles = ["a", "b", "c"].flatMap((name) => [role(name), rolePolicy(name, UNKNOWN)]);
        const denyOthers = bucketPolicy(doc({ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111122223333:role/acme-b" }, Action: "s3:GetObject", Resource: OBJECTS }));
        const { deferred } = await outcome(stack([...base({ sseAlgorithm: "AES256" }), ...unknownRoles, denyOthers]));
        expect(deferred).toHaveLength(1);
        expect(deferred[0].message).toContain("whether role 'b' (acme-b) can read it is not known yet");
        expect(deferred[0].message).not.toMatch(/role 'a'|role 'c'/);
    });

    it("quotes five notes per bucket and counts the rest when principals are judged alone", async () => {
        const partlyKnown = Array.from({ length: 8 }, (_, index) => [role(`app-${index}`), rolePolicy(`app-${index}`, doc({ Effect: UNKNOWN, Action: "s3:GetObject", Resource: OBJECTS }))]).flat();
        const { deferred, blocking } = await outcome(stack([...base({ sseAlgorithm: "AES256" }), ...partlyKnown]));
        expect(blocking).toEqual([]);
        expect(deferred).toHaveLength(1);
        expect(deferred[0].message.match(/whether/g)).toHaveLength(5);
        expect(deferred[0].message).toContain("And 3 more checks of this resource that depend on values not known yet.");
    });
});

describe("judging principals whose own policies are unknown as one class per bucket", () => {
    const ROLES = ["a", "b", "c", "d", "e"];
    const arnOf = (name: string) => `arn:aws:iam::111122223333:role/acme-${name}`;
    const principal = fc.oneof(fc.constant("*"), fc.constantFrom(...ROLES).map((r) => ({ AWS: arnOf(r) })), fc.constant({ AWS: "arn:aws:iam::111122223333:root" }), fc.constant({ AWS: UNKNOWN }));
    const statement = fc.record(
        {
            Effect: fc.constantFrom("Allow", "Deny", UNKNOWN),
            Action: fc.constantFrom("s3:GetObject", "kms:Decrypt", "s3:Get*", "kms:*", "*"),
            Resource: fc.constantFrom(OBJECTS, "*", KEY_ARN, UNKNOWN),
            Principal: principal,
            NotPrincipal: principal,
            Condition: fc.constantFrom(
                { ArnLike: { "aws:PrincipalArn": arnOf("a*") } },
                { StringNotLike: { "aws:PrincipalArn": arnOf("b") } },
                { StringNotLike: { "aws:PrincipalArn": UNKNOWN } },
                { Bool: { "aws:SecureTransport": "false" } },
            ),
        },
        { requiredKeys: ["Effect", "Action", "Resource"] },
    );
    const document = fc.oneof(fc.array(statement, { maxLength: 3 }).map((Statement) => doc(...Statement)), fc.constant(UNKNOWN));
    const stackOf = fc.record({
        bucketDoc: fc.option(document),
        keyDoc: fc.option(document),
        sse: fc.constantFrom("aws:kms", "AES256", UNKNOWN),
        named: fc.array(fc.boolean(), { minLength: ROLES.length, maxLength: ROLES.length }),
        // Mostly unknown, as on a first preview, so that the class has members to get wrong.
        known: fc.array(fc.constantFrom(null, null, null, getAndDecrypt, doc(deny("*", "*"))), { minLength: ROLES.length, maxLength: ROLES.length }),
        grantee: fc.option(fc.constantFrom(...ROLES.map(arnOf), UNKNOWN)),
        approved: fc.subarray(["acme-a", "acme-c", "d", "e-1a2b"]),
    });

    function resourcesOf(s: typeof stackOf extends fc.Arbitrary<infer T> ? T : never): ExampleResource[] {
        const resources = [...base({ sseAlgorithm: s.sse, kmsMasterKeyId: KEY_ARN }, s.keyDoc ? { policy: s.keyDoc } : {})];
        if (s.bucketDoc) resources.push(bucketPolicy(s.bucketDoc));
        ROLES.forEach((name, r) => {
            resources.push(role(name, s.named[r] ? {} : { name: undefined }));
            const policy = s.known[r];
            resources.push(rolePolicy(name, policy ?? UNKNOWN));
            if (!s.named[r]) resources[resources.length - 1].props["role"] = UNKNOWN;
            if (!s.named[r]) resources[resources.length - 1].propertyDependencies = { role: [name] };
        });
        if (s.grantee) resources.push({ name: "grant", type: GRANT, props: { keyId: KEY_ARN, granteePrincipal: s.grantee, operations: ["Decrypt"] } });
        return resources;
    }

    it("gives every principal the verdict judging it alone gives", () => {
        fc.assert(
            fc.property(stackOf, (s) => {
                const graph = graphOf(resourcesOf(s));
                const config = { approvedReaders: s.approved };
                const alone = { violations: new Set<string>(), undecided: new Set<string>() };
                for (const { row } of readerEntries(graph, config)) {
                    const reads = readsOf(row);
                    if (reads === false || row.approved === true) continue;
                    (reads === true && row.approved === false ? alone.violations : alone.undecided).add(row.principal);
                }
                const grouped = { violations: new Set<string>(), undecided: new Set<string>() };
                for (const verdict of readerVerdicts(graph, config)) {
                    if (!("row" in verdict)) {
                        const unapproved = verdict.members();
                        expect(verdict.labels.length + verdict.more).toBe(unapproved.length);
                        for (const id of unapproved) grouped.undecided.add(id);
                        continue;
                    }
                    const reads = readsOf(verdict.row);
                    if (reads === false || verdict.row.approved === true) continue;
                    (reads === true && verdict.row.approved === false ? grouped.violations : grouped.undecided).add(verdict.row.principal);
                }
                expect(grouped.violations).toEqual(alone.violations);
                expect(grouped.undecided).toEqual(alone.undecided);
            }),
            { numRuns: Number(process.env["READERS_RUNS"] ?? 1500) },
        );
    });
});

describe("accessRecordingReaders in a first preview and on arbitrary stacks", () => {
    it.each(accessRecordingReaders.examples.filter((e) => e.verdict === "compliant").map((e) => [e.title, e] as const))(
        "does not block the first-preview form of the compliant example: %s",
        async (_title, example) => {
            const findings = await findingsOf(accessRecordingReaders, firstPreviewOf(example));
            expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        },
    );

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(accessRecordingReaders), async (example) => {
                const findings = await findingsOf(accessRecordingReaders, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
