/**
 * Amazon Connect instance storage configs, in the shape of either provider.
 *
 * The classic `aws:connect/instanceStorageConfig` nests everything under `storageConfig`
 * (`storageConfig.storageType`, `storageConfig.s3Config.bucketName`, ...) and names its instance by
 * `instanceId`. The aws-native `connect:InstanceStorageConfig` (Cloud Control's
 * AWS::Connect::InstanceStorageConfig) has no such wrapper: `storageType`, `s3Config`,
 * `kinesisVideoStreamConfig`, `kinesisStreamConfig` and `kinesisFirehoseConfig` are top-level inputs,
 * and the instance is named by `instanceArn`. The blocks inside are the same in both.
 *
 * Controls ask for a field by its path inside the storage configuration and get its value, the path to
 * quote in messages in the resource's own property names, and the top-level input the engine keys
 * `propertyDependencies` by (what `StackGraph.resolve` needs during a first preview).
 */
import type { ResourceFindings } from "../control";
import { isAwsManagedKeyAlias, isKmsKeyArn } from "./arn";
import { describeValue, isRecord } from "./describe";
import { propertyAt } from "./property-path";
import { CONNECT_INSTANCE, CONNECT_STORAGE_CONFIG, NATIVE } from "./resource-types";
import type { GraphResource, Reference, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

/** Storage configs of either provider. */
export const ANY_CONNECT_STORAGE_CONFIG = [CONNECT_STORAGE_CONFIG, NATIVE.CONNECT_STORAGE_CONFIG] as const;
/** Connect instances of either provider (what a storage config's instance reference may point at). */
export const ANY_CONNECT_INSTANCE = [CONNECT_INSTANCE, NATIVE.CONNECT_INSTANCE] as const;

/** The configuration block Connect reads for each storage type (the same names in both providers). */
export const BLOCK_OF_STORAGE_TYPE = {
    S3: "s3Config",
    KINESIS_VIDEO_STREAM: "kinesisVideoStreamConfig",
    KINESIS_STREAM: "kinesisStreamConfig",
    KINESIS_FIREHOSE: "kinesisFirehoseConfig",
} as const;

export type StorageType = keyof typeof BLOCK_OF_STORAGE_TYPE;
export type StorageBlock = (typeof BLOCK_OF_STORAGE_TYPE)[StorageType];

export const STORAGE_BLOCKS: readonly StorageBlock[] = Object.values(BLOCK_OF_STORAGE_TYPE);

export function isStorageType(value: unknown): value is StorageType {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(BLOCK_OF_STORAGE_TYPE, value);
}

/** One field of a storage configuration, as a control judges and quotes it. */
export interface StorageField {
    /**
     * The value, unknown sentinel intact. When a step on the way is not known yet, that step's
     * sentinel (and `path` names that step); when a step is missing or not an object, undefined.
     */
    value: unknown;
    /** The path to quote, in the resource's property names: `storageConfig.s3Config.bucketName` or `s3Config.bucketName`. */
    path: string;
    /** The top-level input the engine keys property dependencies by: `storageConfig` or `s3Config`. */
    property: string;
}

export interface ConnectStorage {
    /** Whether the resource has the aws-native shape (top-level blocks, `instanceArn`). */
    native: boolean;
    /** `resourceType`: the same top-level input in both providers. */
    resourceType: unknown;
    /**
     * The classic wrapper when it is not an object (unknown, missing or malformed), so a control can
     * say so once instead of per field; undefined for a usable wrapper and for aws-native.
     */
    unreadableWrapper?: StorageField;
    /** A field by its path inside the storage configuration, e.g. `["s3Config", "encryptionConfig", "keyId"]`. */
    field(...path: readonly string[]): StorageField;
    /** How messages name a path inside the storage configuration, whether or not anything on the way is known. */
    pathOf(...path: readonly string[]): string;
    /** The configuration blocks that are set; a block whose value is not known yet counts, as the program did set it. */
    blocksPresent(): StorageBlock[];
    /** The resource's properties with one field replaced, every other property (unknowns included) kept. */
    withField(path: readonly string[], value: unknown): Record<string, unknown>;
}

const CLASSIC_WRAPPER = "storageConfig";

/** The storage config's fields in its provider's shape; never throws on odd input. */
export function connectStorage(resource: { type: string; props: Record<string, unknown> }): ConnectStorage {
    const native = resource.type === NATIVE.CONNECT_STORAGE_CONFIG;
    const props = resource.props;
    const root: unknown = native ? props : props[CLASSIC_WRAPPER];
    const prefix = native ? [] : [CLASSIC_WRAPPER];

    const field = (...path: readonly string[]): StorageField => {
        const full = [...prefix, ...path];
        return { ...propertyAt(props, full), property: full[0] ?? CLASSIC_WRAPPER };
    };

    return {
        native,
        resourceType: props["resourceType"],
        unreadableWrapper: native || isRecord(root) ? undefined : { value: root, path: CLASSIC_WRAPPER, property: CLASSIC_WRAPPER },
        field,
        pathOf: (...path) => [...prefix, ...path].join("."),
        blocksPresent: () => (isRecord(root) ? STORAGE_BLOCKS.filter((block) => root[block] !== undefined && root[block] !== null) : []),
        withField: (path, value) => replaced(props, [...prefix, ...path], value),
    };
}

/** The input naming a storage config's instance, per provider: an instance id, or an instance ARN in aws-native. */
const INSTANCE_PROPERTY: Readonly<Record<string, string>> = { [CONNECT_STORAGE_CONFIG]: "instanceId", [NATIVE.CONNECT_STORAGE_CONFIG]: "instanceArn" };

/** The Connect instance (of either provider) a storage config belongs to. */
export function instanceOfStorage(stack: StackGraph, storage: GraphResource): Reference {
    return stack.resolve(storage, { property: INSTANCE_PROPERTY[storage.type] ?? "instanceId", targets: ANY_CONNECT_INSTANCE });
}

/**
 * The storage configs of either provider that belong to `instance`: an instance of the stack, or the
 * literal id or ARN of one created elsewhere (then only the configs naming it by that same literal).
 */
export function connectStoragesOfInstance(stack: StackGraph, instance: GraphResource | string): GraphResource[] {
    return Object.entries(INSTANCE_PROPERTY).flatMap(([type, property]) =>
        typeof instance === "string"
            ? stack.externalReferrers(instance, [type], property, ANY_CONNECT_INSTANCE)
            : stack.referrers(instance, [type], property, ANY_CONNECT_INSTANCE),
    );
}

function replaced(record: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
    const [step, ...rest] = path;
    if (step === undefined) return record;
    const inner = record[step];
    return { ...record, [step]: rest.length === 0 ? value : replaced(isRecord(inner) ? inner : {}, rest, value) };
}

/** What a storage config carries and where, for messages: "stores CALL_RECORDINGS in S3". */
export interface StoredData {
    /** The data, as the message names it ("live call audio", "CALL_RECORDINGS"). */
    data: string;
    /** Where it goes ("in S3", "in Kinesis Video Streams"). */
    destination: string;
}

/**
 * Judges `<block>.encryptionConfig` of an S3 or Kinesis Video storage config. Connect encrypts what it
 * writes there with that key and creates a grant on it for its service-linked role, so it accepts only
 * `encryptionType: "KMS"` and the full ARN of the key (the API rejects aliases and bare key ids). The
 * AWS-managed `aws/s3` and `aws/kinesisvideo` keys are refused too: no key policy of the customer's can
 * restrict or revoke them.
 */
export function judgeStorageEncryption(
    subject: string,
    storage: ConnectStorage,
    block: "s3Config" | "kinesisVideoStreamConfig",
    stored: StoredData,
    findings: ResourceFindings,
): void {
    const encryption = storage.field(block, "encryptionConfig");
    const path = storage.pathOf(block, "encryptionConfig");
    const fix = `set \`${path}\` to \`{ encryptionType: "KMS", keyId: <customer key ARN> }\``;
    if (isUnknown(encryption.value)) {
        findings.undecided(`${subject}: \`${encryption.path}\` is not known yet.`);
        return;
    }
    if (!isRecord(encryption.value)) {
        findings.violation(`${subject} stores ${stored.data} ${stored.destination} without \`${path}\`; ${fix}.`);
        return;
    }

    const encryptionType = encryption.value["encryptionType"];
    if (isUnknown(encryptionType)) {
        findings.undecided(`${subject}: \`${path}.encryptionType\` is not known yet.`);
    } else if (encryptionType !== "KMS") {
        findings.violation(
            `${subject} sets \`${path}.encryptionType\` to ${describeValue(encryptionType)}; Connect encrypts ${stored.data} ` +
                `${stored.destination} only with KMS: ${fix}.`,
        );
    }

    const keyId = encryption.value["keyId"];
    const keyPath = `${path}.keyId`;
    if (isUnknown(keyId)) {
        findings.undecided(`${subject}: \`${keyPath}\` is not known yet, so whether it is the full ARN of a customer-managed key cannot be checked.`);
    } else if (isAwsManagedKeyAlias(keyId)) {
        findings.violation(
            `${subject} encrypts ${stored.data} with the AWS-managed key ${describeValue(keyId)} (\`${keyPath}\`), which no key ` +
                "policy of yours can restrict or revoke; use the ARN of a customer-managed key, e.g. `key.arn`.",
        );
    } else if (!isKmsKeyArn(keyId)) {
        findings.violation(
            `${subject} sets \`${keyPath}\` to ${describeValue(keyId)}, which is not a full KMS key ARN ` +
                "(arn:aws:kms:<region>:<account>:key/<id>); Connect needs the key ARN of a customer-managed key, e.g. `key.arn`.",
        );
    }
}
