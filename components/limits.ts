/// <reference lib="es2022" />
// The controls the limits are read from use ES2022 library calls; the reference lets programs whose
// tsconfig targets an older library (Pulumi's project templates target ES2020) type-check them.
/**
 * What the components refuse to build, checked when a component is constructed.
 *
 * A stack built from the components passes the policy pack because every argument that the pack
 * would judge is checked here first, against the same limits: the defaults below are read from the
 * controls' own parameter defaults, so the components and the pack cannot drift apart. A caller who
 * asks for something the pack would block (a region outside the allow-list, recordings kept longer
 * than the retention limit) gets, at the moment the program runs, every refused argument of the
 * component with the allowed values (components/refusals.ts), instead of a blocked preview later.
 *
 * Teams that configure the pack differently pass the same values as `limits`: tightening them is
 * always safe; loosening them is an explicit decision that must match the team's policy config.
 */
import * as aws from "@pulumi/aws";
import { didYouMean } from "../policies/config/nearest-name";
import { TEAM_SETTINGS } from "../policies/config/team-settings";
import { oneLine, policyConfigProblems } from "../policies/config/validate-config";
import { allowedRegions, EU_MEMBER_STATE_REGIONS, type RegionProfile } from "../policies/lib/regions";
import type { ArgumentCheck, RefusalRule } from "./refusals";

export { EU_MEMBER_STATE_REGIONS };

/**
 * The limits the components enforce. Each is a team setting of the pack (policies/config/team-settings.ts)
 * under the same name, so a settings file sets both with one value.
 */
export interface ComplianceLimits {
    /** Region profile of the residency policies: `eu-member-states`, `eu-plus-adequacy` or `custom`. */
    regionProfile: RegionProfile;
    /** Regions allowed in addition to the profile's (with `custom`, the only ones). */
    regions: readonly string[];
    /** Longest a recording store keeps an object (retention-contact-data-expiry). */
    maxContactDataRetentionDays: number;
    /** Longest a non-current object version is kept (retention-noncurrent-versions). */
    maxNoncurrentDays: number;
    /** Longest an incomplete multipart upload is kept (retention-noncurrent-versions). */
    maxIncompleteUploadDays: number;
    /** No Object Lock on contact data may outlast it (retention-object-lock-erasure). */
    erasureLimitDays: number;
    /** Longest automatic key rotation period (encryption-kms-key-rotation). */
    maxRotationPeriodDays: number;
    /** Shortest key deletion window (encryption-kms-key-rotation). */
    minDeletionWindowDays: number;
    /** Longest Kinesis data stream retention (retention-bounded-retention). */
    maxStreamRetentionHours: number;
    /** Longest Connect media stream retention (retention-bounded-retention). */
    maxVideoRetentionHours: number;
    /** Longest log group retention, flow logs included (retention-bounded-retention, retention-connect-flow-logs). */
    maxLogRetentionDays: number;
    /** Shortest time audit logs are kept; PCI DSS 10.5.1 asks for twelve months (logging-log-retention-minimum). */
    minAuditLogRetentionDays: number;
    /** Services trusted without aws:SourceAccount (access-role-trust-scoped). */
    servicesWithoutSourceContext: readonly string[];
    /** Identity management types an instance may use (connect-identity-management). */
    allowedIdentityManagementTypes: readonly string[];
}

/** The settings that are limits, in the order documentation lists them. */
export const LIMIT_NAMES = [
    "regionProfile",
    "regions",
    "maxContactDataRetentionDays",
    "maxNoncurrentDays",
    "maxIncompleteUploadDays",
    "erasureLimitDays",
    "maxRotationPeriodDays",
    "minDeletionWindowDays",
    "maxStreamRetentionHours",
    "maxVideoRetentionHours",
    "maxLogRetentionDays",
    "minAuditLogRetentionDays",
    "servicesWithoutSourceContext",
    "allowedIdentityManagementTypes",
] as const satisfies readonly (keyof ComplianceLimits)[];

function settingDefault(name: string): unknown {
    const setting = TEAM_SETTINGS.get(name);
    if (setting === undefined) throw new Error(`the pack has no setting ${name} for the components' limits`);
    return setting.parameter.default;
}

