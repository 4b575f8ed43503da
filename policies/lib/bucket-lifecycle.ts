/**
 * What S3 does with objects over time: lifecycle rules, versioning and Object Lock, wherever a stack
 * declares them (separate resources of either generation, inline on a classic bucket, or as
 * properties of an aws-native bucket), normalised so retention controls judge one shape.
 *
 * aws-native (`aws-native:s3:Bucket`, the CloudFormation shape, checked in its `types/input.d.ts`)
 * has no separate lifecycle, versioning or Object Lock resources: `lifecycleConfiguration.rules[]`
 * flattens what the classic provider nests (`expirationInDays`, a top-level `prefix`, `tagFilters`,
 * size bounds), `versioningConfiguration.status` is `Enabled` or `Suspended`, and Object Lock has the
 * classic inline shape. A classic configuration resource may still point at an aws-native bucket
 * (`bucket: nativeBucket.bucketName`), so both are read for every bucket.
 */
import { isRecord } from "./describe";
import { ANY_S3_BUCKET, isNativeType } from "./resource-types";
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
    narrowed: boolean | "unknown";
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
    for (const configuration of stack.unresolvedReferrers(types, "bucket", ANY_S3_BUCKET)) unknowns.push(`the \`bucket\` of '${configuration.name}'`);
    return stack.referrers(bucket, types, "bucket", ANY_S3_BUCKET);
}

/** An `Enabled` / `Disabled` status as the rule's on switch; unknown stays unknown. */
const enabledByStatus = (status: unknown): Maybe => (isUnknown(status) ? status : status === "Enabled");

/**
 * Whether tag or size filters narrow a rule. An empty filter narrows nothing; one not known yet may,
 * so the rule's coverage waits for it.
 */
function narrowedBy(filters: unknown[]): boolean | "unknown" {
    const empty = (filter: unknown) =>
        filter === undefined || filter === null || filter === "" || (isRecord(filter) && Object.keys(filter).length === 0) || (Array.isArray(filter) && filter.length === 0);
    if (filters.some((filter) => !empty(filter) && !isUnknown(filter))) return true;
    return filters.some(isUnknown) ? "unknown" : false;
}

function standaloneRule(declaredBy: GraphResource, rule: unknown, index: number): LifecycleRule {
    const filter = field(rule, "filter");
    const and = field(filter, "and");
    const prefix = [field(and, "prefix"), field(filter, "prefix"), field(rule, "prefix")].find((p) => p !== undefined) ?? "";
    return {
        declaredBy,
        path: `rules[${index}]`,
        enabled: enabledByStatus(field(rule, "status")),
        prefix,
        narrowed: narrowedBy([field(filter, "tag"), field(filter, "objectSizeGreaterThan"), field(filter, "objectSizeLessThan"), field(and, "tags"), field(and, "objectSizeGreaterThan"), field(and, "objectSizeLessThan")]),
        expirationDays: field(field(rule, "expiration"), "days"),
        expirationDate: field(field(rule, "expiration"), "date"),
        noncurrentDays: field(field(rule, "noncurrentVersionExpiration"), "noncurrentDays"),
        abortIncompleteUploadDays: field(field(rule, "abortIncompleteMultipartUpload"), "daysAfterInitiation"),
    };
}

/** aws-native `lifecycleConfiguration.rules[]`: CloudFormation's rule, with prefix, filters and days at its top level. */
function nativeRule(bucket: GraphResource, rule: unknown, index: number): LifecycleRule {
    return {
        declaredBy: bucket,
        path: `lifecycleConfiguration.rules[${index}]`,
        enabled: enabledByStatus(field(rule, "status")),
        prefix: field(rule, "prefix") ?? "",
        narrowed: narrowedBy([field(rule, "tagFilters"), field(rule, "objectSizeGreaterThan"), field(rule, "objectSizeLessThan")]),
        expirationDays: field(rule, "expirationInDays"),
        expirationDate: field(rule, "expirationDate"),
        // `noncurrentVersionExpirationInDays` is the deprecated spelling of the same setting.
        noncurrentDays: field(field(rule, "noncurrentVersionExpiration"), "noncurrentDays") ?? field(rule, "noncurrentVersionExpirationInDays"),
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
        narrowed: narrowedBy([tags]),
        expirationDays: field(expiration, "days"),
        expirationDate: field(expiration, "date"),
        noncurrentDays: field(noncurrent, "days"),
        abortIncompleteUploadDays: field(rule, "abortIncompleteMultipartUploadDays"),
    };
}

export interface DeclaredLifecycle extends Declared<LifecycleRule> {
    /**
     * The resources that set the bucket's lifecycle configuration: the bucket when it declares rules
     * inline, and each configuration resource of it. S3 keeps one configuration per bucket and each of
     * these replaces it whole when applied, so with two or more the rules that hold are the last
     * applied, which the stack does not decide.
     */
    setBy: GraphResource[];
}

