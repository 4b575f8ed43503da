import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { connectStorageTypeMatch } from "../../../policies/connect/storage-type-match";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const streamArn = "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-ctr";
const firehoseArn = "arn:aws:firehose:eu-central-1:111122223333:deliverystream/acme-ctr";
const s3Config = { bucketName: "acme-connect-recordings", bucketPrefix: "connect/acme" };
const videoConfig = { prefix: "acme-live", retentionPeriodHours: 24, encryptionConfig: { encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:key/k" } };

function storageExample(props: Record<string, unknown>): ControlExample {
    return { title: "ad hoc", verdict: "violation", resources: [{ name: "storage", type: CONNECT_STORAGE_CONFIG, props: { instanceId: "i-1", ...props } }] };
}

/** Each finding as `<level>: <what the control said>` (the SDK puts the policy description first). */
async function messagesFor(props: Record<string, unknown>, type: string = CONNECT_STORAGE_CONFIG) {
    const example = storageExample(props);
    const findings = await findingsOf(connectStorageTypeMatch, { ...example, resources: [{ ...example.resources[0], type }] });
    return findings.map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

describeControlExamples(connectStorageTypeMatch);

describe("connect-storage-type-match", () => {
    it.each<[string, string, Record<string, unknown>]>([
        ["CHAT_TRANSCRIPTS", "S3", { s3Config }],
        ["SCHEDULED_REPORTS", "S3", { s3Config }],
        ["SCREEN_RECORDINGS", "S3", { s3Config }],
        ["CONTACT_EVALUATIONS", "S3", { s3Config }],
        ["ATTACHMENTS", "S3", { s3Config }],
        ["EMAIL_MESSAGES", "S3", { s3Config }],
        ["MEDIA_STREAMS", "KINESIS_VIDEO_STREAM", { kinesisVideoStreamConfig: videoConfig }],
        ["CONTACT_TRACE_RECORDS", "KINESIS_FIREHOSE", { kinesisFirehoseConfig: { firehoseArn } }],
        ["AGENT_EVENTS", "KINESIS_STREAM", { kinesisStreamConfig: { streamArn } }],
        ["REAL_TIME_CONTACT_ANALYSIS_VOICE_SEGMENTS", "KINESIS_STREAM", { kinesisStreamConfig: { streamArn } }],
        ["REAL_TIME_CONTACT_ANALYSIS_CHAT_SEGMENTS", "KINESIS_STREAM", { kinesisStreamConfig: { streamArn } }],
        ["REAL_TIME_CONTACT_ANALYSIS_SEGMENTS", "KINESIS_STREAM", { kinesisStreamConfig: { streamArn } }],
    ])("accepts %s stored with %s", async (resourceType, storageType, block) => {
        expect(await messagesFor({ resourceType, storageConfig: { storageType, ...block } })).toEqual([]);
    });

    it("blocks media streams sent to S3 and names the storage type Connect supports", async () => {
        const messages = await messagesFor({ resourceType: "MEDIA_STREAMS", storageConfig: { storageType: "S3", s3Config } });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^mandatory: Connect storage config 'storage' stores MEDIA_STREAMS with `storageConfig.storageType` "S3"/);
        expect(messages[0]).toContain("use KINESIS_VIDEO_STREAM");
    });

    it("names both supported storage types for contact trace records", async () => {
        const [message] = await messagesFor({ resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "S3", s3Config } });
        expect(message).toContain("use KINESIS_STREAM or KINESIS_FIREHOSE");
    });

    it("calls an unrecognised resource type a typo and lists the valid ones", async () => {
        const [message] = await messagesFor({ resourceType: "CALL_RECORDING", storageConfig: { storageType: "S3", s3Config } });
        expect(message).toMatch(/`resourceType` to "CALL_RECORDING", which Amazon Connect does not recognise \(a typo\?\)/);
        expect(message).toContain("CALL_RECORDINGS");
    });

    it("blocks an unrecognised storage type", async () => {
        const messages = await messagesFor({ resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "s3", s3Config } });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`storageConfig.storageType` to "s3"; use one of S3, KINESIS_VIDEO_STREAM/);
    });

    it("blocks a Kinesis stream storage type that carries only a Firehose block", async () => {
        const messages = await messagesFor({
            resourceType: "CONTACT_TRACE_RECORDS",
            storageConfig: { storageType: "KINESIS_STREAM", kinesisFirehoseConfig: { firehoseArn } },
        });
        expect(messages).toHaveLength(2);
        expect(messages.join("\n")).toContain("no `storageConfig.kinesisStreamConfig`");
        expect(messages.join("\n")).toContain("also sets `storageConfig.kinesisFirehoseConfig`");
    });

    it("still blocks a known mismatch while the resource type is not known yet", async () => {
        const messages = await messagesFor({ resourceType: UNKNOWN, storageConfig: { storageType: "S3", s3Config, kinesisStreamConfig: { streamArn } } });
        expect(messages.some((m) => m.startsWith("mandatory: ") && m.includes("kinesisStreamConfig"))).toBe(true);
    });

    it("blocks several blocks even while the storage type is not known yet", async () => {
        const messages = await messagesFor({ resourceType: "CALL_RECORDINGS", storageConfig: { storageType: UNKNOWN, s3Config, kinesisStreamConfig: { streamArn } } });
        expect(messages.some((m) => m.startsWith("mandatory: ") && m.includes("several configuration blocks"))).toBe(true);
    });

    it("counts a block given as an output not known yet as present", async () => {
        expect(await messagesFor({ resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: UNKNOWN } })).toEqual([]);
    });

    it("defers when the whole storage config is not known yet", async () => {
        const messages = await messagesFor({ resourceType: "CALL_RECORDINGS", storageConfig: UNKNOWN });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`storageConfig` is not known yet/);
    });

    it("ignores blocks set to null", async () => {
        expect(await messagesFor({ resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config, kinesisStreamConfig: null } })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
        ["no properties at all", {}],
        ["null everywhere", { resourceType: null, storageConfig: null }],
        ["a JSON string instead of the storage config", { resourceType: "CALL_RECORDINGS", storageConfig: JSON.stringify({ storageType: "S3", s3Config }) }],
        ["an array instead of the storage config", { resourceType: "CALL_RECORDINGS", storageConfig: [{ storageType: "S3" }] }],
        ["numbers where strings belong", { resourceType: 7, storageConfig: { storageType: 3, s3Config: "bucket" } }],
        ["an object as resource type", { resourceType: { name: "CALL_RECORDINGS" }, storageConfig: { storageType: "S3", s3Config } }],
        ["a prototype key as resource type", { resourceType: "constructor", storageConfig: { storageType: "toString", s3Config } }],
    ])("never throws on malformed input, and never passes it: %s", async (_title, props) => {
        const findings = await findingsOf(connectStorageTypeMatch, storageExample(props));
        expect(findings.length).toBeGreaterThan(0);
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    describe("aws-native storage configs (top-level storageType and blocks)", () => {
        const native = (props: Record<string, unknown>) => messagesFor(props, NATIVE.CONNECT_STORAGE_CONFIG);

        it("names the top-level storageType when Connect does not support it for the data", async () => {
            const messages = await native({ resourceType: "MEDIA_STREAMS", storageType: "S3", s3Config });
            expect(messages).toEqual([expect.stringMatching(/^mandatory: .* stores MEDIA_STREAMS with `storageType` "S3", .*use KINESIS_VIDEO_STREAM/)]);
        });

        it("names the missing top-level block", async () => {
            const messages = await native({ resourceType: "MEDIA_STREAMS", storageType: "KINESIS_VIDEO_STREAM" });
            expect(messages).toEqual([expect.stringContaining("has `storageType` \"KINESIS_VIDEO_STREAM\" but no `kinesisVideoStreamConfig`")]);
        });

        it("names a foreign top-level block", async () => {
            const messages = await native({ resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn }, s3Config });
            expect(messages).toEqual([expect.stringContaining("but also sets `s3Config`, which Connect ignores")]);
        });

        it("blocks several blocks while the storage type is not known yet", async () => {
            const messages = await native({ resourceType: "CONTACT_TRACE_RECORDS", storageType: UNKNOWN, kinesisStreamConfig: { streamArn }, kinesisFirehoseConfig: { firehoseArn } });
            expect(messages).toContainEqual(expect.stringMatching(/^advisory: .*`storageType` is not known yet/));
            expect(messages).toContainEqual(expect.stringContaining("mandatory: Connect storage config 'storage' sets several configuration blocks (`kinesisStreamConfig`, `kinesisFirehoseConfig`)"));
        });

        it("does not look for a storageConfig wrapper, which aws-native does not have", async () => {
            expect(await native({ resourceType: "CALL_RECORDINGS", storageType: "S3", s3Config: UNKNOWN })).toEqual([]);
        });

        it("blocks a storage config with neither storage type nor block", async () => {
            const messages = await native({ resourceType: "CALL_RECORDINGS" });
            expect(messages).toEqual([expect.stringContaining("sets `storageType` to nothing; use one of S3")]);
        });
    });
});
