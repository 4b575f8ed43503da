import { describe, expect, it } from "vitest";
import { contactDataBuckets, FIREHOSE } from "../../../policies/lib/contact-data";
import { CONNECT_STORAGE_CONFIG } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";

function resource(type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, GraphResource[]> = {}): GraphResource {
    return {
        urn: `urn:pulumi:test::proj::${type}::${name}`,
        type,
        name,
        props,
        dependencies: [],
        propertyDependencies: Object.fromEntries(Object.entries(propertyDependencies).map(([k, v]) => [k, v.map((r) => r.urn)])),
    };
}

const s3Storage = (bucketName: unknown, bucketPrefix: unknown, deps: Record<string, GraphResource[]> = {}) =>
    resource(CONNECT_STORAGE_CONFIG, "recordings-storage", { storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix } } }, deps);

describe("contactDataBuckets", () => {
    it("finds the bucket a Connect storage config writes to, with its prefix and Connect's root prefixes", () => {
        const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
        const data = contactDataBuckets(new StackGraph([bucket, s3Storage("acme-recordings", "connect/acme")]));
        expect([...data.buckets.keys()]).toEqual([bucket]);
        expect([...data.buckets.get(bucket)!.prefixes].sort()).toEqual(["Analysis/", "Evaluations/", "connect/acme"]);
    });

    it("relates a storage config to its bucket through property dependencies during a first preview", () => {
        const bucket = resource(BUCKET, "recordings", {});
        const data = contactDataBuckets(new StackGraph([bucket, s3Storage(UNKNOWN, UNKNOWN, { storageConfig: [bucket] })]));
        expect(data.buckets.get(bucket)?.unknownPrefix).toBe(true);
    });

    it("finds the bucket a Firehose delivers to by the bucket ARN", () => {
        const bucket = resource(BUCKET, "ctr-archive", { bucket: "acme-ctr" });
        const firehose = resource(FIREHOSE, "ctr", { extendedS3Configuration: { bucketArn: "arn:aws:s3:::acme-ctr", prefix: "ctr/" } });
        const data = contactDataBuckets(new StackGraph([bucket, firehose]));
        expect([...data.buckets.get(bucket)!.prefixes]).toEqual(["ctr/"]);
    });

    it("adds buckets a team names, as whole buckets", () => {
        const bucket = resource(BUCKET, "exports", { bucket: "acme-exports" });
        const data = contactDataBuckets(new StackGraph([bucket]), ["acme-exports"]);
        expect([...data.buckets.get(bucket)!.prefixes]).toEqual([""]);
    });

    it("lists writers whose bucket is not known yet", () => {
        const storage = s3Storage(UNKNOWN, "connect");
        expect(contactDataBuckets(new StackGraph([resource(BUCKET, "other", {}), storage])).unresolvedWriters).toEqual([storage]);
    });

    it.each([null, "S3", [], { storageType: "S3" }])("ignores a storage config whose storageConfig is %j", (storageConfig) => {
        const data = contactDataBuckets(new StackGraph([resource(CONNECT_STORAGE_CONFIG, "odd", { storageConfig })]));
        expect(data.buckets.size).toBe(0);
    });
});
