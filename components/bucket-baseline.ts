/**
 * What every bucket of ours gets whatever it holds: all four public access block switches on, and
 * object ownership enforced so ACLs cannot grant anything (access goes through policies only).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export function lockedDownBucket(name: string, bucket: pulumi.Input<string>, region: string, opts: pulumi.CustomResourceOptions) {
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        { bucket, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, region, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    return { publicAccessBlock, ownership };
}
