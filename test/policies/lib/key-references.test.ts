import { describe, expect, it } from "vitest";
import { keyBehindAlias, keyReferrers } from "../../../policies/lib/key-references";
import { KMS_ALIAS, KMS_KEY, NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const GRANT = "aws:kms/grant:Grant";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1111aaaa-12ab-34cd-56ef-1234567890ab";

function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): GraphResource {
    return { urn: `urn:${name}`, type, name, props, dependencies: [], propertyDependencies };
}

describe("key references across providers", () => {
    it("finds the key behind an alias of either provider, for a key of either provider", () => {
        for (const keyType of [KMS_KEY, NATIVE.KMS_KEY]) {
            const key = resource(keyType, "key", { arn: KEY_ARN });
            const classicAlias = resource(KMS_ALIAS, "classic-alias", { name: "alias/a", targetKeyId: KEY_ARN });
            const nativeAlias = resource(NATIVE.KMS_ALIAS, "native-alias", { aliasName: "alias/b", targetKeyId: UNKNOWN }, { targetKeyId: ["urn:key"] });
            const stack = new StackGraph([key, classicAlias, nativeAlias]);
            expect(keyBehindAlias(stack, classicAlias)).toBe(key);
            expect(keyBehindAlias(stack, nativeAlias)).toBe(key);
            expect(keyBehindAlias(stack, key)).toBe(key);
        }
    });

    it("counts grants naming an aws-native key directly or through an aws-native alias", () => {
        const key = resource(NATIVE.KMS_KEY, "key", { arn: KEY_ARN, keyId: "1111aaaa-12ab-34cd-56ef-1234567890ab" });
        const alias = resource(NATIVE.KMS_ALIAS, "alias", { aliasName: "alias/ctr", targetKeyId: "1111aaaa-12ab-34cd-56ef-1234567890ab" });
        const direct = resource(GRANT, "direct", { keyId: KEY_ARN });
        const viaAlias = resource(GRANT, "via-alias", { keyId: "alias/ctr" });
        const unrelated = resource(GRANT, "unrelated", { keyId: "alias/other" });
        const stack = new StackGraph([key, alias, direct, viaAlias, unrelated]);
        expect(keyReferrers(stack, key, [GRANT], "keyId").map((g) => g.name).sort()).toEqual(["direct", "via-alias"]);
    });
});
