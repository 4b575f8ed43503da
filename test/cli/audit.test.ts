/**
 * `ccguard audit` on what `pulumi stack export` writes after an update: built here from a recorded
 * preview with resolved outputs, it must give the same verdict and findings as the preview.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StackSnapshot } from "../../cli/analyzer/types";
import { loadProject } from "../../cli/engine/project";
import { recordProgram } from "../../cli/engine/record-program";
import type { FindingsReport } from "../../cli/findings";
import { ccguard } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** A deployment (version 3) as `pulumi stack export` writes it, secrets encrypted. */
function stackExportOf(snapshot: StackSnapshot): unknown {
    const idOf = (urn: string) => `id-${urn.split("::").pop()}`;
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-25T12:00:00Z", magic: "", version: "v3.248.0" },
            resources: snapshot.resources.map((r) => ({
                urn: r.urn,
                custom: r.custom,
                id: r.custom ? idOf(r.urn) : undefined,
                type: r.type,
                inputs: r.props,
                outputs: r.outputs ?? r.props,
                parent: r.parent,
                provider: r.provider ? `${r.provider}::${idOf(r.provider)}` : undefined,
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
            })),
        },
    };
}

const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-audit-"));

const PROD_PROVIDER = "urn:pulumi:prod::cc::pulumi:providers:aws::default";

/** One resource of stack `prod` as the export records it, with the same inputs and outputs. */
function resourceIn(type: string, name: string, properties: Record<string, unknown>) {
    return { urn: `urn:pulumi:prod::cc::${type}::${name}`, custom: true, id: name, type, provider: `${PROD_PROVIDER}::p1`, inputs: properties, outputs: properties };
}

/** An export of stack `prod` with its default provider in eu-central-1 and these resources. */
function prodExport(fileName: string, resources: unknown[]): string {
    const file = path.join(scratch, fileName);
    const provider = { urn: PROD_PROVIDER, custom: true, id: "p1", type: "pulumi:providers:aws", inputs: { region: "eu-central-1" } };
    writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [provider, ...resources] } }));
    return file;
}
const exports = new Map<string, string>();

beforeAll(async () => {
    for (const example of ["eu-contact-centre", "leaky-contact-centre"]) {
        const project = loadProject(path.join(REPO_ROOT, "examples", example), "dev");
        const snapshot = await recordProgram(project, { outputs: "resolved", typeCheck: false });
        const file = path.join(scratch, `${example}.json`);
        writeFileSync(file, JSON.stringify(stackExportOf(snapshot), null, 2));
        exports.set(example, file);
    }
}, 120_000);

const keyOf = (f: FindingsReport["findings"][number]) => `${f.policy} ${f.enforcementLevel} ${f.urn}`;

describe("ccguard audit", () => {
    it.each([
        ["eu-contact-centre", 0],
        ["leaky-contact-centre", 1],
    ])("gives the deployed %s the verdict its resolved preview gets", async (example, exitCode) => {
        const audit = await ccguard(["audit", exports.get(example)!, "--format", "json", "--quiet"]);
        const preview = await ccguard(["preview", path.join("examples", example), "--outputs", "resolved", "--no-type-check", "--format", "json", "--quiet"]);
        expect(audit.code, audit.stderr).toBe(exitCode);
        expect(preview.code, preview.stderr).toBe(exitCode);
        const audited = JSON.parse(audit.stdout) as FindingsReport;
        const previewed = JSON.parse(preview.stdout) as FindingsReport;
        expect(audited.mode).toBe("audit");
        expect(audited.stack).toBe("dev");
        expect(audited.findings.map(keyOf).sort()).toEqual(previewed.findings.map(keyOf).sort());
    });

    it("reads the export from standard input with -", async () => {
        const { readFileSync } = await import("node:fs");
        const run = await ccguard(["audit", "-", "--quiet"], { stdin: readFileSync(exports.get("leaky-contact-centre")!, "utf8") });
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/BLOCKED: \d+ mandatory/);
    });

    it("evaluates an export whose secrets are encrypted, without showing them", async () => {
        const value = { ...SECRET_SIG, ciphertext: "v1:CIPHERTEXT-CANARY" };
        const file = prodExport("secrets.json", [resourceIn("aws:ssm/parameter:Parameter", "db", { type: "SecureString", value })]);
        const run = await ccguard(["audit", file, "--format", "json", "--quiet"]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).not.toContain("CANARY");
        expect((JSON.parse(run.stdout) as FindingsReport).stack).toBe("prod");
    });

    it("does not judge a placeholder for an encrypted trust policy: a note that the check could not run, and a warning", async () => {
        const trust = { ...SECRET_SIG, ciphertext: "v1:TRUST-CANARY" };
        const file = prodExport("encrypted-trust.json", [resourceIn("aws:iam/role:Role", "reviewer", { assumeRolePolicy: trust, tags: { team: { ...SECRET_SIG, ciphertext: "v1:TAG-CANARY" } } })]);
        const run = await ccguard(["audit", file, "--format", "json", "--quiet"]);
        const report = JSON.parse(run.stdout) as FindingsReport;
        const trustFindings = report.findings.filter((f) => f.policy === "access-role-trust-scoped");
        expect(trustFindings.map((f) => [f.enforcementLevel, f.deferred])).toEqual([["advisory", true]]);
        expect(report.warnings).toEqual([
            expect.objectContaining({ kind: "encrypted-secret", urn: "urn:pulumi:prod::cc::aws:iam/role:Role::reviewer", message: expect.stringContaining("`assumeRolePolicy` and `tags` are encrypted in this export") }),
        ]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).not.toContain("CANARY");
    });

    it("judges secrets exported with --show-secrets, and still masks them", async () => {
        // `--show-secrets` writes the value as JSON text under `plaintext`.
        const groupIn = (name: string, region: string) =>
            resourceIn("aws:ec2/securityGroup:SecurityGroup", name, { region: { ...SECRET_SIG, plaintext: JSON.stringify(region) } });
        const file = prodExport("shown-secrets.json", [groupIn("frankfurt", "eu-west-1"), groupIn("virginia", "us-east-1")]);
        const run = await ccguard(["audit", file, "--format", "json", "--quiet"]);
        const report = JSON.parse(run.stdout) as FindingsReport;
        expect(report.findings.map((f) => `${f.policy} ${f.resourceName}`)).toEqual(["residency-region-allow-list virginia"]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).not.toContain("us-east-1");
    });
});
