/**
 * S3 replication copies contact data only to buckets and keys in allowed regions.
 *
 * Replication is the quiet way recordings leave the Union: one rule, and S3 copies every new object
 * (and, with batch replication, every old one) to the destination bucket. The rule names that bucket
 * by ARN, and an S3 bucket ARN (`arn:aws:s3:::name`) carries no region, so the only proof of where
 * the copies land is a destination bucket defined in this stack, whose region is known. A bucket
 * outside the stack cannot be shown to stay in the allowed regions (GDPR Art. 44: the controller must
 * be able to show it), and is blocked. The replica KMS key's ARN does carry its region; a key
 * outside the allowed regions means the copies' encryption is managed abroad. Either provider may
 * hold either end: an aws-native bucket declares its rules in `replicationConfiguration` and may
 * replicate to a classic bucket, and a classic rule to an aws-native one.
 */
import { stackControl, type ExampleResource, type StackFindings } from "../control";
import { parseArn } from "../lib/arn";
import { bucketsNamed } from "../lib/bucket-identity";
import { describeValue, isRecord } from "../lib/describe";
import { effectiveRegion } from "../lib/effective-region";
import { allowedRegions } from "../lib/regions";
import { ANY_CUSTOMER_KEY, ANY_S3_BUCKET, isNativeType, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { REGION_PARAMETERS, type RegionConfig } from "./region-parameters";

const REPLICATION_CONFIG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";

/** One replication destination, wherever the stack declares it. */
interface Destination {
    declaredBy: GraphResource;
    /** Top-level property the engine keys the destination's dependencies by. */
    dependencyKey: string;
    path: string;
    status: unknown;
    bucket: unknown;
    replicaKey: unknown;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const field = (record: unknown, key: string): unknown => (isUnknown(record) ? record : isRecord(record) ? record[key] : undefined);

/** Destinations of every replication rule, and the parts of the stack that are not known yet. */
function destinationsOfRules(stack: StackGraph): { destinations: Destination[]; unknowns: { resource: GraphResource; path: string }[] } {
    const destinations: Destination[] = [];
    const unknowns: { resource: GraphResource; path: string }[] = [];
    const rulesOf = (resource: GraphResource, dependencyKey: string, path: string, rules: unknown, destinationsOf: (rule: unknown, at: string) => [unknown, string, unknown][]) => {
        if (isUnknown(rules)) unknowns.push({ resource, path });
        list(rules).forEach((rule, r) => {
            const at = `${path}[${r}]`;
            for (const [destination, destinationPath, replicaKey] of destinationsOf(rule, at)) {
                if (isUnknown(destination)) unknowns.push({ resource, path: destinationPath });
                else destinations.push({ declaredBy: resource, dependencyKey, path: destinationPath, status: field(rule, "status"), bucket: field(destination, "bucket"), replicaKey });
            }
        });
    };
    // aws.s3.BucketReplicationConfig: rules[].destination { bucket, encryptionConfiguration.replicaKmsKeyId }
    for (const config of stack.ofType([REPLICATION_CONFIG])) {
        rulesOf(config, "rules", "rules", config.props["rules"], (rule, at) => {
            const destination = field(rule, "destination");
            return [[destination, `${at}.destination`, field(field(destination, "encryptionConfiguration"), "replicaKmsKeyId")]];
        });
    }
    for (const bucket of stack.ofType(ANY_S3_BUCKET)) {
        const inline = bucket.props["replicationConfiguration"];
        if (isNativeType(bucket.type)) {
            // aws-native Bucket: replicationConfiguration.rules[].destination { bucket, encryptionConfiguration.replicaKmsKeyId }
            rulesOf(bucket, "replicationConfiguration", "replicationConfiguration.rules", field(inline, "rules"), (rule, at) => {
                const destination = field(rule, "destination");
                return [[destination, `${at}.destination`, field(field(destination, "encryptionConfiguration"), "replicaKmsKeyId")]];
            });
            continue;
        }
        // Inline on Bucket: replicationConfiguration.rules[].destination { bucket, replicaKmsKeyId }
        rulesOf(bucket, "replicationConfiguration", "replicationConfiguration.rules", field(inline, "rules"), (rule, at) => {
            const destination = field(rule, "destination");
            return [[destination, `${at}.destination`, field(destination, "replicaKmsKeyId")]];
        });
        // Inline on BucketV2: replicationConfigurations[].rules[].destinations[] { bucket, replicaKmsKeyId }
        list(bucket.props["replicationConfigurations"]).forEach((configuration, c) => {
            rulesOf(bucket, "replicationConfigurations", `replicationConfigurations[${c}].rules`, field(configuration, "rules"), (rule, at) => {
                const many = field(rule, "destinations");
                if (isUnknown(many)) return [[many, `${at}.destinations`, undefined]];
                return list(many).map((destination, d) => [destination, `${at}.destinations[${d}]`, field(destination, "replicaKmsKeyId")]);
            });
        });
    }
    return { destinations, unknowns };
}

type Verdict = { kind: "ok" } | { kind: "violation"; reason: string } | { kind: "undecided"; message: string };

const outside = (allowed: string[]) => `outside the allowed regions (${allowed.join(", ")})`;

function judgeRegionOf(target: GraphResource, what: string, allowed: string[]): Verdict {
    const region = effectiveRegion(target);
    if (region.kind === "unknown") return { kind: "undecided", message: `the region of ${what} '${target.name}' is not known yet` };
    if (region.kind === "unset") return { kind: "violation", reason: `${what} '${target.name}' has no region (no \`region\`, no provider region), so it cannot be shown to be in the allowed regions` };
    if (region.kind === "known" && !allowed.includes(region.region)) return { kind: "violation", reason: `${what} '${target.name}' is in ${region.region}, ${outside(allowed)}` };
    return { kind: "ok" };
}

function judgeBucket(stack: StackGraph, d: Destination, allowed: string[]): Verdict[] {
    const value = d.bucket;
    if (value === undefined || value === null || value === "") return [];
    if (typeof value === "string" && !isUnknown(value)) {
        const named = bucketsNamed(stack, value);
        if (named.length === 0) {
            return [{ kind: "violation", reason: `the destination bucket ${describeValue(value)} is not defined in this stack, and a bucket ARN carries no region, so it cannot be shown to be in the allowed regions` }];
        }
        return named.map((b) => judgeRegionOf(b, "destination bucket", allowed));
    }
    const reference = stack.resolve(d.declaredBy, { property: d.dependencyKey, value, targets: ANY_S3_BUCKET });
    if (reference.kind !== "resources") return [{ kind: "undecided", message: `\`${d.path}.bucket\` is not known yet and comes from no bucket of this stack` }];
    return reference.resources.map((b) => judgeRegionOf(b, "destination bucket", allowed));
}

function judgeReplicaKey(stack: StackGraph, d: Destination, allowed: string[]): Verdict[] {
    const value = d.replicaKey;
    if (value === undefined || value === null || value === "") return [];
    if (typeof value === "string" && !isUnknown(value)) {
        const region = parseArn(value)?.region;
        if (region) return allowed.includes(region) ? [] : [{ kind: "violation", reason: `the replica KMS key ${describeValue(value)} is in ${region}, ${outside(allowed)}` }];
        // A bare key id or alias: KMS resolves it in the destination's region, which the bucket check judges.
        return [];
    }
    const reference = stack.resolve(d.declaredBy, { property: d.dependencyKey, value, targets: ANY_CUSTOMER_KEY });
    if (reference.kind !== "resources") return [{ kind: "undecided", message: `the replica KMS key of \`${d.path}\` is not known yet and comes from no key of this stack` }];
    return reference.resources.map((key) => judgeRegionOf(key, "replica KMS key", allowed));
}

function subjectOf(resource: GraphResource): string {
    return resource.type === REPLICATION_CONFIG ? `S3 replication configuration '${resource.name}'` : `S3 bucket '${resource.name}'`;
}

const FIX = "Replicate only to a bucket defined in this stack in an allowed region, with a replica key in an allowed region, or remove the rule.";

function report(d: Destination, verdicts: Verdict[], findings: StackFindings) {
    const subject = subjectOf(d.declaredBy);
    for (const verdict of verdicts) {
        if (verdict.kind === "undecided") findings.undecided(d.declaredBy, `${subject}: ${verdict.message}.`);
        if (verdict.kind !== "violation") continue;
        // A rule whose status is not known yet may be disabled: judged again when it is known.
        if (isUnknown(d.status)) findings.undecided(d.declaredBy, `${subject}: the \`status\` of the rule with \`${d.path}\` is not known yet, and ${verdict.reason}.`);
        else findings.violation(d.declaredBy, `${subject} replicates objects through \`${d.path}\`, but ${verdict.reason}. ${FIX}`);
    }
}

// --- examples -------------------------------------------------------------------------------------

const dublin: ExampleResource = { name: "dublin", type: "pulumi:providers:aws", props: { region: "eu-west-1" } };
const source: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const replicaBucket = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "recordings-replica", type: BUCKET, props: { bucket: "acme-recordings-replica", ...props }, provider: "dublin" });
const replicaKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const replication = (destination: Record<string, unknown>, status: unknown = "Enabled"): ExampleResource => ({
    name: "recordings-replication",
    type: REPLICATION_CONFIG,
    props: { bucket: "acme-recordings", role: "arn:aws:iam::111122223333:role/s3-replication", rules: [{ id: "all", status, filter: {}, destination }] },
});
const toReplica = { bucket: "arn:aws:s3:::acme-recordings-replica", encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn } };

