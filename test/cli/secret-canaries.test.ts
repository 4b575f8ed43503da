/**
 * Secrecy follows the data: a secret quoted in part (cut at 80 characters), with a control character,
 * or parsed out of a secret policy document (bucket, trust and key policies) never reaches a report,
 * in any format, from a preview in either output mode or from an audit of a `--show-secrets` export.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StackSnapshot } from "../../cli/analyzer/types";
import { loadProject } from "../../cli/engine/project";
import { SECRET_SIG, SIG_KEY } from "../../cli/engine/property-values";
import { recordProgram } from "../../cli/engine/record-program";
import type { FindingsReport } from "../../cli/findings";
import { FORMATS, renderReport } from "../../cli/render/formats";
import { ccguard } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const program = path.join(REPO_ROOT, "test", "fixtures", "programs", "secret-canaries");
const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-canaries-"));

/** Pieces of every canary secret in the program: not one may appear, whole or in part. */
const CANARIES = ["canarylong", "longsecret", "canarytab", "tabsecret", "CanarySecretReader", "999988887777", "canarysecretservice", "CanaryKeyUser", "111122223333"];

function leaksIn(text: string): string[] {
    return CANARIES.filter((canary) => text.toLowerCase().includes(canary.toLowerCase()));
}

/** Every format of the report, as `ccguard report` would render it. */
function everyFormat(report: FindingsReport): Map<string, string> {
    return new Map(FORMATS.map((format) => [format, renderReport(report, format)]));
}

/** Secrets as `pulumi stack export --show-secrets` writes them: the value as JSON text under `plaintext`. */
function shownSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(shownSecrets);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(record["value"]) };
    return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, shownSecrets(child)]));
}

function exportWithShownSecrets(snapshot: StackSnapshot): string {
    const idOf = (urn: string) => `id-${urn.split("::").pop()}`;
    const resources = snapshot.resources.map((r) => ({
        urn: r.urn,
        custom: r.custom,
        id: r.custom ? idOf(r.urn) : undefined,
        type: r.type,
        inputs: shownSecrets(r.props),
        outputs: shownSecrets(r.outputs ?? r.props),
        parent: r.parent,
        provider: r.provider ? `${r.provider}::${idOf(r.provider)}` : undefined,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        additionalSecretOutputs: r.options?.additionalSecretOutputs,
    }));
    const file = path.join(scratch, "shown-secrets.json");
    writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: { time: "2026-12-05T12:00:00Z", magic: "", version: "v3.248.0" }, resources } }));
    return file;
}

const reports = new Map<string, { report: FindingsReport; stdout: string }>();

beforeAll(async () => {
    for (const outputs of ["unknown", "resolved"]) {
        const saved = path.join(scratch, `preview-${outputs}.json`);
        const run = await ccguard(["preview", program, "--no-type-check", "--quiet", "--outputs", outputs, "--format", "json", "--output", saved]);
        expect(run.code, run.stderr).toBe(1);
        const text = readFileSync(saved, "utf8");
        reports.set(`preview --outputs ${outputs}`, { report: JSON.parse(text) as FindingsReport, stdout: text });
    }
    const snapshot = await recordProgram(loadProject(program, "dev"), { outputs: "resolved", typeCheck: false });
    const audit = await ccguard(["audit", exportWithShownSecrets(snapshot), "--format", "json", "--quiet"]);
    expect(audit.code, audit.stderr).toBe(1);
    reports.set("audit of a --show-secrets export", { report: JSON.parse(audit.stdout) as FindingsReport, stdout: audit.stdout });
}, 180_000);

describe.each(["preview --outputs unknown", "preview --outputs resolved", "audit of a --show-secrets export"])("secret canaries, %s", (source) => {
    it("never appear in any format, whole or in part", () => {
        const { report, stdout } = reports.get(source)!;
        expect(leaksIn(stdout)).toEqual([]);
        for (const [format, text] of everyFormat(report)) expect(leaksIn(text), format).toEqual([]);
    });

    it("are judged all the same: the findings that quote them say [secret] instead", () => {
        const { report } = reports.get(source)!;
        const quoting = report.findings.filter((f) => f.message.includes("[secret]")).map((f) => `${f.policy} ${f.resourceName}`);
        expect(quoting).toEqual(
            expect.arrayContaining([
                "residency-region-allow-list canary-long",
                "residency-region-allow-list canary-tab",
                "access-role-trust-scoped canary-trust",
                "access-recording-readers recordings",
                "access-key-admins-separate canary-key",
            ]),
        );
    });

    it("keep a reader whose grant sits in a secret bucket policy in the readers table, named [secret]", () => {
        const { report } = reports.get(source)!;
        expect(report.readers).toEqual(expect.arrayContaining([expect.objectContaining({ bucket: "recordings", principal: "[secret]", canGetObject: true })]));
    });
});
