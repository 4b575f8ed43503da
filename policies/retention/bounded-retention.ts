/**
 * Contact data in streams, queues and logs expires, within limits the team sets.
 *
 * GDPR Art. 5(1)(e) allows personal data to be kept no longer than its purpose needs, and PCI DSS
 * 3.2.1 asks for retention limits that are enforced, not merely written down. Streams and queues
 * are transit buffers: a Kinesis stream kept for a year, or media kept in Kinesis Video for months,
 * is an unmanaged second archive of every call. The defaults differ by service and one of them is
 * dangerous: Kinesis keeps records 24 hours and SQS four days when unset, Kinesis Video keeps
 * nothing, but a CloudWatch log group without `retentionInDays` (or with 0) keeps its events
 * forever, and that is where Connect flow logs and Lambda logs full of caller details end up.
 * aws-native names two of these differently (`retentionPeriodHours` on Kinesis, `messageRetentionPeriod`
 * on SQS) and keeps the Connect media block at the top level of its storage config.
 */
import { resourceControl, type ResourceFindings } from "../control";
import { ANY_CONNECT_STORAGE_CONFIG, connectStorage } from "../lib/connect-storage";
import { describeValue, isAbsent, isRecord, numberOf } from "../lib/describe";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    maxStreamRetentionHours: number;
    maxVideoRetentionHours: number;
    maxQueueRetentionSeconds: number;
    maxLogRetentionDays: number;
}

const KINESIS_STREAM = "aws:kinesis/stream:Stream";
const VIDEO_STREAM = "aws:kinesis/videoStream:VideoStream";
const SQS_QUEUE = "aws:sqs/queue:Queue";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** The only retention periods CloudWatch Logs accepts, in days (0 means never expire). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** What a judge reads of a resource: the shape depends on the type. */
interface RetainingResource {
    type: string;
    props: Record<string, unknown>;
}

interface RetentionRule {
    subject: string;
    /** Property path, for messages. */
    path: string;
    value: unknown;
    unit: "hours" | "seconds";
    /** What the service keeps when the property is unset. */
    whenUnset: number;
    limit: number;
    parameter: keyof Config;
}

function judgeRetention(rule: RetentionRule, findings: ResourceFindings) {
    const { subject, path, value, unit, limit, parameter } = rule;
    if (isUnknown(value)) {
        findings.undecided(`${subject}: \`${path}\` is not known yet.`);
        return;
    }
    const kept = isAbsent(value) ? rule.whenUnset : numberOf(value);
    const fix = `Set \`${path}\` to at most ${limit}`;
    if (kept === undefined) {
        findings.violation(`${subject} sets \`${path}\` to ${describeValue(value)}, which is not a number of ${unit}. ${fix}.`);
        return;
    }
    if (kept > limit) {
        const seen = isAbsent(value) ? `leaves \`${path}\` unset, so AWS keeps data for ${kept} ${unit}` : `keeps data for ${kept} ${unit} (\`${path}\`)`;
        findings.violation(`${subject} ${seen}, longer than the allowed ${limit} ${unit} (parameter ${parameter}). ${fix}.`);
    }
}

/** Kinesis keeps records 24 hours unless told otherwise; classic `retentionPeriod`, aws-native `retentionPeriodHours`. */
const kinesisStreamRetention = (path: "retentionPeriod" | "retentionPeriodHours"): Judge => (subject, { props }, config, findings) =>
    judgeRetention(
        { subject, path, value: props[path], unit: "hours", whenUnset: 24, limit: config.maxStreamRetentionHours, parameter: "maxStreamRetentionHours" },
        findings,
    );

/** Kinesis Video keeps no media at all unless `dataRetentionInHours` is above 0. */
function videoStreamRetention(subject: string, { props }: RetainingResource, config: Config, findings: ResourceFindings) {
    judgeRetention(
        { subject, path: "dataRetentionInHours", value: props["dataRetentionInHours"], unit: "hours", whenUnset: 0, limit: config.maxVideoRetentionHours, parameter: "maxVideoRetentionHours" },
        findings,
    );
}

/** SQS keeps messages four days unless told otherwise; classic `messageRetentionSeconds`, aws-native `messageRetentionPeriod`. */
const queueRetention = (path: "messageRetentionSeconds" | "messageRetentionPeriod"): Judge => (subject, { props }, config, findings) =>
    judgeRetention(
        { subject, path, value: props[path], unit: "seconds", whenUnset: 345_600, limit: config.maxQueueRetentionSeconds, parameter: "maxQueueRetentionSeconds" },
        findings,
    );

