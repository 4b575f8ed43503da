/**
 * `aws.getRegions`: the regions of the provider's partition. The provider asks EC2 DescribeRegions,
 * whose answer depends on the account: without `allRegions` it lists only the regions the account
 * may use, which leaves out opt-in regions the account has not opted in to.
 *
 * Offline the stand-in account has opted in to none, and the partition's regions come from the
 * provider's table. Filters `region-name`, `opt-in-status` and `endpoint` are applied as EC2 applies
 * them; any other filter is not modelled and the look-up is left unanswered.
 */
import { type InvokeAnswer, type InvokeContext, plausible, unanswered } from "./answer";
import { applyEc2Filters } from "./ec2-filters";
import { echoed, optionalBoolean, optionalFilters } from "./invoke-args";
import { ec2EndpointOf, partitionNamed, type RegionFacts } from "./partitions";

// DescribeRegions' OptInStatus for each kind of region, as seen by an account that opted in to none.
function optInStatus(region: RegionFacts): string {
    return region.optIn ? "not-opted-in" : "opt-in-not-required";
}

export function answerGetRegions(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const allRegions = optionalBoolean(args, "allRegions");
    const filters = optionalFilters(args);
    const partition = partitionNamed(context.partition);
    if (!partition) return unanswered(`the provider's partition "${context.partition}" is not one the AWS provider knows`);

    const usable = allRegions ? partition.regions : partition.regions.filter((region) => !region.optIn);
    const filtered = applyEc2Filters(usable, filters, {
        "region-name": (region) => region.name,
        "opt-in-status": optInStatus,
        endpoint: (region) => ec2EndpointOf(region.name),
    });
    if ("unsupportedFilter" in filtered) {
        return unanswered(`DescribeRegions filter "${filtered.unsupportedFilter}" is not modelled offline`);
    }

    return plausible(
        {
            ...echoed(args, ["allRegions", "filters"]),
            id: partition.id,
            names: filtered.kept.map((region) => region.name).sort(),
        },
        `regions of partition ${partition.id} from the provider's region table, for an account that has opted in to no opt-in region`,
    );
}
