/**
 * Only approved principals can read recordings.
 *
 * A recording is readable by whoever can fetch the object (s3:GetObject, from an identity policy or
 * the bucket policy) and decrypt it (kms:Decrypt with the bucket's customer key, from the key
 * policy, or from an identity policy when the key policy delegates to the account). Both halves
 * are usually written by different people in different files, so nobody sees the sum: a broad
 * analytics role with `s3:Get*` on `*` plus a key policy that trusts the account is a reader of
 * every call. PCI DSS 7.2.6 and ISO A.5.18 ask for exactly this list to be known and approved;
 * auditors get it as a matrix (`recordingReaders`), and this control blocks readers nobody approved.
 */
import { stackControl, type ControlExample, type ExampleResource } from "../control";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { ANY_S3_BUCKET, CONNECT_STORAGE_CONFIG, KMS_KEY, NATIVE } from "../lib/resource-types";
import { UNKNOWN } from "../lib/unknown";
import { BUCKET_POLICY, IAM_ROLE, IAM_ROLE_POLICY, IAM_ROLE_POLICY_ATTACHMENT, readerVerdicts, readsOf } from "./recording-readers-matrix";

export { recordingReaders, type ReaderRow } from "./recording-readers-matrix";

interface Config {
    approvedReaders: string[];
    contactDataBuckets: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OBJECTS = "arn:aws:s3:::acme-recordings/*";
/** How many grants a message quotes; the matrix has them all. */
const MAX_VIA = 4;
const quoted = (via: string[]) => via.slice(0, MAX_VIA).join("; ") + (via.length > MAX_VIA ? `; and ${via.length - MAX_VIA} more` : "");

const documentOf = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

/**
 * The recordings bucket, its key and the Connect storage config writing to it; `UNKNOWN` ids model a
 * first preview. `nativeKey` makes the key an aws-native `Key` (its policy in `keyPolicy`).
 */
function recordingStack(keyArn: unknown = KEY_ARN, bucketName: unknown = "acme-recordings", keyPolicy?: unknown, nativeKey = false): ExampleResource[] {
    const preview = keyArn === UNKNOWN;
    const encryption = { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn };
    const policyProperty = nativeKey ? "keyPolicy" : "policy";
    return [
        {
            name: "recordings-key",
            type: nativeKey ? NATIVE.KMS_KEY : KMS_KEY,
            props: { ...(preview ? {} : { arn: keyArn }), enableKeyRotation: true, ...(keyPolicy ? { [policyProperty]: keyPolicy } : {}) },
        },
        { name: "recordings", type: BUCKET, props: bucketName === UNKNOWN ? {} : { bucket: bucketName } },
        {
            name: "recordings-encryption",
            type: SSE,
            props: { bucket: bucketName, rules: [{ applyServerSideEncryptionByDefault: encryption, bucketKeyEnabled: true }] },
            propertyDependencies: { bucket: ["recordings"], rules: ["recordings-key"] },
        },
        {
            name: "call-recordings",
            type: CONNECT_STORAGE_CONFIG,
            props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix: "connect/acme" } } },
            propertyDependencies: { storageConfig: ["recordings"] },
        },
    ];
}

/** A role `acme-<name>` with one RolePolicy `<name>-read`. */
const role = (name: string, policy?: unknown, policyDependencies?: string[]): ExampleResource[] => [
    { name, type: IAM_ROLE, props: { name: `acme-${name}`, assumeRolePolicy: "{}" } },
    ...(policy === undefined
        ? []
        : [{ name: `${name}-read`, type: IAM_ROLE_POLICY, props: { role: `acme-${name}`, policy }, propertyDependencies: policyDependencies && { policy: policyDependencies } }]),
];
const reviewer = role("reviewer", documentOf(allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN)));
const bucketPolicy = (...statements: unknown[]): ExampleResource => ({
    name: "recordings-policy",
    type: BUCKET_POLICY,
    props: { bucket: "acme-recordings", policy: documentOf(...statements) },
});
const VENDOR = "arn:aws:iam::444455556666:role/vendor-qa";
const REVIEWER = "arn:aws:iam::111122223333:role/acme-reviewer";

