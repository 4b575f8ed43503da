/**
 * An Amazon Connect instance and everything it stores contact data in share one allowed region.
 *
 * Connect writes recordings, transcripts and reports to whatever S3 bucket a storage config names,
 * in any region: a bucket in another region means every recording crosses regions on its way to
 * storage. Kinesis streams and Firehose delivery streams must be in the instance's region (Connect
 * rejects others at association time, after the preview has passed), Kinesis Video streams are
 * created by Connect in its own region, and KMS keys are named by full ARN, which may point into any
 * region. Keeping them together in the instance's region, itself an allowed one, shows at a glance
 * where contact data lives (GDPR Art. 44) and that its path stays inside the Union (Art. 5(1)(f)).
 * Instances, storage configs and their targets of either provider count, in any combination; an
 * aws-native resource is in its aws-native provider's region.
 */
import { stackControl, type ExampleResource, type StackFindings } from "../control";
import { parseArn } from "../lib/arn";
import { ANY_CONNECT_INSTANCE, ANY_CONNECT_STORAGE_CONFIG, connectStorage, instanceOfStorage } from "../lib/connect-storage";
import { describeValue } from "../lib/describe";
import { effectiveRegion, type EffectiveRegion } from "../lib/effective-region";
import { allowedRegions } from "../lib/regions";
import { ANY_CUSTOMER_KEY, ANY_FIREHOSE, ANY_S3_BUCKET, CONNECT_INSTANCE, CONNECT_STORAGE_CONFIG, isNativeType, NATIVE, S3_BUCKET } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { REGION_PARAMETERS, type RegionConfig } from "./region-parameters";

const KINESIS_STREAM = "aws:kinesis/stream:Stream";

/** Where a storage config sends data or takes its key from: path inside its storage configuration, and what it may point at. */
const STORAGE_TARGETS = [
    { block: "s3Config", path: ["bucketName"], what: "S3 bucket", verb: "stores", preposition: "in", targets: ANY_S3_BUCKET },
    { block: "s3Config", path: ["encryptionConfig", "keyId"], what: "KMS key", verb: "encrypts", preposition: "with", targets: ANY_CUSTOMER_KEY },
    { block: "kinesisVideoStreamConfig", path: ["encryptionConfig", "keyId"], what: "KMS key", verb: "encrypts", preposition: "with", targets: ANY_CUSTOMER_KEY },
    { block: "kinesisStreamConfig", path: ["streamArn"], what: "Kinesis stream", verb: "sends", preposition: "to", targets: [KINESIS_STREAM, NATIVE.KINESIS_STREAM] },
    { block: "kinesisFirehoseConfig", path: ["firehoseArn"], what: "Firehose delivery stream", verb: "sends", preposition: "to", targets: ANY_FIREHOSE },
] as const;

/** A place a storage config points at, with the region it is in (or why that is not decided). */
type Placement =
    | { kind: "region"; region: string; label: string }
    | { kind: "undecided"; message: string }
    | { kind: "violation"; message: string }
    | { kind: "same-region" };

function placementsOf(region: EffectiveRegion, label: string): Placement {
    if (region.kind === "known") return { kind: "region", region: region.region, label };
    if (region.kind === "unknown") return { kind: "undecided", message: `the region of ${label} is not known yet` };
    if (region.kind === "unset") return { kind: "violation", message: `${label} has no region (no \`region\`, no provider region)` };
    return { kind: "same-region" };
}

function placeTarget(stack: StackGraph, storage: GraphResource, target: (typeof STORAGE_TARGETS)[number]): Placement[] {
    const field = connectStorage(storage).field(target.block, ...target.path);
    const { value, path } = field;
    if (value === undefined || value === null || value === "") return [];
    if (typeof value === "string" && !isUnknown(value)) {
        // An ARN carries its region, whether or not the resource is in this stack.
        const arnRegion = parseArn(value)?.region;
        if (arnRegion) return [{ kind: "region", region: arnRegion, label: `${target.what} ${describeValue(value)} (\`${path}\`)` }];
    } else if (!isUnknown(value)) return [];
    const reference = stack.resolve(storage, { property: field.property, value, targets: target.targets });
    if (reference.kind === "resources") return reference.resources.map((r) => placementsOf(effectiveRegion(r), `${target.what} '${r.name}'`));
    if (reference.kind === "unknown") return [{ kind: "undecided", message: `\`${path}\` is not known yet and comes from no resource of this stack` }];
    // A bucket name carries no region; a bare key id, alias or stream name is resolved in the instance's own region.
    if (target.what === "S3 bucket") {
        return [{ kind: "violation", message: `S3 bucket ${describeValue(value)} (\`${path}\`) is not defined in this stack, and a bucket name carries no region, so it cannot be shown to be in the instance's region` }];
    }
    return [{ kind: "same-region" }];
}

