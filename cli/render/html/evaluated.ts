/**
 * What the report could not see (warnings) and what it did judge: enough for an auditor to
 * reproduce it (project, stack, mode, outputs, the policy config file and its SHA-256, pack and
 * tool versions) and to tell a pass from a control that did not run (disabled, not applicable).
 */
import { parseUrn, type FindingsReport } from "../../findings";
import { controlsOf, type ControlLookup } from "./catalogue";
import { EMPTY, html, own, plural, type Markup } from "./markup";
import { MODE_MEANING, OUTPUTS_MEANING } from "./vocabulary";

export function warningsSection(report: FindingsReport): Markup {
    const warnings = report.warnings ?? [];
    return html`
<section id="warnings" aria-labelledby="warnings-title">
  <h2 id="warnings-title">Not evaluated</h2>
  ${
      warnings.length === 0
          ? html`<p>Nothing was left out: every resource the program registered was evaluated.</p>`
          : html`<p>Part of this stack could not be evaluated, so this report is not a clean pass:</p>
  <ul class="warnings">${warnings.map(
      (warning) => html`<li><strong>${warning.kind}</strong>: ${warning.message}${warning.urn ? html` <code class="urn">${warning.urn}</code>` : ""}</li>`,
  )}</ul>`
  }
</section>`;
}

/** Policy names with their catalogue titles, when the catalogue knows them. */
function policyList(names: readonly string[], empty: string, controls: ControlLookup): Markup {
    if (names.length === 0) return html`<span class="muted">${empty}</span>`;
    return html`<ul class="policy-list">${names.map((name) => {
        const title = controls(name)?.title;
        return html`<li><code>${name}</code>${title ? html` <span class="muted">${title}</span>` : ""}</li>`;
    })}</ul>`;
}

function resourcesList(report: FindingsReport): Markup {
    const resources = report.resources ?? [];
    if (resources.length === 0) return EMPTY;
    const findingsOf = (urn: string) => report.findings.filter((finding) => finding.urn === urn && !finding.deferred).length;
    return html`<details class="resources"><summary>The ${plural(resources.length, "resource")} evaluated</summary>
    <table class="stack compact">
      <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Component</th><th scope="col" class="num">Findings</th></tr></thead>
      <tbody>${resources.map(
          (resource) =>
              html`<tr><td data-label="Name" class="wrap">${resource.name}</td><td data-label="Type" class="wrap"><code>${resource.type}</code></td><td data-label="Component">${
                  resource.component ? parseUrn(resource.component).name : html`<span class="muted">–</span>`
              }</td><td data-label="Findings" class="num">${findingsOf(resource.urn)}</td></tr>`,
      )}</tbody>
    </table></details>`;
}

export function evaluatedSection(report: FindingsReport): Markup {
    const evaluated = report.evaluated ?? {};
    const outputs = evaluated.outputs;
    const config = evaluated.policyConfig;
    const disabled = report.disabledPolicies ?? [];
    const notApplicable = report.notApplicable ?? [];
    const controls = controlsOf(report);
    return html`
<section id="evaluated" aria-labelledby="evaluated-title">
  <h2 id="evaluated-title">What was evaluated</h2>
  <dl class="facts">
    <dt>Project</dt><dd>${evaluated.project ?? html`<span class="muted">not recorded</span>`}</dd>
    <dt>Stack</dt><dd>${report.stack}</dd>
    <dt>Mode</dt><dd>${report.mode} <span class="muted">(${own(MODE_MEANING, report.mode) ?? "unknown mode"})</span></dd>
    ${
        outputs !== undefined || report.mode === "preview"
            ? html`<dt>Outputs</dt><dd>${outputs ?? html`<span class="muted">not recorded</span>`}${outputs ? html` <span class="muted">(${own(OUTPUTS_MEANING, outputs) ?? "unknown"})</span>` : ""}</dd>`
            : ""
    }
    <dt>Policy config</dt><dd>${
        config
            ? html`<code>${config.path}</code><br><span class="muted">SHA-256</span> <code class="digest">${config.sha256}</code>`
            : report.mode === "events"
              ? html`<span class="muted">not recorded in the event log</span>`
              : html`<span class="muted">none given: every policy at its default enforcement level and parameters</span>`
    }</dd>
    <dt>Policy pack</dt><dd>${report.pack.name} ${report.pack.version}</dd>
    <dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
    <dt>Generated at</dt><dd>${report.generatedAt ?? html`<span class="muted">not recorded</span>`}</dd>
    <dt>Resources</dt><dd>${report.summary.resources}</dd>
    <dt>Policies</dt><dd>${report.summary.policies} in the pack: ${disabled.length} disabled, ${notApplicable.length} not applicable</dd>
    <dt>Disabled policies</dt><dd>${policyList(disabled, "none: every policy ran", controls)}</dd>
    <dt>Not applicable</dt><dd>${policyList(notApplicable, report.notApplicable ? "none: every control had something to judge" : "not recorded", controls)}</dd>
  </dl>
  ${resourcesList(report)}
</section>`;
}
