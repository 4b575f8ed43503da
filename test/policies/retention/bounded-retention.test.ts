import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { boundedRetention } from "../../../policies/retention/bounded-retention";
import { describeControlExamples, findingsOf } from "../../support/control-examples";


const TYPES = {
    stream: "aws:kinesis/stream:Stream",
    video: "aws:kinesis/videoStream:VideoStream",
    queue: "aws:sqs/queue:Queue",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    storage: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
} as const;

function single(type: string, props: Record<string, unknown>): ControlExample {
    return { title: "ad hoc", verdict: "violation", resources: [{ name: "subject", type, props }] };
}

async function messagesFor(type: string, props: Record<string, unknown>, config: Record<string, unknown> = {}) {
    return (await findingsOf(boundedRetention, single(type, props), config)).map((f) => `${f.enforcementLevel}: ${f.message}`);
}

const mediaStorage = (kinesisVideoStreamConfig: unknown) => ({
    instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111",
    resourceType: "MEDIA_STREAMS",
    storageConfig: { storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig },
});

describeControlExamples(boundedRetention);

describe("retention-bounded-retention", () => {
    it("names the resource, the property, the value and the limit", async () => {
        const [message] = await messagesFor(TYPES.stream, { retentionPeriod: 720 });
        expect(message).toContain("Kinesis stream 'subject' keeps data for 720 hours (`retentionPeriod`)");
        expect(message).toContain("allowed 168 hours (parameter maxStreamRetentionHours)");
        expect(message).toContain("Set `retentionPeriod` to at most 168");
    });

    it("says a log group without retention never expires, and suggests a value CloudWatch accepts", async () => {
        const [message] = await messagesFor(TYPES.logGroup, {}, { maxLogRetentionDays: 500 });
        expect(message).toContain("CloudWatch log group 'subject' leaves `retentionInDays` unset, so its events never expire");
        expect(message).toContain("e.g. 400");
    });

    it("blocks the SQS default when the team allows less than four days", async () => {
        const [message] = await messagesFor(TYPES.queue, {}, { maxQueueRetentionSeconds: 86_400 });
        expect(message).toMatch(/leaves `messageRetentionSeconds` unset, so AWS keeps data for 345600 seconds/);
    });

    it("passes a Kinesis Video stream that keeps no media", async () => {
        expect(await messagesFor(TYPES.video, { dataRetentionInHours: 0 })).toEqual([]);
        expect(await messagesFor(TYPES.video, {})).toEqual([]);
    });

    it("forbids any kept media when the team sets the video maximum to 0", async () => {
        expect(await messagesFor(TYPES.video, { dataRetentionInHours: 1 }, { maxVideoRetentionHours: 0 })).toHaveLength(1);
    });

    it("ignores Connect storage configs that do not stream media", async () => {
        const s3 = { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "b", bucketPrefix: "p" } } };
        expect(await messagesFor(TYPES.storage, s3)).toEqual([]);
    });

    it("defers a Connect storage config whose storageConfig is not known yet", async () => {
        const messages = await messagesFor(TYPES.storage, { instanceId: UNKNOWN, resourceType: "MEDIA_STREAMS", storageConfig: UNKNOWN });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`storageConfig` is not known yet/s);
    });

    it("defers a log group whose class is not known yet when its retention would otherwise fail", async () => {
        const messages = await messagesFor(TYPES.logGroup, { logGroupClass: UNKNOWN });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`logGroupClass` is not known yet; unless it is DELIVERY/);
    });

    it("passes a log group whose class is not known yet when its retention is within the limit anyway", async () => {
        expect(await messagesFor(TYPES.logGroup, { logGroupClass: UNKNOWN, retentionInDays: 30 })).toEqual([]);
    });

    it("blocks an infrequent-access log group without retention", async () => {
        expect(await messagesFor(TYPES.logGroup, { logGroupClass: "INFREQUENT_ACCESS" })).toHaveLength(1);
    });

    it("reads numbers given as numeric strings", async () => {
        expect(await messagesFor(TYPES.stream, { retentionPeriod: "48" })).toEqual([]);
        expect(await messagesFor(TYPES.logGroup, { retentionInDays: "3653" })).toHaveLength(1);
    });

    it.each<[string, string, Record<string, unknown>]>([
        ["stream with an object as retention", TYPES.stream, { retentionPeriod: { hours: 24 } }],
        ["video stream with a list as retention", TYPES.video, { dataRetentionInHours: [24] }],
        ["queue with a word as retention", TYPES.queue, { messageRetentionSeconds: "four days" }],
        ["log group with a boolean as retention", TYPES.logGroup, { retentionInDays: true }],
        ["log group with a negative retention", TYPES.logGroup, { retentionInDays: -1 }],
        ["storage config with a string as storageConfig", TYPES.storage, { storageConfig: '{"storageType":"KINESIS_VIDEO_STREAM"}' }],
        ["storage config with a string as video block", TYPES.storage, mediaStorage("acme-media")],
        ["storage config with an object as video retention", TYPES.storage, mediaStorage({ retentionPeriodHours: { hours: 1 } })],
    ])("never throws, and does not pass unreadable retention: %s", async (_title, type, props) => {
        const findings = await findingsOf(boundedRetention, single(type, props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it.each<[string, string, Record<string, unknown>]>([
        ["stream with an object as retention", TYPES.stream, { retentionPeriod: { hours: 24 } }],
        ["queue with a word as retention", TYPES.queue, { messageRetentionSeconds: "four days" }],
        ["log group with a boolean as retention", TYPES.logGroup, { retentionInDays: true }],
        ["log group with a negative retention", TYPES.logGroup, { retentionInDays: -1 }],
        ["Connect media with an object as retention", TYPES.storage, mediaStorage({ retentionPeriodHours: { hours: 1 } })],
    ])("blocks a retention it cannot read: %s", async (_title, type, props) => {
        const messages = await messagesFor(type, props);
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^mandatory: .*which is not a number of/s);
    });

    it("accepts null as unset", async () => {
        expect(await messagesFor(TYPES.stream, { retentionPeriod: null })).toEqual([]);
        expect(await messagesFor(TYPES.logGroup, { retentionInDays: null })).toHaveLength(1);
    });
});

describe("retention-bounded-retention on aws-native resources", () => {
    it("reads the aws-native Kinesis property retentionPeriodHours, not the classic retentionPeriod", async () => {
        const [message] = await messagesFor(NATIVE.KINESIS_STREAM, { retentionPeriod: 24, retentionPeriodHours: 720 });
        expect(message).toMatch(/^mandatory: [\s\S]*Kinesis stream 'subject' keeps data for 720 hours \(`retentionPeriodHours`\)/);
    });

    it("reads the aws-native SQS property messageRetentionPeriod, and its four-day default", async () => {
        expect(await messagesFor(NATIVE.SQS_QUEUE, { messageRetentionPeriod: 1_209_600 })).toEqual([expect.stringContaining("(`messageRetentionPeriod`)")]);
        expect(await messagesFor(NATIVE.SQS_QUEUE, {}, { maxQueueRetentionSeconds: 86_400 })).toEqual([
            expect.stringContaining("leaves `messageRetentionPeriod` unset, so AWS keeps data for 345600 seconds"),
        ]);
    });

    it("reads dataRetentionInHours on an aws-native Kinesis Video stream", async () => {
        expect(await messagesFor(NATIVE.VIDEO_STREAM, { dataRetentionInHours: 2160 })).toEqual([expect.stringContaining("(`dataRetentionInHours`)")]);
    });

    it("says an aws-native log group without retention never expires, and spares the DELIVERY class", async () => {
        expect(await messagesFor(NATIVE.LOG_GROUP, { logGroupName: "/aws/connect/acme" })).toEqual([expect.stringContaining("leaves `retentionInDays` unset, so its events never expire")]);
        expect(await messagesFor(NATIVE.LOG_GROUP, { logGroupClass: "DELIVERY" })).toEqual([]);
    });

    it("names the top-level media retention path of an aws-native storage config", async () => {
        const props = { resourceType: "MEDIA_STREAMS", storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: { prefix: "p", retentionPeriodHours: 8760 } };
        expect(await messagesFor(NATIVE.CONNECT_STORAGE_CONFIG, props)).toEqual([expect.stringContaining("(`kinesisVideoStreamConfig.retentionPeriodHours`)")]);
    });

    it("defers an aws-native media retention not known yet, and ignores aws-native S3 storage", async () => {
        const props = { resourceType: "MEDIA_STREAMS", storageType: "KINESIS_VIDEO_STREAM", kinesisVideoStreamConfig: { prefix: "p", retentionPeriodHours: UNKNOWN } };
        expect(await messagesFor(NATIVE.CONNECT_STORAGE_CONFIG, props)).toEqual([expect.stringMatching(/^advisory: [\s\S]*`kinesisVideoStreamConfig.retentionPeriodHours` is not known yet/)]);
        expect(await messagesFor(NATIVE.CONNECT_STORAGE_CONFIG, { resourceType: "CALL_RECORDINGS", storageType: "S3", s3Config: { bucketName: "b", bucketPrefix: "p" } })).toEqual([]);
    });
});
