/**
 * Amazon Connect encrypts what it writes to S3 (call recordings, chat transcripts, screen recordings,
 * evaluations, reports, attachments, email messages) with the key named in the storage config.
 * Without `encryptionConfig` the objects get only the bucket's default encryption, and Connect's own
 * access path is not tied to a key the customer controls. The key must be given as a full key ARN:
 * Connect creates a grant on it for its service-linked role and rejects aliases and bare key ids.
 */
import { resourceControl, type ExampleResource } from "../control";
import { ANY_CONNECT_STORAGE_CONFIG, connectStorage, judgeStorageEncryption } from "../lib/connect-storage";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const s3Config = { bucketName: "acme-connect-recordings", bucketPrefix: "connect/acme/CallRecordings" };

function s3Storage(resourceType: string, encryptionConfig?: unknown): ExampleResource {
    return {
        name: "call-recordings",
        type: CONNECT_STORAGE_CONFIG,
        props: {
            instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111",
            resourceType,
            storageConfig: { storageType: "S3", s3Config: { ...s3Config, ...(encryptionConfig === undefined ? {} : { encryptionConfig }) } },
        },
    };
}

/** The aws-native form: `storageType` and `s3Config` are top-level inputs, the instance is named by ARN. */
function nativeS3Storage(resourceType: string, encryptionConfig?: unknown, instanceArn: unknown = "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111"): ExampleResource {
    return {
        name: "call-recordings",
        type: NATIVE.CONNECT_STORAGE_CONFIG,
        props: { instanceArn, resourceType, storageType: "S3", s3Config: { ...s3Config, ...(encryptionConfig === undefined ? {} : { encryptionConfig }) } },
    };
}

export const connectS3StorageKms = resourceControl({
    name: "encryption-connect-s3-storage-kms",
    title: "Connect S3 storage is encrypted with a customer-managed KMS key",
    area: "encryption",
    description:
        "An Amazon Connect storage config (`aws.connect.InstanceStorageConfig` or aws-native `connect.InstanceStorageConfig`) " +
        "that sends recordings, transcripts or other contact data to S3 sets `s3Config.encryptionConfig` (inside " +
        "`storageConfig` in @pulumi/aws, a top-level input in aws-native) with `encryptionType: KMS` and `keyId` as the " +
        "full ARN of a customer-managed KMS key (`arn:aws:kms:<region>:<account>:key/<id>`): not an alias, not a bare " +
        "key id, and not the AWS-managed `aws/s3` key.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)", "Art. 25(1)"],
        pciDss: ["3.5.1", "3.6.1"],
        iso27001: ["A.8.24", "A.5.34"],
    },
    remediation: [
        "Create a customer-managed key (`aws.kms.Key` or aws-native `kms.Key`) in the instance's region, with rotation enabled.",
        'Set `storageConfig.s3Config.encryptionConfig` (aws-native: `s3Config.encryptionConfig`) to `{ encryptionType: "KMS", keyId: key.arn }` (the key ARN, not `key.id`/`key.keyId` or an alias).',
    ],
    parameters: {},
    appliesTo: ANY_CONNECT_STORAGE_CONFIG,
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
        {
            title: "aws-native: call recordings encrypted with a customer key given by ARN",
            verdict: "compliant",
            resources: [nativeS3Storage("CALL_RECORDINGS", { encryptionType: "KMS", keyId: keyArn })],
        },
        {
            title: "aws-native: chat transcripts with no s3Config.encryptionConfig",
            verdict: "violation",
            resources: [nativeS3Storage("CHAT_TRANSCRIPTS")],
        },
        {
            title: "aws-native: call recordings encrypted with the AWS-managed aws/s3 key",
            verdict: "violation",
            resources: [nativeS3Storage("CALL_RECORDINGS", { encryptionType: "KMS", keyId: "alias/aws/s3" })],
        },
        {
            title: "aws-native first preview: the key ARN is the `arn` output of an aws-native key in the same stack",
            verdict: "deferred",
            resources: [
                { name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true } },
                { ...nativeS3Storage("CALL_RECORDINGS", { encryptionType: "KMS", keyId: UNKNOWN }, UNKNOWN), propertyDependencies: { s3Config: ["recordings-key"] } },
            ],
        },
        {
            title: "mixed providers: an aws-native storage config encrypted with a classic key's ARN",
            verdict: "compliant",
            resources: [
                { name: "recordings-key", type: "aws:kms/key:Key", props: { arn: keyArn, enableKeyRotation: true } },
                nativeS3Storage("CALL_RECORDINGS", { encryptionType: "KMS", keyId: keyArn }),
            ],
        },
    ],
    check(resource, _config, findings) {
        const subject = `Connect storage config '${resource.name}'`;
        const storage = connectStorage(resource);
        const storageType = storage.field("storageType");
        if (isUnknown(storageType.value)) {
            findings.undecided(`${subject}: \`${storageType.path}\` is not known yet.`);
            return;
        }
        if (storageType.value !== "S3") return;
        const data = typeof storage.resourceType === "string" && !isUnknown(storage.resourceType) ? storage.resourceType : "contact data";
        judgeStorageEncryption(subject, storage, "s3Config", { data, destination: "in S3" }, findings);
    },
});
