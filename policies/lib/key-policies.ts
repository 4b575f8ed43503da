/**
 * Where each KMS resource of either provider keeps its key policy document.
 *
 * The classic provider names it `policy` on every key resource and on the standalone
 * `aws.kms.KeyPolicy`; aws-native names it `keyPolicy` (type `any`: usually an object, sometimes a
 * JSON string) on `kms.Key` and `kms.ReplicaKey`. A key created without one gets the AWS default key
 * policy, which trusts only the account (its IAM policies decide).
 */
import { KMS_EXTERNAL_KEY, KMS_KEY, KMS_REPLICA_KEY, NATIVE } from "./resource-types";

export const KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
export const KMS_REPLICA_EXTERNAL_KEY = "aws:kms/replicaExternalKey:ReplicaExternalKey";

const KEY_POLICY_PROPERTY: Readonly<Record<string, string>> = {
    [KMS_KEY]: "policy",
    [KMS_EXTERNAL_KEY]: "policy",
    [KMS_REPLICA_KEY]: "policy",
    [KMS_REPLICA_EXTERNAL_KEY]: "policy",
    [KMS_KEY_POLICY]: "policy",
    [NATIVE.KMS_KEY]: "keyPolicy",
    [NATIVE.KMS_REPLICA_KEY]: "keyPolicy",
};

/** Resources of either provider that carry a key policy document. */
export const KEY_POLICY_HOLDERS: readonly string[] = Object.keys(KEY_POLICY_PROPERTY);

export interface KeyPolicyDocument {
    /** The input that holds the document, as messages should name it (`policy`, `keyPolicy`). */
    property: string;
    /** The document as given: a JSON string, an object, unknown at preview, or absent. */
    value: unknown;
}

/** The key policy a key or key-policy resource declares; undefined for any other type. */
export function keyPolicyOf(resource: { type: string; props: Record<string, unknown> }): KeyPolicyDocument | undefined {
    const property = KEY_POLICY_PROPERTY[resource.type];
    return property === undefined ? undefined : { property, value: resource.props[property] };
}

const REPLICAS: ReadonlySet<string> = new Set([KMS_REPLICA_KEY, KMS_REPLICA_EXTERNAL_KEY, NATIVE.KMS_REPLICA_KEY]);

/** How messages name a key-policy holder: `KMS key 'recordings-key'`, `KMS key policy '...'`. */
export function keyPolicyHolderName(resource: { type: string; name: string }): string {
    const kind = resource.type === KMS_KEY_POLICY ? "KMS key policy" : REPLICAS.has(resource.type) ? "KMS replica key" : "KMS key";
    return `${kind} '${resource.name}'`;
}