/** The same in aws-native: the Key, the Bucket with its `bucketEncryption`, the InstanceStorageConfig's `s3Config`. */
function nativeRecordingStack(keyPolicy: unknown): ExampleResource[] {
    const byDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN };
    return [
        { name: "recordings-key", type: NATIVE.KMS_KEY, props: { arn: KEY_ARN, enableKeyRotation: true, keyPolicy } },
        {
            name: "recordings",
            type: NATIVE.S3_BUCKET,
            props: { bucketName: "acme-recordings", bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: byDefault, bucketKeyEnabled: true }] } },
        },
        {
            name: "call-recordings",
            type: NATIVE.CONNECT_STORAGE_CONFIG,
            props: { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/acme", resourceType: "CALL_RECORDINGS", storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" } },
        },
    ];
}
/** An aws-native Role `acme-<name>` whose one inline policy (an object) is `statements`. */
const nativeRole = (name: string, ...statements: unknown[]): ExampleResource => ({
    name,
    type: NATIVE.IAM_ROLE,
    props: { roleName: `acme-${name}`, assumeRolePolicyDocument: {}, policies: [{ policyName: "read", policyDocument: { Version: "2012-10-17", Statement: statements } }] },
});
const example = (title: string, verdict: ControlExample["verdict"], resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({
    title,
    verdict,
    resources,
    config,
});

export const accessRecordingReaders = stackControl<Config>({
    name: "access-recording-readers",
    title: "Only approved principals can read recordings",
    area: "access",
    description:
        "For every contact data bucket, works out which principals can both `s3:GetObject` its objects and `kms:Decrypt` with " +
        "the KMS key of its default encryption, from identity policies of either provider (role inline policies, RolePolicy / " +
        "UserPolicy, attached Policy resources; aws-native Role / User `policies`, RolePolicy / UserPolicy / GroupPolicy, ManagedPolicy " +
        "`roles` / `users` / `groups`; `managedPolicyArns`; the policies of a user's groups, named by an aws-native User's `groups` or a " +
        "classic UserGroupMembership / GroupMembership; and the well-known AWS managed policies), the bucket " +
        "policy (`BucketPolicy`, aws-native `BucketPolicy` `policyDocument`), the key policy (aws-native `Key` `keyPolicy`; or the AWS default key policy, " +
        "which delegates to IAM) and KMS grants. Principals are the stack's IAM roles and users and every principal ARN the bucket " +
        "or key policy names. Every reader must be listed in `approvedReaders`. Unconditional Denies, and Denies for everyone " +
        "except listed `aws:PrincipalArn`s, remove readers. On Allows only `aws:PrincipalArn` conditions count (they say who); " +
        "other conditions are ignored. At a preview, a principal the bucket and key policies name is a reader even while its own " +
        "IAM policies are not known yet (they could take the access away only by an explicit Deny); principals whose own policies " +
        "are all not known yet, and whom no bucket or key policy singles out, are judged together, one note per bucket. The same " +
        "matrix is exported for reports.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 32(1)(b)"], pciDss: ["7.2.6", "10.2.1.1"], iso27001: ["A.5.18", "A.8.3"] },
    remediation: [
        "Remove `s3:GetObject` on the recordings bucket, or `kms:Decrypt` on its key, from principals that have no need to hear recordings.",
        'Scope broad grants (`s3:Get*` on `*`, `AmazonS3ReadOnlyAccess`) away from the recordings bucket, or add a bucket-policy Deny for everyone except the approved roles (`StringNotLike` on `aws:PrincipalArn`).',
        "List each principal that must read recordings (by role/user name or ARN) in this policy's `approvedReaders`, with the reason in your access records.",
    ],
    parameters: {
        approvedReaders: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Principals allowed to read recordings: IAM role or user names (Pulumi resource name or IAM name) or ARNs; `*` would approve anyone.",
        },
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        example("an approved reviewer role with GetObject and Decrypt", "compliant", [...recordingStack(), ...reviewer], { approvedReaders: ["acme-reviewer"] }),
        example("a role that can fetch recordings but not decrypt them", "compliant", [...recordingStack(), ...role("archiver", documentOf(allow("s3:GetObject", OBJECTS)))]),
        example(
            "a bucket policy that denies everyone except the approved reviewer, next to an admin role",
            "compliant",
            [
                ...recordingStack(),
                ...reviewer,
                ...role("admin", documentOf(allow("*", "*"))),
                bucketPolicy({
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: OBJECTS,
                    Condition: { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/acme-reviewer" } },
                }),
            ],
            { approvedReaders: ["acme-reviewer"] },
        ),
        example(
            "first preview: the key ARN is unknown but the only possible reader is approved",
            "compliant",
            [...recordingStack(UNKNOWN), ...role("reviewer", documentOf(allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", UNKNOWN)), ["recordings-key"])],
            { approvedReaders: ["reviewer"] },
        ),
        example("a reviewer role that nobody approved", "violation", [...recordingStack(), ...reviewer]),
        example("an analytics role with AmazonS3ReadOnlyAccess and kms:Decrypt on every key", "violation", [
            ...recordingStack(),
            ...role("analytics", documentOf(allow("kms:Decrypt", "*"))),
            { name: "analytics-s3", type: IAM_ROLE_POLICY_ATTACHMENT, props: { role: "acme-analytics", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" } },
        ]),
        example("a role of another account granted GetObject by the bucket policy and Decrypt by the key policy", "violation", [
            ...recordingStack(KEY_ARN, "acme-recordings", documentOf(allow(["kms:Decrypt", "kms:DescribeKey"], "*", { Principal: { AWS: ["arn:aws:iam::111122223333:root", VENDOR] } }))),
            bucketPolicy(allow("s3:GetObject", OBJECTS, { Principal: { AWS: VENDOR } })),
        ]),
        example("first preview: an administrator role is a reader although every ARN is unknown", "violation", [
            ...recordingStack(UNKNOWN, UNKNOWN),
            { name: "admin", type: IAM_ROLE, props: { assumeRolePolicy: "{}", managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
        ]),
        example(
            "aws-native: an approved reviewer Role whose inline policy reads a classic recordings bucket",
            "compliant",
            [...recordingStack(), nativeRole("reviewer", allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN))],
            { approvedReaders: ["acme-reviewer"] },
        ),
        example("aws-native: an unapproved Role whose inline policy reads a classic recordings bucket", "violation", [
            ...recordingStack(),
            nativeRole("analytics", allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN)),
        ]),
        example("mixed providers: a classic role that an aws-native ManagedPolicy lets read the recordings", "violation", [
            ...recordingStack(),
            ...role("analytics"),
            { name: "analytics-read", type: NATIVE.IAM_MANAGED_POLICY, props: { roles: ["acme-analytics"], policyDocument: { Statement: [allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN)] } } },
        ]),
        example("mixed providers: an aws-native BucketPolicy and an aws-native Key's keyPolicy let another account's role read", "violation", [
            ...recordingStack(KEY_ARN, "acme-recordings", { Statement: [allow("kms:Decrypt", "*", { Principal: { AWS: VENDOR } })] }, true),
            { name: "recordings-policy", type: NATIVE.S3_BUCKET_POLICY, props: { bucket: "acme-recordings", policyDocument: { Statement: [allow("s3:GetObject", OBJECTS, { Principal: { AWS: VENDOR } })] } } },
        ]),
        example("aws-native first preview: an unapproved Role's RolePolicy policyDocument is built from outputs not known yet", "deferred", [
            ...recordingStack(),
            { name: "auditor", type: NATIVE.IAM_ROLE, props: { roleName: "acme-auditor", assumeRolePolicyDocument: {} } },
            { name: "auditor-read", type: NATIVE.IAM_ROLE_POLICY, props: { roleName: "acme-auditor", policyDocument: UNKNOWN }, propertyDependencies: { policyDocument: ["recordings"] } },
        ]),
        example(
            "first preview: a role the bucket and key policies name literally reads, although its own policy is not known yet",
            "violation",
            [
                ...recordingStack(KEY_ARN, "acme-recordings", documentOf(allow("kms:Decrypt", "*", { Principal: { AWS: "arn:aws:iam::111122223333:role/acme-reviewer" } }))),
                ...role("reviewer", UNKNOWN, ["recordings"]),
                bucketPolicy(allow("s3:GetObject", OBJECTS, { Principal: { AWS: "arn:aws:iam::111122223333:role/acme-reviewer" } })),
            ],
        ),
        example(
            "aws-native throughout: a Key whose keyPolicy names only the approved reviewer keeps an analytics Role's identity Decrypt out",
            "compliant",
            [
                ...nativeRecordingStack({ Statement: [allow("kms:*", "*", { Principal: { AWS: REVIEWER } })] }),
                nativeRole("analytics", allow("s3:GetObject", OBJECTS), allow("kms:Decrypt", KEY_ARN)),
            ],
            { approvedReaders: [REVIEWER] },
        ),
        example("aws-native throughout: a Role the BucketPolicy and the Key's keyPolicy name reads, although its own policies are not known yet", "violation", [
            ...nativeRecordingStack({ Statement: [allow("kms:Decrypt", "*", { Principal: { AWS: REVIEWER } })] }),
            { name: "reviewer", type: NATIVE.IAM_ROLE, props: { roleName: "acme-reviewer", assumeRolePolicyDocument: {}, policies: UNKNOWN } },
            { name: "recordings-policy", type: NATIVE.S3_BUCKET_POLICY, props: { bucket: "acme-recordings", policyDocument: { Statement: [allow("s3:GetObject", OBJECTS, { Principal: { AWS: REVIEWER } })] } } },
        ]),
        example("first preview: an unapproved role's policy document is built from outputs not known yet", "deferred", [
            ...recordingStack(),
            ...role("reviewer", UNKNOWN, ["recordings", "recordings-key"]),
        ]),
    ],
    judges: ANY_S3_BUCKET,
    check(stack, config, findings) {
        for (const verdict of readerVerdicts(stack, config)) {
            if (!("row" in verdict)) {
                const { bucket, labels, more, judgedAs, via } = verdict;
                const who = labels.join(", ") + (more > 0 ? ` and ${more} more principal${more > 1 ? "s" : ""}` : "");
                findings.undecided(
                    bucket,
                    `S3 bucket '${bucket.name}' holds contact data; whether ${who}, whose own IAM policies are all not known yet, can read it is not known yet ` +
                        `(judged once for all of them, as for ${judgedAs}: ${quoted(via)}).`,
                );
                continue;
            }
            const { bucket, principalLabel, row } = verdict;
            const reads = readsOf(row);
            if (reads === false || row.approved === true) continue;
            const via = quoted(row.via);
            const subject = `S3 bucket '${bucket.name}' holds contact data`;
            if (reads === true && row.approved === false) {
                findings.violation(
                    bucket,
                    `${subject} that ${principalLabel} can read (fetch and decrypt), but it is not in approvedReaders. Granted by: ${via}. ` +
                        `Remove the grant, or add "${row.principal}" to this policy's \`approvedReaders\` if it must hear recordings.`,
                );
            } else if (reads === true) {
                findings.undecided(bucket, `${subject} that ${principalLabel} can read; whether it is in approvedReaders is not known yet (its name is not known yet).`);
            } else {
                findings.undecided(bucket, `${subject}; whether ${principalLabel} can read it is not known yet: ${via}.`);
            }
        }
        const namedBuckets = Array.isArray(config.contactDataBuckets) ? config.contactDataBuckets.filter((name) => typeof name === "string") : [];
        for (const writer of contactDataBuckets(stack, namedBuckets).unresolvedWriters) {
            findings.undecided(writer, `'${writer.name}' writes contact data to a bucket that is not known yet, so who can read it cannot be worked out.`);
        }
    },
});
