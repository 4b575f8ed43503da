import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { kmsKeyRotation } from "../../../policies/encryption/kms-key-rotation";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";
import { remediated } from "../../support/remediation";


const KEY = "aws:kms/key:Key";
const NATIVE_KEY = "aws-native:kms:Key";

function keyExample(props: Record<string, unknown>, verdict: ControlExample["verdict"] = "violation", type = KEY): ControlExample {
    return { title: "ad hoc", verdict, resources: [{ name: "recordings-key", type, props }] };
}

async function messagesFor(props: Record<string, unknown>, config: Record<string, unknown> = {}, type = KEY) {
    return (await findingsOf(kmsKeyRotation, keyExample(props, "violation", type), config)).map((f) => `${f.enforcementLevel}: ${f.message}`);
}

const nativeMessagesFor = (props: Record<string, unknown>, config: Record<string, unknown> = {}) => messagesFor(props, config, NATIVE_KEY);

describeControlExamples(kmsKeyRotation);

describe("encryption-kms-key-rotation", () => {
    it("names the key, the property, the value seen and the fix", async () => {
        const [message] = await messagesFor({ enableKeyRotation: false });
        expect(message).toMatch(/^mandatory: /);
        expect(message).toContain("KMS key 'recordings-key' sets `enableKeyRotation` to false");
        expect(message).toContain("Set `enableKeyRotation: true`");
    });

    it("blocks a rotation period the team's cryptoperiod does not allow, and passes one it does", async () => {
        expect(await messagesFor({ enableKeyRotation: true, rotationPeriodInDays: 365 }, { maxRotationPeriodDays: 180 })).toHaveLength(1);
        expect(await messagesFor({ enableKeyRotation: true, rotationPeriodInDays: 90 }, { maxRotationPeriodDays: 180 })).toEqual([]);
    });

    it("accepts a shorter deletion window when the team lowers the floor", async () => {
        expect(await messagesFor({ enableKeyRotation: true, deletionWindowInDays: 14 }, { minDeletionWindowDays: 14 })).toEqual([]);
    });

    it("reports both a missing rotation and a short deletion window", async () => {
        const messages = await messagesFor({ deletionWindowInDays: 7 });
        expect(messages).toHaveLength(2);
        expect(messages.join("\n")).toMatch(/enableKeyRotation/);
        expect(messages.join("\n")).toMatch(/deletionWindowInDays` to 7/);
    });

    it("does not ask an external (XKS) key to rotate", async () => {
        expect(await messagesFor({ xksKeyId: "external-key-1", customKeyStoreId: "cks-1234567890abcdef0" })).toEqual([]);
    });

    it("defers the rotation period of a rotating key until it is known", async () => {
        const messages = await messagesFor({ enableKeyRotation: true, rotationPeriodInDays: UNKNOWN });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`rotationPeriodInDays` is not known yet/);
    });

    it("defers a key whose spec is not known yet and whose rotation is off", async () => {
        const messages = await messagesFor({ customerMasterKeySpec: UNKNOWN });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`customerMasterKeySpec` is not known yet/);
    });

    it("reads numbers given as numeric strings", async () => {
        expect(await messagesFor({ enableKeyRotation: true, rotationPeriodInDays: "180", deletionWindowInDays: "30" })).toEqual([]);
        expect(await messagesFor({ enableKeyRotation: true, rotationPeriodInDays: "730" })).toHaveLength(1);
    });

    it.each<[string, Record<string, unknown>]>([
        ["null everywhere", { enableKeyRotation: null, customerMasterKeySpec: null, rotationPeriodInDays: null, deletionWindowInDays: null }],
        ["objects where numbers belong", { enableKeyRotation: true, rotationPeriodInDays: { days: 90 }, deletionWindowInDays: [30] }],
        ["a string where the boolean belongs", { enableKeyRotation: "true" }],
        ["a number as key spec", { customerMasterKeySpec: 42, enableKeyRotation: true }],
        ["a JSON string as key store id", { customKeyStoreId: '{"id":"cks-1"}', enableKeyRotation: "yes" }],
    ])("never throws on malformed input: %s", async (_title, props) => {
        const findings = await findingsOf(kmsKeyRotation, keyExample(props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("does not ask a key whose keyUsage is not encryption to rotate, whatever its spec", async () => {
        expect(await messagesFor({ keyUsage: "SIGN_VERIFY" })).toEqual([]);
        expect(await nativeMessagesFor({ keyUsage: "KEY_AGREEMENT" })).toEqual([]);
        expect(await nativeMessagesFor({ keyUsage: "ENCRYPT_DECRYPT" })).toHaveLength(1);
    });

    it("lets a known non-rotating spec decide while another deciding input is not known yet", async () => {
        expect(await messagesFor({ customerMasterKeySpec: UNKNOWN, keyUsage: "SIGN_VERIFY" })).toEqual([]);
        expect(await nativeMessagesFor({ keySpec: "RSA_2048", origin: UNKNOWN })).toEqual([]);
    });

    it("treats unreadable day counts as violations, not as passes", async () => {
        const messages = await messagesFor({ enableKeyRotation: true, rotationPeriodInDays: "quarterly", deletionWindowInDays: { days: 30 } });
        expect(messages).toHaveLength(2);
        expect(messages.join("\n")).toMatch(/"quarterly", which is not a number of days/);
        expect(messages.join("\n")).toMatch(/an object, which is not a number of days/);
    });
});

describe("encryption-kms-key-rotation on aws-native kms.Key", () => {
    it("names `pendingWindowInDays`, the aws-native deletion window, with the value and the fix", async () => {
        const messages = await nativeMessagesFor({ enableKeyRotation: true, pendingWindowInDays: 10 });
        expect(messages).toEqual([expect.stringMatching(/^mandatory: [\s\S]*\nKMS key 'recordings-key' sets `pendingWindowInDays` to 10: .* Set it to at least 30/)]);
    });

    it("reads the aws-native deletion window, not the classic one", async () => {
        expect(await nativeMessagesFor({ enableKeyRotation: true, deletionWindowInDays: 7 })).toEqual([]);
        expect(await nativeMessagesFor({ enableKeyRotation: true, pendingWindowInDays: "7" })).toHaveLength(1);
    });

    it("reads keySpec, not the classic customerMasterKeySpec", async () => {
        expect(await nativeMessagesFor({ keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" })).toEqual([]);
        expect(await nativeMessagesFor({ customerMasterKeySpec: "ECC_NIST_P256" })).toEqual([expect.stringMatching(/leaves `enableKeyRotation` unset/)]);
    });

    it("defers on an origin or pending window not known yet, naming the property", async () => {
        expect(await nativeMessagesFor({ origin: UNKNOWN })).toEqual([expect.stringMatching(/^advisory: [\s\S]*`origin` is not known yet/)]);
        expect(await nativeMessagesFor({ enableKeyRotation: true, pendingWindowInDays: UNKNOWN })).toEqual([expect.stringMatching(/`pendingWindowInDays` is not known yet/)]);
    });

    it("still asks a disabled key to rotate", async () => {
        expect(await nativeMessagesFor({ enabled: false })).toEqual([expect.stringMatching(/^mandatory: [\s\S]*leaves `enableKeyRotation` unset/)]);
    });

    it("turns rotation on in remediation, but not for imported key material", async () => {
        const urn = urnOf(NATIVE_KEY, "recordings-key");
        const fixed = await remediated(kmsKeyRotation, keyExample({ keyPolicy: UNKNOWN, pendingWindowInDays: 30 }, "violation", NATIVE_KEY));
        expect(fixed.remediations.get(urn)?.[0]?.properties).toEqual({ keyPolicy: UNKNOWN, pendingWindowInDays: 30, enableKeyRotation: true });
        const imported = await remediated(kmsKeyRotation, keyExample({ origin: "EXTERNAL" }, "compliant", NATIVE_KEY));
        expect(imported.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
    });
});

describe("encryption-kms-key-rotation remediation", () => {
    const remediate = (example: ControlExample) => remediated(kmsKeyRotation, example);
    const urn = urnOf(KEY, "recordings-key");

    it("turns rotation on for a symmetric key and keeps every other property, unknowns included", async () => {
        const evaluation = await remediate(keyExample({ description: "Call recordings", policy: UNKNOWN, enableKeyRotation: false }));
        const fixes = evaluation.remediations.get(urn) ?? [];
        expect(fixes).toHaveLength(1);
        expect(fixes[0].policyName).toBe(kmsKeyRotation.name);
        expect(fixes[0].properties).toEqual({ description: "Call recordings", policy: UNKNOWN, enableKeyRotation: true });
        expect(evaluation.diagnostics.filter((d) => d.policyName === kmsKeyRotation.name)).toEqual([]);
    });

    it("leaves a key that already rotates alone", async () => {
        const evaluation = await remediate(keyExample({ enableKeyRotation: true }, "compliant"));
        expect(evaluation.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
        expect(evaluation.diagnostics.filter((d) => d.policyName === kmsKeyRotation.name)).toEqual([]);
    });

    it("does not turn rotation on for an asymmetric key, which KMS cannot rotate", async () => {
        const evaluation = await remediate(keyExample({ customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }, "compliant"));
        expect(evaluation.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
    });

    it("does not fix the deletion window, which stays a violation", async () => {
        const evaluation = await remediate(keyExample({ deletionWindowInDays: 7 }));
        const fixes = evaluation.remediations.get(urn) ?? [];
        expect(fixes[0]?.properties).toEqual({ deletionWindowInDays: 7, enableKeyRotation: true });
        const remaining = evaluation.diagnostics.filter((d) => d.policyName === kmsKeyRotation.name);
        expect(remaining).toHaveLength(1);
        expect(remaining[0].message).toMatch(/deletionWindowInDays/);
    });
});
