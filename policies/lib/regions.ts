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
