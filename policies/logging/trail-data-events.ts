/**
 * Which S3 objects a CloudTrail trail records data events for.
 *
 * CloudTrail logs object-level S3 calls (GetObject, PutObject, DeleteObject) only when a trail
 * selects them, in one of two mutually exclusive shapes:
 * - basic `eventSelectors[].dataResources[]` of type `AWS::S3::Object`, whose `values` are
 *   `arn:aws:s3` (every bucket), `arn:aws:s3:::<bucket>/` (every object of one bucket) or
 *   `arn:aws:s3:::<bucket>/<prefix>` (only that prefix); `readWriteType` picks reads, writes or both;
 * - `advancedEventSelectors[].fieldSelectors[]`, ANDed, with `eventCategory = Data`,
 *   `resources.type = AWS::S3::Object` and optionally `resources.ARN`, `readOnly` and other fields.
 * Only a selection that records every read and every write of every object counts: PCI DSS
 * 10.2.1.1 asks for all individual access to cardholder data, so selectors that filter by event
 * name, identity or object key record only part of it.
 *
 * `aws-native:cloudtrail:Trail` has the same selectors (checked in its `types/input.d.ts`), but
 * spells the advanced operators in the singular (`startsWith`, `notStartsWith`, `endsWith`,
 * `notEndsWith`) where the classic provider has `startsWiths`, and its logging switch is the
 * required `isLogging` instead of the classic `enableLogging`, which defaults to on.
 */
import { describeValue, isRecord, listOf } from "../lib/describe";
import { isNativeType } from "../lib/resource-types";
import type { GraphResource } from "../lib/stack-graph";
import { isUnknown, UNKNOWN_SENTINELS } from "../lib/unknown";

export type Tri = boolean | "unknown";

export interface TrailCoverage {
    reads: Tri;
    writes: Tri;
    /** Why a selector does not count, for messages. */
    gaps: string[];
}

/** The bucket as a trail sees it: its name when known, and its resource for property dependencies. */
export interface BucketIdentity {
    resource: GraphResource | undefined;
    name: string | undefined;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
export const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === "unknown" || b === "unknown" ? "unknown" : false);
export const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : "unknown");

/**
 * An unknown value in a trail's selectors may name the bucket, unless the engine's property
 * dependencies show that the selectors were built from other resources only.
 */
function unknownMayName(trail: GraphResource, property: string, bucket: BucketIdentity): Tri {
    const dependencies = trail.propertyDependencies[property];
    if (bucket.resource === undefined || dependencies === undefined) return "unknown";
    return dependencies.includes(bucket.resource.urn) ? "unknown" : false;
}

/** Does one `dataResources` value select every object of the bucket? */
function valueSelectsBucket(trail: GraphResource, value: unknown, bucket: BucketIdentity): Tri {
    if (isUnknown(value)) return unknownMayName(trail, "eventSelectors", bucket);
    if (typeof value !== "string") return false;
    if (/^arn:[a-z-]+:s3(:::)?$/.test(value)) return true;
    const match = /^arn:[a-z-]+:s3:::([^/]+)\/?$/.exec(value);
    if (!match) return false;
    return bucket.name === undefined ? "unknown" : match[1] === bucket.name;
}

function basicCoverage(trail: GraphResource, selectors: unknown, bucket: BucketIdentity, coverage: TrailCoverage) {
    if (isUnknown(selectors)) {
        const may = unknownMayName(trail, "eventSelectors", bucket);
        coverage.reads = or(coverage.reads, may);
        coverage.writes = or(coverage.writes, may);
        return;
    }
    for (const selector of listOf(selectors)) {
        const record = isRecord(selector) ? selector : {};
        const readWrite = isUnknown(selector) ? selector : record["readWriteType"];
        let selects: Tri = isUnknown(selector) ? unknownMayName(trail, "eventSelectors", bucket) : false;
        const dataResources = record["dataResources"];
        for (const resource of isUnknown(dataResources) ? [dataResources] : listOf(dataResources)) {
            const type = isRecord(resource) ? resource["type"] : resource;
            if (isUnknown(type)) selects = or(selects, unknownMayName(trail, "eventSelectors", bucket));
            if (!isRecord(resource) || type !== "AWS::S3::Object") continue;
            const values = isUnknown(resource["values"]) ? [resource["values"]] : listOf(resource["values"]);
            for (const value of values) selects = or(selects, valueSelectsBucket(trail, value, bucket));
            const prefix = values.find((v) => typeof v === "string" && bucket.name !== undefined && new RegExp(`^arn:[a-z-]+:s3:::${escaped(bucket.name)}/.+`).test(v));
            if (prefix !== undefined && selects === false) coverage.gaps.push(`'${trail.name}' selects only the prefix \`${String(prefix)}\``);
        }
        const reads: Tri = isUnknown(readWrite) ? "unknown" : readWrite === undefined || readWrite === "All" || readWrite === "ReadOnly";
        const writes: Tri = isUnknown(readWrite) ? "unknown" : readWrite === undefined || readWrite === "All" || readWrite === "WriteOnly";
        if (selects === true && (reads === false || writes === false)) coverage.gaps.push(`'${trail.name}' selects only ${String(readWrite)} data events`);
        coverage.reads = or(coverage.reads, and(selects, reads));
        coverage.writes = or(coverage.writes, and(selects, writes));
    }
}

