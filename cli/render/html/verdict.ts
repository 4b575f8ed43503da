/**
 * The verdict: what an auditor needs in the first screen. It comes from `verdictOf`, so it says
 * PASSED only when every other format does, and it names beside it what qualifies a pass: policies
 * the config disabled (they did not run), warnings (parts not evaluated), checks left to the update.
 */
import { isBlocked, verdictOf, type FindingsReport } from "../../findings";
import { controlsOf } from "./catalogue";
import { findingsChart } from "./chart";
import { EMPTY, html, plural, type Markup } from "./markup";

function disabledCount(report: FindingsReport): number {
    return report.disabledPolicies?.length ?? report.summary.disabled ?? 0;
}

/**
 * What the verdict leaves unsaid about disabled policies, e.g. `3 policies disabled, not checked`
 * beside BLOCKED; nothing when `verdictOf` already names them (`PASSED with 3 of 38 policies disabled`).
 */
function disabledQualifier(report: FindingsReport): string | undefined {
    const disabled = disabledCount(report);
    if (disabled === 0 || /disabled/i.test(verdictOf(report))) return undefined;
    return `${plural(disabled, "policy", "policies")} disabled, not checked`;
}

/** The verdict and what qualifies it, as the page's title and heading say it. */
export function verdictText(report: FindingsReport): string {
    const qualifier = disabledQualifier(report);
    return qualifier ? `${verdictOf(report)} — ${qualifier}` : verdictOf(report);
}

function explanation(report: FindingsReport): string {
    const mandatory = report.summary.mandatory;
    if (report.mode === "audit") {
        const remediated = report.findings.filter((finding) => finding.remediatedByUpdate && finding.enforcementLevel === "mandatory").length;
        if (mandatory === 0) return "No mandatory violation in the deployed stack.";
        const fixable = remediated > 0 ? ` The next update would correct ${remediated} of them (policies set to remediate).` : "";
        return `${plural(mandatory, "mandatory violation")} in the deployed stack: the pack would block its next update.${fixable}`;
    }
    return mandatory > 0
        ? `${plural(mandatory, "mandatory violation")}: the pack stops pulumi preview and pulumi up on this stack.`
        : "No mandatory violation: the pack lets pulumi preview and pulumi up proceed.";
}

function qualifiers(report: FindingsReport, deferred: number): Markup {
    const lines: Markup[] = [];
    const warnings = report.warnings?.length ?? 0;
    const disabled = report.disabledPolicies ?? [];
    if (warnings > 0) lines.push(html`<li>${plural(warnings, "warning")}: part of the stack could not be evaluated (<a href="#warnings">not evaluated</a>).</li>`);
    if (disabledCount(report) > 0) {
        lines.push(html`<li>${plural(disabledCount(report), "policy", "policies")} disabled by the policy config did not run${disabled.length > 0 ? html`: ${disabled.map((name, i) => html`${i > 0 ? ", " : ""}<code>${name}</code>`)}` : ""}.</li>`);
    }
    if (deferred > 0) lines.push(html`<li>${plural(deferred, "check")} decided at the update: a value they need is unknown at preview.</li>`);
    return lines.length > 0 ? html`<ul class="qualifiers">${lines}</ul>` : EMPTY;
}

export function verdictSection(report: FindingsReport): Markup {
    const blocked = isBlocked(report);
    const { mandatory, advisory, waived, resources, policies } = report.summary;
    const deferred = report.findings.filter((finding) => finding.deferred).length;
    const disabled = disabledCount(report);
    const qualifier = disabledQualifier(report);
    const qualified = (report.warnings?.length ?? 0) > 0 || disabled > 0 || !verdictOf(report).startsWith("PASSED");
    const tone = blocked ? "blocked" : qualified ? "warned" : "passed";
    const tile = (label: string, value: number, note: string, alert = false) =>
        html`<div class="tile${alert ? " alert" : ""}"><dt>${label}</dt><dd><span class="count">${value}</span> <span class="note">${note}</span></dd></div>`;
    return html`
<section id="verdict" aria-labelledby="verdict-title">
  <div class="banner ${tone}" role="status">
    <span class="verdict-mark" aria-hidden="true">${blocked ? "✕" : qualified ? "!" : "✓"}</span>
    <div>
      <h2 id="verdict-title"><span class="verdict-word">${verdictOf(report)}</span>${qualifier ? html` <span class="verdict-qualifier">— ${qualifier}</span>` : ""}</h2>
      <p>${explanation(report)}</p>
      ${qualifiers(report, deferred)}
    </div>
  </div>
  <dl class="tiles">
    ${tile("Mandatory", mandatory, "blocking", mandatory > 0)}
    ${tile("Advisory", Math.max(0, advisory - deferred), "not blocking")}
    ${deferred > 0 ? tile("At the update", deferred, "decided then") : ""}
    ${tile("Waived", waived, "accepted exceptions")}
    ${disabled > 0 ? tile("Disabled", disabled, "not checked", true) : ""}
    ${tile("Resources", resources, "evaluated")}
    ${tile("Policies", policies, "in the pack")}
  </dl>
  ${findingsChart(report.findings, controlsOf(report))}
</section>`;
}
