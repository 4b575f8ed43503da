/**
 * What the well-known AWS-managed policies allow on the services that hold contact data.
 *
 * AWS writes its managed policies for every customer at once, so they grant on `Resource: "*"`: a role
 * holding `AmazonS3ReadOnlyAccess` reads every object of every bucket in the account, the recordings
 * included, whatever the stack's own policies say. A stack shows only the policy's ARN, so the pack
 * keeps what matters of each document here, as data: the actions it allows, on every resource, on S3,
 * KMS, Kinesis (Data Streams and Video Streams), DynamoDB, CloudWatch Logs and Amazon Connect. Actions
 * on other services are left out, and so is everything outside the dozen policies that matter.
 *
 * Source: the AWS Managed Policy Reference Guide, one page per policy,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html (default versions as
 * published in 2026-12). AWS adds permissions to its managed policies as services grow, so an entry
 * errs on the side of what a policy reads; none of them ever loses a read it had.
 */
import { parseArn } from "./arn";
import { actionPatternMatches } from "./policy-document";

export interface AwsManagedPolicy {
    /** Data-service actions the policy allows on every resource, as it writes them. */
    actions?: readonly string[];
    /** An Allow of every action except these (`PowerUserAccess`), on every resource. */
    notActions?: readonly string[];
    /** Whether it grants whole services or everything (full access: changing and deleting data too), not only reads. */
    wholeService: boolean;
}

