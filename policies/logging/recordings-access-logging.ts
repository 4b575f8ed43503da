/**
 * Contact data buckets keep a record of every request (S3 server access logs).
 *
 * Recordings and transcripts are read by people and by tools; a breach assessment (GDPR Art. 33:
 * what was accessed, when, by whom) and PCI DSS 10.2.1 both need a record of those requests.
 * CloudTrail data events record API calls, but S3 server access logs are the bucket's own record,
 * kept at no charge, and also show requests CloudTrail does not (anonymous and failed ones).
 * S3 writes the logs into a target bucket: the target must be another bucket (a bucket logging to
 * itself writes a log for each log it writes) and, since logs name objects and requesters, it must
 * sit in an allowed region too. A target outside the stack cannot be shown to do either.
 */
import { stackControl, type ControlExample, type ExampleResource, type StackFindings } from "../control";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { isRecord } from "../lib/describe";
import { effectiveRegion } from "../lib/effective-region";
import { allowedRegions, REGION_PROFILES } from "../lib/regions";
import { REGION_PARAMETERS } from "../residency/region-parameters";
import { CONNECT_STORAGE_CONFIG, S3_BUCKET, S3_BUCKET_LOGGING } from "../lib/resource-types";
import type { GraphResource, Reference, StackGraph } from "../lib/stack-graph";
import { UNKNOWN } from "../lib/unknown";

interface Config {
    regionProfile: string;
    regions: string[];
    contactDataBuckets: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const accessLogs: ExampleResource = { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } };
const callRecordings: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" } } },
};
/** The storage config at first preview: its bucket name comes from the bucket resource, not known yet. */
const previewCallRecordings: ExampleResource = {
    ...callRecordings,
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "connect/acme" } } },
    propertyDependencies: { storageConfig: ["recordings"] },
};
const logging = (targetBucket: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "recordings-logging",
    type: LOGGING,
    props: { bucket: "acme-recordings", targetBucket, targetPrefix: "recordings/" },
    ...extra,
});
const example = (title: string, verdict: ControlExample["verdict"], resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({
    title,
    verdict,
    resources,
    config,
});

export const recordingsAccessLogging = stackControl<Config>({
    name: "logging-recordings-access-logging",
    title: "Contact data buckets log every request to a separate bucket in an allowed region",
    area: "logging",
    description:
        "Every bucket that receives contact data (the target of an Amazon Connect S3 storage config or a Firehose delivery " +
        "stream, or named in `contactDataBuckets`) has S3 server access logging, declared by an `aws.s3.BucketLogging` " +
        "(either generation) or inline (`logging` / `loggings`). The target bucket must be a different bucket of this stack " +
        "whose effective region is allowed. A target outside the stack is a violation: neither its region nor its retention " +
        "can be verified.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 33"], pciDss: ["10.2.1"], iso27001: ["A.8.15"] },
    remediation: [
        "Create a separate access-log bucket in the same (allowed) region, encrypted with SSE-S3 (AES256), which S3 log delivery requires.",
        'Add `new aws.s3.BucketLogging("recordings-logging", { bucket: recordings.id, targetBucket: accessLogs.id, targetPrefix: "recordings/" })`.',
    ],
    parameters: {
        regionProfile: {
            type: "string",
            enum: Object.keys(REGION_PROFILES),
            default: "eu-member-states",
            description: "Regions the access-log bucket may be in: `eu-member-states`, `eu-plus-adequacy` or `custom` (only `regions`), as for residency-region-allow-list.",
        },
        regions: { ...REGION_PARAMETERS.regions, description: "Regions the access-log bucket may be in besides the profile's, as for residency-region-allow-list." },
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        example("a recordings bucket logging to a separate bucket in Frankfurt", "compliant", [recordings, callRecordings, accessLogs, logging("acme-access-logs")]),
        example("inline logging on the bucket to a separate bucket", "compliant", [
            { ...recordings, props: { ...recordings.props, logging: { targetBucket: "acme-access-logs", targetPrefix: "recordings/" } } },
            callRecordings,
            accessLogs,
        ]),
        example("first preview: buckets and logging related only through property dependencies", "compliant", [
            { name: "recordings", type: BUCKET_V2, props: {} },
            previewCallRecordings,
            { name: "access-logs", type: BUCKET_V2, props: {} },
            logging(UNKNOWN, {
                props: { bucket: UNKNOWN, targetBucket: UNKNOWN, targetPrefix: "recordings/" },
                propertyDependencies: { bucket: ["recordings"], targetBucket: ["access-logs"] },
            }),
        ]),
        example("a recordings bucket without server access logging", "violation", [recordings, callRecordings, accessLogs]),
        example("a recordings bucket that logs into itself", "violation", [recordings, callRecordings, logging("acme-recordings")]),
        example("first preview: a recordings bucket logging into itself is blocked although its name is unknown", "violation", [
            { name: "recordings", type: BUCKET, props: {} },
            previewCallRecordings,
            logging(UNKNOWN, {
                props: { bucket: UNKNOWN, targetBucket: UNKNOWN, targetPrefix: "" },
                propertyDependencies: { bucket: ["recordings"], targetBucket: ["recordings"] },
            }),
        ]),
        example("access logs delivered to a bucket outside the stack", "violation", [recordings, callRecordings, logging("central-log-archive")]),
        example("access logs delivered to a bucket in us-east-1", "violation", [
            recordings,
            callRecordings,
            { ...accessLogs, props: { ...accessLogs.props, region: "us-east-1" } },
            logging("acme-access-logs"),
        ]),
        example("a London access-log bucket under the eu-plus-adequacy profile", "compliant", [
            recordings,
            callRecordings,
            { ...accessLogs, props: { ...accessLogs.props, region: "eu-west-2" } },
            logging("acme-access-logs"),
        ], { regionProfile: "eu-plus-adequacy" }),
        example("first preview: the logging target is an output that comes from no resource of the stack", "deferred", [recordings, callRecordings, accessLogs, logging(UNKNOWN)]),
        example("first preview: the access-log bucket's region is an output not known yet", "deferred", [
            recordings,
            callRecordings,
            { ...accessLogs, props: { ...accessLogs.props, region: UNKNOWN } },
            logging("acme-access-logs"),
        ]),
    ],
    judges: S3_BUCKET,
    check(stack, config, findings) {
        const allowed = allowedRegions(config.regionProfile, config.regions);
        const data = contactDataBuckets(stack, stringsOf(config.contactDataBuckets));
        for (const { bucket } of data.buckets.values()) judgeBucket(stack, bucket, allowed, findings);
        for (const writer of data.unresolvedWriters) {
            findings.undecided(writer, `'${writer.name}' writes contact data to a bucket that is not known yet, so its access logging cannot be checked.`);
        }
    },
});

