import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { controlNamed } from "../../policies/catalogue";
import type { FindingsReport } from "../../cli/findings";
import { escapeHtml, renderHtml, type ReportWithReaders } from "../../cli/render/html";
import { REPO_ROOT } from "../support/paths";

const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/fixtures/reports", `${name}.json`), "utf8")) as FindingsReport;
const leaky = sample("leaky-preview");
const eu = sample("eu-preview");

const HOSTILE_MESSAGE = `<script>alert("pwned")</script> and \`<b>not bold</b>\``;
const LEGACY_URN = "urn:pulumi:prod::cc::aws:s3/bucket:Bucket::legacy-recordings";

/** A small report with a waiver, an unused waiver, readers, an unknown policy and hostile text everywhere. */
const handMade: ReportWithReaders = {
    tool: { name: "ccguard", version: "0.1.0" },
    pack: { name: "contact-centre-guard", version: "0.1.0" },
    mode: "audit",
    stack: `prod"><b>stack</b>`,
    generatedAt: "2026-11-25T10:00:00.000Z",
    policies: ["encryption-bucket-tls-only", "retention-contact-data-expiry", "custom-team-rule"],
    resources: [
        { urn: LEGACY_URN, type: "aws:s3/bucket:Bucket", name: "legacy-recordings" },
        { urn: "urn:pulumi:prod::cc::aws:s3/bucket:Bucket::<img src=x onerror=alert(1)>", type: "aws:s3/bucket:Bucket", name: "<img src=x onerror=alert(1)>" },
        { urn: "urn:pulumi:prod::cc::aws:kms/key:Key::recordings-key", type: "aws:kms/key:Key", name: "recordings-key" },
    ],
    findings: [
        {
            policy: "encryption-bucket-tls-only",
            enforcementLevel: "advisory",
            severity: "high",
            urn: "urn:pulumi:prod::cc::aws:s3/bucket:Bucket::<img src=x onerror=alert(1)>",
            resourceType: "aws:s3/bucket:Bucket",
            resourceName: "<img src=x onerror=alert(1)>",
            message: HOSTILE_MESSAGE,
            frameworks: { gdpr: ["Art. 32(1)(a)"], pciDss: ["4.2.1"], iso27001: ["A.8.24"] },
            deferred: false,
        },
        {
            policy: "custom-team-rule",
            enforcementLevel: "advisory",
            severity: "low",
            urn: LEGACY_URN,
            resourceType: "aws:s3/bucket:Bucket",
            resourceName: "legacy-recordings",
            message: "Tag `cost-centre` is missing.",
            frameworks: { gdpr: [], pciDss: [], iso27001: [] },
            deferred: false,
        },
    ],
    waivers: [
        {
            policy: "retention-contact-data-expiry",
            urn: LEGACY_URN,
            reason: `Legacy archive </td></tr></table><script>alert(1)</script> kept until migration`,
            owner: `dpo@acme.example" onmouseover="alert(1)`,
            expires: "2026-12-31",
        },
    ],
    unusedWaivers: [{ policy: "encryption-bucket-customer-key", resource: "old-*", owner: "platform@acme.example", expires: "2025-01-31", status: "expired" }],
    readers: [
        { bucket: "acme-recordings", principal: "arn:aws:iam::111122223333:role/recording-reviewer", canGetObject: true, canDecrypt: true, approved: true, via: [] },
        { bucket: "acme-recordings", principal: "arn:aws:iam::111122223333:role/<script>analytics</script>", canGetObject: true, canDecrypt: true, approved: false, via: [] },
        { bucket: "acme-recordings", principal: "arn:aws:iam::111122223333:role/backup", canGetObject: true, canDecrypt: false, approved: false, via: [] },
    ],
    summary: { resources: 3, policies: 3, mandatory: 0, advisory: 2, waived: 1 },
};

