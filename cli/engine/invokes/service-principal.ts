/**
 * `aws.getServicePrincipal`: the principal a service uses in a region, `<service>.amazonaws.com` with
 * a few partition exceptions. Computed without calling AWS, following terraform-provider-aws
 * `internal/service/meta/service_principal_data_source.go` (exceptions taken from the AWS CDK's
 * region facts): in China, ISO and ISO-B some services use the partition's own DNS suffix. Every
 * other service and partition, the European Sovereign Cloud included, uses `amazonaws.com`.
 */
import { computed, type InvokeAnswer, type InvokeContext } from "./answer";
import { InvokeArgumentError } from "./iam-policy-document";
import { requiredString, targetRegion } from "./invoke-args";
import { partitionFactsOfRegion, PARTITIONS, regionNamed } from "./partitions";

/** Services whose principal ends in the partition's own DNS suffix, by partition. */
const PARTITION_SUFFIXED_SERVICES: Record<string, readonly string[]> = {
    "aws-cn": ["codedeploy", "elasticmapreduce", "logs"],
    "aws-iso": ["cloudhsm", "config", "logs", "workspaces"],
    "aws-iso-b": ["dms", "logs"],
};

export function servicePrincipalSuffix(serviceName: string, regionName: string): string {
    const partition = partitionFactsOfRegion(regionName) ?? PARTITIONS[0];
    const suffixed = PARTITION_SUFFIXED_SERVICES[partition.id] ?? [];
    return serviceName !== "" && suffixed.includes(serviceName) ? partition.dnsSuffix : "amazonaws.com";
}

export function answerGetServicePrincipal(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const serviceName = requiredString(args, "serviceName");
    const region = targetRegion(args, context);
    if (!regionNamed(region)) throw new InvokeArgumentError(`finding Region by name (${region}): couldn't find resource`);
    const suffix = servicePrincipalSuffix(serviceName, region);
    return computed({
        id: `${serviceName}.${region}.${suffix}`,
        name: `${serviceName}.${suffix}`,
        region,
        serviceName,
        suffix,
    });
}
