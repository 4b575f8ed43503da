/**
 * A contact-centre stack written by hand in plain @pulumi/aws resources, resolved as during
 * `pulumi up`: compliant with the whole pack. Tests mutate it; benchmarks replicate it.
 */
import { daysFromToday } from "./dates";
import type { ExampleResource } from "../../policies/control";

export const ACCOUNT = "111122223333";
export const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const KEY_ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/${KEY_ID}`;
export const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-111111111111";
export const STREAM_ARN = `arn:aws:kinesis:eu-central-1:${ACCOUNT}:stream/acme-ctr`;

/** A bucket policy that refuses plain HTTP, as an object (aws-native takes it so) ... */
export const tlsOnlyDocument = (bucket: string) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
});

/** ... and as the JSON string the classic provider takes. */
export const tlsOnly = (bucket: string) => JSON.stringify(tlsOnlyDocument(bucket));

export const redactingFlow = JSON.stringify({
    Version: "2019-10-30",
    StartAction: "record",
    Actions: [
        {
            Identifier: "record",
            Type: "UpdateContactRecordingBehavior",
            Parameters: {
                RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] },
                AnalyticsBehavior: { Enabled: "True", AnalyticsLanguage: "de-DE", AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedOnly" },
            },
            Transitions: { NextAction: "end" },
        },
        { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
});

const s3Storage = (name: string, resourceType: string, prefix: string): ExampleResource => ({
    name,
    type: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
    props: {
        instanceId: INSTANCE_ID,
        resourceType,
        storageConfig: {
            storageType: "S3",
            s3Config: { bucketName: "acme-recordings", bucketPrefix: prefix, encryptionConfig: { encryptionType: "KMS", keyId: KEY_ARN } },
        },
    },
});

/** Public access block and enforced ownership, which every bucket needs. */
const lockedDown = (name: string, bucket: string): ExampleResource[] => [
    {
        name: `${name}-public-access-block`,
        type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        props: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    },
    { name: `${name}-ownership`, type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", props: { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } } },
];

/** Organisation policies live in the management account, not in a workload stack: waived, with the reason. */
export const policyConfig = {
    "residency-organisation-guardrails": {
        waivers: [{ resource: "contact-centre", reason: "SCP and AI opt-out managed in the organisation's management stack", owner: "cloud-platform@acme.example", expires: daysFromToday(180) }],
    },
};

/** The compliant stack, resolved as during `pulumi up`. */
export function compliantStack(): ExampleResource[] {
    return [
        { name: "contact-data-key", type: "aws:kms/key:Key", props: { id: KEY_ID, arn: KEY_ARN, enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30 } },
        { name: "recordings", type: "aws:s3/bucket:Bucket", props: { bucket: "acme-recordings", arn: "arn:aws:s3:::acme-recordings" } },
        {
            name: "recordings-encryption",
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            props: {
                bucket: "acme-recordings",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] }],
            },
        },
        { name: "recordings-versioning", type: "aws:s3/bucketVersioning:BucketVersioning", props: { bucket: "acme-recordings", versioningConfiguration: { status: "Enabled" } } },
        {
            name: "recordings-lifecycle",
            type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            props: {
                bucket: "acme-recordings",
                rules: [
                    {
                        id: "retention",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: 365 },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
        },
        { name: "recordings-policy", type: "aws:s3/bucketPolicy:BucketPolicy", props: { bucket: "acme-recordings", policy: tlsOnly("acme-recordings") } },
        { name: "access-logs", type: "aws:s3/bucket:Bucket", props: { bucket: "acme-access-logs" } },
        {
            name: "access-logs-encryption",
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            props: { bucket: "acme-access-logs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }] },
        },
        { name: "access-logs-policy", type: "aws:s3/bucketPolicy:BucketPolicy", props: { bucket: "acme-access-logs", policy: tlsOnly("acme-access-logs") } },
        { name: "recordings-logging", type: "aws:s3/bucketLogging:BucketLogging", props: { bucket: "acme-recordings", targetBucket: "acme-access-logs", targetPrefix: "recordings/" } },
        ...lockedDown("recordings", "acme-recordings"),
        ...lockedDown("access-logs", "acme-access-logs"),
        { name: "trail-logs", type: "aws:s3/bucket:Bucket", props: { bucket: "acme-trail" } },
        {
            name: "trail-logs-encryption",
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            props: {
                bucket: "acme-trail",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] }],
            },
        },
        { name: "trail-logs-policy", type: "aws:s3/bucketPolicy:BucketPolicy", props: { bucket: "acme-trail", policy: tlsOnly("acme-trail") } },
        ...lockedDown("trail-logs", "acme-trail"),
        {
            name: "trail",
            type: "aws:cloudtrail/trail:Trail",
            props: {
                name: "acme-contact-centre",
                s3BucketName: "acme-trail",
                kmsKeyId: KEY_ARN,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::acme-recordings/"] }] }],
            },
        },
        {
            name: "contact-centre",
            type: "aws:connect/instance:Instance",
            props: {
                id: INSTANCE_ID,
                identityManagementType: "SAML",
                inboundCallsEnabled: true,
                outboundCallsEnabled: true,
                contactLensEnabled: true,
                contactFlowLogsEnabled: true,
                instanceAlias: "acme-eu",
            },
        },
        { name: "flow-logs", type: "aws:cloudwatch/logGroup:LogGroup", props: { name: "/aws/connect/acme-eu", retentionInDays: 365, kmsKeyId: KEY_ARN } },
        s3Storage("call-recordings", "CALL_RECORDINGS", "connect/acme-eu/CallRecordings"),
        s3Storage("chat-transcripts", "CHAT_TRANSCRIPTS", "connect/acme-eu/ChatTranscripts"),
        {
            name: "media-streams",
            type: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
            props: {
                instanceId: INSTANCE_ID,
                resourceType: "MEDIA_STREAMS",
                storageConfig: {
                    storageType: "KINESIS_VIDEO_STREAM",
                    kinesisVideoStreamConfig: { prefix: "acme-eu-media", retentionPeriodHours: 24, encryptionConfig: { encryptionType: "KMS", keyId: KEY_ARN } },
                },
            },
        },
        { name: "ctr", type: "aws:kinesis/stream:Stream", props: { name: "acme-ctr", arn: STREAM_ARN, encryptionType: "KMS", kmsKeyId: KEY_ARN, retentionPeriod: 24 } },
        {
            name: "contact-trace-records",
            type: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
            props: { instanceId: INSTANCE_ID, resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: STREAM_ARN } } },
        },
        { name: "inbound", type: "aws:connect/contactFlow:ContactFlow", props: { instanceId: INSTANCE_ID, name: "inbound", type: "CONTACT_FLOW", content: redactingFlow } },
    ];
}
