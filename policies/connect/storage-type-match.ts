/**
 * Amazon Connect accepts each kind of contact data only on certain storage: recordings, transcripts
 * and other files go to S3, live media to Kinesis Video Streams, contact trace records to a Kinesis
 * data stream or Firehose, agent events and real-time analysis segments to a Kinesis data stream.
 * AWS publishes no single matrix; the table below comes from the AssociateInstanceStorageConfig
 * reference and the admin guide's feature pages (DOMAIN.md §1).
 *
 * A mismatch is not harmless: the association fails at deploy time or, worse, a block for another
 * storage type sits unused next to the one Connect reads, and the encryption or retention a reviewer
 * sees in it protects nothing. Every other Connect storage control reads the block named by
 * `storageType`, so this control makes sure that block is the only one and is really there.
 */
import { resourceControl, type ExampleResource } from "../control";
import { ANY_CONNECT_STORAGE_CONFIG, BLOCK_OF_STORAGE_TYPE, connectStorage, isStorageType, type StorageType } from "../lib/connect-storage";
import { describeValue } from "../lib/describe";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const FILES_IN_S3: readonly StorageType[] = ["S3"];
const KINESIS_STREAM_ONLY: readonly StorageType[] = ["KINESIS_STREAM"];

/** Which storage types Amazon Connect supports for each kind of contact data. */
const STORAGE_TYPES_OF_RESOURCE_TYPE: Readonly<Record<string, readonly StorageType[]>> = {
    CALL_RECORDINGS: FILES_IN_S3,
    CHAT_TRANSCRIPTS: FILES_IN_S3,
    SCHEDULED_REPORTS: FILES_IN_S3,
    SCREEN_RECORDINGS: FILES_IN_S3,
    CONTACT_EVALUATIONS: FILES_IN_S3,
    ATTACHMENTS: FILES_IN_S3,
    EMAIL_MESSAGES: FILES_IN_S3,
    MEDIA_STREAMS: ["KINESIS_VIDEO_STREAM"],
    CONTACT_TRACE_RECORDS: ["KINESIS_STREAM", "KINESIS_FIREHOSE"],
    AGENT_EVENTS: KINESIS_STREAM_ONLY,
    REAL_TIME_CONTACT_ANALYSIS_VOICE_SEGMENTS: KINESIS_STREAM_ONLY,
    REAL_TIME_CONTACT_ANALYSIS_CHAT_SEGMENTS: KINESIS_STREAM_ONLY,
    // Deprecated (voice only) in favour of REAL_TIME_CONTACT_ANALYSIS_VOICE_SEGMENTS, still accepted.
    REAL_TIME_CONTACT_ANALYSIS_SEGMENTS: KINESIS_STREAM_ONLY,
};

function supportedStorageTypes(resourceType: unknown): readonly StorageType[] | undefined {
    if (typeof resourceType !== "string" || !Object.prototype.hasOwnProperty.call(STORAGE_TYPES_OF_RESOURCE_TYPE, resourceType)) {
        return undefined;
    }
    return STORAGE_TYPES_OF_RESOURCE_TYPE[resourceType];
}

const s3Config = { bucketName: "acme-connect-recordings", bucketPrefix: "connect/acme/CallRecordings" };
const streamArn = "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-ctr";
const instanceArn = "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111";

function storage(name: string, resourceType: unknown, storageConfig: unknown, instanceId: unknown = "aaaaaaaa-bbbb-cccc-dddd-111111111111"): ExampleResource {
    return { name, type: CONNECT_STORAGE_CONFIG, props: { instanceId, resourceType, storageConfig } };
}

/** The aws-native form: no `storageConfig` wrapper, the storage type and its block are top-level inputs. */
function nativeStorage(name: string, resourceType: unknown, config: Record<string, unknown>): ExampleResource {
    return { name, type: NATIVE.CONNECT_STORAGE_CONFIG, props: { instanceArn, resourceType, ...config } };
}

