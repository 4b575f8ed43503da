/**
 * Every machine-readable format, checked with real parsers: SARIF against the official 2.1.0 schema,
 * JUnit with an XML parser, CSV round-tripped, and the engine-event path against the findings path.
 */
import Ajv from "ajv-draft-04";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { FindingsReport } from "../../cli/findings";
import { catalogue } from "../../policies/catalogue";
import { renderReport } from "../../cli/render/formats";
import { CSV_COLUMNS, renderCsv } from "../../cli/render/csv";
import { renderJunit } from "../../cli/render/junit";
import { renderMarkdown } from "../../cli/render/markdown";
import { fingerprintOf, renderSarif } from "../../cli/render/sarif";
import { reportFromEngineEvents } from "../../cli/report/engine-events";
import { readSavedReport } from "../../cli/report/read-report";
import { REPO_ROOT } from "../support/paths";

const fixture = (name: string) => readFileSync(path.join(REPO_ROOT, "test", "fixtures", "reports", name), "utf8");
const leaky = JSON.parse(fixture("leaky-preview.json")) as FindingsReport;
const compliant = JSON.parse(fixture("eu-preview.json")) as FindingsReport;
const withWaiver: FindingsReport = {
    ...leaky,
    waivers: [
        {
            policy: "residency-region-allow-list",
            urn: "urn:pulumi:dev::leaky-contact-centre::pulumi:pulumi:Stack$aws:s3/bucket:Bucket::transcripts-export",
            resource: "transcripts-exp*",
            reason: 'export for the "US" analytics pilot, DPIA-7, ends in Q1',
            owner: "dpo@acme.example",
            expires: "2027-03-31",
        },
    ],
    unusedWaivers: [{ policy: "encryption-bucket-tls-only", resource: "old-*", owner: "ops@acme.example", expires: "2025-01-01", status: "expired" }],
    findings: leaky.findings.filter((f) => !(f.policy === "residency-region-allow-list" && f.resourceName === "transcripts-export")),
};
/**
 * The OASIS SARIF 2.1.0 schema is not published on npm and we do not copy it into the repository: the
 * test reads it from CCGUARD_SARIF_SCHEMA or from the shared schemas beside the repository (as CI
 * provides them), and says it skipped the schema check where neither exists.
 */
const sarifSchemaFile = process.env["CCGUARD_SARIF_SCHEMA"] ?? path.join(REPO_ROOT, "..", "shared", "schemas", "sarif-2.1.0.json");
const sarifSchema = existsSync(sarifSchemaFile) ? JSON.parse(readFileSync(sarifSchemaFile, "utf8")) : undefined;
const validateSarif = sarifSchema && new Ajv({ allErrors: true, strict: false }).compile(sarifSchema);
if (!validateSarif) console.warn(`SARIF schema validation skipped: ${sarifSchemaFile} does not exist (set CCGUARD_SARIF_SCHEMA to the OASIS sarif-2.1.0.json)`);

describe("every format", () => {
    it.each(["text", "md", "html", "csv", "junit", "sarif", "json"] as const)("%s shows which declared waiver matched each waived resource", (format) => {
        expect(renderReport(withWaiver, format)).toContain("transcripts-exp*");
        expect(renderReport(leaky, format)).not.toContain("transcripts-exp*");
    });
});

describe("SARIF", () => {
    it.skipIf(!validateSarif).each([
        ["a blocked stack", leaky],
        ["a passing stack", compliant],
        ["a stack with waivers", withWaiver],
    ])("validates against the SARIF 2.1.0 schema for %s", (_case, report) => {
        const log = JSON.parse(renderSarif(report));
        expect(validateSarif!(log), JSON.stringify(validateSarif!.errors?.slice(0, 3))).toBe(true);
    });

    it("has one rule per policy with help, severity and the regulations, and one result per finding", () => {
        const log = JSON.parse(renderSarif(leaky));
        const run = log.runs[0];
        expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(leaky.policies);
        const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === "encryption-connect-s3-storage-kms");
        expect(rule.help.text).toContain("Remediation");
        expect(rule.properties["security-severity"]).toBe("8.0");
        expect(rule.properties.tags).toContain("GDPR Art. 32(1)(a)");
        expect(run.results).toHaveLength(leaky.findings.length);
        const result = run.results[0];
        expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe(leaky.findings[0].urn);
        expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    });

    it("names the resource in each message once: as the pack quotes it, or before a message that does not", () => {
        const finding = leaky.findings[0];
        const quoting = { ...finding, message: `S3 bucket '${finding.resourceName}' is in us-east-1.` };
        const silent = { ...finding, message: "is in us-east-1." };
        const [first, second] = JSON.parse(renderSarif({ ...leaky, findings: [quoting, silent] })).runs[0].results;
        expect(first.message.text).toBe(quoting.message);
        expect(second.message.text).toBe(`${finding.resourceType} '${finding.resourceName}': is in us-east-1.`);
    });

    it("keeps a finding's fingerprint when only a value in its message changes", () => {
        const a = fingerprintOf("p", "urn:x", 'bucket keeps data 400 days, key "alias/a"');
        expect(fingerprintOf("p", "urn:x", 'bucket keeps data 500 days, key "alias/b"')).toBe(a);
        expect(fingerprintOf("p", "urn:y", 'bucket keeps data 400 days, key "alias/a"')).not.toBe(a);
    });

    it("records honoured waivers as accepted suppressions", () => {
        const results = JSON.parse(renderSarif(withWaiver)).runs[0].results;
        const suppressed = results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
        expect(suppressed).toHaveLength(1);
        expect(suppressed[0].suppressions[0]).toMatchObject({ kind: "external", status: "accepted" });
    });
});

