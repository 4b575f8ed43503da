/**
 * `aws.getAvailabilityZones`: the zones of a region. The provider asks EC2, and the answer belongs
 * to the account: how many zones it sees, and which zone id (the physical location) each name
 * (`eu-central-1a`) maps to, since AWS shuffles the mapping per account.
 *
 * Offline a region has three Availability Zones `<region>a`, `b`, `c`, all available and needing no
 * opt-in, mapped in order to zone ids `<code>-az1`, `-az2`, `-az3`; Local and Wavelength Zones are
 * not modelled. Zone group names follow EC2's form for Availability Zones, `<region>-zg-1`.
 */
import { type InvokeAnswer, type InvokeContext, plausible, unanswered } from "./answer";
import { applyEc2Filters } from "./ec2-filters";
import { echoed, optionalFilters, optionalString, optionalStringList, targetRegion } from "./invoke-args";

interface Zone {
    name: string;
    zoneId: string;
    region: string;
    groupName: string;
}

// Zone ids abbreviate the region: eu-central-1 → euc1, ap-southeast-2 → apse2, us-gov-west-1 → usgw1.
const ABBREVIATIONS: Readonly<Record<string, string>> = {
    north: "n",
    south: "s",
    east: "e",
    west: "w",
    central: "c",
    northeast: "ne",
    northwest: "nw",
    southeast: "se",
    southwest: "sw",
    gov: "g",
};

export function zoneIdPrefix(region: string): string {
    return region
        .split("-")
        .map((part, index) => (index === 0 ? part : ABBREVIATIONS[part] ?? part))
        .join("");
}

export function standInZones(region: string): Zone[] {
    return ["a", "b", "c"].map((letter, index) => ({
        name: `${region}${letter}`,
        zoneId: `${zoneIdPrefix(region)}-az${index + 1}`,
        region,
        groupName: `${region}-zg-1`,
    }));
}

export function answerGetAvailabilityZones(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const region = targetRegion(args, context);
    const excludeNames = optionalStringList(args, "excludeNames");
    const excludeZoneIds = optionalStringList(args, "excludeZoneIds");
    const state = optionalString(args, "state");
    const filters = optionalFilters(args);

    const filtered = applyEc2Filters(standInZones(region), filters, {
        "zone-name": (zone) => zone.name,
        "zone-id": (zone) => zone.zoneId,
        "region-name": (zone) => zone.region,
        "group-name": (zone) => zone.groupName,
        state: () => "available",
        "opt-in-status": () => "opt-in-not-required",
        "zone-type": () => "availability-zone",
    });
    if ("unsupportedFilter" in filtered) {
        return unanswered(`DescribeAvailabilityZones filter "${filtered.unsupportedFilter}" is not modelled offline`);
    }
    const zones = filtered.kept.filter(
        (zone) =>
            (state === undefined || state === "available") &&
            !(excludeNames ?? []).includes(zone.name) &&
            !(excludeZoneIds ?? []).includes(zone.zoneId),
    );

    return plausible(
        {
            ...echoed(args, ["allAvailabilityZones", "excludeNames", "excludeZoneIds", "filters", "state"]),
            groupNames: [...new Set(zones.map((zone) => zone.groupName))],
            id: region,
            names: zones.map((zone) => zone.name),
            region,
            zoneIds: zones.map((zone) => zone.zoneId),
        },
        `three Availability Zones ${region}a-c mapped in order to zone ids ${zoneIdPrefix(region)}-az1..3; the real count and mapping depend on the account`,
    );
}