/**
 * Unset and 0 both mean "never expire". Log groups of the DELIVERY class are the exception: AWS
 * ignores `retentionInDays` there and keeps events two days.
 */
function logGroupRetention(subject: string, { props }: RetainingResource, config: Config, findings: ResourceFindings) {
    const logGroupClass = props["logGroupClass"];
    if (logGroupClass === "DELIVERY") return;
    const retention = props["retentionInDays"];
    if (isUnknown(retention)) {
        findings.undecided(`${subject}: \`retentionInDays\` is not known yet.`);
        return;
    }
    const max = config.maxLogRetentionDays;
    const suggestion = [...LOG_RETENTION_DAYS].reverse().find((days) => days <= max) ?? max;
    const fix = `Set \`retentionInDays\` to at most ${max} (CloudWatch accepts fixed values, e.g. ${suggestion}).`;
    const days = isAbsent(retention) ? 0 : numberOf(retention);
    let problem: string | undefined;
    if (days === undefined || days < 0) {
        problem = `sets \`retentionInDays\` to ${describeValue(retention)}, which is not a number of days`;
    } else if (days === 0) {
        problem = `${isAbsent(retention) ? "leaves `retentionInDays` unset" : "sets `retentionInDays` to 0"}, so its events never expire`;
    } else if (days > max) {
        problem = `keeps events for ${days} days (\`retentionInDays\`), longer than the allowed ${max} days (parameter maxLogRetentionDays)`;
    }
    if (problem === undefined) return;
    if (isUnknown(logGroupClass)) {
        findings.undecided(
            `${subject}: \`logGroupClass\` is not known yet; unless it is DELIVERY (kept two days whatever \`retentionInDays\` says), ` +
                `the log group ${problem}.`,
        );
        return;
    }
    findings.violation(`${subject} ${problem}. ${fix}`);
}

/** Connect creates the media stream itself from this block; the retention set here is what it keeps. */
function connectMediaRetention(subject: string, resource: RetainingResource, config: Config, findings: ResourceFindings) {
    const storage = connectStorage(resource);
    const video = storage.field("kinesisVideoStreamConfig");
    if (isUnknown(video.value)) {
        findings.undecided(`${subject}: \`${video.path}\` is not known yet.`);
        return;
    }
    if (!isRecord(video.value)) return;
    const retention = storage.field("kinesisVideoStreamConfig", "retentionPeriodHours");
    judgeRetention(
        { subject, path: retention.path, value: retention.value, unit: "hours", whenUnset: 0, limit: config.maxVideoRetentionHours, parameter: "maxVideoRetentionHours" },
        findings,
    );
}

type Judge = (subject: string, resource: RetainingResource, config: Config, findings: ResourceFindings) => void;

/** Per resource type: what people call it, and where it says how long data stays. */
const RETAINING_SERVICES: Readonly<Record<string, { label: string; judge: Judge }>> = {
    [KINESIS_STREAM]: { label: "Kinesis stream", judge: kinesisStreamRetention("retentionPeriod") },
    [VIDEO_STREAM]: { label: "Kinesis Video stream", judge: videoStreamRetention },
    [SQS_QUEUE]: { label: "SQS queue", judge: queueRetention("messageRetentionSeconds") },
    [LOG_GROUP]: { label: "CloudWatch log group", judge: logGroupRetention },
    [NATIVE.KINESIS_STREAM]: { label: "Kinesis stream", judge: kinesisStreamRetention("retentionPeriodHours") },
    [NATIVE.VIDEO_STREAM]: { label: "Kinesis Video stream", judge: videoStreamRetention },
    [NATIVE.SQS_QUEUE]: { label: "SQS queue", judge: queueRetention("messageRetentionPeriod") },
    [NATIVE.LOG_GROUP]: { label: "CloudWatch log group", judge: logGroupRetention },
    ...Object.fromEntries(ANY_CONNECT_STORAGE_CONFIG.map((type) => [type, { label: "Connect storage config", judge: connectMediaRetention }])),
};

