/**
 * `aws.getRegion`: a region's name, description and EC2 endpoint, computed from the provider's
 * region table without calling AWS (terraform-provider-aws `internal/service/meta/region_data_source.go`).
 *
 * The region is chosen by `endpoint`, by `region` (v7) or its deprecated alias `name`, else it is the
 * provider's own. Errors are the provider's: an unknown endpoint or name, `name` together with
 * `region`, or an endpoint and a name that select different regions.
 */
import { computed, type InvokeAnswer, type InvokeContext } from "./answer";
import { InvokeArgumentError } from "./iam-policy-document";
import { optionalString } from "./invoke-args";
import { ec2EndpointOf, regionByEc2Endpoint, regionNamed, type RegionFacts } from "./partitions";

// The provider's NotFoundError reads "couldn't find resource".
function knownRegion(name: string): RegionFacts {
    const found = regionNamed(name);
    if (!found) throw new InvokeArgumentError(`finding Region by name (${name}): couldn't find resource`);
    return found;
}

export function answerGetRegion(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const endpoint = optionalString(args, "endpoint");
    const byRegion = optionalString(args, "region");
    const byName = optionalString(args, "name");
    if (byRegion !== undefined && byName !== undefined) {
        throw new InvokeArgumentError('Invalid Attribute Combination: Attribute "name" cannot be specified when "region" is specified');
    }

    let chosen: RegionFacts | undefined;
    if (endpoint !== undefined) {
        chosen = regionByEc2Endpoint(endpoint);
        if (!chosen) throw new InvokeArgumentError(`finding Region by endpoint (${endpoint}): couldn't find resource`);
    }
    const name = byRegion || byName;
    if (name) {
        const named = knownRegion(name);
        if (chosen && chosen.name !== named.name) {
            throw new InvokeArgumentError("multiple Regions matched: use additional constraints to reduce matches to a single Region");
        }
        chosen = named;
    }
    chosen ??= knownRegion(context.region);

    return computed({
        description: chosen.description,
        endpoint: ec2EndpointOf(chosen.name),
        id: chosen.name,
        name: chosen.name,
        region: chosen.name,
    });
}