export const connectStorageTypeMatch = resourceControl({
    name: "connect-storage-type-match",
    title: "Connect storage configs use the storage type Amazon Connect supports for their data",
    area: "connect",
    description:
        "An Amazon Connect instance storage config (`aws.connect.InstanceStorageConfig` or aws-native " +
        "`connect.InstanceStorageConfig`) pairs its `resourceType` with a storage type (`storageConfig.storageType`; " +
        "top-level `storageType` in aws-native) that " +
        "Connect supports for that data (recordings, transcripts, reports, evaluations, attachments and email in S3; " +
        "media streams in Kinesis Video Streams; contact trace records in a Kinesis data stream or Firehose; agent " +
        "events and real-time analysis segments in a Kinesis data stream), and carries exactly the configuration " +
        "block of that storage type. A block for another storage type is flagged: Connect ignores it, so the " +
        "encryption or retention it shows a reviewer protects nothing. An unrecognised `resourceType` is treated " +
        "as a typo.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: [],
        iso27001: ["A.5.23"],
    },
    remediation: [
        "Pick the storage type Connect supports for the data: S3 for CALL_RECORDINGS, CHAT_TRANSCRIPTS, SCHEDULED_REPORTS, SCREEN_RECORDINGS, CONTACT_EVALUATIONS, ATTACHMENTS and EMAIL_MESSAGES; KINESIS_VIDEO_STREAM for MEDIA_STREAMS; KINESIS_STREAM or KINESIS_FIREHOSE for CONTACT_TRACE_RECORDS; KINESIS_STREAM for AGENT_EVENTS and the REAL_TIME_CONTACT_ANALYSIS_* segments.",
        "Give the storage config the block of that storage type (`s3Config`, `kinesisVideoStreamConfig`, `kinesisStreamConfig` or `kinesisFirehoseConfig`: inside `storageConfig` in @pulumi/aws, top-level inputs in aws-native) and remove any other block.",
        "Check the spelling of `resourceType` against the values listed in the AssociateInstanceStorageConfig API reference.",
    ],
    parameters: {},
    appliesTo: ANY_CONNECT_STORAGE_CONFIG,
    examples: [
        {
            title: "call recordings in S3 with an s3Config block",
            verdict: "compliant",
            resources: [storage("call-recordings", "CALL_RECORDINGS", { storageType: "S3", s3Config })],
        },
        {
            title: "contact trace records in a Kinesis data stream",
            verdict: "compliant",
            resources: [storage("ctr", "CONTACT_TRACE_RECORDS", { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn } })],
        },
        {
            title: "call recordings sent to a Kinesis data stream, which Connect does not support for them",
            verdict: "violation",
            resources: [storage("call-recordings", "CALL_RECORDINGS", { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn } })],
        },
        {
            title: "agent events sent to Firehose, which Connect supports only for contact trace records",
            verdict: "violation",
            resources: [
                storage("agent-events", "AGENT_EVENTS", {
                    storageType: "KINESIS_FIREHOSE",
                    kinesisFirehoseConfig: { firehoseArn: "arn:aws:firehose:eu-central-1:111122223333:deliverystream/acme" },
                }),
            ],
        },
        {
            title: "S3 storage type with a kinesisStreamConfig block next to the s3Config block",
            verdict: "violation",
            resources: [storage("call-recordings", "CALL_RECORDINGS", { storageType: "S3", s3Config, kinesisStreamConfig: { streamArn } })],
        },
        {
            title: "media streams without the kinesisVideoStreamConfig block",
            verdict: "violation",
            resources: [storage("media", "MEDIA_STREAMS", { storageType: "KINESIS_VIDEO_STREAM" })],
        },
        {
            title: "a misspelt resource type",
            verdict: "violation",
            resources: [storage("call-recordings", "CALL_RECORDING", { storageType: "S3", s3Config })],
        },
        {
            title: "first preview: the storage type comes from an output not known yet",
            verdict: "deferred",
            resources: [storage("call-recordings", "CALL_RECORDINGS", { storageType: UNKNOWN, s3Config })],
        },
        {
            title: "aws-native: call recordings in S3 with a top-level s3Config block",
            verdict: "compliant",
            resources: [nativeStorage("call-recordings", "CALL_RECORDINGS", { storageType: "S3", s3Config })],
        },
        {
            title: "aws-native: agent events sent to a Kinesis Video stream",
            verdict: "violation",
            resources: [
                nativeStorage("agent-events", "AGENT_EVENTS", {
                    storageType: "KINESIS_VIDEO_STREAM",
                    kinesisVideoStreamConfig: { prefix: "acme", retentionPeriodHours: 24, encryptionConfig: { encryptionType: "KMS", keyId: UNKNOWN } },
                }),
            ],
        },
        {
            title: "aws-native: S3 storage type with a kinesisFirehoseConfig block beside s3Config",
            verdict: "violation",
            resources: [
                nativeStorage("call-recordings", "CALL_RECORDINGS", {
                    storageType: "S3",
                    s3Config,
                    kinesisFirehoseConfig: { firehoseArn: "arn:aws:firehose:eu-central-1:111122223333:deliverystream/acme" },
                }),
            ],
        },
        {
            title: "aws-native first preview: the storage type comes from an output not known yet",
            verdict: "deferred",
            resources: [nativeStorage("call-recordings", "CALL_RECORDINGS", { storageType: UNKNOWN, s3Config: UNKNOWN })],
        },
        {
            title: "first preview with unknown bucket and stream still blocks recordings sent to a stream",
            verdict: "violation",
            resources: [
                storage("call-recordings", "CALL_RECORDINGS", { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: UNKNOWN } }, UNKNOWN),
            ],
        },
    ],
    check(resource, _config, findings) {
        const subject = `Connect storage config '${resource.name}'`;
        const storage = connectStorage(resource);
        const resourceType = storage.resourceType;

        let supported: readonly StorageType[] | undefined;
        if (isUnknown(resourceType)) {
            findings.undecided(`${subject}: \`resourceType\` is not known yet.`);
        } else {
            supported = supportedStorageTypes(resourceType);
            if (!supported) {
                findings.violation(
                    `${subject} sets \`resourceType\` to ${describeValue(resourceType)}, which Amazon Connect does not recognise ` +
                        `(a typo?); use one of ${Object.keys(STORAGE_TYPES_OF_RESOURCE_TYPE).join(", ")}.`,
                );
            }
        }

        const wrapper = storage.unreadableWrapper;
        if (wrapper && isUnknown(wrapper.value)) {
            findings.undecided(`${subject}: \`${wrapper.path}\` is not known yet.`);
            return;
        }
        if (wrapper) {
            findings.violation(
                `${subject} has \`${wrapper.path}\` ${describeValue(wrapper.value)} instead of a storage configuration; ` +
                    `set \`${wrapper.path}\` to \`{ storageType, <matching block> }\`.`,
            );
            return;
        }

        const storageType = storage.field("storageType");
        const present = storage.blocksPresent();
        const blockPath = (block: string) => `\`${storage.pathOf(block)}\``;
        if (isUnknown(storageType.value)) {
            findings.undecided(`${subject}: \`${storageType.path}\` is not known yet.`);
            // Whatever the type turns out to be, Connect reads exactly one block.
            if (present.length > 1) {
                findings.violation(
                    `${subject} sets several configuration blocks (${present.map(blockPath).join(", ")}); ` +
                        "Connect reads only the one of its storage type: keep that block and remove the others.",
                );
            }
            return;
        }
        if (!isStorageType(storageType.value)) {
            findings.violation(
                `${subject} sets \`${storageType.path}\` to ${describeValue(storageType.value)}; ` +
                    `use one of ${Object.keys(BLOCK_OF_STORAGE_TYPE).join(", ")}.`,
            );
            return;
        }

        if (supported && !supported.includes(storageType.value)) {
            findings.violation(
                `${subject} stores ${String(resourceType)} with \`${storageType.path}\` ${describeValue(storageType.value)}, ` +
                    `which Amazon Connect does not support for that data; use ${supported.join(" or ")}.`,
            );
        }

        const expected = BLOCK_OF_STORAGE_TYPE[storageType.value];
        if (!present.includes(expected)) {
            findings.violation(
                `${subject} has \`${storageType.path}\` ${describeValue(storageType.value)} but no ${blockPath(expected)}; ` +
                    `add the \`${expected}\` block.`,
            );
        }
        const foreign = present.filter((block) => block !== expected);
        if (foreign.length > 0) {
            findings.violation(
                `${subject} has \`${storageType.path}\` ${describeValue(storageType.value)} but also sets ` +
                    `${foreign.map(blockPath).join(", ")}, which Connect ignores for that storage type; ` +
                    "remove it so that the configuration reviewers read is the one Connect uses.",
            );
        }
    },
});
