/**
 * A customer-managed KMS key for contact data or audit logs.
 *
 * Rotation is always on with a bounded period (PCI DSS 3.7.4), deletion waits at least the pack's
 * floor so a mistaken deletion can be cancelled before the recordings it protects are lost, and
 * the key policy keeps duties apart: administrators manage the key but cannot use it, users use it
 * but cannot manage it, and the AWS services that must use it (Amazon Connect's service-linked
 * role, CloudWatch Logs, CloudTrail) may do so only under conditions that pin them to this account,
 * and to this account's log groups and trails.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isKmsKeyArn, parseArn } from "../policies/lib/arn";
import { accountIdOf, accountRootArn, partitionOf, policyDocument, requireResourceName, trailArn } from "./aws-names";
import { KMS_DELETION_WINDOW_DAYS, KMS_ROTATION_DAYS, limitsWith, requireInteger, requireSameRegion, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";

export interface EncryptionKeyArgs {
    /** What the key protects, shown in the KMS console. */
    description?: string;
    /** Alias of the key, `alias/<name>`; default `alias/<component name>`. */
    aliasName?: string;
    /** Region of the key; default the stack's aws:region. Must be in the allow-list. */
    region?: string;
    /** Days between automatic rotations; default (and maximum) the pack's cryptoperiod, 365 days. */
    rotationPeriodInDays?: number;
    /** Days KMS waits before deleting the key once deletion is scheduled; default 30, at least the pack's floor. */
    deletionWindowInDays?: number;
    /** Principals (IAM role or user ARNs) that administer the key: manage, never encrypt or decrypt. */
    administratorArns?: pulumi.Input<string>[];
    /** Principals that use the key for data: encrypt, decrypt, generate data keys, never manage it. */
    userArns?: pulumi.Input<string>[];
    /** Let Amazon Connect's service-linked role use the key (recordings, transcripts, streams). Default true. */
    allowConnect?: boolean;
    /**
     * Let CloudWatch Logs encrypt log groups with the key: `true` (default) for every log group of this
     * account in the key's region, a list of log group names (`*` allowed) to narrow it, `false` for none.
     */
    allowCloudWatchLogs?: boolean | readonly string[];
    /** Names of CloudTrail trails of this account that may encrypt their log files with the key. */
    allowCloudTrailNames?: readonly string[];
    /**
     * Let Amazon Connect Customer Profiles put messages into SQS queues encrypted with the key (its
     * dead-letter queue): SQS encrypts each message with a data key the sending service must be
     * allowed to generate. Default false.
     */
    allowCustomerProfilesQueues?: boolean;
    /** The pack's limits, when the team's policy config differs from the defaults. */
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

/** A key argument: an EncryptionKey of the stack, or the full ARN of an existing customer-managed key. */
export type KeyInput = EncryptionKey | string;

/** Key administration, without any use of the key for data. CreateGrant stays with users: a grant is data access. */
const ADMINISTRATOR_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/** Use of the key for data, without any administration. */
const USER_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"];

/** Amazon Connect's service-linked role, whose name ends in a suffix AWS chooses per instance. */
const CONNECT_SERVICE_ROLE_PATH = "role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_*";

const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]{1,250}$/;

