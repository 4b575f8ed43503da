/**
 * The storage and recording side of an EU contact centre: a customer-managed key, a recordings
 * bucket encrypted with it, an access-log bucket, and Amazon Connect writing call recordings and
 * chat transcripts with that key. `ccguard preview examples/eu-contact-centre` finds nothing to block.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const instanceAlias = config.require("instanceAlias");

const key = new aws.kms.Key("recordings-key", {
    description: "Contact-centre recordings and transcripts",
    enableKeyRotation: true,
    rotationPeriodInDays: 365,
    deletionWindowInDays: 30,
});

// S3 delivers server access logs only to buckets with SSE-S3, so the log bucket uses AES256.
const accessLogs = new aws.s3.Bucket("access-logs", { bucket: `${instanceAlias}-access-logs` });
new aws.s3.BucketServerSideEncryptionConfiguration("access-logs-encryption", {
    bucket: accessLogs.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }],
});

const recordings = new aws.s3.Bucket("recordings", { bucket: `${instanceAlias}-recordings` });
new aws.s3.BucketServerSideEncryptionConfiguration("recordings-encryption", {
    bucket: recordings.id,
    rules: [
        {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        },
    ],
});
new aws.s3.BucketVersioning("recordings-versioning", {
    bucket: recordings.id,
    versioningConfiguration: { status: "Enabled" },
});
// One whole-bucket rule: recordings, transcripts and Contact Lens output (Analysis/) all expire after a year,
// replaced or erased versions after 30 days, abandoned uploads after 7.
new aws.s3.BucketLifecycleConfiguration("recordings-lifecycle", {
    bucket: recordings.id,
    rules: [
        {
            id: "contact-data-retention",
            status: "Enabled",
            filter: {},
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
    ],
});
new aws.s3.BucketLogging("recordings-access-logging", {
    bucket: recordings.id,
    targetBucket: accessLogs.id,
    targetPrefix: "recordings/",
});

/** Refuses every request that does not use TLS; `extra` statements are added after it. */
function tlsOnlyPolicy(bucketName: string, ...extra: object[]): string {
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...extra,
        ],
    });
}

const account = aws.getCallerIdentityOutput().accountId;
new aws.s3.BucketPolicy("recordings-policy", {
    bucket: recordings.id,
    policy: tlsOnlyPolicy(`${instanceAlias}-recordings`),
});
// S3 server access logging writes as the logging service, limited to this account's recordings bucket.
new aws.s3.BucketPolicy("access-logs-policy", {
    bucket: accessLogs.id,
    policy: account.apply((accountId) =>
        tlsOnlyPolicy(`${instanceAlias}-access-logs`, {
            Sid: "AllowServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${instanceAlias}-access-logs/*`,
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:aws:s3:::${instanceAlias}-recordings` },
            },
        }),
    ),
});

const instance = new aws.connect.Instance("contact-centre", {
    identityManagementType: "SAML",
    inboundCallsEnabled: true,
    outboundCallsEnabled: true,
    contactLensEnabled: true,
    instanceAlias,
});

for (const [name, resourceType, prefix] of [
    ["call-recordings", "CALL_RECORDINGS", "CallRecordings"],
    ["chat-transcripts", "CHAT_TRANSCRIPTS", "ChatTranscripts"],
] as const) {
    new aws.connect.InstanceStorageConfig(name, {
        instanceId: instance.id,
        resourceType,
        storageConfig: {
            storageType: "S3",
            s3Config: {
                bucketName: recordings.bucket,
                bucketPrefix: `connect/${instanceAlias}/${prefix}`,
                encryptionConfig: { encryptionType: "KMS", keyId: key.arn },
            },
        },
    });
}

export const recordingsBucket = recordings.bucket;
export const recordingsKeyArn = key.arn;
export const instanceArn = instance.arn;
