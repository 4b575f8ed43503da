/**
 * A tamper-evident CloudTrail trail records every access to contact data.
 *
 * CloudTrail records management calls by default, but object-level S3 calls (who fetched which
 * recording) only for the buckets a trail selects as data events. Without them a breach cannot be
 * scoped (GDPR Art. 33) and PCI DSS 10.2.1 / 10.2.1.1 are not met. The trail itself must be
 * trustworthy evidence (GDPR Art. 5(2)): log file validation writes signed digest files that show
 * any later change or deletion (PCI DSS 10.3.2), a customer key keeps the logs readable only to
 * whom its key policy allows, and a multi-region trail also records calls made in regions nobody
 * watches. Many organisations run one organisation trail from a central account: then the stack
 * has no trail of its own, and a parameter says so. Trails and buckets of either provider count:
 * an aws-native trail may record a classic bucket, and the reverse.
 */
import { stackControl, type ControlExample, type ExampleResource, type StackFindings } from "../control";
import { bucketNameOf } from "../lib/bucket-identity";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { describeValue } from "../lib/describe";
import { ANY_S3_BUCKET, ANY_TRAIL, CONNECT_STORAGE_CONFIG, KMS_KEY, NATIVE, TRAIL } from "../lib/resource-types";
import type { GraphResource } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { loggingSwitchOf, or, trailDataEventCoverage, TrailSelections, type BucketIdentity, type Tri } from "./trail-data-events";

