import { describe, expect, it } from "vitest";
import { hasNothingToJudge } from "../../../policies/applicability";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { contactDataExpiry } from "../../../policies/retention/contact-data-expiry";
import { contactDataBuckets } from "../../../policies/lib/contact-data";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { urnOf } from "../../support/example-stack";
import { reconciledConfig } from "../../support/reconciled-config";
import { describeControlExamples, findingsOf, itBlocksAlsoAtFirstPreview } from "../../support/control-examples";

const NATIVE_BUCKET = "aws-native:s3:Bucket";
const CLASSIC_LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";

const nativeBucket = (props: Record<string, unknown>): ExampleResource => ({ name: "recordings", type: NATIVE_BUCKET, props: { bucketName: "acme-recordings", ...props } });
const storage = (bucketPrefix: unknown = "connect/acme"): ExampleResource => ({
    name: "call-recordings",
    type: "aws:connect/instanceStorageConfig:InstanceStorageConfig",
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix } } },
});
const stack = (resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "violation", resources, config });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(contactDataExpiry, example);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(contactDataExpiry);

describe("retention-contact-data-expiry with two lifecycle configurations on one bucket", () => {
    itBlocksAlsoAtFirstPreview(contactDataExpiry, "two lifecycle configurations", "2 resources set its lifecycle configuration ('recordings-lifecycle', 'override-lifecycle')");

    it("counts inline rules as one of them", async () => {
        const { blocking } = await outcome(
            stack([
                { name: "recordings", type: "aws:s3/bucket:Bucket", props: { bucket: "acme-recordings", lifecycleRules: [{ enabled: true, expiration: { days: 30 } }] } },
                storage(),
                { name: "recordings-lifecycle", type: CLASSIC_LIFECYCLE, props: { bucket: "acme-recordings", rules: [{ id: "a", status: "Enabled", filter: {}, expiration: { days: 30 } }] } },
            ]),
        );
        expect(blocking.map((f) => f.message)).toContainEqual(expect.stringContaining("('recordings', 'recordings-lifecycle')"));
    });
});

describe("retention-contact-data-expiry on aws-native buckets", () => {
    it("has something to judge in a stack of aws-native buckets only", () => {
        expect(hasNothingToJudge(contactDataExpiry, new Set([NATIVE_BUCKET]))).toBe(false);
    });

    it("names the aws-native home of the missing rule and its expirationInDays", async () => {
        const { blocking } = await outcome(stack([nativeBucket({}), storage()]));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toMatch(/S3 bucket 'recordings' holds contact data \(written by 'call-recordings'\)/);
        expect(blocking[0].message).toMatch(/`expirationInDays` <= 365 covering it in its `lifecycleConfiguration.rules`/);
    });

    it("quotes the aws-native rule path and period of a rule that keeps data too long", async () => {
        const { blocking } = await outcome(stack([nativeBucket({ lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 2555 }] } }), storage()]));
        expect(blocking[0].message).toMatch(/'recordings' lifecycleConfiguration\.rules\[0\] expires after 2555 days/);
        expect(blocking[0].message).toMatch(/`expirationInDays` <= 365/);
    });

    it("does not count a disabled aws-native rule", async () => {
        const { blocking } = await outcome(stack([nativeBucket({ lifecycleConfiguration: { rules: [{ status: "Disabled", expirationInDays: 30 }] } }), storage()]));
        expect(blocking).toHaveLength(1);
    });

    it("accepts a classic BucketLifecycleConfiguration that expires an aws-native bucket's content, and names its terms", async () => {
        const classic = (days: number): ExampleResource => ({
            name: "recordings-lifecycle",
            type: CLASSIC_LIFECYCLE,
            props: { bucket: "acme-recordings", rules: [{ id: "all", status: "Enabled", filter: {}, expiration: { days } }] },
        });
        expect((await outcome(stack([nativeBucket({}), storage(), classic(365)]))).findings).toEqual([]);
        expect((await outcome(stack([nativeBucket({}), storage(), classic(900)]))).blocking[0].message).toMatch(/`expiration\.days` <= 365/);
    });

    it("defers a rule whose tagFilters are not known yet instead of blocking", async () => {
        const { blocking, deferred } = await outcome(stack([nativeBucket({ lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 30, tagFilters: UNKNOWN }] } }), storage()]));
        expect(blocking).toEqual([]);
        expect(deferred).toHaveLength(1);
    });

    it("with an unknown storage prefix, asks for a whole-bucket rule", async () => {
        const rules = ["connect/", "Analysis/", "Evaluations/"].map((prefix) => ({ status: "Enabled", prefix, expirationInDays: 30 }));
        const { blocking } = await outcome(stack([nativeBucket({ lifecycleConfiguration: { rules } }), storage(UNKNOWN)]));
        expect(blocking[0].message).toMatch(/nothing expires the whole bucket within 365 days/);
    });

    it("leaves the stack's shared contact-data lineage as it found it", () => {
        const graph = new StackGraph([nativeBucket({}), storage(UNKNOWN)].map(({ type, name, props }) => ({ type, name, props, urn: urnOf(type, name), dependencies: [], propertyDependencies: {} })));
        const noop = () => undefined;
        contactDataExpiry.check(graph, reconciledConfig(contactDataExpiry, {}), { violation: noop, undecided: noop });
        const [entry] = contactDataBuckets(graph).buckets.values();
        expect([...entry.prefixes]).not.toContain("");
    });
});
