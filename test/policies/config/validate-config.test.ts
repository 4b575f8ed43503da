/**
 * Every mistake a team can make in a policy config gets one line that names the key and, where
 * one is close, the valid name: the mistakes issue 14 found ignored, and their neighbours.
 */
import { describe, expect, it } from "vitest";
import { catalogue } from "../../../policies/catalogue";
import Ajv from "ajv";
import { parameterSchemas, parametersOf } from "../../../policies/config/parameters";
import { oneLine, policyConfigProblems } from "../../../policies/config/validate-config";
import { daysFromToday } from "../../support/dates";

const policies = catalogue.map((control) => ({ name: control.name, configSchema: { properties: parameterSchemas(control) } }));
const problems = (config: unknown, today?: Date) => policyConfigProblems(policies, config, { packRules: true, today });
const waiver = (fields: Record<string, unknown>) => ({ "residency-region-allow-list": { waivers: [{ resource: "legacy-recordings", reason: "migration", owner: "dpo@acme.example", expires: daysFromToday(30), ...fields }] } });

describe("policy config validation", () => {
    it("accepts a valid config, levels, parameters and waivers alike", () => {
        expect(problems({})).toEqual([]);
        expect(problems({ all: "advisory", "connect-identity-management": "mandatory", "residency-region-allow-list": { enforcementLevel: "mandatory", regionProfile: "eu-plus-adequacy", regions: ["eu-central-2"] } })).toEqual([]);
        expect(problems(waiver({}))).toEqual([]);
    });

    it.each([
        ["a misspelt policy, even disabled", { "residency-region-allowlist": "disabled" }, 'unknown policy "residency-region-allowlist"; did you mean "residency-region-allow-list"?'],
        ["a misspelt parameter", { "residency-region-allow-list": { regoins: ["eu-west-2"] } }, 'residency-region-allow-list: unknown parameter "regoins"; did you mean "regions"?'],
        ["unknownValue for unknownValues", { "encryption-bucket-customer-key": { unknownValue: "block" } }, 'encryption-bucket-customer-key: unknown parameter "unknownValue"; did you mean "unknownValues"?'],
        ["enforcementlevel in lower case", { "connect-identity-management": { enforcementlevel: "mandatory" } }, 'connect-identity-management: unknown parameter "enforcementlevel"; did you mean "enforcementLevel"?'],
        ["a parameter renamed when settings got one name", { "residency-region-allow-list": { profile: "eu-plus-adequacy" } }, 'residency-region-allow-list: unknown parameter "profile"; it is now called "regionProfile"'],
        ["a renamed retention parameter, per policy", { "retention-connect-flow-logs": { maxRetentionDays: 90 } }, 'retention-connect-flow-logs: unknown parameter "maxRetentionDays"; it is now called "maxLogRetentionDays"'],
        ["a value outside an enum, with the values", { "residency-region-allow-list": { regionProfile: "eu" } }, 'residency-region-allow-list: regionProfile is "eu"; it must be one of "eu-member-states", "eu-plus-adequacy", "custom"'],
        ["a wrong type", { "retention-contact-data-expiry": { maxContactDataRetentionDays: "180" } }, 'retention-contact-data-expiry: maxContactDataRetentionDays is "180"; it must be integer'],
        ["a wrong enforcement level, with the levels", { "connect-identity-management": "mandatroy" }, 'connect-identity-management: enforcement level "mandatroy" is not one of advisory, mandatory, remediate, disabled; did you mean "mandatory"?'],
        ["an entry that is neither level nor object", { "connect-identity-management": 3 }, "connect-identity-management: expected an enforcement level (advisory, mandatory, remediate, disabled) or an object of parameters, got 3"],
        ["a null file", null, "the policy config must be a JSON object keyed by policy name, got null"],
        ["an array", [], "the policy config must be a JSON object keyed by policy name, got an array"],
        ["waivers under all", { all: { waivers: [] } }, 'all: waivers cannot be declared for all policies (the engine applies only an enforcement level from "all"); declare each waiver under the policy it waives'],
        ["a parameter under all", { all: { unknownValues: "block" } }, 'all: "unknownValues" has no effect here (the engine applies only an enforcement level from "all"); set it under each policy, or once in a ccguard settings file'],
        ["a misspelt region", { "residency-region-allow-list": { regionProfile: "custom", regions: ["eu-central-1", "eu-wset-2"] } }, 'residency-region-allow-list: regions[1] "eu-wset-2" is not an AWS region; did you mean "eu-west-2"?'],
        ["a place instead of a region", { "residency-region-allow-list": { regions: ["London"] } }, 'residency-region-allow-list: regions[0] is "London"; it does not have the form of an AWS region name, like "eu-west-2"'],
        ["a misspelt waiver field", waiver({ expiry: "2027-01-01" }), 'residency-region-allow-list: waivers[0]: unknown field "expiry"; did you mean "expires"?'],
    ])("refuses %s", (_case, config, expected) => {
        expect(problems(config)[0]).toBe(expected);
    });

    describe("waivers an auditor accepts", () => {
        const today = new Date(Date.UTC(2026, 11, 5));
        it.each([
            ["30 February", "2027-02-30", 'residency-region-allow-list: waivers[0].expires "2027-02-30" is not a calendar date'],
            ["month 99", "2027-99-99", 'residency-region-allow-list: waivers[0].expires is "2027-99-99"; it does not have the form YYYY-MM-DD'],
            ["the end of time", "9999-12-31", "residency-region-allow-list: waivers[0].expires 9999-12-31 is more than maxWaiverDays (365) days away; the latest accepted today is 2027-12-05, or raise this policy's maxWaiverDays"],
        ])("refuses an expiry on %s", (_case, expires, expected) => {
            expect(problems(waiver({ expires }), today)).toEqual([expected]);
        });

        it("accepts a waiver up to maxWaiverDays away, and a longer one where the policy allows it", () => {
            expect(problems(waiver({ expires: "2027-12-05" }), today)).toEqual([]);
            expect(problems(waiver({ expires: "2027-12-06" }), today)).toHaveLength(1);
            const longer = waiver({ expires: "2028-06-01" });
            (longer["residency-region-allow-list"] as Record<string, unknown>)["maxWaiverDays"] = 730;
            expect(problems(longer, today)).toEqual([]);
        });

        it.each(["*", "urn:pulumi:prod::acme::aws:s3/bucket:Bucket::*", "re*", "*-recordings"])("refuses the broad pattern %s unless the waiver allows it", (resource) => {
            expect(problems(waiver({ resource }))[0]).toMatch(/could match many resources; .* set "allowBroad": true on the waiver$/);
            expect(problems(waiver({ resource, allowBroad: true }))).toEqual([]);
        });

        it("accepts a pattern that fixes the start of the name", () => {
            expect(problems(waiver({ resource: "legacy-*" }))).toEqual([]);
            expect(problems(waiver({ resource: "urn:pulumi:prod::acme::aws:s3/bucket:Bucket::legacy-*" }))).toEqual([]);
        });
    });

    it("accepts a region AWS may open later, unlike any it has now", () => {
        expect(problems({ "residency-region-allow-list": { regions: ["ap-southeast-8", "eu-central-3"] } })).toEqual([]);
    });

    it("says in one line how many more problems there are", () => {
        const all = problems({ "residency-region-allowlist": "disabled", "residency-region-allow-list": { regoins: [] } });
        expect(all).toHaveLength(2);
        expect(oneLine(all)).toMatch(/\(and 1 more problem\)$/);
    });
});

describe("names that are also JavaScript's own", () => {
    it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])("refuses a parameter named %s as unknown, and never crashes", (name) => {
        const config = JSON.parse(`{"residency-region-allow-list": {"${name}": 1}}`);
        expect(problems(config)[0]).toMatch(new RegExp(`unknown parameter "${name}"`));
    });

    it("refuses a URN pattern cut short before the name", () => {
        for (const resource of ["urn:pulumi:*", "urn:*", "urn:pulumi:dev*"]) expect(problems(waiver({ resource }))[0], resource).toMatch(/could match many resources/);
    });
});

describe("the defaults the engine sends for every parameter a team did not set", () => {
    // The validator skips values equal to their default, so each default must fit its own schema.
    const ajv = new Ajv({ strict: false });
    it.each(catalogue.flatMap((control) => parametersOf(control).map(([name, parameter]) => [`${control.name}.${name}`, parameter] as const)))(
        "%s fits its schema",
        (_name, parameter) => {
            expect(ajv.validate(parameter, parameter.default), JSON.stringify(ajv.errors)).toBe(true);
        },
    );
});
