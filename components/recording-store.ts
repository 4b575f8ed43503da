/**
 * An S3 bucket for contact data: call recordings, chat transcripts, scheduled reports or contact
 * evaluations, and the Contact Lens output Amazon Connect writes next to them.
 *
 * Everything the pack asks of a contact-data bucket is built in: SSE-KMS with a customer-managed
 * key and the S3 bucket key, SSE-C blocked, all public access blocked, ACLs disabled, versioning,
 * a whole-bucket lifecycle rule that expires objects within the retention limit (so the `Analysis/`
 * and `Evaluations/` prefixes Connect writes at the bucket root are covered too), old versions and
 * abandoned uploads cleaned up, a bucket policy that refuses plain HTTP, server access logging to a
 * separate log bucket, and no force-destroy. Object Lock is available in GOVERNANCE mode only, and
 * never longer than the retention period, so an erasure request (GDPR Art. 17) can still be honoured.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket } from "./access-log-bucket";
import { bucketArn, policyDocument, requireBucketName, tlsOnlyStatements } from "./aws-names";
import { baselineBucket } from "./bucket-baseline";
import { resolveKey, type KeyInput } from "./encryption-key";
import { limitsWith, requireInteger, requireSameRegion, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";

/** What the store holds; it names the bucket `<namePrefix>-<purpose>`. */
export type RecordingPurpose = "recordings" | "transcripts" | "reports" | "evaluations";

export interface RecordingStoreArgs {
    /** Prefix of the bucket name: the bucket is `<namePrefix>-<purpose>` unless `bucketName` is given. */
    namePrefix: string;
    /** Default "recordings". */
    purpose?: RecordingPurpose;
    /** The literal bucket name, when `<namePrefix>-<purpose>` does not suit. */
    bucketName?: string;
    /** The customer-managed key the objects are encrypted with; Connect storage configs should use the same. */
    key: KeyInput;
    region?: string;
    /** Days before S3 deletes an object; default and maximum the pack's retention limit (365). */
    retentionDays?: number;
    /** Shorter retention for some key prefixes, e.g. `{ "Analysis/": 90 }`; each within `retentionDays`. */
    prefixRetentionDays?: Readonly<Record<string, number>>;
    /** Days a replaced or deleted version is kept; default and maximum the pack's limit (30). */
    noncurrentVersionDays?: number;
    /** Days before an abandoned multipart upload is removed; default and maximum the pack's limit (7). */
    incompleteUploadDays?: number;
    /** Where S3 server access logs go; default a new AccessLogBucket `<bucket name>-access-logs`. */
    accessLogBucket?: AccessLogBucket;
    /** Object Lock default retention, in GOVERNANCE mode, at most `retentionDays`. */
    objectLock?: { days: number; mode?: "GOVERNANCE" | "COMPLIANCE" };
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

export class RecordingStore extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly policy: aws.s3.BucketPolicy;
    readonly accessLogBucket: AccessLogBucket;
    /** The literal bucket name, known before the bucket exists. */
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly region: string;
    /** The key argument, for components that must use the same key (Connect storage configs). */
    readonly key: KeyInput;
    readonly keyArn: pulumi.Output<string>;
    readonly retentionDays: number;

