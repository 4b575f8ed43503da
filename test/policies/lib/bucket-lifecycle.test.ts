import { describe, expect, it } from "vitest";
import { lifecycleRules, objectLockRetention, ruleCovers, versioningOf } from "../../../policies/lib/bucket-lifecycle";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";

function resource(type: string, name: string, props: Record<string, unknown>): GraphResource {
    return { urn: `urn:pulumi:test::proj::${type}::${name}`, type, name, props, dependencies: [], propertyDependencies: {} };
}
const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
const lifecycle = (type: string, rules: unknown) => resource(type, "lifecycle", { bucket: "acme-recordings", rules });

describe("lifecycleRules", () => {
    it.each([
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    ])("reads rules of %s with filter prefixes, expiry, noncurrent expiry and aborted uploads", (type) => {
        const rules = [
            {
                id: "r",
                status: "Enabled",
                filter: { and: { prefix: "Analysis/" } },
                expiration: { days: 30 },
                noncurrentVersionExpiration: { noncurrentDays: 7 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
            },
        ];
        const [rule] = lifecycleRules(new StackGraph([bucket, lifecycle(type, rules)]), bucket).items;
        expect(rule).toMatchObject({ enabled: true, prefix: "Analysis/", expirationDays: 30, noncurrentDays: 7, abortIncompleteUploadDays: 2, narrowed: false });
    });

    it("reads inline rules of a Bucket and of a BucketV2", () => {
        const inline = resource(BUCKET, "a", { lifecycleRules: [{ enabled: true, prefix: "x/", expiration: { days: 5 }, noncurrentVersionExpiration: { days: 3 } }] });
        const inlineV2 = resource(BUCKET_V2, "b", { lifecycleRules: [{ enabled: true, expirations: [{ days: 6 }], abortIncompleteMultipartUploadDays: 1 }] });
        const graph = new StackGraph([inline, inlineV2]);
        expect(lifecycleRules(graph, inline).items[0]).toMatchObject({ prefix: "x/", expirationDays: 5, noncurrentDays: 3 });
        expect(lifecycleRules(graph, inlineV2).items[0]).toMatchObject({ prefix: "", expirationDays: 6, abortIncompleteUploadDays: 1 });
    });

    it("marks rules narrowed by tags or size, which cannot be relied on to cover a prefix", () => {
        const rules = [{ id: "t", status: "Enabled", filter: { tag: { key: "k", value: "v" } }, expiration: { days: 1 } }];
        const [rule] = lifecycleRules(new StackGraph([bucket, lifecycle("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", rules)]), bucket).items;
        expect(ruleCovers(rule, "")).toBe(false);
    });

    it("notes rules that are not known yet", () => {
        const result = lifecycleRules(new StackGraph([bucket, lifecycle("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", UNKNOWN)]), bucket);
        expect(result.unknowns).toHaveLength(1);
    });

    it.each([null, 7, "rules", [null, 3]])("does not throw on rules %j", (rules) => {
        expect(() => lifecycleRules(new StackGraph([bucket, lifecycle("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", rules)]), bucket)).not.toThrow();
    });
});

describe("ruleCovers", () => {
    const rule = (prefix: unknown) => ({ prefix, narrowed: false }) as Parameters<typeof ruleCovers>[0];
    it.each([
        ["", "Analysis/", true],
        ["Analysis/", "Analysis/Voice/", true],
        ["connect/", "Analysis/", false],
    ])("a rule for %j covers %j: %s", (prefix, key, expected) => {
        expect(ruleCovers(rule(prefix), key)).toBe(expected);
    });
    it("cannot tell while the prefix is unknown", () => {
        expect(ruleCovers(rule(UNKNOWN), "x")).toBe("unknown");
    });
});

describe("versioningOf", () => {
    const versioning = (status: unknown) =>
        resource("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: "acme-recordings", versioningConfiguration: { status } });
    it.each([
        ["a BucketVersioning resource", [bucket, versioning("Enabled")], "enabled"],
        ["a suspended BucketVersioning", [bucket, versioning("Suspended")], "suspended-or-off"],
        ["an unknown status", [bucket, versioning(UNKNOWN)], "unknown"],
        ["nothing at all", [bucket], "suspended-or-off"],
    ] as const)("reads %s", (_case, resources, expected) => {
        expect(versioningOf(new StackGraph([...resources]), bucket)).toBe(expected);
    });
    it("knows that Object Lock turns versioning on", () => {
        const locked = resource(BUCKET, "locked", { objectLockEnabled: true });
        expect(versioningOf(new StackGraph([locked]), locked)).toBe("enabled");
    });
});

describe("objectLockRetention", () => {
    it("converts years to days and reads inline configurations", () => {
        const inline = resource(BUCKET, "locked", { objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 2 } } } });
        expect(objectLockRetention(new StackGraph([inline]), inline).items).toEqual([expect.objectContaining({ mode: "COMPLIANCE", days: 730 })]);
    });
});
