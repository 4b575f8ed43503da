/**
 * A bucket's own name, whichever provider declares it. The classic provider calls it `bucket`,
 * aws-native `bucketName` (checked in `s3/bucket.d.ts`); both make it the resource's `id` once
 * created, and its ARN (`arn:aws:s3:::<name>`) carries nothing else. Trails, replication rules and
 * log deliveries name buckets this way, so controls read names here rather than per provider.
 */
import { bucketNameOfArn } from "./arn";
import { ANY_S3_BUCKET, isNativeType } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

/** The property that holds a bucket's name, in the bucket's own provider. */
export function bucketNameProperty(bucket: { type: string }): "bucket" | "bucketName" {
    return isNativeType(bucket.type) ? "bucketName" : "bucket";
}

const known = (value: unknown): value is string => typeof value === "string" && value !== "" && !isUnknown(value);

/** The bucket's name when the stack states it (as name, id or ARN), else undefined. */
export function bucketNameOf(bucket: GraphResource): string | undefined {
    const named = bucket.props[bucketNameProperty(bucket)];
    if (known(named)) return named;
    const id = bucket.props["id"];
    if (known(id)) return id;
    return bucketNameOfArn(bucket.props["arn"]);
}

/**
 * Buckets of either provider that a literal name or ARN names (`arn:aws:s3:::name` carries the name
 * only). Matched on identity alone: a known ARN that names no bucket of the stack is outside it, even
 * when a sibling entry of the same list depends on a stack bucket, which `StackGraph.resolve`'s
 * dependency fallback would attribute to it.
 */
export function bucketsNamed(stack: StackGraph, value: string): GraphResource[] {
    const name = bucketNameOfArn(value) ?? value;
    const byName = stack.identifiedBy(name, ANY_S3_BUCKET).filter((b) => bucketNameOf(b) === name);
    const byArn = stack.identifiedBy(value, ANY_S3_BUCKET).filter((b) => b.props["arn"] === value && !byName.includes(b));
    return [...byName, ...byArn];
}
