/**
 * Resource type tokens of @pulumi/aws v7, checked against its `*.d.ts`. The deprecated S3 `...V2`
 * tokens still exist in 7.x and stacks still use them, so every S3 group lists both generations.
 */

export const S3_BUCKET = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;

export const S3_BUCKET_SSE_CONFIGURATION = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;

export const S3_BUCKET_LOGGING = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"] as const;

export const KMS_KEY = "aws:kms/key:Key";
export const KMS_REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
export const KMS_EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey";
export const KMS_ALIAS = "aws:kms/alias:Alias";
/** Resources whose id or ARN is a key the customer manages (an alias of one counts too). */
export const CUSTOMER_KEY_TYPES = [KMS_KEY, KMS_REPLICA_KEY, KMS_EXTERNAL_KEY, KMS_ALIAS] as const;

export const CONNECT_INSTANCE = "aws:connect/instance:Instance";
export const CONNECT_STORAGE_CONFIG = "aws:connect/instanceStorageConfig:InstanceStorageConfig";

export const AWS_PROVIDER = "pulumi:providers:aws";
