/**
 * The kind of contact-centre stack that gets written by hand under time pressure. Each mistake is
 * marked; `ccguard preview examples/leaky-contact-centre` reports them and exits 1.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// Mistake: recordings encrypted with SSE-S3 (keys AWS owns), no customer-managed key.
const recordings = new aws.s3.Bucket("recordings", { forceDestroy: true });
new aws.s3.BucketServerSideEncryptionConfiguration("recordings-encryption", {
    bucket: recordings.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

const instance = new aws.connect.Instance("contact-centre", {
    identityManagementType: "CONNECT_MANAGED",
    inboundCallsEnabled: true,
    outboundCallsEnabled: true,
    instanceAlias: "acme-leaky",
});

// Mistake: the storage config has no encryptionConfig, so Connect writes recordings without a customer key.
new aws.connect.InstanceStorageConfig("call-recordings", {
    instanceId: instance.id,
    resourceType: "CALL_RECORDINGS",
    storageConfig: {
        storageType: "S3",
        s3Config: { bucketName: recordings.bucket, bucketPrefix: "connect/acme-leaky/CallRecordings" },
    },
});

// Mistake: a transcript export bucket in a US region, through a second provider.
const us = new aws.Provider("us-east-1", { region: "us-east-1" });
const transcriptsExport = new aws.s3.Bucket("transcripts-export", {}, { provider: us });

// Mistake: a wildcard policy for the analytics team on everything in S3 and KMS.
new aws.iam.Policy("analytics-access", {
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }],
    }),
});

export const recordingsBucket = recordings.bucket;
export const exportBucket = transcriptsExport.bucket;
export const instanceArn = pulumi.output(instance.arn);
