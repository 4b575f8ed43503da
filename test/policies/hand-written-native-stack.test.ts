/**
 * The hand-written contact centre in @pulumi/aws-native, and mixed with the classic provider (the
 * common case: Connect in one, buckets and keys in the other). Each compliant form draws no finding
 * from the whole pack; each single mistake, written the way that provider spells it, is caught by the
 * control that owns the rule.
 */
import { describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import type { ControlExample, ExampleResource } from "../../policies/control";
import { exampleStack } from "../support/example-stack";
import { compliantMixedStack, compliantNativeStack, INSTANCE_ARN } from "../support/hand-written-native-stack";
import { ACCOUNT, INSTANCE_ID, KEY_ARN, policyConfig, redactingFlow, STREAM_ARN } from "../support/hand-written-stack";
import { diagnosticsFor } from "../support/in-process";

type Mutation = { mistake: string; blockedBy: string; level?: "mandatory" | "advisory"; region?: string; mutate(stack: ExampleResource[]): ExampleResource[] };
type Props = Record<string, unknown>;

const change = (name: string, update: (props: Props) => Props) => (stack: ExampleResource[]) => stack.map((r) => (r.name === name ? { ...r, props: update(r.props) } : r));
const without = (name: string) => (stack: ExampleResource[]) => stack.filter((r) => r.name !== name);
const adding = (...resources: ExampleResource[]) => (stack: ExampleResource[]) => [...stack, ...resources];
const firstRule = (props: Props, key: string) => ((props[key] as { serverSideEncryptionConfiguration?: Props[]; rules?: Props[] }).serverSideEncryptionConfiguration ?? (props[key] as { rules: Props[] }).rules)[0];
const encryptionRule = (bucket: string, update: Partial<Props>) =>
    change(bucket, (p) => ({ ...p, bucketEncryption: { serverSideEncryptionConfiguration: [{ ...firstRule(p, "bucketEncryption"), ...update }] } }));
const lifecycleRule = (update: Partial<Props>) => change("recordings", (p) => ({ ...p, lifecycleConfiguration: { rules: [{ ...firstRule(p, "lifecycleConfiguration"), ...update }] } }));
const unset = (name: string, property: string) => change(name, (p) => ({ ...p, [property]: undefined }));
const document = (statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const OTHER_KEY_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/ffffffff-12ab-34cd-56ef-1234567890ab`;

/** Mistakes in the aws-native key and buckets, which the native and the mixed stack share. */
const bucketAndKeyMistakes: Mutation[] = [
    { mistake: "the stack's region moves to us-east-1", blockedBy: "residency-region-allow-list", region: "us-east-1", mutate: (s) => s },
    { mistake: "recordings are encrypted with SSE-S3", blockedBy: "encryption-bucket-customer-key", mutate: encryptionRule("recordings", { serverSideEncryptionByDefault: { sseAlgorithm: "AES256" } }) },
    { mistake: "the bucket encryption uses the AWS-managed key", blockedBy: "encryption-bucket-customer-key", mutate: encryptionRule("recordings", { serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" } }) },
    { mistake: "the recordings bucket has no encryption at all", blockedBy: "encryption-bucket-customer-key", mutate: unset("recordings", "bucketEncryption") },
    { mistake: "the bucket key is off", blockedBy: "encryption-bucket-key-and-sse-c", mutate: encryptionRule("recordings", { bucketKeyEnabled: false }) },
    { mistake: "SSE-C is allowed", blockedBy: "encryption-bucket-key-and-sse-c", mutate: encryptionRule("recordings", { blockedEncryptionTypes: { encryptionType: [] } }) },
    { mistake: "the access-log bucket uses SSE-KMS", blockedBy: "encryption-bucket-customer-key", mutate: encryptionRule("access-logs", { serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }) },
    { mistake: "the recordings bucket policy is dropped", blockedBy: "encryption-bucket-tls-only", mutate: without("recordings-policy") },
    { mistake: "the recordings bucket has no public access block", blockedBy: "access-bucket-public-access-block", mutate: unset("recordings", "publicAccessBlockConfiguration") },
    { mistake: "the recordings bucket blocks public policies but not public ACLs", blockedBy: "access-bucket-public-access-block", mutate: change("recordings", (p) => ({ ...p, publicAccessBlockConfiguration: { blockPublicPolicy: true, restrictPublicBuckets: true } })) },
    { mistake: "ACLs stay enabled on the recordings bucket", blockedBy: "access-bucket-object-ownership", mutate: unset("recordings", "ownershipControls") },
    { mistake: "recordings are not access-logged", blockedBy: "logging-recordings-access-logging", mutate: unset("recordings", "loggingConfiguration") },
    { mistake: "trail logs expire after 90 days", blockedBy: "logging-log-retention-minimum", mutate: change("trail-logs", (p) => ({ ...p, lifecycleConfiguration: { rules: [{ id: "expire", status: "Enabled", expirationInDays: 90 }] } })) },
    {
        mistake: "the bucket policy lets anyone read recordings",
        blockedBy: "access-no-unscoped-public-resource-policies",
        mutate: change("recordings-policy", (p) => ({ ...p, policyDocument: document([...(p["policyDocument"] as { Statement: object[] }).Statement, { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-recordings/*" }]) })),
    },
    { mistake: "the contact data key is multi-region", blockedBy: "residency-kms-key-residency", mutate: change("contact-data-key", (p) => ({ ...p, multiRegion: true })) },
    {
        mistake: "a replica of the recordings goes to a bucket outside the stack",
        blockedBy: "residency-replication-destinations",
        mutate: change("recordings", (p) => ({ ...p, replicationConfiguration: { role: `arn:aws:iam::${ACCOUNT}:role/replication`, rules: [{ id: "dr", status: "Enabled", destination: { bucket: "arn:aws:s3:::acme-dr-us" } }] } })),
    },
    { mistake: "key rotation is off", blockedBy: "encryption-kms-key-rotation", mutate: change("contact-data-key", (p) => ({ ...p, enableKeyRotation: false })) },
    { mistake: "the key can be deleted after 7 days", blockedBy: "encryption-kms-key-rotation", mutate: change("contact-data-key", (p) => ({ ...p, pendingWindowInDays: 7 })) },
    { mistake: "the lifecycle rule is dropped", blockedBy: "retention-contact-data-expiry", mutate: unset("recordings", "lifecycleConfiguration") },
    { mistake: "recordings are kept seven years", blockedBy: "retention-contact-data-expiry", mutate: lifecycleRule({ expirationInDays: 2555 }) },
    { mistake: "old versions are kept forever", blockedBy: "retention-noncurrent-versions", mutate: lifecycleRule({ noncurrentVersionExpiration: undefined }) },
    {
        mistake: "a COMPLIANCE lock of seven years",
        blockedBy: "retention-object-lock-erasure",
        mutate: change("recordings", (p) => ({ ...p, objectLockEnabled: true, objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 7 } } } })),
    },
    { mistake: "the recordings bucket lets public ACLs through", blockedBy: "access-public-access-block-flags", mutate: change("recordings", (p) => ({ ...p, publicAccessBlockConfiguration: { blockPublicAcls: false, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } })) },
    {
        mistake: "an operator both administers the key and decrypts with it",
        blockedBy: "access-key-admins-separate",
        mutate: change("contact-data-key", (p) => ({
            ...p,
            keyPolicy: document([
                ...(p["keyPolicy"] as { Statement: object[] }).Statement,
                { Sid: "Operators", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/operator` }, Action: ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:Decrypt"], Resource: "*" },
            ]),
        })),
    },
    {
        mistake: "a role no one approved can read the recordings",
        blockedBy: "access-recording-readers",
        mutate: adding({
            name: "analyst",
            type: "aws-native:iam:Role",
            props: {
                roleName: "analyst",
                arn: `arn:aws:iam::${ACCOUNT}:role/analyst`,
                assumeRolePolicyDocument: document([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]),
                policies: [
                    {
                        policyName: "read-recordings",
                        policyDocument: document([
                            { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-recordings/*" },
                            { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN },
                        ]),
                    },
                ],
            },
        }),
    },
    {
        mistake: "an analytics policy allows s3:* and kms:*",
        blockedBy: "access-iam-no-data-wildcards",
        mutate: adding({ name: "analytics", type: "aws-native:iam:ManagedPolicy", props: { policyDocument: document([{ Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }]) } }),
    },
    {
        mistake: "a support role gets AdministratorAccess",
        blockedBy: "access-no-broad-managed-policies",
        mutate: adding({
            name: "support",
            type: "aws-native:iam:Role",
            props: {
                roleName: "support",
                assumeRolePolicyDocument: document([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }]),
                managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
        }),
    },
    {
        mistake: "a role anyone may assume",
        blockedBy: "access-role-trust-scoped",
        mutate: adding({ name: "reviewer", type: "aws-native:iam:Role", props: { roleName: "reviewer", assumeRolePolicyDocument: document([{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]) } }),
    },
];

/** Mistakes in the aws-native contact centre itself. */
const contactCentreMistakes: Mutation[] = [
    { mistake: "the trail records no data events", blockedBy: "logging-cloudtrail-data-events", mutate: change("trail", (p) => ({ ...p, eventSelectors: [] })) },
    {
        mistake: "the recordings bucket is in Dublin while the instance is in Frankfurt",
        blockedBy: "residency-connect-colocation",
        mutate: (s) => [
            { name: "dublin", type: "pulumi:providers:aws-native", props: { region: "eu-west-1" } },
            ...s.map((r) => (r.name === "recordings" ? { ...r, provider: "dublin" } : r)),
        ],
    },
    {
        mistake: "recordings are served through CloudFront",
        blockedBy: "residency-no-cloudfront-recordings-origin",
        mutate: adding({
            name: "cdn",
            type: "aws-native:cloudfront:Distribution",
            props: {
                distributionConfig: {
                    enabled: true,
                    origins: [{ id: "recordings", domainName: "acme-recordings.s3.eu-central-1.amazonaws.com", s3OriginConfig: {} }],
                    defaultCacheBehavior: { targetOriginId: "recordings", viewerProtocolPolicy: "https-only" },
                },
            },
        }),
    },
    {
        mistake: "a Firehose puts contact records into the recordings bucket with the key AWS owns",
        blockedBy: "encryption-firehose-customer-key",
        mutate: adding({
            name: "ctr-archive",
            type: "aws-native:kinesisfirehose:DeliveryStream",
            props: {
                deliveryStreamType: "DirectPut",
                extendedS3DestinationConfiguration: {
                    bucketArn: "arn:aws:s3:::acme-recordings",
                    roleArn: `arn:aws:iam::${ACCOUNT}:role/firehose`,
                    prefix: "ctr/",
                    encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: KEY_ARN } },
                },
            },
        }),
    },
    {
        mistake: "a Lex bot answers from us-east-1",
        blockedBy: "residency-lex-bot-region",
        mutate: adding({
            name: "ivr-bot",
            type: "aws-native:connect:IntegrationAssociation",
            props: { instanceId: INSTANCE_ARN, integrationType: "LEX_BOT", integrationArn: `arn:aws:lex:us-east-1:${ACCOUNT}:bot-alias/ABCDEFGHIJ/TSTALIASID` },
        }),
    },
    {
        mistake: "agents in a custom profile may hear unredacted recordings",
        blockedBy: "access-screen-recording-permission",
        mutate: adding({ name: "supervisors", type: "aws-native:connect:SecurityProfile", props: { instanceArn: INSTANCE_ARN, securityProfileName: "supervisors", permissions: ["ScreenRecording.Access"] } }),
    },
    {
        mistake: "call recordings lose their encryptionConfig",
        blockedBy: "encryption-connect-s3-storage-kms",
        mutate: change("call-recordings", (p) => ({ ...p, s3Config: { ...(p["s3Config"] as Props), encryptionConfig: undefined } })),
    },
    {
        mistake: "chat transcripts name the key by alias",
        blockedBy: "encryption-connect-s3-storage-kms",
        mutate: change("chat-transcripts", (p) => ({ ...p, s3Config: { ...(p["s3Config"] as Props), encryptionConfig: { encryptionType: "KMS", keyId: "alias/contact-data" } } })),
    },
    {
        mistake: "media streams use the AWS-managed Kinesis Video key",
        blockedBy: "encryption-connect-media-streams-kms",
        mutate: change("media-streams", (p) => ({
            ...p,
            kinesisVideoStreamConfig: { ...(p["kinesisVideoStreamConfig"] as Props), encryptionConfig: { encryptionType: "KMS", keyId: "alias/aws/kinesisvideo" } },
        })),
    },
    {
        mistake: "the CTR stream is encrypted with a key Connect cannot use",
        blockedBy: "encryption-connect-stream-key-usable",
        mutate: (s) => [
            ...change("ctr", (p) => ({ ...p, streamEncryption: { encryptionType: "KMS", keyId: OTHER_KEY_ARN } }))(s),
            { name: "ctr-key", type: "aws-native:kms:Key", props: { arn: OTHER_KEY_ARN, enableKeyRotation: true, pendingWindowInDays: 30 } },
        ],
    },
    { mistake: "the CTR stream is not encrypted", blockedBy: "encryption-data-services-customer-key", mutate: unset("ctr", "streamEncryption") },
    { mistake: "the flow log group has no customer key", blockedBy: "retention-connect-flow-logs", mutate: unset("flow-logs", "kmsKeyId") },
    { mistake: "the flow log group is not created by the stack", blockedBy: "retention-connect-flow-logs", mutate: without("flow-logs") },
    { mistake: "the flow log group never expires", blockedBy: "retention-bounded-retention", mutate: unset("flow-logs", "retentionInDays") },
    { mistake: "the CTR stream keeps records for a year", blockedBy: "retention-bounded-retention", mutate: change("ctr", (p) => ({ ...p, retentionPeriodHours: 8760 })) },
    {
        mistake: "chat transcripts go to a Kinesis stream",
        blockedBy: "connect-storage-type-match",
        mutate: change("chat-transcripts", (p) => ({ ...p, storageType: "KINESIS_STREAM", s3Config: undefined, kinesisStreamConfig: { streamArn: STREAM_ARN } })),
    },
    { mistake: "Contact Lens keeps unredacted transcripts", blockedBy: "connect-flow-redaction", mutate: change("inbound", (p) => ({ ...p, content: redactingFlow.replace("RedactedOnly", "RedactedAndOriginal") })) },
    { mistake: "agents are managed in Connect itself", blockedBy: "connect-identity-management", level: "advisory", mutate: change("contact-centre", (p) => ({ ...p, identityManagementType: "CONNECT_MANAGED" })) },
    {
        mistake: "Contact Lens is left to its default",
        blockedBy: "connect-contact-lens-explicit",
        level: "advisory",
        mutate: change("contact-centre", (p) => ({ ...p, attributes: { ...(p["attributes"] as Props), contactLens: undefined } })),
    },
    { mistake: "the profiles' dead-letter queue is not encrypted with a customer key", blockedBy: "encryption-data-services-customer-key", mutate: unset("profiles-dead-letters", "kmsMasterKeyId") },
    { mistake: "customer profiles are encrypted with the AWS-managed key", blockedBy: "encryption-contact-stores-customer-key", mutate: unset("customer-profiles", "defaultEncryptionKey") },
    { mistake: "customer profiles are kept ten years", blockedBy: "retention-contact-stores-retention", mutate: change("customer-profiles", (p) => ({ ...p, defaultExpirationDays: 3650 })) },
    {
        mistake: "callers are still enrolled in Voice ID",
        blockedBy: "connect-voice-id-ended",
        level: "advisory",
        mutate: adding({ name: "voice-id", type: "aws-native:voiceid:Domain", props: { name: "acme-voice", serverSideEncryptionConfiguration: { kmsKeyId: KEY_ARN } } }),
    },
];

async function evaluateStack(resources: ExampleResource[], awsRegion = "eu-central-1") {
    const example: ControlExample = { title: "hand-written", verdict: "compliant", awsRegion, resources };
    const diagnostics = await diagnosticsFor(exampleStack(example), policyConfig);
    return diagnostics.filter((d) => !d.message.includes("Waived:"));
}

function describeMutations(label: string, compliant: () => ExampleResource[], mutations: Mutation[]) {
    describe(label, () => {
        it("draws no finding at all from the pack in its compliant form", async () => {
            expect(await evaluateStack(compliant())).toEqual([]);
        });

        it.each(mutations.map((m) => [m.mistake, m] as const))("blocks when %s", async (_mistake, mutation) => {
            const findings = await evaluateStack(mutation.mutate(compliant()), mutation.region);
            const owner = findings.filter((f) => f.policyName === mutation.blockedBy);
            expect(owner.map((f) => f.enforcementLevel), JSON.stringify(findings.map((f) => `${f.policyName}: ${f.message}`), null, 1)).toContain(mutation.level ?? "mandatory");
        });
    });
}

describe("a hand-written contact centre in aws-native and in both providers", () => {
    const nativeMutations = [...bucketAndKeyMistakes, ...contactCentreMistakes];
    describeMutations("written with @pulumi/aws-native", compliantNativeStack, nativeMutations);
    describeMutations("mixed: classic Connect, aws-native key and buckets", compliantMixedStack, bucketAndKeyMistakes);

    it("gives every control of the pack that judges an aws-native type a mistake to catch", () => {
        const caught = new Set(nativeMutations.map((m) => m.blockedBy));
        const judgingNative = catalogue.filter((control) => {
            const types = control.kind === "resource" ? control.appliesTo : control.judges;
            return types === "every cloud resource" || types.some((type) => type.startsWith("aws-native:"));
        });
        const uncaught = judgingNative.map((control) => control.name).filter((name) => !caught.has(name) && name !== "residency-organisation-guardrails");
        expect(uncaught).toEqual([]);
    });

    it("keeps the mixed stack's relations across providers: a classic storage config names an aws-native bucket and key", () => {
        const mixed = compliantMixedStack();
        expect(mixed.find((r) => r.name === "recordings")?.type).toBe("aws-native:s3:Bucket");
        expect(mixed.find((r) => r.name === "call-recordings")?.type).toBe("aws:connect/instanceStorageConfig:InstanceStorageConfig");
        expect(INSTANCE_ID).toBeTruthy();
    });
});
