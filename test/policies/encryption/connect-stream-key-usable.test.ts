import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { connectStreamKeyUsable } from "../../../policies/encryption/connect-stream-key-usable";
import { CONNECT_INSTANCE, CONNECT_STORAGE_CONFIG, KMS_ALIAS, NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1111aaaa-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/2222bbbb-12ab-34cd-56ef-1234567890ab";
const STREAM_ARN = "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-ctr";
const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-111111111111";
const INSTANCE_ARN = `arn:aws:connect:eu-central-1:111122223333:instance/${INSTANCE_ID}`;

const nativeKey = (name: string, arn: string): ExampleResource => ({ name, type: NATIVE.KMS_KEY, props: { arn, enableKeyRotation: true } });
const nativeStream = (streamEncryption: unknown): ExampleResource => ({ name: "ctr", type: NATIVE.KINESIS_STREAM, props: { name: "acme-ctr", arn: STREAM_ARN, streamEncryption } });
const nativeInstance: ExampleResource = { name: "contact-centre", type: NATIVE.CONNECT_INSTANCE, props: { arn: INSTANCE_ARN, awsId: INSTANCE_ID, identityManagementType: "SAML" } };
const nativeCtr = (kinesisStreamConfig: unknown = { streamArn: STREAM_ARN }): ExampleResource => ({
    name: "contact-trace-records",
    type: NATIVE.CONNECT_STORAGE_CONFIG,
    props: { instanceArn: INSTANCE_ARN, resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig },
});
const classicRecordings = (keyId: string): ExampleResource => ({
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: { instanceId: INSTANCE_ID, resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "b", bucketPrefix: "p", encryptionConfig: { encryptionType: "KMS", keyId } } } },
});
const nativeMedia = (keyId: string): ExampleResource => ({
    name: "media",
    type: NATIVE.CONNECT_STORAGE_CONFIG,
    props: { instanceArn: INSTANCE_ARN, resourceType: "MEDIA_STREAMS", storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: { prefix: "m", retentionPeriodHours: 0, encryptionConfig: { encryptionType: "KMS", keyId } } },
});

async function messagesFor(resources: ExampleResource[]) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources };
    return (await findingsOf(connectStreamKeyUsable, example)).map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

describeControlExamples(connectStreamKeyUsable);

describe("encryption-connect-stream-key-usable across providers", () => {
    it("blocks an aws-native stream whose key Connect cannot use, naming streamEncryption.keyId", async () => {
        const messages = await messagesFor([nativeKey("ctr-key", OTHER_KEY_ARN), nativeInstance, nativeStream({ encryptionType: "KMS", keyId: OTHER_KEY_ARN }), nativeCtr()]);
        expect(messages).toEqual([expect.stringMatching(/^mandatory: Kinesis stream 'ctr' receives CONTACT_TRACE_RECORDS .*\(`streamEncryption.keyId`\)/)]);
    });

    it("counts the key of an aws-native media storage config of the same instance as granted to Connect", async () => {
        expect(await messagesFor([nativeKey("k", KEY_ARN), nativeInstance, nativeStream({ encryptionType: "KMS", keyId: KEY_ARN }), nativeCtr(), nativeMedia(KEY_ARN)])).toEqual([]);
    });

    it("counts the key of a classic storage config of the same aws-native instance, named by its id", async () => {
        expect(await messagesFor([nativeKey("k", KEY_ARN), nativeInstance, nativeStream({ encryptionType: "KMS", keyId: KEY_ARN }), nativeCtr(), classicRecordings(KEY_ARN)])).toEqual([]);
    });

    it("does not count the key of another instance's storage config", async () => {
        const otherInstance: ExampleResource = { name: "other", type: CONNECT_INSTANCE, props: { id: "other-instance" } };
        const others = { ...classicRecordings(KEY_ARN), props: { ...classicRecordings(KEY_ARN).props, instanceId: "other-instance" } };
        const messages = await messagesFor([nativeKey("k", KEY_ARN), nativeInstance, otherInstance, nativeStream({ encryptionType: "KMS", keyId: KEY_ARN }), nativeCtr(), others]);
        expect(messages).toEqual([expect.stringMatching(/^mandatory: Kinesis stream 'ctr'/)]);
    });

    it("follows an aws-native alias to the key Connect was granted", async () => {
        const alias: ExampleResource = { name: "ctr-alias", type: NATIVE.KMS_ALIAS, props: { aliasName: "alias/ctr", targetKeyId: KEY_ARN } };
        expect(await messagesFor([nativeKey("k", KEY_ARN), alias, nativeInstance, nativeStream({ encryptionType: "KMS", keyId: "alias/ctr" }), nativeCtr(), nativeMedia(KEY_ARN)])).toEqual([]);
        const classicAlias: ExampleResource = { name: "ctr-alias", type: KMS_ALIAS, props: { name: "alias/ctr", targetKeyId: KEY_ARN } };
        expect(await messagesFor([nativeKey("k", KEY_ARN), classicAlias, nativeInstance, nativeStream({ encryptionType: "KMS", keyId: "alias/ctr" }), nativeCtr(), nativeMedia(KEY_ARN)])).toEqual([]);
    });

    it("leaves an aws-native stream without streamEncryption to the data-services control", async () => {
        expect(await messagesFor([nativeInstance, nativeStream(undefined), nativeCtr()])).toEqual([]);
    });

    it("defers an aws-native stream whose streamEncryption is not known yet, naming it", async () => {
        expect(await messagesFor([nativeInstance, nativeStream(UNKNOWN), nativeCtr()])).toEqual([expect.stringMatching(/^advisory: .*`streamEncryption` is not known yet/)]);
    });

    it("defers an aws-native storage config whose kinesisStreamConfig comes from nothing in the stack", async () => {
        expect(await messagesFor([nativeInstance, nativeCtr(UNKNOWN)])).toEqual([expect.stringMatching(/^advisory: .*the stream it writes to \(`kinesisStreamConfig`\) is not known yet/)]);
    });

    it("blocks an aws-native storage config writing to a stream outside the stack", async () => {
        expect(await messagesFor([nativeInstance, nativeCtr({ streamArn: "arn:aws:kinesis:eu-central-1:111122223333:stream/elsewhere" })])).toEqual([
            expect.stringContaining("(`kinesisStreamConfig.streamArn`), which is not defined in this stack"),
        ]);
    });
});
