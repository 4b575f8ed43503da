import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasNothingToJudge } from "../../../policies/applicability";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { replicationDestinations } from "../../../policies/residency/replication-destinations";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { graphResource, urnOf } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const KEY = "aws:kms/key:Key";

const dublin: ExampleResource = { name: "dublin", type: "pulumi:providers:aws", props: { region: "eu-west-1" } };
const source: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const replica = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "replica", type: BUCKET, props: { bucket: "acme-replica", ...props }, provider: "dublin" });
const replication = (rules: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "replication",
    type: REPLICATION,
    props: { bucket: "acme-recordings", role: "arn:aws:iam::111122223333:role/replication", rules },
    ...extra,
});
const rule = (destination: unknown, status: unknown = "Enabled") => ({ status, destination });

async function outcome(resources: ExampleResource[], config: Record<string, unknown> = {}, awsRegion?: string | null) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources, awsRegion };
    const findings = await findingsOf(replicationDestinations, example, config);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.message.includes("can't run policy")),
        crashed: findings.some((f) => /could not evaluate/.test(f.message)),
    };
}

describeControlExamples(replicationDestinations);

describe("residency-replication-destinations on aws-native buckets", () => {
    const NATIVE_BUCKET = "aws-native:s3:Bucket";
    const nativeDublin: ExampleResource = { name: "native-dublin", type: "pulumi:providers:aws-native", props: { region: "eu-west-1" } };
    const nativeSource = (rules: unknown): ExampleResource => ({
        name: "recordings",
        type: NATIVE_BUCKET,
        props: { bucketName: "acme-recordings", replicationConfiguration: { role: "arn:aws:iam::111122223333:role/replication", rules } },
    });
    const nativeReplica = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "replica", type: NATIVE_BUCKET, props: { bucketName: "acme-replica", ...props }, provider: "native-dublin" });

    it("has something to judge in a stack of aws-native buckets only", () => {
        expect(hasNothingToJudge(replicationDestinations, new Set([NATIVE_BUCKET]))).toBe(false);
    });

    it("names the aws-native bucket, the rule's path and the destination outside the stack", async () => {
        const { blocking } = await outcome([nativeSource([rule({ bucket: "arn:aws:s3:::partner-archive" })])]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].urn).toBe(urnOf(NATIVE_BUCKET, "recordings"));
        expect(blocking[0].message).toContain("S3 bucket 'recordings' replicates objects through `replicationConfiguration.rules[0].destination`");
        expect(blocking[0].message).toContain('"arn:aws:s3:::partner-archive" is not defined in this stack');
    });

    it("reads the replica key under destination.encryptionConfiguration, not the classic inline place", async () => {
        const usKey = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const classicPlace = await outcome([nativeDublin, nativeReplica(), nativeSource([rule({ bucket: "arn:aws:s3:::acme-replica", replicaKmsKeyId: usKey })])]);
        expect(classicPlace.findings).toEqual([]);
        const nativePlace = await outcome([nativeDublin, nativeReplica(), nativeSource([rule({ bucket: "arn:aws:s3:::acme-replica", encryptionConfiguration: { replicaKmsKeyId: usKey } })])]);
        expect(nativePlace.blocking[0].message).toContain("the replica KMS key \"arn:aws:kms:us-east-1");
    });

    it("accepts a destination named by the aws-native bucket's name", async () => {
        expect((await outcome([nativeDublin, nativeReplica(), nativeSource([rule({ bucket: "acme-replica" })])])).findings).toEqual([]);
    });

    it("leaves a disabled aws-native rule alone", async () => {
        expect((await outcome([nativeSource([rule({ bucket: "arn:aws:s3:::partner-archive" }, "Disabled")])])).findings).toEqual([]);
    });

    it("defers a violating aws-native destination while its rule's status is not known yet", async () => {
        const { blocking, deferred } = await outcome([nativeSource([rule({ bucket: "arn:aws:s3:::partner-archive" }, UNKNOWN)])]);
        expect(blocking).toEqual([]);
        expect(deferred).toHaveLength(1);
    });

    it("judges an aws-native destination by its provider's region, unset included", async () => {
        const { blocking } = await outcome([nativeReplica({}), nativeSource([rule({ bucket: "arn:aws:s3:::acme-replica" })])].map((r) => ({ ...r, provider: undefined })), {}, null);
        expect(blocking[0].message).toContain("destination bucket 'replica' has no region");
    });

    it("never throws on malformed aws-native replication configurations", async () => {
        for (const value of ["x", 1, null, [], { rules: "x" }, { rules: [null, 1, { destination: "x" }] }, { rules: [{ destination: { encryptionConfiguration: "kms" } }] }]) {
            const { crashed } = await outcome([{ name: "recordings", type: NATIVE_BUCKET, props: { replicationConfiguration: value } }]);
            expect(crashed).toBe(false);
        }
    });
});

