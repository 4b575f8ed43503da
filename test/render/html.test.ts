import { describe, expect, it } from "vitest";
import { controlNamed } from "../../policies/catalogue";
import { verdictOf, type FindingsReport } from "../../cli/findings";
import { coverageRows } from "../../cli/render/coverage";
import { CONTENT_SECURITY_POLICY, escapeHtml, renderHtml } from "../../cli/render/html";
import { DIGEST, eu, handMade, HOSTILE, leaky, leakyInContext } from "./html-reports";

/** Attributes and CSS that would make a browser fetch something from elsewhere. */
function externalReferences(page: string): string[] {
    const patterns = [/\b(?:src|href|action|poster|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:|\/\/)[^"'\s>]*/gi, /url\(/gi, /@import/gi];
    return patterns.flatMap((pattern) => page.match(pattern) ?? []);
}

/** Where a section starts in the page, for checking the reading order. */
const at = (page: string, id: string) => page.indexOf(`<section id="${id}"`);

/** The text of the first element with the class, tags removed. */
function firstText(page: string, pattern: RegExp): string {
    const match = pattern.exec(page);
    return match ? match[1].replace(/<[^>]*>/g, "") : "";
}

describe("escapeHtml", () => {
    it("escapes the characters that could open a tag, an attribute or an entity", () => {
        expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe("&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
    });
    it("shows control characters and bidirectional overrides as escapes, so a name cannot read as another", () => {
        expect(escapeHtml("evil\u202Egpj.exe\u0007\u001B[2J")).toBe("evil\\u202Egpj.exe\\u0007\\u001B[2J");
        expect(escapeHtml("line one\n\tline two")).toBe("line one\n\tline two");
    });
    it("leaves ordinary text alone", () => {
        expect(escapeHtml("Art. 32(1)(a) — résumé")).toBe("Art. 32(1)(a) — résumé");
    });
});

describe("renderHtml: a self-contained page", () => {
    it("has no script, fetches nothing and carries a CSP that forbids scripts, fetches, base and forms", () => {
        expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
        expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src/);
        expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
        for (const report of [leaky, eu, handMade, leakyInContext]) {
            const page = renderHtml(report);
            expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
            expect(page).not.toMatch(/<script/i);
            expect(page).not.toMatch(/<(?:img|iframe|object|embed|audio|video|base|form|link(?! rel="icon" href="data:,"))\b/i);
            expect(externalReferences(page)).toEqual([]);
            expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`);
            expect(page.match(/<style>/g)).toHaveLength(1);
        }
    });
});

describe("renderHtml: reading order", () => {
    it("puts the verdict first, then findings, then the coverage matrix, then the evidence", () => {
        for (const report of [leakyInContext, handMade]) {
            const page = renderHtml(report);
            const order = ["verdict", "findings", "coverage", "waivers", "readers", "warnings", "evaluated"].filter((id) => at(page, id) >= 0);
            expect(order.length).toBeGreaterThanOrEqual(6);
            const positions = order.map((id) => at(page, id));
            expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
    });

    it("lists the resource with the most severe blocking finding first, and blocking findings before advisory ones", () => {
        const page = renderHtml(leaky);
        // The leaky stack's only critical finding is transcripts-export's region.
        expect(firstText(page, /<article class="resource[^"]*" id="resource-1">\s*<h3><span class="resource-name">([^<]*)</)).toBe("transcripts-export");
        const made = renderHtml(handMade);
        const resources = [...made.matchAll(/<span class="resource-name">([^<]*)</g)].map((match) => match[1]);
        expect(resources).toEqual([escapeHtml(HOSTILE.image), "legacy-recordings", "recordings-key"]);
        // Within a resource: the mandatory finding before the advisory one, whatever order the report had.
        const legacy = made.slice(made.indexOf(`<span class="resource-name">legacy-recordings<`));
        expect(legacy.indexOf("encryption-bucket-tls-only")).toBeLessThan(legacy.indexOf("custom-team-rule"));
    });
});

describe("renderHtml: the verdict", () => {
    it("says BLOCKED for the leaky stack and PASSED for the compliant one, as verdictOf does", () => {
        expect(renderHtml(leaky)).toContain(`<span class="verdict-word">BLOCKED</span>`);
        expect(renderHtml(leaky)).toContain(`${leaky.summary.mandatory} mandatory violations`);
        expect(renderHtml(eu)).toContain(`<span class="verdict-word">PASSED</span>`);
    });

    it("never says a bare PASSED when policies were disabled or warnings remain", () => {
        const disabled: FindingsReport = { ...eu, disabledPolicies: ["connect-flow-redaction", "access-recording-readers", "retention-object-lock-erasure"] };
        const page = renderHtml(disabled);
        const heading = firstText(page, /<h2 id="verdict-title">([^]*?)<\/h2>/);
        expect(heading.startsWith(verdictOf(disabled))).toBe(true);
        expect(heading).not.toBe("PASSED");
        expect(heading).toMatch(/3 (?:of \d+ )?policies disabled/);
        expect(page).toContain("3 policies disabled by the policy config did not run: <code>connect-flow-redaction</code>");
        expect(page).toContain(`class="banner warned"`);
        const warned: FindingsReport = { ...eu, warnings: [{ kind: "stack-reference", message: "outputs unknown" }] };
        expect(renderHtml(warned)).toContain(`<span class="verdict-word">${verdictOf(warned)}</span>`);
        expect(verdictOf(warned)).toBe("PASSED with 1 warning");
        expect(renderHtml(handMade)).toContain(`<span class="verdict-word">BLOCKED</span> <span class="verdict-qualifier">— 1 policy disabled, not checked</span>`);
        const nothingRan: FindingsReport = { ...eu, findings: [], disabledPolicies: [...eu.policies!] };
        const notChecked = firstText(renderHtml(nothingRan), /<h2 id="verdict-title">([^]*?)<\/h2>/);
        expect(notChecked.startsWith(verdictOf(nothingRan))).toBe(true);
        expect(notChecked).not.toMatch(/PASSED/);
        expect(notChecked).toMatch(/disabled/);
        expect(renderHtml(nothingRan)).not.toMatch(/\bPASSED\b/);
    });
});

describe("renderHtml: findings", () => {
    it("shows a deferred check as decided at the update, never as a high or failed finding", () => {
        const page = renderHtml(eu);
        const deferred = eu.findings.filter((finding) => finding.deferred);
        expect(deferred.length).toBeGreaterThan(0);
        expect(page.match(/<span class="chip decided-at-update">/g)).toHaveLength(deferred.length);
        expect(page).not.toMatch(/chip severity sev-/);
        expect(page).not.toMatch(/chip level (?:mandatory|advisory)/);
        expect(page).not.toContain("can&#39;t run policy");
        expect(page).toContain(`Connect storage config &#39;${deferred[0].resourceName}&#39;`);
        // No bar is drawn for them, and the matrix says deferred, not failed.
        expect(page).not.toContain(`<svg class="chart"`);
        expect(page).not.toMatch(/status-failed"><span aria-hidden="true">✕<\/span> failed<\/span><\/span><span class="provision-counts/);
        expect(page).toContain("status-deferred");
        // Beside real failures the note keeps its own style and comes after them.
        const mixed = renderHtml(leakyInContext);
        const note = mixed.slice(mixed.indexOf(`<span class="resource-name">ctr-stream<`));
        expect(note).toMatch(/^[^]*?<div class="finding deferred">\s*<p class="finding-head"><span class="chip decided-at-update">/);
        expect(note.slice(0, note.indexOf("</article>"))).toContain(`<span class="muted severity-if">high if it fails</span>`);
        expect(mixed.indexOf(`<span class="resource-name">ctr-stream<`)).toBeGreaterThan(mixed.lastIndexOf(`chip level`));
        expect(mixed).toContain("1 check decided at the update is not drawn");
    });

    it("marks a violation the next update would remediate", () => {
        const page = renderHtml(handMade);
        expect(page.match(/the next update would remediate this/g)).toHaveLength(1);
        expect(page).toContain("The next update would correct 1 of them");
    });

    it("gives each finding its regulations, linked to the matrix, why it matters and how to fix it", () => {
        const page = renderHtml(leaky);
        const control = controlNamed("encryption-bucket-tls-only")!;
        expect(page).toContain(escapeHtml(control.description.split("`")[0]));
        for (const step of control.remediation) expect(page).toContain(escapeHtml(step.split("`")[0]));
        expect(page).toMatch(/<span class="framework-name">GDPR<\/span> <a href="#provision-gdpr-\d+" title="Security of processing: encryption">Art. 32\(1\)\(a\)<\/a>/);
        expect(page).toMatch(/<span class="framework-name">PCI DSS<\/span> <a href="#provision-pciDss-\d+"[^>]*>4.2.1<\/a>/);
        // Words first, code as code: long statements get a line of their own.
        expect(page).toContain(`Include <code class="block">{ Sid: &quot;DenyInsecureTransport&quot;`);
        // A control seen on an earlier resource links to its steps instead of repeating them in full.
        expect(page).toMatch(/How to fix: the same steps as for <a href="#fix-\d+">transcripts-export<\/a>/);
        expect(renderHtml(handMade)).toContain("This policy is not in the contact-centre-guard catalogue");
    });

    it("does not lend our catalogue's advice to another pack's policy of the same name", () => {
        const other: FindingsReport = { ...leaky, pack: { name: "team-pack", version: "1.0.0" } };
        const page = renderHtml(other);
        expect(page).not.toContain(escapeHtml(controlNamed("encryption-bucket-tls-only")!.remediation[0].split("`")[0]));
        expect(page.match(/This policy is not in the contact-centre-guard catalogue/g)).toHaveLength(other.findings.length);
    });
});

describe("renderHtml: escaping", () => {
    it("shows hostile names, messages, waivers and context as text, in elements and attributes alike", () => {
        const page = renderHtml(handMade);
        expect(page).not.toMatch(/<script|<img|<b>|<x>|onmouseover="|onload="|onerror=alert\(1\)>/i);
        expect(page).not.toMatch(/(?:href|src|action)\s*=\s*["']?\s*javascript:/i);
        expect(page).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;");
        expect(page).toContain("<code>&lt;b&gt;not bold&lt;/b&gt;</code>");
        expect(page).toContain(escapeHtml(HOSTILE.image));
        expect(page).toContain("x&quot; onload=&quot;alert(1)");
        expect(page).toContain("Legacy archive &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;");
        expect(page).toContain("dpo@acme.example&quot; onmouseover=&quot;alert(1)");
        expect(page).toContain("prod&quot;&gt;&lt;b&gt;stack&lt;/b&gt;");
        expect(page).toContain("<code>javascript:alert(document.domain)&lt;x&gt;.json</code>");
        // Ids and anchors come from positions, never from report text.
        for (const [, id] of page.matchAll(/\sid="([^"]*)"/g)) expect(id).toMatch(/^[a-z][a-zA-Z0-9-]*$/);
        for (const [, href] of page.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^(?:#[a-zA-Z][a-zA-Z0-9-]*|data:,)$/);
    });
});

describe("renderHtml: coverage matrix", () => {
    it("has one line per provision, each folding the controls behind it", () => {
        const page = renderHtml(leakyInContext);
        const rows = coverageRows(leakyInContext);
        expect(page.match(/<details class="provision row-/g)).toHaveLength(rows.length);
        expect(page.match(/<li class="control">/g)).toHaveLength(rows.reduce((sum, row) => sum + row.controls.length, 0));
        expect(page).toContain(`<span class="provision-ref">Art. 32(1)(a)</span><span class="provision-title">Security of processing: encryption</span>`);
        expect(page).toMatch(/<span class="provision-counts muted">\d+ controls: \d+ failed · /);
        expect(page).not.toMatch(/<table class="coverage">/);
    });

    it("shows disabled and not-applicable controls as such", () => {
        const page = renderHtml(leakyInContext);
        expect(page).toMatch(/<li class="control"><span class="chip status-disabled"><span aria-hidden="true">⊘<\/span> disabled<\/span> <span class="control-title">Contact flows with Contact Lens analytics redact/);
        expect(page).toMatch(/<li class="control"><span class="chip status-not-applicable">[^]*?<code>residency-lex-bot-region<\/code>/);
    });
});

describe("renderHtml: evidence", () => {
    it("tells what was evaluated: project, stack, mode, outputs, policy config and digest, versions, counts, disabled and not applicable", () => {
        const page = renderHtml(leakyInContext);
        const evaluated = page.slice(at(page, "evaluated"));
        for (const text of [
            "<dt>Project</dt><dd>leaky-contact-centre</dd>",
            "<dt>Stack</dt><dd>dev</dd>",
            "<dt>Mode</dt><dd>preview ",
            "<dt>Outputs</dt><dd>unknown ",
            "<code>policy-config.json</code>",
            `<code class="digest">${DIGEST}</code>`,
            "<dt>Policy pack</dt><dd>contact-centre-guard 0.1.0</dd>",
            "<dt>Tool</dt><dd>ccguard 0.1.0</dd>",
            `<dt>Generated at</dt><dd>${leaky.generatedAt}</dd>`,
            `<dt>Resources</dt><dd>${leaky.summary.resources}</dd>`,
            `<dt>Policies</dt><dd>${leaky.summary.policies} in the pack: 2 disabled, 2 not applicable</dd>`,
            "<code>connect-flow-redaction</code>",
            "<code>residency-no-cloudfront-recordings-origin</code>",
        ]) {
            expect(evaluated).toContain(text);
        }
        expect(evaluated).toContain(`The ${leaky.summary.resources} resources evaluated`);
        // Older reports without the context say so instead of inventing it.
        expect(renderHtml(leaky)).toContain("none given: every policy at its default enforcement level and parameters");
        expect(renderHtml(leaky)).toMatch(/<dt>Project<\/dt><dd><span class="muted">not recorded<\/span>/);
    });

    it("lists waivers with what they matched, waivers that did not take effect, and says when there are none", () => {
        const page = renderHtml(handMade);
        expect(page).toContain(`<strong>legacy-recordings</strong><br><code class="urn">urn:pulumi:prod::cc::aws:s3/bucket:Bucket::legacy-recordings</code>`);
        expect(page).toContain("Waivers that did not take effect (2)");
        expect(page).toContain("not honoured: past its expiry date");
        expect(page).toContain("not honoured: reason, owner or expiry missing");
        expect(renderHtml(leaky)).toContain("No waiver was honoured");
        expect(renderHtml(leaky)).not.toContain("did not take effect");
    });

    it("shows who can read recordings, with the statements behind each row, only when the report has readers", () => {
        const page = renderHtml(handMade);
        expect(page.match(/reads recordings but is not an approved reader/g)).toHaveLength(1);
        expect(page).toContain("cannot decrypt: cannot read recordings");
        expect(page).toContain("<li>RolePolicy &#39;reviewer&#39; allows s3:GetObject</li>");
        expect(renderHtml(eu)).toContain("cannot get objects");
        expect(renderHtml(leaky)).not.toContain(`id="readers"`);
    });

    it("lists what could not be evaluated", () => {
        const page = renderHtml(handMade).slice(at(renderHtml(handMade), "warnings"));
        expect(page).toContain("<strong>stack-reference</strong>: Outputs of &lt;script&gt;");
        expect(renderHtml(leaky)).toContain("Nothing was left out");
    });
});
