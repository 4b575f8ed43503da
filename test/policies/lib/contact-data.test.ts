import { describe, expect, it } from "vitest";
import { accessRecordingReaders } from "../../../policies/access/recording-readers";
import type { ControlExample } from "../../../policies/control";
import { recordingsAccessLogging } from "../../../policies/logging/recordings-access-logging";
import { cloudfrontRecordingsOrigin } from "../../../policies/residency/cloudfront-recordings-origin";
import { contactDataExpiry } from "../../../policies/retention/contact-data-expiry";
import { noncurrentVersions } from "../../../policies/retention/noncurrent-versions";
import { objectLockErasure } from "../../../policies/retention/object-lock-erasure";
import { findingsOf } from "../../support/control-examples";
import { contactDataBuckets } from "../../../policies/lib/contact-data";
import { CUSTOMER_PROFILES_DOMAIN } from "../../../policies/lib/contact-stores";
import { CONNECT_STORAGE_CONFIG, FIREHOSE_DELIVERY_STREAM, KINESIS_STREAM, NATIVE, SQS_QUEUE } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const FIREHOSE = FIREHOSE_DELIVERY_STREAM;
const ACCOUNT = "111122223333";
const streamArn = (name: string) => `arn:aws:kinesis:eu-central-1:${ACCOUNT}:stream/${name}`;
const firehoseArn = (name: string) => `arn:aws:firehose:eu-central-1:${ACCOUNT}:deliverystream/${name}`;

function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, GraphResource[]> = {}): GraphResource {
    return {
        urn: `urn:pulumi:test::proj::${type}::${name}`,
        type,
        name,
        props,
        dependencies: [],
        propertyDependencies: Object.fromEntries(Object.entries(propertyDependencies).map(([k, v]) => [k, v.map((r) => r.urn)])),
    };
}

const s3Storage = (bucketName: unknown, bucketPrefix: unknown, deps: Record<string, GraphResource[]> = {}) =>
    resource(CONNECT_STORAGE_CONFIG, "recordings-storage", { storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix } } }, deps);
const ctrToStream = (arn: unknown, deps: Record<string, GraphResource[]> = {}) =>
    resource(CONNECT_STORAGE_CONFIG, "ctr-storage", { resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: arn } } }, deps);