interface Config {
    trailManagedOutsideStack: boolean;
    contactDataBuckets: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** What a trail must say about itself, whatever buckets it covers (its logging switch aside, named per provider). */
const TRAIL_SETTINGS: readonly { property: string; holds: (value: unknown) => boolean; expected: string }[] = [
    { property: "enableLogFileValidation", holds: (v) => v === true, expected: "`true`, so digest files show any change to delivered logs" },
    { property: "kmsKeyId", holds: (v) => typeof v === "string" && v !== "", expected: "the ARN of a customer-managed KMS key" },
    { property: "isMultiRegionTrail", holds: (v) => v === true, expected: "`true`, so calls in every region are recorded" },
];

const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
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
const objectsOf = (...values: unknown[]) => [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values }] }];
const trail = (props: Record<string, unknown> = {}, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "audit",
    type: TRAIL,
    props: {
        s3BucketName: "acme-trail-logs",
        enableLogFileValidation: true,
        kmsKeyId: keyArn,
        isMultiRegionTrail: true,
        eventSelectors: objectsOf("arn:aws:s3:::acme-recordings/"),
        ...props,
    },
    ...extra,
});
/** An aws-native trail: the same settings, with the required `isLogging` as its switch. */
const nativeTrail = (props: Record<string, unknown> = {}): ExampleResource => ({ ...trail({ isLogging: true, ...props }), type: NATIVE.TRAIL });
const nativeRecordings: ExampleResource = { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" } };
const example = (title: string, verdict: ControlExample["verdict"], resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({
    title,
    verdict,
    resources,
    config,
});

export const cloudtrailDataEvents = stackControl<Config>({
    name: "logging-cloudtrail-data-events",
    title: "A validated, encrypted, multi-region CloudTrail trail records data events on contact data buckets",
    area: "logging",
    description:
        "When the stack holds contact data, it has a CloudTrail trail (`aws.cloudtrail.Trail` or `aws-native:cloudtrail:Trail`) " +
        "with `enableLogFileValidation: true`, `kmsKeyId` set, `isMultiRegionTrail: true` and logging on (classic `enableLogging` " +
        "not false, aws-native `isLogging: true`; every trail of the stack is held to these settings), and " +
        "every contact data bucket is covered by S3 data events for reads and writes of all its objects: an `eventSelectors` " +
        "data resource of type `AWS::S3::Object` with value `arn:aws:s3:::<bucket>/` (or `arn:aws:s3` for every bucket) and " +
        "`readWriteType` All, or an advanced event selector with `eventCategory` Data and `resources.type` AWS::S3::Object whose " +
        "`resources.ARN` conditions (`startsWiths` / aws-native `startsWith`, and the negated forms), if any, keep the bucket. Selectors that filter by other fields (event name, identity) " +
        "record only part of the access and do not count. When an organisation trail in another account covers the stack, set " +
        "`trailManagedOutsideStack`: buckets without a trail of this stack are then left to that trail.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 33", "Art. 5(2)"], pciDss: ["10.2.1", "10.3.2", "10.5.1"], iso27001: ["A.8.15"] },
    remediation: [
        'Create an `aws.cloudtrail.Trail` with `enableLogFileValidation: true`, `isMultiRegionTrail: true` and `kmsKeyId: trailKey.arn` (an `aws-native:cloudtrail:Trail` takes the same properties and `isLogging: true`).',
        'Add `eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: [pulumi.interpolate`${recordings.arn}/`] }] }]`.',
        "If an organisation trail managed in another account records these buckets, set this policy's `trailManagedOutsideStack` to true and keep its evidence with your records.",
    ],
    parameters: {
        trailManagedOutsideStack: {
            type: "boolean",
            default: false,
            description:
                "True when a trail outside this stack (typically an organisation trail) records the S3 data events of these buckets. " +
                "A stack without a trail then passes; trails the stack does define are still judged on their settings.",
        },
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        example("a trail with validation, KMS, multi-region and data events on the recordings bucket", "compliant", [recordings, callRecordings, trail()]),
        example("a trail recording data events on every bucket (arn:aws:s3)", "compliant", [recordings, callRecordings, trail({ eventSelectors: objectsOf("arn:aws:s3") })]),
        example("an advanced event selector for S3 object data events", "compliant", [
            recordings,
            callRecordings,
            trail({
                eventSelectors: undefined,
                advancedEventSelectors: [{ name: "recordings", fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWiths: ["arn:aws:s3:::acme-recordings/"] },
                ] }],
            }),
        ]),
        example("no trail, with an organisation trail managed outside the stack", "compliant", [recordings, callRecordings], { trailManagedOutsideStack: true }),
        example("first preview: key and bucket ARNs unknown, the trail covers every bucket", "compliant", [
            { name: "trail-key", type: KMS_KEY, props: { enableKeyRotation: true } },
            recordings,
            callRecordings,
            trail({ kmsKeyId: UNKNOWN, s3BucketName: UNKNOWN, eventSelectors: objectsOf("arn:aws:s3") }, { propertyDependencies: { kmsKeyId: ["trail-key"] } }),
        ]),
        example("contact data and no trail at all", "violation", [recordings, callRecordings]),
        example("a trail without log file validation", "violation", [recordings, callRecordings, trail({ enableLogFileValidation: false })]),
        example("a single-region trail without a KMS key", "violation", [recordings, callRecordings, trail({ isMultiRegionTrail: undefined, kmsKeyId: undefined })]),
        example("a trail that records management events only", "violation", [recordings, callRecordings, trail({ eventSelectors: undefined })]),
        example("a trail that records only writes to the recordings bucket", "violation", [
            recordings,
            callRecordings,
            trail({ eventSelectors: [{ readWriteType: "WriteOnly", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::acme-recordings/"] }] }] }),
        ]),
        example("a trail that records data events of another bucket only", "violation", [recordings, callRecordings, trail({ eventSelectors: objectsOf("arn:aws:s3:::acme-exports/") })]),
        example("first preview: a trail with logging switched off is blocked although its key is unknown", "violation", [
            recordings,
            callRecordings,
            trail({ kmsKeyId: UNKNOWN, enableLogging: false, eventSelectors: objectsOf("arn:aws:s3") }),
        ]),
        example("first preview: the data-event value is built from the bucket's ARN, not known yet", "deferred", [
            { name: "recordings", type: BUCKET, props: {} },
            previewCallRecordings,
            trail({ eventSelectors: objectsOf(UNKNOWN) }, { propertyDependencies: { eventSelectors: ["recordings"] } }),
        ]),
        example("first preview: log file validation is an output not known yet", "deferred", [recordings, callRecordings, trail({ enableLogFileValidation: UNKNOWN })]),
        example("an aws-native trail recording data events on a classic recordings bucket", "compliant", [recordings, callRecordings, nativeTrail()]),
        example("a classic trail recording data events on an aws-native recordings bucket", "compliant", [nativeRecordings, callRecordings, trail()]),
        example("an aws-native trail whose advanced selector keeps the recordings bucket with startsWith", "compliant", [
            nativeRecordings,
            callRecordings,
            nativeTrail({
                eventSelectors: undefined,
                advancedEventSelectors: [{ name: "recordings", fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWith: ["arn:aws:s3:::acme-recordings/"] },
                ] }],
            }),
        ]),
        example("an aws-native trail that is not logging", "violation", [nativeRecordings, callRecordings, nativeTrail({ isLogging: false })]),
        example("an aws-native trail whose advanced selector excludes the recordings bucket with notStartsWith", "violation", [
            nativeRecordings,
            callRecordings,
            nativeTrail({
                eventSelectors: undefined,
                advancedEventSelectors: [{ fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", notStartsWith: ["arn:aws:s3:::acme-recordings/"] },
                ] }],
            }),
        ]),
        example("an aws-native trail without log file validation or a key", "violation", [nativeRecordings, callRecordings, nativeTrail({ enableLogFileValidation: false, kmsKeyId: undefined })]),
        example("first preview: an aws-native trail's log file validation is an output not known yet", "deferred", [recordings, callRecordings, nativeTrail({ enableLogFileValidation: UNKNOWN })]),
    ],
    judges: ANY_S3_BUCKET,
    check(stack, config, findings) {
        const namedBuckets = Array.isArray(config.contactDataBuckets) ? config.contactDataBuckets.filter((name) => typeof name === "string") : [];
        const data = contactDataBuckets(stack, namedBuckets);
        if (data.buckets.size === 0 && data.unresolvedWriters.length === 0) return;
        const trails = stack.ofType(ANY_TRAIL);
        for (const candidate of trails) judgeSettings(candidate, findings);
        if (config.trailManagedOutsideStack === true) return;

        const subjects: { reported: GraphResource; subject: string; bucket: BucketIdentity }[] = [
            ...[...data.buckets.values()].map(({ bucket }) => ({
                reported: bucket,
                subject: `S3 bucket '${bucket.name}' holds contact data but`,
                bucket: identityOf(bucket),
            })),
            ...data.unresolvedWriters.map((writer) => ({
                reported: writer,
                subject: `'${writer.name}' writes contact data to a bucket not known yet, and`,
                bucket: { resource: undefined, name: undefined },
            })),
        ];
        const selections = new TrailSelections(trails);
        for (const { reported, subject, bucket } of subjects) {
            if (trails.length === 0) {
                findings.violation(
                    reported,
                    `${subject} the stack has no CloudTrail trail, so nobody can tell who read or deleted recordings. Add an aws.cloudtrail.Trail ` +
                        "(or aws-native cloudtrail.Trail) with S3 data events for it, or set this policy's `trailManagedOutsideStack` if an organisation trail records it.",
                );
                continue;
            }
            let reads: Tri = false;
            let writes: Tri = false;
            const gaps: string[] = [];
            for (const candidate of selections.mayCover(bucket)) {
                const coverage = trailDataEventCoverage(candidate, bucket);
                reads = or(reads, coverage.reads);
                writes = or(writes, coverage.writes);
                gaps.push(...coverage.gaps);
            }
            if (reads === true && writes === true) continue;
            if (reads === false || writes === false) {
                const missing = reads === false && writes === false ? "reads and writes of its objects" : reads === false ? "reads of its objects" : "writes to its objects";
                const why = gaps.length > 0 ? ` (${gaps.join("; ")})` : "";
                findings.violation(
                    reported,
                    `${subject} no CloudTrail trail of this stack records S3 data events for ${missing}${why}. Add to a trail's \`eventSelectors\` ` +
                        '`{ readWriteType: "All", dataResources: [{ type: "AWS::S3::Object", values: [`${bucket.arn}/`] }] }`.',
                );
            } else {
                findings.undecided(reported, `${subject} whether a trail's \`eventSelectors\` / \`advancedEventSelectors\` record its data events is not known yet.`);
            }
        }
    },
});

