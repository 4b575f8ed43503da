/**
 * With live media streaming on, Amazon Connect creates one Kinesis video stream per contact and
 * writes the customer's and the agent's audio into it, in real time, for as long as
 * `retentionPeriodHours` says. Connect encrypts those streams with the key named in the storage
 * config. The AWS-managed `aws/kinesisvideo` key cannot be restricted by a key policy the customer
 * writes, nor disabled to cut off access, and Connect accepts the key only as a full key ARN (it
 * creates a grant on it for its service-linked role), never as an alias.
 */
import { resourceControl, type CheckedResource, type ExampleResource } from "../control";
import { ANY_CONNECT_STORAGE_CONFIG, connectStorage, judgeStorageEncryption } from "../lib/connect-storage";
import { isRecord } from "../lib/describe";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const MEDIA_STREAMS_STORAGE = "KINESIS_VIDEO_STREAM";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function videoConfig(encryptionConfig: unknown): Record<string, unknown> {
    return { prefix: "acme-live-media", retentionPeriodHours: 24, ...(encryptionConfig === undefined ? {} : { encryptionConfig }) };
}

function mediaStreams(encryptionConfig: unknown, instanceId: unknown = "aaaaaaaa-bbbb-cccc-dddd-111111111111"): ExampleResource {
    return {
        name: "media-streams",
        type: CONNECT_STORAGE_CONFIG,
        props: {
            instanceId,
            resourceType: "MEDIA_STREAMS",
            storageConfig: { storageType: MEDIA_STREAMS_STORAGE, kinesisVideoStreamConfig: videoConfig(encryptionConfig) },
        },
    };
}

/** The aws-native form: `storageType` and `kinesisVideoStreamConfig` are top-level inputs. */
function nativeMediaStreams(encryptionConfig: unknown, storageType: unknown = MEDIA_STREAMS_STORAGE): ExampleResource {
    return {
        name: "media-streams",
        type: NATIVE.CONNECT_STORAGE_CONFIG,
        props: {
            instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111",
            resourceType: "MEDIA_STREAMS",
            storageType,
            kinesisVideoStreamConfig: videoConfig(encryptionConfig),
        },
    };
}

export const connectMediaStreamsKms = resourceControl({
    name: "encryption-connect-media-streams-kms",
    title: "Connect live media streams are encrypted with a customer-managed KMS key",
    area: "encryption",
    description:
        "An Amazon Connect storage config (`aws.connect.InstanceStorageConfig` or aws-native `connect.InstanceStorageConfig`) " +
        "with storage type KINESIS_VIDEO_STREAM (live media streaming of calls) sets " +
        "`kinesisVideoStreamConfig.encryptionConfig` (inside `storageConfig` in @pulumi/aws, a top-level input in aws-native) with `encryptionType: KMS` and `keyId` as the full ARN of a " +
        "customer-managed KMS key (`arn:aws:kms:<region>:<account>:key/<id>`): not an alias, not a bare key id, and " +
        "not the AWS-managed `aws/kinesisvideo` key.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"],
        pciDss: ["3.5.1", "3.6.1"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        "Create a customer-managed key (`aws.kms.Key` or aws-native `kms.Key`) with rotation enabled in the instance's region.",
        'Set `storageConfig.kinesisVideoStreamConfig.encryptionConfig` (aws-native: `kinesisVideoStreamConfig.encryptionConfig`) to `{ encryptionType: "KMS", keyId: key.arn }` (the key ARN, not `key.id`/`key.keyId`, an alias or `alias/aws/kinesisvideo`).',
    ],
    parameters: {},
    appliesTo: ANY_CONNECT_STORAGE_CONFIG,
    examples: [
        {
            title: "media streams encrypted with a customer key given by ARN",
            verdict: "compliant",
            resources: [mediaStreams({ encryptionType: "KMS", keyId: keyArn })],
        },
        {
            title: "media streams encrypted with the AWS-managed aws/kinesisvideo key",
            verdict: "violation",
            resources: [mediaStreams({ encryptionType: "KMS", keyId: "alias/aws/kinesisvideo" })],
        },
        {
            title: "media streams encrypted through a customer key alias instead of the key ARN",
            verdict: "violation",
            resources: [mediaStreams({ encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:alias/connect-media" })],
        },
        {
            title: "media streams without encryptionConfig",
            verdict: "violation",
            resources: [mediaStreams(undefined)],
        },
        {
            title: "first preview: the key ARN is the output of a key created in the same stack",
            verdict: "deferred",
            resources: [mediaStreams({ encryptionType: "KMS", keyId: UNKNOWN }, UNKNOWN)],
        },
        {
            title: "first preview with the AWS-managed key still blocks",
            verdict: "violation",
            resources: [mediaStreams({ encryptionType: "KMS", keyId: "alias/aws/kinesisvideo" }, UNKNOWN)],
        },
        {
            title: "aws-native: media streams encrypted with a customer key given by ARN",
            verdict: "compliant",
            resources: [nativeMediaStreams({ encryptionType: "KMS", keyId: keyArn })],
        },
        {
            title: "aws-native: media streams encrypted with the AWS-managed aws/kinesisvideo key",
            verdict: "violation",
            resources: [nativeMediaStreams({ encryptionType: "KMS", keyId: "alias/aws/kinesisvideo" })],
        },
        {
            title: "aws-native first preview: the storage type comes from an output not known yet",
            verdict: "deferred",
            resources: [nativeMediaStreams({ encryptionType: "KMS", keyId: keyArn }, UNKNOWN)],
        },
        {
            title: "mixed providers: an aws-native storage config keyed by a classic key's ARN, not known at first preview",
            verdict: "deferred",
            resources: [
                { name: "media-key", type: "aws:kms/key:Key", props: { enableKeyRotation: true } },
                { ...nativeMediaStreams({ encryptionType: "KMS", keyId: UNKNOWN }), propertyDependencies: { kinesisVideoStreamConfig: ["media-key"] } },
            ],
        },
    ],
    check(resource, _config, findings) {
        const subject = `Connect storage config '${resource.name}'`;
        const storage = connectStorage(resource);
        const storageType = storage.field("storageType");
        if (isUnknown(storageType.value)) {
            findings.undecided(`${subject}: \`${storageType.path}\` is not known yet, so whether it streams live media cannot be told.`);
            return;
        }
        if (storageType.value !== MEDIA_STREAMS_STORAGE) return;
        judgeStorageEncryption(subject, storage, "kinesisVideoStreamConfig", { data: "live call audio", destination: "in Kinesis Video Streams" }, findings);
    },
    remediate(resource: CheckedResource) {
        // KMS is the only encryption type Connect accepts for media streams, so any other value is a slip
        // with one possible correction. Keys are a choice and are never filled in.
        const storage = connectStorage(resource);
        const encryption = storage.field("kinesisVideoStreamConfig", "encryptionConfig");
        if (storage.field("storageType").value !== MEDIA_STREAMS_STORAGE || !isRecord(encryption.value)) return undefined;
        const encryptionType = encryption.value["encryptionType"];
        if (encryptionType === "KMS" || isUnknown(encryptionType)) return undefined;
        return storage.withField(["kinesisVideoStreamConfig", "encryptionConfig"], { ...encryption.value, encryptionType: "KMS" });
    },
});
