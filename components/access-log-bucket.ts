/**
 * The bucket that audit logs go to: S3 server access logs of the recording stores, and CloudTrail
 * log files.
 *
 * S3 delivers server access logs only to buckets encrypted with SSE-S3, so this bucket uses SSE-S3
 * (AES256) by default; CloudTrail encrypts its own log files with the trail's KMS key whatever the
 * bucket's default. A bucket that receives only CloudTrail logs may take a KMS key instead. Either
 * way it refuses plain HTTP and public access, owns every object it receives, keeps logs at least
 * the audit minimum (PCI DSS 10.5.1) and lets only the named log sources of this account write.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountIdOf, bucketArn, policyDocument, requireBucketName, requireResourceName, tlsOnlyStatements, trailArn } from "./aws-names";
import { baselineBucket } from "./bucket-baseline";
import { resolveKey, type KeyInput } from "./encryption-key";
import { limitsWith, requireInteger, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";

export interface AccessLogBucketArgs {
    /** Prefix of the bucket name: the bucket is `<namePrefix>-access-logs` unless `bucketName` is given. */
    namePrefix: string;
    /** The literal bucket name, when `<namePrefix>-access-logs` does not suit. */
    bucketName?: string;
    region?: string;
    /** Days logs are kept; default 400, at least the audit minimum (365). */
    retentionDays?: number;
    /**
     * Buckets (by name) whose S3 server access logs may be delivered here. Default: any bucket of this
     * account, which is what RecordingStores that share this bucket need; list them to narrow it.
     */
    accessLogSourceBuckets?: readonly string[];
    /** Names of CloudTrail trails of this account that deliver their log files here. */
    cloudTrailNames?: readonly string[];
    /**
     * Encrypt with this KMS key instead of SSE-S3. Only for a bucket that receives CloudTrail logs
     * alone: S3 cannot deliver server access logs to an SSE-KMS bucket.
     */
    key?: KeyInput;
    /** Object Lock default retention for the logs (COMPLIANCE mode is allowed for audit logs). */
    objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

/** Logs are kept a little past the twelve-month audit minimum, on a CloudWatch-compatible figure. */
const DEFAULT_LOG_RETENTION_DAYS = 400;
/** Replaced or deleted log objects stay recoverable this long. */
const LOG_NONCURRENT_DAYS = 30;
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

export class AccessLogBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly policy: aws.s3.BucketPolicy;
    /** The literal bucket name, known before the bucket exists. */
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly region: string;
    readonly retentionDays: number;
    /** False when the bucket is encrypted with a KMS key and S3 cannot deliver access logs to it. */
    readonly acceptsAccessLogs: boolean;
    /** Buckets allowed to deliver access logs here; undefined means any bucket of the account. */
    readonly accessLogSourceBuckets: readonly string[] | undefined;
    readonly cloudTrailNames: readonly string[];

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("AccessLogBucket", "contact-centre:s3:AccessLogBucket", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const bucketName = args.bucketName
            ? requireBucketName(check, "bucketName", args.bucketName)
            : requireBucketName(check, "namePrefix", `${args.namePrefix}-access-logs`, args.namePrefix);
        const retentionDays = requireInteger(
            check,
            "retentionDays",
            args.retentionDays ?? Math.max(DEFAULT_LOG_RETENTION_DAYS, limits.minAuditLogRetentionDays),
            limits.minAuditLogRetentionDays,
            36500,
            "audit logs are kept at least the audit minimum",
            { setting: "minAuditLogRetentionDays", policy: "logging-log-retention-minimum" },
        );
        const sources = args.accessLogSourceBuckets?.map((source) => requireBucketName(check, "accessLogSourceBuckets", source));
        if (sources !== undefined && sources.length === 0) {
            check.refuse(
                "accessLogSourceBuckets",
                [],
                "bucket names, or unset for any bucket of this account",
                "`accessLogSourceBuckets` is empty; name the buckets whose access logs come here, or leave it unset for any bucket of this account",
            );
        }
        const trailNames = (args.cloudTrailNames ?? []).map((trail) => requireResourceName(check, "cloudTrailNames", trail, 128));
        const key = args.key === undefined ? undefined : resolveKey(check, "key", args.key, region);
        if (key && sources !== undefined) {
            check.refuse(
                "key",
                typeof args.key === "string" ? args.key : "(EncryptionKey)",
                "unset when `accessLogSourceBuckets` is given",
                "`key` and `accessLogSourceBuckets` exclude each other: S3 cannot deliver server access logs to an SSE-KMS bucket; leave `key` unset",
            );
        }
        if (args.objectLock) {
            requireInteger(check, "objectLock.days", args.objectLock.days, 1, retentionDays, "a lock cannot outlast the logs' own expiry");
        }
        check.settle();

        super("contact-centre:s3:AccessLogBucket", name, {}, opts);
        this.bucketName = bucketName;
        this.bucketArn = bucketArn(region, bucketName);
        this.region = region;
        this.retentionDays = retentionDays;
        this.acceptsAccessLogs = key === undefined;
        this.accessLogSourceBuckets = key === undefined ? sources : [];
        this.cloudTrailNames = trailNames;

        const child = { parent: this };
        // With ACLs disabled, log delivery is granted through the bucket policy below, not through ACLs.
        const baseline = baselineBucket(name, { bucketName, region, keyArn: key?.arn, objectLock: args.objectLock, tags: args.tags }, child);
        this.bucket = baseline.bucket;
        const bucket = this.bucket.bucket;
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                region,
                rules: [
                    {
                        id: "audit-log-retention",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: LOG_NONCURRENT_DAYS },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
                    },
                ],
            },
            child,
        );

        const arn = this.bucketArn;
        const policy = accountIdOf(this).apply((accountId) => {
            const statements = tlsOnlyStatements(arn);
            if (this.acceptsAccessLogs) {
                statements.push({
                    Sid: "AllowServerAccessLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${arn}/*`,
                    Condition: {
                        StringEquals: { "aws:SourceAccount": accountId },
                        ...(sources !== undefined ? { ArnLike: { "aws:SourceArn": sources.map((source) => bucketArn(region, source)) } } : {}),
                    },
                });
            }
            if (trailNames.length > 0) {
                const trails = trailNames.map((trail) => trailArn(region, accountId, trail));
                statements.push(
                    {
                        Sid: "AllowCloudTrailAclCheck",
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "s3:GetBucketAcl",
                        Resource: arn,
                        Condition: { StringEquals: { "aws:SourceArn": trails, "aws:SourceAccount": accountId } },
                    },
                    {
                        Sid: "AllowCloudTrailLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: "cloudtrail.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: `${arn}/AWSLogs/${accountId}/*`,
                        Condition: { StringEquals: { "aws:SourceArn": trails, "aws:SourceAccount": accountId } },
                    },
                );
            }
            return policyDocument(statements);
        });
        this.policy = new aws.s3.BucketPolicy(`${name}-policy`, { bucket, region, policy }, { parent: this, dependsOn: baseline.lockdown });

        this.registerOutputs({ bucketName, bucketArn: this.bucketArn, region, retentionDays });
    }

    /** May S3 deliver the server access logs of this bucket here? */
    acceptsAccessLogsFrom(sourceBucketName: string): boolean {
        return this.acceptsAccessLogs && (this.accessLogSourceBuckets === undefined || this.accessLogSourceBuckets.includes(sourceBucketName));
    }
}
