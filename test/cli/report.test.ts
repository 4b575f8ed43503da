/** `ccguard report` as a user runs it: every format from a saved report and from engine events. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccguard, type CcguardRun } from "../support/ccguard";

const fixtures = path.join("test", "fixtures", "reports");
const hostile = path.join("test", "fixtures", "hostile");

function expectOneLineRefusal(run: CcguardRun, pattern: RegExp) {
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
    expect(run.stderr).toMatch(/^ccguard: /);
    expect(run.stderr.trim()).toMatch(pattern);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("ccguard report", () => {
    it.each(["text", "json", "md", "html", "sarif", "junit", "csv"])("renders saved findings as %s, exit code from the verdict", async (format) => {
        const blocked = await ccguard(["report", path.join(fixtures, "leaky-preview.json"), "--format", format]);
        expect(blocked.code, blocked.stderr).toBe(1);
        expect(blocked.stdout.length).toBeGreaterThan(100);
        const passed = await ccguard(["report", path.join(fixtures, "eu-preview.json"), "--format", format]);
        expect(passed.code, passed.stderr).toBe(0);
    });

    it("renders the engine events of a real pulumi preview", async () => {
        const run = await ccguard(["report", path.join(fixtures, "leaky-preview.events.jsonl"), "--format", "md"]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toMatch(/^## ❌ Blocked/);
    });

    it.each([
        [["report", path.join(fixtures, "leaky-preview.json"), "--format", "pdf"], /argument 'pdf' is invalid/],
        [["report", path.join("examples", "eu-contact-centre", "Pulumi.yaml"), "--format", "md"], /neither a ccguard findings report \(--format json\) nor an engine event log/],
        [["report", "missing.json", "--format", "md"], /cannot read missing\.json: no such file$/],
        [["report", "examples", "--format", "md"], /cannot read examples: is a directory$/],
    ])("refuses %j with exit code 2 and one line", async (args, pattern) => {
        expectOneLineRefusal(await ccguard(args as string[]), pattern);
    });

    it("renders as text when no format is given, like preview and audit", async () => {
        const run = await ccguard(["report", path.join(fixtures, "leaky-preview.json")]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toMatch(/^BLOCKED: 16 mandatory, 3 advisory finding\(s\)/m);
        expect(run.stderr).toBe("");
    });

    it("says the verdict in one line on standard error when the report goes to a file", async () => {
        const output = path.join(mkdtempSync(path.join(tmpdir(), "ccguard-report-")), "leaky.html");
        const run = await ccguard(["report", path.join(fixtures, "leaky-preview.json"), "--format", "html", "--output", output]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toBe(`ccguard: BLOCKED: 16 mandatory, 3 advisory finding(s) — report written to ${output}\n`);
        expect(readFileSync(output, "utf8")).toMatch(/^<!DOCTYPE html>/i);
        const quiet = await ccguard(["report", path.join(fixtures, "leaky-preview.json"), "--output", output, "--quiet"]);
        expect(quiet.code).toBe(1);
        expect(quiet.stderr).toBe("");
    });

    it("names the output it cannot write in words", async () => {
        const run = await ccguard(["report", path.join(fixtures, "leaky-preview.json"), "--output", path.join("no-such-directory", "report.md")]);
        expectOneLineRefusal(run, /cannot write no-such-directory\/report\.md: no such folder .*no-such-directory$/);
    });
});

describe("ccguard report does not trust its input", () => {
    it("reads a findings report minified to one line as findings, whatever its values say", async () => {
        const run = await ccguard(["report", path.join(hostile, "findings-minified-with-timestamp.json"), "--format", "json"]);
        expect(run.code, run.stderr).toBe(1);
        const report = JSON.parse(run.stdout);
        expect(report.mode).toBe("preview");
        expect(report.summary).toMatchObject({ mandatory: 16, advisory: 3 });
    });

    it("recomputes every count from the findings: a summary claiming no mandatory finding still blocks", async () => {
        const run = await ccguard(["report", path.join(hostile, "findings-summary-lies.json"), "--format", "json"]);
        expect(run.code, run.stderr).toBe(1);
        expect(JSON.parse(run.stdout).summary).toMatchObject({ mandatory: 16, advisory: 3, waived: 0 });
        const text = await ccguard(["report", path.join(hostile, "findings-summary-lies.json")]);
        expect(text.stdout).toMatch(/^BLOCKED: 16 mandatory/m);
        expect(text.stdout).not.toMatch(/PASSED/);
    });

    it.each([
        ["findings-wrong-enforcement-level.json", /findings-wrong-enforcement-level\.json is not a valid ccguard findings report: \/findings\/3\/enforcementLevel must be one of mandatory, advisory$/],
        ["findings-without-frameworks.json", /is not a valid ccguard findings report: \/findings\/0 must have required property 'frameworks'$/],
        ["events-unknown-enforcement-level.jsonl", /is not a valid engine event log: line 8: \/policyEvent\/enforcementLevel must be one of mandatory, remediate, warning, advisory, none$/],
        ["events-policy-event-not-an-object.jsonl", /is not a valid engine event log: line 8: \/policyEvent must be object$/],
        ["events-array-of-non-events.json", /is not a valid engine event log: \/0 is not an engine event/],
        ["deep-nesting.json", /nests arrays or objects more than 512 levels deep/],
        ["gzip.json.gz", /gzip\.json\.gz is not text: expected UTF-8, or UTF-16 with a byte order mark$/],
        ["utf16le-without-bom.json", /is not text \(it contains NUL bytes/],
        ["stack-export.utf16le.json", /is neither a ccguard findings report \(--format json\) nor an engine event log: an object without tool or findings$/],
    ])("refuses %s with exit code 2 and one line naming the first problem", async (fixture, pattern) => {
        expectOneLineRefusal(await ccguard(["report", path.join(hostile, fixture), "--format", "md"]), pattern);
    });

    it("refuses an event log of a single malformed event read from standard input", async () => {
        const run = await ccguard(["report", "-"], { stdin: '{"sequence":1,"timestamp":2,"policyEvent":{"policyName":"encryption-recordings-kms","message":"m","enforcementLevel":"mandatory","severity":"extreme"}}\n' });
        expectOneLineRefusal(run, /^ccguard: standard input is not a valid engine event log: line 1: \/policyEvent\/severity must be one of "", low, medium, high, critical$/);
    });

    it("never reads an event log cut short before its summary as a clean pass", async () => {
        const run = await ccguard(["report", path.join(hostile, "events-cut-before-summary.jsonl")]);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/^PASSED with 1 warning/m);
        expect(run.stdout).toMatch(/no summaryEvent/);
    });

    describe("an event log of a run that checked nothing, or not everything", () => {
        const leakyLines = readFileSync(path.join(fixtures, "leaky-preview.events.jsonl"), "utf8").split("\n").filter(Boolean);
        const withoutPolicyEvents = leakyLines.filter((line) => !line.includes('"policyEvent"'));
        const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-events-"));
        const log = (name: string, lines: string[]) => {
            const file = path.join(scratch, name);
            writeFileSync(file, `${lines.join("\n")}\n`);
            return file;
        };
        const event = (body: object) => JSON.stringify({ sequence: 900, timestamp: 1796553700, ...body });

        it("refuses a run whose summary names no policy pack: nothing was checked", async () => {
            const lines = withoutPolicyEvents.map((line) => line.replace('"policyPacks":{"contact-centre-guard":"0.1.0"}', '"policyPacks":{}'));
            expectOneLineRefusal(await ccguard(["report", log("no-pack.jsonl", lines)]), /no-pack\.jsonl: the run used no policy pack \(its summaryEvent names none\), so nothing was checked/);
        });

        it("warns of a run that failed, and of one that was cancelled, and claims no policy config", async () => {
            const summary = withoutPolicyEvents.length - 1;
            const failed = [...withoutPolicyEvents.slice(0, summary), event({ diagnosticEvent: { message: "TypeError: Cannot read properties of undefined (reading 'id')\n", color: "never", severity: "error" } }), withoutPolicyEvents[summary]];
            const failedRun = await ccguard(["report", log("failed.jsonl", failed)]);
            expect(failedRun.code, failedRun.stderr).toBe(0);
            expect(failedRun.stdout).toMatch(/failed-run: the run reported an error \(TypeError: Cannot read properties of undefined \(reading 'id'\)\)/);
            expect(failedRun.stdout).toMatch(/^PASSED with 1 warning/m);
            expect(failedRun.stdout).toContain("policy config: not recorded in the event log");
            const cancelled = [...withoutPolicyEvents.slice(0, 3), event({ cancelEvent: {} })];
            const cancelledRun = await ccguard(["report", log("cancelled.jsonl", cancelled)]);
            expect(cancelledRun.stdout).toMatch(/cancelled-run: the run was cancelled/);
            expect(cancelledRun.stdout).toMatch(/^PASSED with 1 warning/m);
        });

        it("reads a log cut in the middle of its last line as cut short, and refuses one broken elsewhere", async () => {
            const cut = `${leakyLines.slice(0, 6).join("\n")}\n${leakyLines[6].slice(0, 40)}`;
            const file = path.join(scratch, "cut-mid-line.jsonl");
            writeFileSync(file, cut);
            const run = await ccguard(["report", file]);
            expect(run.stdout).toMatch(/incomplete-event-log: the engine event log has no summaryEvent/);
            const killed = await ccguard(["report", path.join(hostile, "events-cut-mid-line.jsonl")]);
            expect(killed.code, killed.stderr).toBe(1);
            expect(killed.stdout).toMatch(/incomplete-event-log/);
            writeFileSync(file, `${cut}\n${leakyLines[7]}\n`);
            expectOneLineRefusal(await ccguard(["report", file]), /line 7 is not JSON/);
        });

        it("files the findings under contact-centre-guard when another pack spoke first", async () => {
            const other = event({ policyEvent: { resourceUrn: "", message: "peer finding", color: "never", policyName: "s3-no-public-read", policyPackName: "awsguard", policyPackVersion: "0.1.0", enforcementLevel: "advisory" } });
            const run = await ccguard(["report", log("two-packs.jsonl", [leakyLines[0], other, ...leakyLines.slice(1)]), "--format", "json"]);
            expect(JSON.parse(run.stdout).pack).toMatchObject({ name: "contact-centre-guard", version: "0.1.0" });
        });
    });

    it.each(["leaky-preview.utf8-bom.json", "leaky-preview.utf16le.json", "leaky-preview.utf16be.json", "leaky-preview.events.utf16le.jsonl"])(
        "reads %s, decoded by its byte order mark",
        async (fixture) => {
            const run = await ccguard(["report", path.join(hostile, fixture), "--format", "json"]);
            expect(run.code, run.stderr).toBe(1);
            expect(JSON.parse(run.stdout).summary).toMatchObject({ mandatory: 16, advisory: 3 });
        },
    );
});