/** The instance a storage config belongs to, and its region: the instance's own, else the storage config's (Connect's API is regional). */
function instanceOf(stack: StackGraph, storage: GraphResource): { label: string; inStack: boolean; region: Placement } {
    const reference = instanceOfStorage(stack, storage);
    if (reference.kind === "resources") {
        const instance = reference.resources[0];
        return { label: `instance '${instance.name}'`, inStack: true, region: placementsOf(effectiveRegion(instance), `instance '${instance.name}'`) };
    }
    return { label: "its instance", inStack: false, region: placementsOf(effectiveRegion(storage), `Connect storage config '${storage.name}'`) };
}

/**
 * `label` names the resource the finding is on; when it is the instance itself, the placement's
 * message already names it and is said as it is.
 */
function judgeInstanceRegion(resource: GraphResource, label: string, region: Placement, allowed: string[], findings: StackFindings, own = false) {
    const said = (message: string) => (own ? `${message[0].toUpperCase()}${message.slice(1)}` : `${label}: ${message}`);
    if (region.kind === "undecided") findings.undecided(resource, `${said(region.message)}.`);
    const setRegion = isNativeType(resource.type) ? "Set aws-native:region (or the region of its aws-native provider)" : "Set aws:region or `region`";
    if (region.kind === "violation") findings.violation(resource, `${said(region.message)}, so where contact data is kept cannot be shown. ${setRegion} to one of ${allowed.join(", ")}.`);
    if (region.kind === "region" && !allowed.includes(region.region)) {
        findings.violation(resource, `${label} is in ${region.region}, outside the allowed regions (${allowed.join(", ")}). Create the Connect instance in an allowed region (in the EU: eu-central-1).`);
    }
}

// --- examples -------------------------------------------------------------------------------------

