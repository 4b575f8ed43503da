/**
 * A contact-centre stack written by hand in plain @pulumi/aws resources, as teams write it without
 * our components. Its compliant form draws no finding from the whole pack; each single mutation of
 * it, a mistake real projects make, is caught by the control that owns that rule.
 */
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../policies/control";
import { UNKNOWN } from "../../policies/lib/unknown";
import { exampleStack } from "../support/example-stack";
import { compliantStack, INSTANCE_ID, KEY_ARN, policyConfig, redactingFlow, STREAM_ARN } from "../support/hand-written-stack";
import { diagnosticsFor } from "../support/in-process";

type Mutation = { mistake: string; blockedBy: string; level?: "mandatory" | "advisory"; mutate(stack: ExampleResource[]): ExampleResource[] };

/** The stack with one resource's properties changed. */
const change = (name: string, update: (props: Record<string, unknown>) => Record<string, unknown>) => (stack: ExampleResource[]) =>
    stack.map((r) => (r.name === name ? { ...r, props: update(r.props) } : r));
const without = (name: string) => (stack: ExampleResource[]) => stack.filter((r) => r.name !== name);
const setPath = (value: Record<string, unknown>, path: string[], leaf: unknown): Record<string, unknown> => {
    const [head, ...rest] = path;
    return { ...value, [head]: rest.length === 0 ? leaf : setPath((value[head] as Record<string, unknown>) ?? {}, rest, leaf) };
};
const sseRule = (rule: Record<string, unknown>) => change("recordings-encryption", (p) => ({ ...p, rules: [{ ...(p["rules"] as object[])[0], ...rule }] }));

