/**
 * Audit logs are kept long enough to investigate (PCI DSS 10.5.1: at least twelve months).
 *
 * A breach is often found months after it began; the access logs and trail logs that show what
 * was read are only evidence if they still exist then. A lifecycle rule written for a bucket's
 * other content (say, "expire everything after 30 days") silently deletes the logs too, and so
 * does a CloudWatch log group with short retention behind a trail. Keeping logs longer is never
 * the problem here, so no expiry at all is compliant for this control. Senders, log buckets and log
 * groups of either provider count: an aws-native bucket logs through its own `loggingConfiguration`
 * and keeps its rules in `lifecycleConfiguration`, an aws-native trail names its log group in
 * `cloudWatchLogsLogGroupArn`, and any of them may deliver to a resource of the other provider.
 */
import { stackControl, type ControlExample, type ExampleResource, type StackFindings } from "../control";
import { expiryDaysProperty, lifecycleRules, type LifecycleRule } from "../lib/bucket-lifecycle";
import { accessLogDeliveries } from "../lib/bucket-settings";
import { describeValue } from "../lib/describe";
import { ANY_LOG_GROUP, ANY_S3_BUCKET, ANY_TRAIL, isNativeType, LOG_GROUP, NATIVE, S3_BUCKET_LOGGING, TRAIL } from "../lib/resource-types";
import type { GraphResource, Reference, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    minAuditLogRetentionDays: number;
    externalLogDestinations: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";

const trailLogs: ExampleResource = { name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail-logs" } };
const accessLogs: ExampleResource = { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } };
const recordingsLogging: ExampleResource[] = [
    { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } },
    { name: "recordings-logging", type: LOGGING, props: { bucket: "acme-recordings", targetBucket: "acme-access-logs", targetPrefix: "recordings/" } },
];
const trail = (props: Record<string, unknown> = {}, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "audit",
    type: TRAIL,
    props: { s3BucketName: "acme-trail-logs", enableLogFileValidation: true, isMultiRegionTrail: true, ...props },
    ...extra,
});
const expiry = (bucket: unknown, days: unknown, prefix?: string, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "log-lifecycle",
    type: LIFECYCLE,
    props: { bucket, rules: [{ id: "expire-logs", status: "Enabled", filter: prefix === undefined ? {} : { prefix }, expiration: { days } }] },
    ...extra,
});
const logGroup = (retentionInDays: unknown): ExampleResource => ({ name: "trail-events", type: LOG_GROUP, props: { name: "/aws/cloudtrail/acme", retentionInDays } });
const logGroupArn = "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/cloudtrail/acme:*";
/** aws-native: the trail and the buckets carry the same settings under their own names. */
const nativeTrail = (props: Record<string, unknown> = {}, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    ...trail({ isLogging: true, ...props }, extra),
    type: NATIVE.TRAIL,
});
const nativeLogBucket = (name: string, bucketName: unknown, rules?: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name,
    type: NATIVE.S3_BUCKET,
    props: { ...(bucketName === undefined ? {} : { bucketName }), ...(rules === undefined ? {} : { lifecycleConfiguration: { rules } }) },
    ...extra,
});
const nativeExpiry = (days: unknown, prefix?: string) => [{ id: "expire-logs", status: "Enabled", expirationInDays: days, ...(prefix === undefined ? {} : { prefix }) }];
const nativeLogGroup = (retentionInDays?: unknown): ExampleResource => ({
    name: "trail-events",
    type: NATIVE.LOG_GROUP,
    props: { logGroupName: "/aws/cloudtrail/acme", ...(retentionInDays === undefined ? {} : { retentionInDays }) },
});
const example = (title: string, verdict: ControlExample["verdict"], resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({
    title,
    verdict,
    resources,
    config,
});

export const logRetentionMinimum = stackControl<Config>({
    name: "logging-log-retention-minimum",
    title: "Audit logs are kept at least the minimum retention period",
    area: "logging",
    description:
        "Buckets that receive audit logs (targets of S3 server access logging, declared by BucketLogging, inline on a classic " +
        "bucket, or by an aws-native bucket's `loggingConfiguration.destinationBucketName` (itself when left out), and the " +
        "`s3BucketName` of CloudTrail trails of either provider) keep them at least `minAuditLogRetentionDays`: every enabled " +
        "lifecycle rule whose prefix overlaps the log prefix (the logging `targetPrefix` / `logFilePrefix`; `<s3KeyPrefix>/AWSLogs/` " +
        "or `AWSLogs/` for trails) must not expire objects sooner, nor on a fixed date. No expiry at all is compliant. CloudWatch " +
        "log groups that trails deliver to (classic `cloudWatchLogsGroupArn`, aws-native `cloudWatchLogsLogGroupArn`; either " +
        "provider's log group) need `retentionInDays` of at least the minimum, or none (0 in the classic provider: never expire). " +
        "Log destinations outside the stack are violations unless listed in `externalLogDestinations`.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 33", "Art. 5(2)"], pciDss: ["10.5.1"], iso27001: ["A.8.15"] },
    remediation: [
        "Raise the lifecycle rule's `expiration.days` (aws-native: `expirationInDays`) on the log bucket to at least `minAuditLogRetentionDays` (365 for PCI DSS 10.5.1), or scope short-lived rules to prefixes the logs do not use.",
        "Set the trail's CloudWatch log group `retentionInDays` to 365 or more (CloudWatch accepts 365, 400, 545, 731, ...).",
        "For a central log-archive bucket in another account, list it in this policy's `externalLogDestinations` and keep the archive's retention evidence with your records.",
    ],
    parameters: {
        minAuditLogRetentionDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Shortest time, in days, audit logs must be kept (PCI DSS 10.5.1: twelve months).",
        },
        externalLogDestinations: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Log buckets and log groups outside this stack whose retention is kept and evidenced elsewhere (for example a central " +
                "log-archive account), by bucket name, log group name or ARN.",
        },
    },
    examples: [
        example("an access-log bucket whose logs expire after 400 days", "compliant", [...recordingsLogging, accessLogs, expiry("acme-access-logs", 400)]),
        example("a trail bucket without any expiry (logs kept for good)", "compliant", [trail(), trailLogs]),
        example("a trail bucket whose short rule covers only a scratch prefix, not AWSLogs/", "compliant", [trail(), trailLogs, expiry("acme-trail-logs", 7, "tmp/")]),
        example("a trail's CloudWatch log group that keeps events for a year", "compliant", [trail({ cloudWatchLogsGroupArn: logGroupArn }), trailLogs, logGroup(365)]),
        example("a trail delivering to a central log archive listed as external", "compliant", [trail({ s3BucketName: "org-log-archive" })], {
            externalLogDestinations: ["org-log-archive"],
        }),
        example("first preview: trail, log bucket and lifecycle related only through property dependencies", "compliant", [
            { name: "trail-logs", type: BUCKET, props: {} },
            trail({ s3BucketName: UNKNOWN }, { propertyDependencies: { s3BucketName: ["trail-logs"] } }),
            expiry(UNKNOWN, 400, undefined, { propertyDependencies: { bucket: ["trail-logs"] } }),
        ]),
        example("an access-log bucket that expires everything after 90 days", "violation", [...recordingsLogging, accessLogs, expiry("acme-access-logs", 90)]),
        example("a trail bucket whose AWSLogs/ prefix expires after 30 days", "violation", [trail(), trailLogs, expiry("acme-trail-logs", 30, "AWSLogs/")]),
        example("a trail with a key prefix whose logs expire after 180 days", "violation", [trail({ s3KeyPrefix: "trail" }), trailLogs, expiry("acme-trail-logs", 180, "trail/")]),
        example("a trail's CloudWatch log group that keeps events for 30 days", "violation", [trail({ cloudWatchLogsGroupArn: logGroupArn }), trailLogs, logGroup(30)]),
        example("a trail delivering to a bucket outside the stack", "violation", [trail({ s3BucketName: "org-log-archive" })]),
        example("first preview: a 30-day expiry is blocked although the log bucket's name is unknown", "violation", [
            { name: "trail-logs", type: BUCKET, props: {} },
            trail({ s3BucketName: UNKNOWN }, { propertyDependencies: { s3BucketName: ["trail-logs"] } }),
            expiry(UNKNOWN, 30, undefined, { propertyDependencies: { bucket: ["trail-logs"] } }),
        ]),
        example("first preview: the expiry period is an output not known yet", "deferred", [trail(), trailLogs, expiry("acme-trail-logs", UNKNOWN)]),
        example("first preview: the trail's bucket is an output that comes from no resource of the stack", "deferred", [trail({ s3BucketName: UNKNOWN })]),
        example("an aws-native trail whose aws-native log bucket keeps logs 400 days", "compliant", [nativeTrail(), nativeLogBucket("trail-logs", "acme-trail-logs", nativeExpiry(400))]),
        example("an aws-native trail whose aws-native log bucket expires everything after 30 days", "violation", [nativeTrail(), nativeLogBucket("trail-logs", "acme-trail-logs", nativeExpiry(30))]),
        example("an aws-native trail delivering to a classic bucket whose AWSLogs/ prefix expires after 30 days", "violation", [nativeTrail(), trailLogs, expiry("acme-trail-logs", 30, "AWSLogs/")]),
        example("an aws-native recordings bucket logging to a classic access-log bucket that keeps logs 400 days", "compliant", [
            { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", loggingConfiguration: { destinationBucketName: "acme-access-logs", logFilePrefix: "recordings/" } } },
            accessLogs,
            expiry("acme-access-logs", 400),
        ]),
        example("an aws-native recordings bucket whose access logs land in an aws-native bucket expiring their prefix after 90 days", "violation", [
            { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", loggingConfiguration: { destinationBucketName: "acme-access-logs", logFilePrefix: "recordings/" } } },
            nativeLogBucket("access-logs", "acme-access-logs", nativeExpiry(90, "recordings/")),
        ]),
        example("an aws-native trail's aws-native log group that keeps events for a year", "compliant", [nativeTrail({ cloudWatchLogsLogGroupArn: logGroupArn }), trailLogs, nativeLogGroup(365)]),
        example("an aws-native trail's aws-native log group without retentionInDays (never expires)", "compliant", [nativeTrail({ cloudWatchLogsLogGroupArn: logGroupArn }), trailLogs, nativeLogGroup()]),
        example("a classic trail's aws-native log group that keeps events for 30 days", "violation", [trail({ cloudWatchLogsGroupArn: logGroupArn }), trailLogs, nativeLogGroup(30)]),
        example("first preview: an aws-native trail and log bucket related only through property dependencies", "compliant", [
            nativeLogBucket("trail-logs", undefined, nativeExpiry(400)),
            nativeTrail({ s3BucketName: UNKNOWN }, { propertyDependencies: { s3BucketName: ["trail-logs"] } }),
        ]),
        example("first preview: an aws-native log bucket's lifecycleConfiguration is not known yet", "deferred", [
            nativeTrail(),
            { name: "trail-logs", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-trail-logs", lifecycleConfiguration: UNKNOWN } },
        ]),
    ],
    judges: [...ANY_S3_BUCKET, ...S3_BUCKET_LOGGING, ...ANY_LOG_GROUP, ...ANY_TRAIL],
    check(stack, config, findings) {
        const minDays = config.minAuditLogRetentionDays;
        const external = new Set(Array.isArray(config.externalLogDestinations) ? config.externalLogDestinations : []);
        const byBucket = new Map<GraphResource, LogDelivery[]>();
        for (const delivery of logDeliveries(stack)) {
            const { target, sender, label } = delivery;
            if (target.kind === "unknown") findings.undecided(sender, `${label}: the bucket it writes logs to is not known yet.`);
            if (target.kind === "external" && !isListed(external, target.value)) {
                findings.violation(
                    sender,
                    `${label} writes logs to bucket "${target.value}", which is not in this stack, so how long they are kept cannot be verified. ` +
                        "Define the log bucket in this stack, or list it in this policy's `externalLogDestinations` if a log archive elsewhere keeps them.",
                );
            }
            if (target.kind !== "resources") continue;
            for (const bucket of target.resources) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), delivery]);
        }
        for (const [bucket, deliveries] of byBucket) judgeLogBucket(stack, bucket, deliveries, minDays, findings);
        for (const trail of stack.ofType(ANY_TRAIL)) judgeTrailLogGroup(stack, trail, minDays, external, findings);
    },
});

