/**
 * `ccguard config` and the settings file through the command line, and every configuration mistake
 * through ccguard preview: exit 2 and one line naming the key, before the program runs.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccguard } from "../support/ccguard";
import { expectUsageError, scratchDirectory } from "../support/usage-error";
import { REPO_ROOT } from "../support/paths";

const { dir: scratch, file } = scratchDirectory("ccguard-config-");

const LONDON = "# London is lawful for us: UK adequacy decision\nsettings:\n  regionProfile: eu-plus-adequacy\n  maxContactDataRetentionDays: 180\n";

describe("ccguard config", () => {
    it("expands the settings into the standard policy config, every policy that takes a setting included", async () => {
        const run = await ccguard(["config", file("london.yaml", LONDON)]);
        expect(run.code, run.stderr).toBe(0);
        const config = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;
        expect(config["residency-connect-colocation"]).toEqual({ regionProfile: "eu-plus-adequacy" });
        expect(config["logging-recordings-access-logging"]).toEqual({ regionProfile: "eu-plus-adequacy" });
        expect(config["retention-contact-data-expiry"]).toEqual({ maxContactDataRetentionDays: 180 });
    });

    it("--check passes on the file it wrote, and names the first difference of a stale one", async () => {
        const settings = file("check.yaml", LONDON);
        const output = path.join(scratch, "policy-config.json");
        expect((await ccguard(["config", settings, "--output", output])).code).toBe(0);
        const fresh = await ccguard(["config", settings, "--check", output]);
        expect(fresh.code, fresh.stderr).toBe(0);
        expect(fresh.stderr).toMatch(/is up to date with/);

        writeFileSync(settings, LONDON.replace("180", "90"));
        const stale = await ccguard(["config", settings, "--check", output]);
        expect(stale.code).toBe(1);
        expect(stale.stderr.trim()).toMatch(
            /out of date with .*: retention-contact-data-expiry\.maxContactDataRetentionDays is 180 in the file, 90 in the settings; run ccguard config .* --output .*policy-config\.json$/,
        );
        expect(JSON.parse(readFileSync(output, "utf8"))["retention-contact-data-expiry"]).toEqual({ maxContactDataRetentionDays: 180 });
    });

    it("--check refuses a policy config the pack would refuse, rather than calling it out of date", async () => {
        const settings = file("check-invalid.yaml", LONDON);
        const invalid = file("invalid-config.json", JSON.stringify({ "connect-identity-management": { enforcementlevel: "mandatory" } }));
        expectUsageError(await ccguard(["config", settings, "--check", invalid]), /unknown parameter "enforcementlevel"; did you mean "enforcementLevel"\?$/);
    });

    it.each([
        ["a misspelt setting", "settings:\n  regoins: []\n", /settings\.regoins: unknown setting; did you mean "regions"\?$/],
        ["a value outside the enum", "settings:\n  regionProfile: uk\n", /settings\.regionProfile is "uk"; it must be one of "eu-member-states", "eu-plus-adequacy", "custom"$/],
        ["an empty file", "", /the file is empty/],
        ["YAML that does not parse", "settings: [\n", /not valid YAML or JSON/],
    ])("refuses %s with one line", async (_case, content, pattern) => {
        expectUsageError(await ccguard(["config", file("bad.yaml", content)]), pattern);
    });
});

describe("ccguard preview refuses a configuration mistake before running the program", () => {
    const project = "examples/eu-contact-centre";
    it.each([
        ["a misspelt policy set to disabled", { "residency-region-allowlist": "disabled" }, /unknown policy "residency-region-allowlist"; did you mean "residency-region-allow-list"\?$/],
        ["a misspelt parameter", { "residency-region-allow-list": { regoins: ["eu-west-2"] } }, /unknown parameter "regoins"; did you mean "regions"\?$/],
        ["unknownValue for unknownValues", { "encryption-bucket-customer-key": { unknownValue: "block" } }, /unknown parameter "unknownValue"; did you mean "unknownValues"\?$/],
        ["enforcementlevel in lower case", { "connect-identity-management": { enforcementlevel: "mandatory" } }, /unknown parameter "enforcementlevel"; did you mean "enforcementLevel"\?$/],
        ["waivers under all", { all: { waivers: [] } }, /all: waivers cannot be declared for all policies/],
        ["a waiver on 30 February", { "residency-region-allow-list": { waivers: [{ resource: "legacy", reason: "r", owner: "o", expires: "2027-02-30" }] } }, /is not a calendar date$/],
        ["a waiver until 9999", { "residency-region-allow-list": { waivers: [{ resource: "legacy", reason: "r", owner: "o", expires: "9999-12-31" }] } }, /more than maxWaiverDays \(365\) days away/],
        ["a waiver for every resource", { "residency-region-allow-list": { waivers: [{ resource: "*", reason: "r", owner: "o", expires: "2027-01-31" }] } }, /could match many resources/],
    ])("%s", async (_case, config, pattern) => {
        const run = await ccguard(["preview", project, "--quiet", "--policy-pack-config", file("config.json", JSON.stringify(config))]);
        expectUsageError(run, pattern);
    });

    it.each([
        ["null", /is null; write \{\} for the pack's defaults$/],
        ["", /is empty; write \{\} for the pack's defaults$/],
    ])("a policy config file of %j", async (content, pattern) => {
        expectUsageError(await ccguard(["preview", project, "--quiet", "--policy-pack-config", file("config.json", content)]), pattern);
    });

    it("a copy of the pack elsewhere refuses the same mistake itself, when configured as the Pulumi CLI configures it", async () => {
        // ccguard checks the config only for the pack it ships; any other directory gets the engine's own
        // checks, which pass a misspelt policy through to Configure, where the pack refuses it.
        // A pack directory of its own (as a team might wrap ours) that serves our pack.
        const copy = path.join(scratch, "pack-copy");
        mkdirSync(copy);
        writeFileSync(path.join(copy, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        writeFileSync(path.join(copy, "package.json"), JSON.stringify({ name: "wrapped-pack", version: "0.1.0", main: "index.js" }));
        writeFileSync(path.join(copy, "index.js"), `require(${JSON.stringify(path.join(REPO_ROOT, "dist", "policies", "index.js"))});\n`);
        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"));
        const config = file("copy.json", JSON.stringify({ "residency-region-allowlist": "disabled" }));
        const run = await ccguard(["preview", project, "--quiet", "--no-type-check", "--policy-pack", copy, "--policy-pack-config", config]);
        expectUsageError(run, /^ccguard: Configure failed: invalid policy config for contact-centre-guard: unknown policy "residency-region-allowlist"; did you mean "residency-region-allow-list"\?$/);
    });

    it("the pack's own directory reached through a link is still the pack ccguard checks before the run", async () => {
        const link = path.join(scratch, "pack-link");
        symlinkSync(REPO_ROOT, link);
        const config = file("link.json", JSON.stringify({ "residency-region-allowlist": "disabled" }));
        const run = await ccguard(["preview", project, "--quiet", "--policy-pack", link, "--policy-pack-config", config]);
        expectUsageError(run, /^ccguard: policy config .*: unknown policy "residency-region-allowlist"; did you mean "residency-region-allow-list"\?$/);
    });

    it("--settings and --policy-pack-config together", async () => {
        const run = await ccguard(["preview", project, "--quiet", "--settings", file("s.yaml", LONDON), "--policy-pack-config", file("c.json", "{}")]);
        expectUsageError(run, /cannot be used with option/);
    });
});
