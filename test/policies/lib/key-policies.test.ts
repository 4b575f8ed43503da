import { describe, expect, it } from "vitest";
import { KEY_POLICY_HOLDERS, keyPolicyHolderName, keyPolicyOf } from "../../../policies/lib/key-policies";

const document = { Version: "2012-10-17", Statement: [] };

describe("key policies of either provider", () => {
    it.each([
        ["aws:kms/key:Key", "policy", "KMS key 'k'"],
        ["aws:kms/externalKey:ExternalKey", "policy", "KMS key 'k'"],
        ["aws:kms/replicaKey:ReplicaKey", "policy", "KMS replica key 'k'"],
        ["aws:kms/replicaExternalKey:ReplicaExternalKey", "policy", "KMS replica key 'k'"],
        ["aws:kms/keyPolicy:KeyPolicy", "policy", "KMS key policy 'k'"],
        ["aws-native:kms:Key", "keyPolicy", "KMS key 'k'"],
        ["aws-native:kms:ReplicaKey", "keyPolicy", "KMS replica key 'k'"],
    ])("reads %s's document from `%s`", (type, property, name) => {
        expect(KEY_POLICY_HOLDERS).toContain(type);
        expect(keyPolicyOf({ type, props: { [property]: document, other: "x" } })).toEqual({ property, value: document });
        expect(keyPolicyHolderName({ type, name: "k" })).toBe(name);
    });

    it("gives no document for a type that holds no key policy, and an absent value for a key without one", () => {
        expect(keyPolicyOf({ type: "aws-native:kms:Alias", props: { keyPolicy: document } })).toBeUndefined();
        expect(keyPolicyOf({ type: "aws-native:kms:Key", props: { policy: document } })).toEqual({ property: "keyPolicy", value: undefined });
    });
});
