/**
 * With live media streaming on, Amazon Connect creates one Kinesis video stream per contact and
 * writes the customer's and the agent's audio into it, in real time, for as long as
 * `retentionPeriodHours` says. Connect encrypts those streams with the key named in the storage
 * config. The AWS-managed `aws/kinesisvideo` key cannot be restricted by a key policy the customer
 * writes, nor disabled to cut off access, and Connect accepts the key only as a full key ARN (it
 * creates a grant on it for its service-linked role), never as an alias.
 */
import { resourceControl, type CheckedResource, type ExampleResource } from "../control";
import { isAwsManagedKeyAlias, isKmsKeyArn } from "../lib/arn";
import { describeValue, isRecord } from "../lib/describe";
import { CONNECT_STORAGE_CONFIG } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const MEDIA_STREAMS_STORAGE = "KINESIS_VIDEO_STREAM";
const ENCRYPTION_PATH = ["storageConfig", "kinesisVideoStreamConfig", "encryptionConfig"] as const;

/** What a property path holds: a value, or the first step on the way that is not known yet. */
type Lookup = { known: true; value: unknown } | { known: false; path: string };

function lookup(props: Record<string, unknown>, path: readonly string[]): Lookup {
    let value: unknown = props;
    for (let step = 0; step < path.length; step++) {
        value = isRecord(value) ? value[path[step]] : undefined;
        if (isUnknown(value)) return { known: false, path: path.slice(0, step + 1).join(".") };
    }
    return { known: true, value };
}

function streamsMedia(props: Record<string, unknown>): Lookup {
    const storageType = lookup(props, ["storageConfig", "storageType"]);
    return storageType.known ? { known: true, value: storageType.value === MEDIA_STREAMS_STORAGE } : storageType;
}

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function mediaStreams(encryptionConfig: unknown, instanceId: unknown = "aaaaaaaa-bbbb-cccc-dddd-111111111111"): ExampleResource {
    return {
        name: "media-streams",
        type: CONNECT_STORAGE_CONFIG,
        props: {
            instanceId,
            resourceType: "MEDIA_STREAMS",
            storageConfig: {
                storageType: MEDIA_STREAMS_STORAGE,
                kinesisVideoStreamConfig: {
                    prefix: "acme-live-media",
                    retentionPeriodHours: 24,
                    ...(encryptionConfig === undefined ? {} : { encryptionConfig }),
                },
            },
        },
    };
}

export const connectMediaStreamsKms = resourceControl({
    name: "encryption-connect-media-streams-kms",
    title: "Connect live media streams are encrypted with a customer-managed KMS key",
    area: "encryption",
    description:
        "An Amazon Connect storage config with storage type KINESIS_VIDEO_STREAM (live media streaming of calls) sets " +
        "`kinesisVideoStreamConfig.encryptionConfig` with `encryptionType: KMS` and `keyId` as the full ARN of a " +
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
        "Create a customer-managed key (`aws.kms.Key`) with rotation enabled in the instance's region.",
        'Set `storageConfig.kinesisVideoStreamConfig.encryptionConfig` to `{ encryptionType: "KMS", keyId: key.arn }` (the key ARN, not `key.id`, an alias or `alias/aws/kinesisvideo`).',
    ],
    parameters: {},
    appliesTo: [CONNECT_STORAGE_CONFIG],
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
    ],
    check(resource, _config, findings) {
        const subject = `Connect storage config '${resource.name}'`;
        const media = streamsMedia(resource.props);
        if (!media.known) {
            findings.undecided(`${subject}: \`${media.path}\` is not known yet, so whether it streams live media cannot be told.`);
            return;
        }
        if (media.value !== true) return;

        const fix = 'set `storageConfig.kinesisVideoStreamConfig.encryptionConfig` to `{ encryptionType: "KMS", keyId: <customer key ARN> }`';
        const encryption = lookup(resource.props, ENCRYPTION_PATH);
        if (!encryption.known) {
            findings.undecided(`${subject}: \`${encryption.path}\` is not known yet.`);
            return;
        }
        if (!isRecord(encryption.value)) {
            findings.violation(`${subject} streams live call audio to Kinesis Video Streams without \`${ENCRYPTION_PATH.join(".")}\`; ${fix}.`);
            return;
        }

        const encryptionType = encryption.value["encryptionType"];
        if (isUnknown(encryptionType)) {
            findings.undecided(`${subject}: \`${ENCRYPTION_PATH.join(".")}.encryptionType\` is not known yet.`);
        } else if (encryptionType !== "KMS") {
            findings.violation(
                `${subject} sets \`${ENCRYPTION_PATH.join(".")}.encryptionType\` to ${describeValue(encryptionType)}; Connect encrypts ` +
                    `media streams only with KMS: ${fix}.`,
            );
        }

        const keyId = encryption.value["keyId"];
        const keyPath = `${ENCRYPTION_PATH.join(".")}.keyId`;
        if (isUnknown(keyId)) {
            findings.undecided(`${subject}: \`${keyPath}\` is not known yet, so whether it is a customer-managed key ARN cannot be checked.`);
        } else if (isAwsManagedKeyAlias(keyId)) {
            findings.violation(
                `${subject} encrypts live call audio with the AWS-managed key ${describeValue(keyId)} (\`${keyPath}\`), which no key ` +
                    "policy of yours can restrict or revoke; use the ARN of a customer-managed key, e.g. `key.arn`.",
            );
        } else if (!isKmsKeyArn(keyId)) {
            findings.violation(
                `${subject} sets \`${keyPath}\` to ${describeValue(keyId)}, which is not a full KMS key ARN ` +
                    "(arn:aws:kms:<region>:<account>:key/<id>); Connect needs the key ARN of a customer-managed key, e.g. `key.arn`.",
            );
        }
    },
    remediate(resource: CheckedResource) {
        // KMS is the only encryption type Connect accepts for media streams, so any other value is a slip
        // with one possible correction. Keys are a choice and are never filled in.
        const media = streamsMedia(resource.props);
        const encryption = lookup(resource.props, ENCRYPTION_PATH);
        if (!media.known || media.value !== true || !encryption.known || !isRecord(encryption.value)) return undefined;
        const encryptionType = encryption.value["encryptionType"];
        if (encryptionType === "KMS" || isUnknown(encryptionType)) return undefined;

        const storage = resource.props["storageConfig"] as Record<string, unknown>;
        const video = storage["kinesisVideoStreamConfig"] as Record<string, unknown>;
        return {
            ...resource.props,
            storageConfig: {
                ...storage,
                kinesisVideoStreamConfig: { ...video, encryptionConfig: { ...encryption.value, encryptionType: "KMS" } },
            },
        };
    },
});