const instanceId = "aaaaaaaa-bbbb-cccc-dddd-111111111111";
const keyArn = (region: string) => `arn:aws:kms:${region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const streamArn = (region: string) => `arn:aws:kinesis:${region}:111122223333:stream/acme-ctr`;
const dublin: ExampleResource = { name: "dublin", type: "pulumi:providers:aws", props: { region: "eu-west-1" } };
const instance = (props: Record<string, unknown> = {}): ExampleResource => ({
    name: "contact-centre",
    type: CONNECT_INSTANCE,
    props: { id: instanceId, instanceAlias: "acme", identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true, ...props },
});
const bucket = (provider?: string, props: Record<string, unknown> = {}): ExampleResource => ({ name: "recordings", type: S3_BUCKET[0], props: { bucket: "acme-recordings", ...props }, provider });
const storage = (name: string, resourceType: string, storageConfig: unknown, props: Record<string, unknown> = {}): ExampleResource => ({
    name,
    type: CONNECT_STORAGE_CONFIG,
    props: { instanceId, resourceType, storageConfig, ...props },
});
const recordings = (bucketName: unknown = "acme-recordings", keyId: unknown = keyArn("eu-central-1")) =>
    storage("call-recordings", "CALL_RECORDINGS", { storageType: "S3", s3Config: { bucketName, bucketPrefix: "connect", encryptionConfig: { encryptionType: "KMS", keyId } } });
const ctr = (arn: unknown) => storage("contact-trace-records", "CONTACT_TRACE_RECORDS", { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: arn } });

const instanceArn = `arn:aws:connect:eu-central-1:111122223333:instance/${instanceId}`;
const nativeDublin: ExampleResource = { name: "dublin-native", type: "pulumi:providers:aws-native", props: { region: "eu-west-1" } };
const nativeInstance: ExampleResource = {
    name: "contact-centre",
    type: NATIVE.CONNECT_INSTANCE,
    props: { arn: instanceArn, instanceAlias: "acme", identityManagementType: "SAML", attributes: { inboundCalls: true, outboundCalls: true } },
};
const nativeBucket = (provider?: string): ExampleResource => ({ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" }, provider });
const nativeRecordings = (instance: { instanceArn: unknown } = { instanceArn }, bucketName: unknown = "acme-recordings"): ExampleResource => ({
    name: "call-recordings",
    type: NATIVE.CONNECT_STORAGE_CONFIG,
    props: {
        ...instance,
        resourceType: "CALL_RECORDINGS",
        storageType: "S3",
        s3Config: { bucketName, bucketPrefix: "connect", encryptionConfig: { encryptionType: "KMS", keyId: keyArn("eu-central-1") } },
    },
});

export const connectColocation = stackControl<RegionConfig>({
    name: "residency-connect-colocation",
    title: "Connect instance and its storage share one allowed region",
    area: "residency",
    description:
        "Each Amazon Connect instance is in an allowed region, and every target of its storage configs is in the instance's " +
        "region: S3 buckets (defined in this stack, since a bucket name carries no region), Kinesis streams, Firehose delivery " +
        "streams and the KMS keys of `encryptionConfig` (the region inside their ARN, or their region in the stack). Storage " +
        "configs are related to their instance through `instanceId` (aws-native: `instanceArn`); one whose instance is outside the " +
        "stack is judged by its own region. aws-native instances, storage configs (top-level blocks), buckets, keys and streams " +
        "are judged alike, each in its aws-native provider's region, and relations may cross providers.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 44", "Art. 5(1)(f)"], pciDss: [], iso27001: ["A.5.23"] },
    remediation: [
        "Create the Connect instance in an allowed region (for the EU: eu-central-1, where Connect runs).",
        "Create recordings buckets, Kinesis and Firehose streams and their KMS keys with the same provider (region) as the instance, and pass their ARNs and names from those resources.",
        "When a stack mixes providers, configure `aws:region` and `aws-native:region` (or explicit providers) to the same region.",
    ],
    parameters: REGION_PARAMETERS,
    examples: [
        {
            title: "instance, recordings bucket, key and CTR stream all in Frankfurt",
            verdict: "compliant",
            resources: [instance(), bucket(), recordings(), ctr(streamArn("eu-central-1"))],
        },
        { title: "a recordings bucket in Dublin for a Frankfurt instance", verdict: "violation", resources: [dublin, instance(), bucket("dublin"), recordings()] },
        { title: "recordings encrypted with a key in Dublin", verdict: "violation", resources: [instance(), bucket(), recordings("acme-recordings", keyArn("eu-west-1"))] },
        { title: "contact trace records sent to a stream in Dublin", verdict: "violation", resources: [instance(), bucket(), recordings(), ctr(streamArn("eu-west-1"))] },
        { title: "an instance in London under the default profile", verdict: "violation", awsRegion: "eu-west-2", resources: [instance(), ctr(streamArn("eu-west-2"))] },
        { title: "recordings sent to a bucket outside the stack", verdict: "violation", resources: [instance(), recordings("partner-recordings")] },
        {
            title: "media streams encrypted with a key in us-east-1",
            verdict: "violation",
            resources: [
                instance(),
                storage("media-streams", "MEDIA_STREAMS", {
                    storageType: "KINESIS_VIDEO_STREAM",
                    kinesisVideoStreamConfig: { prefix: "acme", retentionPeriodHours: 24, encryptionConfig: { encryptionType: "KMS", keyId: keyArn("us-east-1") } },
                }),
            ],
        },
        {
            title: "a storage config of an instance outside the stack, in the same region as its targets",
            verdict: "compliant",
            resources: [bucket(), recordings(), ctr(streamArn("eu-central-1"))],
        },
        {
            title: "first preview: instance, bucket, key and stream related only through property dependencies",
            verdict: "compliant",
            resources: [
                { ...instance(), props: { identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true } },
                { name: "recordings", type: S3_BUCKET[0], props: {} },
                { name: "recordings-key", type: "aws:kms/key:Key", props: {} },
                { ...recordings(UNKNOWN, UNKNOWN), props: { ...recordings(UNKNOWN, UNKNOWN).props, instanceId: UNKNOWN }, propertyDependencies: { instanceId: ["contact-centre"], storageConfig: ["recordings", "recordings-key"] } },
            ],
        },
        {
            title: "first preview: a recordings bucket declared in Dublin still blocks",
            verdict: "violation",
            resources: [
                dublin,
                instance(),
                { name: "recordings", type: S3_BUCKET[0], props: {}, provider: "dublin" },
                { ...recordings(UNKNOWN), propertyDependencies: { storageConfig: ["recordings"] } },
            ],
        },
        {
            title: "first preview: the recordings bucket is an output that comes from no resource of the stack",
            verdict: "deferred",
            resources: [instance(), recordings(UNKNOWN)],
        },
        {
            title: "aws-native: instance, storage config, bucket and CTR stream all in Frankfurt",
            verdict: "compliant",
            resources: [
                nativeInstance,
                nativeBucket(),
                nativeRecordings(),
                { name: "ctr", type: NATIVE.KINESIS_STREAM, props: { name: "acme-ctr", arn: streamArn("eu-central-1") } },
                {
                    name: "contact-trace-records",
                    type: NATIVE.CONNECT_STORAGE_CONFIG,
                    props: { instanceArn, resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: streamArn("eu-central-1") } },
                },
            ],
        },
        {
            title: "aws-native: a recordings bucket under an aws-native provider in Dublin for a Frankfurt instance",
            verdict: "violation",
            resources: [nativeDublin, nativeInstance, nativeBucket("dublin-native"), nativeRecordings()],
        },
        {
            title: "aws-native: an instance in London (aws-native:region eu-west-2)",
            verdict: "violation",
            awsRegion: "eu-west-2",
            resources: [nativeInstance],
        },
        {
            title: "mixed providers: an aws-native storage config of a classic instance writes to a classic bucket in Frankfurt",
            verdict: "compliant",
            resources: [instance(), bucket(), nativeRecordings({ instanceArn: `arn:aws:connect:eu-central-1:111122223333:instance/${instanceId}` })],
        },
        {
            title: "mixed providers, first preview: a classic instance's aws-native storage config writes to an aws-native bucket in Dublin",
            verdict: "violation",
            resources: [
                nativeDublin,
                { ...instance(), props: { identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true } },
                { name: "recordings", type: NATIVE.S3_BUCKET, props: {}, provider: "dublin-native" },
                { ...nativeRecordings({ instanceArn: UNKNOWN }, UNKNOWN), propertyDependencies: { instanceArn: ["contact-centre"], s3Config: ["recordings"] } },
            ],
        },
        {
            title: "aws-native first preview: the recordings bucket is an output that comes from no resource of the stack",
            verdict: "deferred",
            resources: [nativeInstance, nativeRecordings({ instanceArn }, UNKNOWN)],
        },
    ],
    judges: [...ANY_CONNECT_INSTANCE, ...ANY_CONNECT_STORAGE_CONFIG],
    check(stack, config, findings) {
        const allowed = allowedRegions(config.regionProfile, config.regions);
        for (const instance of stack.ofType(ANY_CONNECT_INSTANCE)) {
            const label = `Connect instance '${instance.name}'`;
            judgeInstanceRegion(instance, label, placementsOf(effectiveRegion(instance), label), allowed, findings, true);
        }
        for (const storage of stack.ofType(ANY_CONNECT_STORAGE_CONFIG)) {
            const subject = `Connect storage config '${storage.name}'`;
            const wrapper = connectStorage(storage).unreadableWrapper;
            if (wrapper && isUnknown(wrapper.value)) {
                findings.undecided(storage, `${subject}: \`${wrapper.path}\` is not known yet.`);
                continue;
            }
            const instance = instanceOf(stack, storage);
            if (!instance.inStack) judgeInstanceRegion(storage, `${subject} (for an instance outside this stack)`, instance.region, allowed, findings);
            for (const target of STORAGE_TARGETS) {
                for (const placement of placeTarget(stack, storage, target)) {
                    if (placement.kind === "undecided") findings.undecided(storage, `${subject}: ${placement.message}.`);
                    if (placement.kind === "violation") findings.violation(storage, `${subject}: ${placement.message}. Store contact data only in resources of this stack in the instance's region.`);
                    if (placement.kind !== "region") continue;
                    const home = instance.region;
                    if (home.kind === "undecided") findings.undecided(storage, `${subject}: ${home.message}, so whether ${placement.label} in ${placement.region} is in the same region cannot be checked.`);
                    if (home.kind === "region" && home.region !== placement.region) {
                        findings.violation(
                            storage,
                            `${subject} ${target.verb} ${describeData(storage)} of ${instance.label} (${home.region}) ${target.preposition} ${placement.label}, ` +
                                `which is in ${placement.region}: contact data or its key would leave the instance's region. Keep the ${target.what} in ${home.region}, with the instance.`,
                        );
                    }
                }
            }
        }
    },
});

function describeData(storage: GraphResource): string {
    const kind = storage.props["resourceType"];
    return typeof kind === "string" && !isUnknown(kind) ? kind : "contact data";
}
