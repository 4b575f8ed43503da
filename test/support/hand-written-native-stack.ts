/**
 * The hand-written contact centre again, in @pulumi/aws-native resources (shapes from its `*.d.ts`):
 * a bucket that carries its own encryption, lifecycle, versioning, public access block, ownership
 * and logging; a Connect instance with `attributes`; storage configs with top-level blocks; plus a
 * Customer Profiles domain with its dead-letter queue. Resolved as during `pulumi up`. The mixed
 * form keeps the classic Connect instance, storage configs, stream and trail of hand-written-stack.ts
 * and moves the key and the buckets to aws-native, so every relation crosses providers.
 */
import type { ExampleResource } from "../../policies/control";
import { ACCOUNT, compliantStack, INSTANCE_ID, KEY_ARN, KEY_ID, redactingFlow, STREAM_ARN, tlsOnlyDocument } from "./hand-written-stack";

export const INSTANCE_ARN = `arn:aws:connect:eu-central-1:${ACCOUNT}:instance/${INSTANCE_ID}`;
export const QUEUE_URL = `https://sqs.eu-central-1.amazonaws.com/${ACCOUNT}/acme-customers-dead-letters`;

const kmsEncryption = {
    serverSideEncryptionConfiguration: [
        { serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true, blockedEncryptionTypes: { encryptionType: ["SSE-C"] } },
    ],
};

const lockedDown = {
    publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    ownershipControls: { rules: [{ objectOwnership: "BucketOwnerEnforced" }] },
};

const nativeBucket = (name: string, bucketName: string, props: Record<string, unknown>): ExampleResource => ({
    name,
    type: "aws-native:s3:Bucket",
    props: { bucketName, arn: `arn:aws:s3:::${bucketName}`, ...lockedDown, ...props },
});

const bucketPolicy = (name: string, bucket: string): ExampleResource => ({
    name,
    type: "aws-native:s3:BucketPolicy",
    props: { bucket, policyDocument: tlsOnlyDocument(bucket) },
});

/** The key and the three buckets, as aws-native writes them. */
function nativeKeyAndBuckets(): ExampleResource[] {
    return [
        {
            name: "contact-data-key",
            type: "aws-native:kms:Key",
            props: {
                keyId: KEY_ID,
                arn: KEY_ARN,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                pendingWindowInDays: 30,
                keyPolicy: {
                    Version: "2012-10-17",
                    Statement: [{ Sid: "EnableIamPoliciesOfThisAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
                },
            },
        },
        nativeBucket("recordings", "acme-recordings", {
            bucketEncryption: kmsEncryption,
            versioningConfiguration: { status: "Enabled" },
            lifecycleConfiguration: {
                rules: [
                    {
                        id: "retention",
                        status: "Enabled",
                        expirationInDays: 365,
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            loggingConfiguration: { destinationBucketName: "acme-access-logs", logFilePrefix: "recordings/" },
        }),
        bucketPolicy("recordings-policy", "acme-recordings"),
        nativeBucket("access-logs", "acme-access-logs", {
            bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: { encryptionType: ["SSE-C"] } }] },
        }),
        bucketPolicy("access-logs-policy", "acme-access-logs"),
        nativeBucket("trail-logs", "acme-trail", { bucketEncryption: kmsEncryption }),
        bucketPolicy("trail-logs-policy", "acme-trail"),
    ];
}

const s3Storage = (name: string, resourceType: string, prefix: string): ExampleResource => ({
    name,
    type: "aws-native:connect:InstanceStorageConfig",
    props: {
        instanceArn: INSTANCE_ARN,
        resourceType,
        storageType: "S3",
        s3Config: { bucketName: "acme-recordings", bucketPrefix: prefix, encryptionConfig: { encryptionType: "KMS", keyId: KEY_ARN } },
    },
});

/** The whole contact centre in aws-native. */
export function compliantNativeStack(): ExampleResource[] {
    return [
        ...nativeKeyAndBuckets(),
        {
            name: "trail",
            type: "aws-native:cloudtrail:Trail",
            props: {
                trailName: "acme-contact-centre",
                s3BucketName: "acme-trail",
                kmsKeyId: KEY_ARN,
                isLogging: true,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::acme-recordings/"] }] }],
            },
        },
        {
            name: "contact-centre",
            type: "aws-native:connect:Instance",
            props: {
                arn: INSTANCE_ARN,
                identityManagementType: "SAML",
                instanceAlias: "acme-eu",
                attributes: { inboundCalls: true, outboundCalls: true, contactLens: true, contactflowLogs: true },
            },
        },
        { name: "flow-logs", type: "aws-native:logs:LogGroup", props: { logGroupName: "/aws/connect/acme-eu", retentionInDays: 365, kmsKeyId: KEY_ARN } },
        s3Storage("call-recordings", "CALL_RECORDINGS", "connect/acme-eu/CallRecordings"),
        s3Storage("chat-transcripts", "CHAT_TRANSCRIPTS", "connect/acme-eu/ChatTranscripts"),
        {
            name: "media-streams",
            type: "aws-native:connect:InstanceStorageConfig",
            props: {
                instanceArn: INSTANCE_ARN,
                resourceType: "MEDIA_STREAMS",
                storageType: "KINESIS_VIDEO_STREAM",
                kinesisVideoStreamConfig: { prefix: "acme-eu-media", retentionPeriodHours: 24, encryptionConfig: { encryptionType: "KMS", keyId: KEY_ARN } },
            },
        },
        { name: "ctr", type: "aws-native:kinesis:Stream", props: { name: "acme-ctr", arn: STREAM_ARN, streamEncryption: { encryptionType: "KMS", keyId: KEY_ARN }, retentionPeriodHours: 24 } },
        {
            name: "contact-trace-records",
            type: "aws-native:connect:InstanceStorageConfig",
            props: { instanceArn: INSTANCE_ARN, resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: STREAM_ARN } },
        },
        { name: "inbound", type: "aws-native:connect:ContactFlow", props: { instanceArn: INSTANCE_ARN, name: "inbound", type: "CONTACT_FLOW", content: redactingFlow } },
        {
            name: "profiles-dead-letters",
            type: "aws-native:sqs:Queue",
            props: { queueName: "acme-customers-dead-letters", queueUrl: QUEUE_URL, arn: `arn:aws:sqs:eu-central-1:${ACCOUNT}:acme-customers-dead-letters`, kmsMasterKeyId: KEY_ARN, messageRetentionPeriod: 345_600 },
        },
        {
            name: "customer-profiles",
            type: "aws-native:customerprofiles:Domain",
            props: { domainName: "acme-customers", defaultEncryptionKey: KEY_ARN, defaultExpirationDays: 365, deadLetterQueueUrl: QUEUE_URL },
        },
    ];
}

/** Classic Connect, stream and trail; aws-native key and buckets: relations cross providers everywhere. */
export function compliantMixedStack(): ExampleResource[] {
    const movedToNative = new Set(["contact-data-key", "recordings", "access-logs", "trail-logs"]);
    const classicOnlyOfMoved = (r: ExampleResource) =>
        movedToNative.has(r.name) ||
        /^(recordings|access-logs|trail-logs)-(encryption|versioning|lifecycle|policy|public-access-block|ownership|logging)$/.test(r.name) ||
        r.name === "recordings-logging";
    return [...nativeKeyAndBuckets(), ...compliantStack().filter((r) => !classicOnlyOfMoved(r))];
}