    constructor(name: string, args: RecordingStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("RecordingStore", "contact-centre:s3:RecordingStore", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const purpose = args.purpose ?? "recordings";
        // From JavaScript, or past the types, a missing prefix would name the bucket "undefined-recordings".
        if (!args.bucketName && (typeof args.namePrefix !== "string" || args.namePrefix === "")) {
            check.refuse("namePrefix", args.namePrefix ?? null, "a prefix for the bucket name", "`namePrefix` is missing; give a prefix for the bucket name (it is `<namePrefix>-<purpose>`), or `bucketName`");
        }
        const bucketName = args.bucketName
            ? requireBucketName(check, "bucketName", args.bucketName)
            : requireBucketName(check, "namePrefix", `${args.namePrefix}-${purpose}`, args.namePrefix);
        const key = resolveKey(check, "key", args.key, region);
        const retentionDays = requireInteger(
            check,
            "retentionDays",
            args.retentionDays ?? limits.maxContactDataRetentionDays,
            1,
            limits.maxContactDataRetentionDays,
            "the pack's retention limit for contact data",
            { setting: "maxContactDataRetentionDays", policy: "retention-contact-data-expiry" },
        );
        const noncurrentDays = requireInteger(
            check,
            "noncurrentVersionDays",
            args.noncurrentVersionDays ?? limits.maxNoncurrentDays,
            1,
            limits.maxNoncurrentDays,
            "replaced and erased recordings must not live on as old versions",
            { setting: "maxNoncurrentDays", policy: "retention-noncurrent-versions" },
        );
        const uploadDays = requireInteger(
            check,
            "incompleteUploadDays",
            args.incompleteUploadDays ?? limits.maxIncompleteUploadDays,
            1,
            limits.maxIncompleteUploadDays,
            "abandoned uploads hold contact data too",
            { setting: "maxIncompleteUploadDays", policy: "retention-noncurrent-versions" },
        );
        const prefixRules = Object.entries(args.prefixRetentionDays ?? {}).map(([prefix, days]) => {
            if (prefix === "" || /[*?]/.test(prefix)) {
                check.refuse(
                    "prefixRetentionDays",
                    prefix,
                    "literal, non-empty key prefixes",
                    `\`prefixRetentionDays\` has the prefix "${prefix}"; use a literal, non-empty key prefix such as "Analysis/"`,
                );
            }
            const argument = `prefixRetentionDays["${prefix}"]`;
            const rule = { setting: "maxContactDataRetentionDays", policy: "retention-contact-data-expiry" };
            return { prefix, days: requireInteger(check, argument, days, 1, retentionDays, "a prefix may only expire sooner than the bucket", rule) };
        });
        if (args.objectLock) {
            const rule = { setting: "erasureLimitDays", policy: "retention-object-lock-erasure" };
            if ((args.objectLock.mode ?? "GOVERNANCE") !== "GOVERNANCE") {
                check.refuse(
                    "objectLock.mode",
                    args.objectLock.mode,
                    "GOVERNANCE",
                    `\`objectLock.mode\` is "${args.objectLock.mode}"; contact data may only be locked in GOVERNANCE mode, because nobody can lift a COMPLIANCE lock to honour an erasure request (GDPR Art. 17)`,
                    { policy: rule.policy },
                );
            }
            requireInteger(check, "objectLock.days", args.objectLock.days, 1, Math.min(retentionDays, limits.erasureLimitDays), "a lock may not outlast the retention period", rule);
        }
        if (args.accessLogBucket) {
            if (!args.accessLogBucket.acceptsAccessLogsFrom(bucketName)) {
                check.refuse(
                    "accessLogBucket",
                    args.accessLogBucket.bucketName,
                    `an AccessLogBucket without a KMS key that accepts logs from ${bucketName}`,
                    `\`accessLogBucket\` '${args.accessLogBucket.bucketName}' does not accept S3 server access logs from ${bucketName} ` +
                        "(it is SSE-KMS encrypted or lists other `accessLogSourceBuckets`)",
                    { policy: "logging-recordings-access-logging" },
                );
            }
            requireSameRegion(
                check,
                "accessLogBucket",
                args.accessLogBucket.region,
                region,
                `\`accessLogBucket\` is in ${args.accessLogBucket.region}, but the store is in ${region}; S3 delivers access logs only within a region`,
                { policy: "logging-recordings-access-logging" },
            );
        }
        check.settle();

        super("contact-centre:s3:RecordingStore", name, {}, opts);
        this.bucketName = bucketName;
        this.bucketArn = bucketArn(region, bucketName);
        this.region = region;
        this.key = args.key;
        this.keyArn = pulumi.output(key.arn);
        this.retentionDays = retentionDays;

        const child = { parent: this };
        const baseline = baselineBucket(
            name,
            { bucketName, region, keyArn: key.arn, objectLock: args.objectLock && { mode: "GOVERNANCE", days: args.objectLock.days }, tags: args.tags },
            child,
        );
        this.bucket = baseline.bucket;
        const bucket = this.bucket.bucket;
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                region,
                rules: [
                    {
                        // One rule for the whole bucket: the storage prefixes and Connect's Analysis/ and
                        // Evaluations/ output all expire, and nothing is left behind as an old version.
                        id: "contact-data-retention",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: uploadDays },
                    },
                    ...prefixRules.map(({ prefix, days }, index) => ({
                        id: `shorter-retention-${index + 1}`,
                        status: "Enabled",
                        filter: { prefix },
                        expiration: { days },
                    })),
                ],
            },
            child,
        );
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, region, policy: policyDocument(tlsOnlyStatements(this.bucketArn)) },
            { parent: this, dependsOn: baseline.lockdown },
        );

        this.accessLogBucket =
            args.accessLogBucket ??
            new AccessLogBucket(
                `${name}-access-logs`,
                { namePrefix: bucketName, region, accessLogSourceBuckets: [bucketName], limits: args.limits, tags: args.tags },
                child,
            );
        new aws.s3.BucketLogging(
            `${name}-access-logging`,
            { bucket, region, targetBucket: this.accessLogBucket.bucket.bucket, targetPrefix: `${bucketName}/` },
            { parent: this, dependsOn: [this.accessLogBucket.policy] },
        );

        this.registerOutputs({
            bucketName,
            bucketArn: this.bucketArn,
            region,
            keyArn: this.keyArn,
            retentionDays,
            accessLogBucketName: this.accessLogBucket.bucketName,
        });
    }
}