/** aws-native resources take their region from their provider alone. */
const nativeDublin: ExampleResource = { name: "native-dublin", type: "pulumi:providers:aws-native", props: { region: "eu-west-1" } };
const nativeVirginia: ExampleResource = { name: "native-virginia", type: "pulumi:providers:aws-native", props: { region: "us-east-1" } };
const nativeReplica = (provider = "native-dublin", props: Record<string, unknown> = {}): ExampleResource => ({
    name: "recordings-replica",
    type: NATIVE.S3_BUCKET,
    props: { bucketName: "acme-recordings-replica", versioningConfiguration: { status: "Enabled" }, ...props },
    provider,
});
/** An aws-native source bucket declares its replication rules itself. */
const nativeSource = (destination: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "recordings",
    type: NATIVE.S3_BUCKET,
    props: {
        bucketName: "acme-recordings",
        versioningConfiguration: { status: "Enabled" },
        replicationConfiguration: { role: "arn:aws:iam::111122223333:role/s3-replication", rules: [{ id: "all", status: "Enabled", prefix: "", destination }] },
    },
    ...extra,
});

export const replicationDestinations = stackControl<RegionConfig>({
    name: "residency-replication-destinations",
    title: "S3 replication stays in allowed regions",
    area: "residency",
    description:
        "Every enabled S3 replication rule (`aws.s3.BucketReplicationConfig`, inline `replicationConfiguration` / " +
        "`replicationConfigurations` on a classic bucket, or `replicationConfiguration.rules` of an `aws-native:s3:Bucket`) " +
        "replicates to a bucket of either provider defined in this stack whose region is allowed; a destination bucket outside " +
        "the stack is a violation, because a bucket ARN carries no region. A replica KMS key (`replicaKmsKeyId`, under " +
        "`destination.encryptionConfiguration` in aws-native) must be in an allowed region too (the region inside its ARN, or " +
        "the key's region in the stack).",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 44", "Art. 46", "Art. 5(1)(f)"], pciDss: [], iso27001: ["A.5.23", "A.8.12"] },
    remediation: [
        "Define the destination bucket in this stack with a provider or `region` in an allowed region (an aws-native bucket: its `pulumi:providers:aws-native` provider's region), and point the rule's `destination.bucket` at its `arn`.",
        "Encrypt replicas with a KMS key created in the destination's (allowed) region.",
        "If a destination outside the stack is lawful and verified by other means, record a waiver for the rule with its reason, owner and expiry.",
    ],
    parameters: REGION_PARAMETERS,
    examples: [
        { title: "replication to a Dublin bucket of the stack with a Dublin key", verdict: "compliant", resources: [dublin, source, replicaBucket(), replication(toReplica)] },
        {
            title: "replication to a bucket of the stack in us-east-1",
            verdict: "violation",
            resources: [dublin, source, replicaBucket({ region: "us-east-1" }), replication({ bucket: "arn:aws:s3:::acme-recordings-replica" })],
        },
        { title: "replication to a bucket outside the stack", verdict: "violation", resources: [source, replication({ bucket: "arn:aws:s3:::partner-archive" })] },
        {
            title: "replicas encrypted with a key in us-east-1",
            verdict: "violation",
            resources: [dublin, source, replicaBucket(), replication({ ...toReplica, encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } })],
        },
        { title: "a disabled rule towards a bucket outside the stack", verdict: "compliant", resources: [source, replication({ bucket: "arn:aws:s3:::partner-archive" }, "Disabled")] },
        {
            title: "a London destination under the eu-plus-adequacy profile",
            verdict: "compliant",
            config: { regionProfile: "eu-plus-adequacy" },
            resources: [source, replicaBucket({ region: "eu-west-2" }), dublin, replication({ bucket: "arn:aws:s3:::acme-recordings-replica" })],
        },
        {
            title: "inline replicationConfiguration on a Bucket towards a bucket outside the stack",
            verdict: "violation",
            resources: [{ ...source, props: { bucket: "acme-recordings", replicationConfiguration: { role: "arn:aws:iam::111122223333:role/r", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::elsewhere" } }] } } }],
        },
        {
            title: "inline replicationConfigurations on a BucketV2 towards a us-east-1 bucket of the stack",
            verdict: "violation",
            resources: [
                replicaBucket({ region: "us-east-1" }),
                dublin,
                { name: "recordings", type: BUCKET_V2, props: { bucket: "acme-recordings", replicationConfigurations: [{ role: "arn:aws:iam::111122223333:role/r", rules: [{ status: "Enabled", destinations: [{ bucket: "arn:aws:s3:::acme-recordings-replica" }] }] }] } },
            ],
        },
        {
            title: "first preview: destination bucket and key are outputs related through property dependencies",
            verdict: "compliant",
            resources: [
                dublin,
                { name: "recordings", type: BUCKET, props: {} },
                { name: "recordings-replica", type: BUCKET, props: {}, provider: "dublin" },
                { name: "replica-key", type: "aws:kms/key:Key", props: {}, provider: "dublin" },
                { ...replication({ bucket: UNKNOWN, encryptionConfiguration: { replicaKmsKeyId: UNKNOWN } }), propertyDependencies: { rules: ["recordings-replica", "replica-key"] } },
            ],
        },
        {
            title: "first preview: a destination bucket declared in us-east-1 still blocks",
            verdict: "violation",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                { name: "recordings-replica", type: BUCKET, props: { region: "us-east-1" } },
                { ...replication({ bucket: UNKNOWN }), propertyDependencies: { rules: ["recordings-replica"] } },
            ],
        },
        { title: "first preview: the destination is an output that comes from no bucket of the stack", verdict: "deferred", resources: [source, replication({ bucket: UNKNOWN })] },
        {
            title: "an aws-native bucket replicating to an aws-native Dublin bucket of the stack with a Dublin key",
            verdict: "compliant",
            resources: [nativeDublin, nativeSource(toReplica), nativeReplica()],
        },
        {
            title: "an aws-native bucket replicating to an aws-native bucket whose provider is in us-east-1",
            verdict: "violation",
            resources: [nativeVirginia, nativeSource({ bucket: "arn:aws:s3:::acme-recordings-replica" }), nativeReplica("native-virginia")],
        },
        { title: "an aws-native bucket replicating to a bucket outside the stack", verdict: "violation", resources: [nativeSource({ bucket: "arn:aws:s3:::partner-archive" })] },
        {
            title: "an aws-native rule encrypting replicas with a key in us-east-1",
            verdict: "violation",
            resources: [
                nativeDublin,
                nativeSource({ bucket: "arn:aws:s3:::acme-recordings-replica", encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } }),
                nativeReplica(),
            ],
        },
        {
            title: "an aws-native bucket replicating to a classic Dublin bucket",
            verdict: "compliant",
            resources: [dublin, nativeSource(toReplica), replicaBucket()],
        },
        {
            title: "a classic BucketReplicationConfig replicating to an aws-native bucket whose provider is in us-east-1",
            verdict: "violation",
            resources: [nativeVirginia, source, nativeReplica("native-virginia"), replication({ bucket: "arn:aws:s3:::acme-recordings-replica" })],
        },
        {
            title: "first preview: an aws-native destination bucket and key related through property dependencies",
            verdict: "compliant",
            resources: [
                nativeDublin,
                { name: "recordings-replica", type: NATIVE.S3_BUCKET, props: { versioningConfiguration: { status: "Enabled" } }, provider: "native-dublin" },
                { name: "replica-key", type: NATIVE.KMS_KEY, props: {}, provider: "native-dublin" },
                nativeSource({ bucket: UNKNOWN, encryptionConfiguration: { replicaKmsKeyId: UNKNOWN } }, { propertyDependencies: { replicationConfiguration: ["recordings-replica", "replica-key"] } }),
            ],
        },
        {
            title: "first preview: an aws-native bucket's replication rules are not known yet",
            verdict: "deferred",
            resources: [{ ...nativeSource(undefined), props: { bucketName: "acme-recordings", replicationConfiguration: { role: "arn:aws:iam::111122223333:role/s3-replication", rules: UNKNOWN } } }],
        },
    ],
    judges: [...ANY_S3_BUCKET, REPLICATION_CONFIG],
    check(stack, config, findings) {
        const allowed = allowedRegions(config.regionProfile, config.regions);
        const { destinations, unknowns } = destinationsOfRules(stack);
        for (const { resource, path } of unknowns) findings.undecided(resource, `${subjectOf(resource)}: \`${path}\` is not known yet.`);
        for (const destination of destinations) {
            if (destination.status === "Disabled") continue;
            report(destination, [...judgeBucket(stack, destination, allowed), ...judgeReplicaKey(stack, destination, allowed)], findings);
        }
    },
});
