import { describe, expect, it } from "vitest";
import {
    allowsOnEveryResource,
    AWS_MANAGED_POLICIES,
    awsManagedPolicy,
    awsManagedPolicyName,
    dataReadsOf,
    documentOf,
    referencePage,
} from "../../../policies/lib/aws-managed-policies";
import { readPolicyDocument, statementCoversAction } from "../../../policies/lib/policy-document";

const entry = (name: string) => {
    const policy = awsManagedPolicy(name);
    if (!policy) throw new Error(`${name} is not in the table`);
    return policy;
};

describe("the table of AWS-managed policies", () => {
    it.each([
        ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "AmazonS3ReadOnlyAccess"],
        ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "ViewOnlyAccess"],
        ["arn:aws-eusc:iam::aws:policy/ReadOnlyAccess", "ReadOnlyAccess"],
    ])("names the AWS-managed policy %s", (arn, name) => {
        expect(awsManagedPolicyName(arn)).toBe(name);
    });

    it.each(["arn:aws:iam::111122223333:policy/ReadOnlyAccess", "ReadOnlyAccess", "arn:aws:s3:::ReadOnlyAccess", 42])("does not take %s for an AWS-managed policy", (value) => {
        expect(awsManagedPolicyName(value)).toBeUndefined();
    });

    it("knows what reads every recording and what does not", () => {
        expect(dataReadsOf(entry("AmazonS3ReadOnlyAccess"))).toEqual(["s3:GetObject", "s3:GetObjectVersion"]);
        expect(dataReadsOf(entry("ViewOnlyAccess"))).toEqual([]);
        expect(dataReadsOf(entry("AWSKeyManagementServicePowerUser"))).toEqual([]);
        expect(dataReadsOf(entry("AmazonKinesisReadOnlyAccess"))).toEqual(["kinesis:GetRecords"]);
        expect(dataReadsOf(entry("CloudWatchLogsReadOnlyAccess"))).toEqual(["logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery"]);
        expect(dataReadsOf(entry("AmazonDynamoDBReadOnlyAccess"))).toEqual(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"]);
        expect(dataReadsOf(entry("ReadOnlyAccess"))).not.toContain("kms:Decrypt");
        expect(dataReadsOf(entry("PowerUserAccess"))).toContain("kms:Decrypt");
        expect(allowsOnEveryResource(entry("PowerUserAccess"), "iam:CreateRole")).toBe(false);
        expect(dataReadsOf(entry("AdministratorAccess"))).toHaveLength(12);
    });

    it("matches names as IAM does, case-insensitively", () => {
        expect(awsManagedPolicy("amazons3readonlyaccess")).toBe(AWS_MANAGED_POLICIES["AmazonS3ReadOnlyAccess"]);
        expect(awsManagedPolicy("AWSLambdaBasicExecutionRole")).toBeUndefined();
    });

    it("turns every entry into a document the shared reader reads as granting the same", () => {
        for (const [name, policy] of Object.entries(AWS_MANAGED_POLICIES)) {
            const reading = readPolicyDocument(documentOf(policy));
            expect(reading.kind, name).toBe("document");
            if (reading.kind !== "document") continue;
            for (const action of ["s3:GetObject", "kms:Decrypt", "kinesis:GetRecords", "iam:PassRole"]) {
                expect(reading.statements.some((s) => statementCoversAction(s, action)), `${name} ${action}`).toBe(allowsOnEveryResource(policy, action));
            }
        }
    });

    it("cites the reference page of each policy", () => {
        expect(referencePage("AmazonS3ReadOnlyAccess")).toBe("https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3ReadOnlyAccess.html");
    });
});