export class EncryptionKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly alias: aws.kms.Alias;
    /** The full key ARN, as Connect storage configs, log groups and Firehose need it. */
    readonly keyArn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    readonly aliasName: string;
    /** The alias ARN, built from the alias name and known during preview. */
    readonly aliasArn: pulumi.Output<string>;
    readonly region: string;
    readonly allowsConnect: boolean;
    /** Log group name patterns CloudWatch Logs may encrypt with the key; empty when it may not. */
    readonly cloudWatchLogGroupPatterns: readonly string[];
    readonly cloudTrailNames: readonly string[];
    readonly allowsCustomerProfilesQueues: boolean;

    constructor(name: string, args: EncryptionKeyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("EncryptionKey", "contact-centre:kms:EncryptionKey", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const rotationRule = { setting: "maxRotationPeriodDays", policy: "encryption-kms-key-rotation" };
        const rotationPeriodInDays = requireInteger(
            check,
            "rotationPeriodInDays",
            args.rotationPeriodInDays ?? limits.maxRotationPeriodDays,
            KMS_ROTATION_DAYS.min,
            Math.min(limits.maxRotationPeriodDays, KMS_ROTATION_DAYS.max),
            "KMS rotates every 90 days at the earliest; the pack's cryptoperiod is the maximum",
            rotationRule,
        );
        const deletionWindowInDays = requireInteger(
            check,
            "deletionWindowInDays",
            args.deletionWindowInDays ?? KMS_DELETION_WINDOW_DAYS.max,
            Math.max(limits.minDeletionWindowDays, KMS_DELETION_WINDOW_DAYS.min),
            KMS_DELETION_WINDOW_DAYS.max,
            "the pack's floor keeps a scheduled deletion noticeable and cancellable; KMS waits 30 days at most",
            { ...rotationRule, setting: "minDeletionWindowDays" },
        );
        const aliasName = args.aliasName ?? `alias/${name}`;
        if (!ALIAS_NAME.test(aliasName) || aliasName.startsWith("alias/aws/")) {
            check.refuse(
                "aliasName",
                aliasName,
                "alias/<name> with letters, digits, '/', '_' and '-', not under alias/aws/",
                `\`aliasName\` is "${aliasName}"; use "alias/<name>" with letters, digits, '/', '_' and '-', not under alias/aws/`,
            );
        }
        const administrators = args.administratorArns ?? [];
        const users = args.userArns ?? [];
        const both = administrators.filter((arn): arn is string => typeof arn === "string" && users.includes(arn));
        if (both.length > 0) {
            check.refuse(
                "userArns",
                both[0],
                "principals that are not also in `administratorArns`",
                `${both[0]} is in both \`administratorArns\` and \`userArns\`; whoever manages the key must not also use it for data`,
                { policy: "access-key-admins-separate" },
            );
        }
        for (const [argument, principals] of [["administratorArns", administrators], ["userArns", users]] as const) {
            for (const principal of principals) {
                if (typeof principal === "string" && (principal.includes("*") || parseArn(principal)?.service !== "iam")) {
                    check.refuse(
                        argument,
                        principal,
                        "ARNs of IAM roles or users, without wildcards",
                        `principal "${principal}" in \`${argument}\` is not the ARN of one IAM role or user`,
                    );
                }
            }
        }
        const logGroupPatterns = args.allowCloudWatchLogs === false ? [] : args.allowCloudWatchLogs === true || args.allowCloudWatchLogs === undefined ? ["*"] : [...args.allowCloudWatchLogs];
        const trailNames = (args.allowCloudTrailNames ?? []).map((trail) => requireResourceName(check, "allowCloudTrailNames", trail, 128));
        check.settle();

        super("contact-centre:kms:EncryptionKey", name, {}, opts);
        this.region = region;
        this.aliasName = aliasName;
        this.allowsConnect = args.allowConnect ?? true;
        this.cloudWatchLogGroupPatterns = logGroupPatterns;
        this.cloudTrailNames = trailNames;
        this.allowsCustomerProfilesQueues = args.allowCustomerProfilesQueues ?? false;

        const account = accountIdOf(this);
        const policy = pulumi.all([account, pulumi.all(administrators), pulumi.all(users)]).apply(([accountId, admins, keyUsers]) =>
            policyDocument(
                keyPolicyStatements({
                    region,
                    accountId,
                    administrators: admins,
                    users: keyUsers,
                    allowConnect: this.allowsConnect,
                    logGroupPatterns,
                    trailNames,
                    customerProfilesQueues: this.allowsCustomerProfilesQueues,
                }),
            ),
        );

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: args.description ?? `Customer-managed key ${aliasName}`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                // A multi-Region key would copy the key material out of the allowed region.
                multiRegion: false,
                enableKeyRotation: true,
                rotationPeriodInDays,
                deletionWindowInDays,
                policy,
                region,
                tags: args.tags,
            },
            { parent: this },
        );
        this.alias = new aws.kms.Alias(`${name}-alias`, { name: aliasName, targetKeyId: this.key.keyId, region }, { parent: this });
        this.keyArn = this.key.arn;
        this.keyId = this.key.keyId;
        this.aliasArn = pulumi
            .all([this.alias.name, account])
            .apply(([alias, accountId]) => `arn:${partitionOf(region)}:kms:${region}:${accountId}:${alias}`);

        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName, aliasArn: this.aliasArn, region });
    }

    /** May CloudWatch Logs encrypt the log group of this name with the key? */
    allowsLogGroup(logGroupName: string): boolean {
        return this.cloudWatchLogGroupPatterns.some((pattern) => wildcardMatches(pattern, logGroupName));
    }

    allowsCloudTrail(trailName: string): boolean {
        return this.cloudTrailNames.includes(trailName);
    }
}