/** Logs some resource writes into a bucket, under a key prefix. */
interface LogDelivery {
    sender: GraphResource;
    label: string;
    target: Reference;
    /** Key prefix the logs land under ("" for the whole bucket), or the unknown sentinel. */
    prefix: unknown;
}

const prefixOf = (value: unknown): unknown => (isUnknown(value) ? value : typeof value === "string" ? value : "");

function logDeliveries(stack: StackGraph): LogDelivery[] {
    // Server access logs, however either provider declares them, come from the one shared index.
    const deliveries: LogDelivery[] = accessLogDeliveries(stack).all.map((delivery) => ({
        sender: delivery.declaredBy,
        label: delivery.label.startsWith("its ") ? `S3 bucket '${delivery.declaredBy.name}' (${delivery.label.slice(4)})` : delivery.label,
        target: delivery.target,
        prefix: prefixOf(delivery.prefix),
    }));
    for (const trail of stack.ofType(ANY_TRAIL)) {
        const target = stack.resolve(trail, { property: "s3BucketName", targets: ANY_S3_BUCKET });
        const keyPrefix = trail.props["s3KeyPrefix"];
        // CloudTrail writes to <s3KeyPrefix>/AWSLogs/<account>/CloudTrail(-Digest)/...
        const prefix = isUnknown(keyPrefix) ? keyPrefix : typeof keyPrefix === "string" && keyPrefix !== "" ? `${keyPrefix}/AWSLogs/` : "AWSLogs/";
        deliveries.push({ sender: trail, label: `CloudTrail trail '${trail.name}'`, target, prefix });
    }
    return deliveries;
}

