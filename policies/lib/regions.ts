/**
 * Where AWS keeps data, and which of those places GDPR treats as inside the Union.
 * Source: AWS regional services list and the Commission's adequacy decisions (see DOMAIN.md §2).
 */

/** AWS regions located in EU member states, including the AWS European Sovereign Cloud. */
export const EU_MEMBER_STATE_REGIONS: readonly string[] = [
    "eu-west-1", // Ireland
    "eu-west-3", // Paris
    "eu-central-1", // Frankfurt
    "eu-north-1", // Stockholm
    "eu-south-1", // Milan
    "eu-south-2", // Spain
    "eusc-de-east-1", // European Sovereign Cloud, Brandenburg (partition aws-eusc)
];

/**
 * European regions outside the EU/EEA whose countries hold an adequacy decision (GDPR Art. 45):
 * transfers there are lawful, but the data no longer resides in the Union.
 */
export const ADEQUACY_REGIONS: readonly string[] = [
    "eu-west-2", // London, UK adequacy renewed December 2025
    "eu-central-2", // Zurich, Swiss adequacy
];

/** The form of an AWS region name: `eu-west-2`, `us-gov-west-1`, `eusc-de-east-1`. "London" is not one. */
export const REGION_NAME_PATTERN = "^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$";

/**
 * The regions @pulumi/aws 7 knows (its `Region` enum, types/enums/index.d.ts), to tell a typo from a
 * region: `eu-wset-2` is refused as `eu-west-2` misspelt, while a new region AWS opens later, close
 * to none of these, is still accepted.
 */
export const KNOWN_AWS_REGIONS: readonly string[] = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
    "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
    "us-west-2", "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1",
    "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1",
];

export const REGION_PROFILES = {
    "eu-member-states": EU_MEMBER_STATE_REGIONS,
    "eu-plus-adequacy": [...EU_MEMBER_STATE_REGIONS, ...ADEQUACY_REGIONS],
    custom: [],
} as const satisfies Record<string, readonly string[]>;

export type RegionProfile = keyof typeof REGION_PROFILES;

/** The allowed regions of a profile plus the regions a team adds to it. */
export function allowedRegions(profile: unknown, extraRegions: unknown): string[] {
    const base = typeof profile === "string" && Object.prototype.hasOwnProperty.call(REGION_PROFILES, profile)
        ? REGION_PROFILES[profile as RegionProfile]
        : REGION_PROFILES["eu-member-states"];
    const extra = Array.isArray(extraRegions) ? extraRegions.filter((r): r is string => typeof r === "string") : [];
    return [...new Set([...base, ...extra])];
}