function wildcardMatches(pattern: string, value: string): boolean {
    const expression = pattern.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${expression}$`).test(value);
}

interface KeyPolicyFacts {
    region: string;
    accountId: string;
    administrators: readonly string[];
    users: readonly string[];
    allowConnect: boolean;
    logGroupPatterns: readonly string[];
    trailNames: readonly string[];
    customerProfilesQueues?: boolean;
}

/** The key policy, statement by statement; exported for tests. */
export function keyPolicyStatements(facts: KeyPolicyFacts): object[] {
    const { region, accountId } = facts;
    const partition = partitionOf(region);
    const statements: object[] = [
        {
            // Without it nobody, not even the account, could manage the key once created; access is then
            // decided by IAM policies of this account, which the pack checks for least privilege.
            Sid: "EnableIamPoliciesOfThisAccount",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(region, accountId) },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    if (facts.administrators.length > 0) {
        statements.push({
            Sid: "KeyAdministrators",
            Effect: "Allow",
            Principal: { AWS: [...facts.administrators] },
            Action: ADMINISTRATOR_ACTIONS,
            Resource: "*",
        });
    }
    if (facts.users.length > 0) {
        statements.push(
            { Sid: "KeyUsers", Effect: "Allow", Principal: { AWS: [...facts.users] }, Action: USER_ACTIONS, Resource: "*" },
            {
                // Services such as Amazon Connect receive their own grant when a user attaches the key to them.
                Sid: "KeyUsersGrantToAwsServices",
                Effect: "Allow",
                Principal: { AWS: [...facts.users] },
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        );
    }
    if (facts.allowConnect) {
        statements.push({
            // Connect's service-linked role has a per-instance suffix, so it is named through a condition.
            Sid: "AmazonConnectServiceLinkedRole",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
                ArnLike: { "aws:PrincipalArn": `arn:${partition}:iam::${accountId}:${CONNECT_SERVICE_ROLE_PATH}` },
                StringEquals: { "kms:CallerAccount": accountId },
            },
        });
    }
    if (facts.logGroupPatterns.length > 0) {
        statements.push({
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            Resource: "*",
            Condition: {
                ArnLike: {
                    "kms:EncryptionContext:aws:logs:arn": facts.logGroupPatterns.map(
                        (pattern) => `arn:${partition}:logs:${region}:${accountId}:log-group:${pattern}`,
                    ),
                },
                StringEquals: { "aws:SourceAccount": accountId },
            },
        });
    }
    if (facts.trailNames.length > 0) {
        const trails = facts.trailNames.map((trail) => trailArn(region, accountId, trail));
        statements.push(
            {
                Sid: "CloudTrailEncryptsLogFiles",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceArn": trails, "aws:SourceAccount": accountId },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
                },
            },
            {
                Sid: "CloudTrailDescribesKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceArn": trails, "aws:SourceAccount": accountId } },
            },
        );
    }
    if (facts.customerProfilesQueues) {
        statements.push({
            // Customer Profiles sends failed ingestions to its dead-letter queue; SQS encrypts them with a
            // data key generated on the sender's behalf, so the service needs these two actions, from this account only.
            Sid: "CustomerProfilesDeadLetterQueue",
            Effect: "Allow",
            Principal: { Service: "profile.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        });
    }
    return statements;
}

/** A key argument checked: an EncryptionKey in the same region, or a literal key ARN in it. */
export interface ResolvedKey {
    arn: pulumi.Input<string>;
    /** The key's component, when the stack creates it. */
    component?: EncryptionKey;
}

export function resolveKey(check: ArgumentCheck, argument: string, key: KeyInput, region: string): ResolvedKey {
    const rule = { policy: "residency-kms-key-residency" };
    if (key === undefined || key === null) {
        check.refuse(argument, null, "an EncryptionKey or the ARN of a customer-managed key", `\`${argument}\` is missing; give an EncryptionKey or the full ARN of a customer-managed key`, { policy: "encryption-bucket-customer-key" });
        return { arn: "" };
    }
    if (typeof key === "string") {
        if (!isKmsKeyArn(key)) {
            check.refuse(
                argument,
                key,
                "an EncryptionKey or the ARN of a customer-managed key",
                `\`${argument}\` is "${key}"; give an EncryptionKey or the full ARN of a customer-managed key (arn:aws:kms:<region>:<account>:key/<id>), not an alias or key id`,
            );
            return { arn: key };
        }
        const keyRegion = parseArn(key)?.region;
        requireSameRegion(check, argument, keyRegion, region, `\`${argument}\` is a key in ${keyRegion}, but the component is in ${region}; use a key of the same region`, rule);
        return { arn: key };
    }
    requireSameRegion(check, argument, key.region, region, `\`${argument}\` is EncryptionKey in ${key.region}, but the component is in ${region}; use a key of the same region`, rule);
    return { arn: key.keyArn, component: key };
}

/** Are two key arguments the same key? */
export function sameKey(a: KeyInput, b: KeyInput): boolean {
    return a === b;
}
