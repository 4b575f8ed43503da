/**
 * Every format is safe for its consumer (DESIGN, trust in reports): names, messages, stack names
 * and waiver fields come from programs and configs, and an attacker chooses them.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { visible } from "../../cli/visible-text";
import { describe, expect, it } from "vitest";
import type { Finding, FindingsReport } from "../../cli/findings";
import { CSV_COLUMNS, renderCsv } from "../../cli/render/csv";
import { renderJunit } from "../../cli/render/junit";
import { renderMarkdown } from "../../cli/render/markdown";
import { code, prose } from "../../cli/render/markdown-text";
import { renderText } from "../../cli/render/text";
import { REPO_ROOT } from "../support/paths";

const leaky = JSON.parse(readFileSync(path.join(REPO_ROOT, "test", "fixtures", "reports", "leaky-preview.json"), "utf8")) as FindingsReport;

const FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1+1", "\r=1+1", "＝1+1"];
const FORGED_VERDICT = "\u001b[2J\u001b[HPASSED: 0 mandatory\u0007";

function withNames(names: readonly string[], extra: Partial<FindingsReport> = {}): FindingsReport {
    const findings: Finding[] = names.map((name, index) => ({ ...leaky.findings[index % leaky.findings.length], resourceName: name, message: `${name} is wrong` }));
    return { ...leaky, findings, ...extra };
}

describe("CSV", () => {
    it("neutralises every cell a spreadsheet would read as a formula, waiver owner and reason included", () => {
        const report = withNames(FORMULAS, {
            waivers: [{ policy: "residency-region-allow-list", urn: leaky.findings[0].urn, owner: "=cmd()", reason: "@SUM(A1)", expires: "2027-01-01" }],
        });
        const rows = parseCsv(renderCsv(report), { columns: true, relax_quotes: true }) as Record<string, string>[];
        expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
        for (const row of rows) {
            for (const [column, cell] of Object.entries(row)) expect(cell, `${column}: ${cell}`).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
        }
        // A tab or carriage return is shown as an escape, after the apostrophe it earned.
        expect(rows.map((row) => row.resourceName)).toEqual(expect.arrayContaining(FORMULAS.map((name) => `'${visible(name)}`)));
        expect(rows.find((row) => row.kind === "waiver")).toMatchObject({ owner: "'=cmd()", reason: "'@SUM(A1)" });
    });
});

describe("CSV in a terminal", () => {
    it("shows control characters in names and messages as escapes, so `cat report.csv` obeys none", () => {
        const csv = renderCsv(withNames([FORGED_VERDICT, "two\nlines"], { stack: "prod\u001b]0;title\u0007" }));
        expect(csv.replace(/\r?\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(csv).toContain("\\u001b[2J");
        expect(csv).toContain("two\\u000alines");
    });
});

describe("JUnit", () => {
    it("stays well-formed XML with ESC, BEL, NUL and a lone surrogate in names and messages", () => {
        const xml = renderJunit(withNames([FORGED_VERDICT, "nul\u0000here", "half\ud800surrogate"], { stack: "dev\u001b" }));
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(xml).toContain("\\u001b[2J");
        const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
        expect(Number(parsed.testsuites["@_failures"])).toBeGreaterThan(0);
    });
});

describe("text", () => {
    it("shows control characters in names, stack and messages as escapes, so nothing rewrites the terminal or forges the verdict", () => {
        const text = renderText(withNames([FORGED_VERDICT, "two\nlines"], { stack: "prod\u001b]0;title\u0007" }));
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(text).toContain("\\u001b[2J");
        expect(text.trimEnd().split("\n").filter((line) => /^(PASSED|BLOCKED)/.test(line))).toHaveLength(1);
        expect(text).toMatch(/two\\u000alines/);
    });

    it("lists waived findings and the waivers that did not take effect", () => {
        const text = renderText({
            ...leaky,
            waivers: [{ policy: "residency-region-allow-list", urn: leaky.findings[0].urn, owner: "dpo@acme.example", reason: "pilot", expires: "2027-01-01" }],
            unusedWaivers: [{ policy: "encryption-bucket-tls-only", resource: "old-*", owner: "ops", expires: "2025-01-01", status: "expired" }],
        });
        expect(text).toContain("Waived (1)");
        expect(text).toContain("accepted by dpo@acme.example until 2027-01-01: pilot");
        expect(text).toContain("Waivers that did not take effect (1)");
        expect(text).toContain("encryption-bucket-tls-only for old-* (ops, until 2025-01-01): expired");
    });
});

describe("Markdown", () => {
    it("renders no HTML, link or autolink from a name or message, and a backtick cannot leave its code span", async () => {
        // marked is published as an ES module only.
        const { marked } = await import("marked");
        const hostile = ['<img src=x onerror="alert(1)">', "[click](https://evil.example)", "see https://evil.example/x and www.evil.example", "a`b``c", "|col|"];
        const md = renderMarkdown(withNames(hostile, { stack: "prod` <b>bold</b> `" }));
        // Rendered as GitHub renders it (GFM: tables, autolinks), then inspected as HTML.
        const html = marked.parse(md, { gfm: true, async: false });
        expect(html).not.toMatch(/<img|<b>|<a /);
        expect(html).toContain("<code>prod` &lt;b&gt;bold&lt;/b&gt; `</code>");
        expect(html).toContain("<code>a`b``c</code>");
        expect(html).toContain("<code>https://evil.example/x</code>");
    });

    it("builds code spans with a fence longer than any backtick run inside", () => {
        expect(code("a`b``c")).toBe("```a`b``c```");
        expect(code("`x")).toBe("`` `x ``");
        expect(code("a|b")).toBe("`a\\|b`");
        expect(code("line\nbreak")).toBe("`line break`");
    });

    it("escapes prose so that it renders as the text it is", () => {
        expect(prose("<b>*bold*</b> & [x](y)")).toBe("\\<b\\>\\*bold\\*\\</b\\> \\& \\[x\\]\\(y\\)");
        expect(prose("go to https://x.example/a now")).toBe("go to `https://x.example/a` now");
    });
});
