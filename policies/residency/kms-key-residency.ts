/**
 * KMS keys exist only in allowed regions.
 *
 * A single-Region KMS key never leaves the region it was created in, so it is covered by the region
 * allow-list. A multi-Region key (`multiRegion: true`) is different: anyone with
 * `kms:ReplicateKey` on it can create a replica, with the same key material, in any region,
 * outside this stack and outside any policy's view. Ciphertext of recordings copied abroad can
 * then be decrypted there, so the key itself becomes a transfer channel (GDPR Chapter V), and key
 * management loses the "known locations" PCI DSS 3.6.1 asks for. Replicas this stack does create
 * (`aws.kms.ReplicaKey`, `aws.kms.ReplicaExternalKey`, aws-native `kms.ReplicaKey`) must sit in an
 * allowed region, and so must their primary, whose region their `primaryKeyArn` names. An aws-native
 * replica has no `region` input: its provider's region is where the key material is copied.
 */
import { resourceControl, type CheckedResource, type ResourceFindings } from "../control";
import { parseArn } from "../lib/arn";
import { describeValue } from "../lib/describe";
import { allowedRegions } from "../lib/regions";
import { KMS_REPLICA_EXTERNAL_KEY } from "../lib/key-policies";
import { isNativeType, KMS_EXTERNAL_KEY, KMS_KEY, KMS_REPLICA_KEY, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { REGION_PARAMETERS, type RegionConfig } from "./region-parameters";

/** Keys that may be created multi-Region: their replicas can appear anywhere. */
const PRIMARY_KEYS: readonly string[] = [KMS_KEY, KMS_EXTERNAL_KEY, NATIVE.KMS_KEY];
/** Replicas of a multi-Region key that this stack creates, each in its own region. */
const REPLICA_KEYS: readonly string[] = [KMS_REPLICA_KEY, KMS_REPLICA_EXTERNAL_KEY, NATIVE.KMS_REPLICA_KEY];

const primaryArn = "arn:aws:kms:eu-central-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";
const replica = (props: Record<string, unknown>, provider?: string) => ({ name: "recordings-key-replica", type: KMS_REPLICA_KEY, props, provider });
const dublin = { name: "dublin", type: "pulumi:providers:aws", props: { region: "eu-west-1" } };
const nativeProvider = (name: string, region: unknown) => ({ name, type: "pulumi:providers:aws-native", props: { region } });
const nativeReplica = (props: Record<string, unknown>, provider?: string) => ({ name: "recordings-key-replica", type: NATIVE.KMS_REPLICA_KEY, props: { keyPolicy: {}, ...props }, provider });

function judgeMultiRegion(resource: CheckedResource, findings: ResourceFindings) {
    const multiRegion = resource.props["multiRegion"];
    const subject = `KMS key '${resource.name}'`;
    if (isUnknown(multiRegion)) {
        findings.undecided(`${subject}: \`multiRegion\` is not known yet.`);
    } else if (multiRegion === true || multiRegion === "true") {
        // The classic provider replaces a key whose `multiRegion` changes; CloudFormation, behind
        // aws-native, refuses the update, so the new key has to be a new resource.
        const fix = isNativeType(resource.type)
            ? "Create a new single-Region `kms.Key` (`multiRegion` unset or false; CloudFormation refuses to change it on an existing key), re-encrypt the data under it and remove this one."
            : "Use a single-Region key (`multiRegion: false`, the default; changing it replaces the key, so re-encrypt data under the new key first).";
        findings.violation(
            `${subject} sets \`multiRegion\` to ${describeValue(multiRegion)}: replicas of a multi-Region key can be created in any ` +
                `region, outside this stack, and decrypt anything encrypted under it there. ${fix}`,
        );
    }
}

function judgeReplica(resource: CheckedResource, allowed: string[], findings: ResourceFindings) {
    const subject = `KMS replica key '${resource.name}'`;
    const allowedList = allowed.join(", ");
    const native = isNativeType(resource.type);
    const region = resource.region;
    if (region.kind === "unknown") {
        findings.undecided(`${subject}: its region (from ${region.from === "resource" ? "`region`" : "its provider"}) is not known yet.`);
    } else if (region.kind === "unset") {
        const seen = native ? "its `pulumi:providers:aws-native` provider has no `region`" : "no `region` input and no provider region";
        const fix = native ? `Give it a provider whose \`region\` (or the stack's \`aws-native:region\`) is one of ${allowedList}` : `Set \`region\` to one of ${allowedList}`;
        findings.violation(`${subject} has no region (${seen}), so where the key material would be copied cannot be shown. ${fix}.`);
    } else if (region.kind === "known" && !allowed.includes(region.region)) {
        const fix = native ? "Create the replica with an aws-native provider in an allowed region, or not at all." : "Create the replica in an allowed region or not at all.";
        findings.violation(
            `${subject} copies the key material to ${region.region} (from ${region.from === "resource" ? "its `region` input" : "its provider"}), ` +
                `outside the allowed regions (${allowedList}). ${fix}`,
        );
    }
    // An unknown `primaryKeyArn` is the output of a key created in this same stack, whose own region
    // the region allow-list judges; a primary created elsewhere arrives as a literal ARN.
    const primary = resource.props["primaryKeyArn"];
    const primaryRegion = parseArn(primary)?.region;
    if (primaryRegion && !allowed.includes(primaryRegion)) {
        findings.violation(
            `${subject} replicates primary key ${describeValue(primary)} in ${primaryRegion}, outside the allowed regions (${allowedList}): ` +
                "the same key material exists there. Use a primary key created in an allowed region.",
        );
    }
}

export const kmsKeyResidency = resourceControl<RegionConfig>({
    name: "residency-kms-key-residency",
    title: "No multi-Region KMS keys; replica keys only in allowed regions",
    area: "residency",
    description:
        "KMS keys (`aws.kms.Key`, `aws.kms.ExternalKey`, aws-native `kms.Key`) are single-Region (`multiRegion` unset or " +
        "false): a multi-Region key can be replicated to any region outside this stack's view. Replica keys this stack creates " +
        "(`aws.kms.ReplicaKey`, `aws.kms.ReplicaExternalKey`, aws-native `kms.ReplicaKey`) are in an allowed region (their " +
        "`region` input, else their provider's; an aws-native replica has only its provider's), and so is the primary key " +
        "named by their `primaryKeyArn`.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 44", "Art. 32(1)(a)"], pciDss: ["3.6.1"], iso27001: ["A.8.24", "A.5.23"] },
    remediation: [
        "Create keys without `multiRegion` (or with `multiRegion: false`); to move an existing key, create a new single-Region key and re-encrypt the data under it.",
        "Give each `aws.kms.ReplicaKey` a provider or `region` in an allowed region, and each aws-native `kms.ReplicaKey` a `pulumi:providers:aws-native` provider in an allowed region, or remove it.",
    ],
    parameters: REGION_PARAMETERS,
    appliesTo: [...PRIMARY_KEYS, ...REPLICA_KEYS],
    examples: [
        { title: "a single-Region customer key", verdict: "compliant", resources: [{ name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true } }] },
        {
            title: "a multi-Region customer key",
            verdict: "violation",
            resources: [{ name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true, multiRegion: true } }],
        },
        {
            title: "a multi-Region external (imported) key",
            verdict: "violation",
            resources: [{ name: "byok-key", type: KMS_EXTERNAL_KEY, props: { multiRegion: true } }],
        },
        { title: "a replica key in Dublin of a Frankfurt primary", verdict: "compliant", resources: [dublin, replica({ primaryKeyArn: primaryArn }, "dublin")] },
        { title: "a replica key in us-east-1", verdict: "violation", resources: [replica({ primaryKeyArn: primaryArn, region: "us-east-1" })] },
        {
            title: "a replica key in Frankfurt of a primary in us-east-1",
            verdict: "violation",
            resources: [replica({ primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab" })],
        },
        {
            title: "a replica key in London under the eu-plus-adequacy profile",
            verdict: "compliant",
            config: { regionProfile: "eu-plus-adequacy" },
            resources: [replica({ primaryKeyArn: primaryArn, region: "eu-west-2" })],
        },
        {
            title: "first preview: a replica key of a primary created in the same stack",
            verdict: "compliant",
            resources: [dublin, replica({ primaryKeyArn: UNKNOWN }, "dublin")],
        },
        { title: "first preview: multiRegion is an output not known yet", verdict: "deferred", resources: [{ name: "recordings-key", type: KMS_KEY, props: { multiRegion: UNKNOWN } }] },
        {
            title: "first preview: the replica's region is an output not known yet",
            verdict: "deferred",
            resources: [replica({ primaryKeyArn: primaryArn, region: UNKNOWN })],
        },
        {
            title: "first preview: a replica in us-east-1 still blocks while its primary's ARN is unknown",
            verdict: "violation",
            resources: [replica({ primaryKeyArn: UNKNOWN, region: "us-east-1" })],
        },
        {
            title: "aws-native: a single-Region kms.Key",
            verdict: "compliant",
            resources: [{ name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true, multiRegion: false } }],
        },
        {
            title: "aws-native: a multi-Region kms.Key",
            verdict: "violation",
            resources: [{ name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true, multiRegion: true } }],
        },
        {
            title: "aws-native: a kms.ReplicaKey of a Frankfurt primary, through an aws-native provider in Dublin",
            verdict: "compliant",
            resources: [nativeProvider("dublin-native", "eu-west-1"), nativeReplica({ primaryKeyArn: primaryArn }, "dublin-native")],
        },
        {
            title: "aws-native: a kms.ReplicaKey through an aws-native provider in us-east-1",
            verdict: "violation",
            resources: [nativeProvider("virginia", "us-east-1"), nativeReplica({ primaryKeyArn: primaryArn }, "virginia")],
        },
        {
            title: "mixed providers: an aws-native kms.ReplicaKey in us-east-1 of a classic multi-Region key, whose ARN is not known yet",
            verdict: "violation",
            resources: [
                { name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true, multiRegion: true } },
                nativeProvider("virginia", "us-east-1"),
                { ...nativeReplica({ primaryKeyArn: UNKNOWN }, "virginia"), propertyDependencies: { primaryKeyArn: ["recordings-key"] } },
            ],
        },
        {
            title: "aws-native first preview: the replica's aws-native provider takes its region from an output not known yet",
            verdict: "deferred",
            resources: [nativeProvider("replica-region", UNKNOWN), nativeReplica({ primaryKeyArn: primaryArn }, "replica-region")],
        },
    ],
    check(resource, config, findings) {
        if (PRIMARY_KEYS.includes(resource.type)) judgeMultiRegion(resource, findings);
        else judgeReplica(resource, allowedRegions(config.regionProfile, config.regions), findings);
    },
});
