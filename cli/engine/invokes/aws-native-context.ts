/**
 * The aws-native provider's own look-ups of where a program runs (`aws-native:index:*`; tokens in
 * @pulumi/aws-native's `get*.js`, result fields in its `get*.d.ts`). Region, partition and URL
 * suffix come from the provider's configuration; the account and the zones need STS and EC2, so they
 * get the same stand-ins as the classic provider's `getCallerIdentity` and `getAvailabilityZones`.
 */
import { computed, type InvokeAnswer, type InvokeContext, plausible, unanswered } from "./answer";
import { standInZones } from "./availability-zones";
import { partitionNamed } from "./partitions";

export function answerNativeGetRegion(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    return computed({ region: context.region });
}

export function answerNativeGetPartition(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const partition = partitionNamed(context.partition);
    if (!partition) return unanswered(`the provider's partition "${context.partition}" is not one AWS knows`);
    return computed({ partition: partition.id, dnsSuffix: partition.dnsSuffix });
}

export function answerNativeGetUrlSuffix(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const partition = partitionNamed(context.partition);
    if (!partition) return unanswered(`the provider's partition "${context.partition}" is not one AWS knows`);
    return computed({ urlSuffix: partition.dnsSuffix });
}

export function answerNativeGetAccountId(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    return plausible({ accountId: context.account }, "the account id is ccguard's stand-in account");
}

export function answerNativeGetAzs(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const region = typeof args["region"] === "string" && args["region"] !== "" ? args["region"] : context.region;
    return plausible({ azs: standInZones(region).map((zone) => zone.name) }, "three stand-in Availability Zones per region");
}