const ctrToFirehose = (arn: unknown) =>
    resource(CONNECT_STORAGE_CONFIG, "ctr-storage", { resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_FIREHOSE", kinesisFirehoseConfig: { firehoseArn: arn } } });
const stream = (name: string) => resource(KINESIS_STREAM, name, { name, encryptionType: "KMS" });
const bucket = (name: string) => resource(BUCKET, name, { bucket: `acme-${name}` });
const firehose = (name: string, destination: Record<string, unknown>, source?: unknown, deps: Record<string, GraphResource[]> = {}) =>
    resource(
        FIREHOSE,
        name,
        { name, destination: "extended_s3", extendedS3Configuration: destination, ...(source === undefined ? {} : { kinesisSourceConfiguration: { kinesisStreamArn: source } }) },
        deps,
    );
const toBucket = (name: string, prefix?: string) => ({ bucketArn: `arn:aws:s3:::acme-${name}`, ...(prefix ? { prefix } : {}) });

const bucketsOf = (resources: GraphResource[], named?: unknown) => [...contactDataBuckets(new StackGraph(resources), named).buckets.keys()].map((b) => b.name);

describe("contactDataBuckets", () => {
    describe("Amazon Connect S3 storage", () => {
        it("finds the bucket a Connect storage config writes to, with its prefix and Connect's root prefixes", () => {
            const recordings = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const data = contactDataBuckets(new StackGraph([recordings, s3Storage("acme-recordings", "connect/acme")]));
            expect([...data.buckets.keys()]).toEqual([recordings]);
            expect([...data.buckets.get(recordings)!.prefixes].sort()).toEqual(["Analysis/", "Evaluations/", "connect/acme"]);
        });

        it("relates a storage config to its bucket through property dependencies during a first preview", () => {
            const recordings = resource(BUCKET, "recordings", {});
            const data = contactDataBuckets(new StackGraph([recordings, s3Storage(UNKNOWN, UNKNOWN, { storageConfig: [recordings] })]));
            expect(data.buckets.get(recordings)?.unknownPrefix).toBe(true);
        });

        it("reads the aws-native storage config, whose s3Config is a top-level input, and finds an aws-native bucket", () => {
            const recordings = resource(NATIVE.S3_BUCKET, "recordings", { bucketName: "acme-recordings" });
            const storage = resource(NATIVE.CONNECT_STORAGE_CONFIG, "recordings-storage", {
                resourceType: "CALL_RECORDINGS",
                storageType: "S3",
                s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect" },
            });
            const data = contactDataBuckets(new StackGraph([recordings, storage]));
            expect([...data.buckets.get(recordings)!.prefixes].sort()).toEqual(["Analysis/", "Evaluations/", "connect"]);
            expect(data.buckets.get(recordings)!.writers).toEqual([storage]);
        });

        it("lists writers whose bucket is not known yet", () => {
            const storage = s3Storage(UNKNOWN, "connect");
            expect(contactDataBuckets(new StackGraph([resource(BUCKET, "other", {}), storage])).unresolvedWriters).toEqual([storage]);
        });

        it.each([null, "S3", [], { storageType: "S3" }])("ignores a storage config whose storageConfig is %j", (storageConfig) => {
            const data = contactDataBuckets(new StackGraph([resource(CONNECT_STORAGE_CONFIG, "odd", { storageConfig })]));
            expect(data.buckets.size).toBe(0);
            expect(data.unresolvedWriters).toEqual([]);
        });
    });

    describe("through Kinesis and Firehose", () => {
        it("follows Connect's contact trace records into a stream, the Firehose that reads it, and its bucket", () => {
            const ctr = stream("ctr");
            const delivery = firehose("ctr-delivery", toBucket("ctr-archive", "ctr/"), streamArn("ctr"));
            const archive = bucket("ctr-archive");
            const storage = ctrToStream(streamArn("ctr"));
            const data = contactDataBuckets(new StackGraph([ctr, delivery, archive, storage]));
            expect([...data.buckets.keys()]).toEqual([archive]);
            expect([...data.buckets.get(archive)!.prefixes]).toEqual(["ctr/"]);
            expect(data.buckets.get(archive)!.writers).toEqual([delivery]);
            expect(data.carriers.get(ctr)).toEqual([storage]);
            expect(data.carriers.get(delivery)).toEqual([ctr]);
        });

        it("follows a Firehose Connect sends contact trace records to directly", () => {
            const archive = bucket("ctr-archive");
            const delivery = firehose("ctr-delivery", toBucket("ctr-archive"));
            expect(bucketsOf([archive, delivery, ctrToFirehose(firehoseArn("ctr-delivery"))])).toEqual(["ctr-archive"]);
        });

        it("leaves an ordinary click-stream pipeline (Kinesis, Firehose, S3, no Connect) alone", () => {
            const clicks = stream("clickstream");
            const delivery = firehose("clickstream-delivery", toBucket("analytics", "clicks/"), streamArn("clickstream"));
            const data = contactDataBuckets(new StackGraph([clicks, delivery, bucket("analytics")]));
            expect(data.buckets.size).toBe(0);
            expect(data.carriers.size).toBe(0);
            expect(data.unresolvedWriters).toEqual([]);
        });

        it("leaves a Direct PUT Firehose nothing in the stack feeds alone", () => {
            expect(bucketsOf([bucket("app-logs"), firehose("app-logs", toBucket("app-logs"))])).toEqual([]);
        });

        it("tells a contact-record pipeline from a click-stream one in the same stack", () => {
            const resources = [
                stream("ctr"),
                stream("clickstream"),
                firehose("ctr-delivery", toBucket("ctr-archive"), streamArn("ctr")),
                firehose("clickstream-delivery", toBucket("analytics"), streamArn("clickstream")),
                bucket("ctr-archive"),
                bucket("analytics"),
                ctrToStream(streamArn("ctr")),
            ];
            expect(bucketsOf(resources)).toEqual(["ctr-archive"]);
        });

        it("follows the pipeline through property dependencies during a first preview", () => {
            const ctr = resource(KINESIS_STREAM, "ctr", {});
            const archive = resource(BUCKET, "ctr-archive", {});
            const delivery = firehose("ctr-delivery", { bucketArn: UNKNOWN, prefix: "ctr/" }, UNKNOWN, {
                kinesisSourceConfiguration: [ctr],
                extendedS3Configuration: [archive],
            });
            const storage = ctrToStream(UNKNOWN, { storageConfig: [ctr] });
            const data = contactDataBuckets(new StackGraph([ctr, archive, delivery, storage]));
            expect([...data.buckets.keys()]).toEqual([archive]);
            expect(data.unresolvedWriters).toEqual([]);
        });

        it("follows a classic storage config whose whole storageConfig is unknown to the stream its dependencies name", () => {
            const ctr = resource(KINESIS_STREAM, "ctr", {});
            const storage = resource(CONNECT_STORAGE_CONFIG, "ctr-storage", { storageConfig: UNKNOWN }, { storageConfig: [ctr] });
            const data = contactDataBuckets(new StackGraph([ctr, storage]));
            expect(data.carriers.get(ctr)).toEqual([storage]);
            expect(data.unresolvedWriters).toEqual([]);
        });

        it("lists a Firehose whose source is not known yet while contact data flows into a stream", () => {
            const unclear = firehose("unclear", toBucket("somewhere"), UNKNOWN);
            const data = contactDataBuckets(new StackGraph([stream("ctr"), ctrToStream(streamArn("ctr")), unclear, bucket("somewhere")]));
            expect(data.unresolvedWriters).toEqual([unclear]);
            expect(data.buckets.size).toBe(0);
        });

        it("does not suspect a Firehose whose source is unknown when no contact data flows into any stream", () => {
            const data = contactDataBuckets(new StackGraph([stream("clicks"), firehose("clicks", toBucket("analytics"), UNKNOWN), bucket("analytics")]));
            expect(data.unresolvedWriters).toEqual([]);
        });

        it("lists a storage config whose stream is not known yet and has no dependency", () => {
            const storage = ctrToStream(UNKNOWN);
            expect(contactDataBuckets(new StackGraph([stream("ctr"), storage])).unresolvedWriters).toEqual([storage]);
        });

        it("follows an aws-native pipeline: storage config, stream, delivery stream reading it, bucket", () => {
            const ctr = resource(NATIVE.KINESIS_STREAM, "ctr", { name: "ctr" });
            const archive = resource(NATIVE.S3_BUCKET, "ctr-archive", { bucketName: "acme-ctr-archive" });
            const delivery = resource(NATIVE.FIREHOSE, "ctr-delivery", {
                deliveryStreamType: "KinesisStreamAsSource",
                kinesisStreamSourceConfiguration: { kinesisStreamArn: streamArn("ctr"), roleArn: "arn:aws:iam::111122223333:role/firehose" },
                extendedS3DestinationConfiguration: { bucketArn: "arn:aws:s3:::acme-ctr-archive", prefix: "ctr/", roleArn: "arn:aws:iam::111122223333:role/firehose" },
            });
            const storage = resource(NATIVE.CONNECT_STORAGE_CONFIG, "ctr-storage", {
                resourceType: "CONTACT_TRACE_RECORDS",
                storageType: "KINESIS_STREAM",
                kinesisStreamConfig: { streamArn: streamArn("ctr") },
            });
            const data = contactDataBuckets(new StackGraph([ctr, archive, delivery, storage]));
            expect([...data.buckets.keys()]).toEqual([archive]);
            expect([...data.buckets.get(archive)!.prefixes]).toEqual(["ctr/"]);
        });

        it("follows a mixed pipeline: aws-native delivery stream, fed directly, into a classic bucket's plain S3 destination", () => {
            const archive = bucket("ctr-archive");
            const delivery = resource(NATIVE.FIREHOSE, "ctr-delivery", {
                deliveryStreamName: "ctr-delivery",
                s3DestinationConfiguration: { bucketArn: "arn:aws:s3:::acme-ctr-archive" },
            });
            expect(bucketsOf([archive, delivery, ctrToFirehose(firehoseArn("ctr-delivery"))])).toEqual(["ctr-archive"]);
        });
        it("follows a contact-record Firehose into its backup bucket and the bucket another destination keeps failed records in", () => {
            const delivery = resource(FIREHOSE, "ctr-delivery", {
                name: "ctr-delivery",
                extendedS3Configuration: { ...toBucket("ctr-archive"), s3BackupMode: "Enabled", s3BackupConfiguration: toBucket("ctr-raw", "raw/") },
            });
            const search = resource(NATIVE.FIREHOSE, "ctr-search", {
                deliveryStreamName: "ctr-search",
                amazonopensearchserviceDestinationConfiguration: { indexName: "ctr", s3Configuration: toBucket("ctr-failed") },
            });
            const resources = [delivery, search, bucket("ctr-archive"), bucket("ctr-raw"), bucket("ctr-failed"), ctrToFirehose(firehoseArn("ctr-delivery")), ctrToFirehose(firehoseArn("ctr-search"))];
            expect(bucketsOf(resources).sort()).toEqual(["ctr-archive", "ctr-failed", "ctr-raw"]);
        });
    });

    describe("Customer Profiles", () => {
        it("finds the bucket identity resolution exports profiles to, under its key name", () => {
            const exports = bucket("profile-exports");
            const domain = resource(CUSTOMER_PROFILES_DOMAIN, "profiles", {
                domainName: "acme",
                defaultExpirationDays: 365,
                matching: { enabled: true, exportingConfig: { s3Exporting: { s3BucketName: "acme-profile-exports", s3KeyName: "matches/" } } },
            });
            const data = contactDataBuckets(new StackGraph([exports, domain]));
            expect([...data.buckets.get(exports)!.prefixes]).toEqual(["matches/"]);
            expect(data.buckets.get(exports)!.writers).toEqual([domain]);
        });

        it("finds the export bucket of rule-based matching on an aws-native domain, through dependencies", () => {
            const exports = resource(NATIVE.S3_BUCKET, "profile-exports", {});
            const domain = resource(
                NATIVE.CUSTOMER_PROFILES_DOMAIN,
                "profiles",
                { defaultExpirationDays: 365, ruleBasedMatching: { enabled: true, exportingConfig: { s3Exporting: { s3BucketName: UNKNOWN } } } },
                { ruleBasedMatching: [exports] },
            );
            const data = contactDataBuckets(new StackGraph([exports, domain]));
            expect([...data.buckets.get(exports)!.prefixes]).toEqual([""]);
        });

        it("counts the dead-letter queue, named by URL, as a carrier of contact data", () => {
            const queue = resource(SQS_QUEUE, "profiles-dlq", { name: "acme-profiles-dlq" });
            const domain = resource(CUSTOMER_PROFILES_DOMAIN, "profiles", {
                defaultExpirationDays: 365,
                deadLetterQueueUrl: `https://sqs.eu-central-1.amazonaws.com/${ACCOUNT}/acme-profiles-dlq`,
            });
            expect(contactDataBuckets(new StackGraph([queue, domain])).carriers.get(queue)).toEqual([domain]);
        });

        it("follows profile events from an aws-native event stream through Kinesis and Firehose to a bucket", () => {
            const events = stream("profile-events");
            const eventStream = resource(NATIVE.CUSTOMER_PROFILES_EVENT_STREAM, "events", { domainName: "acme", uri: streamArn("profile-events") });
            const delivery = firehose("events-delivery", toBucket("profile-archive"), streamArn("profile-events"));
            expect(bucketsOf([events, eventStream, delivery, bucket("profile-archive")])).toEqual(["profile-archive"]);
        });
    });

    describe("Lex conversation logs", () => {
        const audio = (bucketArn: unknown, enabled: unknown = true) => ({
            audioLogSettings: [{ enabled, destination: { s3Bucket: { s3BucketArn: bucketArn, logPrefix: "lex/" } } }],
        });

        it("finds the bucket a bot alias writes callers' audio to", () => {
            const logs = bucket("lex-audio");
            const alias = resource(NATIVE.LEX_BOT_ALIAS, "live", { botId: "BOT1", conversationLogSettings: audio("arn:aws:s3:::acme-lex-audio") });
            const data = contactDataBuckets(new StackGraph([logs, alias]));
            expect([...data.buckets.get(logs)!.prefixes]).toEqual(["lex/"]);
        });

        it("finds the audio bucket of a bot's draft alias (testBotAliasSettings)", () => {
            const logs = bucket("lex-audio");
            const bot = resource(NATIVE.LEX_BOT, "ivr", { testBotAliasSettings: { conversationLogSettings: audio("arn:aws:s3:::acme-lex-audio") } });
            expect(bucketsOf([logs, bot])).toEqual(["lex-audio"]);
        });

        it("ignores a disabled audio log setting", () => {
            const alias = resource(NATIVE.LEX_BOT_ALIAS, "live", { conversationLogSettings: audio("arn:aws:s3:::acme-lex-audio", false) });
            expect(bucketsOf([bucket("lex-audio"), alias])).toEqual([]);
        });

        it("lists a bot alias whose conversation logs are not known yet and name no bucket", () => {
            const alias = resource(NATIVE.LEX_BOT_ALIAS, "live", { conversationLogSettings: UNKNOWN });
            expect(contactDataBuckets(new StackGraph([bucket("other"), alias])).unresolvedWriters).toEqual([alias]);
        });
    });

    describe("buckets a team names", () => {
        it("adds them as whole buckets, of either provider", () => {
            const exports = resource(BUCKET, "exports", { bucket: "acme-exports" });
            const nativeExports = resource(NATIVE.S3_BUCKET, "native-exports", { bucketName: "acme-native-exports" });
            const data = contactDataBuckets(new StackGraph([exports, nativeExports]), ["acme-exports", "acme-native-exports"]);
            expect([...data.buckets.get(exports)!.prefixes]).toEqual([""]);
            expect([...data.buckets.get(nativeExports)!.prefixes]).toEqual([""]);
        });

        it("adds a named bucket's whole content to what its writers put there, without changing the stack's own lineage", () => {
            const recordings = bucket("recordings");
            const graph = new StackGraph([recordings, s3Storage("acme-recordings", "connect")]);
            expect([...contactDataBuckets(graph, ["recordings"]).buckets.get(recordings)!.prefixes]).toContain("");
            expect([...contactDataBuckets(graph).buckets.get(recordings)!.prefixes]).not.toContain("");
        });

        it.each([[null], ["acme-exports"], [[42]]])("ignores a contactDataBuckets value of %j", (named) => {
            expect(bucketsOf([resource(BUCKET, "exports", { bucket: "acme-exports" })], named)).toEqual([]);
        });
    });
});

describe("an ordinary click-stream analytics stack (Kinesis, Firehose, S3; no Connect)", () => {
    const clickStream: ControlExample = {
        title: "click-stream analytics",
        verdict: "compliant",
        resources: [
            { name: "clicks", type: KINESIS_STREAM, props: { name: "clicks", shardCount: 1, retentionPeriodHours: 24, encryptionType: "KMS", kmsKeyId: "alias/analytics" } },
            { name: "analytics", type: BUCKET, props: { bucket: "acme-analytics" } },
            {
                name: "clicks-delivery",
                type: FIREHOSE,
                props: {
                    name: "clicks-delivery",
                    destination: "extended_s3",
                    kinesisSourceConfiguration: { kinesisStreamArn: streamArn("clicks"), roleArn: `arn:aws:iam::${ACCOUNT}:role/firehose` },
                    extendedS3Configuration: { bucketArn: "arn:aws:s3:::acme-analytics", prefix: "clicks/", roleArn: `arn:aws:iam::${ACCOUNT}:role/firehose` },
                },
            },
        ],
    };

    it.each([contactDataExpiry, noncurrentVersions, objectLockErasure, recordingsAccessLogging, cloudfrontRecordingsOrigin, accessRecordingReaders])(
        "draws no contact-data finding from $name",
        async (control) => {
            expect(await findingsOf(control, clickStream)).toEqual([]);
        },
    );

    it.each([contactDataExpiry, recordingsAccessLogging])("draws findings from $name once Connect feeds the same stream", async (control) => {
        const fedByConnect: ControlExample = {
            ...clickStream,
            resources: [
                ...clickStream.resources,
                {
                    name: "ctr-storage",
                    type: CONNECT_STORAGE_CONFIG,
                    props: { resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: streamArn("clicks") } } },
                },
            ],
        };
        const findings = await findingsOf(control, fedByConnect);
        expect(findings.map((finding) => finding.message).join("\n")).toMatch(/'analytics'/);
    });
});