describe("JUnit", () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "failure"].includes(name) });

    it("has a suite per policy, a case per resource evaluated, failures for blocking findings", () => {
        const xml = parser.parse(renderJunit(leaky));
        const suites = xml.testsuites.testsuite as { name: string; tests: string; failures: string; testcase: { name: string; failure?: { "#text": string }[] }[] }[];
        expect(suites.map((s) => s.name)).toEqual(["ccguard evaluated", ...leaky.policies!]);
        const failures = suites.flatMap((s) => (s.testcase ?? []).flatMap((c) => c.failure ?? []));
        expect(failures).toHaveLength(leaky.findings.filter((f) => f.enforcementLevel === "mandatory").length);
        expect(Number(xml.testsuites.failures)).toBe(suites.filter((s) => Number(s.failures) > 0).reduce((n, s) => n + Number(s.failures), 0));
        for (const suite of suites) expect(Number(suite.tests)).toBe((suite.testcase ?? []).length);
        const storage = suites.find((s) => s.name === "encryption-connect-s3-storage-kms")!;
        expect(storage.testcase.map((c) => c.name)).toEqual(["aws:connect/instanceStorageConfig:InstanceStorageConfig call-recordings"]);
    });

    it("shows passing controls as passing cases", () => {
        const xml = parser.parse(renderJunit(compliant));
        expect(Number(xml.testsuites.failures)).toBe(0);
        expect(Number(xml.testsuites.tests)).toBeGreaterThan(compliant.policies!.length);
    });
    it("skips a case decided at the update, disabled or with nothing to judge, but never one a waiver also touched", () => {
        const deferred = { ...leaky.findings[0], enforcementLevel: "advisory" as const, deferred: true };
        const waiver = { policy: deferred.policy, urn: deferred.urn, owner: "dpo@acme.example", reason: "pilot", expires: "2027-01-01" };
        const caseOf = (report: FindingsReport) => {
            const suites = parser.parse(renderJunit(report)).testsuites.testsuite as { name: string; testcase: { name: string; skipped?: unknown }[] }[];
            return suites.find((s) => s.name === deferred.policy)!.testcase.find((c) => c.name.endsWith(deferred.resourceName))!;
        };
        expect(caseOf({ ...leaky, findings: [deferred], waivers: [] }).skipped).toBeDefined();
        expect(caseOf({ ...leaky, findings: [deferred], waivers: [waiver] }).skipped).toBeUndefined();
        const disabled = parser.parse(renderJunit({ ...leaky, findings: [], disabledPolicies: [deferred.policy] })).testsuites.testsuite as { name: string; skipped: string }[];
        expect(Number(disabled.find((s) => s.name === deferred.policy)!.skipped)).toBe(1);
    });
});

describe("CSV", () => {
    it("round-trips: one row per finding, waiver and unused waiver, with framework columns", () => {
        const rows = parseCsv(renderCsv(withWaiver), { columns: true }) as Record<string, string>[];
        expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
        // A row per finding, waiver and unused waiver, and the last says what was evaluated.
        expect(rows).toHaveLength(withWaiver.findings.length + 3);
        expect(rows.at(-1)).toMatchObject({ kind: "evaluated", level: "preview" });
        expect(rows.at(-1)!.message).toContain("stack dev; mode preview");
        const first = withWaiver.findings[0];
        expect(rows[0]).toMatchObject({ policy: first.policy, urn: first.urn, message: first.message, gdpr: first.frameworks.gdpr.join("; ") });
        const waiver = rows.find((r) => r.kind === "waiver")!;
        expect(waiver.reason).toBe(withWaiver.waivers[0].reason);
        expect(rows.find((r) => r.kind === "waiver-expired")?.resourceName).toBe("old-*");
    });
});

