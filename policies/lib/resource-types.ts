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
export const AWS_NATIVE_PROVIDER = "pulumi:providers:aws-native";

/**
 * Resource type tokens of @pulumi/aws-native (1.79, checked against its `*.d.ts` `__pulumiType`).
 * Cloud Control shapes differ from the classic provider's: an S3 bucket carries its encryption,
 * lifecycle, versioning, object lock, public access block, ownership, logging and replication as
 * properties of the bucket itself, and names are properties such as `bucketName` and `keyId`.
 * Controls list these beside the classic tokens and read each shape with its own reader.
 */
export const NATIVE = {
    S3_BUCKET: "aws-native:s3:Bucket",
    S3_BUCKET_POLICY: "aws-native:s3:BucketPolicy",
    KMS_KEY: "aws-native:kms:Key",
    KMS_ALIAS: "aws-native:kms:Alias",
    KMS_REPLICA_KEY: "aws-native:kms:ReplicaKey",
    IAM_ROLE: "aws-native:iam:Role",
    IAM_ROLE_POLICY: "aws-native:iam:RolePolicy",
    IAM_MANAGED_POLICY: "aws-native:iam:ManagedPolicy",
    IAM_USER: "aws-native:iam:User",
    IAM_USER_POLICY: "aws-native:iam:UserPolicy",
    IAM_GROUP: "aws-native:iam:Group",
    IAM_GROUP_POLICY: "aws-native:iam:GroupPolicy",
    CONNECT_INSTANCE: "aws-native:connect:Instance",
    CONNECT_STORAGE_CONFIG: "aws-native:connect:InstanceStorageConfig",
    CONNECT_CONTACT_FLOW: "aws-native:connect:ContactFlow",
    CONNECT_CONTACT_FLOW_MODULE: "aws-native:connect:ContactFlowModule",
    CONNECT_SECURITY_PROFILE: "aws-native:connect:SecurityProfile",
    CONNECT_INTEGRATION_ASSOCIATION: "aws-native:connect:IntegrationAssociation",
    KINESIS_STREAM: "aws-native:kinesis:Stream",
    FIREHOSE: "aws-native:kinesisfirehose:DeliveryStream",
    VIDEO_STREAM: "aws-native:kinesisvideo:Stream",
    LOG_GROUP: "aws-native:logs:LogGroup",
    TRAIL: "aws-native:cloudtrail:Trail",
    DYNAMODB_TABLE: "aws-native:dynamodb:Table",
    DYNAMODB_GLOBAL_TABLE: "aws-native:dynamodb:GlobalTable",
    SNS_TOPIC: "aws-native:sns:Topic",
    SQS_QUEUE: "aws-native:sqs:Queue",
    LAMBDA_FUNCTION: "aws-native:lambda:Function",
    CLOUDFRONT_DISTRIBUTION: "aws-native:cloudfront:Distribution",
    CUSTOMER_PROFILES_DOMAIN: "aws-native:customerprofiles:Domain",
    CUSTOMER_PROFILES_OBJECT_TYPE: "aws-native:customerprofiles:ObjectType",
    CUSTOMER_PROFILES_DOMAIN_OBJECT_TYPE: "aws-native:customerprofiles:DomainObjectType",
    CUSTOMER_PROFILES_INTEGRATION: "aws-native:customerprofiles:Integration",
    CUSTOMER_PROFILES_EVENT_STREAM: "aws-native:customerprofiles:EventStream",
    LEX_BOT: "aws-native:lex:Bot",
    LEX_BOT_ALIAS: "aws-native:lex:BotAlias",
    WISDOM_ASSISTANT: "aws-native:wisdom:Assistant",
    WISDOM_KNOWLEDGE_BASE: "aws-native:wisdom:KnowledgeBase",
    APPINTEGRATIONS_DATA_INTEGRATION: "aws-native:appintegrations:DataIntegration",
    VOICEID_DOMAIN: "aws-native:voiceid:Domain",
    CASES_DOMAIN: "aws-native:cases:Domain",
} as const;

/** Either provider's bucket, by the token of its generation. */
export const ANY_S3_BUCKET = [...S3_BUCKET, NATIVE.S3_BUCKET] as const;
/** Either provider's customer-managed key resources (an alias of one counts too). */
export const ANY_CUSTOMER_KEY = [...CUSTOMER_KEY_TYPES, NATIVE.KMS_KEY, NATIVE.KMS_REPLICA_KEY, NATIVE.KMS_ALIAS] as const;

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const KINESIS_STREAM = "aws:kinesis/stream:Stream";
export const FIREHOSE_DELIVERY_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
export const SQS_QUEUE = "aws:sqs/queue:Queue";
export const TRAIL = "aws:cloudtrail/trail:Trail";

export const ANY_LOG_GROUP = [LOG_GROUP, NATIVE.LOG_GROUP] as const;
export const ANY_KINESIS_STREAM = [KINESIS_STREAM, NATIVE.KINESIS_STREAM] as const;
export const ANY_FIREHOSE = [FIREHOSE_DELIVERY_STREAM, NATIVE.FIREHOSE] as const;
export const ANY_SQS_QUEUE = [SQS_QUEUE, NATIVE.SQS_QUEUE] as const;
/** Trails of either provider; both name validation, key, multi-region and delivery bucket alike. */
export const ANY_TRAIL = [TRAIL, NATIVE.TRAIL] as const;

/** Whether a token belongs to the aws-native package. */
export function isNativeType(type: string): boolean {
    return type.startsWith("aws-native:");
}
