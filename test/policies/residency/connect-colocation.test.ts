import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { connectColocation } from "../../../policies/residency/connect-colocation";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { graphResource, urnOf } from "../../support/example-stack";

const INSTANCE = "aws:connect/instance:Instance";
const STORAGE = "aws:connect/instanceStorageConfig:InstanceStorageConfig";
const BUCKET = "aws:s3/bucket:Bucket";
const STREAM = "aws:kinesis/stream:Stream";

const dublin: ExampleResource = { name: "dublin", type: "pulumi:providers:aws", props: { region: "eu-west-1" } };
const instance = (name: string, id: string, provider?: string, props: Record<string, unknown> = {}): ExampleResource => ({
    name,
    type: INSTANCE,
    props: { id, identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true, ...props },
    provider,
});
const storage = (name: string, instanceId: unknown, storageConfig: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name,
    type: STORAGE,
    props: { instanceId, resourceType: "CONTACT_TRACE_RECORDS", storageConfig },
    ...extra,
});
const toStream = (streamArn: unknown) => ({ storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn } });
const toFirehose = (firehoseArn: unknown) => ({ storageType: "KINESIS_FIREHOSE", kinesisFirehoseConfig: { firehoseArn } });
const toBucket = (bucketName: unknown, keyId?: unknown) => ({
    storageType: "S3",
    s3Config: { bucketName, bucketPrefix: "connect", ...(keyId === undefined ? {} : { encryptionConfig: { encryptionType: "KMS", keyId } }) },
});

async function outcome(resources: ExampleResource[], config: Record<string, unknown> = {}, awsRegion?: string | null) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources, awsRegion };
    const findings = await findingsOf(connectColocation, example, config);
    return {
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.message.includes("can't run policy")).map((f) => f.message),
        crashed: findings.some((f) => /could not evaluate/.test(f.message)),
    };
}

describeControlExamples(connectColocation);