export const DEFAULT_LIMITS: Readonly<ComplianceLimits> = Object.freeze(
    Object.fromEntries(LIMIT_NAMES.map((name) => [name, settingDefault(name)])) as unknown as ComplianceLimits,
);

/**
 * The defaults with the caller's limits on top. A JavaScript program (or a cast) can pass what the
 * types forbid, so each limit is checked against its setting's schema, as a settings file would be:
 * a misspelt limit must not leave the default silently in force.
 */
export function limitsWith(overrides: Partial<ComplianceLimits> | undefined): ComplianceLimits {
    if (overrides === undefined || overrides === null) return { ...DEFAULT_LIMITS };
    if (typeof overrides !== "object" || Array.isArray(overrides)) throw new Error(`limits: expected an object of limits, got ${JSON.stringify(overrides)}`);
    const problems: string[] = [];
    for (const [name, value] of Object.entries(overrides)) {
        if (value === undefined) continue;
        if (!(LIMIT_NAMES as readonly string[]).includes(name)) {
            problems.push(`limits.${name}: unknown limit${didYouMean(name, LIMIT_NAMES)}`);
            continue;
        }
        const policy = TEAM_SETTINGS.get(name)!.policies[0];
        const check = policyConfigProblems([{ name: policy, configSchema: { properties: { [name]: TEAM_SETTINGS.get(name)!.parameter } } }], { [policy]: { [name]: value } });
        problems.push(...check.map((problem) => problem.replace(`${policy}: `, "limits.")));
    }
    if (problems.length > 0) throw new Error(oneLine(problems));
    // A limit given as undefined (`config.getNumber(...)` of an unset key) leaves the default in force.
    const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
    return { ...DEFAULT_LIMITS, ...given };
}

/**
 * The region a component deploys to: its `region` argument, else the stack's `aws:region` (or the
 * AWS SDK environment, as the provider would use). Every regional child gets it as its own `region`
 * input, so the region checked here is the one the pack sees and the one AWS uses. A refused region
 * is returned as given: under ccguard the component is still built, and the pack judges it too.
 */
export function resolveRegion(check: ArgumentCheck, region: string | undefined, limits: ComplianceLimits): string {
    const allowed = allowedRegions(limits.regionProfile, limits.regions);
    const resolved = region ?? aws.config.region;
    const rule = { setting: "regionProfile", policy: "residency-region-allow-list" };
    if (resolved === undefined || resolved === "") {
        check.refuse("region", region ?? null, `one of ${allowed.join(", ")}`, `no region: set the \`region\` argument or the stack's aws:region to one of ${allowed.join(", ")}`, rule);
        return "";
    }
    if (!allowed.includes(resolved)) {
        const from = region !== undefined ? "the `region` argument" : "aws:region";
        check.refuse("region", resolved, `one of ${allowed.join(", ")}`, `region "${resolved}" (from ${from}) is outside the allowed regions; use one of ${allowed.join(", ")}`, rule);
    }
    return resolved;
}

/**
 * Another resource's region against the component's: refused when they differ, unless the
 * component's own region was refused already (the comparison would only repeat that refusal).
 */
export function requireSameRegion(check: ArgumentCheck, argument: string, otherRegion: string | undefined, region: string, message: string, rule?: RefusalRule): void {
    if (otherRegion === region || check.refused("region")) return;
    check.refuse(argument, otherRegion ?? null, `a resource in ${region}`, message, rule);
}

/** A whole number within bounds; refused values are returned as given. */
export function requireInteger(check: ArgumentCheck, argument: string, value: number, min: number, max: number, why: string, rule?: RefusalRule): number {
    if (!Number.isInteger(value) || value < min || value > max) {
        check.refuse(argument, value, `a whole number from ${min} to ${max}`, `\`${argument}\` is ${value}; it must be a whole number from ${min} to ${max} (${why})`, rule);
    }
    return value;
}

/** Retention values CloudWatch Logs accepts for `retentionInDays`. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** AWS accepts Kinesis data stream retention from 24 hours up to 8760. */
export const KINESIS_MIN_RETENTION_HOURS = 24;

/** KMS rotates automatically every 90 to 2560 days, and waits 7 to 30 days before deleting a key. */
export const KMS_ROTATION_DAYS = { min: 90, max: 2560 } as const;
export const KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;
