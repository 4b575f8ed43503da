/**
 * Per-bucket settings that S3 lets a stack declare in two places: inline on the bucket (deprecated,
 * but still accepted by both `Bucket` and `BucketV2`) and as separate resources pointing at the
 * bucket. Controls ask for a bucket's default-encryption rules or its log-delivery role here, so
 * the two places and the two token generations are handled once.
 */
import { isRecord } from "./describe";
import { S3_BUCKET, S3_BUCKET_LOGGING, S3_BUCKET_SSE_CONFIGURATION } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

/** One default-encryption rule, wherever it was declared. */
export interface EncryptionRule {
    /** The resource that declares it: the bucket itself or a configuration resource. */
    declaredBy: GraphResource;
    /** Top-level property the engine keys the rule's dependencies by. */
    dependencyKey: string;
    /** Property path, for messages. */
    path: string;
    algorithm: unknown;
    kmsKey: unknown;
    bucketKeyEnabled: unknown;
    blockedEncryptionTypes: unknown;
}

export interface BucketEncryption {
    rules: EncryptionRule[];
    /** Parts that are not known yet (an unknown rule list, a configuration whose bucket is unknown). */
    unknowns: string[];
}

function ruleOf(declaredBy: GraphResource, dependencyKey: string, path: string, rule: unknown, byDefault: unknown): EncryptionRule {
    const ruleRecord = isRecord(rule) ? rule : {};
    const defaults = isRecord(byDefault) ? byDefault : {};
    return {
        declaredBy,
        dependencyKey,
        path,
        algorithm: isUnknown(byDefault) ? byDefault : defaults["sseAlgorithm"],
        kmsKey: isUnknown(byDefault) ? byDefault : defaults["kmsMasterKeyId"],
        bucketKeyEnabled: isUnknown(rule) ? rule : ruleRecord["bucketKeyEnabled"],
        blockedEncryptionTypes: isUnknown(rule) ? rule : ruleRecord["blockedEncryptionTypes"],
    };
}

function listOf(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

export function bucketEncryption(stack: StackGraph, bucket: GraphResource): BucketEncryption {
    const result: BucketEncryption = { rules: [], unknowns: [] };

    // Inline on `Bucket` (v7): serverSideEncryptionConfiguration.rule
    const inline = bucket.props["serverSideEncryptionConfiguration"];
    if (isUnknown(inline)) result.unknowns.push("`serverSideEncryptionConfiguration`");
    else if (isRecord(inline)) {
        const rule = inline["rule"];
        const byDefault = isRecord(rule) ? rule["applyServerSideEncryptionByDefault"] : rule;
        result.rules.push(ruleOf(bucket, "serverSideEncryptionConfiguration", "serverSideEncryptionConfiguration.rule", rule, byDefault));
    }
    // Inline on `BucketV2`: serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[]
    const inlineV2 = bucket.props["serverSideEncryptionConfigurations"];
    if (isUnknown(inlineV2)) result.unknowns.push("`serverSideEncryptionConfigurations`");
    listOf(inlineV2).forEach((configuration, c) => {
        const rules = isRecord(configuration) ? configuration["rules"] : configuration;
        listOf(rules).forEach((rule, r) => {
            const defaults = isRecord(rule) ? rule["applyServerSideEncryptionByDefaults"] : rule;
            listOf(defaults).forEach((byDefault, d) => {
                const path = `serverSideEncryptionConfigurations[${c}].rules[${r}].applyServerSideEncryptionByDefaults[${d}]`;
                result.rules.push(ruleOf(bucket, "serverSideEncryptionConfigurations", path, rule, byDefault));
            });
        });
    });

    // Separate configuration resources, either generation.
    for (const configuration of stack.unresolvedReferrers(S3_BUCKET_SSE_CONFIGURATION, "bucket", S3_BUCKET)) {
        result.unknowns.push(`the \`bucket\` of ${configuration.type.split(":").pop()} '${configuration.name}'`);
    }
    for (const configuration of stack.referrers(bucket, S3_BUCKET_SSE_CONFIGURATION, "bucket", S3_BUCKET)) {
        const rules = configuration.props["rules"];
        if (isUnknown(rules)) {
            result.unknowns.push(`the \`rules\` of '${configuration.name}'`);
            continue;
        }
        listOf(rules).forEach((rule, r) => {
            const byDefault = isRecord(rule) ? rule["applyServerSideEncryptionByDefault"] : rule;
            result.rules.push(ruleOf(configuration, "rules", `rules[${r}]`, rule, byDefault));
        });
    }
    return result;
}

export type LogTargetRole =
    | { kind: "log-target"; loggedBy: GraphResource }
    | { kind: "not-log-target" }
    /** Some logging configuration's target is not known yet. */
    | { kind: "unknown"; configuration: GraphResource };

/** Whether S3 server access logs of some bucket are delivered into `bucket`. */
export function accessLogTargetRole(stack: StackGraph, bucket: GraphResource): LogTargetRole {
    const loggedBy = stack.referrers(bucket, S3_BUCKET_LOGGING, "targetBucket", S3_BUCKET)[0];
    if (loggedBy) return { kind: "log-target", loggedBy };
    const inline = stack.derived(inlineLogDeliveries);
    const inlineLoggedBy = inline.byTarget.get(bucket);
    if (inlineLoggedBy) return { kind: "log-target", loggedBy: inlineLoggedBy };
    const undetermined = stack.unresolvedReferrers(S3_BUCKET_LOGGING, "targetBucket", S3_BUCKET)[0] ?? inline.undetermined;
    return undetermined ? { kind: "unknown", configuration: undetermined } : { kind: "not-log-target" };
}

/** Buckets that declare their access logging inline (`logging` on Bucket, `loggings` on BucketV2), by the bucket they log into. */
function inlineLogDeliveries(stack: StackGraph): { byTarget: Map<GraphResource, GraphResource>; undetermined: GraphResource | undefined } {
    const byTarget = new Map<GraphResource, GraphResource>();
    let undetermined: GraphResource | undefined;
    for (const source of stack.ofType(S3_BUCKET)) {
        for (const property of ["logging", "loggings"]) {
            for (const entry of listOf(source.props[property])) {
                const value = isRecord(entry) ? entry["targetBucket"] : entry;
                const target = stack.resolve(source, { property, value, targets: S3_BUCKET });
                if (target.kind === "resources") for (const logBucket of target.resources) if (!byTarget.has(logBucket)) byTarget.set(logBucket, source);
                if (target.kind === "unknown") undetermined ??= source;
            }
        }
    }
    return { byTarget, undetermined };
}
