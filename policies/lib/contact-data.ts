/**
 * Which buckets hold contact data, derived from the graph: the buckets Amazon Connect writes
 * recordings, transcripts, reports and evaluations into (S3 storage configs), the buckets Firehose
 * delivers contact records to, and buckets a team names in its config. Retention rules bite there,
 * without flagging unrelated buckets such as build artefacts.
 */
import type { Parameter } from "../control";
import { bucketNameOfArn } from "./arn";
import { isRecord } from "./describe";
import { CONNECT_STORAGE_CONFIG, S3_BUCKET } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

export const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

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
}

function entryFor(data: ContactData, bucket: GraphResource): ContactDataBucket {
    let entry = data.buckets.get(bucket);
    if (!entry) {
        entry = { bucket, prefixes: new Set(), unknownPrefix: false, writers: [] };
        data.buckets.set(bucket, entry);
    }
    return entry;
}

function addPrefix(entry: ContactDataBucket, prefix: unknown) {
    if (isUnknown(prefix)) entry.unknownPrefix = true;
    else entry.prefixes.add(typeof prefix === "string" ? prefix : "");
}

export function contactDataBuckets(stack: StackGraph, namedBuckets: unknown = []): ContactData {
    const data: ContactData = { buckets: new Map(), unresolvedWriters: [] };

    for (const storage of stack.ofType([CONNECT_STORAGE_CONFIG])) {
        const config = storage.props["storageConfig"];
        const s3 = isRecord(config) ? config["s3Config"] : undefined;
        if (!isRecord(s3) && !isUnknown(s3)) continue;
        const bucketName = isRecord(s3) ? s3["bucketName"] : s3;
        const target = stack.resolve(storage, { property: "storageConfig", value: bucketName, targets: S3_BUCKET });
        if (target.kind === "unknown") data.unresolvedWriters.push(storage);
        if (target.kind !== "resources") continue;
        for (const bucket of target.resources) {
            const entry = entryFor(data, bucket);
            entry.writers.push(storage);
            addPrefix(entry, isRecord(s3) ? s3["bucketPrefix"] : s3);
            for (const prefix of CONNECT_ROOT_PREFIXES) entry.prefixes.add(prefix);
        }
    }

    for (const firehose of stack.ofType([FIREHOSE])) {
        const destination = firehose.props["extendedS3Configuration"];
        if (!isRecord(destination) && !isUnknown(destination)) continue;
        const bucketArn = isRecord(destination) ? destination["bucketArn"] : destination;
        // The ARN of a bucket in the stack during updates; its name also matches (`arn:aws:s3:::name`).
        const value = typeof bucketArn === "string" && !isUnknown(bucketArn) ? bucketNameOfArn(bucketArn) ?? bucketArn : bucketArn;
        const target = stack.resolve(firehose, { property: "extendedS3Configuration", value, targets: S3_BUCKET });
        if (target.kind === "unknown") data.unresolvedWriters.push(firehose);
        if (target.kind !== "resources") continue;
        for (const bucket of target.resources) {
            const entry = entryFor(data, bucket);
            entry.writers.push(firehose);
            addPrefix(entry, isRecord(destination) ? destination["prefix"] : destination);
        }
    }

    // The list comes from a policy config file: anything but a list of names adds nothing.
    const named = Array.isArray(namedBuckets) ? namedBuckets.filter((n): n is string => typeof n === "string") : [];
    if (named.length > 0) {
        const names = new Set(named);
        for (const bucket of stack.ofType(S3_BUCKET)) {
            const physical = bucket.props["bucket"];
            if (names.has(bucket.name) || (typeof physical === "string" && names.has(physical))) entryFor(data, bucket).prefixes.add("");
        }
    }
    return data;
}