describe("Markdown", () => {
    it("puts the verdict first and blocking findings before advisory ones", () => {
        const md = renderMarkdown(leaky);
        expect(md.split("\n")[0]).toMatch(/^## ❌ Blocked: `contact-centre-guard` `[^`]+` on stack `dev`/);
        expect(md.indexOf("### Blocking findings")).toBeGreaterThan(0);
        expect(md).toContain("### Regulations touched");
        expect(md).toContain("Art. 32(1)(a) (Security of processing: encryption)");
    });
    it("counts findings per area in the summary's columns, so each column adds up to the summary", () => {
        for (const report of [leaky, compliant]) {
            const md = renderMarkdown(report);
            const summary = md.split("\n").find((line) => /^\| \d+ \| \d+ \| \d+ \|/.test(line))!.split("|").slice(1, 4).map(Number);
            const rows = md.split("\n").filter((line) => /^\| [a-z]+ \| \d+ \| \d+ \| \d+ \|$/.test(line)).map((line) => line.split("|").slice(2, 5).map(Number));
            const totals = [0, 1, 2].map((column) => rows.reduce((sum, row) => sum + row[column], 0));
            expect(totals).toEqual(summary);
        }
    });
    it("passes a compliant stack and lists its waivers", () => {
        expect(renderMarkdown(compliant).split("\n")[0]).toMatch(/^## ✅ Passed/);
        expect(renderMarkdown(withWaiver)).toContain("| `residency-region-allow-list` |");
    });
});

describe("engine events", () => {
    it("give the same report as the equivalent findings file", () => {
        const fromEvents = reportFromEngineEvents(fixture("leaky-preview.events.jsonl"), "events", leaky.tool.version);
        // The saved report predates the summary's deferred and disabled counts (fields are only ever added).
        const strip = (r: FindingsReport) => ({ findings: r.findings, waivers: r.waivers, summary: { ...r.summary, policies: 0, deferred: undefined, disabled: undefined }, stack: r.stack, pack: r.pack });
        expect(strip(fromEvents)).toEqual(strip(leaky));
        expect(fromEvents.mode).toBe("events");
        const sameContext = { mode: leaky.mode, policies: leaky.policies, summary: leaky.summary, evaluated: leaky.evaluated, notApplicable: leaky.notApplicable, disabledPolicies: leaky.disabledPolicies };
        expect(renderMarkdown({ ...fromEvents, ...sameContext })).toBe(renderMarkdown({ ...leaky, generatedAt: fromEvents.generatedAt }));
    });

    it("strips the description an older pack prefixed, as long as every description stays one line", () => {
        // leaky-preview.events.jsonl was written by a pack whose descriptions have changed since.
        expect(catalogue.filter((control) => control.description.includes("\n")).map((c) => c.name)).toEqual([]);
        const fromEvents = reportFromEngineEvents(fixture("leaky-preview.events.jsonl"), "events", leaky.tool.version);
        for (const finding of fromEvents.findings) expect(finding.message).not.toContain("\n");
    });

    it("reads a JSON array of Automation API events and treats warning as advisory", () => {
        const events = [
            { policyEvent: { resourceUrn: "urn:pulumi:prod::p::aws:s3/bucket:Bucket::b", message: "be careful", policyName: "other-policy", policyPackName: "other-pack", policyPackVersion: "2.0.0", enforcementLevel: "warning" } },
        ];
        const report = readSavedReport(JSON.stringify(events), "events.json", "1.0.0");
        expect(report.pack).toEqual({ name: "other-pack", version: "2.0.0" });
        expect(report.findings[0]).toMatchObject({ policy: "other-policy", enforcementLevel: "advisory", frameworks: { gdpr: [], pciDss: [], iso27001: [] } });
        expect(report.stack).toBe("prod");
    });

    it.each([
        ["an empty file", ""],
        ["a file that is neither", "hello"],
        ["JSON that is not a ccguard report", '{"version": 3}'],
    ])("refuses %s", (_case, text) => {
        expect(() => readSavedReport(text, "input", "1.0.0")).toThrow(/input/);
    });
});
