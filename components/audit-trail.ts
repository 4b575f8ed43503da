/**
 * A CloudTrail trail that records who touched the contact data: management events in every region,
 * and S3 object-level data events (reads and writes) on the recording stores, with log file
 * integrity validation, log files encrypted with a customer-managed key, delivered into a log bucket
 * that keeps them at least the audit minimum (PCI DSS 10.2.1, 10.3, 10.5.1; GDPR Art. 33 needs
 * them to find out what a breach touched).
 *
 * The trail's log bucket may be shared with the recording stores' S3 access logs (an
 * AccessLogBucket that names this trail in `cloudTrailNames`); otherwise the trail gets its own,
 * encrypted with the trail key. Without a key, the trail gets its own EncryptionKey too.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket } from "./access-log-bucket";
import { accountIdOf, requireBucketName, requireResourceName, trailArn } from "./aws-names";
import { EncryptionKey, resolveKey, type KeyInput } from "./encryption-key";
import { limitsWith, requireInteger, requireSameRegion, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";
import type { RecordingStore } from "./recording-store";

export interface AuditTrailArgs {
    /** Prefix of the trail name `<namePrefix>-audit` and of the buckets and keys it creates. */
    namePrefix: string;
    /** The literal trail name, when `<namePrefix>-audit` does not suit. */
    trailName?: string;
    /** Home region of the trail (it records every region); default the stack's aws:region. */
    region?: string;
    /** The stores whose object reads and writes are recorded. */
    recordingStores: readonly RecordingStore[];
    /** Key for the log files; default a new EncryptionKey that only this trail may use. */
    key?: KeyInput;
    /** Bucket for the log files; default a new one encrypted with the trail key. It must name this trail in `cloudTrailNames`. */
    logBucket?: AccessLogBucket;
    /** Days the trail's own log bucket keeps logs; default 400, at least the audit minimum. */
    logRetentionDays?: number;
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

export class AuditTrail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    readonly logBucket: AccessLogBucket;
    readonly encryptionKey?: EncryptionKey;
    readonly trailName: string;
    /** The trail's ARN, built from its literal name and known during preview. */
    readonly trailArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
    readonly logBucketName: string;
    readonly logBucketArn: string;
    readonly region: string;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("AuditTrail", "contact-centre:cloudtrail:AuditTrail", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const trailName = args.trailName
            ? requireResourceName(check, "trailName", args.trailName, 128)
            : requireResourceName(check, "namePrefix", `${args.namePrefix}-audit`, 128, args.namePrefix);
        if (args.recordingStores.length === 0) {
            check.refuse(
                "recordingStores",
                [],
                "one or more RecordingStores",
                "`recordingStores` is empty; name the RecordingStores whose object access the trail records",
                { policy: "logging-cloudtrail-data-events" },
            );
        }
        for (const store of args.recordingStores) {
            requireSameRegion(
                check,
                "recordingStores",
                store.region,
                region,
                `recording store ${store.bucketName} is in ${store.region}, but the trail's home region is ${region}; keep them in one region`,
            );
        }
        const givenKey = args.key === undefined ? undefined : resolveKey(check, "key", args.key, region);
        if (givenKey?.component && !givenKey.component.allowsCloudTrail(trailName)) {
            check.refuse(
                "key",
                "(EncryptionKey)",
                `an EncryptionKey whose \`allowCloudTrailNames\` has "${trailName}"`,
                `\`key\` does not let the trail "${trailName}" encrypt with it; add it to the EncryptionKey's \`allowCloudTrailNames\``,
            );
        }
        if (args.logBucket) {
            if (!args.logBucket.cloudTrailNames.includes(trailName)) {
                check.refuse(
                    "logBucket",
                    args.logBucket.bucketName,
                    `an AccessLogBucket whose \`cloudTrailNames\` has "${trailName}"`,
                    `\`logBucket\` '${args.logBucket.bucketName}' does not let the trail "${trailName}" write; add it to the AccessLogBucket's \`cloudTrailNames\``,
                );
            }
            requireSameRegion(
                check,
                "logBucket",
                args.logBucket.region,
                region,
                `\`logBucket\` is in ${args.logBucket.region}, but the trail's home region is ${region}; keep audit logs in the trail's region`,
            );
            if (args.logRetentionDays !== undefined) {
                check.refuse(
                    "logRetentionDays",
                    args.logRetentionDays,
                    "unset when `logBucket` is given",
                    "`logRetentionDays` applies only to the trail's own log bucket; set `retentionDays` on the given `logBucket` instead",
                );
            }
        } else {
            if (!check.refused(args.trailName ? "trailName" : "namePrefix")) {
                requireBucketName(check, args.trailName ? "trailName" : "namePrefix", `${trailName}-logs`, args.trailName ?? args.namePrefix);
            }
            if (args.logRetentionDays !== undefined) {
                requireInteger(check, "logRetentionDays", args.logRetentionDays, limits.minAuditLogRetentionDays, 36500, "audit logs are kept at least the audit minimum", {
                    setting: "minAuditLogRetentionDays",
                    policy: "logging-log-retention-minimum",
                });
            }
        }
        check.settle();

        super("contact-centre:cloudtrail:AuditTrail", name, {}, opts);
        this.region = region;
        this.trailName = trailName;
        const child = { parent: this };

        if (givenKey) {
            this.keyArn = pulumi.output(givenKey.arn);
        } else {
            this.encryptionKey = new EncryptionKey(
                `${name}-key`,
                {
                    description: `Log files of the CloudTrail trail ${trailName}`,
                    aliasName: `alias/${trailName}`,
                    region,
                    allowConnect: false,
                    allowCloudWatchLogs: false,
                    allowCloudTrailNames: [trailName],
                    limits: args.limits,
                    tags: args.tags,
                },
                child,
            );
            this.keyArn = this.encryptionKey.keyArn;
        }
        this.logBucket =
            args.logBucket ??
            new AccessLogBucket(
                `${name}-logs`,
                {
                    namePrefix: args.namePrefix,
                    bucketName: `${trailName}-logs`,
                    region,
                    retentionDays: args.logRetentionDays,
                    cloudTrailNames: [trailName],
                    // Nothing delivers S3 access logs here, so the bucket itself can use the trail key.
                    key: this.encryptionKey ?? args.key,
                    limits: args.limits,
                    tags: args.tags,
                },
                child,
            );
        this.logBucketName = this.logBucket.bucketName;
        this.logBucketArn = this.logBucket.bucketArn;
        this.trailArn = accountIdOf(this).apply((accountId) => trailArn(region, accountId, trailName));

        this.trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: trailName,
                s3BucketName: this.logBucket.bucket.bucket,
                kmsKeyId: this.keyArn,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogging: true,
                eventSelectors: [
                    {
                        readWriteType: "All",
                        includeManagementEvents: true,
                        dataResources: [{ type: "AWS::S3::Object", values: args.recordingStores.map((store) => `${store.bucketArn}/`) }],
                    },
                ],
                region,
                tags: args.tags,
            },
            // CloudTrail checks the bucket policy and the key policy when the trail is created.
            { parent: this, dependsOn: [this.logBucket.policy, ...(this.encryptionKey ? [this.encryptionKey.key] : [])] },
        );

        this.registerOutputs({ trailName, trailArn: this.trailArn, keyArn: this.keyArn, logBucketName: this.logBucketName, region });
    }
}