const of = (type: string, name: string, props: Record<string, unknown>) => ({ name, type, props });
const mediaStorage = (retentionPeriodHours: unknown) =>
    of(CONNECT_STORAGE_CONFIG, "media-streams", {
        instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111",
        resourceType: "MEDIA_STREAMS",
        storageConfig: {
            storageType: "KINESIS_VIDEO_STREAM",
            kinesisVideoStreamConfig: {
                prefix: "acme-media",
                retentionPeriodHours,
                encryptionConfig: { encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            },
        },
    });

const nativeMediaStorage = (retentionPeriodHours: unknown) =>
    of(NATIVE.CONNECT_STORAGE_CONFIG, "media-streams", {
        instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111",
        resourceType: "MEDIA_STREAMS",
        storageType: "KINESIS_VIDEO_STREAM",
        kinesisVideoStreamConfig: {
            prefix: "acme-media",
            retentionPeriodHours,
            encryptionConfig: { encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
        },
    });

export const boundedRetention = resourceControl<Config>({
    name: "retention-bounded-retention",
    title: "Streams, queues, log groups and Connect media keep data for a bounded time",
    area: "retention",
    description:
        "Kinesis streams (`retentionPeriod`, 24 hours when unset), Kinesis Video streams (`dataRetentionInHours`, nothing " +
        "kept when unset or 0), SQS queues (`messageRetentionSeconds`, 4 days when unset) and Amazon Connect media storage " +
        "(`storageConfig.kinesisVideoStreamConfig.retentionPeriodHours`) keep contact data no longer than the configured " +
        "maxima. CloudWatch log groups must set `retentionInDays`: unset or 0 keeps events forever and is always a violation. " +
        "aws-native resources are judged alike: `kinesis.Stream` (`retentionPeriodHours`), `kinesisvideo.Stream` " +
        "(`dataRetentionInHours`), `sqs.Queue` (`messageRetentionPeriod`), `logs.LogGroup` (`retentionInDays`) and " +
        "`connect.InstanceStorageConfig` (top-level `kinesisVideoStreamConfig.retentionPeriodHours`).",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 5(1)(e)"],
        pciDss: ["3.2.1"],
        iso27001: ["A.8.10"],
    },
    remediation: [
        "Set `retentionInDays` on every `aws.cloudwatch.LogGroup` or aws-native `logs.LogGroup` (for example 400 for audit logs, much less for application logs), and create Connect's `/aws/connect/<alias>` log group yourself so it does not default to never expire.",
        "Lower `retentionPeriod` (Kinesis; aws-native `retentionPeriodHours`), `dataRetentionInHours` (Kinesis Video), `messageRetentionSeconds` (SQS; aws-native `messageRetentionPeriod`) and the Connect media `retentionPeriodHours` to the configured maxima.",
        "If a longer period is required and documented (records of processing, GDPR Art. 30), raise this policy's parameter rather than waiving it.",
    ],
    parameters: {
        maxStreamRetentionHours: {
            type: "integer",
            minimum: 24,
            default: 168,
            description: "Longest a Kinesis data stream may keep records, in hours (AWS accepts 24 to 8760; 24 when unset).",
        },
        maxVideoRetentionHours: {
            type: "integer",
            minimum: 0,
            default: 168,
            description:
                "Longest a Kinesis Video stream, or the media stream of a Connect MEDIA_STREAMS storage config, may keep media, in hours " +
                "(0 keeps nothing).",
        },
        maxQueueRetentionSeconds: {
            type: "integer",
            minimum: 60,
            default: 345_600,
            description: "Longest an SQS queue may keep a message, in seconds (AWS accepts 60 to 1209600; 345600, four days, when unset).",
        },
        maxLogRetentionDays: {
            type: "integer",
            minimum: 1,
            default: 400,
            description:
                "Longest a CloudWatch log group may keep events, in days. The default leaves room for PCI DSS 10.5.1's twelve months of " +
                "audit logs; CloudWatch accepts only fixed values (…, 180, 365, 400, 545, 731, …).",
        },
    },
    appliesTo: Object.keys(RETAINING_SERVICES),
    examples: [
        {
            title: "a contact-record stream at the 24-hour default",
            verdict: "compliant",
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1 })],
        },
        {
            title: "a contact-record stream kept for a year",
            verdict: "violation",
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1, retentionPeriod: 8760 })],
        },
        {
            title: "a Kinesis Video stream keeping media for a week",
            verdict: "compliant",
            resources: [of(VIDEO_STREAM, "media", { dataRetentionInHours: 168 })],
        },
        {
            title: "a Kinesis Video stream keeping media for 90 days",
            verdict: "violation",
            resources: [of(VIDEO_STREAM, "media", { dataRetentionInHours: 2160 })],
        },
        {
            title: "an SQS queue at the four-day default",
            verdict: "compliant",
            resources: [of(SQS_QUEUE, "callback-requests", {})],
        },
        {
            title: "an SQS queue keeping messages for 14 days",
            verdict: "violation",
            resources: [of(SQS_QUEUE, "callback-requests", { messageRetentionSeconds: 1_209_600 })],
        },
        {
            title: "a flow-log group kept 400 days",
            verdict: "compliant",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme", retentionInDays: 400 })],
        },
        {
            title: "a log group without retentionInDays (never expires)",
            verdict: "violation",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme" })],
        },
        {
            title: "a log group with retentionInDays 0 (never expires)",
            verdict: "violation",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme", retentionInDays: 0 })],
        },
        {
            title: "a log group kept ten years",
            verdict: "violation",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme", retentionInDays: 3653 })],
        },
        {
            title: "a DELIVERY-class log group, which AWS keeps two days whatever retentionInDays says",
            verdict: "compliant",
            resources: [of(LOG_GROUP, "vended-logs", { logGroupClass: "DELIVERY" })],
        },
        {
            title: "Connect media streams kept 24 hours",
            verdict: "compliant",
            resources: [mediaStorage(24)],
        },
        {
            title: "Connect media streams kept ten years",
            verdict: "violation",
            resources: [mediaStorage(87_600)],
        },
        {
            title: "a contact-record stream kept two weeks under a team maximum of 14 days",
            verdict: "compliant",
            config: { maxStreamRetentionHours: 336 },
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1, retentionPeriod: 336 })],
        },
        {
            title: "first preview: the log group's retention comes from a stack output",
            verdict: "deferred",
            resources: [of(LOG_GROUP, "flow-logs", { name: UNKNOWN, retentionInDays: UNKNOWN })],
        },
        {
            title: "first preview: the Connect media retention is computed from another resource",
            verdict: "deferred",
            resources: [mediaStorage(UNKNOWN)],
        },
        {
            title: "aws-native: a contact-record stream, video stream, queue and log group within the maxima",
            verdict: "compliant",
            resources: [
                of(NATIVE.KINESIS_STREAM, "ctr", { shardCount: 1, retentionPeriodHours: 48 }),
                of(NATIVE.VIDEO_STREAM, "media", { dataRetentionInHours: 24 }),
                of(NATIVE.SQS_QUEUE, "callback-requests", { messageRetentionPeriod: 86_400 }),
                of(NATIVE.LOG_GROUP, "flow-logs", { logGroupName: "/aws/connect/acme", retentionInDays: 365 }),
            ],
        },
        {
            title: "aws-native: a contact-record stream kept for a year (retentionPeriodHours)",
            verdict: "violation",
            resources: [of(NATIVE.KINESIS_STREAM, "ctr", { shardCount: 1, retentionPeriodHours: 8760 })],
        },
        {
            title: "aws-native: an SQS queue keeping messages for 14 days (messageRetentionPeriod)",
            verdict: "violation",
            resources: [of(NATIVE.SQS_QUEUE, "callback-requests", { messageRetentionPeriod: 1_209_600 })],
        },
        {
            title: "aws-native: a log group without retentionInDays (never expires)",
            verdict: "violation",
            resources: [of(NATIVE.LOG_GROUP, "flow-logs", { logGroupName: "/aws/connect/acme" })],
        },
        {
            title: "aws-native: Connect media streams kept ten years (top-level kinesisVideoStreamConfig)",
            verdict: "violation",
            resources: [nativeMediaStorage(87_600)],
        },
        {
            title: "aws-native first preview: the Connect media block is computed from another resource",
            verdict: "deferred",
            resources: [of(NATIVE.CONNECT_STORAGE_CONFIG, "media-streams", { instanceArn: UNKNOWN, resourceType: "MEDIA_STREAMS", storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: UNKNOWN })],
        },
        {
            title: "first preview: a log group that never expires still blocks although its name is unknown",
            verdict: "violation",
            resources: [of(LOG_GROUP, "flow-logs", { name: UNKNOWN, kmsKeyId: UNKNOWN })],
        },
    ],
    check(resource, config, findings) {
        if (!Object.hasOwn(RETAINING_SERVICES, resource.type)) return;
        const service = RETAINING_SERVICES[resource.type];
        service.judge(`${service.label} '${resource.name}'`, resource, config, findings);
    },
});
