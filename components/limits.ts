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
 * than the retention limit) gets one clear line naming the argument and the allowed values, at the
 * moment the program runs, instead of a blocked preview later.
 *
 * Teams that configure the pack differently pass the same values as `limits`: tightening them is
 * always safe; loosening them is an explicit decision that must match the team's policy config.
 */
import * as aws from "@pulumi/aws";
import { roleTrustScoped } from "../policies/access/trust-policies";
import { connectIdentityManagement } from "../policies/connect/identity-management";
import { kmsKeyRotation } from "../policies/encryption/kms-key-rotation";
import { allowedRegions, EU_MEMBER_STATE_REGIONS, type RegionProfile } from "../policies/lib/regions";
import { logRetentionMinimum } from "../policies/logging/log-retention-minimum";
import { regionAllowList } from "../policies/residency/region-allow-list";
import { boundedRetention } from "../policies/retention/bounded-retention";
import { connectFlowLogs } from "../policies/retention/connect-flow-logs";
import { contactDataExpiry } from "../policies/retention/contact-data-expiry";
import { noncurrentVersions } from "../policies/retention/noncurrent-versions";
import { objectLockErasure } from "../policies/retention/object-lock-erasure";

export { EU_MEMBER_STATE_REGIONS };

/** The limits the components enforce; each mirrors a parameter of a control of the pack. */
export interface ComplianceLimits {
    /** residency-region-allow-list `profile`. */
    regionProfile: RegionProfile;
    /** residency-region-allow-list `regions`: regions allowed in addition to the profile's. */
    extraRegions: readonly string[];
    /** retention-contact-data-expiry `maxRetentionDays`: longest a recording store keeps an object. */
    maxContactDataRetentionDays: number;
    /** retention-noncurrent-versions `maxNoncurrentDays`. */
    maxNoncurrentVersionDays: number;
    /** retention-noncurrent-versions `maxIncompleteUploadDays`. */
    maxIncompleteUploadDays: number;
    /** retention-object-lock-erasure `erasureLimitDays`: no lock on contact data may outlast it. */
    erasureLimitDays: number;
    /** encryption-kms-key-rotation `maxRotationPeriodDays`. */
    maxRotationPeriodDays: number;
    /** encryption-kms-key-rotation `minDeletionWindowDays`. */
    minDeletionWindowDays: number;
    /** retention-bounded-retention `maxStreamRetentionHours`. */
    maxStreamRetentionHours: number;
    /** retention-bounded-retention `maxVideoRetentionHours` (Connect media streams). */
    maxVideoRetentionHours: number;
    /** The smaller of retention-bounded-retention `maxLogRetentionDays` and retention-connect-flow-logs `maxRetentionDays`. */
    maxFlowLogRetentionDays: number;
    /** logging-log-retention-minimum `minRetentionDays`: shortest time audit logs are kept (PCI DSS 10.5.1: twelve months). */
    minAuditLogRetentionDays: number;
    /** access-role-trust-scoped `servicesWithoutSourceContext`: services trusted without aws:SourceAccount. */
    servicesWithoutSourceContext: readonly string[];
    /** connect-identity-management `allowedIdentityManagementTypes`. */
    allowedIdentityManagementTypes: readonly string[];
}

function integerDefault(control: { name: string; parameters: Record<string, { default: unknown }> }, parameter: string): number {
    const value = control.parameters[parameter]?.default;
    if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new Error(`control ${control.name} has no integer default for parameter ${parameter}`);
    }
    return value;
}

function stringListDefault(control: { name: string; parameters: Record<string, { default: unknown }> }, parameter: string): string[] {
    const value = control.parameters[parameter]?.default;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
        throw new Error(`control ${control.name} has no string-list default for parameter ${parameter}`);
    }
    return value;
}

export const DEFAULT_LIMITS: Readonly<ComplianceLimits> = Object.freeze({
    regionProfile: regionAllowList.parameters.profile.default as RegionProfile,
    extraRegions: stringListDefault(regionAllowList, "regions"),
    maxContactDataRetentionDays: integerDefault(contactDataExpiry, "maxRetentionDays"),
    maxNoncurrentVersionDays: integerDefault(noncurrentVersions, "maxNoncurrentDays"),
    maxIncompleteUploadDays: integerDefault(noncurrentVersions, "maxIncompleteUploadDays"),
    erasureLimitDays: integerDefault(objectLockErasure, "erasureLimitDays"),
    maxRotationPeriodDays: integerDefault(kmsKeyRotation, "maxRotationPeriodDays"),
    minDeletionWindowDays: integerDefault(kmsKeyRotation, "minDeletionWindowDays"),
    maxStreamRetentionHours: integerDefault(boundedRetention, "maxStreamRetentionHours"),
    maxVideoRetentionHours: integerDefault(boundedRetention, "maxVideoRetentionHours"),
    maxFlowLogRetentionDays: Math.min(integerDefault(boundedRetention, "maxLogRetentionDays"), integerDefault(connectFlowLogs, "maxRetentionDays")),
    minAuditLogRetentionDays: integerDefault(logRetentionMinimum, "minRetentionDays"),
    servicesWithoutSourceContext: stringListDefault(roleTrustScoped, "servicesWithoutSourceContext"),
    allowedIdentityManagementTypes: stringListDefault(connectIdentityManagement, "allowedIdentityManagementTypes"),
});

export function limitsWith(overrides: Partial<ComplianceLimits> | undefined): ComplianceLimits {
    return { ...DEFAULT_LIMITS, ...(overrides ?? {}) };
}

/** Thrown at construction: one line naming the component, the argument, the value and what is allowed. */
export function refuse(component: string, message: string): never {
    throw new Error(`${component}: ${message}`);
}

/** How components name themselves in errors: `RecordingStore 'calls'`. */
export function describeComponent(kind: string, name: string): string {
    return `${kind} '${name}'`;
}

/**
 * The region a component deploys to: its `region` argument, else the stack's `aws:region` (or the
 * AWS SDK environment, as the provider would use). Every regional child gets it as its own `region`
 * input, so the region checked here is the one the pack sees and the one AWS uses.
 */
export function resolveRegion(component: string, region: string | undefined, limits: ComplianceLimits): string {
    const allowed = allowedRegions(limits.regionProfile, limits.extraRegions);
    const resolved = region ?? aws.config.region;
    if (resolved === undefined || resolved === "") {
        refuse(component, `no region: set the \`region\` argument or the stack's aws:region to one of ${allowed.join(", ")}`);
    }
    if (!allowed.includes(resolved)) {
        const from = region !== undefined ? "the `region` argument" : "aws:region";
        refuse(component, `region "${resolved}" (from ${from}) is outside the allowed regions; use one of ${allowed.join(", ")}`);
    }
    return resolved;
}

export function requireInteger(component: string, argument: string, value: number, min: number, max: number, why: string): number {
    if (!Number.isInteger(value) || value < min || value > max) {
        refuse(component, `\`${argument}\` is ${value}; it must be a whole number from ${min} to ${max} (${why})`);
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
