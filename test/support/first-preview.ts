/**
 * A control example in the form a first `pulumi preview` would show it: each value that names another
 * resource of the example (its name, id or ARN) becomes unknown, with the engine's property
 * dependencies saying where it came from, and every resource's own id and ARN are unknown.
 */
import type { ControlExample, ExampleResource } from "../../policies/control";
import { bucketNameOfArn, parseArn } from "../../policies/lib/arn";
import { isNativeType, KMS_KEY, NATIVE, S3_BUCKET } from "../../policies/lib/resource-types";
import { UNKNOWN } from "../../policies/lib/unknown";

/**
 * aws-native's identity properties by type (its `*.d.ts`): the name or id the resource itself is
 * known by, which other resources repeat as references.
 */
const NATIVE_IDENTITY: Readonly<Record<string, readonly string[]>> = {
    [NATIVE.S3_BUCKET]: ["bucketName"],
    [NATIVE.KMS_KEY]: ["keyId"],
    [NATIVE.KMS_REPLICA_KEY]: ["keyId"],
    [NATIVE.KMS_ALIAS]: ["aliasName"],
    [NATIVE.IAM_ROLE]: ["roleName"],
    [NATIVE.IAM_USER]: ["userName"],
    [NATIVE.IAM_GROUP]: ["groupName"],
    [NATIVE.IAM_MANAGED_POLICY]: ["policyArn"],
    [NATIVE.LOG_GROUP]: ["logGroupName"],
    [NATIVE.FIREHOSE]: ["deliveryStreamName"],
    [NATIVE.TRAIL]: ["trailName"],
    [NATIVE.SQS_QUEUE]: ["queueUrl", "queueName"],
    [NATIVE.SNS_TOPIC]: ["topicArn"],
    [NATIVE.CONNECT_INSTANCE]: ["awsId"],
    [NATIVE.CUSTOMER_PROFILES_DOMAIN]: ["domainName"],
};

/** Properties that hold a resource's own identity, by type; elsewhere the same names are references. */
function identityProperties(type: string): string[] {
    if (S3_BUCKET.includes(type as (typeof S3_BUCKET)[number])) return ["id", "arn", "bucket"];
    if (type === KMS_KEY) return ["id", "arn", "keyId"];
    if (isNativeType(type)) return ["id", "arn", "name", ...(NATIVE_IDENTITY[type] ?? [])];
    return ["id", "arn", "name"];
}

export function firstPreviewOf(example: ControlExample): ControlExample {
    const owners = new Map<string, string>();
    for (const resource of example.resources) {
        for (const key of identityProperties(resource.type)) {
            const value = resource.props[key];
            if (typeof value === "string" && value !== "" && !owners.has(value)) owners.set(value, resource.name);
        }
    }
    const ownerOf = (value: string) => owners.get(value) ?? owners.get(bucketNameOfArn(value) ?? "") ?? owners.get(parseArn(value)?.resourceId ?? "");
    const resources: ExampleResource[] = example.resources.map((resource) => {
        const dependencies: Record<string, readonly string[]> = { ...(resource.propertyDependencies ?? {}) };
        const replace = (value: unknown, top: string, depth: number): unknown => {
            if (depth > 20) return value;
            if (typeof value === "string") {
                const owner = ownerOf(value);
                if (owner === undefined || owner === resource.name) return value;
                dependencies[top] = [...new Set([...(dependencies[top] ?? []), owner])];
                return UNKNOWN;
            }
            if (Array.isArray(value)) return value.map((v) => replace(v, top, depth + 1));
            if (value !== null && typeof value === "object") {
                return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, top, depth + 1)]));
            }
            return value;
        };
        // A resource's own generated identity (id, ARN) is unknown before it is created.
        const props = Object.fromEntries(
            Object.entries(resource.props).map(([key, value]) => [key, ["id", "arn"].includes(key) ? UNKNOWN : replace(value, key, 0)]),
        );
        return { ...resource, props, propertyDependencies: dependencies };
    });
    return { ...example, title: `first preview of: ${example.title}`, resources };
}
