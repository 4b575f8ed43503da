/**
 * The pack refuses an invalid policy config when configured over the analyzer protocol, as the
 * Pulumi CLI configures it: `pulumi preview` then stops with the same line ccguard prints, where the
 * engine alone would pass a misspelt policy or parameter through unread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GrpcAnalyzer } from "../../cli/analyzer/grpc-analyzer";
import type { PolicyConfig } from "../../cli/analyzer/types";
import { daysFromToday } from "../support/dates";
import { REPO_ROOT } from "../support/paths";

let pack: GrpcAnalyzer;
beforeAll(async () => {
    pack = await GrpcAnalyzer.launch(REPO_ROOT);
});
afterAll(async () => {
    await pack?.close();
});

const entry = (properties: Record<string, unknown>, enforcementLevel: PolicyConfig[string]["enforcementLevel"] = "mandatory") => ({ enforcementLevel, properties });

describe("the pack's Configure", () => {
    it("accepts a valid config", async () => {
        await expect(pack.configure({ "residency-region-allow-list": entry({ regionProfile: "eu-plus-adequacy", regions: [] }) })).resolves.toBeUndefined();
    });

    it.each([
        ["a misspelt policy set to disabled", { "residency-region-allowlist": entry({}, "disabled") }, /unknown policy "residency-region-allowlist"; did you mean "residency-region-allow-list"\?/],
        ["a misspelt parameter", { "residency-region-allow-list": entry({ regoins: ["eu-west-2"] }) }, /residency-region-allow-list: unknown parameter "regoins"; did you mean "regions"\?/],
        ["enforcementlevel in lower case", { "connect-identity-management": entry({ enforcementlevel: "mandatory" }) }, /unknown parameter "enforcementlevel"; did you mean "enforcementLevel"\?/],
        ["waivers under all", { all: entry({ waivers: [] }) }, /all: waivers cannot be declared for all policies/],
        [
            "a waiver on 30 February",
            { "residency-region-allow-list": entry({ waivers: [{ resource: "legacy", reason: "r", owner: "o", expires: "2027-02-30" }] }) },
            /waivers\[0\]\.expires "2027-02-30" is not a calendar date/,
        ],
        ["a waiver for every resource", { "residency-region-allow-list": entry({ waivers: [{ resource: "*", reason: "r", owner: "o", expires: daysFromToday(30) }] }) }, /could match many resources/],
    ])("refuses %s, naming the key", async (_case, config, message) => {
        await expect(pack.configure(config as PolicyConfig)).rejects.toThrow(message);
    });
});
