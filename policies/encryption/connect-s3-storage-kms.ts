/**
 * Amazon Connect encrypts what it writes to S3 (call recordings, chat transcripts, screen recordings,
 * evaluations, reports, attachments, email messages) with the key named in the storage config.
 * Without `encryptionConfig` the objects get only the bucket's default encryption, and Connect's own
 * access path is not tied to a key the customer controls. The key must be given as a full key ARN:
 * Connect creates a grant on it for its service-linked role and rejects aliases and bare key ids.
 */
import { resourceControl } from "../control";
import { isKmsKeyArn } from "../lib/arn";
import { CONNECT_STORAGE_CONFIG } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { describeValue, isRecord } from "../lib/describe";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function s3Storage(resourceType: string, encryptionConfig?: unknown) {
    return {
        name: "call-recordings",
        type: CONNECT_STORAGE_CONFIG,
        props: {
            instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111",
            resourceType,
            storageConfig: {
                storageType: "S3",
                s3Config: {
                    bucketName: "acme-connect-recordings",
                    bucketPrefix: "connect/acme/CallRecordings",
                    ...(encryptionConfig === undefined ? {} : { encryptionConfig }),
                },
            },
        },
    };
}

export const connectS3StorageKms = resourceControl({
    name: "encryption-connect-s3-storage-kms",
    title: "Connect S3 storage is encrypted with a customer-managed KMS key",
    area: "encryption",
    description:
        "An Amazon Connect storage config that sends recordings, transcripts or other contact data to S3 sets " +
        "`s3Config.encryptionConfig` with `encryptionType: KMS` and `keyId` as the full ARN of a KMS key " +
        "(`arn:aws:kms:<region>:<account>:key/<id>`), not an alias or a bare key id.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)", "Art. 25(1)"],
        pciDss: ["3.5.1", "3.6.1"],
        iso27001: ["A.8.24", "A.5.34"],
    },
    remediation: [
        "Create a customer-managed key (`aws.kms.Key`) in the instance's region, with rotation enabled.",
        'Set `storageConfig.s3Config.encryptionConfig` to `{ encryptionType: "KMS", keyId: key.arn }` (the key ARN, not `key.id` or an alias).',
    ],
    parameters: {},
    appliesTo: [CONNECT_STORAGE_CONFIG],
    examples: [
        {
            title: "call recordings encrypted with a customer key given by ARN",
            verdict: "compliant",
            resources: [s3Storage("CALL_RECORDINGS", { encryptionType: "KMS", keyId: keyArn })],
        },
        {
            title: "call recordings with no encryptionConfig",
            verdict: "violation",
            resources: [s3Storage("CALL_RECORDINGS")],
        },
        {
            title: "chat transcripts encrypted through a key alias instead of the key ARN",
            verdict: "violation",
            resources: [s3Storage("CHAT_TRANSCRIPTS", { encryptionType: "KMS", keyId: "alias/connect-transcripts" })],
        },
        {
            title: "screen recordings with a bare key id",
            verdict: "violation",
            resources: [s3Storage("SCREEN_RECORDINGS", { encryptionType: "KMS", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" })],
        },
        {
            title: "first preview: the key ARN is the output of a key created in the same stack",
            verdict: "deferred",
            resources: [s3Storage("CALL_RECORDINGS", { encryptionType: "KMS", keyId: UNKNOWN })],
        },
        {
            title: "first preview without encryptionConfig still blocks",
            verdict: "violation",
            resources: [
                {
                    ...s3Storage("CALL_RECORDINGS"),
                    props: {
                        instanceId: UNKNOWN,
                        resourceType: "CALL_RECORDINGS",
                        storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "recordings" } },
                    },
                },
            ],
        },
    ],
    check(resource, _config, findings) {
        const subject = `Connect storage config '${resource.name}'`;
        const storage = resource.props["storageConfig"];
        if (isUnknown(storage)) {
            findings.undecided(`${subject}: \`storageConfig\` is not known yet.`);
            return;
        }
        if (!isRecord(storage)) return;
        const storageType = storage["storageType"];
        if (isUnknown(storageType)) {
            findings.undecided(`${subject}: \`storageConfig.storageType\` is not known yet.`);
            return;
        }
        if (storageType !== "S3") return;

        const dataKind = typeof resource.props["resourceType"] === "string" ? resource.props["resourceType"] : "contact data";
        const s3 = storage["s3Config"];
        if (isUnknown(s3)) {
            findings.undecided(`${subject}: \`storageConfig.s3Config\` is not known yet.`);
            return;
        }
        const encryption = isRecord(s3) ? s3["encryptionConfig"] : undefined;
        const fix = 'set `storageConfig.s3Config.encryptionConfig` to `{ encryptionType: "KMS", keyId: <customer key ARN> }`';
        if (isUnknown(encryption)) {
            findings.undecided(`${subject}: \`storageConfig.s3Config.encryptionConfig\` is not known yet.`);
            return;
        }
        if (!isRecord(encryption)) {
            findings.violation(`${subject} stores ${dataKind} in S3 without \`storageConfig.s3Config.encryptionConfig\`; ${fix}.`);
            return;
        }
        const encryptionType = encryption["encryptionType"];
        if (isUnknown(encryptionType)) {
            findings.undecided(`${subject}: \`storageConfig.s3Config.encryptionConfig.encryptionType\` is not known yet.`);
        } else if (encryptionType !== "KMS") {
            findings.violation(
                `${subject} sets \`storageConfig.s3Config.encryptionConfig.encryptionType\` to ${describeValue(encryptionType)}; ` +
                    `${dataKind} must be encrypted with KMS: ${fix}.`,
            );
        }
        const keyId = encryption["keyId"];
        if (isUnknown(keyId)) {
            findings.undecided(`${subject}: \`storageConfig.s3Config.encryptionConfig.keyId\` is not known yet, so whether it is a full KMS key ARN cannot be checked.`);
        } else if (!isKmsKeyArn(keyId)) {
            findings.violation(
                `${subject} sets \`storageConfig.s3Config.encryptionConfig.keyId\` to ${describeValue(keyId)}, which is not a full KMS key ARN ` +
                    `(arn:aws:kms:<region>:<account>:key/<id>); Connect needs the key ARN of a customer-managed key, e.g. \`key.arn\`.`,
            );
        }
    },
});
