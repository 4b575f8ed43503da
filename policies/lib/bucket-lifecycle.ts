/**
 * What S3 does with objects over time: lifecycle rules, versioning and Object Lock, wherever a stack
 * declares them (separate resources of either generation, or inline on the bucket), normalised so
 * retention controls judge one shape.
 */
import { isRecord } from "./describe";
import { S3_BUCKET } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

export const S3_LIFECYCLE = [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;
export const S3_VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"] as const;
export const S3_OBJECT_LOCK = [
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
] as const;

/** Values may be a number, absent, or the unknown sentinel. */
type Maybe = unknown;

export interface LifecycleRule {
    declaredBy: GraphResource;
    path: string;
    enabled: Maybe;
    /** Key prefix the rule applies to; "" for the whole bucket. */
    prefix: Maybe;
    /** Tag or size filters narrow a rule below its prefix, so it cannot be relied on to cover it. */
    narrowed: boolean;
    expirationDays: Maybe;
    expirationDate: Maybe;
    noncurrentDays: Maybe;
    abortIncompleteUploadDays: Maybe;
}

export interface Declared<T> {
    items: T[];
    /** Parts not known yet, described for messages. */
    unknowns: string[];
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const field = (record: unknown, key: string): unknown => (isUnknown(record) ? record : isRecord(record) ? record[key] : undefined);

/** Configuration resources of `types` whose `bucket` points at `bucket`; unknown references noted. */
function configurationsOf(stack: StackGraph, bucket: GraphResource, types: readonly string[], unknowns: string[]): readonly GraphResource[] {
    for (const configuration of stack.unresolvedReferrers(types, "bucket", S3_BUCKET)) unknowns.push(`the \`bucket\` of '${configuration.name}'`);
    return stack.referrers(bucket, types, "bucket", S3_BUCKET);
}

function standaloneRule(declaredBy: GraphResource, rule: unknown, index: number): LifecycleRule {
    const filter = field(rule, "filter");
    const and = field(filter, "and");
    const prefix = [field(and, "prefix"), field(filter, "prefix"), field(rule, "prefix")].find((p) => p !== undefined) ?? "";
    const narrowing = [field(filter, "tag"), field(filter, "objectSizeGreaterThan"), field(filter, "objectSizeLessThan"), field(and, "tags"), field(and, "objectSizeGreaterThan"), field(and, "objectSizeLessThan")];
    return {
        declaredBy,
        path: `rules[${index}]`,
        enabled: isUnknown(field(rule, "status")) ? field(rule, "status") : field(rule, "status") === "Enabled",
        prefix,
        narrowed: narrowing.some((n) => n !== undefined && n !== null && !(isRecord(n) && Object.keys(n).length === 0)),
        expirationDays: field(field(rule, "expiration"), "days"),
        expirationDate: field(field(rule, "expiration"), "date"),
        noncurrentDays: field(field(rule, "noncurrentVersionExpiration"), "noncurrentDays"),
        abortIncompleteUploadDays: field(field(rule, "abortIncompleteMultipartUpload"), "daysAfterInitiation"),
    };
}

/** Inline `lifecycleRules` of `Bucket` (single blocks) and `BucketV2` (lists of blocks). */
function inlineRule(bucket: GraphResource, rule: unknown, index: number): LifecycleRule {
    const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
    const expiration = field(rule, "expiration") ?? first(field(rule, "expirations"));
    const noncurrent = field(rule, "noncurrentVersionExpiration") ?? first(field(rule, "noncurrentVersionExpirations"));
    const tags = field(rule, "tags");
    return {
        declaredBy: bucket,
        path: `lifecycleRules[${index}]`,
        enabled: field(rule, "enabled"),
        prefix: field(rule, "prefix") ?? "",
        narrowed: isRecord(tags) && Object.keys(tags).length > 0,
        expirationDays: field(expiration, "days"),
        expirationDate: field(expiration, "date"),
        noncurrentDays: field(noncurrent, "days"),
        abortIncompleteUploadDays: field(rule, "abortIncompleteMultipartUploadDays"),
    };
}

export function lifecycleRules(stack: StackGraph, bucket: GraphResource): Declared<LifecycleRule> {
    const result: Declared<LifecycleRule> = { items: [], unknowns: [] };
    const inline = bucket.props["lifecycleRules"];
    if (isUnknown(inline)) result.unknowns.push(`the \`lifecycleRules\` of '${bucket.name}'`);
    else list(inline).forEach((rule, index) => result.items.push(inlineRule(bucket, rule, index)));
    for (const configuration of configurationsOf(stack, bucket, S3_LIFECYCLE, result.unknowns)) {
        const rules = configuration.props["rules"];
        if (isUnknown(rules)) result.unknowns.push(`the \`rules\` of '${configuration.name}'`);
        else list(rules).forEach((rule, index) => result.items.push(standaloneRule(configuration, rule, index)));
    }
    return result;
}

/** Does the rule apply to every key under `prefix`? */
export function ruleCovers(rule: LifecycleRule, prefix: string): boolean | "unknown" {
    if (isUnknown(rule.prefix)) return "unknown";
    if (rule.narrowed || typeof rule.prefix !== "string") return false;
    return prefix.startsWith(rule.prefix);
}

export type Versioning = "enabled" | "suspended-or-off" | "unknown";

export function versioningOf(stack: StackGraph, bucket: GraphResource): Versioning {
    const unknowns: string[] = [];
    const states: unknown[] = [];
    for (const configuration of configurationsOf(stack, bucket, S3_VERSIONING, unknowns)) {
        states.push(field(configuration.props["versioningConfiguration"], "status") === "Enabled" ? true : field(configuration.props["versioningConfiguration"], "status"));
    }
    states.push(field(bucket.props["versioning"], "enabled"));
    for (const entry of list(bucket.props["versionings"])) states.push(field(entry, "enabled"));
    // S3 turns versioning on for every bucket created with Object Lock.
    states.push(bucket.props["objectLockEnabled"]);
    if (states.some((state) => state === true)) return "enabled";
    if (states.some(isUnknown) || unknowns.length > 0) return "unknown";
    return "suspended-or-off";
}

export interface DefaultRetention {
    declaredBy: GraphResource;
    mode: unknown;
    /** Days, years converted at 365 days a year; unknown when either is unknown. */
    days: unknown;
}

export function objectLockRetention(stack: StackGraph, bucket: GraphResource): Declared<DefaultRetention> {
    const result: Declared<DefaultRetention> = { items: [], unknowns: [] };
    const retentionOf = (declaredBy: GraphResource, rule: unknown) => {
        const retention = field(rule, "defaultRetention");
        const days = field(retention, "days");
        const years = field(retention, "years");
        if (retention === undefined) return;
        result.items.push({
            declaredBy,
            mode: field(retention, "mode"),
            days: isUnknown(days) || isUnknown(years) ? days ?? years : typeof years === "number" ? years * 365 : days,
        });
    };
    for (const configuration of configurationsOf(stack, bucket, S3_OBJECT_LOCK, result.unknowns)) {
        const rule = configuration.props["rule"];
        if (isUnknown(rule)) result.unknowns.push(`the \`rule\` of '${configuration.name}'`);
        else retentionOf(configuration, rule);
    }
    const inline = bucket.props["objectLockConfiguration"];
    if (isUnknown(inline)) result.unknowns.push(`the \`objectLockConfiguration\` of '${bucket.name}'`);
    retentionOf(bucket, field(inline, "rule"));
    for (const rule of list(field(inline, "rules"))) retentionOf(bucket, rule);
    return result;
}
