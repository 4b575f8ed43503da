import { describe, expect, it } from "vitest";
import { hasNothingToJudge } from "../../../policies/applicability";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { objectLockErasure } from "../../../policies/retention/object-lock-erasure";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const NATIVE_BUCKET = "aws-native:s3:Bucket";

const nativeBucket = (defaultRetention: unknown): ExampleResource => ({
    name: "recordings",
    type: NATIVE_BUCKET,
    props: { bucketName: "acme-recordings", objectLockEnabled: true, objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention } } },
});
const stack = (resources: ExampleResource[]): ControlExample => ({ title: "ad hoc", verdict: "violation", resources, config: { contactDataBuckets: ["recordings"] } });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(objectLockErasure, example);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(objectLockErasure);

describe("retention-object-lock-erasure on aws-native buckets", () => {
    it("has something to judge in a stack of aws-native buckets only", () => {
        expect(hasNothingToJudge(objectLockErasure, new Set([NATIVE_BUCKET]))).toBe(false);
    });

    it("names the aws-native path, the period and the fix", async () => {
        const { blocking } = await outcome(stack([nativeBucket({ mode: "COMPLIANCE", days: 400 })]));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toMatch(/'recordings' `objectLockConfiguration.rule.defaultRetention` locks it in COMPLIANCE mode for 400 days/);
        expect(blocking[0].message).toMatch(/Set `objectLockConfiguration.rule.defaultRetention.mode` to "GOVERNANCE"/);
    });

    it("accepts a COMPLIANCE lock exactly at the erasure limit", async () => {
        expect((await outcome(stack([nativeBucket({ mode: "COMPLIANCE", years: 1 })]))).findings).toEqual([]);
    });

    it("defers a default retention whose years are not known yet, naming its path", async () => {
        const { blocking, deferred } = await outcome(stack([nativeBucket({ mode: "COMPLIANCE", years: UNKNOWN })]));
        expect(blocking).toEqual([]);
        expect(deferred[0].message).toMatch(/`objectLockConfiguration.rule.defaultRetention`/);
    });

    it("reports a whole objectLockConfiguration not known yet once", async () => {
        const bucket: ExampleResource = { name: "recordings", type: NATIVE_BUCKET, props: { bucketName: "acme-recordings", objectLockConfiguration: UNKNOWN } };
        const { findings } = await outcome(stack([bucket]));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toMatch(/the `objectLockConfiguration` of 'recordings'/);
    });

    it.each([null, 3, "COMPLIANCE", [{ mode: "COMPLIANCE" }]])("does not throw on defaultRetention %j", async (defaultRetention) => {
        const { findings } = await outcome(stack([nativeBucket(defaultRetention)]));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });
});