function isListed(external: ReadonlySet<string>, value: string): boolean {
    const name = value.replace(/^arn:[a-z-]+:s3:::/, "").replace(/^arn:[a-z-]+:logs:[^:]*:[^:]*:log-group:/, "").replace(/:\*$/, "");
    return external.has(value) || external.has(name);
}

type RuleVerdict = { kind: "keeps" } | { kind: "too-early"; detail: string } | { kind: "unknown" };

/** Does an enabled rule delete objects under `logPrefix` before `minDays`? */
function ruleVerdict(rule: LifecycleRule, logPrefix: unknown, minDays: number): RuleVerdict {
    const { expirationDays: days, expirationDate: date } = rule;
    if (isUnknown(days) || isUnknown(date)) return { kind: "unknown" };
    let detail: string | undefined;
    if (date !== undefined && date !== null) detail = `expires every object on the fixed date ${describeValue(date)}`;
    else if (days === undefined || days === null) return { kind: "keeps" };
    else if (typeof days !== "number") detail = `has \`${expiryDaysProperty(rule.declaredBy)}\` ${describeValue(days)}, not a number of days`;
    else if (days < minDays) detail = `expires objects after ${days} days`;
    else return { kind: "keeps" };
    if (isUnknown(rule.enabled) || isUnknown(rule.prefix) || isUnknown(logPrefix)) return { kind: "unknown" };
    if (rule.enabled !== true) return { kind: "keeps" };
    const rulePrefix = typeof rule.prefix === "string" ? rule.prefix : "";
    const prefix = typeof logPrefix === "string" ? logPrefix : "";
    // A rule for a parent prefix deletes all the logs; one for a sub-prefix deletes some of them.
    const overlaps = prefix.startsWith(rulePrefix) || rulePrefix.startsWith(prefix);
    return overlaps ? { kind: "too-early", detail } : { kind: "keeps" };
}