/** Attributes and CSS that would make a browser fetch something from elsewhere. */
function externalReferences(page: string): string[] {
    const patterns = [/\b(?:src|href|action|poster|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:|\/\/)[^"'\s>]*/gi, /url\(/gi, /@import/gi];
    return patterns.flatMap((pattern) => page.match(pattern) ?? []);
}

describe("escapeHtml", () => {
    it("escapes the characters that could open a tag, an attribute or an entity", () => {
        expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe("&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
    });
    it("leaves ordinary text alone", () => {
        expect(escapeHtml("S3 bucket 'recordings' in eu-west-1")).toBe("S3 bucket &#39;recordings&#39; in eu-west-1");
        expect(escapeHtml("Art. 32(1)(a) — résumé")).toBe("Art. 32(1)(a) — résumé");
    });
});

describe("renderHtml", () => {
    it("is one self-contained page: no scripts, nothing fetched from elsewhere, a strict CSP", () => {
        for (const report of [leaky, eu, handMade]) {
            const page = renderHtml(report);
            expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
            expect(page).not.toMatch(/<script/i);
            expect(page).not.toMatch(/<(?:img|iframe|object|embed|audio|video|base)\b/i);
            expect(externalReferences(page)).toEqual([]);
            expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`);
            expect(page.match(/<style>/g)).toHaveLength(1);
        }
    });

    it("says BLOCKED for the leaky stack and PASSED for the compliant one", () => {
        expect(renderHtml(leaky)).toMatch(/<h2 id="verdict-title" class="verdict-word">BLOCKED<\/h2>/);
        expect(renderHtml(leaky)).toContain(`${leaky.summary.mandatory} mandatory violations`);
        expect(renderHtml(eu)).toMatch(/<h2 id="verdict-title" class="verdict-word">PASSED<\/h2>/);
    });

    it("gives the main sections their ids", () => {
        const page = renderHtml(leaky);
        for (const id of ["verdict", "coverage", "findings-chart", "findings", "waivers"]) expect(page).toContain(`<section id="${id}"`);
    });

    it("escapes hostile text from the report wherever it appears", () => {
        const page = renderHtml(handMade);
        expect(page).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;");
        // Backticks become code spans around the escaped text, never around live markup.
        expect(page).toContain("<code>&lt;b&gt;not bold&lt;/b&gt;</code>");
        expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
        expect(page).toContain("Legacy archive &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;");
        expect(page).toContain("dpo@acme.example&quot; onmouseover=&quot;alert(1)");
        expect(page).toContain("prod&quot;&gt;&lt;b&gt;stack&lt;/b&gt;");
        expect(page).toContain("role/&lt;script&gt;analytics&lt;/script&gt;");
        expect(page).not.toMatch(/<script|<img|<b>|onmouseover="/i);
    });

    it("marks deferred findings as decided at update, without the SDK's prefix", () => {
        const page = renderHtml(eu);
        const deferred = eu.findings.filter((finding) => finding.deferred).length;
        expect(deferred).toBeGreaterThan(0);
        expect(page.match(/<span class="chip decided-at-update">/g)).toHaveLength(deferred);
        expect(page).not.toContain("can&#39;t run policy");
        const first = eu.findings.find((finding) => finding.deferred)!;
        expect(page).toContain(`Connect storage config &#39;${first.resourceName}&#39;`);
    });

    it("shows the catalogue's remediation steps under each finding", () => {
        const page = renderHtml(leaky);
        const steps = controlNamed("encryption-bucket-tls-only")!.remediation;
        expect(steps.length).toBeGreaterThan(0);
        for (const step of steps) expect(page).toContain(escapeHtml(step.split("`")[0]));
        expect(renderHtml(handMade)).toContain("The catalogue has no remediation steps for this policy.");
    });

    it("lists waivers, the waivers that did not take effect, and says when there are none", () => {
        const page = renderHtml(handMade);
        expect(page).toContain("Waiver register");
        expect(page).toContain(`<code>${LEGACY_URN}</code>`);
        expect(page).toContain("2026-12-31");
        expect(page).toContain("Waivers that did not take effect (1)");
        expect(page).toContain("not honoured: past its expiry date");
        expect(renderHtml(leaky)).toContain("No waiver was honoured");
        expect(renderHtml(leaky)).not.toContain("did not take effect");
    });

    it("shows the recording-readers matrix only when the report has readers", () => {
        const page = renderHtml(handMade);
        expect(page).toContain(`<section id="readers"`);
        expect(page.match(/reads recordings but is not an approved reader/g)).toHaveLength(1);
        expect(page).toContain("cannot decrypt: cannot read recordings");
        expect(renderHtml(leaky)).not.toContain(`id="readers"`);
    });

    it("draws an accessible chart with a bar per area and severity, and findings of unknown policies under other", () => {
        const page = renderHtml(handMade);
        expect(page).toMatch(/<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
        expect(page).toContain(`<title id="chart-title">Open findings by area and severity</title>`);
        expect(page).toMatch(/<desc id="chart-desc">[^<]*encryption: 1 \(1 high\)[^<]*other: 1 \(1 low\)/);
        expect(page.match(/<rect class="bar /g)).toHaveLength(2);
        // The leaky stack: one critical residency finding, encryption and retention findings.
        const leakyPage = renderHtml(leaky);
        expect(leakyPage).toMatch(/residency: \d+ \([^)]*1 critical/);
        expect(leakyPage).not.toMatch(/other: /);
    });

    it("renders a coverage table per framework with a row per cited provision", () => {
        const page = renderHtml(leaky);
        expect(page.match(/<table class="coverage">/g)).toHaveLength(3);
        expect(page).toContain("Security of processing: encryption");
        expect(page).toContain("Strong cryptography protects PAN during transmission over open, public networks");
    });
});

// --- in a real browser ----------------------------------------------------------------------------

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn("HTML browser test skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)");

const SCREENSHOTS = path.join(REPO_ROOT, "test-output");

describe("renderHtml in Chromium", () => {
    let browser: Browser | undefined;
    const launch = async (): Promise<Browser> => {
        const { chromium } = await import("playwright-core");
        browser ??= await chromium.launch({
            executablePath: CHROMIUM,
            args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return browser;
    };
    afterAll(async () => {
        await browser?.close();
    });

    /** Opens the report from a file, as an auditor would, recording every request and CSP complaint. */
    async function open(report: FindingsReport, name: string) {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ccguard-html-"));
        const file = path.join(directory, `${name}.html`);
        fs.writeFileSync(file, renderHtml(report));
        const context = await (await launch()).newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const requests: string[] = [];
        const problems: string[] = [];
        page.on("request", (request) => requests.push(request.url()));
        page.on("console", (message) => {
            if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
        });
        page.on("pageerror", (error) => problems.push(error.message));
        page.on("dialog", (dialog) => {
            problems.push(`dialog: ${dialog.message()}`);
            void dialog.dismiss();
        });
        const url = pathToFileURL(file).href;
        await page.goto(url);
        await page.waitForLoadState("load");
        const leaving = () => requests.filter((request) => request !== url && !request.startsWith("about:") && !request.startsWith("data:"));
        return { page, context, leaving, problems };
    }

    it.skipIf(!hasChromium)("shows verdict, coverage and chart of the leaky stack without a single request leaving the page", async () => {
        const { page, context, leaving, problems } = await open(leaky, "leaky-preview");
        try {
            const verdict = page.locator("#verdict .verdict-word");
            expect(await verdict.isVisible()).toBe(true);
            expect(await verdict.textContent()).toBe("BLOCKED");
            expect(await page.locator("#coverage table.coverage").count()).toBe(3);
            expect(await page.locator("#coverage table.coverage").first().isVisible()).toBe(true);
            expect(await page.locator("#coverage tbody tr").first().isVisible()).toBe(true);
            const chart = page.locator("#findings-chart svg.chart");
            expect(await chart.isVisible()).toBe(true);
            const bars = chart.locator("rect.bar");
            expect(await bars.count()).toBeGreaterThan(0);
            expect(await bars.first().isVisible()).toBe(true);
            expect((await bars.first().boundingBox())!.width).toBeGreaterThan(0);
            expect(await page.locator("#findings article.resource").count()).toBe(new Set(leaky.findings.map((finding) => finding.urn)).size);

            fs.mkdirSync(SCREENSHOTS, { recursive: true });
            await page.screenshot({ path: path.join(SCREENSHOTS, "html-report.png"), fullPage: true });

            expect(leaving()).toEqual([]);
            expect(problems).toEqual([]);
        } finally {
            await context.close();
        }
    });

    it.skipIf(!hasChromium)("shows hostile text as text: no script runs, no element is injected, nothing is fetched", async () => {
        const { page, context, leaving, problems } = await open(handMade, "hand-made");
        try {
            expect(await page.locator("#verdict .verdict-word").textContent()).toBe("PASSED");
            expect(await page.getByText(`<script>alert("pwned")</script>`, { exact: false }).first().isVisible()).toBe(true);
            expect(await page.locator("script, img, iframe, b").count()).toBe(0);
            expect(await page.locator("#waivers tbody tr").count()).toBe(2);
            expect(await page.locator("#readers tr.alert").count()).toBe(1);
            expect(await page.locator("#findings-chart rect.bar").count()).toBe(2);

            fs.mkdirSync(SCREENSHOTS, { recursive: true });
            await page.screenshot({ path: path.join(SCREENSHOTS, "html-report-waivers.png"), fullPage: true });

            expect(leaving()).toEqual([]);
            expect(problems).toEqual([]);
        } finally {
            await context.close();
        }
    });
});
