/**
 * `aws.ec2.getVpc` and `aws.ec2.getSubnets`: networks that exist in the account. Offline the account
 * has what every new account has in a region: the default VPC, 172.31.0.0/16 with DNS support and
 * host names on, and one default subnet per Availability Zone (AWS VPC guide, "Default VPCs").
 * A look-up by id, CIDR block or tags gets a VPC carrying what it asked for.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { standInZones } from "./availability-zones";
import { echoed, optionalBoolean, optionalFilters, optionalString, optionalStringMap, targetRegion } from "./invoke-args";
import { ec2StyleId, seedOf } from "../stand-in-ids";

const DEFAULT_VPC_CIDR = "172.31.0.0/16";

export function answerGetVpc(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const region = targetRegion(args, context);
    const idGiven = optionalString(args, "id");
    const cidrGiven = optionalString(args, "cidrBlock");
    const tags = optionalStringMap(args, "tags");
    const filters = optionalFilters(args);
    const selective = idGiven !== undefined || cidrGiven !== undefined || tags !== undefined || filters !== undefined;
    // With nothing to select by, a new account has exactly one VPC: the default one.
    const isDefault = optionalBoolean(args, "default") ?? !selective;
    const seed = seedOf({ region, account: context.account, idGiven, cidrGiven, tags, filters, isDefault });
    const id = idGiven ?? ec2StyleId("vpc", seed);
    const cidrBlock = cidrGiven ?? (isDefault ? DEFAULT_VPC_CIDR : "10.0.0.0/16");

    return plausible(
        {
            ...echoed(args, ["filters"]),
            arn: `arn:${context.partition}:ec2:${region}:${context.account}:vpc/${id}`,
            cidrBlock,
            cidrBlockAssociations: [{ associationId: ec2StyleId("vpc-cidr-assoc", seed), cidrBlock, state: "associated" }],
            default: isDefault,
            dhcpOptionsId: ec2StyleId("dopt", seed),
            enableDnsHostnames: isDefault,
            enableDnsSupport: true,
            enableNetworkAddressUsageMetrics: false,
            id,
            instanceTenancy: "default",
            ipv6AssociationId: "",
            ipv6CidrBlock: "",
            ipv6CidrBlockAssociations: [],
            mainRouteTableId: ec2StyleId("rtb", seed),
            ownerId: context.account,
            region,
            state: "available",
            tags: tags ?? {},
        },
        isDefault
            ? `the default VPC of ${region} (${DEFAULT_VPC_CIDR}) in account ${context.account}`
            : `a stand-in VPC in ${region} carrying the id, CIDR block and tags the look-up asked for`,
    );
}

export function answerGetSubnets(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const region = targetRegion(args, context);
    const filters = optionalFilters(args);
    const tags = optionalStringMap(args, "tags");
    const seed = seedOf({ region, account: context.account, filters, tags });
    return plausible(
        {
            ...echoed(args, ["filters"]),
            id: region,
            ids: standInZones(region).map((zone) => ec2StyleId("subnet", `${seed}/${zone.name}`)),
            region,
            tags: tags ?? {},
        },
        `one stand-in subnet per Availability Zone of ${region}, as a default VPC has; the filters are not checked against real subnets`,
    );
}
