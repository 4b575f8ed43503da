import { beforeAll, describe, expect, it } from "vitest";
import { ContactDataStreams } from "../../components/contact-data-streams";
import { EncryptionKey } from "../../components/encryption-key";
import { RecordingStore } from "../../components/recording-store";
import { type ComponentRecorder, documentOf, type Recorded, setUpComponentMocks, statementOf, valueOf } from "../support/component-mocks";

const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

describe("ContactDataStreams", () => {
    let recorded: Recorded;
    let streams: ContactDataStreams;

    beforeAll(async () => {
        recorded = await mocks.record(() => {
            const key = new EncryptionKey("streams-key", { aliasName: "alias/acme-streams" });
            streams = new ContactDataStreams("streams", { namePrefix: "acme", key, streams: { realTimeVoiceSegments: true } });
        });
    });

    it("creates the contact-trace-record and agent-event streams by default, plus the ones asked for", () => {
        expect(recorded.ofType(STREAM).map((r) => r.inputs["name"]).sort()).toEqual(["acme-agent-events", "acme-contact-trace-records", "acme-rta-voice-segments"]);
    });

    it("encrypts every stream with the customer key, by its ARN, and keeps records 24 hours", () => {
        for (const stream of recorded.ofType(STREAM)) {
            expect(stream.inputs["kmsKeyId"]).toMatch(/^arn:aws:kms:eu-central-1:111122223333:key\//);
            expect(stream.inputs).toMatchObject({
                encryptionType: "KMS",
                retentionPeriod: 24,
                streamModeDetails: { streamMode: "ON_DEMAND" },
                region: "eu-central-1",
            });
        }
    });

    it("builds the stream ARNs from the literal names", async () => {
        expect(await valueOf(streams.streamArns.contactTraceRecords)).toBe("arn:aws:kinesis:eu-central-1:111122223333:stream/acme-contact-trace-records");
        expect(streams.streamArns.realTimeChatSegments).toBeUndefined();
    });

    it("parents the streams to the component", () => {
        const component = recorded.only("contact-centre:kinesis:ContactDataStreams");
        expect(recorded.childrenOf(component).map((r) => r.name).sort()).toEqual([
            "streams-agent-events",
            "streams-contact-trace-records",
            "streams-rta-voice-segments",
        ]);
    });

    it("takes a literal key ARN as it is", async () => {
        const literal = await mocks.record(() => new ContactDataStreams("literal", { namePrefix: "acme-literal", key: KEY_ARN, retentionHours: 72 }));
        expect(literal.ofType(STREAM).map((r) => [r.inputs["kmsKeyId"], r.inputs["retentionPeriod"]])).toEqual([
            [KEY_ARN, 72],
            [KEY_ARN, 72],
        ]);
    });

    describe("with a Firehose archive", () => {
        let archive: Recorded;
        beforeAll(async () => {
            archive = await mocks.record(() => {
                const store = new RecordingStore("ctr-store", { namePrefix: "acme-archive", purpose: "reports", key: KEY_ARN });
                new ContactDataStreams("archive", { namePrefix: "acme-archive", key: KEY_ARN, firehose: { store } });
            });
        });

        it("reads from the encrypted contact-trace-record stream and writes SSE-KMS objects under a prefix of the store", () => {
            const firehose = archive.only(FIREHOSE).inputs;
            expect(firehose["kinesisSourceConfiguration"]).toMatchObject({ kinesisStreamArn: "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-archive-contact-trace-records" });
            expect(firehose["serverSideEncryption"]).toBeUndefined();
            expect(firehose["extendedS3Configuration"]).toMatchObject({
                bucketArn: "arn:aws:s3:::acme-archive-reports",
                prefix: "contact-trace-records/",
                errorOutputPrefix: "contact-trace-records/errors/",
                kmsKeyArn: KEY_ARN,
            });
        });

        it("gives Firehose a role scoped to this account that writes only the prefix and decrypts only through S3 and Kinesis", () => {
            const role = archive.only("aws:iam/role:Role").inputs;
            expect(documentOf(role["assumeRolePolicy"]).Statement).toMatchObject([{
                Principal: { Service: "firehose.amazonaws.com" },
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
            }]);
            const policy = archive.only("aws:iam/rolePolicy:RolePolicy").inputs["policy"];
            expect(statementOf(policy, "WriteContactTraceRecords")["Resource"]).toBe("arn:aws:s3:::acme-archive-reports/contact-trace-records/*");
            expect(statementOf(policy, "EncryptThroughS3")["Condition"]).toMatchObject({ StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } });
            expect(statementOf(policy, "DecryptThroughKinesis")["Condition"]).toEqual({ StringEquals: { "kms:ViaService": "kinesis.eu-central-1.amazonaws.com" } });
            expect(JSON.stringify(policy)).not.toContain("s3:GetObject");
        });

        it("encrypts the delivery stream itself when Connect writes to it directly", async () => {
            const direct = await mocks.record(() => {
                const store = new RecordingStore("direct-store", { namePrefix: "acme-direct", purpose: "reports", key: KEY_ARN });
                new ContactDataStreams("direct", { namePrefix: "acme-direct", key: KEY_ARN, streams: { contactTraceRecords: false, agentEvents: false }, firehose: { store } });
            });
            expect(direct.ofType(STREAM)).toHaveLength(0);
            expect(direct.only(FIREHOSE).inputs["serverSideEncryption"]).toEqual({ enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN });
        });
    });

    describe("refuses at construction", () => {
        it.each([
            ["a retention above the pack's maximum", { retentionHours: 720 }, /ContactDataStreams 'd': `retentionHours` is 720; it must be a whole number from 24 to 168/],
            ["a retention Kinesis refuses", { retentionHours: 12 }, /`retentionHours` is 12/],
            ["no stream and no Firehose", { streams: { contactTraceRecords: false, agentEvents: false } }, /turns every stream off and there is no `firehose`/],
            ["a key in another region", { key: "arn:aws:kms:eu-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, /`key` is a key in eu-north-1/],
            ["a region outside the allow-list", { region: "ap-southeast-2" }, /region "ap-southeast-2" \(from the `region` argument\) is outside the allowed regions/],
        ])("%s", (_title, args, message) => {
            expect(() => new ContactDataStreams("d", { namePrefix: "acme-refused", key: KEY_ARN, ...args })).toThrow(message);
        });

        it("a Firehose archive in a store of another region", async () => {
            let store!: RecordingStore;
            await mocks.record(() => (store = new RecordingStore("dublin", { namePrefix: "acme-dublin", region: "eu-west-1", key: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })));
            expect(() => new ContactDataStreams("d", { namePrefix: "acme-refused", key: KEY_ARN, firehose: { store } })).toThrow(
                /`firehose.store` is in eu-west-1, but the streams are in eu-central-1/,
            );
        });
    });
});
