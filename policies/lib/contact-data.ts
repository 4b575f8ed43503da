/**
 * Which buckets hold contact data, derived from the graph by following the data from the services
 * that produce it, in either provider:
 *
 * - Amazon Connect storage configs: recordings, transcripts, reports and evaluations into S3;
 *   contact trace records, agent events and real-time segments into a Kinesis data stream or
 *   straight into a Firehose delivery stream;
 * - Customer Profiles: identity-resolution exports to S3, events to a Kinesis stream, rejected
 *   objects to a dead-letter queue;
 * - Lex V2 conversation logs: callers' audio into S3;
 * - a Firehose delivery stream fed by one of them (directly, or reading a stream they fill) writes
 *   to its S3 destination, its backup bucket and the bucket other destinations keep failed records in;
 * - and buckets a team names in its config.
 *
 * A delivery stream nothing of the sort feeds (a click-stream or application-log pipeline) is not
 * contact data, nor is its bucket: retention and access rules bite where contact data is, without
 * flagging unrelated buckets such as build artefacts or web analytics.
 */
import type { Parameter } from "../control";
import { bucketNameOfArn } from "./arn";
import { bucketNameOf } from "./bucket-identity";
import { ANY_CONNECT_STORAGE_CONFIG, connectStorage } from "./connect-storage";
import {
    ANY_CUSTOMER_PROFILES_DOMAIN,
    customerProfilesExports,
    firehoseS3Destinations,
    firehoseSourceStream,
    isWriting,
    LEX_CONVERSATION_LOG_OWNERS,
    lexConversationLogs,
    resolveAt,
    resolveQueueUrl,
} from "./contact-stores";
import { isSet, propertyAt, type PropertyAt } from "./property-path";
import { ANY_FIREHOSE, ANY_KINESIS_STREAM, ANY_S3_BUCKET, NATIVE } from "./resource-types";
import type { GraphResource, Reference, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

/** The parameter every control that judges contact data buckets takes, to name more of them. */
export const CONTACT_DATA_BUCKETS_PARAMETER: Parameter = {
    type: "array",
    items: { type: "string" },
    default: [],
    description: "More buckets holding contact data, by resource name or bucket name (the whole bucket counts as contact data).",
};

/**
 * Prefixes Amazon Connect writes to at the bucket root besides the storage prefix: Contact Lens
 * output (redacted audio, transcripts, analysis) under `Analysis/`, contact evaluations under `Evaluations/`.
 */
export const CONNECT_ROOT_PREFIXES = ["Analysis/", "Evaluations/"] as const;

export interface ContactDataBucket {
    bucket: GraphResource;
    /** Key prefixes contact data is written under; "" means the whole bucket. */
    prefixes: Set<string>;
    /** A writer whose prefix is not known yet. */
    unknownPrefix: boolean;
    /** Who writes contact data here, for messages. */
    writers: GraphResource[];
}

export interface ContactData {
    buckets: Map<GraphResource, ContactDataBucket>;
    /** Writers whose bucket is not known yet: any bucket of the stack may be theirs. */
    unresolvedWriters: GraphResource[];
    /**
     * Kinesis data streams, Firehose delivery streams and SQS queues contact data passes through,
     * each with the resources that feed it.
     */
    carriers: Map<GraphResource, GraphResource[]>;
}

/** The buckets (and carriers) holding contact data in this stack, plus the buckets a team names. */
export function contactDataBuckets(stack: StackGraph, namedBuckets: unknown = []): ContactData {
    const lineage = stack.derived(followContactData);
    // The list comes from a policy config file: anything but a list of names adds nothing.
    const names = new Set(Array.isArray(namedBuckets) ? namedBuckets.filter((n): n is string => typeof n === "string") : []);
    if (names.size === 0) return lineage;

    // The lineage is shared by every control of the stack: named buckets go into a copy.
    const buckets = new Map(lineage.buckets);
    for (const bucket of stack.ofType(ANY_S3_BUCKET)) {
        if (!names.has(bucket.name) && !names.has(bucketNameOf(bucket) ?? "")) continue;
        const entry = buckets.get(bucket);
        const prefixes = new Set(entry?.prefixes ?? []).add("");
        buckets.set(bucket, { bucket, prefixes, unknownPrefix: entry?.unknownPrefix ?? false, writers: entry?.writers ?? [] });
    }
    return { ...lineage, buckets };
}

/** Follows contact data from its producers to every bucket it lands in; computed once per stack. */
function followContactData(stack: StackGraph): ContactData {
    const data: ContactData = { buckets: new Map(), unresolvedWriters: [], carriers: new Map() };
    const lineage = new Lineage(stack, data);
    lineage.fromConnect();
    lineage.fromCustomerProfiles();
    lineage.fromLexConversationLogs();
    // Last: a delivery stream carries contact data when a producer above feeds it.
    lineage.throughFirehose();
    return data;
}

class Lineage {
    constructor(
        private readonly stack: StackGraph,
        private readonly data: ContactData,
    ) {}

    fromConnect(): void {
        for (const storage of this.stack.ofType(ANY_CONNECT_STORAGE_CONFIG)) {
            const config = connectStorage(storage);
            const bucketName = config.field("s3Config", "bucketName");
            const streamArn = config.field("kinesisStreamConfig", "streamArn");
            const firehoseArn = config.field("kinesisFirehoseConfig", "firehoseArn");
            const buckets = this.resolve(storage, bucketName, ANY_S3_BUCKET);
            const streams = this.resolve(storage, streamArn, ANY_KINESIS_STREAM);
            const firehoses = this.resolve(storage, firehoseArn, ANY_FIREHOSE);
            const references = [buckets, streams, firehoses];

            if (isUnknown(config.unreadableWrapper?.value)) {
                // The whole classic `storageConfig` is not known yet: its dependencies tell which of
                // the three it points at; only when none of them does is the target unknown.
                if (!references.some((reference) => reference.kind === "resources")) this.data.unresolvedWriters.push(storage);
            } else if (references.some((reference) => reference.kind === "unknown")) {
                this.data.unresolvedWriters.push(storage);
            }

            if (buckets.kind === "resources") {
                const prefix = config.field("s3Config", "bucketPrefix").value;
                for (const bucket of buckets.resources) {
                    const entry = this.bucketEntry(bucket, storage);
                    addPrefix(entry, prefix);
                    for (const root of CONNECT_ROOT_PREFIXES) entry.prefixes.add(root);
                }
            }
            for (const reference of [streams, firehoses]) this.carry(reference, storage);
        }
    }

    fromCustomerProfiles(): void {
        for (const domain of this.stack.ofType(ANY_CUSTOMER_PROFILES_DOMAIN)) {
            for (const { bucketName, keyName } of customerProfilesExports(domain)) this.writesTo(domain, bucketName, keyName);
            const deadLetters = propertyAt(domain.props, ["deadLetterQueueUrl"]);
            if (isSet(deadLetters)) this.carry(resolveQueueUrl(this.stack, domain, deadLetters), domain);
        }
        // An event stream sends every profile change to the Kinesis stream of its `uri`.
        for (const eventStream of this.stack.ofType([NATIVE.CUSTOMER_PROFILES_EVENT_STREAM])) {
            const uri = propertyAt(eventStream.props, ["uri"]);
            const streams = this.resolve(eventStream, uri, ANY_KINESIS_STREAM);
            if (streams.kind === "unknown") this.data.unresolvedWriters.push(eventStream);
            this.carry(streams, eventStream);
        }
    }

    fromLexConversationLogs(): void {
        for (const owner of this.stack.ofType(LEX_CONVERSATION_LOG_OWNERS)) {
            const audio = lexConversationLogs(owner, "audioLogSettings");
            if (audio.unknown) this.writesTo(owner, audio.unknown, audio.unknown);
            for (const setting of audio.settings) {
                if (isWriting(setting)) this.writesTo(owner, setting.destination("s3Bucket", "s3BucketArn"), setting.destination("s3Bucket", "logPrefix"));
            }
        }
    }

    throughFirehose(): void {
        const feeds = this.contactDataStreams();
        for (const firehose of this.stack.ofType(ANY_FIREHOSE)) {
            const source = firehoseSourceStream(firehose);
            const streams = this.resolve(firehose, source, ANY_KINESIS_STREAM);
            if (streams.kind === "resources") {
                for (const stream of streams.resources) if (feeds.has(stream)) this.feed(firehose, stream);
            } else if (streams.kind === "unknown" && feeds.size > 0) {
                // It may read one of the streams contact data flows into.
                this.data.unresolvedWriters.push(firehose);
            }
            if (!this.data.carriers.has(firehose)) continue;
            for (const destination of firehoseS3Destinations(firehose)) this.writesTo(firehose, destination.bucketArn, destination.prefix);
        }
    }

    private contactDataStreams(): Set<GraphResource> {
        const streamTypes = new Set<string>(ANY_KINESIS_STREAM);
        return new Set([...this.data.carriers.keys()].filter((carrier) => streamTypes.has(carrier.type)));
    }

    /** `writer` puts contact data into the bucket `target` names, under `prefix`. */
    private writesTo(writer: GraphResource, target: PropertyAt, prefix: PropertyAt): void {
        // A bucket ARN (`arn:aws:s3:::name`) names the bucket by its name.
        const value = typeof target.value === "string" && !isUnknown(target.value) ? (bucketNameOfArn(target.value) ?? target.value) : target.value;
        const buckets = this.resolve(writer, { ...target, value }, ANY_S3_BUCKET);
        if (buckets.kind === "unknown") this.data.unresolvedWriters.push(writer);
        if (buckets.kind !== "resources") return;
        for (const bucket of buckets.resources) addPrefix(this.bucketEntry(bucket, writer), prefix.value);
    }

    private carry(reference: Reference, feeder: GraphResource): void {
        if (reference.kind === "resources") for (const carrier of reference.resources) this.feed(carrier, feeder);
    }

    private feed(carrier: GraphResource, feeder: GraphResource): void {
        const feeders = this.data.carriers.get(carrier);
        if (!feeders) this.data.carriers.set(carrier, [feeder]);
        else if (!feeders.includes(feeder)) feeders.push(feeder);
    }

    private resolve(source: GraphResource, at: PropertyAt, targets: readonly string[]): Reference {
        return resolveAt(this.stack, source, at, targets);
    }

    private bucketEntry(bucket: GraphResource, writer: GraphResource): ContactDataBucket {
        let entry = this.data.buckets.get(bucket);
        if (!entry) {
            entry = { bucket, prefixes: new Set(), unknownPrefix: false, writers: [] };
            this.data.buckets.set(bucket, entry);
        }
        if (!entry.writers.includes(writer)) entry.writers.push(writer);
        return entry;
    }
}

function addPrefix(entry: ContactDataBucket, prefix: unknown) {
    if (isUnknown(prefix)) entry.unknownPrefix = true;
    else entry.prefixes.add(typeof prefix === "string" ? prefix : "");
}
