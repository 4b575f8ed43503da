/**
 * The bucket policies that apply to a bucket of either provider.
 *
 * S3 keeps one policy per bucket, but a stack can state it in three places: the classic
 * `aws.s3.BucketPolicy` (`policy`), aws-native's `s3.BucketPolicy` (`policyDocument`, an object or
 * a JSON string; checked in `s3/bucketPolicy.d.ts`), and the deprecated inline `policy` of a classic
 * `Bucket` / `BucketV2`. An aws-native bucket has no inline policy. Either provider's BucketPolicy
 * names its bucket by `bucket`, so each may point at the other provider's bucket: by the bucket's
 * name during updates (`bucket` or `bucketName`), by dependency during preview.
 */
import { NATIVE, S3_BUCKET, ANY_S3_BUCKET } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";

/** Bucket policy resources of either provider, by the property that holds the document. */
export const BUCKET_POLICY_DOCUMENT_PROPERTY: Readonly<Record<string, string>> = {
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    [NATIVE.S3_BUCKET_POLICY]: "policyDocument",
};

export const ANY_BUCKET_POLICY: readonly string[] = Object.keys(BUCKET_POLICY_DOCUMENT_PROPERTY);

/** One policy document that applies to a bucket. */
export interface BucketPolicySource {
    /** The BucketPolicy, or the bucket itself for its inline `policy`. */
    declaredBy: GraphResource;
    /** The top-level property that holds the document (and keys its dependencies). */
    property: string;
    document: unknown;
    /** For messages on the bucket: "the `policyDocument` of BucketPolicy 'x'" or "its inline `policy`". */
    label: string;
}

function isClassicBucket(bucket: GraphResource): boolean {
    return (S3_BUCKET as readonly string[]).includes(bucket.type);
}

/** Every policy document of the stack that applies to `bucket`, its inline one first. */
export function bucketPoliciesOf(stack: StackGraph, bucket: GraphResource): BucketPolicySource[] {
    const sources: BucketPolicySource[] = [];
    const inline = bucket.props["policy"];
    if (isClassicBucket(bucket) && inline !== undefined && inline !== null && inline !== "") {
        sources.push({ declaredBy: bucket, property: "policy", document: inline, label: "its inline `policy`" });
    }
    for (const policy of stack.referrers(bucket, ANY_BUCKET_POLICY, "bucket", ANY_S3_BUCKET)) {
        const property = BUCKET_POLICY_DOCUMENT_PROPERTY[policy.type];
        sources.push({ declaredBy: policy, property, document: policy.props[property], label: `the \`${property}\` of BucketPolicy '${policy.name}'` });
    }
    return sources;
}

/** BucketPolicies of either provider whose `bucket` is not known yet: any bucket of the stack may be theirs. */
export function unresolvedBucketPolicies(stack: StackGraph): readonly GraphResource[] {
    return stack.unresolvedReferrers(ANY_BUCKET_POLICY, "bucket", ANY_S3_BUCKET);
}
