/**
 * Findings by resource, worst first, each with the regulations it breaks and how to fix it in
 * words before code: the control's description says why it matters, its remediation steps say what
 * to change. Deferred notes are not failures: they say what the update will decide, in their own
 * neutral style, never as a red severity bar beside the violations.
 */
import { PROVISIONS, type Framework } from "../../../policies/frameworks";
import { DEFERRED_PREFIX, parseUrn, type Finding, type FindingsReport } from "../../findings";
import { controlsOf, type ControlLookup } from "./catalogue";
import { byResource, type ResourceFindings } from "./order";
import { EMPTY, html, own, plural, prose, type Markup } from "./markup";
import type { ProvisionAnchors } from "./coverage-matrix";

const FRAMEWORK_SHORT: Record<Framework, string> = { gdpr: "GDPR", pciDss: "PCI DSS", iso27001: "ISO 27001" };

/** The SDK's prefix on a check it could not run during preview; the "decided at the update" chip says it. */

/** Code this long (a whole policy statement) gets its own line in a remediation step. */
const BLOCK_CODE_FROM = 64;

function regulations(finding: Finding, anchor: ProvisionAnchors): Markup {
    const frameworks = (Object.keys(FRAMEWORK_SHORT) as Framework[]).filter((framework) => (finding.frameworks?.[framework] ?? []).length > 0);
    if (frameworks.length === 0) return EMPTY;
    const reference = (framework: Framework, provision: string) => {
        const title = own(PROVISIONS[framework], provision);
        const id = anchor(framework, provision);
        return id
            ? html`<a href="#${id}" title="${title ?? ""}">${provision}</a>`
            : html`<span title="${title ?? ""}">${provision}</span>`;
    };
    return html`<p class="refs"><span class="refs-label">Regulations</span> ${frameworks.map(
        (framework) => html`<span class="ref"><span class="framework-name">${FRAMEWORK_SHORT[framework]}</span> ${finding.frameworks[framework].map((provision, i) => html`${i > 0 ? ", " : ""}${reference(framework, provision)}`)}</span>`,
    )}</p>`;
}

/**
 * Where a control's steps were first shown, so the same control on the next resource links there
 * (its steps folded, open in print) instead of repeating them in full.
 */
type FirstShown = Map<string, { id: string; resource: string }>;

/** What every finding card needs besides its finding. */
interface CardContext {
    controls: ControlLookup;
    anchor: ProvisionAnchors;
    firstShown: FirstShown;
}

function remediation(finding: Finding, { controls, firstShown }: CardContext): Markup {
    const control = controls(finding.policy);
    if (!control) return html`<p class="remediation muted">This policy is not in the contact-centre-guard catalogue: see its pack's documentation for how to comply.</p>`;
    const why = html`<details class="why"><summary>Why it matters</summary><p>${prose(control.description)}</p></details>`;
    const steps = control.remediation.length > 0
        ? html`<ol>${control.remediation.map((step) => html`<li>${prose(step, BLOCK_CODE_FROM)}</li>`)}</ol>`
        : html`<p class="muted">The catalogue has no remediation steps for this policy.</p>`;
    if (finding.deferred) return html`${why}<details class="why"><summary>How to comply before the update</summary>${steps}</details>`;
    const earlier = firstShown.get(control.name);
    if (earlier) {
        return html`${why}<details class="why"><summary>How to fix: the same steps as for <a href="#${earlier.id}">${earlier.resource}</a></summary>${steps}</details>`;
    }
    const id = `fix-${firstShown.size + 1}`;
    firstShown.set(control.name, { id, resource: finding.resourceName || "the stack" });
    return html`${why}<div class="remediation" id="${id}"><h4>How to fix</h4>${steps}</div>`;
}

