/**
 * One source of the team's settings: each name means one thing in every policy that takes it, a
 * settings file reaches every one of them, and the components' limits read the very same values.
 */
import { describe, expect, it } from "vitest";
import { LIMIT_NAMES, type ComplianceLimits } from "../../../components/limits";
import { limitsOfPolicyConfig } from "../../../components/settings";
import { catalogue } from "../../../policies/catalogue";
import { parametersOf } from "../../../policies/config/parameters";
import { expandSettings, parseSettingsText } from "../../../policies/config/settings-file";
import { settingConflicts, TEAM_SETTINGS } from "../../../policies/config/team-settings";

/** A valid value for each limit that differs from its default, so agreement cannot come from defaults. */
const CHANGED: { [K in keyof ComplianceLimits]: ComplianceLimits[K] } = {
    regionProfile: "eu-plus-adequacy",
    regions: ["eu-central-2"],
    maxContactDataRetentionDays: 180,
    maxNoncurrentDays: 14,
    maxIncompleteUploadDays: 3,
    erasureLimitDays: 200,
    maxRotationPeriodDays: 180,
    minDeletionWindowDays: 20,
    maxStreamRetentionHours: 48,
    maxVideoRetentionHours: 24,
    maxLogRetentionDays: 365,
    minAuditLogRetentionDays: 400,
    servicesWithoutSourceContext: ["lambda.amazonaws.com"],
    allowedIdentityManagementTypes: ["SAML"],
};

describe("team settings", () => {
    it("give every parameter name one schema and one default across the pack", () => {
        expect(settingConflicts(catalogue)).toEqual([]);
    });

    it("reach every policy that takes them", () => {
        const { policyConfig } = expandSettings(catalogue, { settings: { regionProfile: "eu-plus-adequacy" } });
        const taking = catalogue.filter((control) => parametersOf(control).some(([name]) => name === "regionProfile")).map((c) => c.name);
        expect(taking.length).toBeGreaterThanOrEqual(7);
        for (const name of taking) expect(policyConfig[name], name).toEqual({ regionProfile: "eu-plus-adequacy" });
        expect(Object.keys(policyConfig).sort()).toEqual([...taking].sort());
    });

    it.each([...TEAM_SETTINGS.values()].map((setting) => [setting.name, setting] as const))("%s reaches exactly the policies that take it", (name, setting) => {
        const { policyConfig } = expandSettings(catalogue, { settings: { [name]: setting.parameter.default } });
        const receiving = Object.entries(policyConfig).filter(([, entry]) => name in (entry as Record<string, unknown>)).map(([policy]) => policy);
        expect(receiving).toEqual(setting.policies);
        for (const policy of receiving) expect((policyConfig[policy] as Record<string, unknown>)[name]).toEqual(setting.parameter.default);
    });

    it("are overridden by a policy's own entry, level and parameters alike", () => {
        const { policyConfig } = expandSettings(catalogue, {
            settings: { regionProfile: "eu-plus-adequacy", unknownValues: "block" },
            policies: { "residency-lex-bot-region": { regionProfile: "eu-member-states" }, "connect-identity-management": "mandatory" },
        });
        expect(policyConfig["residency-lex-bot-region"]).toMatchObject({ regionProfile: "eu-member-states", unknownValues: "block" });
        expect(policyConfig["residency-region-allow-list"]).toMatchObject({ regionProfile: "eu-plus-adequacy" });
        expect(policyConfig["connect-identity-management"]).toEqual({ enforcementLevel: "mandatory", unknownValues: "block" });
    });

    it.each(LIMIT_NAMES)("%s: the expanded settings and the components' limits agree", (name) => {
        const { policyConfig } = expandSettings(catalogue, { settings: { [name]: CHANGED[name] } });
        expect(limitsOfPolicyConfig(policyConfig)[name]).toEqual(CHANGED[name]);
        for (const control of catalogue.filter((c) => parametersOf(c).some(([parameter]) => parameter === name))) {
            expect((policyConfig[control.name] as Record<string, unknown>)[name], control.name).toEqual(CHANGED[name]);
        }
    });

    it("hold the components to the strictest value when a policy's entry differs from the settings", () => {
        const { policyConfig } = expandSettings(catalogue, {
            settings: { maxLogRetentionDays: 365 },
            policies: { "retention-connect-flow-logs": { maxLogRetentionDays: 90 } },
        });
        expect(limitsOfPolicyConfig(policyConfig).maxLogRetentionDays).toBe(90);
    });

    it("keep the components to the regions every residency policy allows when one policy's entry allows more", () => {
        const { policyConfig } = expandSettings(catalogue, { policies: { "residency-region-allow-list": { regionProfile: "eu-plus-adequacy" } } });
        const limits = limitsOfPolicyConfig(policyConfig);
        expect(limits.regionProfile).toBe("custom");
        expect(limits.regions).not.toContain("eu-west-2");
        expect(limits.regions).toContain("eu-central-1");
    });

    it.each([
        ["a misspelt setting", { settings: { regoins: [] } }, 'settings.regoins: unknown setting; did you mean "regions"?'],
        ["a wrong value", { settings: { regionProfile: "eu" } }, 'settings.regionProfile is "eu"; it must be one of "eu-member-states", "eu-plus-adequacy", "custom"'],
        ["a misspelt region, once", { settings: { regions: ["eu-wset-1"] } }, 'settings.regions[0] "eu-wset-1" is not an AWS region; did you mean "eu-west-1"?'],
        ["waivers as a setting", { settings: { waivers: [] } }, "settings.waivers: waivers name resources of one policy; declare them under policies.<policy>.waivers"],
        ["a misspelt section", { setings: {} }, 'setings: unknown section; did you mean "settings"?; a settings file has settings and policies'],
        ["a misspelt policy", { policies: { "residency-region-allowlist": "disabled" } }, 'policies: unknown policy "residency-region-allowlist"; did you mean "residency-region-allow-list"?'],
        ["a waiver on 30 February", { policies: { "residency-region-allow-list": { waivers: [{ resource: "legacy", reason: "r", owner: "o", expires: "2027-02-30" }] } } }, 'policies.residency-region-allow-list: waivers[0].expires "2027-02-30" is not a calendar date'],
        ["an empty file", null, "the file is empty or null; write at least `settings: {}`"],
    ])("refuse %s with one line", (_case, file, message) => {
        expect(() => expandSettings(catalogue, file)).toThrow(message);
    });

    it("are read from YAML with comments, and JSON", () => {
        const yaml = parseSettingsText("# where data may live\nsettings:\n  regionProfile: eu-plus-adequacy # London\n");
        expect(expandSettings(catalogue, yaml).settings).toEqual({ regionProfile: "eu-plus-adequacy" });
        expect(parseSettingsText('{"settings": {"regions": []}}')).toEqual({ settings: { regions: [] } });
        expect(() => parseSettingsText("settings:\n  a: 1\n  a: 2\n")).toThrow(/not valid YAML or JSON: Map keys must be unique at line 3, column 3$/);
    });

    it("list every setting the components need", () => {
        for (const name of LIMIT_NAMES) expect(TEAM_SETTINGS.has(name), name).toBe(true);
    });
});

describe("settings files with names that are also JavaScript's own", () => {
    it.each(["constructor", "toString", "__proto__"])("refuse a policy named %s instead of dropping it", (name) => {
        const file = JSON.parse(`{"policies": {"${name}": "mandatory"}}`);
        expect(() => expandSettings(catalogue, file)).toThrow(new RegExp(`unknown policy "${name}"`));
    });
});
