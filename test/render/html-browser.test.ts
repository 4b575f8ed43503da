/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): laid out at a
 * desktop and a phone width without sideways scrolling, findings before the coverage matrix,
 * hostile text inert, nothing fetched, and on paper every folded section open. One browser for
 * the whole file; skipped, saying so, where no Chromium is installed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FindingsReport } from "../../cli/findings";
import { renderHtml } from "../../cli/render/html";
import { REPO_ROOT } from "../support/paths";
import { eu, handMade, HOSTILE, leaky, leakyInContext } from "./html-reports";

// The callbacks given to page.evaluate run in the page; the project compiles without the DOM library.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any;

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`HTML browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const SCREENSHOTS = path.join(REPO_ROOT, "test-output");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium)("the HTML report in Chromium", () => {
    let browser: Browser;
    let directory: string;

    beforeAll(async () => {
        const { chromium } = await import("playwright-core");
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "ccguard-html-"));
    });
    afterAll(async () => {
        await browser?.close();
        if (directory) fs.rmSync(directory, { recursive: true, force: true });
    });

    /** Opens the report from a file, as an auditor would, recording every request, CSP complaint and dialog. */
    async function open(report: FindingsReport, name: string, viewport = DESKTOP) {
        const file = path.join(directory, `${name}.html`);
        fs.writeFileSync(file, renderHtml(report));
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const url = pathToFileURL(file).href;
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
        await page.goto(url);
        await page.waitForLoadState("load");
        const leaving = () => requests.filter((request) => request !== url && !request.startsWith("data:"));
        return { page, context, leaving, problems };
    }

    const layout = (page: Page) =>
        page.evaluate(() => {
            const top = (selector: string) => document.querySelector(selector)!.getBoundingClientRect().top + window.scrollY;
            const scroller = document.scrollingElement!;
            return { scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth, height: scroller.scrollHeight, findings: top("#findings"), coverage: top("#coverage") };
        });

    for (const viewport of [DESKTOP, PHONE]) {
        it(`lays the leaky stack's report out at ${viewport.width} px: no sideways scroll, findings before the matrix`, async () => {
            const { page, context, leaving, problems } = await open(leakyInContext, `leaky-${viewport.width}`, viewport);
            try {
                const measured = await layout(page);
                console.log(`HTML report of the leaky stack at ${viewport.width} px: ${Math.round(measured.height)} px tall, findings start at ${Math.round(measured.findings)} px, coverage at ${Math.round(measured.coverage)} px`);
                expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
                expect(measured.findings).toBeLessThan(measured.coverage);
                if (viewport === DESKTOP) expect(measured.findings).toBeLessThan(viewport.height);
                expect(await page.locator("#verdict .verdict-word").textContent()).toBe("BLOCKED");
                expect(await page.locator("#findings article.resource").count()).toBe(new Set(leakyInContext.findings.map((finding) => finding.urn)).size);
                // On screen the matrix is one line per provision; its controls stay folded until asked for.
                expect(await page.locator("#coverage details.provision > summary").first().isVisible()).toBe(true);
                expect(await page.locator("#coverage li.control").first().isVisible()).toBe(false);
                await page.locator("#coverage details.provision > summary").first().click();
                expect(await page.locator("#coverage li.control").first().isVisible()).toBe(true);
                // Opened to the last fold (the matrix, why it matters, the resources table), the page still does not scroll sideways.
                await page.evaluate(() => document.querySelectorAll("details").forEach((details: { open: boolean }) => (details.open = true)));
                const unfolded = await layout(page);
                expect(unfolded.scrollWidth).toBeLessThanOrEqual(unfolded.innerWidth);

                fs.mkdirSync(SCREENSHOTS, { recursive: true });
                await page.screenshot({ path: path.join(SCREENSHOTS, `html-report-${viewport.width}.png`) });
                expect(leaving()).toEqual([]);
                expect(problems).toEqual([]);
            } finally {
                await context.close();
            }
        });
    }

    it("measures the saved leaky report, as ccguard renders it, at desktop width", async () => {
        const { page, context } = await open(leaky, "leaky-fixture");
        try {
            const measured = await layout(page);
            console.log(`HTML report of test/fixtures/reports/leaky-preview.json at 1280 px: ${Math.round(measured.height)} px tall (the leaky example's report measured 15,587 px, findings at 9,907 px, before the findings-first layout)`);
            expect(measured.findings).toBeLessThan(measured.coverage);
        } finally {
            await context.close();
        }
    });

    it("shows hostile text as text on a phone: no script runs, no element or handler is injected, nothing is fetched", async () => {
        const { page, context, leaving, problems } = await open(handMade, "hand-made", PHONE);
        try {
            expect(await page.locator("#verdict .verdict-word").textContent()).toBe("BLOCKED");
            expect(await page.getByText(HOSTILE.script, { exact: false }).first().isVisible()).toBe(true);
            expect(await page.locator("script, img, iframe, b, x, form, base").count()).toBe(0);
            const injected = await page.evaluate(() =>
                [...document.querySelectorAll("*")].flatMap((element) =>
                    [...element.attributes].filter((attribute) => /^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value)).map((attribute) => `${element.tagName} ${attribute.name}`),
                ),
            );
            expect(injected).toEqual([]);
            expect(await page.locator("#waivers tbody tr").count()).toBe(3);
            expect(await page.locator("#readers tr.alert").count()).toBe(1);
            const measured = await layout(page);
            expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
            expect(leaving()).toEqual([]);
            expect(problems).toEqual([]);
        } finally {
            await context.close();
        }
    });

    it("prints with every folded section open, and makes a valid PDF", async () => {
        // About the width of an A4 page's printable area, so no phone rule may leak into print.
        const { page, context } = await open(leakyInContext, "leaky-print", { width: 700, height: 1000 });
        try {
            const hiddenIn = () =>
                page.evaluate(() => {
                    const hidden = (selector: string) => [...document.querySelectorAll(selector)].filter((element) => !element.checkVisibility()).length;
                    return { controls: hidden("#coverage li.control"), why: hidden("details.why > :not(summary)"), total: document.querySelectorAll("#coverage li.control").length };
                });
            const screen = await hiddenIn();
            expect(screen.controls).toBe(screen.total);
            await page.emulateMedia({ media: "print" });
            const print = await hiddenIn();
            expect(print).toEqual({ controls: 0, why: 0, total: screen.total });
            expect(await page.locator("#coverage li.control").first().isVisible()).toBe(true);
            expect(await page.locator("#verdict svg.chart").isVisible()).toBe(true);
            expect(await page.locator("#evaluated table thead").isVisible()).toBe(true);
            expect(await page.locator("nav.toc").isVisible()).toBe(false);

            const pdf = await page.pdf({ format: "A4", printBackground: false });
            expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
            const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
            console.log(`HTML report of the leaky stack printed to A4: ${pages} pages, ${pdf.length} bytes`);
            expect(pages).toBeGreaterThan(0);
        } finally {
            await context.close();
        }
    });

    it("keeps the compliant stack's passing report short", async () => {
        const { page, context, problems } = await open(eu, "eu", PHONE);
        try {
            expect(await page.locator("#verdict .verdict-word").textContent()).toBe("PASSED");
            expect(await page.locator("#findings .chip.decided-at-update").count()).toBe(eu.findings.filter((finding) => finding.deferred).length);
            expect(await page.locator("#findings .chip.severity").count()).toBe(0);
            const measured = await layout(page);
            expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
            expect(problems).toEqual([]);
        } finally {
            await context.close();
        }
    });
});