export function lifecycleRules(stack: StackGraph, bucket: GraphResource): DeclaredLifecycle {
    const result: DeclaredLifecycle = { items: [], unknowns: [], setBy: [] };
    const inline = isNativeType(bucket.type) ? bucket.props["lifecycleConfiguration"] : bucket.props["lifecycleRules"];
    if (isUnknown(inline) || (inline !== undefined && inline !== null && !(Array.isArray(inline) && inline.length === 0))) result.setBy.push(bucket);
    if (isNativeType(bucket.type)) {
        const rules = field(inline, "rules");
        if (isUnknown(rules)) result.unknowns.push(`the \`lifecycleConfiguration${isUnknown(inline) ? "" : ".rules"}\` of '${bucket.name}'`);
        else list(rules).forEach((rule, index) => result.items.push(nativeRule(bucket, rule, index)));
    } else {
        if (isUnknown(inline)) result.unknowns.push(`the \`lifecycleRules\` of '${bucket.name}'`);
        else list(inline).forEach((rule, index) => result.items.push(inlineRule(bucket, rule, index)));
    }
    for (const configuration of configurationsOf(stack, bucket, S3_LIFECYCLE, result.unknowns)) {
        result.setBy.push(configuration);
        const rules = configuration.props["rules"];
        if (isUnknown(rules)) result.unknowns.push(`the \`rules\` of '${configuration.name}'`);
        else list(rules).forEach((rule, index) => result.items.push(standaloneRule(configuration, rule, index)));
    }
    return result;
}

/** Does the rule apply to every key under `prefix`? */
export function ruleCovers(rule: LifecycleRule, prefix: string): boolean | "unknown" {
    if (rule.narrowed === true) return false;
    if (isUnknown(rule.prefix) || rule.narrowed === "unknown") return "unknown";
    if (typeof rule.prefix !== "string") return false;
    return prefix.startsWith(rule.prefix);
}

/**
 * How a fix names a lifecycle rule's expiry in days, in the terms of the resource that declares the
 * rules (the bucket itself when it has none yet).
 */
export function expiryDaysProperty(declaredBy: { type: string }): string {
    return isNativeType(declaredBy.type) ? "expirationInDays" : "expiration.days";
}

/**
 * Where a fix adds to `bucket`'s lifecycle rules: the resource that already declares them, else the
 * place its provider keeps them (aws-native: on the bucket; classic: a configuration resource).
 */
export function lifecycleRulesHome(bucket: GraphResource, rules: readonly LifecycleRule[]): string {
    const declaredBy = rules[0]?.declaredBy;
    if (declaredBy !== undefined && declaredBy !== bucket) return `'${declaredBy.name}'`;
    if (isNativeType(bucket.type)) return "its `lifecycleConfiguration.rules`";
    return declaredBy === bucket ? "its `lifecycleRules`" : "an `aws.s3.BucketLifecycleConfiguration` for it";
}

export type Versioning = "enabled" | "suspended-or-off" | "unknown";

export function versioningOf(stack: StackGraph, bucket: GraphResource): Versioning {
    const unknowns: string[] = [];
    const states: unknown[] = [];
    for (const configuration of configurationsOf(stack, bucket, S3_VERSIONING, unknowns)) {
        const status = field(configuration.props["versioningConfiguration"], "status");
        states.push(status === "Enabled" ? true : status);
    }
    if (isNativeType(bucket.type)) {
        const status = field(bucket.props["versioningConfiguration"], "status");
        states.push(status === "Enabled" ? true : status);
    } else {
        states.push(field(bucket.props["versioning"], "enabled"));
        for (const entry of list(bucket.props["versionings"])) states.push(field(entry, "enabled"));
    }
    // S3 turns versioning on for every bucket created with Object Lock.
    states.push(bucket.props["objectLockEnabled"]);
    if (states.some((state) => state === true)) return "enabled";
    if (states.some(isUnknown) || unknowns.length > 0) return "unknown";
    return "suspended-or-off";
}

export interface DefaultRetention {
    declaredBy: GraphResource;
    /** Property path of the `defaultRetention` block, for messages. */
    path: string;
    mode: unknown;
    /** Days, years converted at 365 days a year; unknown when either is unknown. */
    days: unknown;
}

export function objectLockRetention(stack: StackGraph, bucket: GraphResource): Declared<DefaultRetention> {
    const result: Declared<DefaultRetention> = { items: [], unknowns: [] };
    const retentionOf = (declaredBy: GraphResource, rulePath: string, rule: unknown) => {
        const retention = field(rule, "defaultRetention");
        const days = field(retention, "days");
        const years = field(retention, "years");
        if (retention === undefined) return;
        result.items.push({
            declaredBy,
            path: `${rulePath}.defaultRetention`,
            mode: field(retention, "mode"),
            days: isUnknown(days) || isUnknown(years) ? days ?? years : typeof years === "number" ? years * 365 : days,
        });
    };
    for (const configuration of configurationsOf(stack, bucket, S3_OBJECT_LOCK, result.unknowns)) {
        const rule = configuration.props["rule"];
        if (isUnknown(rule)) result.unknowns.push(`the \`rule\` of '${configuration.name}'`);
        else retentionOf(configuration, "rule", rule);
    }
    // Inline on a classic Bucket and on an aws-native bucket alike: objectLockConfiguration.rule.defaultRetention.
    const inline = bucket.props["objectLockConfiguration"];
    if (isUnknown(inline)) {
        result.unknowns.push(`the \`objectLockConfiguration\` of '${bucket.name}'`);
        return result;
    }
    retentionOf(bucket, "objectLockConfiguration.rule", field(inline, "rule"));
    list(field(inline, "rules")).forEach((rule, index) => retentionOf(bucket, `objectLockConfiguration.rules[${index}]`, rule));
    return result;
}
