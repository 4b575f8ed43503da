import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, limitsWith } from "../../components/limits";
import { controlNamed } from "../../policies/catalogue";

/** Each limit and the control parameter it mirrors. */
const MIRRORS: [keyof typeof DEFAULT_LIMITS, string, string][] = [
    ["regionProfile", "residency-region-allow-list", "profile"],
    ["extraRegions", "residency-region-allow-list", "regions"],
    ["maxContactDataRetentionDays", "retention-contact-data-expiry", "maxRetentionDays"],
    ["maxNoncurrentVersionDays", "retention-noncurrent-versions", "maxNoncurrentDays"],
    ["maxIncompleteUploadDays", "retention-noncurrent-versions", "maxIncompleteUploadDays"],
    ["erasureLimitDays", "retention-object-lock-erasure", "erasureLimitDays"],
    ["maxRotationPeriodDays", "encryption-kms-key-rotation", "maxRotationPeriodDays"],
    ["minDeletionWindowDays", "encryption-kms-key-rotation", "minDeletionWindowDays"],
    ["maxStreamRetentionHours", "retention-bounded-retention", "maxStreamRetentionHours"],
    ["maxVideoRetentionHours", "retention-bounded-retention", "maxVideoRetentionHours"],
    ["minAuditLogRetentionDays", "logging-log-retention-minimum", "minRetentionDays"],
    ["servicesWithoutSourceContext", "access-role-trust-scoped", "servicesWithoutSourceContext"],
    ["allowedIdentityManagementTypes", "connect-identity-management", "allowedIdentityManagementTypes"],
];

describe("the components' limits", () => {
    it.each(MIRRORS)("%s is the default of %s's %s", (limit, control, parameter) => {
        const found = controlNamed(control);
        expect(found, control).toBeDefined();
        expect(DEFAULT_LIMITS[limit]).toEqual((found!.parameters as Record<string, { default: unknown }>)[parameter].default);
    });

    it("keeps flow logs within both controls that bound them", () => {
        const bounded = controlNamed("retention-bounded-retention")!.parameters as Record<string, { default: number }>;
        const flowLogs = controlNamed("retention-connect-flow-logs")!.parameters as Record<string, { default: number }>;
        expect(DEFAULT_LIMITS.maxFlowLogRetentionDays).toBe(Math.min(bounded["maxLogRetentionDays"].default, flowLogs["maxRetentionDays"].default));
    });

    it("are tightened or loosened only through an explicit `limits` argument", () => {
        expect(limitsWith(undefined)).toEqual(DEFAULT_LIMITS);
        expect(limitsWith({ maxContactDataRetentionDays: 90 }).maxContactDataRetentionDays).toBe(90);
        expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    });
});