function judgeLogBucket(stack: StackGraph, bucket: GraphResource, deliveries: LogDelivery[], minDays: number, findings: StackFindings) {
    const declared = lifecycleRules(stack, bucket);
    const receives = deliveries.map((d) => `logs of ${d.label}${typeof d.prefix === "string" && d.prefix !== "" ? ` under \`${d.prefix}\`` : ""}`).join(", ");
    const undecided: string[] = [...declared.unknowns];
    let violated = false;
    for (const rule of declared.items) {
        const verdicts = deliveries.map((d) => ruleVerdict(rule, d.prefix, minDays));
        const early = verdicts.find((v): v is Extract<RuleVerdict, { kind: "too-early" }> => v.kind === "too-early");
        if (early) {
            violated = true;
            findings.violation(
                bucket,
                `S3 bucket '${bucket.name}' receives ${receives}, but '${rule.declaredBy.name}' ${rule.path} ${early.detail}; audit logs must be kept at ` +
                    `least ${minDays} days. Set \`${expiryDaysProperty(rule.declaredBy)}\` to ${minDays} or more, or limit the rule to prefixes the logs do not use.`,
            );
        } else if (verdicts.some((v) => v.kind === "unknown")) undecided.push(`'${rule.declaredBy.name}' ${rule.path}`);
    }
    if (!violated && undecided.length > 0) {
        findings.undecided(bucket, `S3 bucket '${bucket.name}' receives ${receives}; whether ${undecided.join(", ")} deletes them too early is not known yet.`);
    }
}

