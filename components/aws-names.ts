/**
 * Names and ARNs the components build themselves from literal names, the account and the region.
 *
 * A bucket's, stream's, role's or trail's ARN follows from its name, so a component that names its
 * resources literally knows their ARNs before AWS creates them. Policies built from these ARNs are
 * complete already during a first `pulumi preview`, where every ARN read back from a resource is
 * still unknown and a policy built from it could not be judged.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ArgumentCheck } from "./refusals";

/** The ARN partition of a region: the AWS European Sovereign Cloud has its own. */
export function partitionOf(region: string): string {
    return region.startsWith("eusc-") ? "aws-eusc" : "aws";
}

export function bucketArn(region: string, bucketName: string): string {
    return `arn:${partitionOf(region)}:s3:::${bucketName}`;
}

export function streamArn(region: string, account: string, streamName: string): string {
    return `arn:${partitionOf(region)}:kinesis:${region}:${account}:stream/${streamName}`;
}

export function roleArn(region: string, account: string, roleName: string): string {
    return `arn:${partitionOf(region)}:iam::${account}:role/${roleName}`;
}

export function trailArn(region: string, account: string, trailName: string): string {
    return `arn:${partitionOf(region)}:cloudtrail:${region}:${account}:trail/${trailName}`;
}

export function accountRootArn(region: string, account: string): string {
    return `arn:${partitionOf(region)}:iam::${account}:root`;
}

/** The account the stack deploys to, known during preview too (invokes run then). */
export function accountIdOf(parent: pulumi.Resource): pulumi.Output<string> {
    return aws.getCallerIdentityOutput({}, { parent }).accountId;
}

// S3 bucket naming rules: 3 to 63 characters, lower-case letters, digits, dots and hyphens,
// starting and ending with a letter or digit, no two adjacent dots, not formatted as an IP address.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function requireBucketName(check: ArgumentCheck, argument: string, name: string, given: unknown = name): string {
    if (!BUCKET_NAME.test(name) || name.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
        check.refuse(
            argument,
            given,
            "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens",
            `\`${argument}\` gives the bucket name "${name}", which S3 refuses; use 3 to 63 lower-case letters, digits, dots and hyphens`,
        );
    }
    return name;
}

// Kinesis stream, IAM role and CloudTrail trail names: letters, digits and a few separators.
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function requireResourceName(check: ArgumentCheck, argument: string, name: string, maxLength: number, given: unknown = name): string {
    if (!RESOURCE_NAME.test(name) || name.length > maxLength) {
        check.refuse(argument, given, `a name of up to ${maxLength} letters, digits, '.', '_' and '-'`, `\`${argument}\` gives the name "${name}"; use up to ${maxLength} letters, digits, '.', '_' and '-'`);
    }
    return name;
}

/** A JSON policy document with the IAM version every statement here is written for. */
export function policyDocument(statements: readonly object[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Denies every request to the bucket that does not use TLS, and TLS older than 1.2. Without the
 * first, S3 serves and accepts contact data over plain HTTP (GDPR Art. 32(1)(a), PCI DSS 4.2.1).
 */
export function tlsOnlyStatements(arn: string): object[] {
    return [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [arn, `${arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyOutdatedTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [arn, `${arn}/*`],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
    ];
}
