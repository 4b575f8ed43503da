import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { cloudfrontRecordingsOrigin } from "../../../policies/residency/cloudfront-recordings-origin";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { graphResource, urnOf } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const STORAGE = "aws:connect/instanceStorageConfig:InstanceStorageConfig";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const storage = (bucketName: unknown = "acme-recordings"): ExampleResource => ({
    name: "call-recordings",
    type: STORAGE,
    props: { instanceId: "i-1", resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix: "connect" } } },
});
const cdn = (origins: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({ name: "cdn", type: DISTRIBUTION, props: { enabled: true, origins }, ...extra });
const origin = (domainName: unknown) => ({ originId: "o", domainName });

async function outcome(resources: ExampleResource[], config: Record<string, unknown> = {}) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources };
    const findings = await findingsOf(cloudfrontRecordingsOrigin, example, config);
    return {
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.message.includes("can't run policy")).map((f) => f.message),
        crashed: findings.some((f) => /could not evaluate/.test(f.message)),
    };
}

describeControlExamples(cloudfrontRecordingsOrigin);

describe("residency-no-cloudfront-recordings-origin", () => {
    it("reports on the distribution, naming the bucket, its writer, the origin and the fix", async () => {
        const { blocking } = await outcome([recordings, storage(), cdn([origin("acme-recordings.s3.eu-central-1.amazonaws.com")])]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].urn).toBe(urnOf(DISTRIBUTION, "cdn"));
        expect(blocking[0].message).toContain("CloudFront distribution 'cdn' serves S3 bucket 'recordings'");
        expect(blocking[0].message).toContain("written by 'call-recordings'");
        expect(blocking[0].message).toContain("`origins[0].domainName`");
        expect(blocking[0].message).toContain("Remove this origin");
    });

    it.each([
        "acme-recordings.s3-eu-central-1.amazonaws.com",
        "acme-recordings.s3.dualstack.eu-central-1.amazonaws.com",
        "acme-recordings.s3-website.eu-central-1.amazonaws.com",
        "acme-recordings.s3-website-eu-central-1.amazonaws.com",
        "ACME-Recordings.S3.EU-CENTRAL-1.amazonaws.com.",
    ])("recognises the endpoint %s", async (domain) => {
        expect((await outcome([recordings, storage(), cdn([origin(domain)])])).blocking).toHaveLength(1);
    });

    it("matches the bucket's regional domain output in deployed state", async () => {
        const deployed: ExampleResource = { name: "recordings", type: BUCKET, props: { id: "acme-recordings-1a2b", bucketRegionalDomainName: "acme-recordings-1a2b.s3.eu-central-1.amazonaws.com" } };
        const { blocking } = await outcome([deployed, storage("acme-recordings-1a2b"), cdn([origin("acme-recordings-1a2b.s3.eu-central-1.amazonaws.com")])]);
        expect(blocking).toHaveLength(1);
    });

    it("does not confuse a bucket whose name merely starts with the recordings bucket's", async () => {
        const publicAssets: ExampleResource = { name: "public", type: BUCKET, props: { bucket: "acme-recordings-public" } };
        expect((await outcome([recordings, publicAssets, storage(), cdn([origin("acme-recordings-public.s3.eu-central-1.amazonaws.com")])])).blocking).toEqual([]);
    });

    it("blocks a bucket that receives contact records from Firehose", async () => {
        const firehoseArn = "arn:aws:firehose:eu-central-1:111122223333:deliverystream/ctr-delivery";
        const firehose: ExampleResource = { name: "ctr-delivery", type: FIREHOSE, props: { arn: firehoseArn, destination: "extended_s3", extendedS3Configuration: { bucketArn: "arn:aws:s3:::acme-ctr", prefix: "ctr/" } } };
        const ctrBucket: ExampleResource = { name: "ctr", type: BUCKET, props: { bucket: "acme-ctr" } };
        // Connect feeds the delivery stream: what makes its bucket hold contact data.
        const ctr: ExampleResource = { name: "contact-trace-records", type: STORAGE, props: { instanceId: "i-1", resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_FIREHOSE", kinesisFirehoseConfig: { firehoseArn } } } };
        const { blocking } = await outcome([ctrBucket, firehose, ctr, cdn([origin("acme-ctr.s3.amazonaws.com")])]);
        expect(blocking[0].message).toContain("written by 'ctr-delivery'");
    });

    it("finds the recordings bucket among several origins", async () => {
        const { blocking } = await outcome([recordings, storage(), cdn([origin("api.acme.example"), origin("acme-recordings.s3.amazonaws.com")])]);
        expect(blocking[0].message).toContain("`origins[1].domainName`");
    });

    describe("first preview", () => {
        it("defers an origin bucket while the bucket a storage config writes to is not known yet", async () => {
            const website: ExampleResource = { name: "website", type: BUCKET, props: {} };
            const { blocking, deferred } = await outcome([website, storage(UNKNOWN), cdn([origin(UNKNOWN)], { propertyDependencies: { origins: ["website"] } })]);
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/whether its origin bucket 'website' holds contact data is not known yet/);
        });

        it("reports the recordings bucket once when several unknown origins share the dependency", async () => {
            const { blocking } = await outcome([recordings, storage(), cdn([origin(UNKNOWN), origin(UNKNOWN)], { propertyDependencies: { origins: ["recordings"] } })]);
            expect(blocking).toHaveLength(1);
        });

        it("passes an unknown domain that comes from a resource of the stack other than a bucket", async () => {
            const alb: ExampleResource = { name: "api", type: "aws:lb/loadBalancer:LoadBalancer", props: {} };
            const { blocking, deferred } = await outcome([recordings, storage(), alb, cdn([origin(UNKNOWN)], { propertyDependencies: { origins: ["api"] } })]);
            expect([...blocking, ...deferred]).toEqual([]);
        });

        it("defers an origins list that is not known yet", async () => {
            const { deferred } = await outcome([recordings, storage(), cdn(UNKNOWN)]);
            expect(deferred[0]).toMatch(/`origins` is not known yet/);
        });
    });

    describe("aws-native distributions and buckets", () => {
        const NATIVE_DISTRIBUTION = NATIVE.CLOUDFRONT_DISTRIBUTION;
        const nativeRecordings: ExampleResource = { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" } };
        const nativeCdn = (distributionConfig: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({ name: "cdn", type: NATIVE_DISTRIBUTION, props: { distributionConfig }, ...extra });
        const config = (origins: unknown, more: Record<string, unknown> = {}) => ({ enabled: true, origins, ...more });
        const nativeOrigin = (domainName: unknown) => ({ id: "o", domainName, s3OriginConfig: {} });

        it("reports on the aws-native distribution and quotes distributionConfig's path", async () => {
            const { blocking } = await outcome([nativeRecordings, storage(), nativeCdn(config([nativeOrigin("api.acme.example"), nativeOrigin("acme-recordings.s3.amazonaws.com")]))]);
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(NATIVE_DISTRIBUTION, "cdn"));
            expect(blocking[0].message).toContain("`distributionConfig.origins[1].domainName`");
        });

        it.each(["regionalDomainName", "domainName", "dualStackDomainName"])("matches an aws-native bucket's %s output, even without its name", async (output) => {
            const domain = `acme-recordings-1a2b.${output === "dualStackDomainName" ? "s3.dualstack.eu-central-1" : output === "domainName" ? "s3" : "s3.eu-central-1"}.amazonaws.com`;
            const unnamed: ExampleResource = { name: "recordings", type: NATIVE.S3_BUCKET, props: { [output]: domain } };
            const { blocking } = await outcome([unnamed, nativeCdn(config([nativeOrigin(domain)]))], { contactDataBuckets: ["recordings"] });
            expect(blocking).toHaveLength(1);
        });

        it("blocks a known origin domain even while the standard-logging bucket is not known yet", async () => {
            const { blocking } = await outcome([nativeRecordings, storage(), nativeCdn(config([nativeOrigin("acme-recordings.s3.amazonaws.com")], { logging: { bucket: UNKNOWN } }))]);
            expect(blocking).toHaveLength(1);
        });

        it("blocks an unknown origin that depends on the recordings bucket when the log bucket is a literal", async () => {
            const logs = { logging: { bucket: "acme-cdn-logs.s3.amazonaws.com" } };
            const { blocking } = await outcome([nativeRecordings, storage(), nativeCdn(config([nativeOrigin(UNKNOWN)], logs), { propertyDependencies: { distributionConfig: ["recordings"] } })]);
            expect(blocking).toHaveLength(1);
        });

        it("defers, naming both paths, when the dependency may be the log bucket's instead of the origin's", async () => {
            const { blocking, deferred } = await outcome([
                nativeRecordings,
                storage(),
                nativeCdn(config([nativeOrigin(UNKNOWN)], { logging: { bucket: UNKNOWN } }), { propertyDependencies: { distributionConfig: ["recordings"] } }),
            ]);
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/`distributionConfig\.origins\[0\]\.domainName` is not known yet; it or `distributionConfig\.logging\.bucket` comes from S3 bucket 'recordings'/);
        });

        it("passes an unknown domain that comes from a resource of the stack other than a bucket", async () => {
            const alb: ExampleResource = { name: "api", type: "aws-native:elasticloadbalancingv2:LoadBalancer", props: {} };
            const { blocking, deferred } = await outcome([nativeRecordings, storage(), alb, nativeCdn(config([nativeOrigin(UNKNOWN)]), { propertyDependencies: { distributionConfig: ["api"] } })]);
            expect([...blocking, ...deferred]).toEqual([]);
        });

        it.each([
            ["the whole distributionConfig", UNKNOWN, /`distributionConfig` is not known yet/],
            ["its origins", config(UNKNOWN), /`distributionConfig\.origins` is not known yet/],
        ])("defers %s not known yet", async (_title, distributionConfig, message) => {
            const { blocking, deferred } = await outcome([nativeRecordings, storage(), nativeCdn(distributionConfig)]);
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(message);
        });

        it.each([
            ["distributionConfig as a string", "{}"],
            ["origins as one object", config(nativeOrigin("acme-recordings.s3.amazonaws.com"))],
            ["s3Origin as a string", config([], { s3Origin: "acme-recordings.s3.amazonaws.com" })],
            ["logging as a list", config([nativeOrigin(UNKNOWN)], { logging: [UNKNOWN] })],
        ])("never throws on %s", async (_title, distributionConfig) => {
            expect((await outcome([nativeRecordings, storage(), nativeCdn(distributionConfig)])).crashed).toBe(false);
        });
    });

    describe("odd input", () => {
        it.each([
            ["origins as a string", "acme-recordings.s3.amazonaws.com"],
            ["origins as one object", origin("acme-recordings.s3.amazonaws.com")],
            ["origins as null", null],
            ["origins holding numbers and nulls", [1, null, []]],
            ["a domainName that is an object", [origin({ host: "x" })]],
            ["a very long domainName", [origin(`acme-recordings.s3${"-a".repeat(20_000)}!`)]],
        ])("never throws on %s", async (_title, origins) => {
            expect((await outcome([recordings, storage(), cdn(origins)])).crashed).toBe(false);
        });

        it("blocks a single origin object given instead of a list", async () => {
            expect((await outcome([recordings, storage(), cdn(origin("acme-recordings.s3.amazonaws.com"))])).blocking).toHaveLength(1);
        });

        it("never throws on arbitrary property bags", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("acme-recordings"), fc.constant("acme-recordings.s3.amazonaws.com"), fc.anything());
            const resource = graphResource;
            fc.assert(
                fc.property(value, value, fc.oneof(value, fc.array(fc.oneof(value, fc.record({ domainName: value }, { requiredKeys: [] })), { maxLength: 3 })), (bucketName, storageConfig, origins) => {
                    const stack = new StackGraph([
                        resource(BUCKET, "recordings", { bucket: bucketName }),
                        resource(STORAGE, "s", { storageConfig }),
                        resource(DISTRIBUTION, "cdn", { origins }, { origins: [urnOf(BUCKET, "recordings")] }),
                        resource(NATIVE.S3_BUCKET, "transcripts", { bucketName, domainName: bucketName }),
                        resource(NATIVE.CLOUDFRONT_DISTRIBUTION, "native-cdn", { distributionConfig: { origins, s3Origin: storageConfig, logging: { bucket: bucketName } } }, {
                            distributionConfig: [urnOf(NATIVE.S3_BUCKET, "transcripts")],
                        }),
                    ]);
                    const noop = () => undefined;
                    expect(() => cloudfrontRecordingsOrigin.check(stack, { contactDataBuckets: [] }, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});