/** The policies by name. Names are unique across AWS-managed paths (`job-function/ViewOnlyAccess`). */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, AwsManagedPolicy>> = {
    AdministratorAccess: { actions: ["*"], wholeService: true },
    // Everything but IAM, Organizations and account administration.
    PowerUserAccess: { notActions: ["iam:*", "organizations:*", "account:*"], wholeService: true },
    // The read-only job function reads data, not only configuration: objects, records, items, log events.
    // It reads key metadata (`kms:Describe*`, `kms:Get*`) but not `kms:Decrypt`.
    ReadOnlyAccess: {
        actions: [
            "s3:Get*", "s3:List*", "kms:Describe*", "kms:Get*", "kms:List*", "kinesis:Describe*", "kinesis:Get*", "kinesis:List*",
            "kinesisvideo:Describe*", "kinesisvideo:Get*", "kinesisvideo:List*", "dynamodb:BatchGet*", "dynamodb:Describe*", "dynamodb:Get*",
            "dynamodb:List*", "dynamodb:Query", "dynamodb:Scan", "logs:Describe*", "logs:Get*", "logs:FilterLogEvents", "logs:StartQuery",
            "connect:Describe*", "connect:List*",
        ],
        wholeService: false,
    },
    // The view-only job function lists resources and reads their configuration, never their contents.
    ViewOnlyAccess: {
        actions: ["s3:ListAllMyBuckets", "s3:ListBucket", "s3:GetBucketLocation", "kinesis:ListStreams", "dynamodb:ListTables", "logs:DescribeLogGroups"],
        wholeService: false,
    },
    AmazonS3ReadOnlyAccess: { actions: ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"], wholeService: false },
    AmazonS3FullAccess: { actions: ["s3:*", "s3-object-lambda:*"], wholeService: true },
    AmazonKinesisReadOnlyAccess: { actions: ["kinesis:Get*", "kinesis:List*", "kinesis:Describe*"], wholeService: false },
    AmazonKinesisFullAccess: { actions: ["kinesis:*"], wholeService: true },
    AmazonKinesisVideoStreamsReadOnlyAccess: { actions: ["kinesisvideo:Describe*", "kinesisvideo:Get*", "kinesisvideo:List*"], wholeService: false },
    AmazonKinesisVideoStreamsFullAccess: { actions: ["kinesisvideo:*"], wholeService: true },
    AmazonDynamoDBReadOnlyAccess: {
        actions: ["dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:List*", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect"],
        wholeService: false,
    },
    AmazonDynamoDBFullAccess: { actions: ["dynamodb:*", "kms:DescribeKey", "kms:ListAliases"], wholeService: true },
    CloudWatchLogsReadOnlyAccess: {
        actions: ["logs:Describe*", "logs:Get*", "logs:List*", "logs:StartQuery", "logs:StopQuery", "logs:TestMetricFilter", "logs:FilterLogEvents", "logs:StartLiveTail", "logs:StopLiveTail"],
        wholeService: false,
    },
    CloudWatchLogsFullAccess: { actions: ["logs:*"], wholeService: true },
    AmazonConnect_FullAccess: { actions: ["connect:*", "s3:CreateBucket", "s3:GetBucketLocation", "s3:ListAllMyBuckets", "kms:DescribeKey", "kms:ListAliases"], wholeService: true },
    AmazonConnectReadOnlyAccess: { actions: ["connect:Get*", "connect:Describe*", "connect:List*"], wholeService: false },
    // Key administration without use: no Decrypt, Encrypt or GenerateDataKey.
    AWSKeyManagementServicePowerUser: {
        actions: ["kms:CreateAlias", "kms:CreateKey", "kms:DeleteAlias", "kms:Describe*", "kms:GenerateRandom", "kms:Get*", "kms:List*", "kms:TagResource", "kms:UntagResource"],
        wholeService: false,
    },
};

/**
 * Actions that read contact data itself: recordings and transcripts (S3 objects, and the key that
 * decrypts them), streamed contact records and media, table items, log events.
 */
export const DATA_READ_ACTIONS: readonly string[] = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "kms:Decrypt",
    "kinesis:GetRecords",
    "kinesisvideo:GetMedia",
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
    "logs:StartQuery",
];

/** The name of an AWS-managed policy (account `aws` in the ARN, any partition and path); undefined for any other ARN. */
export function awsManagedPolicyName(arnValue: unknown): string | undefined {
    const arn = parseArn(arnValue);
    if (!arn || arn.service !== "iam" || arn.account !== "aws" || arn.resourceType !== "policy") return undefined;
    const name = arn.resourceId.split("/").pop();
    return name === undefined || name === "" ? undefined : name;
}

/** The table's entry for a policy name, matched as IAM matches names (case-insensitively). */
export function awsManagedPolicy(name: string): AwsManagedPolicy | undefined {
    const own = AWS_MANAGED_POLICIES[name];
    if (own) return own;
    const lower = name.toLowerCase();
    const found = Object.keys(AWS_MANAGED_POLICIES).find((known) => known.toLowerCase() === lower);
    return found === undefined ? undefined : AWS_MANAGED_POLICIES[found];
}

/** Whether the policy allows `action` on every resource. */
export function allowsOnEveryResource(policy: AwsManagedPolicy, action: string): boolean {
    if (policy.notActions) return !policy.notActions.some((pattern) => actionPatternMatches(pattern, action));
    return (policy.actions ?? []).some((pattern) => actionPatternMatches(pattern, action));
}

/** The contact-data reads (`DATA_READ_ACTIONS`) the policy allows on every resource. */
export function dataReadsOf(policy: AwsManagedPolicy): string[] {
    return DATA_READ_ACTIONS.filter((action) => allowsOnEveryResource(policy, action));
}

/** The policy's data-service part as a policy document, for readers of identity policies. */
export function documentOf(policy: AwsManagedPolicy): { Version: string; Statement: Record<string, unknown>[] } {
    const statement = policy.notActions ? { Effect: "Allow", NotAction: [...policy.notActions], Resource: "*" } : { Effect: "Allow", Action: [...(policy.actions ?? [])], Resource: "*" };
    return { Version: "2012-10-17", Statement: [statement] };
}

/** Where the table's entry comes from. */
export function referencePage(name: string): string {
    return `https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${name}.html`;
}
