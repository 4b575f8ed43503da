/**
 * Per-bucket settings that a stack may declare in several places, read once for every control:
 *
 * - inline on a classic bucket (deprecated, but still accepted by both `Bucket` and `BucketV2`);
 * - as separate classic resources pointing at the bucket (`bucket` / `targetBucket`), whichever
 *   provider created that bucket: `bucket: nativeBucket.bucketName` is as good a reference as
 *   `bucket: classicBucket.id`;
 * - as properties of an aws-native bucket itself (`aws-native:s3:Bucket`, Cloud Control's
 *   AWS::S3::Bucket, checked in its `types/input.d.ts`), which has no separate encryption or
 *   logging resources: `bucketEncryption.serverSideEncryptionConfiguration[]` and
 *   `loggingConfiguration { destinationBucketName, logFilePrefix }`.
 *
 * Controls ask here for a bucket's default-encryption rules and for its server access log
 * deliveries, in either direction (where a bucket's logs go, and whose logs a bucket receives).
 */
import { isAbsent, isRecord, listOf } from "./describe";
import { ANY_S3_BUCKET, NATIVE, S3_BUCKET, S3_BUCKET_LOGGING, S3_BUCKET_SSE_CONFIGURATION } from "./resource-types";
import type { GraphResource, Reference, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

// --- default encryption ----------------------------------------------------------------------------

/** Where a rule and its parts sit, in the declaring resource's own property names (for messages). */
export interface RulePaths {
    /** Top-level property the engine keys the rule's dependencies by. */
    dependencyKey: string;
    /** The rule itself, where `bucketKeyEnabled` sits. */
    path: string;
    /** The block that holds `sseAlgorithm` and `kmsMasterKeyId`. */
    byDefaultPath: string;
    /** The list of blocked encryption types. */
    blockedEncryptionTypesPath: string;
}

/** One default-encryption rule as the resource that declares it states it, in any of the shapes. */
export interface EncryptionRule extends RulePaths {
    /**
     * The rule as declared: the very object in the declaring resource's properties (so a fix can
     * write it back), or the unknown sentinel when the whole rule is not known yet, in which case
     * every field below is unknown too.
     */
    declared: unknown;
    algorithm: unknown;
    kmsKey: unknown;
    bucketKeyEnabled: unknown;
    /**
     * The encryption types the rule blocks, as a list whatever the shape: the classic provider takes
     * the list itself, aws-native wraps it as `blockedEncryptionTypes.encryptionType`.
     */
    blockedEncryptionTypes: unknown;
}

/** A rule that applies to a bucket, with the resource that declares it (the bucket or a configuration). */
export interface BucketEncryptionRule extends EncryptionRule {
    declaredBy: GraphResource;
}

export interface DeclaredEncryptionRules<Rule> {
    rules: Rule[];
    /** Parts not known yet, as property paths or descriptions for messages. */
    unknowns: string[];
}

export type BucketEncryption = DeclaredEncryptionRules<BucketEncryptionRule>;

/** A field of a block, carrying an unknown block into the field. */
const field = (block: unknown, key: string): unknown => (isUnknown(block) ? block : isRecord(block) ? block[key] : undefined);

function ruleOf(paths: RulePaths, rule: unknown, byDefault: unknown, blockedEncryptionTypes: unknown): EncryptionRule {
    return {
        ...paths,
        declared: rule,
        algorithm: field(byDefault, "sseAlgorithm"),
        kmsKey: field(byDefault, "kmsMasterKeyId"),
        bucketKeyEnabled: field(rule, "bucketKeyEnabled"),
        blockedEncryptionTypes,
    };
}

/** A classic rule: its defaults under `defaultsKey`, its blocked types as a list beside them. */
function classicRule(dependencyKey: string, path: string, rule: unknown, defaultsKey: string, byDefault: unknown): EncryptionRule {
    const paths = { dependencyKey, path, byDefaultPath: `${path}.${defaultsKey}`, blockedEncryptionTypesPath: `${path}.blockedEncryptionTypes` };
    return ruleOf(paths, rule, byDefault, field(rule, "blockedEncryptionTypes"));
}

/**
 * The default-encryption rules one resource declares: a bucket of either provider (inline), or a
 * BucketServerSideEncryptionConfiguration of either generation (`rules[]`). Other types declare none.
 */
export function declaredEncryptionRules(resource: { type: string; props: Record<string, unknown> }): DeclaredEncryptionRules<EncryptionRule> {
    const result: DeclaredEncryptionRules<EncryptionRule> = { rules: [], unknowns: [] };
    const props = resource.props;

    if (resource.type === NATIVE.S3_BUCKET) {
        // bucketEncryption.serverSideEncryptionConfiguration[] { serverSideEncryptionByDefault, bucketKeyEnabled, blockedEncryptionTypes.encryptionType[] }
        const encryption = props["bucketEncryption"];
        const rules = field(encryption, "serverSideEncryptionConfiguration");
        if (isUnknown(encryption)) result.unknowns.push("`bucketEncryption`");
        else if (isUnknown(rules)) result.unknowns.push("`bucketEncryption.serverSideEncryptionConfiguration`");
        else {
            listOf(rules).forEach((rule, r) => {
                const path = `bucketEncryption.serverSideEncryptionConfiguration[${r}]`;
                const paths = {
                    dependencyKey: "bucketEncryption",
                    path,
                    byDefaultPath: `${path}.serverSideEncryptionByDefault`,
                    blockedEncryptionTypesPath: `${path}.blockedEncryptionTypes.encryptionType`,
                };
                result.rules.push(ruleOf(paths, rule, field(rule, "serverSideEncryptionByDefault"), field(field(rule, "blockedEncryptionTypes"), "encryptionType")));
            });
        }
        return result;
    }

    if (S3_BUCKET_SSE_CONFIGURATION.includes(resource.type as (typeof S3_BUCKET_SSE_CONFIGURATION)[number])) {
        const rules = props["rules"];
        if (isUnknown(rules)) result.unknowns.push("`rules`");
        else {
            listOf(rules).forEach((rule, r) => {
                result.rules.push(classicRule("rules", `rules[${r}]`, rule, "applyServerSideEncryptionByDefault", field(rule, "applyServerSideEncryptionByDefault")));
            });
        }
        return result;
    }

    if (!S3_BUCKET.includes(resource.type as (typeof S3_BUCKET)[number])) return result;

    // Inline on `Bucket` (v7): serverSideEncryptionConfiguration.rule
    const inline = props["serverSideEncryptionConfiguration"];
    if (isUnknown(inline)) result.unknowns.push("`serverSideEncryptionConfiguration`");
    else if (isRecord(inline)) {
        const rule = inline["rule"];
        const path = "serverSideEncryptionConfiguration.rule";
        result.rules.push(classicRule("serverSideEncryptionConfiguration", path, rule, "applyServerSideEncryptionByDefault", field(rule, "applyServerSideEncryptionByDefault")));
    }
    // Inline on `BucketV2`: serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[].
    // Terraform's schema behind these lists allows one default per rule, so the first one is the rule's.
    const inlineV2 = props["serverSideEncryptionConfigurations"];
    if (isUnknown(inlineV2)) result.unknowns.push("`serverSideEncryptionConfigurations`");
    else {
        listOf(inlineV2).forEach((configuration, c) => {
            const rules = field(configuration, "rules");
            if (isUnknown(rules)) {
                result.unknowns.push(`\`serverSideEncryptionConfigurations[${c}].rules\``);
                return;
            }
            listOf(rules).forEach((rule, r) => {
                const defaults = field(rule, "applyServerSideEncryptionByDefaults");
                const byDefault = isUnknown(defaults) ? defaults : listOf(defaults)[0];
                const path = `serverSideEncryptionConfigurations[${c}].rules[${r}]`;
                result.rules.push(classicRule("serverSideEncryptionConfigurations", path, rule, "applyServerSideEncryptionByDefaults[0]", byDefault));
            });
        });
    }
    return result;
}

/**
 * Every default-encryption rule that applies to a bucket of either provider: its own, and those of
 * classic configuration resources pointing at it.
 */
export function bucketEncryption(stack: StackGraph, bucket: GraphResource): BucketEncryption {
    const own = declaredEncryptionRules(bucket);
    const result: BucketEncryption = {
        rules: own.rules.map((rule) => ({ ...rule, declaredBy: bucket })),
        unknowns: [...own.unknowns],
    };
    for (const configuration of stack.unresolvedReferrers(S3_BUCKET_SSE_CONFIGURATION, "bucket", ANY_S3_BUCKET)) {
        result.unknowns.push(`the \`bucket\` of ${typeName(configuration)} '${configuration.name}'`);
    }
    for (const configuration of stack.referrers(bucket, S3_BUCKET_SSE_CONFIGURATION, "bucket", ANY_S3_BUCKET)) {
        const declared = declaredEncryptionRules(configuration);
        result.rules.push(...declared.rules.map((rule) => ({ ...rule, declaredBy: configuration })));
        result.unknowns.push(...declared.unknowns.map((part) => `the ${part} of '${configuration.name}'`));
    }
    return result;
}

/** `aws:s3/bucketLoggingV2:BucketLoggingV2` → `BucketLoggingV2`. */
function typeName(resource: GraphResource): string {
    return resource.type.split(":").pop() ?? resource.type;
}

// --- server access logging -------------------------------------------------------------------------

/** One declaration that S3 delivers a bucket's server access logs into some bucket. */
export interface AccessLogDelivery {
    /** Who declares it: a BucketLogging (either generation), or the logged bucket itself. */
    declaredBy: GraphResource;
    /** The bucket whose requests are logged: the declaring bucket, or what a BucketLogging's `bucket` points at. */
    source: Reference;
    /** For messages on the logged bucket: "BucketLogging 'x'", "its inline `logging`", "its `loggingConfiguration`". */
    label: string;
    /** The target's property path in the declaring resource, for messages. */
    targetPath: string;
    /** The target as declared; absent for an aws-native bucket that logs into itself by default. */
    targetValue: unknown;
    /** The bucket the logs are delivered into. */
    target: Reference;
    /** Key prefix the logs land under, as declared (absent, a string, or unknown). */
    prefix: unknown;
}

export interface AccessLogDeliveries {
    all: AccessLogDelivery[];
    bySource: Map<GraphResource, AccessLogDelivery[]>;
    byTarget: Map<GraphResource, AccessLogDelivery[]>;
    /** BucketLoggings whose `bucket` is not known yet: any bucket may be theirs. */
    unresolvedSources: GraphResource[];
    /** Deliveries whose target is not known yet: any bucket may receive them. */
    unresolvedTargets: AccessLogDelivery[];
}

/** Every server access log delivery of the stack, indexed both ways; computed once per graph. */
export function accessLogDeliveries(stack: StackGraph): AccessLogDeliveries {
    return stack.derived(indexAccessLogDeliveries);
}

function indexAccessLogDeliveries(stack: StackGraph): AccessLogDeliveries {
    const index: AccessLogDeliveries = { all: [], bySource: new Map(), byTarget: new Map(), unresolvedSources: [], unresolvedTargets: [] };
    const add = (delivery: AccessLogDelivery) => {
        index.all.push(delivery);
        if (delivery.source.kind === "resources") for (const bucket of delivery.source.resources) append(index.bySource, bucket, delivery);
        if (delivery.source.kind === "unknown") index.unresolvedSources.push(delivery.declaredBy);
        if (delivery.target.kind === "resources") for (const bucket of delivery.target.resources) append(index.byTarget, bucket, delivery);
        if (delivery.target.kind === "unknown") index.unresolvedTargets.push(delivery);
    };

    for (const logging of stack.ofType(S3_BUCKET_LOGGING)) {
        add({
            declaredBy: logging,
            source: stack.resolve(logging, { property: "bucket", targets: ANY_S3_BUCKET }),
            label: `${typeName(logging)} '${logging.name}'`,
            targetPath: "targetBucket",
            targetValue: logging.props["targetBucket"],
            target: stack.resolve(logging, { property: "targetBucket", targets: ANY_S3_BUCKET }),
            prefix: logging.props["targetPrefix"],
        });
    }
    for (const bucket of stack.ofType(S3_BUCKET)) {
        const itself: Reference = { kind: "resources", resources: [bucket] };
        // `logging` on Bucket is one block, `loggings` on BucketV2 a list of them.
        for (const property of ["logging", "loggings"]) {
            for (const entry of listOf(bucket.props[property])) {
                const value = isRecord(entry) ? entry["targetBucket"] : entry;
                add({
                    declaredBy: bucket,
                    source: itself,
                    label: `its inline \`${property}\``,
                    targetPath: `${property}.targetBucket`,
                    targetValue: value,
                    target: stack.resolve(bucket, { property, value, targets: ANY_S3_BUCKET }),
                    prefix: field(entry, "targetPrefix"),
                });
            }
        }
    }
    for (const bucket of stack.ofType([NATIVE.S3_BUCKET])) {
        const configuration = bucket.props["loggingConfiguration"];
        if (configuration === undefined || configuration === null) continue;
        const itself: Reference = { kind: "resources", resources: [bucket] };
        const value = isRecord(configuration) ? configuration["destinationBucketName"] : configuration;
        add({
            declaredBy: bucket,
            source: itself,
            label: "its `loggingConfiguration`",
            targetPath: isUnknown(configuration) ? "loggingConfiguration" : "loggingConfiguration.destinationBucketName",
            targetValue: value,
            // CloudFormation's AWS::S3::Bucket LoggingConfiguration: "By default, logs are stored in the
            // bucket where the LoggingConfiguration property is defined."
            target: isRecord(configuration) && isAbsent(value) ? itself : stack.resolve(bucket, { property: "loggingConfiguration", value, targets: ANY_S3_BUCKET }),
            prefix: field(configuration, "logFilePrefix"),
        });
    }
    return index;
}

function append<K>(index: Map<K, AccessLogDelivery[]>, key: K, delivery: AccessLogDelivery): void {
    const list = index.get(key);
    if (list) list.push(delivery);
    else index.set(key, [delivery]);
}

/** Where a bucket's own server access logs go, and the BucketLoggings that may be its own but are not resolved yet. */
export function accessLoggingOf(stack: StackGraph, bucket: GraphResource): { deliveries: readonly AccessLogDelivery[]; undetermined: readonly GraphResource[] } {
    const index = accessLogDeliveries(stack);
    return { deliveries: index.bySource.get(bucket) ?? [], undetermined: index.unresolvedSources };
}

export type LogTargetRole =
    | { kind: "log-target"; loggedBy: GraphResource }
    | { kind: "not-log-target" }
    /** Some logging configuration's target is not known yet. */
    | { kind: "unknown"; configuration: GraphResource };

/** Whether S3 server access logs of some bucket (this one included) are delivered into `bucket`. */
export function accessLogTargetRole(stack: StackGraph, bucket: GraphResource): LogTargetRole {
    const index = accessLogDeliveries(stack);
    const delivery = index.byTarget.get(bucket)?.[0];
    if (delivery) return { kind: "log-target", loggedBy: delivery.declaredBy };
    const undetermined = index.unresolvedTargets[0];
    return undetermined ? { kind: "unknown", configuration: undetermined.declaredBy } : { kind: "not-log-target" };
}
