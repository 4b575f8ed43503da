/**
 * "Passed" must mean passed: disabled policies are reported as disabled, controls with nothing to
 * judge as not applicable, checks decided at the update as deferred, deployed violations a remediate
 * policy would fix as violations, and every report says what was evaluated.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProject } from "../../cli/engine/project";
import { recordProgram } from "../../cli/engine/record-program";
import type { FindingsReport } from "../../cli/findings";
import { coverageRows, controlCoverage } from "../../cli/render/coverage";
import { renderReport } from "../../cli/render/formats";
import { controlNamed } from "../../policies/catalogue";
import { ccguard } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-passed-"));
const euExample = path.join(REPO_ROOT, "examples", "eu-contact-centre");

function configFile(name: string, config: unknown): string {
    const file = path.join(scratch, name);
    writeFileSync(file, JSON.stringify(config));
    return file;
}

async function previewJson(args: string[]): Promise<{ code: number | null; report: FindingsReport }> {
    const run = await ccguard(["preview", euExample, "--no-type-check", "--quiet", "--format", "json", ...args]);
    expect(run.stderr).toBe("");
    return { code: run.code, report: JSON.parse(run.stdout) as FindingsReport };
}

/** The EU example as deployed: one program run, then audits are quick to repeat with other configs. */
let euExport: string;
beforeAll(async () => {
    const snapshot = await recordProgram(loadProject(euExample, "dev"), { outputs: "resolved", typeCheck: false });
    const resources = snapshot.resources.map((r) => ({ ...r, inputs: r.props, outputs: r.outputs ?? r.props, id: r.custom ? `id-${r.name}` : undefined }));
    euExport = path.join(scratch, "eu.json");
    writeFileSync(euExport, JSON.stringify({ version: 3, deployment: { resources } }));
}, 120_000);

async function auditJson(config: string): Promise<{ code: number | null; report: FindingsReport }> {
    const run = await ccguard(["audit", euExport, "--quiet", "--format", "json", "--policy-pack-config", config]);
    expect(run.stderr).toBe("");
    return { code: run.code, report: JSON.parse(run.stdout) as FindingsReport };
}

describe("a stack whose policies were all disabled", () => {
    it("is NOT CHECKED in every format, with every policy named as disabled", async () => {
        const { code, report } = await auditJson(configFile("all-disabled.json", { all: "disabled" }));
        expect(code).toBe(0);
        expect(report.disabledPolicies).toEqual(report.policies);
        expect(report.summary.disabled).toBe(report.policies!.length);
        for (const format of ["text", "md", "html"] as const) {
            const text = renderReport(report, format);
            expect(text, format).toMatch(/NOT CHECKED|Not checked/);
            expect(text, format).not.toMatch(/\bPASSED\b|✅ Passed/);
        }
        const gdpr = coverageRows(report).filter((row) => row.framework === "gdpr");
        expect(gdpr.length).toBeGreaterThan(0);
        for (const row of gdpr) expect(row.status, row.provision).toBe("disabled");
    });
});

describe("a stack with one policy disabled", () => {
    it("passes with the disabled policy named, the provisions it tests not shown as passed, and says what was evaluated", async () => {
        const file = configFile("one-disabled.json", { "residency-region-allow-list": "disabled" });
        const { code, report } = await previewJson(["--policy-pack-config", file]);
        expect(code).toBe(0);
        expect(report.disabledPolicies).toEqual(["residency-region-allow-list"]);
        expect(renderReport(report, "text")).toContain(`PASSED with 1 of ${report.policies!.length} policies disabled`);
        expect(renderReport(report, "text")).toContain("Disabled by the policy config, not checked (1): residency-region-allow-list");
        const control = controlNamed("residency-region-allow-list")!;
        expect(controlCoverage(report, control).status).toBe("disabled");
        const provision = control.frameworks.gdpr[0];
        expect(coverageRows(report).find((row) => row.framework === "gdpr" && row.provision === provision)?.status).toBe("disabled");
        // What was evaluated: an auditor can tell which config file, byte for byte.
        expect(report.evaluated).toEqual({
            project: "eu-contact-centre",
            outputs: "unknown",
            policyConfig: { path: file, sha256: createHash("sha256").update(readFileSync(file)).digest("hex") },
        });
    });
});

describe("controls with nothing to judge", () => {
    it("are not applicable, not passed: the EU example has no contact flow", async () => {
        const { report } = await previewJson([]);
        expect(report.notApplicable).toContain("connect-flow-redaction");
        expect(controlCoverage(report, controlNamed("connect-flow-redaction")!).status).toBe("not-applicable");
        expect(report.notApplicable).not.toContain("encryption-bucket-customer-key");
        expect(controlCoverage(report, controlNamed("encryption-bucket-customer-key")!).status).toBe("passed");
    });
});

describe("checks decided at the update", () => {
    it("are deferred in the coverage matrix, not advisory failures", () => {
        const report = JSON.parse(readFileSync(path.join(REPO_ROOT, "test", "fixtures", "reports", "leaky-preview.json"), "utf8")) as FindingsReport;
        const deferredOnly: FindingsReport = { ...report, findings: report.findings.map((f) => ({ ...f, enforcementLevel: "advisory", deferred: true })) };
        const statuses = new Set(coverageRows(deferredOnly).flatMap((row) => row.controls.filter((c) => c.findings > 0).map((c) => c.status)));
        expect([...statuses]).toEqual(["deferred"]);
    });
});

describe("an audit with a remediate policy", () => {
    it("reports the deployed violation as one the next update would remediate, in every format", async () => {
        const provider = { urn: "urn:pulumi:prod::cc::pulumi:providers:aws::default", custom: true, id: "p1", type: "pulumi:providers:aws", inputs: { region: "eu-central-1" } };
        const key = {
            urn: "urn:pulumi:prod::cc::aws:kms/key:Key::recordings-key",
            custom: true,
            id: "k1",
            type: "aws:kms/key:Key",
            provider: `${provider.urn}::p1`,
            inputs: { enableKeyRotation: false, deletionWindowInDays: 30 },
            outputs: { enableKeyRotation: false, deletionWindowInDays: 30, arn: "arn:aws:kms:eu-central-1:123456789012:key/k1" },
        };
        const exported = path.join(scratch, "unrotated.json");
        writeFileSync(exported, JSON.stringify({ version: 3, deployment: { resources: [provider, key] } }));
        const config = configFile("remediate.json", { "encryption-kms-key-rotation": "remediate" });
        const run = await ccguard(["audit", exported, "--policy-pack-config", config, "--format", "json", "--quiet"]);
        expect(run.code, run.stderr).toBe(1);
        const report = JSON.parse(run.stdout) as FindingsReport;
        const rotation = report.findings.find((f) => f.policy === "encryption-kms-key-rotation");
        expect(rotation).toMatchObject({ enforcementLevel: "mandatory", remediatedByUpdate: true, resourceName: "recordings-key" });
        expect(renderReport(report, "text")).toContain("mandatory (the next update would remediate it)");
        expect(renderReport(report, "md")).toContain("the next update would remediate it");
        expect(renderReport(report, "junit")).toContain("the next update would remediate it");
        expect(renderReport(report, "csv")).toContain("finding-remediated-by-update");
    });
});