/** Where a trail names its CloudWatch log group: the classic and the CloudFormation spelling differ. */
function logGroupProperty(trail: GraphResource): string {
    return isNativeType(trail.type) ? "cloudWatchLogsLogGroupArn" : "cloudWatchLogsGroupArn";
}

function judgeTrailLogGroup(stack: StackGraph, trail: GraphResource, minDays: number, external: ReadonlySet<string>, findings: StackFindings) {
    const property = logGroupProperty(trail);
    const arn = trail.props[property];
    // CloudTrail wants the log group ARN with a trailing `:*`; the classic log group's own ARN has none.
    const value = typeof arn === "string" && !isUnknown(arn) ? arn.replace(/:\*$/, "") : arn;
    const reference = stack.resolve(trail, { property, value, targets: ANY_LOG_GROUP });
    const subject = `CloudTrail trail '${trail.name}'`;
    if (reference.kind === "unknown") findings.undecided(trail, `${subject}: its \`${property}\` is not known yet and comes from no log group of this stack.`);
    if (reference.kind === "external" && !isListed(external, reference.value)) {
        findings.violation(
            trail,
            `${subject} delivers events to log group ${describeValue(reference.value)}, which is not in this stack, so its retention cannot be verified. ` +
                "Define the log group here, or list it in this policy's `externalLogDestinations`.",
        );
    }
    if (reference.kind !== "resources") return;
    for (const group of reference.resources) {
        const days = group.props["retentionInDays"];
        const where = `CloudWatch log group '${group.name}' (events of ${subject})`;
        // Neither provider expires events without `retentionInDays`; the classic provider also reads 0 as "never".
        const forever = isNativeType(group.type) ? "or leave it unset to never expire" : "or 0 to never expire";
        if (isUnknown(days)) findings.undecided(group, `${where}: \`retentionInDays\` is not known yet.`);
        else if (days === undefined || days === null || days === 0) continue;
        else if (typeof days !== "number" || days < minDays) {
            findings.violation(
                group,
                `${where} has \`retentionInDays\` ${describeValue(days)}; audit logs must be kept at least ${minDays} days. ` +
                    `Set it to ${minDays} or more (${forever}).`,
            );
        }
    }
}
