import { describe, expect, it } from "vitest";
import { hasNothingToJudge } from "../../../policies/applicability";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { noncurrentVersions } from "../../../policies/retention/noncurrent-versions";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const NATIVE_BUCKET = "aws-native:s3:Bucket";

const nativeBucket = (props: Record<string, unknown>): ExampleResource => ({ name: "recordings", type: NATIVE_BUCKET, props: { bucketName: "acme-recordings", ...props } });
const rules = (...list: Record<string, unknown>[]) => ({ lifecycleConfiguration: { rules: list.map((r) => ({ status: "Enabled", expirationInDays: 365, ...r })) } });
const abort = { abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } };
const stack = (resources: ExampleResource[]): ControlExample => ({ title: "ad hoc", verdict: "violation", resources, config: { contactDataBuckets: ["acme-recordings"] } });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(noncurrentVersions, example);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(noncurrentVersions);

describe("retention-noncurrent-versions on aws-native buckets", () => {
    it("has something to judge in a stack of aws-native buckets only", () => {
        expect(hasNothingToJudge(noncurrentVersions, new Set([NATIVE_BUCKET]))).toBe(false);
    });

    it("asks for the noncurrent expiry in the bucket's own lifecycleConfiguration.rules", async () => {
        const { blocking } = await outcome(stack([nativeBucket({ versioningConfiguration: { status: "Enabled" }, ...rules(abort) })]));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toMatch(/S3 bucket 'recordings' is versioned/);
        expect(blocking[0].message).toMatch(/`noncurrentVersionExpiration: \{ noncurrentDays: 30 \}` to a rule in its `lifecycleConfiguration.rules`/);
    });

    it("asks for a lifecycleConfiguration when the bucket has no rules at all", async () => {
        const { blocking } = await outcome(stack([nativeBucket({})]));
        expect(blocking[0].message).toMatch(/`abortIncompleteMultipartUpload: \{ daysAfterInitiation: 7 \}` to a rule in its `lifecycleConfiguration.rules`/);
    });

    it("leaves a suspended aws-native bucket's old versions alone", async () => {
        expect((await outcome(stack([nativeBucket({ versioningConfiguration: { status: "Suspended" }, ...rules(abort) })]))).findings).toEqual([]);
    });

    it("does not count noncurrent expiry of a rule narrowed to a prefix", async () => {
        const { blocking } = await outcome(stack([nativeBucket({ versioningConfiguration: { status: "Enabled" }, ...rules({ ...abort, prefix: "connect/", noncurrentVersionExpiration: { noncurrentDays: 7 } }) })]));
        expect(blocking.map((f) => f.message).join(" ")).toMatch(/noncurrent versions/);
    });

    it("names versioningConfiguration.status when it is not known yet", async () => {
        const { blocking, deferred } = await outcome(stack([nativeBucket({ versioningConfiguration: UNKNOWN, ...rules(abort) })]));
        expect(blocking).toEqual([]);
        expect(deferred[0].message).toMatch(/`versioningConfiguration.status`/);
    });

    it("reads versioning from a classic BucketVersioning that points at the aws-native bucket", async () => {
        const versioning: ExampleResource = { name: "recordings-versioning", type: "aws:s3/bucketVersioning:BucketVersioning", props: { bucket: "acme-recordings", versioningConfiguration: { status: "Enabled" } } };
        const { blocking } = await outcome(stack([nativeBucket(rules(abort)), versioning]));
        expect(blocking[0].message).toMatch(/is versioned/);
    });
});
