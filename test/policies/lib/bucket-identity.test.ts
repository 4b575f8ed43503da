import { describe, expect, it } from "vitest";
import { bucketNameOf, bucketNameProperty, bucketsNamed } from "../../../policies/lib/bucket-identity";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { graphResource as resource } from "../../support/example-stack";

const CLASSIC = "aws:s3/bucket:Bucket";
const NATIVE = "aws-native:s3:Bucket";


describe("bucketNameOf", () => {
    it.each([
        ["a classic bucket's `bucket`", resource(CLASSIC, "a", { bucket: "acme-a" }), "acme-a"],
        ["an aws-native bucket's `bucketName`", resource(NATIVE, "b", { bucketName: "acme-b" }), "acme-b"],
        ["the id once created", resource(NATIVE, "c", { bucketName: UNKNOWN, id: "acme-c" }), "acme-c"],
        ["the ARN's name", resource(NATIVE, "d", { arn: "arn:aws:s3:::acme-d" }), "acme-d"],
        ["nothing while the name is unknown", resource(NATIVE, "e", { bucketName: UNKNOWN }), undefined],
        ["not the classic property on an aws-native bucket", resource(NATIVE, "f", { bucket: "acme-f" }), undefined],
    ])("reads %s", (_case, bucket, expected) => {
        expect(bucketNameOf(bucket)).toBe(expected);
    });

    it("names the property per provider", () => {
        expect(bucketNameProperty({ type: CLASSIC })).toBe("bucket");
        expect(bucketNameProperty({ type: NATIVE })).toBe("bucketName");
    });
});

describe("bucketsNamed", () => {
    const classic = resource(CLASSIC, "classic", { bucket: "acme-classic" });
    const native = resource(NATIVE, "native", { bucketName: "acme-native", arn: "arn:aws:s3:::acme-native" });
    const stack = new StackGraph([classic, native, resource("aws:kms/key:Key", "key", { name: "acme-native" })]);

    it.each([
        ["an aws-native bucket by name", "acme-native", [native]],
        ["an aws-native bucket by ARN", "arn:aws:s3:::acme-native", [native]],
        ["a classic bucket by ARN", "arn:aws:s3:::acme-classic", [classic]],
        ["nothing outside the stack", "arn:aws:s3:::partner-archive", []],
    ])("finds %s", (_case, value, expected) => {
        expect(bucketsNamed(stack, value)).toEqual(expected);
    });
});
