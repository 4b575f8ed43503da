/**
 * The worked examples: an EU contact centre in Frankfurt and a UK one in London, each with the team's
 * decisions in its own ccguard-settings.yaml and the policy config generated from it. Each passes the
 * pack configured by its settings, its committed policy config is what the settings expand to, and
 * London, an adequacy region outside the EU, is blocked at the pack's defaults: the one setting
 * `regionProfile: eu-plus-adequacy` is what allows it.
 *
 * The previews run side by side; the first-preview runs type-check the programs as a user's run
 * would, the others skip it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { FindingsReport } from "../../cli/findings";
import { TEAM_SETTINGS } from "../../policies/config/team-settings";
import { ccguard, type CcguardRun } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const EXAMPLES = {
    eu: path.join("examples", "eu-contact-centre"),
    london: path.join("examples", "london-contact-centre"),
} as const;
type Example = keyof typeof EXAMPLES;

const settingsOf = (example: Example) => path.join(EXAMPLES[example], "ccguard-settings.yaml");
const read = (example: Example, file: string) => readFileSync(path.join(REPO_ROOT, EXAMPLES[example], file), "utf8");

function preview(example: Example, options: { settings: boolean; outputs: "unknown" | "resolved" }): Promise<CcguardRun> {
    return ccguard([
        "preview",
        EXAMPLES[example],
        ...(options.settings ? ["--settings", settingsOf(example)] : []),
        "--outputs",
        options.outputs,
        ...(options.outputs === "resolved" || !options.settings ? ["--no-type-check"] : []),
        "--format",
        "json",
        "--quiet",
    ]);
}

function report(run: CcguardRun): FindingsReport {
    expect(run.stderr).toBe("");
    return JSON.parse(run.stdout) as FindingsReport;
}

const describeFinding = (finding: FindingsReport["findings"][number]) => `${finding.policy} ${finding.resourceName}: ${finding.message}`;

// Started together when the file loads, awaited by the tests that read them.
const runs = {
    euResolved: preview("eu", { settings: true, outputs: "resolved" }),
    euFirstPreview: preview("eu", { settings: true, outputs: "unknown" }),
    londonResolved: preview("london", { settings: true, outputs: "resolved" }),
    londonFirstPreview: preview("london", { settings: true, outputs: "unknown" }),
    londonAtDefaults: preview("london", { settings: false, outputs: "resolved" }),
};

describe.each(["eu", "london"] as const)("the %s worked example", (example) => {
    const resolved = example === "eu" ? runs.euResolved : runs.londonResolved;
    const firstPreview = example === "eu" ? runs.euFirstPreview : runs.londonFirstPreview;

    it("draws no finding at all, mandatory or advisory, from the pack configured by its settings once every output is known", async () => {
        const run = await resolved;
        const findings = report(run);
        expect(findings.findings.map(describeFinding)).toEqual([]);
        expect(findings.warnings ?? []).toEqual([]);
        expect(findings.summary).toMatchObject({ mandatory: 0, advisory: 0, waived: 0 });
        expect(findings.summary.resources).toBeGreaterThan(30);
        expect(run.code).toBe(0);
    }, 180_000);

    it("passes a first preview, where only the key ARNs AWS assigns at creation are left for the update", async () => {
        const run = await firstPreview;
        const findings = report(run);
        expect(run.code).toBe(0);
        expect(findings.summary.mandatory).toBe(0);
        expect(findings.warnings ?? []).toEqual([]);
        for (const finding of findings.findings) {
            expect(finding.deferred, describeFinding(finding)).toBe(true);
            expect(finding.policy).toBe("encryption-connect-s3-storage-kms");
        }
    }, 180_000);

    it("commits the policy config its settings expand to", async () => {
        const check = await ccguard(["config", settingsOf(example), "--check", path.join(EXAMPLES[example], "policy-config.json")]);
        expect(check.stderr).toMatch(/is up to date with/);
        expect(check.code).toBe(0);
    });

    it("builds every component with the limits its program reads from the settings file", () => {
        const program = read(example, "index.ts");
        expect(program).toMatch(/^const limits = limitsFromSettings\(\);$/m);
        const constructions = program.match(/new [A-Z]\w+\("[^"]+", \{[^]*?\}\);/g) ?? [];
        expect(constructions.length).toBeGreaterThanOrEqual(8);
        for (const construction of constructions) expect(construction).toMatch(/\blimits\b/);
    });
});

describe("the London worked example", () => {
    it("is in London, and allows it with the one setting regionProfile, not with per-policy entries", () => {
        const stack = parseYaml(read("london", "Pulumi.dev.yaml")) as { config: Record<string, unknown> };
        expect(stack.config["aws:region"]).toBe("eu-west-2");
        const settings = parseYaml(read("london", "ccguard-settings.yaml")) as { settings: Record<string, unknown>; policies: unknown };
        expect(settings.settings).toEqual({ regionProfile: "eu-plus-adequacy" });
        expect(settings.policies).toEqual({});
        // The generated config carries it into every policy that judges regions.
        const config = JSON.parse(read("london", "policy-config.json")) as Record<string, Record<string, unknown>>;
        expect(Object.keys(config).sort()).toEqual([...TEAM_SETTINGS.get("regionProfile")!.policies].sort());
    });

    it("is blocked at the pack's defaults, by the residency controls that the region profile configures", async () => {
        const run = await runs.londonAtDefaults;
        const findings = report(run);
        expect(run.code).toBe(1);
        const mandatory = findings.findings.filter((finding) => finding.enforcementLevel === "mandatory");
        expect(mandatory.length).toBeGreaterThan(10);
        const regionPolicies = TEAM_SETTINGS.get("regionProfile")!.policies;
        for (const finding of mandatory) expect(regionPolicies, describeFinding(finding)).toContain(finding.policy);
        expect(mandatory.filter((finding) => finding.policy === "residency-region-allow-list").map((finding) => finding.message)).toEqual(
            expect.arrayContaining([expect.stringMatching(/is in eu-west-2 .*outside the allowed regions/)]),
        );
    }, 180_000);
});

describe("the EU worked example", () => {
    it("keeps contact data in the EU member states, 180 days, tighter than the pack's defaults", () => {
        const settings = parseYaml(read("eu", "ccguard-settings.yaml")) as { settings: Record<string, unknown> };
        expect(settings.settings).toMatchObject({ regionProfile: "eu-member-states", maxContactDataRetentionDays: 180 });
        const config = JSON.parse(read("eu", "policy-config.json")) as Record<string, Record<string, unknown>>;
        expect(config["retention-contact-data-expiry"]).toEqual({ maxContactDataRetentionDays: 180 });
    });
});