/** Field selectors of one advanced selector, by field name. */
type Fields = Map<string, Record<string, unknown>[]>;

const stringsOf = (value: unknown): unknown[] => (isUnknown(value) ? [value] : listOf(value));
const equalsIncludes = (fields: Fields, field: string, wanted: string): Tri => {
    const selectors = fields.get(field) ?? [];
    if (selectors.length === 0) return false;
    let result: Tri = true;
    for (const selector of selectors) {
        const values = stringsOf(selector["equals"]);
        result = and(result, values.includes(wanted) ? true : values.some(isUnknown) ? "unknown" : false);
    }
    return result;
};

/** The classic provider's plural operator names, in aws-native's (and CloudTrail's own) singular. */
const SINGULAR_OPERATOR: Readonly<Record<string, string>> = {
    startsWiths: "startsWith",
    notStartsWiths: "notStartsWith",
    endsWiths: "endsWith",
    notEndsWiths: "notEndsWith",
};

/** Does `resources.ARN` (if present) leave every object of the bucket selected? */
function arnFieldSelectsBucket(trail: GraphResource, fields: Fields, bucket: BucketIdentity): Tri {
    let result: Tri = true;
    const objects = bucket.name === undefined ? undefined : `arn:aws:s3:::${bucket.name}/`;
    for (const selector of fields.get("resources.ARN") ?? []) {
        for (const [key, raw] of Object.entries(selector)) {
            if (key === "field" || raw === undefined || raw === null) continue;
            const operator = SINGULAR_OPERATOR[key] ?? key;
            const values = stringsOf(raw);
            const verdictOf = (value: unknown): Tri => {
                if (isUnknown(value)) return unknownMayName(trail, "advancedEventSelectors", bucket);
                if (typeof value !== "string") return false;
                if (objects === undefined) return "unknown";
                if (operator === "startsWith") return objects.startsWith(value) ? true : false;
                // Exclusions narrow the bucket when they touch its objects at all.
                if (operator === "notStartsWith" || operator === "notEquals") return objects.startsWith(value) || value.startsWith(objects) ? false : true;
                return false;
            };
            if (operator === "startsWith") result = and(result, values.map(verdictOf).reduce<Tri>(or, false));
            else result = and(result, values.map(verdictOf).reduce<Tri>(and, true));
        }
    }
    return result;
}

const KNOWN_FIELDS = new Set(["eventCategory", "resources.type", "resources.ARN", "readOnly"]);

function advancedCoverage(trail: GraphResource, selectors: unknown, bucket: BucketIdentity, coverage: TrailCoverage) {
    if (isUnknown(selectors)) {
        const may = unknownMayName(trail, "advancedEventSelectors", bucket);
        coverage.reads = or(coverage.reads, may);
        coverage.writes = or(coverage.writes, may);
        return;
    }
    for (const selector of listOf(selectors)) {
        const fieldSelectors = isRecord(selector) ? selector["fieldSelectors"] : selector;
        if (isUnknown(fieldSelectors)) {
            const may = unknownMayName(trail, "advancedEventSelectors", bucket);
            coverage.reads = or(coverage.reads, may);
            coverage.writes = or(coverage.writes, may);
            continue;
        }
        const fields: Fields = new Map();
        let unknownField = false;
        for (const fieldSelector of listOf(fieldSelectors)) {
            if (!isRecord(fieldSelector)) continue;
            const field = fieldSelector["field"];
            if (isUnknown(field)) unknownField = true;
            if (typeof field !== "string") continue;
            fields.set(field, [...(fields.get(field) ?? []), fieldSelector]);
        }
        const narrowing = [...fields.keys()].filter((field) => !KNOWN_FIELDS.has(field));
        let selects = [
            equalsIncludes(fields, "eventCategory", "Data"),
            equalsIncludes(fields, "resources.type", "AWS::S3::Object"),
            arnFieldSelectsBucket(trail, fields, bucket),
        ].reduce<Tri>(and, true);
        if (unknownField) selects = and(selects, "unknown");
        if (narrowing.length > 0 && selects !== false) {
            coverage.gaps.push(`'${trail.name}' filters its S3 data events by \`${narrowing[0]}\`, so it records only part of the access`);
            selects = false;
        }
        const readOnly = (fields.get("readOnly") ?? []).flatMap((s) => stringsOf(s["equals"]));
        const reads: Tri = readOnly.some(isUnknown) ? "unknown" : !readOnly.includes("false") || readOnly.includes("true");
        const writes: Tri = readOnly.some(isUnknown) ? "unknown" : !readOnly.includes("true") || readOnly.includes("false");
        if (selects === true && (reads === false || writes === false)) coverage.gaps.push(`'${trail.name}' selects only ${reads ? "read" : "write"} data events`);
        coverage.reads = or(coverage.reads, and(selects, reads));
        coverage.writes = or(coverage.writes, and(selects, writes));
    }
}

