/** With `--output`, the report goes to the file and the verdict, in one line, to standard error. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccguard } from "../support/ccguard";

describe("the verdict line of a report written to a file", () => {
    it("audit says BLOCKED with its counts and where the report went", async () => {
        const output = path.join(mkdtempSync(path.join(tmpdir(), "ccguard-summary-")), "audit.json");
        const run = await ccguard(["audit", path.join("test", "fixtures", "hostile", "stack-export.utf16le.json"), "--format", "json", "--output", output]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toBe("");
        const report = JSON.parse(readFileSync(output, "utf8"));
        const lines = run.stderr.split("\n").filter((line) => line.startsWith("ccguard: "));
        expect(lines).toEqual([`ccguard: BLOCKED: ${report.summary.mandatory} mandatory, ${report.summary.advisory} advisory finding(s) — report written to ${output}`]);
    });

    it("says nothing with --quiet", async () => {
        const output = path.join(mkdtempSync(path.join(tmpdir(), "ccguard-summary-")), "audit.md");
        const run = await ccguard(["audit", path.join("test", "fixtures", "hostile", "stack-export.utf16le.json"), "--format", "md", "--output", output, "--quiet"]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toBe("");
    });
});
