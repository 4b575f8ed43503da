import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketPublicAccessBlock, PUBLIC_ACCESS_BLOCK } from "../../../policies/access/public-access-block";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const allOn = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

const bucket = (props: Record<string, unknown> = { bucket: "acme-recordings" }, type = BUCKET): ExampleResource => ({ name: "recordings", type, props });
const block = (props: Record<string, unknown>, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "recordings-public-access",
    type: PUBLIC_ACCESS_BLOCK,
    props,
    ...extra,
});
const stack = (...resources: ExampleResource[]): ControlExample => ({ title: "ad hoc", verdict: "violation", resources });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(bucketPublicAccessBlock, example);
    return {
        findings,
        // The engine prefixes a violation with the policy's description; the finding itself is the last line.
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(bucketPublicAccessBlock);

describe("access-bucket-public-access-block", () => {
    it("names the bucket, says what is missing and how to add it, on the bucket's URN", async () => {
        const { findings } = await outcome(stack(bucket()));
        expect(findings).toHaveLength(1);
        expect(findings[0].urn).toBe(urnOf(BUCKET, "recordings"));
        expect(findings[0].message).toContain("S3 bucket 'recordings' has no BucketPublicAccessBlock");
        expect(findings[0].message).toContain("restrictPublicBuckets");
    });

    it("lists every switch that is off, with the value seen", async () => {
        const { blocking } = await outcome(stack(bucket(), block({ bucket: "acme-recordings", blockPublicAcls: false, ignorePublicAcls: true, blockPublicPolicy: true })));
        expect(blocking).toHaveLength(1);
        expect(blocking[0]).toContain("`blockPublicAcls` (false)");
        expect(blocking[0]).toContain("`restrictPublicBuckets` (unset, so false)");
        expect(blocking[0]).not.toContain("`ignorePublicAcls`");
    });

    it("finds the block of a deprecated BucketV2 by its literal name during an update", async () => {
        expect((await outcome(stack(bucket({ bucket: "acme-transcripts" }, BUCKET_V2), block({ bucket: "acme-transcripts", ...allOn })))).findings).toEqual([]);
    });

    it("relates a block through its resource-wide dependencies when they name exactly one bucket", async () => {
        const example = stack(bucket({}), block({ bucket: UNKNOWN, ...allOn }, { dependsOn: ["recordings"] }));
        expect((await outcome(example)).findings).toEqual([]);
    });

    it("does not count a block for a bucket outside the stack", async () => {
        const { blocking } = await outcome(stack(bucket(), block({ bucket: "some-other-bucket", ...allOn })));
        expect(blocking).toHaveLength(1);
        expect(blocking[0]).toContain("has no BucketPublicAccessBlock");
    });

    it("ignores a block of unknown bucket when the bucket already has its own", async () => {
        const stray = block({ bucket: UNKNOWN, ...allOn }, { name: "stray-block" });
        expect((await outcome(stack(bucket(), block({ bucket: "acme-recordings", ...allOn }), stray))).findings).toEqual([]);
    });

    it("defers, rather than blocks, a missing block while another block's bucket is unknown", async () => {
        const { blocking, deferred } = await outcome(stack(bucket(), block({ bucket: UNKNOWN, ...allOn }, { name: "stray-block" })));
        expect(blocking).toEqual([]);
        expect(deferred[0]).toMatch(/'stray-block' is not known yet and may be this one/);
    });

    it("reports several unknown switches in one note", async () => {
        const { deferred } = await outcome(stack(bucket(), block({ bucket: "acme-recordings", ...allOn, blockPublicAcls: UNKNOWN, restrictPublicBuckets: UNKNOWN })));
        expect(deferred[0]).toMatch(/`blockPublicAcls`, `restrictPublicBuckets` of BucketPublicAccessBlock 'recordings-public-access' are not known yet/);
    });

    describe("aws-native buckets", () => {
        const nativeBucket = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", ...props } });

        it("asks for publicAccessBlockConfiguration in aws-native terms, on the bucket's URN", async () => {
            const { findings, blocking } = await outcome(stack(nativeBucket()));
            expect(findings[0].urn).toBe(urnOf(NATIVE.S3_BUCKET, "recordings"));
            expect(blocking[0]).toContain("has no `publicAccessBlockConfiguration` and no BucketPublicAccessBlock");
            expect(blocking[0]).toContain("Set `publicAccessBlockConfiguration: { blockPublicAcls: true");
        });

        it("names the switches that are off by their path in publicAccessBlockConfiguration", async () => {
            const { blocking } = await outcome(stack(nativeBucket({ publicAccessBlockConfiguration: { ...allOn, blockPublicAcls: false } })));
            expect(blocking).toEqual([expect.stringContaining("its `publicAccessBlockConfiguration` leaves `publicAccessBlockConfiguration.blockPublicAcls` (false)")]);
        });

        it("defers while the whole publicAccessBlockConfiguration is not known yet", async () => {
            const { blocking, deferred } = await outcome(stack(nativeBucket({ publicAccessBlockConfiguration: UNKNOWN })));
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/`publicAccessBlockConfiguration` is not known yet/);
        });

        it("blocks a classic BucketPublicAccessBlock with a switch off on an aws-native bucket whose own configuration is fine", async () => {
            const { blocking } = await outcome(stack(nativeBucket({ publicAccessBlockConfiguration: allOn }), block({ bucket: "acme-recordings", ...allOn, restrictPublicBuckets: false })));
            expect(blocking).toEqual([expect.stringContaining("its BucketPublicAccessBlock 'recordings-public-access' leaves `restrictPublicBuckets` (false)")]);
        });

        it("does not read publicAccessBlockConfiguration on a classic bucket, which has no such property", async () => {
            const { blocking } = await outcome(stack(bucket({ bucket: "acme-recordings", publicAccessBlockConfiguration: allOn })));
            expect(blocking[0]).toContain("has no BucketPublicAccessBlock");
        });
    });

    it.each<[string, unknown]>([
        ["the string \"true\"", "true"],
        ["the number 1", 1],
        ["null", null],
        ["an object", { enabled: true }],
    ])("does not accept %s as a switch that is on", async (_title, value) => {
        const { blocking } = await outcome(stack(bucket(), block({ bucket: "acme-recordings", ...allOn, blockPublicPolicy: value })));
        expect(blocking).toHaveLength(1);
        expect(blocking[0]).toContain("`blockPublicPolicy`");
    });

    it.each<[string, Record<string, unknown>]>([
        ["a numeric bucket", { bucket: 42, ...allOn }],
        ["a bucket given as an object", { bucket: { name: "acme-recordings" }, blockPublicAcls: [true] }],
        ["no properties at all", {}],
    ])("never throws on odd block input: %s", async (_title, props) => {
        const { findings } = await outcome(stack(bucket(), block(props)));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(bucketPublicAccessBlock), async (example) => {
                const findings = await findingsOf(bucketPublicAccessBlock, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 30 },
        );
    }, 120_000);
});