export interface LoggingSwitch {
    property: "enableLogging" | "isLogging";
    value: unknown;
    /** Whether the trail delivers events at all. */
    on: Tri;
    /** What the property must say, for messages. */
    expected: string;
}

/**
 * The switch that starts and stops a trail's delivery. The classic `enableLogging` defaults to on;
 * aws-native's `isLogging` is required (CloudFormation's `IsLogging`), so only `true` is on.
 */
export function loggingSwitchOf(trail: GraphResource): LoggingSwitch {
    if (isNativeType(trail.type)) {
        const value = trail.props["isLogging"];
        return { property: "isLogging", value, on: isUnknown(value) ? "unknown" : value === true, expected: "`true`" };
    }
    const value = trail.props["enableLogging"];
    return { property: "enableLogging", value, on: isUnknown(value) ? "unknown" : value !== false, expected: "`true` or unset" };
}

/** Whether the trail records every read and write of the bucket's objects. */
export function trailDataEventCoverage(trail: GraphResource, bucket: BucketIdentity): TrailCoverage {
    const coverage: TrailCoverage = { reads: false, writes: false, gaps: [] };
    basicCoverage(trail, trail.props["eventSelectors"], bucket, coverage);
    advancedCoverage(trail, trail.props["advancedEventSelectors"], bucket, coverage);
    const logging = loggingSwitchOf(trail);
    if (logging.on === false && (coverage.reads !== false || coverage.writes !== false)) {
        coverage.gaps.push(`'${trail.name}' has \`${logging.property}\` ${describeValue(logging.value)}`);
    }
    return { reads: and(logging.on, coverage.reads), writes: and(logging.on, coverage.writes), gaps: coverage.gaps };
}

/**
 * Which trails may select a bucket's objects, read once for a stack of many trails and buckets: a
 * trail whose basic selectors name other buckets only selects none of this one's objects. Trails
 * with advanced selectors, an every-bucket value or anything not known yet may select any bucket.
 */
export class TrailSelections {
    private readonly anyBucket: GraphResource[] = [];
    private readonly byBucketName = new Map<string, GraphResource[]>();

    private readonly order: Map<GraphResource, number>;

    constructor(private readonly trails: readonly GraphResource[]) {
        this.order = new Map(trails.map((trail, index) => [trail, index]));
        for (const trail of trails) {
            const names = namedBuckets(trail);
            if (names === "any") this.anyBucket.push(trail);
            else for (const name of names) this.byBucketName.set(name, [...(this.byBucketName.get(name) ?? []), trail]);
        }
    }

    /** The trails whose coverage of the bucket is not certainly empty, in stack order. */
    mayCover(bucket: BucketIdentity): readonly GraphResource[] {
        if (bucket.name === undefined) return this.trails;
        const candidates = new Set([...this.anyBucket, ...(this.byBucketName.get(bucket.name) ?? [])]);
        return [...candidates].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    }
}

const mentionsUnknown = (value: unknown) => {
    const text = JSON.stringify(value) ?? "";
    return Object.values(UNKNOWN_SENTINELS).some((sentinel) => text.includes(sentinel));
};

/** The buckets a trail's basic selectors name, or "any" when they may select other buckets too. */
function namedBuckets(trail: GraphResource): Set<string> | "any" {
    const advanced = trail.props["advancedEventSelectors"];
    if (advanced !== undefined && advanced !== null && !(Array.isArray(advanced) && advanced.length === 0)) return "any";
    const selectors = trail.props["eventSelectors"];
    if (mentionsUnknown(selectors)) return "any";
    const names = new Set<string>();
    for (const selector of listOf(selectors)) {
        const dataResources = isRecord(selector) ? selector["dataResources"] : undefined;
        for (const resource of listOf(dataResources)) {
            for (const value of isRecord(resource) ? listOf(resource["values"]) : []) {
                if (typeof value !== "string") continue;
                if (/^arn:[a-z-]+:s3(:::)?$/.test(value)) return "any";
                const bucket = /^arn:[a-z-]+:s3:::([^/]+)/.exec(value);
                if (bucket) names.add(bucket[1]);
            }
        }
    }
    return names;
}
