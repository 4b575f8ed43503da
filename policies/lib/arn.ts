/**
 * Amazon Resource Names: arn:<partition>:<service>:<region>:<account>:<resource>.
 * The resource part is `type/id`, `type:id` or a bare id depending on the service.
 */

export interface Arn {
    partition: string;
    service: string;
    /** Empty for global services (IAM, S3 bucket ARNs). */
    region: string;
    account: string;
    resource: string;
    /** `key`, `alias`, `stream`, `role`, ...; empty when the service uses bare ids. */
    resourceType: string;
    resourceId: string;
}

const partitions = /^aws(-[a-z]+)*$/;

export function parseArn(value: unknown): Arn | undefined {
    if (typeof value !== "string" || !value.startsWith("arn:")) return undefined;
    const parts = value.split(":");
    if (parts.length < 6) return undefined;
    const [, partition, service, region, account] = parts;
    if (!partitions.test(partition) || service === "") return undefined;
    const resource = parts.slice(5).join(":");
    if (resource === "") return undefined;
    const separator = resource.search(/[/:]/);
    const resourceType = separator === -1 ? "" : resource.slice(0, separator);
    const resourceId = separator === -1 ? resource : resource.slice(separator + 1);
    return { partition, service, region, account, resource, resourceType, resourceId };
}

/** A full KMS key ARN, `arn:aws:kms:eu-central-1:111122223333:key/<key id>`. */
export function isKmsKeyArn(value: unknown): boolean {
    const arn = parseArn(value);
    return (
        arn !== undefined &&
        arn.service === "kms" &&
        arn.region !== "" &&
        /^\d{12}$/.test(arn.account) &&
        arn.resourceType === "key" &&
        arn.resourceId !== ""
    );
}

/**
 * Aliases AWS creates for its own managed keys (`alias/aws/s3`, `alias/aws/kinesis`, ...), given as
 * alias name or alias ARN. Data under them cannot be governed by a key policy the customer writes.
 */
export function isAwsManagedKeyAlias(value: unknown): boolean {
    if (typeof value !== "string") return false;
    const arn = parseArn(value);
    const alias = arn ? (arn.service === "kms" ? arn.resource : "") : value;
    return alias.startsWith("alias/aws/");
}

/** The name part of an S3 bucket ARN (`arn:aws:s3:::name`), else undefined. */
export function bucketNameOfArn(value: unknown): string | undefined {
    const arn = parseArn(value);
    if (!arn || arn.service !== "s3" || arn.resource.includes("/")) return undefined;
    return arn.resource;
}
