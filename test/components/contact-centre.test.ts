import { beforeAll, describe, expect, it } from "vitest";
import { ContactCentre, type ContactCentreArgs } from "../../components/contact-centre";
import { ContactDataStreams } from "../../components/contact-data-streams";
import { EncryptionKey } from "../../components/encryption-key";
import { RecordingStore } from "../../components/recording-store";
import { type ComponentRecorder, type Recorded, setUpComponentMocks } from "../support/component-mocks";

const STORAGE = "aws:connect/instanceStorageConfig:InstanceStorageConfig";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

const storageOf = (recorded: Recorded, resourceType: string) => {
    const found = recorded.ofType(STORAGE).filter((r) => r.inputs["resourceType"] === resourceType);
    expect(found, resourceType).toHaveLength(1);
    return found[0].inputs;
};

describe("ContactCentre", () => {
    let recorded: Recorded;
    let centre: ContactCentre;

    beforeAll(async () => {
        recorded = await mocks.record(() => {
            const key = new EncryptionKey("cc-key", {});
            const recordings = new RecordingStore("cc-recordings", { namePrefix: "acme-cc", key });
            const reports = new RecordingStore("cc-reports", { namePrefix: "acme-cc", purpose: "reports", key });
            const streams = new ContactDataStreams("cc-streams", { namePrefix: "acme-cc", key, streams: { realTimeChatSegments: true } });
            centre = new ContactCentre("cc", {
                instanceAlias: "acme-cc",
                identity: { type: "SAML" },
                contactLens: false,
                storage: { callRecordings: recordings, chatTranscripts: { store: recordings, prefix: "transcripts/acme" }, scheduledReports: reports },
                mediaStreams: { retentionHours: 24 },
                streams,
            });
        });
    });

    it("creates a SAML instance with Contact Lens set explicitly and flow logs on, in the stack's region", () => {
        expect(recorded.named("cc-instance").inputs).toMatchObject({
            instanceAlias: "acme-cc",
            identityManagementType: "SAML",
            contactLensEnabled: false,
            contactFlowLogsEnabled: true,
            inboundCallsEnabled: true,
            outboundCallsEnabled: true,
            region: "eu-central-1",
        });
    });

    it("creates the flow-log group first, encrypted with the store's key and expiring after 90 days", () => {
        const logGroup = recorded.named("cc-flow-logs");
        expect(logGroup.inputs).toMatchObject({ name: "/aws/connect/acme-cc", retentionInDays: 90 });
        expect(logGroup.inputs["kmsKeyId"]).toMatch(/^arn:aws:kms:eu-central-1:111122223333:key\//);
        expect(recorded.named("cc-instance").dependencies).toContain(logGroup.urn);
        expect(centre.flowLogGroupName).toBe("/aws/connect/acme-cc");
    });

    it("stores each enabled S3 data type in its store under Connect's prefix, encrypted with the store's key ARN", () => {
        const calls = storageOf(recorded, "CALL_RECORDINGS");
        expect(calls["storageConfig"]).toMatchObject({
            storageType: "S3",
            s3Config: { bucketName: "acme-cc-recordings", bucketPrefix: "connect/acme-cc/CallRecordings", encryptionConfig: { encryptionType: "KMS" } },
        });
        const keyId = (calls["storageConfig"] as { s3Config: { encryptionConfig: { keyId: string } } }).s3Config.encryptionConfig.keyId;
        expect(keyId).toMatch(/^arn:aws:kms:eu-central-1:111122223333:key\/[0-9a-f-]+$/);
        expect(storageOf(recorded, "CHAT_TRANSCRIPTS")["storageConfig"]).toMatchObject({ s3Config: { bucketName: "acme-cc-recordings", bucketPrefix: "transcripts/acme" } });
        expect(storageOf(recorded, "SCHEDULED_REPORTS")["storageConfig"]).toMatchObject({ s3Config: { bucketName: "acme-cc-reports", bucketPrefix: "connect/acme-cc/Reports" } });
    });

    it("streams media to Kinesis Video under the customer key for a bounded time", () => {
        expect(storageOf(recorded, "MEDIA_STREAMS")["storageConfig"]).toMatchObject({
            storageType: "KINESIS_VIDEO_STREAM",
            kinesisVideoStreamConfig: { prefix: "acme-cc-media", retentionPeriodHours: 24, encryptionConfig: { encryptionType: "KMS" } },
        });
    });

    it("wires every stream the streams component has, by storage type KINESIS_STREAM", () => {
        expect(storageOf(recorded, "CONTACT_TRACE_RECORDS")["storageConfig"]).toEqual({
            storageType: "KINESIS_STREAM",
            kinesisStreamConfig: { streamArn: "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-cc-contact-trace-records" },
        });
        expect(storageOf(recorded, "AGENT_EVENTS")["storageConfig"]).toMatchObject({ storageType: "KINESIS_STREAM" });
        expect(storageOf(recorded, "REAL_TIME_CONTACT_ANALYSIS_CHAT_SEGMENTS")["storageConfig"]).toMatchObject({ storageType: "KINESIS_STREAM" });
    });

    it("needs no KMS grant when the streams use the key Connect already has from its S3 storage", () => {
        expect(recorded.ofType("aws:kms/grant:Grant")).toHaveLength(0);
        expect(centre.streamKeyGrant).toBeUndefined();
    });

    it("parents the instance, log group and storage configs to the component", () => {
        const component = recorded.only("contact-centre:connect:ContactCentre");
        const children = recorded.childrenOf(component);
        expect(children.map((r) => r.name).sort()).toEqual([
            "cc-agent-events",
            "cc-call-recordings",
            "cc-chat-transcripts",
            "cc-contact-trace-records",
            "cc-flow-logs",
            "cc-instance",
            "cc-media-streams",
            "cc-rta-chat-segments",
            "cc-scheduled-reports",
        ]);
    });

    it("grants Connect's service role GenerateDataKey on a stream key it is not otherwise granted", async () => {
        const granted = await mocks.record(() => {
            const recordings = new RecordingStore("g-recordings", { namePrefix: "acme-g", key: KEY_ARN });
            const streams = new ContactDataStreams("g-streams", { namePrefix: "acme-g", key: OTHER_KEY_ARN });
            new ContactCentre("g", { instanceAlias: "acme-g", identity: { type: "SAML" }, contactLens: true, storage: { callRecordings: recordings }, streams });
        });
        const grant = granted.only("aws:kms/grant:Grant");
        expect(grant.inputs).toMatchObject({ keyId: OTHER_KEY_ARN, operations: ["GenerateDataKey"], region: "eu-central-1" });
        expect(grant.inputs["granteePrincipal"]).toMatch(/AWSServiceRoleForAmazonConnect_/);
        expect(grant.parent).toBe(granted.only("contact-centre:connect:ContactCentre").urn);
    });

    it("sends contact trace records to Firehose directly when there is no contact-trace-record stream", async () => {
        const direct = await mocks.record(() => {
            const store = new RecordingStore("f-store", { namePrefix: "acme-f", key: KEY_ARN });
            const streams = new ContactDataStreams("f-streams", { namePrefix: "acme-f", key: KEY_ARN, streams: { contactTraceRecords: false }, firehose: { store } });
            new ContactCentre("f", { instanceAlias: "acme-f", identity: { type: "EXISTING_DIRECTORY", directoryId: "d-1234567890" }, contactLens: true, flowLogs: false, storage: { callRecordings: store }, streams });
        });
        expect(storageOf(direct, "CONTACT_TRACE_RECORDS")["storageConfig"]).toMatchObject({ storageType: "KINESIS_FIREHOSE" });
        expect(direct.named("f-instance").inputs).toMatchObject({ identityManagementType: "EXISTING_DIRECTORY", directoryId: "d-1234567890", contactFlowLogsEnabled: false });
        expect(direct.ofType("aws:cloudwatch/logGroup:LogGroup")).toHaveLength(0);
    });

    describe("refuses at construction", () => {
        const base: ContactCentreArgs = { instanceAlias: "acme-refused", identity: { type: "SAML" }, contactLens: true, key: KEY_ARN };
        it.each([
            ["users stored in Connect itself", { identity: { type: "CONNECT_MANAGED" as const } }, /ContactCentre 'c': `identity.type` is "CONNECT_MANAGED"; use SAML or EXISTING_DIRECTORY/],
            ["Contact Lens left to Connect's default", { contactLens: undefined as unknown as boolean }, /`contactLens` must be set to true or false/],
            ["flow logs kept longer than the limit", { flowLogs: { retentionDays: 731 } }, /`flowLogs.retentionDays` is 731; use a CloudWatch retention of at most 400 days/],
            ["a retention CloudWatch does not offer", { flowLogs: { retentionDays: 100 } }, /`flowLogs.retentionDays` is 100/],
            ["media kept longer than the limit", { mediaStreams: { retentionHours: 8760 } }, /`mediaStreams.retentionHours` is 8760; it must be a whole number from 0 to 168/],
            ["an EU region without Amazon Connect", { region: "eu-west-1" }, /Amazon Connect is not offered in eu-west-1; in Europe use eu-central-1 or eu-west-2/],
            ["a region outside the allow-list", { region: "us-east-1" }, /region "us-east-1" \(from the `region` argument\) is outside the allowed regions/],
            ["an alias Connect refuses", { instanceAlias: "d-acme" }, /`instanceAlias` is "d-acme"/],
            // From JavaScript, or past the types.
            ["no alias", { instanceAlias: undefined as unknown as string }, /`instanceAlias` is missing; give the instance's alias/],
            ["no identity", { identity: undefined as unknown as ContactCentreArgs["identity"] }, /`identity` is missing; give \{ type: "SAML" or "EXISTING_DIRECTORY" \}/],
            ["flow logs without a key", { key: undefined }, /`key` is needed to encrypt flow logs and media streams/],
        ])("%s", (_title, args, message) => {
            expect(() => new ContactCentre("c", { ...base, ...args })).toThrow(message);
        });

        it("a flow-log key that does not let CloudWatch Logs in", async () => {
            let key!: EncryptionKey;
            await mocks.record(() => (key = new EncryptionKey("no-logs", { allowCloudWatchLogs: false })));
            expect(() => new ContactCentre("c", { ...base, key })).toThrow(/`key` \(EncryptionKey in eu-central-1\) does not let CloudWatch Logs encrypt \/aws\/connect\/acme-refused/);
        });

        it("a store in another region than the instance", async () => {
            let store!: RecordingStore;
            await mocks.record(
                () => (store = new RecordingStore("stockholm", { namePrefix: "acme-sto", region: "eu-north-1", key: "arn:aws:kms:eu-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })),
            );
            expect(() => new ContactCentre("c", { ...base, storage: { callRecordings: store } })).toThrow(
                /`storage.callRecordings` is a store in eu-north-1, but the instance is in eu-central-1/,
            );
        });
    });
});