const mutations: Mutation[] = [
    { mistake: "the stack's region moves to us-east-1", blockedBy: "residency-region-allow-list", mutate: (s) => s },
    { mistake: "recordings are encrypted with SSE-S3", blockedBy: "encryption-bucket-customer-key", mutate: sseRule({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }) },
    { mistake: "the bucket encryption uses the AWS-managed key", blockedBy: "encryption-bucket-customer-key", mutate: sseRule({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } }) },
    { mistake: "the bucket key is off", blockedBy: "encryption-bucket-key-and-sse-c", mutate: sseRule({ bucketKeyEnabled: false }) },
    { mistake: "SSE-C is allowed", blockedBy: "encryption-bucket-key-and-sse-c", mutate: sseRule({ blockedEncryptionTypes: [] }) },
    { mistake: "the access-log bucket uses SSE-KMS", blockedBy: "encryption-bucket-customer-key", mutate: change("access-logs-encryption", (p) => ({ ...p, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] }] })) },
    { mistake: "the recordings bucket policy is dropped", blockedBy: "encryption-bucket-tls-only", mutate: without("recordings-policy") },
    { mistake: "the recordings bucket has no public access block", blockedBy: "access-bucket-public-access-block", mutate: without("recordings-public-access-block") },
    { mistake: "ACLs stay enabled on the recordings bucket", blockedBy: "access-bucket-object-ownership", mutate: without("recordings-ownership") },
    { mistake: "the trail records no data events", blockedBy: "logging-cloudtrail-data-events", mutate: change("trail", (p) => ({ ...p, eventSelectors: [] })) },
    { mistake: "recordings are not access-logged", blockedBy: "logging-recordings-access-logging", mutate: without("recordings-logging") },
    { mistake: "trail logs expire after 90 days", blockedBy: "logging-log-retention-minimum", mutate: (s) => [...s, { name: "trail-lifecycle", type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", props: { bucket: "acme-trail", rules: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: 90 } }] } }] },
    { mistake: "the bucket policy lets anyone read recordings", blockedBy: "access-no-unscoped-public-resource-policies", mutate: change("recordings-policy", (p) => ({ ...p, policy: JSON.stringify({ Version: "2012-10-17", Statement: [...JSON.parse(p["policy"] as string).Statement, { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-recordings/*" }] }) })) },
    { mistake: "an analytics policy allows s3:* and kms:*", blockedBy: "access-iam-no-data-wildcards", mutate: (s) => [...s, { name: "analytics", type: "aws:iam/policy:Policy", props: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }] }) } }] },
    { mistake: "a support role gets AdministratorAccess", blockedBy: "access-no-broad-managed-policies", mutate: (s) => [...s, { name: "support-admin", type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", props: { role: "support", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }] },
    { mistake: "a role anyone may assume", blockedBy: "access-role-trust-scoped", mutate: (s) => [...s, { name: "reviewer", type: "aws:iam/role:Role", props: { name: "reviewer", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) } }] },
    { mistake: "the contact data key is multi-region", blockedBy: "residency-kms-key-residency", mutate: change("contact-data-key", (p) => ({ ...p, multiRegion: true })) },
    { mistake: "a Lex bot answers from us-east-1", blockedBy: "residency-lex-bot-region", mutate: (s) => [...s, { name: "ivr-bot", type: "aws:connect/botAssociation:BotAssociation", props: { instanceId: INSTANCE_ID, lexBot: { name: "ivr", lexRegion: "us-east-1" } } }] },
    { mistake: "agents in a custom profile may hear unredacted recordings", blockedBy: "access-screen-recording-permission", mutate: (s) => [...s, { name: "supervisors", type: "aws:connect/securityProfile:SecurityProfile", props: { instanceId: INSTANCE_ID, name: "supervisors", permissions: ["ScreenRecording.Access"] } }] },
    { mistake: "a replica of the recordings goes to a bucket outside the stack", blockedBy: "residency-replication-destinations", mutate: (s) => [...s, { name: "recordings-replication", type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", props: { bucket: "acme-recordings", role: "arn:aws:iam::111122223333:role/replication", rules: [{ id: "dr", status: "Enabled", destination: { bucket: "arn:aws:s3:::acme-dr-us" } }] } }] },
    { mistake: "call recordings lose their encryptionConfig", blockedBy: "encryption-connect-s3-storage-kms", mutate: change("call-recordings", (p) => setPath(p, ["storageConfig", "s3Config", "encryptionConfig"], undefined)) },
    { mistake: "chat transcripts name the key by alias", blockedBy: "encryption-connect-s3-storage-kms", mutate: change("chat-transcripts", (p) => setPath(p, ["storageConfig", "s3Config", "encryptionConfig", "keyId"], "alias/contact-data")) },
    { mistake: "media streams use the AWS-managed Kinesis Video key", blockedBy: "encryption-connect-media-streams-kms", mutate: change("media-streams", (p) => setPath(p, ["storageConfig", "kinesisVideoStreamConfig", "encryptionConfig", "keyId"], "alias/aws/kinesisvideo")) },
    { mistake: "the CTR stream is encrypted with a key Connect cannot use", blockedBy: "encryption-connect-stream-key-usable", mutate: (s) => [...change("ctr", (p) => ({ ...p, kmsKeyId: "arn:aws:kms:eu-central-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab" }))(s), { name: "ctr-key", type: "aws:kms/key:Key", props: { arn: "arn:aws:kms:eu-central-1:111122223333:key/ffffffff-12ab-34cd-56ef-1234567890ab", enableKeyRotation: true } }] },
    { mistake: "the CTR stream is not encrypted", blockedBy: "encryption-data-services-customer-key", mutate: change("ctr", (p) => ({ ...p, encryptionType: "NONE", kmsKeyId: undefined })) },
    { mistake: "key rotation is off", blockedBy: "encryption-kms-key-rotation", mutate: change("contact-data-key", (p) => ({ ...p, enableKeyRotation: false })) },
    { mistake: "the key can be deleted after 7 days", blockedBy: "encryption-kms-key-rotation", mutate: change("contact-data-key", (p) => ({ ...p, deletionWindowInDays: 7 })) },
    { mistake: "the flow log group has no customer key", blockedBy: "retention-connect-flow-logs", mutate: change("flow-logs", (p) => ({ ...p, kmsKeyId: undefined })) },
    { mistake: "the flow log group is not created by the stack", blockedBy: "retention-connect-flow-logs", mutate: without("flow-logs") },
    { mistake: "the flow log group never expires", blockedBy: "retention-bounded-retention", mutate: change("flow-logs", (p) => ({ ...p, retentionInDays: 0 })) },
    { mistake: "the lifecycle rule is dropped", blockedBy: "retention-contact-data-expiry", mutate: without("recordings-lifecycle") },
    { mistake: "recordings are kept seven years", blockedBy: "retention-contact-data-expiry", mutate: change("recordings-lifecycle", (p) => ({ ...p, rules: [{ ...(p["rules"] as object[])[0], expiration: { days: 2555 } }] })) },
    { mistake: "old versions are kept forever", blockedBy: "retention-noncurrent-versions", mutate: change("recordings-lifecycle", (p) => ({ ...p, rules: [{ ...(p["rules"] as object[])[0], noncurrentVersionExpiration: undefined }] })) },
    { mistake: "a COMPLIANCE lock of seven years", blockedBy: "retention-object-lock-erasure", mutate: (s) => [...s, { name: "recordings-lock", type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", props: { bucket: "acme-recordings", rule: { defaultRetention: { mode: "COMPLIANCE", years: 7 } } } }] },
    { mistake: "the CTR stream keeps records for a year", blockedBy: "retention-bounded-retention", mutate: change("ctr", (p) => ({ ...p, retentionPeriod: 8760 })) },
    { mistake: "chat transcripts go to a Kinesis stream", blockedBy: "connect-storage-type-match", mutate: change("chat-transcripts", (p) => ({ ...p, storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: STREAM_ARN } } })) },
    { mistake: "Contact Lens keeps unredacted transcripts", blockedBy: "connect-flow-redaction", mutate: change("inbound", (p) => ({ ...p, content: redactingFlow.replace("RedactedOnly", "RedactedAndOriginal") })) },
    { mistake: "agents are managed in Connect itself", blockedBy: "connect-identity-management", level: "advisory", mutate: change("contact-centre", (p) => ({ ...p, identityManagementType: "CONNECT_MANAGED" })) },
    { mistake: "Contact Lens is left to its default", blockedBy: "connect-contact-lens-explicit", level: "advisory", mutate: change("contact-centre", (p) => ({ ...p, contactLensEnabled: undefined })) },
];

async function evaluateStack(resources: ExampleResource[], awsRegion = "eu-central-1") {
    const example: ControlExample = { title: "hand-written", verdict: "compliant", awsRegion, resources };
    const diagnostics = await diagnosticsFor(exampleStack(example), policyConfig);
    return diagnostics.filter((d) => !d.message.includes("Waived:"));
}

describe("a hand-written plain @pulumi/aws contact-centre stack", () => {
    it("draws no finding at all from the pack in its compliant form", async () => {
        expect(await evaluateStack(compliantStack())).toEqual([]);
    });

    it("covers the controls with mutations", () => {
        expect(new Set(mutations.map((m) => m.blockedBy)).size).toBeGreaterThanOrEqual(31);
    });

    it.each(mutations.map((m) => [m.mistake, m] as const))("catches the mistake: %s", async (_mistake, mutation) => {
        const region = mutation.blockedBy === "residency-region-allow-list" ? "us-east-1" : "eu-central-1";
        const diagnostics = await evaluateStack(mutation.mutate(compliantStack()), region);
        const caught = diagnostics.filter((d) => d.policyName === mutation.blockedBy && d.enforcementLevel === (mutation.level ?? "mandatory"));
        expect(caught.length, JSON.stringify(diagnostics.map((d) => `${d.policyName}: ${d.message}`), null, 1)).toBeGreaterThan(0);
    });

    it("still blocks the SSE-S3 mistake in a first preview, where names and ARNs are unknown", async () => {
        const firstPreview: ExampleResource[] = [
            { name: "recordings", type: "aws:s3/bucket:Bucket", props: {} },
            {
                name: "recordings-encryption",
                type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                props: { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }] },
                propertyDependencies: { bucket: ["recordings"] },
            },
        ];
        const diagnostics = await evaluateStack(firstPreview);
        expect(diagnostics.some((d) => d.policyName === "encryption-bucket-customer-key" && d.enforcementLevel === "mandatory")).toBe(true);
    });
});