describe("residency-connect-colocation", () => {
    it("blocks a Firehose delivery stream in another region, on the storage config's URN", async () => {
        const { blocking } = await outcome([instance("cc", "i-1"), storage("ctr", "i-1", toFirehose("arn:aws:firehose:eu-north-1:111122223333:deliverystream/ctr"))]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].urn).toBe(urnOf(STORAGE, "ctr"));
        expect(blocking[0].message).toContain("Connect storage config 'ctr' sends CONTACT_TRACE_RECORDS of instance 'cc' (eu-central-1) to Firehose delivery stream");
        expect(blocking[0].message).toContain("which is in eu-north-1");
    });

    it("relates each storage config to its own instance when the stack has two", async () => {
        const frankfurt = instance("frankfurt-cc", "i-fra");
        const ireland = instance("dublin-cc", "i-dub", "dublin");
        const ok = await outcome([dublin, frankfurt, ireland, storage("ctr", "i-dub", toStream("arn:aws:kinesis:eu-west-1:111122223333:stream/ctr"))]);
        expect(ok.blocking).toEqual([]);
        const wrong = await outcome([dublin, frankfurt, ireland, storage("ctr", "i-dub", toStream("arn:aws:kinesis:eu-central-1:111122223333:stream/ctr"))]);
        expect(wrong.blocking[0].message).toContain("instance 'dublin-cc' (eu-west-1)");
    });

    it("judges a storage config of an instance outside the stack by its own region", async () => {
        const { blocking } = await outcome([storage("ctr", "i-elsewhere", toStream("arn:aws:kinesis:us-east-1:111122223333:stream/ctr"), { props: { instanceId: "i-elsewhere", region: "us-east-1", storageConfig: toStream("arn:aws:kinesis:us-east-1:111122223333:stream/ctr") } })]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toContain("(for an instance outside this stack) is in us-east-1");
    });

    it("reads a stream of the stack by name and uses its region", async () => {
        const stream: ExampleResource = { name: "ctr-stream", type: STREAM, props: { name: "acme-ctr" }, provider: "dublin" };
        const { blocking } = await outcome([dublin, instance("cc", "i-1"), stream, storage("ctr", "i-1", toStream("acme-ctr"))]);
        expect(blocking[0].message).toContain("Kinesis stream 'ctr-stream', which is in eu-west-1");
    });

    it("accepts a key given as alias or bare id, which KMS resolves in the instance's own region", async () => {
        const bucket: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
        for (const keyId of ["alias/connect", "1234abcd-12ab-34cd-56ef-1234567890ab"]) {
            expect((await outcome([instance("cc", "i-1"), bucket, storage("rec", "i-1", toBucket("acme-recordings", keyId))])).blocking).toEqual([]);
        }
    });

    it("blocks an instance with no region anywhere", async () => {
        const { blocking } = await outcome([instance("cc", "i-1")], {}, null);
        expect(blocking[0].message).toMatch(/^(.*\n)?Connect instance 'cc' has no region \(no `region`, no provider region\), so where contact data is kept cannot be shown/);
    });

    it("uses the team's own region list", async () => {
        const { blocking } = await outcome([instance("cc", "i-1")], { regionProfile: "custom", regions: ["eu-west-1"] });
        expect(blocking[0].message).toContain("Connect instance 'cc' is in eu-central-1, outside the allowed regions (eu-west-1)");
    });

    describe("first preview", () => {
        it("defers while the instance's region is not known yet", async () => {
            const { blocking, deferred } = await outcome([instance("cc", "i-1", undefined, { region: UNKNOWN }), storage("ctr", "i-1", toStream("arn:aws:kinesis:eu-central-1:111122223333:stream/ctr"))]);
            expect(blocking).toEqual([]);
            // One note per resource: the instance itself, and the storage config that depends on its region.
            expect(deferred).toEqual([expect.stringMatching(/The region of Connect instance 'cc' is not known yet\./), expect.stringMatching(/Connect storage config 'ctr': the region of instance 'cc' is not known yet/)]);
        });

        it("defers a storageConfig that is not known yet", async () => {
            const { deferred } = await outcome([instance("cc", "i-1"), storage("ctr", "i-1", UNKNOWN)]);
            expect(deferred[0]).toMatch(/`storageConfig` is not known yet/);
        });

        it("resolves a stream ARN output through property dependencies", async () => {
            const stream: ExampleResource = { name: "ctr-stream", type: STREAM, props: {}, provider: "dublin" };
            const { blocking } = await outcome([dublin, instance("cc", "i-1"), stream, storage("ctr", UNKNOWN, toStream(UNKNOWN), { propertyDependencies: { instanceId: ["cc"], storageConfig: ["ctr-stream"] } })]);
            expect(blocking[0].message).toContain("Kinesis stream 'ctr-stream', which is in eu-west-1");
        });
    });

    describe("odd input", () => {
        it.each([
            ["storageConfig as a string", "S3"],
            ["storageConfig as null", null],
            ["s3Config as a list", { storageType: "S3", s3Config: [{ bucketName: "x" }] }],
            ["a bucketName that is a number", toBucket(5)],
            ["an encryptionConfig that is a string", { storageType: "S3", s3Config: { bucketName: "x", encryptionConfig: "KMS" } }],
            ["a streamArn that is an object", toStream({ arn: "x" })],
        ])("never throws on %s", async (_title, storageConfig) => {
            expect((await outcome([instance("cc", "i-1"), storage("s", "i-1", storageConfig)])).crashed).toBe(false);
        });

        it("never throws on arbitrary property bags", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("i-1"), fc.constant("arn:aws:kinesis:eu-west-1:1:stream/x"), fc.anything());
            const block = fc.oneof(value, fc.record({ bucketName: value, streamArn: value, firehoseArn: value, encryptionConfig: fc.oneof(value, fc.record({ keyId: value })) }, { requiredKeys: [] }));
            const config = fc.oneof(value, fc.record({ s3Config: block, kinesisStreamConfig: block, kinesisFirehoseConfig: block, kinesisVideoStreamConfig: block }, { requiredKeys: [] }));
            const resource = graphResource;
            fc.assert(
                fc.property(value, value, config, (region, instanceId, storageConfig) => {
                    const stack = new StackGraph([
                        resource(INSTANCE, "cc", { id: "i-1", region }),
                        resource(BUCKET, "b", { bucket: "x", region }),
                        resource(STORAGE, "s", { instanceId, storageConfig, region }, { storageConfig: [urnOf(BUCKET, "b")] }),
                    ]);
                    const noop = () => undefined;
                    expect(() => connectColocation.check(stack, { regionProfile: "eu-member-states", regions: [] }, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("residency-connect-colocation across providers", () => {
    const INSTANCE_ARN = "arn:aws:connect:eu-central-1:111122223333:instance/i-native";
    const nativeInstance = (provider?: string): ExampleResource => ({ name: "native-centre", type: NATIVE.CONNECT_INSTANCE, props: { arn: INSTANCE_ARN, identityManagementType: "SAML" }, provider });
    const nativeStorage = (props: Record<string, unknown>): ExampleResource => ({
        name: "native-storage",
        type: NATIVE.CONNECT_STORAGE_CONFIG,
        props: { instanceArn: INSTANCE_ARN, resourceType: "CONTACT_TRACE_RECORDS", ...props },
    });
    const body = (message: string) => message.slice(message.indexOf("\n") + 1);

    it("names the aws-native top-level path of a target in another region", async () => {
        const { blocking } = await outcome([nativeInstance(), nativeStorage({ storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: "arn:aws:kinesis:eu-west-1:111122223333:stream/ctr" } })]);
        expect(blocking.map((f) => body(f.message))).toEqual([
            expect.stringContaining("sends CONTACT_TRACE_RECORDS of instance 'native-centre' (eu-central-1) to Kinesis stream \"arn:aws:kinesis:eu-west-1:111122223333:stream/ctr\" (`kinesisStreamConfig.streamArn`), which is in eu-west-1"),
        ]);
    });

    it("places an aws-native stream of the stack by its aws-native provider's region", async () => {
        const nativeDublin: ExampleResource = { name: "dublin-native", type: "pulumi:providers:aws-native", props: { region: "eu-west-1" } };
        const stream: ExampleResource = { name: "ctr", type: NATIVE.KINESIS_STREAM, props: { name: "acme-ctr" }, provider: "dublin-native" };
        const { blocking } = await outcome([nativeDublin, nativeInstance(), stream, nativeStorage({ storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: "acme-ctr" } })]);
        expect(blocking.map((f) => body(f.message))).toEqual([expect.stringContaining("to Kinesis stream 'ctr', which is in eu-west-1")]);
    });

    it("tells how to set the region of an aws-native instance whose provider has none", async () => {
        const { blocking } = await outcome([nativeInstance()], {}, null);
        expect(blocking.map((f) => body(f.message))).toEqual([expect.stringContaining("Set aws-native:region (or the region of its aws-native provider) to one of")]);
    });

    it("judges an aws-native storage config of an instance outside the stack by its own provider's region", async () => {
        const nativeLondon: ExampleResource = { name: "london-native", type: "pulumi:providers:aws-native", props: { region: "eu-west-2" } };
        const { blocking } = await outcome([nativeLondon, { ...nativeStorage({ storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: "arn:aws:kinesis:eu-west-2:111122223333:stream/ctr" } }), provider: "london-native" }]);
        expect(blocking.map((f) => body(f.message))).toEqual([expect.stringContaining("(for an instance outside this stack) is in eu-west-2, outside the allowed regions")]);
    });
});
