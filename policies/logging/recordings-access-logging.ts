/**
 * Contact data buckets keep a record of every request (S3 server access logs).
 *
 * Recordings and transcripts are read by people and by tools; a breach assessment (GDPR Art. 33:
 * what was accessed, when, by whom) and PCI DSS 10.2.1 both need a record of those requests.
 * CloudTrail data events record API calls, but S3 server access logs are the bucket's own record,
 * kept at no charge, and also show requests CloudTrail does not (anonymous and failed ones).
 * S3 writes the logs into a target bucket: the target must be another bucket (a bucket logging to
 * itself writes a log for each log it writes) and, since logs name objects and requesters, it must
 * sit in an allowed region too. A target outside the stack cannot be shown to do either. An aws-native
 * bucket declares its logging itself (`loggingConfiguration`), and one that names no
 * `destinationBucketName` logs into itself, as CloudFormation documents.
 */
import { stackControl, type ControlExample, type ExampleResource, type StackFindings } from "../control";
import { accessLoggingOf } from "../lib/bucket-settings";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { isAbsent } from "../lib/describe";
import { effectiveRegion } from "../lib/effective-region";
import { allowedRegions, REGION_PROFILES } from "../lib/regions";
import { REGION_PARAMETERS } from "../residency/region-parameters";
import { ANY_S3_BUCKET, AWS_NATIVE_PROVIDER, CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
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
const nativeBucket = (name: string, props: Record<string, unknown> = {}, provider?: string): ExampleResource => ({
    name,
    type: NATIVE.S3_BUCKET,
    props: { bucketName: `acme-${name}`, ...props },
    ...(provider ? { provider } : {}),
});
/** aws-native's storage config: the S3 block is a top-level input, the instance named by its ARN. */
const nativeCallRecordings: ExampleResource = {
    name: "call-recordings",
    type: NATIVE.CONNECT_STORAGE_CONFIG,
    props: {
        instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111",
        resourceType: "CALL_RECORDINGS",
        storageType: "S3",
        s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" },
    },
};
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
        "Every bucket that receives contact data (from an Amazon Connect S3 storage config, a Customer Profiles export, Lex " +
        "audio logs or a Firehose they feed, or named in `contactDataBuckets`) has S3 server access logging, declared by an `aws.s3.BucketLogging` " +
        "(either generation, also for an aws-native bucket), inline on a classic bucket (`logging` / `loggings`), or by an " +
        "aws-native bucket's `loggingConfiguration.destinationBucketName` (left out, the bucket logs into itself). The " +
        "target bucket, of either provider, must be a different bucket of this stack " +
        "whose effective region is allowed. A target outside the stack is a violation: neither its region nor its retention " +
        "can be verified.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 33"], pciDss: ["10.2.1"], iso27001: ["A.8.15"] },
    remediation: [
        "Create a separate access-log bucket in the same (allowed) region, encrypted with SSE-S3 (AES256), which S3 log delivery requires.",
        'Add `new aws.s3.BucketLogging("recordings-logging", { bucket: recordings.id, targetBucket: accessLogs.id, targetPrefix: "recordings/" })`.',
        'On an aws-native `s3.Bucket`, set `loggingConfiguration: { destinationBucketName: accessLogs.bucketName, logFilePrefix: "recordings/" }`.',
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
        example("aws-native: a recordings bucket whose loggingConfiguration names a separate access-log bucket", "compliant", [
            nativeBucket("recordings", { loggingConfiguration: { destinationBucketName: "acme-access-logs", logFilePrefix: "recordings/" } }),
            nativeCallRecordings,
            nativeBucket("access-logs"),
        ]),
        example("aws-native, first preview: destinationBucketName is the access-log bucket's name, related by property dependency", "compliant", [
            nativeBucket("recordings", { bucketName: UNKNOWN, loggingConfiguration: { destinationBucketName: UNKNOWN, logFilePrefix: "recordings/" } }),
            { ...nativeCallRecordings, props: { ...nativeCallRecordings.props, s3Config: { bucketName: UNKNOWN, bucketPrefix: "connect/acme" } }, propertyDependencies: { s3Config: ["recordings"] } },
            nativeBucket("access-logs", { bucketName: UNKNOWN }),
        ].map((r) => (r.name === "recordings" ? { ...r, propertyDependencies: { loggingConfiguration: ["access-logs"] } } : r))),
        example("mixed providers: a classic storage config writes to an aws-native bucket that logs into a classic bucket", "compliant", [
            nativeBucket("recordings", { loggingConfiguration: { destinationBucketName: "acme-access-logs" } }),
            callRecordings,
            accessLogs,
        ]),
        example("mixed providers: a classic BucketLogging of a classic bucket delivers into an aws-native bucket", "compliant", [
            recordings,
            callRecordings,
            nativeBucket("access-logs"),
            logging("acme-access-logs"),
        ]),
        example("aws-native: a recordings bucket without loggingConfiguration", "violation", [nativeBucket("recordings"), nativeCallRecordings, nativeBucket("access-logs")]),
        example("aws-native: loggingConfiguration without destinationBucketName, so the bucket logs into itself", "violation", [
            nativeBucket("recordings", { loggingConfiguration: { logFilePrefix: "logs/" } }),
            nativeCallRecordings,
        ]),
        example("aws-native: the access-log bucket's aws-native provider is in us-east-1", "violation", [
            nativeBucket("recordings", { loggingConfiguration: { destinationBucketName: "acme-access-logs" } }),
            nativeCallRecordings,
            { name: "us-east", type: AWS_NATIVE_PROVIDER, props: { region: "us-east-1" } },
            nativeBucket("access-logs", {}, "us-east"),
        ]),
        example("aws-native, first preview: destinationBucketName is an output that comes from no resource of the stack", "deferred", [
            nativeBucket("recordings", { loggingConfiguration: { destinationBucketName: UNKNOWN } }),
            nativeCallRecordings,
            nativeBucket("access-logs"),
        ]),
    ],
    judges: ANY_S3_BUCKET,
    check(stack, config, findings) {
        const allowed = allowedRegions(config.regionProfile, config.regions);
        const data = contactDataBuckets(stack, stringsOf(config.contactDataBuckets));
        for (const { bucket } of data.buckets.values()) judgeBucket(stack, bucket, allowed, findings);
        for (const writer of data.unresolvedWriters) {
            findings.undecided(writer, `'${writer.name}' writes contact data to a bucket that is not known yet, so its access logging cannot be checked.`);
        }
    },
});