/** One place a bucket's server access logging is declared, and where it points. */
interface AccessLogging {
    declaredBy: GraphResource;
    /** For messages: "BucketLogging 'x'" or "its inline `logging`". */
    label: string;
    target: Reference;
}

/** A config list as strings: the engine validates config against the schema, a direct caller may not. */
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

function accessLoggingOf(stack: StackGraph, bucket: GraphResource): { declared: AccessLogging[]; unresolved: readonly GraphResource[] } {
    const declared: AccessLogging[] = [];
    const unresolved = stack.unresolvedReferrers(S3_BUCKET_LOGGING, "bucket", S3_BUCKET);
    for (const configuration of stack.referrers(bucket, S3_BUCKET_LOGGING, "bucket", S3_BUCKET)) {
        const target = stack.resolve(configuration, { property: "targetBucket", targets: S3_BUCKET });
        declared.push({ declaredBy: configuration, label: `${configuration.type.split(":").pop()} '${configuration.name}'`, target });
    }
    for (const property of ["logging", "loggings"]) {
        for (const entry of listOf(bucket.props[property])) {
            const value = isRecord(entry) ? entry["targetBucket"] : entry;
            declared.push({ declaredBy: bucket, label: `its inline \`${property}\``, target: stack.resolve(bucket, { property, value, targets: S3_BUCKET }) });
        }
    }
    return { declared, unresolved };
}

function judgeBucket(stack: StackGraph, bucket: GraphResource, allowed: string[], findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const { declared, unresolved } = accessLoggingOf(stack, bucket);
    if (declared.length === 0) {
        if (unresolved.length > 0) {
            findings.undecided(bucket, `${subject}: the \`bucket\` of ${unresolved.map((r) => `'${r.name}'`).join(", ")} is not known yet, so whether it has server access logging is not decided.`);
        } else {
            findings.violation(
                bucket,
                `${subject} holds contact data but has no S3 server access logging, so requests to recordings leave no record. ` +
                    "Add an aws.s3.BucketLogging with a separate access-log bucket in an allowed region as `targetBucket`.",
            );
        }
        return;
    }
    for (const { label, target } of declared) {
        const where = `${subject}: ${label}`;
        switch (target.kind) {
            case "absent":
                findings.violation(bucket, `${where} has no \`targetBucket\`, so no access log is delivered. Set it to a separate access-log bucket.`);
                break;
            case "unknown":
                findings.undecided(bucket, `${where}: \`targetBucket\` is not known yet and comes from no bucket of this stack.`);
                break;
            case "external":
                findings.violation(
                    bucket,
                    `${where} delivers access logs to bucket "${target.value}", which is not in this stack: its region cannot be verified. ` +
                        "Create the access-log bucket in this stack, in an allowed region.",
                );
                break;
            case "resources":
                for (const logBucket of target.resources) judgeTarget(bucket, logBucket, where, allowed, findings);
        }
    }
}

function judgeTarget(bucket: GraphResource, logBucket: GraphResource, where: string, allowed: string[], findings: StackFindings) {
    if (logBucket === bucket) {
        findings.violation(bucket, `${where} delivers access logs into the bucket itself; S3 then logs its own log writes without end. Use a separate access-log bucket.`);
        return;
    }
    const region = effectiveRegion(logBucket);
    const target = `access-log bucket '${logBucket.name}'`;
    if (region.kind === "unknown") findings.undecided(bucket, `${where}: the region of ${target} is not known yet.`);
    if (region.kind === "unset") {
        findings.violation(bucket, `${where}: ${target} has no region (neither \`region\` nor a provider region). Set aws:region to one of ${allowed.join(", ")}.`);
    }
    if (region.kind === "known" && !allowed.includes(region.region)) {
        findings.violation(
            bucket,
            `${where} delivers access logs to ${target} in ${region.region}, outside the allowed regions (${allowed.join(", ")}). ` +
                "Access logs name objects and requesters; keep the log bucket in an allowed region.",
        );
    }
}
