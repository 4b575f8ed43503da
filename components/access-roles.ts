/**
 * Least-privilege IAM roles around the contact-centre data.
 *
 * - Recording reviewers read the recordings under one key prefix of one store, and may decrypt them
 *   only through S3: they cannot list or fetch anything else, nor call KMS directly.
 * - Auditors read configuration and audit metadata (CloudTrail, AWS Config, bucket and key settings,
 *   log group settings) and the CloudTrail log files, but no recording, transcript or contact record.
 * - Stream consumers read the contact-data streams, decrypting only through Kinesis.
 *
 * People assume the roles only with MFA; AWS services only on behalf of this account. No statement
 * uses a service-wide wildcard action or grants a data read on every resource.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AuditTrail } from "./audit-trail";
import { accountIdOf, accountRootArn, partitionOf, policyDocument, requireResourceName, roleArn } from "./aws-names";
import type { ContactDataStreams } from "./contact-data-streams";
import { DEFAULT_LIMITS, limitsWith, requireInteger, requireSameRegion, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";
import type { RecordingStore } from "./recording-store";

/** Who may assume a role: people (principal ARNs, default this account) with MFA, or an AWS service for this account. */
export type RoleTrust = { principalArns?: readonly string[] } | { service: string; sourceArn?: string };

export interface AccessRolesArgs {
    /** Prefix of the role names: `<namePrefix>-recording-reviewer`, `<namePrefix>-auditor`, `<namePrefix>-stream-consumer`. */
    namePrefix: string;
    /** Region of the data the roles reach (IAM itself is global); default the stack's aws:region. */
    region?: string;
    /** A role that reads the recordings under `prefix` in `store`. */
    recordingReviewer?: { store: RecordingStore; prefix: string; trust?: { principalArns?: readonly string[] } };
    /** A role that reads audit metadata and logs, never contact data. */
    auditor?: { stores?: readonly RecordingStore[]; auditTrail?: AuditTrail; trust?: { principalArns?: readonly string[] } };
    /** A role that reads the contact-data streams. */
    streamConsumer?: { streams: ContactDataStreams; trust: RoleTrust };
    /** Longest session, in hours, of every role; default 1. */
    maxSessionHours?: number;
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/;

type PolicyDocument = aws.types.input.iam.PolicyDocument;
type PolicyStatement = aws.types.input.iam.PolicyStatement;

/**
 * Given as an object rather than a JSON string, so that a key ARN not known during preview leaves
 * only that one value unknown and the pack can judge the rest of the document already then.
 */
function documentOf(statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** Settings of buckets an auditor may read: never objects. */
const BUCKET_SETTINGS_ACTIONS = [
    "s3:GetBucketLocation",
    "s3:GetBucketLogging",
    "s3:GetBucketObjectLockConfiguration",
    "s3:GetBucketOwnershipControls",
    "s3:GetBucketPolicy",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketTagging",
    "s3:GetBucketVersioning",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
];

export class AccessRoles extends pulumi.ComponentResource {
    readonly recordingReviewer?: aws.iam.Role;
    readonly auditor?: aws.iam.Role;
    readonly streamConsumer?: aws.iam.Role;
    /** Role ARNs, built from the literal role names and known during preview. */
    readonly recordingReviewerRoleArn?: pulumi.Output<string>;
    readonly auditorRoleArn?: pulumi.Output<string>;
    readonly streamConsumerRoleArn?: pulumi.Output<string>;
    readonly region: string;

    constructor(name: string, args: AccessRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("AccessRoles", "contact-centre:iam:AccessRoles", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const maxSessionHours = requireInteger(check, "maxSessionHours", args.maxSessionHours ?? 1, 1, 12, "IAM role sessions last 1 to 12 hours");
        const roleName = (role: string) => requireResourceName(check, "namePrefix", `${args.namePrefix}-${role}`, 64, args.namePrefix);
        const reviewer = args.recordingReviewer;
        if (reviewer) {
            if (reviewer.prefix === "" || /[*?]/.test(reviewer.prefix)) {
                check.refuse(
                    "recordingReviewer.prefix",
                    reviewer.prefix,
                    "one literal, non-empty key prefix",
                    `\`recordingReviewer.prefix\` is "${reviewer.prefix}"; reviewers read one literal key prefix, such as "connect/<alias>/CallRecordings/"`,
                    { policy: "access-iam-no-data-wildcards" },
                );
            }
            requireSameRegion(
                check,
                "recordingReviewer.store",
                reviewer.store.region,
                region,
                `\`recordingReviewer.store\` is in ${reviewer.store.region}, but the roles are for ${region}; set \`region\` to the store's region`,
            );
            requirePeople(check, "recordingReviewer.trust.principalArns", reviewer.trust?.principalArns);
        }
        if (args.auditor) requirePeople(check, "auditor.trust.principalArns", args.auditor.trust?.principalArns);
        const consumer = args.streamConsumer;
        if (consumer) {
            requireSameRegion(
                check,
                "streamConsumer.streams",
                consumer.streams.region,
                region,
                `\`streamConsumer.streams\` are in ${consumer.streams.region}, but the roles are for ${region}; set \`region\` to the streams' region`,
            );
            if ("service" in consumer.trust) {
                if (!SERVICE_PRINCIPAL.test(consumer.trust.service)) {
                    check.refuse(
                        "streamConsumer.trust.service",
                        consumer.trust.service,
                        "an AWS service principal such as lambda.amazonaws.com",
                        `\`streamConsumer.trust.service\` is "${consumer.trust.service}"; give an AWS service principal such as "lambda.amazonaws.com"`,
                        { policy: "access-role-trust-scoped" },
                    );
                }
                if (consumer.trust.sourceArn !== undefined && limits.servicesWithoutSourceContext.includes(consumer.trust.service)) {
                    check.refuse(
                        "streamConsumer.trust.sourceArn",
                        consumer.trust.sourceArn,
                        `unset for ${consumer.trust.service}`,
                        `\`streamConsumer.trust.sourceArn\` cannot be used with ${consumer.trust.service}, which sends no source when it assumes a role; leave it unset`,
                        { setting: "servicesWithoutSourceContext", policy: "access-role-trust-scoped" },
                    );
                }
            } else {
                requirePeople(check, "streamConsumer.trust.principalArns", consumer.trust.principalArns);
            }
        }
        const names = {
            reviewer: reviewer ? roleName("recording-reviewer") : undefined,
            auditor: args.auditor ? roleName("auditor") : undefined,
            consumer: consumer ? roleName("stream-consumer") : undefined,
        };
        check.settle();

        super("contact-centre:iam:AccessRoles", name, {}, opts);
        this.region = region;
        const account = accountIdOf(this);
        const partition = partitionOf(region);
        const maxSessionDuration = maxSessionHours * 3600;
        const arnOf = (role: string) => account.apply((accountId) => roleArn(region, accountId, role));

        const createRole = (key: string, role: string, description: string, trust: RoleTrust, policy: PolicyDocument) => {
            const created = new aws.iam.Role(
                `${name}-${key}`,
                {
                    name: role,
                    description,
                    assumeRolePolicy: account.apply((accountId) => trustPolicy(region, accountId, trust, limits.servicesWithoutSourceContext)),
                    maxSessionDuration,
                    tags: args.tags,
                },
                { parent: this },
            );
            new aws.iam.RolePolicy(`${name}-${key}-policy`, { role: created.name, name: `${role}-access`, policy }, { parent: this });
            return created;
        };

        if (reviewer && names.reviewer) {
            const store = reviewer.store;
            const objects = `${store.bucketArn}/${reviewer.prefix}*`;
            this.recordingReviewer = createRole(
                "recording-reviewer",
                names.reviewer,
                `Reads recordings under ${reviewer.prefix} in ${store.bucketName}`,
                { principalArns: reviewer.trust?.principalArns },
                documentOf([
                    {
                        Sid: "ListOnePrefix",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: store.bucketArn,
                        Condition: { StringLike: { "s3:prefix": `${reviewer.prefix}*` } },
                    },
                    { Sid: "ReadOnePrefix", Effect: "Allow", Action: "s3:GetObject", Resource: objects },
                    {
                        Sid: "DecryptThroughS3Only",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: store.keyArn,
                        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
                    },
                ]),
            );
            this.recordingReviewerRoleArn = arnOf(names.reviewer);
        }

        if (args.auditor && names.auditor) {
            const auditor = args.auditor;
            const trail = auditor.auditTrail;
            const stores = auditor.stores ?? [];
            const statements: PolicyStatement[] = [
                {
                    // These read-only calls support no resource-level permissions.
                    Sid: "ReadAuditMetadata",
                    Effect: "Allow",
                    Action: [
                        "cloudtrail:DescribeTrails",
                        "cloudtrail:GetEventSelectors",
                        "cloudtrail:GetTrail",
                        "cloudtrail:GetTrailStatus",
                        "cloudtrail:ListTrails",
                        "cloudtrail:LookupEvents",
                        "config:Describe*",
                        "config:Get*",
                        "config:List*",
                        "kms:ListAliases",
                        "kms:ListKeys",
                        "logs:DescribeLogGroups",
                    ],
                    Resource: "*",
                },
                {
                    Sid: "ReadKeySettings",
                    Effect: "Allow",
                    Action: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
                    Resource: pulumi.interpolate`arn:${partition}:kms:${region}:${account}:key/*`,
                },
            ];
            const settingsOf = [...stores.map((store) => store.bucketArn), ...(trail ? [trail.logBucketArn] : [])];
            if (settingsOf.length > 0) {
                statements.push({ Sid: "ReadBucketSettings", Effect: "Allow", Action: BUCKET_SETTINGS_ACTIONS, Resource: settingsOf });
            }
            if (trail) {
                statements.push(
                    {
                        Sid: "ListAuditLogs",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: trail.logBucketArn,
                        Condition: { StringLike: { "s3:prefix": "AWSLogs/*" } },
                    },
                    { Sid: "ReadAuditLogs", Effect: "Allow", Action: "s3:GetObject", Resource: `${trail.logBucketArn}/AWSLogs/*` },
                    {
                        Sid: "DecryptAuditLogsThroughS3Only",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: trail.keyArn,
                        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
                    },
                );
            }
            const policy = documentOf(statements);
            this.auditor = createRole("auditor", names.auditor, "Reads audit metadata and logs, no contact data", { principalArns: auditor.trust?.principalArns }, policy);
            this.auditorRoleArn = arnOf(names.auditor);
        }

        if (consumer && names.consumer) {
            const streams = consumer.streams;
            const arns = Object.values(streams.streamArns).filter((arn): arn is pulumi.Output<string> => arn !== undefined);
            const policy = documentOf([
                {
                    Sid: "ReadContactDataStreams",
                    Effect: "Allow",
                    Action: [
                        "kinesis:DescribeStream",
                        "kinesis:DescribeStreamConsumer",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:GetRecords",
                        "kinesis:GetShardIterator",
                        "kinesis:ListShards",
                        "kinesis:ListStreamConsumers",
                        "kinesis:SubscribeToShard",
                    ],
                    Resource: [...arns, ...arns.map((arn) => pulumi.interpolate`${arn}/consumer/*`)],
                },
                {
                    Sid: "DecryptThroughKinesisOnly",
                    Effect: "Allow",
                    Action: "kms:Decrypt",
                    Resource: streams.keyArn,
                    Condition: { StringEquals: { "kms:ViaService": `kinesis.${region}.amazonaws.com` } },
                },
            ]);
            this.streamConsumer = createRole("stream-consumer", names.consumer, "Reads the contact-data streams", consumer.trust, policy);
            this.streamConsumerRoleArn = arnOf(names.consumer);
        }

        this.registerOutputs({
            recordingReviewerRoleArn: this.recordingReviewerRoleArn,
            auditorRoleArn: this.auditorRoleArn,
            streamConsumerRoleArn: this.streamConsumerRoleArn,
        });
    }
}

function requirePeople(check: ArgumentCheck, argument: string, principals: readonly string[] | undefined) {
    if (principals === undefined) return;
    const allowed = "ARNs of an account root, IAM role or IAM user, without wildcards; or unset for this account's";
    if (principals.length === 0) check.refuse(argument, [], allowed, `\`${argument}\` is empty; name the IAM principals, or leave it unset for this account's`);
    for (const principal of principals) {
        if (principal.includes("*") || !/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/.test(principal)) {
            check.refuse(argument, principal, allowed, `\`${argument}\` has "${principal}"; give ARNs of an account root, IAM role or IAM user, without wildcards`, {
                policy: "access-role-trust-scoped",
            });
        }
    }
}

/**
 * The trust policy: people with MFA, or a service acting for this account. Services that assume a
 * role only after a principal of this account passed it to them (`iam:PassRole`: Lambda, EC2, ECS
 * tasks) send no `aws:SourceAccount`, so for them the condition would only break the role.
 */
export function trustPolicy(
    region: string,
    accountId: string,
    trust: RoleTrust,
    servicesWithoutSourceContext: readonly string[] = DEFAULT_LIMITS.servicesWithoutSourceContext,
): string {
    if ("service" in trust) {
        const passedRole = servicesWithoutSourceContext.includes(trust.service);
        return policyDocument([
            {
                Effect: "Allow",
                Principal: { Service: trust.service },
                Action: "sts:AssumeRole",
                // Only this account's principals can pass the role to these services (iam:PassRole).
                ...(passedRole
                    ? {}
                    : {
                          Condition: {
                              StringEquals: { "aws:SourceAccount": accountId },
                              ...(trust.sourceArn ? { ArnLike: { "aws:SourceArn": trust.sourceArn } } : {}),
                          },
                      }),
            },
        ]);
    }
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { AWS: trust.principalArns ? [...trust.principalArns] : accountRootArn(region, accountId) },
            Action: "sts:AssumeRole",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        },
    ]);
}
