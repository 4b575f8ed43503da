import * as policy from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { containsUnknown, isUnknown, rawProperties, UNKNOWN, UNKNOWN_SENTINELS } from "../../../policies/lib/unknown";

const sdk = policy as unknown as {
    unknownCheckingProxy(props: object): Record<string, any>;
    UnknownValueError: new (sentinel: string, path: string[]) => Error;
};

describe("isUnknown", () => {
    it.each(Object.entries(UNKNOWN_SENTINELS))("recognises the %s sentinel", (_kind, sentinel) => {
        expect(isUnknown(sentinel)).toBe(true);
    });

    it("uses the string sentinel for UNKNOWN", () => {
        expect(UNKNOWN).toBe(UNKNOWN_SENTINELS.string);
    });

    it.each([
        ["an ordinary string", "acme-recordings"],
        ["the empty string", ""],
        ["a different UUID", "00000000-0000-4000-8000-000000000000"],
        ["a sentinel in upper case", UNKNOWN.toUpperCase()],
        ["a sentinel with surrounding space", ` ${UNKNOWN} `],
        ["a string that contains a sentinel", `arn:aws:s3:::${UNKNOWN}`],
        ["a sentinel inside a list", [UNKNOWN]],
        ["undefined", undefined],
        ["null", null],
        ["a number", 0],
    ])("does not take %s for unknown", (_what, value) => {
        expect(isUnknown(value)).toBe(false);
    });
});

describe("containsUnknown", () => {
    it.each([
        ["a sentinel", UNKNOWN],
        ["an object with an unknown property", { bucket: UNKNOWN }],
        ["a list with an unknown item", ["eu-central-1", UNKNOWN_SENTINELS.array]],
        ["an unknown deep in objects and lists", { rule: { defaults: [{ kmsMasterKeyId: UNKNOWN_SENTINELS.string }] } }],
        ["a policy document with an unknown resource", { Statement: [{ Effect: "Allow", Resource: [UNKNOWN] }] }],
    ])("finds %s", (_what, value) => {
        expect(containsUnknown(value)).toBe(true);
    });

    it.each([
        ["a known string", "acme-recordings"],
        ["an object of known values", { bucket: "acme-recordings", versioning: { enabled: true }, tags: ["a", "b"] }],
        ["an empty object", {}],
        ["an empty list", []],
        ["null", null],
        ["undefined", undefined],
        ["a number", 42],
    ])("finds nothing in %s", (_what, value) => {
        expect(containsUnknown(value)).toBe(false);
    });

    it("does not exhaust the stack on a 10,000-deep nested object", () => {
        let deep: Record<string, unknown> = { leaf: "known" };
        for (let i = 0; i < 10_000; i++) deep = { child: deep };
        expect(() => containsUnknown(deep)).not.toThrow();
        expect(containsUnknown(deep)).toBe(false);
    });

    it("does not exhaust the stack on a 10,000-deep nested list", () => {
        let deep: unknown[] = ["known"];
        for (let i = 0; i < 10_000; i++) deep = [deep];
        expect(() => containsUnknown(deep)).not.toThrow();
    });
});

describe("rawProperties", () => {
    const props = {
        bucket: UNKNOWN,
        serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { kmsMasterKeyId: UNKNOWN } } },
        tags: { team: "contact-centre" },
    };

    it("reading an unknown property through the SDK's proxy throws the SDK's error", () => {
        const proxy = sdk.unknownCheckingProxy(props);
        expect(() => proxy.bucket).toThrow(sdk.UnknownValueError);
    });

    it("returns the object behind the SDK's proxy, so an unknown property reads as its sentinel", () => {
        const raw = rawProperties(sdk.unknownCheckingProxy(props));
        expect(raw).toBe(props);
        expect(raw["bucket"]).toBe(UNKNOWN);
    });

    it("returns nested objects that read their unknowns without throwing", () => {
        const raw = rawProperties(sdk.unknownCheckingProxy(props));
        const configuration = raw["serverSideEncryptionConfiguration"] as typeof props.serverSideEncryptionConfiguration;
        expect(configuration.rule.applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(UNKNOWN);
    });

    it("returns a plain object as it is", () => {
        expect(rawProperties(props)).toBe(props);
    });

    it.each([
        ["null", null],
        ["undefined", undefined],
        ["a number", 42],
        ["a string", "acme-recordings"],
        ["a sentinel", UNKNOWN],
    ])("returns an empty object for %s", (_what, value) => {
        expect(rawProperties(value)).toEqual({});
    });
});
