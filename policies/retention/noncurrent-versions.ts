/**
 * Deleted contact data is really deleted.
 *
 * On a versioned bucket, a lifecycle expiry or an erasure request only adds a delete marker: the
 * recording stays as a noncurrent version, billed and readable, until a noncurrent-version rule
 * removes it. Incomplete multipart uploads are invisible in listings and hold partial recordings
 * until aborted. Both defeat storage limitation (GDPR Art. 5(1)(e)) and erasure (Art. 17).
 * An aws-native bucket declares versioning (`versioningConfiguration.status`) and its rules
 * (`lifecycleConfiguration.rules`) itself; S3 versions every bucket with Object Lock either way.
 */
import { stackControl, type ExampleResource } from "../control";
import { lifecycleRules, lifecycleRulesHome, ruleCovers, versioningOf, type LifecycleRule } from "../lib/bucket-lifecycle";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { ANY_S3_BUCKET, CONNECT_STORAGE_CONFIG, isNativeType, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    maxNoncurrentDays: number;
    maxIncompleteUploadDays: number;
    contactDataBuckets: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";

const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const storage: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" } } },
};
const versioning: ExampleResource = { name: "recordings-versioning", type: VERSIONING, props: { bucket: "acme-recordings", versioningConfiguration: { status: "Enabled" } } };
const rule = (extra: Record<string, unknown>) => ({ id: "expire", status: "Enabled", filter: {}, expiration: { days: 365 }, ...extra });
const lifecycle = (...rules: Record<string, unknown>[]): ExampleResource => ({ name: "recordings-lifecycle", type: LIFECYCLE, props: { bucket: "acme-recordings", rules } });
const complete = rule({ noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } });
/** An aws-native recordings bucket: versioning and lifecycle rules are its own properties. */
const nativeRecordings = (props: Record<string, unknown>): ExampleResource => ({ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", ...props } });
const nativeRules = (...rules: Record<string, unknown>[]) => ({ lifecycleConfiguration: { rules: rules.map((r) => ({ status: "Enabled", expirationInDays: 365, ...r })) } });
const nativeVersioned = { versioningConfiguration: { status: "Enabled" } };

export const noncurrentVersions = stackControl<Config>({
    name: "retention-noncurrent-versions",
    title: "Contact data buckets expire old versions and abort incomplete uploads",
    area: "retention",
    description:
        "Every bucket that receives contact data aborts incomplete multipart uploads within `maxIncompleteUploadDays`, " +
        "and, when versioning is on, expires noncurrent versions within `maxNoncurrentDays`, through enabled lifecycle " +
        "rules that apply to the whole bucket. Versioning is read from `aws.s3.BucketVersioning`, a classic bucket's inline " +
        "`versioning`, an `aws-native:s3:Bucket`'s `versioningConfiguration.status`, or Object Lock (which versions the bucket); " +
        "rules from lifecycle configuration resources, inline `lifecycleRules` or an aws-native bucket's `lifecycleConfiguration.rules`.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 5(1)(e)", "Art. 17"], pciDss: ["3.2.1"], iso27001: ["A.8.10"] },
    remediation: [
        "Add `noncurrentVersionExpiration: { noncurrentDays: 30 }` to a whole-bucket lifecycle rule of each versioned contact data bucket.",
        "Add `abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }` to a whole-bucket lifecycle rule.",
        "On an aws-native bucket, put both in a rule of its `lifecycleConfiguration.rules` without `prefix`, `tagFilters` or size bounds.",
    ],
    parameters: {
        maxNoncurrentDays: { type: "integer", minimum: 1, default: 30, description: "Days a replaced or deleted version may be kept." },
        maxIncompleteUploadDays: { type: "integer", minimum: 1, default: 7, description: "Days an incomplete multipart upload may be kept." },
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        { title: "a versioned recordings bucket expiring old versions and aborting uploads", verdict: "compliant", resources: [recordings, storage, versioning, lifecycle(complete)] },
        { title: "an unversioned recordings bucket aborting uploads", verdict: "compliant", resources: [recordings, storage, lifecycle(rule({ abortIncompleteMultipartUpload: { daysAfterInitiation: 3 } }))] },
        {
            title: "a versioned recordings bucket whose deleted recordings live on as old versions",
            verdict: "violation",
            resources: [recordings, storage, versioning, lifecycle(rule({ abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }))],
        },
        { title: "a recordings bucket keeping incomplete uploads", verdict: "violation", resources: [recordings, storage, lifecycle(rule({}))] },
        {
            title: "a bucket made versioned inline, with old versions kept 90 days",
            verdict: "violation",
            resources: [
                { ...recordings, props: { bucket: "acme-recordings", versioning: { enabled: true } } },
                storage,
                lifecycle(rule({ noncurrentVersionExpiration: { noncurrentDays: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })),
            ],
        },
        {
            title: "first preview: whether versioning is on is not known yet",
            verdict: "deferred",
            resources: [recordings, storage, { ...versioning, props: { bucket: "acme-recordings", versioningConfiguration: { status: UNKNOWN } } }, lifecycle(rule({ abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }))],
        },
        {
            title: "a versioned aws-native recordings bucket, written by a classic storage config, expiring old versions and aborting uploads",
            verdict: "compliant",
            resources: [nativeRecordings({ ...nativeVersioned, ...nativeRules({ noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }) }), storage],
        },
        {
            title: "a versioned aws-native recordings bucket whose deleted recordings live on as old versions",
            verdict: "violation",
            resources: [nativeRecordings({ ...nativeVersioned, ...nativeRules({ abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }) }), storage],
        },
        {
            title: "an aws-native bucket with Object Lock keeping old versions 90 days through the deprecated noncurrentVersionExpirationInDays",
            verdict: "violation",
            resources: [nativeRecordings({ objectLockEnabled: true, ...nativeRules({ noncurrentVersionExpirationInDays: 90, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }) }), storage],
        },
        {
            title: "an aws-native recordings bucket keeping incomplete uploads",
            verdict: "violation",
            resources: [nativeRecordings(nativeRules({})), storage],
        },
        {
            title: "first preview: whether an aws-native bucket is versioned is not known yet",
            verdict: "deferred",
            resources: [nativeRecordings({ versioningConfiguration: { status: UNKNOWN }, ...nativeRules({ abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }) }), storage],
        },
    ],
    judges: ANY_S3_BUCKET,
    check(stack, config, findings) {
        for (const { bucket } of contactDataBuckets(stack, config.contactDataBuckets).buckets.values()) {
            const subject = `S3 bucket '${bucket.name}'`;
            const declared = lifecycleRules(stack, bucket);
            const pending = declared.unknowns.length > 0;
            const uploads = wholeBucketRule(declared.items, (r) => r.abortIncompleteUploadDays, config.maxIncompleteUploadDays);
            if (uploads === "missing" && !pending) {
                findings.violation(
                    bucket,
                    `${subject} holds contact data but no enabled whole-bucket lifecycle rule aborts incomplete multipart uploads within ` +
                        `${config.maxIncompleteUploadDays} days; add \`abortIncompleteMultipartUpload: { daysAfterInitiation: ${config.maxIncompleteUploadDays} }\` ` +
                        `to a rule in ${lifecycleRulesHome(bucket, declared.items)}.`,
                );
            } else if (uploads !== "present") {
                findings.undecided(bucket, `${subject}: whether incomplete uploads are aborted in time is not known yet.`);
            }
            const versioning = versioningOf(stack, bucket);
            if (versioning === "unknown") {
                findings.undecided(bucket, `${subject}: whether versioning is enabled${isNativeType(bucket.type) ? " (`versioningConfiguration.status`)" : ""} is not known yet.`);
                continue;
            }
            if (versioning !== "enabled") continue;
            const versions = wholeBucketRule(declared.items, (r) => r.noncurrentDays, config.maxNoncurrentDays);
            if (versions === "missing" && !pending) {
                findings.violation(
                    bucket,
                    `${subject} is versioned but no enabled whole-bucket lifecycle rule expires noncurrent versions within ` +
                        `${config.maxNoncurrentDays} days, so expired and erased recordings stay as old versions; add ` +
                        `\`noncurrentVersionExpiration: { noncurrentDays: ${config.maxNoncurrentDays} }\` to a rule in ${lifecycleRulesHome(bucket, declared.items)}.`,
                );
            } else if (versions !== "present") {
                findings.undecided(bucket, `${subject}: whether noncurrent versions expire in time is not known yet.`);
            }
        }
    },
});

function wholeBucketRule(rules: LifecycleRule[], daysOf: (rule: LifecycleRule) => unknown, maxDays: number): "present" | "missing" | "unknown" {
    let unknown = false;
    for (const rule of rules) {
        const covers = ruleCovers(rule, "");
        const days = daysOf(rule);
        if (covers === "unknown" || isUnknown(rule.enabled) || isUnknown(days)) {
            unknown = true;
            continue;
        }
        if (covers && rule.enabled === true && typeof days === "number" && days >= 1 && days <= maxDays) return "present";
    }
    return unknown ? "unknown" : "missing";
}
