import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { noUnscopedPublicResourcePolicies } from "../../../policies/access/resource-policies";
import type { ControlExample } from "../../../policies/control";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const KEY = "aws:kms/key:Key";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKET = "aws:s3/bucket:Bucket";
const NATIVE_BUCKET_POLICY = "aws-native:s3:BucketPolicy";
const NATIVE_KEY = "aws-native:kms:Key";
const NATIVE_REPLICA_KEY = "aws-native:kms:ReplicaKey";
const REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
const ROOT = "arn:aws:iam::111122223333:root";
const document = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const rootStatement = { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const example = (type: string, policy: unknown): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "target", type, props: { policy } }] });

async function outcome(ex: ControlExample) {
    const findings = await findingsOf(noUnscopedPublicResourcePolicies, ex);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(noUnscopedPublicResourcePolicies);

describe("access-no-unscoped-public-resource-policies", () => {
    describe("reads policies without false alarms (DOMAIN §3a)", () => {
        it.each<[string, string, unknown]>([
            ['a key policy whose statements all use Resource "*"', KEY, document(rootStatement, { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/reviewer" }, Action: "kms:Decrypt", Resource: "*" })],
            ["the account root given as a bare account id", KEY, document({ ...rootStatement, Principal: { AWS: "111122223333" } })],
            [
                "CloudWatch Logs using the key, scoped by kms:EncryptionContext and aws:SourceAccount",
                KEY,
                document(rootStatement, {
                    Effect: "Allow",
                    Principal: { Service: "logs.eu-central-1.amazonaws.com" },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:111122223333:*" }, StringEquals: { "aws:SourceAccount": "111122223333" } },
                }),
            ],
            [
                "CloudTrail writing to its trail bucket, scoped by aws:SourceArn",
                BUCKET_POLICY,
                document({
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: "arn:aws:s3:::acme-trail/AWSLogs/111122223333/*",
                    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": "arn:aws:cloudtrail:eu-central-1:111122223333:trail/main" } },
                }),
            ],
            [
                '{"AWS": "*"} limited to callers of the account through one service (kms:CallerAccount, kms:ViaService)',
                KEY,
                document(rootStatement, {
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "s3.eu-central-1.amazonaws.com" } },
                }),
            ],
            ['Principal "*" limited to one VPC endpoint', BUCKET_POLICY, document({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } })],
            ['a Deny to "*" without TLS', BUCKET_POLICY, document({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::acme/*", Condition: { Bool: { "aws:SecureTransport": "false" } } })],
        ])("%s", async (_title, type, policy) => {
            expect((await outcome(example(type, policy))).findings).toEqual([]);
        });

        it("passes a key without a policy (AWS applies its default key policy)", async () => {
            expect((await outcome({ title: "ad hoc", verdict: "compliant", resources: [{ name: "key", type: KEY, props: { enableKeyRotation: true } }] })).findings).toEqual([]);
        });
    });

    describe("blocks policies open to anyone", () => {
        it.each<[string, unknown, RegExp]>([
            ['{"AWS": ["*"]} in a list', { Effect: "Allow", Principal: { AWS: [ROOT, "*"] }, Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" }, /allows "s3:GetObject" to `Principal` "\*"/],
            ["an Allow with NotPrincipal", { Effect: "Allow", NotPrincipal: { AWS: ROOT }, Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" }, /to `NotPrincipal`/],
            ["an IfExists organisation condition, which passes requests without the key", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*", Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-1" } } }, /no condition narrowing who/],
            ["a Null condition", { Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::acme/*", Condition: { Null: { "aws:PrincipalOrgID": "false" } } }, /"s3:PutObject"/],
            ["NotAction for everyone", { Effect: "Allow", Principal: "*", NotAction: "s3:DeleteObject", Resource: "arn:aws:s3:::acme/*" }, /every action outside its `NotAction`/],
            ["many actions, shortened in the message", { Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetObjectAcl"], Resource: "*" }, /and 2 more/],
        ])("%s", async (_title, statement, pattern) => {
            const { blocking } = await outcome(example(BUCKET_POLICY, document(statement)));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toMatch(/^Bucket policy 'target': statement 1 of `policy` allows/);
            expect(blocking[0]).toMatch(pattern);
        });

        it("judges a bucket's deprecated inline policy given as an object", async () => {
            const policy = { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" } };
            expect((await outcome(example(BUCKET, policy))).blocking).toEqual([expect.stringMatching(/^S3 bucket 'target': statement 1/)]);
        });

        it("blocks a key policy that cannot be read", async () => {
            expect((await outcome(example(KEY, "not json"))).blocking).toEqual([expect.stringMatching(/^KMS key 'target': `policy` cannot be read \(not valid JSON\)/)]);
        });
    });

    describe("at first preview", () => {
        it("defers a statement open to anyone whose narrowing condition value is not known yet", async () => {
            const statement = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*", Condition: { StringEquals: { "aws:SourceVpce": UNKNOWN } } };
            const { blocking, deferred } = await outcome(example(BUCKET_POLICY, { Statement: [statement] }));
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/the `Condition` of statement 1 of `policy`, which allows `Principal` "\*", is not known yet/);
        });

        it("defers a statement open to anyone whose Effect is not known yet", async () => {
            const { deferred } = await outcome(example(BUCKET_POLICY, { Statement: [{ Effect: UNKNOWN, Principal: "*", Action: "s3:*", Resource: "*" }] }));
            expect(deferred[0]).toMatch(/the `Effect` of statement 1/);
        });

        it("passes statements with unknown resources and known, named principals", async () => {
            const statement = { Effect: "Allow", Principal: { AWS: ROOT }, Action: "s3:GetObject", Resource: UNKNOWN };
            expect((await outcome(example(BUCKET_POLICY, { Statement: [statement] }))).findings).toEqual([]);
        });
    });

    describe("aws-native and queue policies", () => {
        const policyExample = (type: string, property: string, value: unknown): ControlExample => ({
            title: "ad hoc",
            verdict: "violation",
            resources: [{ name: "target", type, props: { [property]: value } }],
        });
        const open = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" };

        it("names `policyDocument` of an s3.BucketPolicy in the finding", async () => {
            const { blocking } = await outcome(policyExample(NATIVE_BUCKET_POLICY, "policyDocument", { Statement: [open] }));
            expect(blocking).toEqual([expect.stringMatching(/^Bucket policy 'target': statement 1 of `policyDocument` allows "s3:GetObject" to `Principal` "\*"/)]);
        });

        it("names `keyPolicy` of a kms.Key and says a key is opened to any AWS account", async () => {
            const { blocking } = await outcome(policyExample(NATIVE_KEY, "keyPolicy", { Statement: [rootStatement, { ...open, Action: "kms:Decrypt", Resource: "*" }] }));
            expect(blocking).toEqual([expect.stringMatching(/^KMS key 'target': statement 2 of `keyPolicy` .* so any AWS account is let in/)]);
        });

        it("judges the keyPolicy of an aws-native replica key, and the policy of a classic one", async () => {
            const statement = { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" };
            expect((await outcome(policyExample(NATIVE_REPLICA_KEY, "keyPolicy", document(statement)))).blocking).toEqual([expect.stringMatching(/^KMS replica key 'target': .* of `keyPolicy`/)]);
            expect((await outcome(policyExample(REPLICA_KEY, "policy", document(statement)))).blocking).toEqual([expect.stringMatching(/^KMS replica key 'target': .* of `policy`/)]);
        });

        it("defers a policyDocument not known yet, naming it", async () => {
            expect((await outcome(policyExample(NATIVE_BUCKET_POLICY, "policyDocument", UNKNOWN))).deferred).toEqual([expect.stringMatching(/`policyDocument` is not known yet/)]);
        });

        it("blocks a policyDocument string that is not JSON", async () => {
            expect((await outcome(policyExample(NATIVE_BUCKET_POLICY, "policyDocument", "{"))).blocking).toEqual([expect.stringMatching(/`policyDocument` cannot be read \(not valid JSON\)/)]);
        });

        it("judges classic queue policies, inline and standalone, naming the queue", async () => {
            const statement = document({ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" });
            expect((await outcome(policyExample("aws:sqs/queuePolicy:QueuePolicy", "policy", statement))).blocking).toEqual([expect.stringMatching(/^Queue policy 'target': statement 1 of `policy` allows "sqs:SendMessage"/)]);
            expect((await outcome(policyExample("aws:sqs/queue:Queue", "policy", statement))).blocking).toEqual([expect.stringMatching(/^SQS queue 'target': .*any AWS account or anonymous caller/)]);
        });

        it("names `policyDocument` of an sqs.QueueInlinePolicy and defers it while unknown", async () => {
            const open = { Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*" };
            expect((await outcome(policyExample("aws-native:sqs:QueueInlinePolicy", "policyDocument", { Statement: [open] }))).blocking).toEqual([expect.stringMatching(/^Queue policy 'target': statement 1 of `policyDocument`/)]);
            expect((await outcome(policyExample("aws-native:sqs:QueueInlinePolicy", "policyDocument", UNKNOWN))).deferred).toEqual([expect.stringMatching(/`policyDocument` is not known yet/)]);
        });

        it("reads only the property the provider has: a `policy` on an aws-native bucket policy is not its document", async () => {
            expect((await outcome(policyExample(NATIVE_BUCKET_POLICY, "policy", document(open)))).findings).toEqual([]);
        });
    });

    it.each<[string, unknown]>([
        ["a number", 12],
        ["Principal as a list", { Statement: [{ Effect: "Allow", Principal: ["*"], Action: "s3:GetObject" }] }],
        ["a condition block that is a string", { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: { StringEquals: "aws:PrincipalOrgID" } }] }],
        ["condition values as objects", { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: { StringEquals: { "aws:PrincipalOrgID": { id: "o-1" } } } }] }],
    ])("never throws on odd input: %s", async (_title, policy) => {
        await outcome(example(BUCKET_POLICY, policy));
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(noUnscopedPublicResourcePolicies), async (ex) => {
                const findings = await findingsOf(noUnscopedPublicResourcePolicies, ex);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