function identityOf(bucket: GraphResource): BucketIdentity {
    return { resource: bucket, name: bucketNameOf(bucket) };
}

function judgeSettings(trail: GraphResource, findings: StackFindings) {
    const wrong: string[] = [];
    const unknown: string[] = [];
    for (const { property, holds, expected } of TRAIL_SETTINGS) {
        const value = trail.props[property];
        // An unknown key ARN is still a key: the trail is encrypted, only which key is open.
        if (isUnknown(value)) {
            if (property !== "kmsKeyId") unknown.push(`\`${property}\``);
        } else if (!holds(value)) wrong.push(`\`${property}\` is ${describeValue(value)} (must be ${expected})`);
    }
    const logging = loggingSwitchOf(trail);
    if (logging.on === "unknown") unknown.push(`\`${logging.property}\``);
    else if (!logging.on) wrong.push(`\`${logging.property}\` is ${describeValue(logging.value)} (must be ${logging.expected})`);
    const subject = `CloudTrail trail '${trail.name}'`;
    const these = wrong.length === 1 ? "this" : "these";
    if (wrong.length > 0) findings.violation(trail, `${subject}: ${wrong.join("; ")}. Without ${these} its logs are not trustworthy audit evidence.`);
    else if (unknown.length > 0) findings.undecided(trail, `${subject}: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not known yet.`);
}
