/**
 * What every bucket of ours gets whatever it holds: server-side encryption that refuses SSE-C, all
 * four public access block switches on, object ownership enforced so ACLs cannot grant anything
 * (access goes through policies only), versioning, and object lock when asked for. What differs
 * between buckets (the key, the lifecycle, the policy) stays with the component that owns it.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface BaselineBucketArgs {
    bucketName: string;
    region: string;
    /** A customer-managed key (SSE-KMS with a bucket key), or S3-managed keys (SSE-S3) when absent. */
    keyArn?: pulumi.Input<string>;
    objectLock?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface BaselineBucket {
    bucket: aws.s3.Bucket;
    /** Resources a bucket policy must wait for: S3 refuses some policies until these are in place. */
    lockdown: pulumi.Resource[];
}

export function baselineBucket(name: string, args: BaselineBucketArgs, opts: pulumi.CustomResourceOptions): BaselineBucket {
    const { bucketName, region, keyArn } = args;
    const bucket = new aws.s3.Bucket(
        `${name}-bucket`,
        { bucket: bucketName, forceDestroy: false, objectLockEnabled: args.objectLock ? true : undefined, region, tags: args.tags },
        opts,
    );
    // The name is an input, so it is known during preview and ties every setting to this bucket.
    const named = bucket.bucket;
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: named,
            region,
            rules: [
                keyArn === undefined
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] },
            ],
        },
        opts,
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        { bucket: named, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: named, region, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: named, region, versioningConfiguration: { status: "Enabled" } }, opts);
    if (args.objectLock) {
        new aws.s3.BucketObjectLockConfiguration(
            `${name}-object-lock`,
            { bucket: named, region, rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } } },
            opts,
        );
    }
    return { bucket, lockdown: [publicAccessBlock, ownership] };
}
