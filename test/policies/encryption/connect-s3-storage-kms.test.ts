import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { connectS3StorageKms } from "../../../policies/encryption/connect-s3-storage-kms";
import { CONNECT_STORAGE_CONFIG, NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const s3Config = { bucketName: "acme-recordings", bucketPrefix: "connect" };

/** Each finding as `<level>: <what the control said>` (the SDK puts the policy description first). */
async function messagesFor(type: string, props: Record<string, unknown>) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources: [{ name: "recordings", type, props: { resourceType: "CALL_RECORDINGS", ...props } }] };
    const findings = await findingsOf(connectS3StorageKms, example);
    return findings.map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

const classic = (props: Record<string, unknown>) => messagesFor(CONNECT_STORAGE_CONFIG, { instanceId: "i-1", ...props });
const native = (props: Record<string, unknown>) => messagesFor(NATIVE.CONNECT_STORAGE_CONFIG, { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/i-1", ...props });

describeControlExamples(connectS3StorageKms);

describe("encryption-connect-s3-storage-kms", () => {
    it("names the classic path under storageConfig", async () => {
        expect(await classic({ storageConfig: { storageType: "S3", s3Config } })).toEqual([
            expect.stringMatching(/^mandatory: Connect storage config 'recordings' stores CALL_RECORDINGS in S3 without `storageConfig.s3Config.encryptionConfig`/),
        ]);
    });

    it("names the aws-native top-level path", async () => {
        expect(await native({ storageType: "S3", s3Config })).toEqual([
            expect.stringMatching(/^mandatory: Connect storage config 'recordings' stores CALL_RECORDINGS in S3 without `s3Config.encryptionConfig`; set `s3Config.encryptionConfig` to/),
        ]);
    });

    it("blocks an aws-native encryption type other than KMS", async () => {
        expect(await native({ storageType: "S3", s3Config: { ...s3Config, encryptionConfig: { encryptionType: "AES256", keyId: KEY_ARN } } })).toEqual([
            expect.stringContaining("sets `s3Config.encryptionConfig.encryptionType` to \"AES256\""),
        ]);
    });

    it("blocks an aws-native key alias ARN", async () => {
        const [message] = await native({ storageType: "S3", s3Config: { ...s3Config, encryptionConfig: { encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:alias/recordings" } } });
        expect(message).toContain("`s3Config.encryptionConfig.keyId` to \"arn:aws:kms:eu-central-1:111122223333:alias/recordings\", which is not a full KMS key ARN");
    });

    it("defers on an aws-native storage type or block not known yet, naming it", async () => {
        expect(await native({ storageType: UNKNOWN, s3Config })).toEqual([expect.stringMatching(/^advisory: .*`storageType` is not known yet/)]);
        expect(await native({ storageType: "S3", s3Config: UNKNOWN })).toEqual([expect.stringMatching(/^advisory: .*`s3Config` is not known yet/)]);
    });

    it("leaves aws-native Kinesis storage configs alone", async () => {
        expect(await native({ resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: "arn:aws:kinesis:eu-central-1:111122223333:stream/ctr" } })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
        ["a string as s3Config", { storageType: "S3", s3Config: "acme-recordings" }],
        ["null encryptionConfig", { storageType: "S3", s3Config: { ...s3Config, encryptionConfig: null } }],
        ["numbers where strings belong", { storageType: "S3", s3Config: { ...s3Config, encryptionConfig: { encryptionType: 1, keyId: 2 } } }],
    ])("never throws on a malformed aws-native storage config, and never passes it: %s", async (_title, props) => {
        const messages = await native(props);
        expect(messages.some((m) => m.startsWith("mandatory: "))).toBe(true);
        for (const message of messages) expect(message).not.toMatch(/could not evaluate/);
    });
});
