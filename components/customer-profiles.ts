/**
 * An Amazon Connect Customer Profiles domain: the contact centre's richest personal data (names,
 * addresses, phone numbers, order history, the contacts a caller had), kept compliant by default.
 *
 * Profiles are encrypted with a customer-managed key instead of the AWS-managed key Customer
 * Profiles uses when none is given, and expire after at most the team's contact-data retention
 * limit (GDPR Art. 5(1)(e)): Customer Profiles deletes a profile's data that many days after it was
 * last updated. Failed ingestions from integrations go to a dead-letter queue that is itself
 * contact data: an SQS queue encrypted with the same key, keeping messages four days, which only
 * Customer Profiles of this account and domain may write to.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountIdOf, partitionOf, policyDocument, requireResourceName } from "./aws-names";
import { resolveKey, type KeyInput } from "./encryption-key";
import { limitsWith, requireInteger, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";

export interface CustomerProfilesDomainArgs {
    /** The domain name, unique in the account and region: letters, digits, '_' and '-', up to 64. */
    domainName: string;
    /** The customer-managed key for profiles and the dead-letter queue. */
    key: KeyInput;
    /** Days profile data is kept after its last update; default and maximum the team's contact-data limit. */
    expirationDays?: number;
    /** A dead-letter queue for failed ingestions; default true. */
    deadLetterQueue?: boolean;
    region?: string;
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

// SQS keeps a message four days unless told otherwise; a dead letter is read and fixed within days.
const DEAD_LETTER_RETENTION_SECONDS = 345_600;
const DOMAIN_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export class CustomerProfilesDomain extends pulumi.ComponentResource {
    readonly domain: aws.customerprofiles.Domain;
    readonly deadLetterQueue?: aws.sqs.Queue;
    readonly deadLetterQueuePolicy?: aws.sqs.QueuePolicy;
    readonly domainName: string;
    readonly domainArn: pulumi.Output<string>;
    readonly expirationDays: number;
    readonly region: string;

    constructor(name: string, args: CustomerProfilesDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("CustomerProfilesDomain", "contact-centre:profiles:CustomerProfilesDomain", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const domainName = args.domainName;
        if (typeof domainName !== "string" || !DOMAIN_NAME.test(domainName)) {
            check.refuse("domainName", domainName, "1 to 64 letters, digits, '_' and '-'", `\`domainName\` is ${JSON.stringify(domainName)}; use 1 to 64 letters, digits, '_' and '-'`);
        }
        const expirationDays = requireInteger(
            check,
            "expirationDays",
            args.expirationDays ?? limits.maxContactDataRetentionDays,
            1,
            limits.maxContactDataRetentionDays,
            "profiles are contact data, kept no longer than the team's contact-data retention limit",
            { setting: "maxContactDataRetentionDays", policy: "retention-contact-stores-retention" },
        );
        const key = resolveKey(check, "key", args.key, region);
        const withQueue = args.deadLetterQueue ?? true;
        const queueName = withQueue ? requireResourceName(check, "domainName", `${domainName}-dead-letters`, 80, domainName) : undefined;
        if (withQueue && key.component && !key.component.allowsCustomerProfilesQueues) {
            check.refuse(
                "key",
                `(EncryptionKey in ${key.component.region})`,
                "an EncryptionKey with `allowCustomerProfilesQueues: true`",
                "`key` does not let Customer Profiles write to a queue encrypted with it; set `allowCustomerProfilesQueues: true` on the EncryptionKey, or `deadLetterQueue: false`",
            );
        }
        check.settle();

        super("contact-centre:profiles:CustomerProfilesDomain", name, {}, opts);
        this.region = region;
        this.domainName = domainName;
        this.expirationDays = expirationDays;

        const account = accountIdOf(this);
        // The domain's ARN follows from its name, so the queue policy is complete during a first preview.
        const domainArn = pulumi.interpolate`arn:${partitionOf(region)}:profile:${region}:${account}:domains/${domainName}`;
        if (queueName) {
            this.deadLetterQueue = new aws.sqs.Queue(
                `${name}-dead-letters`,
                { name: queueName, kmsMasterKeyId: key.arn, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS, region, tags: args.tags },
                { parent: this },
            );
            this.deadLetterQueuePolicy = new aws.sqs.QueuePolicy(
                `${name}-dead-letters-policy`,
                {
                    queueUrl: this.deadLetterQueue.url,
                    // Built from the literal queue name, so the policy is known during a first preview too.
                    policy: pulumi.all([account, domainArn]).apply(([accountId, sourceArn]) =>
                        policyDocument([
                            {
                                Sid: "CustomerProfilesOfThisDomain",
                                Effect: "Allow",
                                Principal: { Service: "profile.amazonaws.com" },
                                Action: "sqs:SendMessage",
                                Resource: `arn:${partitionOf(region)}:sqs:${region}:${accountId}:${queueName}`,
                                Condition: { StringEquals: { "aws:SourceAccount": accountId, "aws:SourceArn": sourceArn } },
                            },
                        ]),
                    ),
                    region,
                },
                { parent: this },
            );
        }
        this.domain = new aws.customerprofiles.Domain(
            `${name}-domain`,
            {
                domainName,
                defaultEncryptionKey: key.arn,
                defaultExpirationDays: expirationDays,
                deadLetterQueueUrl: this.deadLetterQueue?.url,
                region,
                tags: args.tags,
            },
            { parent: this, dependsOn: this.deadLetterQueuePolicy ? [this.deadLetterQueuePolicy] : [] },
        );
        this.domainArn = this.domain.arn;

        this.registerOutputs({ domainName, domainArn: this.domainArn, deadLetterQueueUrl: this.deadLetterQueue?.url, expirationDays, region });
    }
}
