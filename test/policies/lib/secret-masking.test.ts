/**
 * How secrets are found in a property bag and masked in text, whatever spelling a message used.
 */
import { describe, expect, it } from "vitest";
import { SECRET_SIG, SIG_KEY } from "../../../cli/engine/property-values";
import { holdsSecret, SecretMask, secretsIn } from "../../../policies/lib/secret-masking";
import { describeValue } from "../../../policies/lib/describe";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("secretsIn", () => {
    it("finds strings and numbers inside secret wrappers, at any depth, and in named secret outputs", () => {
        const found = secretsIn({ a: secret({ nested: ["alpha-secret", 12345] }), plain: "not-secret", out: "named-output" }, ["out"]);
        expect([...found].sort()).toEqual(["12345", "alpha-secret", "named-output"]);
    });

    it("parses secret JSON documents and takes their values, but not the words of the policy grammar", () => {
        const policy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Principal: { AWS: "arn:aws:iam::999988887777:role/Reader" }, Resource: "arn:aws:s3:::b/*" }],
        });
        const found = secretsIn({ policy: secret(policy) });
        expect(found).toContain("arn:aws:iam::999988887777:role/Reader");
        expect(found).toContain("arn:aws:s3:::b/*");
        expect(found).not.toContain("Allow");
        expect(found).not.toContain("s3:GetObject");
        expect(found).not.toContain("2012-10-17");
    });
});

describe("holdsSecret", () => {
    it("finds a secret wrapper in objects and arrays at any depth secretsIn reads, and nothing in plain values", () => {
        expect(holdsSecret({ tags: { team: "cc" }, rules: [{ key: secret("alias/recordings") }] })).toBe(true);
        expect(holdsSecret([[secret(1)]])).toBe(true);
        expect(holdsSecret({ tags: { team: "cc" }, rules: [{ key: "alias/recordings" }], sig: SECRET_SIG })).toBe(false);
        expect(holdsSecret("plain")).toBe(false);
        expect(holdsSecret(null)).toBe(false);
    });

    it("stops where secretsIn stops, so hostile nesting costs nothing", () => {
        let deep: unknown = secret("deep");
        for (let level = 0; level < 10_000; level++) deep = { level: deep };
        expect(holdsSecret(deep)).toBe(false);
        expect([...secretsIn(deep)]).toEqual([]);
    });
});

describe("SecretMask", () => {
    const long = `us-${"canarylongsecret".repeat(7)}`;

    it("masks a secret cut short the way messages quote long values", () => {
        const message = `bucket is in ${describeValue(long)}, outside the allowed regions`;
        expect(message).toContain("canarylong");
        const masked = new SecretMask([long]).mask(message);
        expect(masked).not.toContain("canarylong");
        expect(masked).toContain("outside the allowed regions");
    });

    it("masks a secret whose control characters a message shows as ?", () => {
        const tabbed = "us-west-2\tcanary";
        expect(new SecretMask([tabbed]).mask(`in ${describeValue(tabbed)}`)).toBe('in "[secret]"');
    });

    it("masks a secret JSON-escaped inside quoted JSON", () => {
        const quoted = 'pa"ss\\word-secret';
        expect(new SecretMask([quoted]).mask(JSON.stringify({ value: quoted }))).toBe('{"value":"[secret]"}');
    });

    it("masks part of a secret when sixteen or more characters of it are quoted", () => {
        const mask = new SecretMask(["arn:aws:iam::999988887777:role/CanarySecretReader"]);
        expect(mask.mask("principal arn:aws:iam::99998888… can read")).toBe("principal [secret]… can read");
    });

    it("leaves what a message writes itself alone: ARN prefixes, service suffixes, short shared words", () => {
        const mask = new SecretMask(["arn:aws:iam::999988887777:role/CanarySecretReader", "canarysecretservice.amazonaws.com"]);
        const message = "use arn:aws:iam::<account>:role/<name>, or a service such as firehose.amazonaws.com";
        expect(mask.mask(message)).toBe(message);
    });

    it("ignores secrets too short to mask without masking ordinary words", () => {
        expect(new SecretMask(["ab"]).mask("ab cab")).toBe("ab cab");
        expect(new SecretMask(["ab"]).isEmpty).toBe(true);
    });

    it("masks every string in a nested value, keys kept", () => {
        const mask = new SecretMask(["topsecretvalue"]);
        expect(mask.maskDeep({ principal: "topsecretvalue", via: ["x topsecretvalue y"] })).toEqual({ principal: "[secret]", via: ["x [secret] y"] });
    });
});
