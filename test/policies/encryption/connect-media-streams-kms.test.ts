import { describe, expect, it } from "vitest";
import { evaluate } from "../../../cli/analyzer/evaluate";
import { InProcessAnalyzer } from "../../../cli/analyzer/in-process";
import type { ControlExample } from "../../../policies/control";
import { connectMediaStreamsKms } from "../../../policies/encryption/connect-media-streams-kms";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { toPolicy } from "../../../policies/policy-adapter";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { exampleStack, urnOf } from "../../support/example-stack";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function storageExample(props: Record<string, unknown>, verdict: ControlExample["verdict"] = "violation"): ControlExample {
    return { title: "ad hoc", verdict, resources: [{ name: "media", type: CONNECT_STORAGE_CONFIG, props: { instanceId: "i-1", resourceType: "MEDIA_STREAMS", ...props } }] };
}

function videoStorage(encryptionConfig: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        storageConfig: {
            storageType: "KINESIS_VIDEO_STREAM",
            kinesisVideoStreamConfig: { prefix: "acme-live", retentionPeriodHours: 24, encryptionConfig, ...extra },
        },
    };
}

/** Each finding as `<level>: <what the control said>` (the SDK puts the policy description first). */
async function messagesFor(props: Record<string, unknown>) {
    const findings = await findingsOf(connectMediaStreamsKms, storageExample(props));
    return findings.map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

describeControlExamples(connectMediaStreamsKms);

describe("encryption-connect-media-streams-kms", () => {
    it("blocks the AWS-managed key given by its alias ARN", async () => {
        const [message] = await messagesFor(videoStorage({ encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:alias/aws/kinesisvideo" }));
        expect(message).toMatch(/^mandatory: Connect storage config 'media' encrypts live call audio with the AWS-managed key/);
    });

    it("blocks a bare key id, naming the property and the value seen", async () => {
        const [message] = await messagesFor(videoStorage({ encryptionType: "KMS", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }));
        expect(message).toContain('sets `storageConfig.kinesisVideoStreamConfig.encryptionConfig.keyId` to "1234abcd-12ab-34cd-56ef-1234567890ab", which is not a full KMS key ARN');
    });

    it("blocks an encryption type other than KMS", async () => {
        const messages = await messagesFor(videoStorage({ encryptionType: "NONE", keyId: KEY_ARN }));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toContain('`storageConfig.kinesisVideoStreamConfig.encryptionConfig.encryptionType` to "NONE"');
    });

    it("reports a wrong encryption type and a wrong key together", async () => {
        expect(await messagesFor(videoStorage({ encryptionType: "AES256", keyId: "alias/connect" }))).toHaveLength(2);
    });

    it("blocks a known wrong key while the encryption type is not known yet", async () => {
        const messages = await messagesFor(videoStorage({ encryptionType: UNKNOWN, keyId: "alias/aws/kinesisvideo" }));
        expect(messages.some((m) => m.startsWith("mandatory: ") && m.includes("AWS-managed key"))).toBe(true);
    });

    it("defers while the storage type is not known yet", async () => {
        const messages = await messagesFor({ storageConfig: { storageType: UNKNOWN, kinesisVideoStreamConfig: { encryptionConfig: { encryptionType: "KMS", keyId: KEY_ARN } } } });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`storageConfig.storageType` is not known yet/);
    });

    it("defers while the encryption configuration is not known yet", async () => {
        const messages = await messagesFor(videoStorage(UNKNOWN));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`storageConfig.kinesisVideoStreamConfig.encryptionConfig` is not known yet/);
    });

    it("leaves storage configs of other storage types to their own controls", async () => {
        const s3 = { storageConfig: { storageType: "S3", s3Config: { bucketName: "b", bucketPrefix: "p" } } };
        expect(await messagesFor({ ...s3, resourceType: "CALL_RECORDINGS" })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
        ["no storage config", {}],
        ["a JSON string as storage config", { storageConfig: JSON.stringify(videoStorage({ encryptionType: "KMS", keyId: KEY_ARN })["storageConfig"]) }],
        ["a string as the video stream block", { storageConfig: { storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: "encrypted" } }],
        ["a list as encryption config", videoStorage([{ encryptionType: "KMS", keyId: KEY_ARN }])],
        ["null everywhere", videoStorage({ encryptionType: null, keyId: null })],
        ["numbers where strings belong", videoStorage({ encryptionType: 1, keyId: 2 })],
    ])("never throws on malformed input: %s", async (_title, props) => {
        const findings = await findingsOf(connectMediaStreamsKms, storageExample(props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("never passes a malformed video stream block", async () => {
        expect(await messagesFor({ storageConfig: { storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: "encrypted" } })).toHaveLength(1);
    });
});

describe("encryption-connect-media-streams-kms remediation", () => {
    const remediate = (example: ControlExample) => {
        const analyzer = new InProcessAnalyzer("test-pack", "0.0.1", { policies: [toPolicy(connectMediaStreamsKms)] });
        return evaluate(analyzer, exampleStack(example), { policyConfig: { [connectMediaStreamsKms.name]: "remediate" } });
    };
    const urn = urnOf(CONNECT_STORAGE_CONFIG, "media");
    const ownDiagnostics = (diagnostics: { policyName: string }[]) => diagnostics.filter((d) => d.policyName === connectMediaStreamsKms.name);

    it("sets the encryption type to KMS, the only one Connect accepts, and keeps every other property, unknowns included", async () => {
        const evaluation = await remediate(storageExample({ instanceId: UNKNOWN, ...videoStorage({ encryptionType: "kms", keyId: KEY_ARN }) }));
        const fixes = evaluation.remediations.get(urn) ?? [];
        expect(fixes).toHaveLength(1);
        expect(fixes[0].policyName).toBe(connectMediaStreamsKms.name);
        expect(fixes[0].properties).toEqual({ instanceId: UNKNOWN, resourceType: "MEDIA_STREAMS", ...videoStorage({ encryptionType: "KMS", keyId: KEY_ARN }) });
        expect(ownDiagnostics(evaluation.diagnostics)).toEqual([]);
    });

    it("fills in a missing encryption type", async () => {
        const evaluation = await remediate(storageExample(videoStorage({ keyId: KEY_ARN })));
        expect(evaluation.remediations.get(urn)?.[0]?.properties).toEqual({ instanceId: "i-1", resourceType: "MEDIA_STREAMS", ...videoStorage({ keyId: KEY_ARN, encryptionType: "KMS" }) });
        expect(ownDiagnostics(evaluation.diagnostics)).toEqual([]);
    });

    it("never chooses a key: a wrong key stays a violation", async () => {
        const evaluation = await remediate(storageExample(videoStorage({ encryptionType: "KMS", keyId: "alias/aws/kinesisvideo" })));
        expect(evaluation.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
        const remaining = ownDiagnostics(evaluation.diagnostics);
        expect(remaining).toHaveLength(1);
    });

    it("does not add an encryption configuration that is missing", async () => {
        const evaluation = await remediate(storageExample({ storageConfig: { storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: { prefix: "p", retentionPeriodHours: 0 } } }));
        expect(evaluation.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
    });

    it("leaves a compliant storage config alone", async () => {
        const evaluation = await remediate(storageExample(videoStorage({ encryptionType: "KMS", keyId: KEY_ARN }), "compliant"));
        expect(evaluation.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
        expect(ownDiagnostics(evaluation.diagnostics)).toEqual([]);
    });
});

describe("encryption-connect-media-streams-kms on aws-native storage configs", () => {
    const nativeExample = (props: Record<string, unknown>, verdict: ControlExample["verdict"] = "violation"): ControlExample => ({
        title: "ad hoc",
        verdict,
        resources: [{ name: "media", type: NATIVE.CONNECT_STORAGE_CONFIG, props: { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/i-1", resourceType: "MEDIA_STREAMS", ...props } }],
    });
    const nativeVideo = (encryptionConfig: unknown) => ({
        storageType: "KINESIS_VIDEO_STREAM",
        kinesisVideoStreamConfig: { prefix: "acme-live", retentionPeriodHours: 24, encryptionConfig },
    });
    const messages = async (props: Record<string, unknown>) =>
        (await findingsOf(connectMediaStreamsKms, nativeExample(props))).map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);

    it("names the top-level kinesisVideoStreamConfig path of a bare key id", async () => {
        expect(await messages(nativeVideo({ encryptionType: "KMS", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }))).toEqual([
            expect.stringContaining("sets `kinesisVideoStreamConfig.encryptionConfig.keyId` to \"1234abcd-12ab-34cd-56ef-1234567890ab\", which is not a full KMS key ARN"),
        ]);
    });

    it("blocks media streams without encryptionConfig, naming the aws-native path", async () => {
        const [message] = await messages({ storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: { prefix: "p", retentionPeriodHours: 0 } });
        expect(message).toMatch(/^mandatory: .*without `kinesisVideoStreamConfig.encryptionConfig`; set `kinesisVideoStreamConfig.encryptionConfig` to/);
    });

    it("defers while the top-level block is not known yet", async () => {
        expect(await messages({ storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: UNKNOWN })).toEqual([
            expect.stringMatching(/^advisory: .*`kinesisVideoStreamConfig` is not known yet/),
        ]);
    });

    it("leaves aws-native S3 storage configs to their own control", async () => {
        expect(await messages({ resourceType: "CALL_RECORDINGS", storageType: "S3", s3Config: { bucketName: "b", bucketPrefix: "p" } })).toEqual([]);
    });

    it("remediates the encryption type in the top-level block, without adding a storageConfig wrapper", async () => {
        const analyzer = new InProcessAnalyzer("test-pack", "0.0.1", { policies: [toPolicy(connectMediaStreamsKms)] });
        const evaluation = await evaluate(analyzer, exampleStack(nativeExample(nativeVideo({ encryptionType: "kms", keyId: KEY_ARN }))), {
            policyConfig: { [connectMediaStreamsKms.name]: "remediate" },
        });
        expect(evaluation.remediations.get(urnOf(NATIVE.CONNECT_STORAGE_CONFIG, "media"))?.[0]?.properties).toEqual({
            instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/i-1",
            resourceType: "MEDIA_STREAMS",
            ...nativeVideo({ encryptionType: "KMS", keyId: KEY_ARN }),
        });
    });
});
