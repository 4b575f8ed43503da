/**
 * Object Lock must not outlive the right to erasure.
 *
 * In COMPLIANCE mode nobody, the root user included, can delete a locked object version or shorten
 * its lock until it expires. A default retention longer than the erasure limit on a bucket of
 * contact data makes GDPR Art. 17 requests and the storage limit impossible to honour. GOVERNANCE
 * mode can be bypassed with `s3:BypassGovernanceRetention`, and audit-log buckets may keep their
 * logs locked as long as they need: neither is judged here. The classic inline block and the
 * aws-native bucket's `objectLockConfiguration.rule.defaultRetention` have the same shape.
 */
import { stackControl, type ExampleResource } from "../control";
import { objectLockRetention } from "../lib/bucket-lifecycle";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { describeValue } from "../lib/describe";
import { ANY_S3_BUCKET, CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    erasureLimitDays: number;
    contactDataBuckets: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings", objectLockEnabled: true } };
const storage: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" } } },
};
const lock = (mode: unknown, retention: Record<string, unknown>, bucket = "acme-recordings"): ExampleResource => ({
    name: `${bucket}-lock`,
    type: LOCK,
    props: { bucket, rule: { defaultRetention: { mode, ...retention } } },
});

/** An aws-native bucket carries its Object Lock default retention itself. */
const nativeLocked = (mode: unknown, retention: Record<string, unknown>, bucketName = "acme-recordings", name = "recordings"): ExampleResource => ({
    name,
    type: NATIVE.S3_BUCKET,
    props: { bucketName, objectLockEnabled: true, objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode, ...retention } } } },
});

export const objectLockErasure = stackControl<Config>({
    name: "retention-object-lock-erasure",
    title: "Object Lock on contact data does not outlast the erasure limit",
    area: "retention",
    description:
        "A bucket that receives contact data has no Object Lock default retention in COMPLIANCE mode longer than " +
        "`erasureLimitDays`: such locks cannot be lifted by anyone and would keep recordings past the point where GDPR " +
        "requires their erasure. The default retention is read from `aws.s3.BucketObjectLockConfiguration` `rule`, or from the " +
        "`objectLockConfiguration.rule.defaultRetention` of a classic or `aws-native:s3:Bucket`. GOVERNANCE mode, and locks on " +
        "buckets that hold only logs, are allowed.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 17", "Art. 5(1)(e)"], pciDss: ["3.2.1"], iso27001: ["A.8.10"] },
    remediation: [
        'Use `mode: "GOVERNANCE"` for recordings, or a COMPLIANCE retention no longer than the erasure limit (on an aws-native bucket: `objectLockConfiguration.rule.defaultRetention`).',
        "Keep long COMPLIANCE locks for audit-log buckets only.",
    ],
    parameters: {
        erasureLimitDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Longest COMPLIANCE-mode lock, in days, allowed on contact data (years count as 365 days).",
        },
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        { title: "recordings locked in GOVERNANCE mode for 7 years", verdict: "compliant", resources: [recordings, storage, lock("GOVERNANCE", { years: 7 })] },
        { title: "recordings locked in COMPLIANCE mode for 90 days", verdict: "compliant", resources: [recordings, storage, lock("COMPLIANCE", { days: 90 })] },
        { title: "recordings locked in COMPLIANCE mode for 7 years", verdict: "violation", resources: [recordings, storage, lock("COMPLIANCE", { years: 7 })] },
        {
            title: "an inline COMPLIANCE lock of 400 days on a recordings bucket",
            verdict: "violation",
            resources: [
                {
                    ...recordings,
                    props: { bucket: "acme-recordings", objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", days: 400 } } } },
                },
                storage,
            ],
        },
        {
            title: "an audit-log bucket locked in COMPLIANCE mode for 7 years",
            verdict: "compliant",
            resources: [{ name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail", objectLockEnabled: true } }, lock("COMPLIANCE", { years: 7 }, "acme-trail")],
        },
        { title: "first preview: the lock mode is not known yet", verdict: "deferred", resources: [recordings, storage, lock(UNKNOWN, { years: 7 })] },
        { title: "an aws-native recordings bucket, written by a classic storage config, locked in GOVERNANCE mode for 7 years", verdict: "compliant", resources: [nativeLocked("GOVERNANCE", { years: 7 }), storage] },
        { title: "an aws-native recordings bucket locked in COMPLIANCE mode for 7 years", verdict: "violation", resources: [nativeLocked("COMPLIANCE", { years: 7 }), storage] },
        {
            title: "an aws-native audit-log bucket locked in COMPLIANCE mode for 7 years",
            verdict: "compliant",
            resources: [nativeLocked("COMPLIANCE", { years: 7 }, "acme-trail", "trail-logs")],
        },
        {
            title: "first preview: an aws-native bucket's objectLockConfiguration is not known yet",
            verdict: "deferred",
            resources: [{ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", objectLockEnabled: true, objectLockConfiguration: UNKNOWN } }, storage],
        },
    ],
    judges: ANY_S3_BUCKET,
    check(stack, config, findings) {
        for (const { bucket } of contactDataBuckets(stack, config.contactDataBuckets).buckets.values()) {
            const subject = `S3 bucket '${bucket.name}'`;
            const retention = objectLockRetention(stack, bucket);
            for (const part of retention.unknowns) findings.undecided(bucket, `${subject}: its Object Lock depends on ${part}, not known yet.`);
            for (const { declaredBy, path, mode, days } of retention.items) {
                if (isUnknown(mode) || isUnknown(days)) {
                    findings.undecided(bucket, `${subject}: the Object Lock default retention of '${declaredBy.name}' (\`${path}\`) is not known yet.`);
                } else if (mode === "COMPLIANCE" && typeof days === "number" && days > config.erasureLimitDays) {
                    findings.violation(
                        bucket,
                        `${subject} holds contact data and '${declaredBy.name}' \`${path}\` locks it in COMPLIANCE mode for ${describeValue(days)} days, ` +
                            `longer than the erasure limit of ${config.erasureLimitDays} days: nobody could delete it when GDPR requires. ` +
                            `Set \`${path}.mode\` to "GOVERNANCE", or its \`days\` / \`years\` to at most ${config.erasureLimitDays} days.`,
                    );
                }
            }
        }
    },
});
