/** `ccguard report` as a user runs it: every format from a saved report and from engine events. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccguard } from "../support/ccguard";

const fixtures = path.join("test", "fixtures", "reports");

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
        [["report", path.join(fixtures, "leaky-preview.json")], /required option '--format <format>' not specified/],
        [["report", path.join(fixtures, "leaky-preview.json"), "--format", "pdf"], /argument 'pdf' is invalid/],
        [["report", path.join("examples", "eu-contact-centre", "Pulumi.yaml"), "--format", "md"], /neither a findings report nor an engine event log/],
        [["report", "missing.json", "--format", "md"], /cannot read missing\.json/],
    ])("refuses %j with exit code 2 and one line", async (args, pattern) => {
        const run = await ccguard(args as string[]);
        expect(run.code).toBe(2);
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
        expect(run.stderr).toMatch(pattern);
    });
});