function findingCard(finding: Finding, context: CardContext): Markup {
    const control = context.controls(finding.policy);
    const message = finding.deferred ? finding.message.replace(DEFERRED_PREFIX, "") : finding.message;
    const classes = finding.deferred ? "deferred" : `level-${finding.enforcementLevel}`;
    const level = finding.deferred
        ? html`<span class="chip decided-at-update"><span aria-hidden="true">↻</span> decided at the update</span>`
        : finding.enforcementLevel === "mandatory"
          ? html`<span class="chip level mandatory"><span aria-hidden="true">✕</span> mandatory</span>`
          : html`<span class="chip level advisory"><span aria-hidden="true">!</span> advisory</span>`;
    const severity = finding.deferred
        ? html`<span class="muted severity-if">${finding.severity} if it fails</span>`
        : html`<span class="chip severity sev-${finding.severity}">${finding.severity}</span>`;
    return html`
    <div class="finding ${classes}">
      <p class="finding-head">${level} ${severity}${
          finding.remediatedByUpdate ? html` <span class="chip remediated"><span aria-hidden="true">⟳</span> the next update would remediate this</span>` : ""
      } <span class="control-title">${control?.title ?? ""}</span> <code class="policy">${finding.policy}</code></p>
      <p class="message">${prose(message)}</p>
      ${
          finding.remediatedByUpdate
              ? html`<p class="note">The policy is set to <code>remediate</code>: the deployed resource breaks the rule, and the next <code>pulumi up</code> would correct it. Until that update runs it is a violation.</p>`
              : ""
      }
      ${regulations(finding, context.anchor)}
      ${remediation(finding, context)}
    </div>`;
}

function componentLabel(componentUrn: string | undefined): Markup {
    if (!componentUrn) return EMPTY;
    const { type, name } = parseUrn(componentUrn);
    return html`<span class="component">in component <strong>${name}</strong> <code>${type}</code></span>`;
}

function groupCounts(findings: readonly Finding[]): string {
    const open = findings.filter((finding) => !finding.deferred);
    const parts = [
        [open.filter((finding) => finding.enforcementLevel === "mandatory").length, "mandatory"],
        [open.filter((finding) => finding.enforcementLevel === "advisory").length, "advisory"],
        [findings.length - open.length, "decided at the update"],
    ] as const;
    return parts.filter(([count]) => count > 0).map(([count, word]) => `${count} ${word}`).join(", ");
}

function resourceGroup(group: ResourceFindings, index: number, context: CardContext): Markup {
    const first = group.findings[0];
    const heading = group.urn
        ? html`<h3><span class="resource-name">${first.resourceName}</span> <code class="resource-type">${first.resourceType}</code></h3>`
        : html`<h3>Stack-wide</h3>`;
    const blocking = group.findings.some((finding) => !finding.deferred && finding.enforcementLevel === "mandatory");
    return html`
  <article class="resource${blocking ? " blocking" : ""}" id="resource-${index + 1}">
    ${heading}
    <p class="resource-meta"><span class="counts">${groupCounts(group.findings)}</span> ${componentLabel(first.component)}</p>
    ${group.urn ? html`<p class="urn"><code>${group.urn}</code></p>` : ""}
    ${group.findings.map((finding) => findingCard(finding, context))}
  </article>`;
}

function introduction(report: FindingsReport, groups: readonly ResourceFindings[]): Markup {
    const findings = report.findings;
    const deferred = findings.filter((finding) => finding.deferred).length;
    const open = findings.length - deferred;
    const remediated = findings.filter((finding) => finding.remediatedByUpdate).length;
    if (findings.length === 0) return html`<p>No open findings.</p>`;
    return html`<p>${plural(open, "open finding")}${deferred > 0 ? ` and ${plural(deferred, "check")} decided at the update` : ""} on ${plural(groups.length, "resource")}: blocking findings first, then advisory, most severe first.${
        deferred > 0
            ? html` A check <em>decided at the update</em> needs a value that is unknown at preview (an ARN AWS assigns on creation); the engine checks it again, with every value known, before it creates the resource, and stops the update there if it fails.`
            : ""
    }${remediated > 0 ? html` ${plural(remediated, "violation")} would be corrected by the next update (the policy is set to <code>remediate</code>).` : ""}</p>`;
}

export function findingsSection(report: FindingsReport, anchor: ProvisionAnchors): Markup {
    const groups = byResource(report.findings);
    const context: CardContext = { controls: controlsOf(report), anchor, firstShown: new Map() };
    return html`
<section id="findings" aria-labelledby="findings-title">
  <h2 id="findings-title">Findings by resource</h2>
  ${introduction(report, groups)}
  ${groups.map((group, i) => resourceGroup(group, i, context))}
</section>`;
}
