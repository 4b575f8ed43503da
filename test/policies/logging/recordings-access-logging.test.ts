import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { recordingsAccessLogging } from "../../../policies/logging/recordings-access-logging";
import { AWS_NATIVE_PROVIDER, CONNECT_STORAGE_CONFIG, NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { firstPreviewOf } from "../../support/first-preview";
import { graphResource } from "../../support/example-stack";
import { reconciledConfig } from "../../support/reconciled-config";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LOGGING_V2 = "aws:s3/bucketLoggingV2:BucketLoggingV2";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

const recordings = (props: Record<string, unknown> = {}, type = BUCKET): ExampleResource => ({ name: "recordings", type, props: { bucket: "acme-recordings", ...props } });
const accessLogs = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs", ...props } });
const storage: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme" } } },
};
const logging = (props: Record<string, unknown>, type = LOGGING): ExampleResource => ({ name: "recordings-logging", type, props: { bucket: "acme-recordings", targetPrefix: "r/", ...props } });
const stack = (resources: ExampleResource[], config?: Record<string, unknown>, awsRegion?: string | null): ControlExample => ({
    title: "ad hoc",
    verdict: "violation",
    resources,
    config,
    awsRegion,
});

async function outcome(example: ControlExample) {
    const findings = await findingsOf(recordingsAccessLogging, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(recordingsAccessLogging);

describe("logging-recordings-access-logging", () => {
    describe("recognises access logging wherever it is declared", () => {
        it("accepts a BucketLoggingV2 resource", async () => {
            expect((await outcome(stack([recordings(), storage, accessLogs(), logging({ targetBucket: "acme-access-logs" }, LOGGING_V2)]))).findings).toEqual([]);
        });

        it("accepts the inline `loggings` list of a deprecated BucketV2", async () => {
            const bucket = recordings({ loggings: [{ targetBucket: "acme-access-logs", targetPrefix: "recordings/" }] }, BUCKET_V2);
            expect((await outcome(stack([bucket, storage, accessLogs()]))).findings).toEqual([]);
        });

        it("judges a bucket Firehose delivers contact records to", async () => {
            const firehoseArn = "arn:aws:firehose:eu-central-1:111122223333:deliverystream/ctr-delivery";
            const firehose: ExampleResource = {
                name: "ctr-delivery",
                type: FIREHOSE,
                props: { arn: firehoseArn, destination: "extended_s3", extendedS3Configuration: { bucketArn: "arn:aws:s3:::acme-recordings", prefix: "ctr/" } },
            };
            // Connect feeds the delivery stream: what makes its bucket hold contact data.
            const ctr: ExampleResource = {
                name: "contact-trace-records",
                type: CONNECT_STORAGE_CONFIG,
                props: { resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_FIREHOSE", kinesisFirehoseConfig: { firehoseArn } } },
            };
            const { blocking } = await outcome(stack([recordings(), firehose, ctr]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/'recordings' holds contact data but has no S3 server access logging/);
        });

        it("judges a bucket named in contactDataBuckets", async () => {
            const { blocking } = await outcome(stack([{ name: "exports", type: BUCKET, props: { bucket: "acme-exports" } }], { contactDataBuckets: ["acme-exports"] }));
            expect(blocking).toHaveLength(1);
        });

        it("leaves buckets without contact data alone", async () => {
            expect((await outcome(stack([{ name: "artefacts", type: BUCKET, props: { bucket: "acme-artefacts" } }]))).findings).toEqual([]);
        });
    });

    describe("blocks logging that does not leave a usable record", () => {
        it("blocks a BucketLogging without a targetBucket", async () => {
            const { blocking } = await outcome(stack([recordings(), storage, logging({})]));
            expect(blocking[0].message).toMatch(/has no `targetBucket`/);
        });

        it("blocks an inline logging block that points back at the bucket itself", async () => {
            const { blocking } = await outcome(stack([recordings({ logging: { targetBucket: "acme-recordings" } }), storage]));
            expect(blocking[0].message).toMatch(/its inline `logging` delivers access logs into the bucket itself/);
        });

        it("blocks a target bucket with no region at all", async () => {
            const { blocking } = await outcome(stack([recordings({ region: "eu-central-1" }), storage, accessLogs(), logging({ targetBucket: "acme-access-logs" })], undefined, null));
            expect(blocking[0].message).toMatch(/access-log bucket 'access-logs' has no region/);
        });

        it("names the target bucket, its region and the allowed regions", async () => {
            const { blocking } = await outcome(stack([recordings(), storage, accessLogs({ region: "eu-west-2" }), logging({ targetBucket: "acme-access-logs" })]));
            expect(blocking[0].message).toMatch(/access-log bucket 'access-logs' in eu-west-2, outside the allowed regions \(eu-west-1,/);
        });

        it("follows a custom region list", async () => {
            const resources = [recordings(), storage, accessLogs({ region: "eu-west-1" }), logging({ targetBucket: "acme-access-logs" })];
            expect((await outcome(stack(resources, { regionProfile: "custom", regions: ["eu-central-1"] }))).blocking).toHaveLength(1);
            expect((await outcome(stack(resources, { regionProfile: "custom", regions: ["eu-west-1"] }))).findings).toEqual([]);
        });

        it("blocks a bad second logging configuration next to a good one", async () => {
            const second = { ...logging({ targetBucket: "acme-recordings" }), name: "second-logging" };
            expect((await outcome(stack([recordings(), storage, accessLogs(), logging({ targetBucket: "acme-access-logs" }), second]))).blocking).toHaveLength(1);
        });
    });

    describe("aws-native buckets", () => {
        const nativeRecordings = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", ...props } });
        const nativeLogs = (props: Record<string, unknown> = {}, extra: Partial<ExampleResource> = {}): ExampleResource => ({
            name: "access-logs",
            type: NATIVE.S3_BUCKET,
            props: { bucketName: "acme-access-logs", ...props },
            ...extra,
        });

        it("asks for loggingConfiguration.destinationBucketName in aws-native terms", async () => {
            const { blocking } = await outcome(stack([nativeRecordings(), storage]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toContain("Set `loggingConfiguration.destinationBucketName` on the aws-native bucket");
        });

        it("says why a loggingConfiguration without a destination logs into the bucket itself", async () => {
            const { blocking } = await outcome(stack([nativeRecordings({ loggingConfiguration: {} }), storage]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(
                /its `loggingConfiguration` delivers access logs into the bucket itself \(`loggingConfiguration\.destinationBucketName` is unset, and S3 then uses the bucket itself\)/,
            );
        });

        it("blocks a destinationBucketName that names the bucket itself, without claiming it was unset", async () => {
            const { blocking } = await outcome(stack([nativeRecordings({ loggingConfiguration: { destinationBucketName: "acme-recordings" } }), storage]));
            expect(blocking[0].message).toMatch(/delivers access logs into the bucket itself;/);
        });

        it("blocks a destinationBucketName outside the stack", async () => {
            const { blocking } = await outcome(stack([nativeRecordings({ loggingConfiguration: { destinationBucketName: "central-log-archive" } }), storage]));
            expect(blocking[0].message).toMatch(/its `loggingConfiguration` delivers access logs to bucket "central-log-archive", which is not in this stack/);
        });

        it("takes the access-log bucket's region from its aws-native provider", async () => {
            const provider: ExampleResource = { name: "london", type: AWS_NATIVE_PROVIDER, props: { region: "eu-west-2" } };
            const resources = [nativeRecordings({ loggingConfiguration: { destinationBucketName: "acme-access-logs" } }), storage, provider, nativeLogs({}, { provider: "london" })];
            const { blocking } = await outcome(stack(resources));
            expect(blocking[0].message).toMatch(/access-log bucket 'access-logs' in eu-west-2, outside the allowed regions/);
            expect((await outcome(stack(resources, { regionProfile: "eu-plus-adequacy" }))).findings).toEqual([]);
        });

        it("counts a classic BucketLogging whose bucket is the aws-native bucket's bucketName", async () => {
            expect((await outcome(stack([nativeRecordings(), storage, nativeLogs(), logging({ targetBucket: "acme-access-logs" })]))).findings).toEqual([]);
        });

        it.each([
            ["a string", "acme-access-logs"],
            ["a number", 5],
            ["a list", [{ destinationBucketName: "acme-access-logs" }]],
            ["a destination that is an object", { destinationBucketName: { name: "acme-access-logs" } }],
        ])("never throws on loggingConfiguration as %s", async (_title, loggingConfiguration) => {
            await outcome(stack([nativeRecordings({ loggingConfiguration }), storage, nativeLogs()]));
        });
    });

    describe("first preview", () => {
        it("defers when a BucketLogging with an unknown bucket may belong to the recordings bucket", async () => {
            const { blocking, deferred } = await outcome(stack([recordings(), storage, accessLogs(), logging({ bucket: UNKNOWN, targetBucket: "acme-access-logs" })]));
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/the `bucket` of 'recordings-logging' is not known yet/);
        });

        it("defers when the storage config's bucket is not known and no dependency says which", async () => {
            const unresolved = { ...storage, props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "c/" } } } };
            const { blocking, deferred } = await outcome(stack([recordings(), unresolved]));
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/'call-recordings' writes contact data to a bucket that is not known yet/);
        });
    });

    describe("odd input never throws", () => {
        it.each([
            ["logging as a string", { logging: "acme-access-logs" }],
            ["loggings with null and a number", { loggings: [null, 5] }],
            ["a targetBucket that is a number", { logging: { targetBucket: 5 } }],
            ["logging as an empty object", { logging: {} }],
        ])("handles %s", async (_title, props) => {
            await outcome(stack([recordings(props), storage, accessLogs()]));
        });

        it("never throws, whatever the bucket, logging and config values", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("acme-recordings"), fc.constant("acme-access-logs"), fc.anything());
            const resource = graphResource;
            fc.assert(
                fc.property(value, value, value, value, value, (loggingBlock, target, region, bucketName, profile) => {
                    const resources = [
                        resource(BUCKET, "recordings", { bucket: "acme-recordings", logging: loggingBlock, loggings: loggingBlock }),
                        resource(NATIVE.S3_BUCKET, "transcripts", { bucketName, loggingConfiguration: loggingBlock }),
                        resource(NATIVE.S3_BUCKET, "native-logs", { bucketName: target, loggingConfiguration: { destinationBucketName: target } }),
                        resource(BUCKET, "access-logs", { bucket: "acme-access-logs", region }),
                        resource(LOGGING, "recordings-logging", { bucket: bucketName, targetBucket: target }),
                        resource(CONNECT_STORAGE_CONFIG, "storage", { storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix: "c/" } } }),
                    ];
                    const noop = () => undefined;
                    const config = reconciledConfig(recordingsAccessLogging, { profile, regions: region, contactDataBuckets: bucketName });
                    expect(() => recordingsAccessLogging.check(new StackGraph(resources), config, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("recordingsAccessLogging in a first preview and on arbitrary stacks", () => {
    it.each(recordingsAccessLogging.examples.filter((e) => e.verdict === "compliant").map((e) => [e.title, e] as const))(
        "does not block the first-preview form of the compliant example: %s",
        async (_title, example) => {
            const findings = await findingsOf(recordingsAccessLogging, firstPreviewOf(example));
            expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        },
    );

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(recordingsAccessLogging), async (example) => {
                const findings = await findingsOf(recordingsAccessLogging, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