describe("residency-replication-destinations", () => {
    it("blocks a recordings bucket that replicates to a us-east-1 bucket of the stack, naming rule, bucket and fix", async () => {
        const { blocking } = await outcome([dublin, source, replica({ region: "us-east-1" }), replication([rule({ bucket: "arn:aws:s3:::acme-replica" })])]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].urn).toBe(urnOf(REPLICATION, "replication"));
        expect(blocking[0].message).toContain("S3 replication configuration 'replication'");
        expect(blocking[0].message).toContain("`rules[0].destination`");
        expect(blocking[0].message).toContain("destination bucket 'replica' is in us-east-1");
        expect(blocking[0].message).toContain("Replicate only to a bucket defined in this stack");
    });

    it("accepts a destination given by bucket name instead of ARN", async () => {
        const { findings } = await outcome([dublin, source, replica(), replication([rule({ bucket: "acme-replica" })])]);
        expect(findings).toEqual([]);
    });

    it("blocks an external destination listed next to a stack bucket, even though `rules` depends on that bucket", async () => {
        const rules = [rule({ bucket: "arn:aws:s3:::acme-replica" }), rule({ bucket: "arn:aws:s3:::partner-archive" })];
        const { blocking } = await outcome([dublin, source, replica(), replication(rules, { propertyDependencies: { rules: ["replica"] } })]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toContain('"arn:aws:s3:::partner-archive" is not defined in this stack');
        expect(blocking[0].message).toContain("`rules[1].destination`");
    });

    it("blocks a destination bucket with no region anywhere", async () => {
        const { blocking } = await outcome([source, { name: "replica", type: BUCKET, props: { bucket: "acme-replica" } }, replication([rule({ bucket: "arn:aws:s3:::acme-replica" })])], {}, null);
        expect(blocking[0].message).toMatch(/has no region/);
    });

    it("uses the team's own region list: profile custom with only eu-central-1 blocks Dublin", async () => {
        const { blocking } = await outcome([dublin, source, replica(), replication([rule({ bucket: "arn:aws:s3:::acme-replica" })])], { regionProfile: "custom", regions: ["eu-central-1"] });
        expect(blocking[0].message).toContain("is in eu-west-1");
    });

    it("resolves an unknown replica key through property dependencies and blocks one in us-east-1", async () => {
        const { blocking } = await outcome([
            dublin,
            source,
            replica(),
            { name: "replica-key", type: KEY, props: { region: "us-east-1" } },
            replication([rule({ bucket: "arn:aws:s3:::acme-replica", encryptionConfiguration: { replicaKmsKeyId: UNKNOWN } })], { propertyDependencies: { rules: ["replica", "replica-key"] } }),
        ]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toContain("replica KMS key 'replica-key' is in us-east-1");
    });

    it("checks the replica key on inline BucketV2 destinations", async () => {
        const inline = { role: "r", rules: [{ status: "Enabled", destinations: [{ bucket: "arn:aws:s3:::acme-replica", replicaKmsKeyId: "arn:aws:kms:us-west-2:111122223333:key/k" }] }] };
        const { blocking } = await outcome([dublin, replica(), { name: "recordings", type: BUCKET_V2, props: { bucket: "acme-recordings", replicationConfigurations: [inline] } }]);
        expect(blocking[0].message).toContain("is in us-west-2");
    });

    it("accepts a replica key given as a bare key id, which KMS resolves in the destination's region", async () => {
        const { findings } = await outcome([dublin, source, replica(), replication([rule({ bucket: "arn:aws:s3:::acme-replica", encryptionConfiguration: { replicaKmsKeyId: "1234abcd" } })])]);
        expect(findings).toEqual([]);
    });

    describe("first preview", () => {
        it("defers a violating destination while its rule's status is not known yet", async () => {
            const { blocking, deferred } = await outcome([source, replication([rule({ bucket: "arn:aws:s3:::partner-archive" }, UNKNOWN)])]);
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/`status` of the rule with `rules\[0\]\.destination` is not known yet/);
        });

        it("defers a replica key that is unknown and comes from no key of the stack", async () => {
            const { blocking, deferred } = await outcome([dublin, source, replica(), replication([rule({ bucket: "arn:aws:s3:::acme-replica", encryptionConfiguration: { replicaKmsKeyId: UNKNOWN } })])]);
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/replica KMS key of `rules\[0\]\.destination` is not known yet/);
        });

        it("defers a rules list that is not known yet", async () => {
            const { blocking, deferred } = await outcome([source, replication(UNKNOWN)]);
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/`rules` is not known yet/);
        });

        it("defers a destination bucket whose region is not known yet", async () => {
            const { blocking, deferred } = await outcome([dublin, source, replica({ region: UNKNOWN }), replication([rule({ bucket: "arn:aws:s3:::acme-replica" })])]);
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/region of destination bucket 'replica' is not known yet/);
        });
    });

    describe("odd input", () => {
        it.each([
            ["rules as a string", "not a list"],
            ["rules as a number", 42],
            ["rules as null", null],
            ["a single rule object instead of a list", rule({ bucket: "arn:aws:s3:::acme-replica" })],
            ["a destination that is a string", [{ status: "Enabled", destination: "arn:aws:s3:::acme-replica" }]],
            ["a destination bucket that is a number", [rule({ bucket: 7 })]],
            ["rules holding null and arrays", [null, [], 3]],
            ["encryptionConfiguration as a string", [rule({ bucket: "arn:aws:s3:::acme-replica", encryptionConfiguration: "kms" })]],
        ])("never throws on %s", async (_title, rules) => {
            const { crashed } = await outcome([dublin, source, replica(), replication(rules)]);
            expect(crashed).toBe(false);
        });

        it("never throws on malformed inline configurations", async () => {
            for (const value of ["x", 1, null, [], [null], { rules: "x" }, [{ rules: [{ destinations: "x" }] }], [{ rules: [{ destinations: [null, 1] }] }]]) {
                const { crashed } = await outcome([{ name: "recordings", type: BUCKET_V2, props: { replicationConfiguration: value, replicationConfigurations: value } }]);
                expect(crashed).toBe(false);
            }
        });

        it("never throws on arbitrary property bags", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("arn:aws:s3:::acme-replica"), fc.constant("Disabled"), fc.anything());
            const destination = fc.record({ bucket: value, encryptionConfiguration: fc.oneof(value, fc.record({ replicaKmsKeyId: value })), replicaKmsKeyId: value }, { requiredKeys: [] });
            const rules = fc.oneof(value, fc.array(fc.oneof(value, fc.record({ status: value, destination: fc.oneof(value, destination), destinations: fc.oneof(value, fc.array(destination)) }, { requiredKeys: [] })), { maxLength: 3 }));
            const resource = (type: string, name: string, props: Record<string, unknown>) => graphResource(type, name, props, { rules: [urnOf(BUCKET, "replica")] });
            fc.assert(
                fc.property(rules, rules, value, (configRules, inlineRules, region) => {
                    const stack = new StackGraph([
                        resource(BUCKET, "replica", { bucket: "acme-replica", region, replicationConfiguration: { rules: inlineRules } }),
                        resource(BUCKET_V2, "v2", { replicationConfigurations: [{ rules: inlineRules }] }),
                        resource(REPLICATION, "replication", { rules: configRules }),
                    ]);
                    const noop = () => undefined;
                    expect(() => replicationDestinations.check(stack, { regionProfile: "eu-member-states", regions: [] }, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});