/** A config list as strings: the engine validates config against the schema, a direct caller may not. */
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** How to add access logging, in the bucket's own provider's terms. */
function fixFor(bucket: GraphResource): string {
    return bucket.type === NATIVE.S3_BUCKET
        ? "Set `loggingConfiguration.destinationBucketName` on the aws-native bucket to a separate access-log bucket in an allowed region."
        : "Add an aws.s3.BucketLogging with a separate access-log bucket in an allowed region as `targetBucket`.";
}

function judgeBucket(stack: StackGraph, bucket: GraphResource, allowed: string[], findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const { deliveries, undetermined } = accessLoggingOf(stack, bucket);
    if (deliveries.length === 0) {
        if (undetermined.length > 0) {
            findings.undecided(bucket, `${subject}: the \`bucket\` of ${undetermined.map((r) => `'${r.name}'`).join(", ")} is not known yet, so whether it has server access logging is not decided.`);
        } else {
            findings.violation(bucket, `${subject} holds contact data but has no S3 server access logging, so requests to recordings leave no record. ${fixFor(bucket)}`);
        }
        return;
    }
    for (const { label, target, targetPath, targetValue } of deliveries) {
        const where = `${subject}: ${label}`;
        switch (target.kind) {
            case "absent":
                findings.violation(bucket, `${where} has no \`${targetPath}\`, so no access log is delivered. Set it to a separate access-log bucket.`);
                break;
            case "unknown":
                findings.undecided(bucket, `${where}: \`${targetPath}\` is not known yet and comes from no bucket of this stack.`);
                break;
            case "external":
                findings.violation(
                    bucket,
                    `${where} delivers access logs to bucket "${target.value}", which is not in this stack: its region cannot be verified. ` +
                        "Create the access-log bucket in this stack, in an allowed region.",
                );
                break;
            case "resources": {
                // aws-native: without a destination, CloudFormation delivers into the bucket itself.
                const defaulted = isAbsent(targetValue) ? ` (\`${targetPath}\` is unset, and S3 then uses the bucket itself)` : "";
                for (const logBucket of target.resources) judgeTarget(bucket, logBucket, where, defaulted, allowed, findings);
            }
        }
    }
}

function judgeTarget(bucket: GraphResource, logBucket: GraphResource, where: string, defaulted: string, allowed: string[], findings: StackFindings) {
    if (logBucket === bucket) {
        findings.violation(bucket, `${where} delivers access logs into the bucket itself${defaulted}; S3 then logs its own log writes without end. Use a separate access-log bucket.`);
        return;
    }
    const region = effectiveRegion(logBucket);
    const target = `access-log bucket '${logBucket.name}'`;
    if (region.kind === "unknown") findings.undecided(bucket, `${where}: the region of ${target} is not known yet.`);
    if (region.kind === "unset") {
        const setting = logBucket.type === NATIVE.S3_BUCKET ? "aws-native:region (or the region of its aws-native provider)" : "aws:region";
        findings.violation(bucket, `${where}: ${target} has no region (neither \`region\` nor a provider region). Set ${setting} to one of ${allowed.join(", ")}.`);
    }
    if (region.kind === "known" && !allowed.includes(region.region)) {
        findings.violation(
            bucket,
            `${where} delivers access logs to ${target} in ${region.region}, outside the allowed regions (${allowed.join(", ")}). ` +
                "Access logs name objects and requesters; keep the log bucket in an allowed region.",
        );
    }
}
