import { describe, expect, it } from "vitest";
import { logRetentionMinimum } from "../../policies/logging/log-retention-minimum";
import { configOf } from "../../policies/policy-adapter";
import { organisationGuardrails } from "../../policies/residency/organisation-guardrails";

describe("configOf", () => {
    it("starts from every parameter's documented default, including the common ones", () => {
        expect(configOf(logRetentionMinimum, undefined)).toEqual({
            minAuditLogRetentionDays: 365,
            externalLogDestinations: [],
            unknownValues: "defer",
            maxWaiverDays: 365,
            waivers: [],
        });
    });

    it("takes every configured value that has the declared shape", () => {
        const config = configOf(logRetentionMinimum, { minAuditLogRetentionDays: 400, externalLogDestinations: ["org-log-archive"], unknownValues: "block" });
        expect(config).toMatchObject({ minAuditLogRetentionDays: 400, externalLogDestinations: ["org-log-archive"], unknownValues: "block" });
    });

    it.each([
        ["an object where an integer belongs", { minAuditLogRetentionDays: { toString: false } }, "minAuditLogRetentionDays", 365],
        ["a fraction where an integer belongs", { minAuditLogRetentionDays: 30.5 }, "minAuditLogRetentionDays", 365],
        ["a numeric string where an integer belongs", { minAuditLogRetentionDays: "400" }, "minAuditLogRetentionDays", 365],
        ["a string where a list belongs", { externalLogDestinations: "org-log-archive" }, "externalLogDestinations", []],
        ["a list holding a number where strings belong", { externalLogDestinations: ["org-log-archive", 7] }, "externalLogDestinations", []],
        ["a value outside the enum", { unknownValues: "ignore" }, "unknownValues", "defer"],
        ["null", { unknownValues: null }, "unknownValues", "defer"],
    ])("falls back to the default for %s", (_title, given, key, fallback) => {
        expect(configOf(logRetentionMinimum, given)[key]).toEqual(fallback);
    });

    it("checks enum values of string parameters declared by the control itself", () => {
        expect(configOf(organisationGuardrails, { regionProfile: "mars" })["regionProfile"]).toBe(organisationGuardrails.parameters.regionProfile.default);
        expect(configOf(organisationGuardrails, { regionProfile: "eu-member-states" })["regionProfile"]).toBe("eu-member-states");
    });

    it("ignores a configuration that is not an object, and one whose properties cannot be read", () => {
        expect(configOf(logRetentionMinimum, "all")["minAuditLogRetentionDays"]).toBe(365);
        const hostile = new Proxy({}, { get: () => { throw new Error("no"); } });
        expect(configOf(logRetentionMinimum, hostile)["minAuditLogRetentionDays"]).toBe(365);
    });
});
