import { describe, expect, it } from "vitest";
import { expiryDaysProperty, lifecycleRules, lifecycleRulesHome, objectLockRetention, ruleCovers, versioningOf } from "../../../policies/lib/bucket-lifecycle";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { graphResource as resource } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";

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

    it("waits for a tag filter that is not known yet instead of calling the rule narrowed", () => {
        const rules = [{ id: "t", status: "Enabled", filter: { tag: UNKNOWN }, expiration: { days: 1 } }];
        const [rule] = lifecycleRules(new StackGraph([bucket, lifecycle("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", rules)]), bucket).items;
        expect(ruleCovers(rule, "")).toBe("unknown");
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

describe("aws-native buckets", () => {
    const NATIVE_BUCKET = "aws-native:s3:Bucket";
    const native = (props: Record<string, unknown>) => resource(NATIVE_BUCKET, "recordings", { bucketName: "acme-recordings", ...props });
    const rulesOf = (bucket: GraphResource, ...others: GraphResource[]) => lifecycleRules(new StackGraph([bucket, ...others]), bucket);

    it("reads lifecycleConfiguration.rules with their top-level prefix, expiry, noncurrent expiry and aborted uploads", () => {
        const bucket = native({
            lifecycleConfiguration: {
                rules: [{ id: "r", status: "Enabled", prefix: "Analysis/", expirationInDays: 30, noncurrentVersionExpiration: { noncurrentDays: 7 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 2 } }],
            },
        });
        expect(rulesOf(bucket).items).toEqual([
            expect.objectContaining({ path: "lifecycleConfiguration.rules[0]", enabled: true, prefix: "Analysis/", narrowed: false, expirationDays: 30, noncurrentDays: 7, abortIncompleteUploadDays: 2 }),
        ]);
    });

    it("reads a rule without prefix as the whole bucket, a disabled status and a fixed expiry date", () => {
        const bucket = native({ lifecycleConfiguration: { rules: [{ status: "Disabled", expirationDate: "2027-01-01" }] } });
        expect(rulesOf(bucket).items[0]).toMatchObject({ enabled: false, prefix: "", expirationDate: "2027-01-01" });
    });

    it("reads the deprecated noncurrentVersionExpirationInDays", () => {
        const bucket = native({ lifecycleConfiguration: { rules: [{ status: "Enabled", noncurrentVersionExpirationInDays: 14 }] } });
        expect(rulesOf(bucket).items[0].noncurrentDays).toBe(14);
    });

    it.each([
        ["tagFilters", { tagFilters: [{ key: "tier", value: "tmp" }] }],
        ["objectSizeGreaterThan", { objectSizeGreaterThan: "1048576" }],
        ["objectSizeLessThan", { objectSizeLessThan: "1048576" }],
    ])("marks a rule narrowed by %s, which cannot be relied on to cover a prefix", (_field, narrowing) => {
        const [rule] = rulesOf(native({ lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 1, ...narrowing }] } })).items;
        expect(ruleCovers(rule, "")).toBe(false);
    });

    it("does not count an empty tagFilters list as narrowing", () => {
        const [rule] = rulesOf(native({ lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 1, tagFilters: [] }] } })).items;
        expect(ruleCovers(rule, "Analysis/")).toBe(true);
    });

    it("cannot tell whether a rule covers a prefix while its tagFilters are not known yet", () => {
        const [rule] = rulesOf(native({ lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 1, tagFilters: UNKNOWN }] } })).items;
        expect(ruleCovers(rule, "")).toBe("unknown");
    });

    it.each([
        ["the whole lifecycleConfiguration", UNKNOWN, "`lifecycleConfiguration`"],
        ["its rules", { rules: UNKNOWN }, "`lifecycleConfiguration.rules`"],
    ])("notes %s not known yet", (_case, lifecycleConfiguration, named) => {
        const result = rulesOf(native({ lifecycleConfiguration }));
        expect(result.items).toEqual([]);
        expect(result.unknowns).toEqual([`the ${named} of 'recordings'`]);
    });

    it("reads the rules of a classic BucketLifecycleConfiguration that points at the aws-native bucket by name", () => {
        const classic = lifecycle("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", [{ status: "Enabled", filter: {}, expiration: { days: 90 } }]);
        expect(rulesOf(native({}), classic).items).toEqual([expect.objectContaining({ declaredBy: classic, expirationDays: 90 })]);
    });

    it.each([null, 7, "rules", { rules: [null, 3, "x"] }, { rules: { status: "Enabled" } }])("does not throw on lifecycleConfiguration %j", (lifecycleConfiguration) => {
        expect(() => rulesOf(native({ lifecycleConfiguration }))).not.toThrow();
    });

    it.each([
        ["Enabled", "enabled"],
        ["Suspended", "suspended-or-off"],
        [UNKNOWN, "unknown"],
    ] as const)("reads versioningConfiguration.status %s", (status, expected) => {
        const bucket = native({ versioningConfiguration: { status } });
        expect(versioningOf(new StackGraph([bucket]), bucket)).toBe(expected);
    });

    it("reads a whole versioningConfiguration not known yet as unknown", () => {
        const bucket = native({ versioningConfiguration: UNKNOWN });
        expect(versioningOf(new StackGraph([bucket]), bucket)).toBe("unknown");
    });

    it("does not read the classic inline `versioning` block on an aws-native bucket", () => {
        const bucket = native({ versioning: { enabled: true } });
        expect(versioningOf(new StackGraph([bucket]), bucket)).toBe("suspended-or-off");
    });

    it("knows that objectLockEnabled turns versioning on", () => {
        const bucket = native({ objectLockEnabled: true });
        expect(versioningOf(new StackGraph([bucket]), bucket)).toBe("enabled");
    });

    it("reads a classic BucketVersioning that points at the aws-native bucket", () => {
        const bucket = native({});
        const versioning = resource("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: "acme-recordings", versioningConfiguration: { status: "Enabled" } });
        expect(versioningOf(new StackGraph([bucket, versioning]), bucket)).toBe("enabled");
    });

    it("reads objectLockConfiguration.rule.defaultRetention, years as days, with its path", () => {
        const bucket = native({ objectLockEnabled: true, objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 7 } } } });
        expect(objectLockRetention(new StackGraph([bucket]), bucket).items).toEqual([
            { declaredBy: bucket, path: "objectLockConfiguration.rule.defaultRetention", mode: "COMPLIANCE", days: 2555 },
        ]);
    });

    it("notes an objectLockConfiguration not known yet without inventing a retention from it", () => {
        const bucket = native({ objectLockConfiguration: UNKNOWN });
        expect(objectLockRetention(new StackGraph([bucket]), bucket)).toEqual({ items: [], unknowns: ["the `objectLockConfiguration` of 'recordings'"] });
    });

    it("names the fix in the terms of whoever declares the rules", () => {
        expect(expiryDaysProperty(native({}))).toBe("expirationInDays");
        expect(expiryDaysProperty(bucket)).toBe("expiration.days");
        expect(lifecycleRulesHome(native({}), [])).toBe("its `lifecycleConfiguration.rules`");
        expect(lifecycleRulesHome(bucket, [])).toBe("an `aws.s3.BucketLifecycleConfiguration` for it");
        const withRules = (b: GraphResource, ...others: GraphResource[]) => lifecycleRulesHome(b, lifecycleRules(new StackGraph([b, ...others]), b).items);
        expect(withRules(native({ lifecycleConfiguration: { rules: [{ status: "Enabled" }] } }))).toBe("its `lifecycleConfiguration.rules`");
        expect(withRules(native({}), lifecycle("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", [{ status: "Enabled" }]))).toBe("'lifecycle'");
        expect(withRules(resource(BUCKET, "inline", { lifecycleRules: [{ enabled: true }] }))).toBe("its `lifecycleRules`");
    });
});
