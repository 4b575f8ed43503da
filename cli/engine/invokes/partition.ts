/**
 * `aws.getPartition`: the provider's partition and its DNS names. Computed from the provider's
 * configuration (terraform-provider-aws `internal/service/meta/partition_data_source.go`); the
 * data source takes no region override.
 */
import { computed, type InvokeAnswer, type InvokeContext, unanswered } from "./answer";
import { partitionNamed, reverseDns } from "./partitions";

export function answerGetPartition(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const partition = partitionNamed(context.partition);
    if (!partition) return unanswered(`the provider's partition "${context.partition}" is not one the AWS provider knows`);
    return computed({
        dnsSuffix: partition.dnsSuffix,
        id: partition.id,
        partition: partition.id,
        reverseDnsPrefix: reverseDns(partition.dnsSuffix),
    });
}
