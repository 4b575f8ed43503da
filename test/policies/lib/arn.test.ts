import { describe, expect, it } from "vitest";
import { bucketNameOfArn, isAwsManagedKeyAlias, isKmsKeyArn, parseArn } from "../../../policies/lib/arn";

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:eu-central-1:111122223333:key/${KEY_ID}`;

describe("parseArn", () => {
    it("splits a KMS key ARN into partition, service, region, account, type and id", () => {
        expect(parseArn(KEY_ARN)).toEqual({
            partition: "aws",
            service: "kms",
            region: "eu-central-1",
            account: "111122223333",
            resource: `key/${KEY_ID}`,
            resourceType: "key",
            resourceId: KEY_ID,
        });
    });

    it("reads an S3 bucket ARN, which has neither region nor account, as a bare id", () => {
        expect(parseArn("arn:aws:s3:::acme-recordings")).toEqual({
            partition: "aws",
            service: "s3",
            region: "",
            account: "",
            resource: "acme-recordings",
            resourceType: "",
            resourceId: "acme-recordings",
        });
    });

    it("keeps the path of an IAM role in its resource id", () => {
        const arn = parseArn("arn:aws:iam::111122223333:role/service-role/connect-reviewer");
        expect(arn?.resourceType).toBe("role");
        expect(arn?.resourceId).toBe("service-role/connect-reviewer");
    });

    it("splits a colon-separated resource at its first colon and keeps the rest whole", () => {
        const arn = parseArn("arn:aws:logs:eu-central-1:111122223333:log-group:/aws/connect/acme:*");
        expect(arn?.resource).toBe("log-group:/aws/connect/acme:*");
        expect(arn?.resourceType).toBe("log-group");
        expect(arn?.resourceId).toBe("/aws/connect/acme:*");
    });

    it.each(["aws", "aws-cn", "aws-us-gov", "aws-iso-b", "aws-eusc"])("accepts the %s partition", (partition) => {
        expect(parseArn(`arn:${partition}:s3:::acme-recordings`)?.partition).toBe(partition);
    });

    it.each([
        ["a bucket name", "acme-recordings"],
        ["an empty string", ""],
        ["too few parts", "arn:aws:s3::"],
        ["an unknown partition", "arn:azure:s3:::acme-recordings"],
        ["an empty service", "arn:aws::eu-central-1:111122223333:key/1"],
        ["an empty resource", "arn:aws:s3:::"],
        ["a prefix in the wrong case", "ARN:aws:s3:::acme-recordings"],
    ])("rejects %s", (_what, value) => {
        expect(parseArn(value)).toBeUndefined();
    });

    it.each([undefined, null, 42, { arn: KEY_ARN }, [KEY_ARN]])("rejects the non-string %j", (value) => {
        expect(parseArn(value)).toBeUndefined();
    });
});

describe("isKmsKeyArn", () => {
    it("recognises a full key ARN", () => {
        expect(isKmsKeyArn(KEY_ARN)).toBe(true);
    });

    it("recognises a key ARN in another partition", () => {
        expect(isKmsKeyArn(`arn:aws-cn:kms:cn-north-1:111122223333:key/${KEY_ID}`)).toBe(true);
    });

    it.each([
        ["a bare key id", KEY_ID],
        ["an alias ARN", "arn:aws:kms:eu-central-1:111122223333:alias/acme-recordings"],
        ["an alias name", "alias/acme-recordings"],
        ["a key ARN without a region", `arn:aws:kms::111122223333:key/${KEY_ID}`],
        ["a key ARN whose account is not twelve digits", `arn:aws:kms:eu-central-1:1111:key/${KEY_ID}`],
        ["a key ARN without a key id", "arn:aws:kms:eu-central-1:111122223333:key/"],
        ["an ARN of another service", `arn:aws:s3:eu-central-1:111122223333:key/${KEY_ID}`],
        ["a non-string", 1234],
    ])("rejects %s", (_what, value) => {
        expect(isKmsKeyArn(value)).toBe(false);
    });
});

describe("isAwsManagedKeyAlias", () => {
    it.each([
        "alias/aws/s3",
        "alias/aws/kinesis",
        "arn:aws:kms:eu-central-1:111122223333:alias/aws/s3",
    ])("recognises %s as an AWS managed key", (value) => {
        expect(isAwsManagedKeyAlias(value)).toBe(true);
    });

    it.each([
        ["a customer alias name", "alias/acme-recordings"],
        ["a customer alias ARN", "arn:aws:kms:eu-central-1:111122223333:alias/acme-recordings"],
        ["an alias that merely starts with aws", "alias/aws-recordings"],
        ["a customer key ARN", KEY_ARN],
        ["an ARN of another service that contains alias/aws/", "arn:aws:s3:::alias/aws/s3"],
        ["an undefined value", undefined],
        ["a number", 42],
    ])("rejects %s", (_what, value) => {
        expect(isAwsManagedKeyAlias(value)).toBe(false);
    });
});

describe("bucketNameOfArn", () => {
    it("returns the bucket name of a bucket ARN", () => {
        expect(bucketNameOfArn("arn:aws:s3:::acme-recordings")).toBe("acme-recordings");
    });

    it.each([
        ["an object ARN", "arn:aws:s3:::acme-recordings/calls/2024/01.wav"],
        ["an objects wildcard", "arn:aws:s3:::acme-recordings/*"],
        ["an access point ARN", "arn:aws:s3:eu-central-1:111122223333:accesspoint/recordings"],
        ["an ARN of another service", KEY_ARN],
        ["a bare bucket name", "acme-recordings"],
        ["a non-string", undefined],
    ])("returns undefined for %s", (_what, value) => {
        expect(bucketNameOfArn(value)).toBeUndefined();
    });
});
