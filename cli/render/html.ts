/**
 * The HTML format: one self-contained page for auditors. It opens from a file share or an e-mail
 * attachment with no network: styles inline, the chart as inline SVG, no scripts, fonts or images,
 * and a Content-Security-Policy that stops the browser from fetching anything should a future edit
 * (or a hostile report) try. Every string from the report is escaped: reports carry resource names,
 * messages and waiver reasons written by whoever wrote the stack or the policy config.
 */
import { controlNamed } from "../../policies/catalogue";
import type { Area } from "../../policies/control";
import { FRAMEWORK_NAMES, type Framework } from "../../policies/frameworks";
import { isBlocked, parseUrn, verdictOf, type Finding, type FindingsReport, type UnusedWaiver } from "../findings";
import { COVERAGE_STATUSES, coverageRows, type ControlCoverage, type CoverageRow, type CoverageStatus } from "./coverage";

/** Who can read call recordings, as a readers audit may add it to a report (an optional extension). */
export interface RecordingReader {
    bucket: string;
    principal: string;
    canGetObject: boolean | "unknown";
    canDecrypt: boolean | "unknown";
    approved: boolean | "unknown";
}

export type ReportWithReaders = FindingsReport & { readers?: RecordingReader[] };

// --- escaping -------------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Markup we wrote ourselves; anything else interpolated into `html` is escaped. */
class Markup {
    constructor(readonly value: string) {}
}

type Interpolated = Markup | string | number | boolean | null | undefined | readonly Interpolated[];

function interpolate(value: Interpolated): string {
    if (value instanceof Markup) return value.value;
    if (Array.isArray(value)) return value.map(interpolate).join("");
    if (value === null || value === undefined || value === false) return "";
    return escapeHtml(String(value));
}

/** Template tag: the literal parts are ours, every interpolated value is escaped unless it is Markup. */
function html(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
    return new Markup(strings.reduce((out, literal, i) => out + literal + (i < values.length ? interpolate(values[i]) : ""), ""));
}

/**
 * A code span opens after a space or opening bracket and closes before a space, punctuation or the
 * end, so code that itself holds backticks (`pulumi.interpolate`${arn}/*``) stays one span.
 */
const CODE_SPAN = /(^|[\s(\["'])`(.+?)`(?=$|[\s.,;:!?)'"])/g;

/** Text with `backtick` spans (as messages and remediation steps write code) shown as code, all escaped. */
function prose(text: string): Markup {
    let out = "";
    let done = 0;
    for (const match of text.matchAll(CODE_SPAN)) {
        const start = match.index + match[1].length;
        out += escapeHtml(text.slice(done, start)) + `<code>${escapeHtml(match[2])}</code>`;
        done = start + match[2].length + 2;
    }
    return new Markup(out + escapeHtml(text.slice(done)));
}

// --- vocabulary -------------------------------------------------------------------------------------

const SEVERITIES = ["critical", "high", "medium", "low"] as const;
type Severity = (typeof SEVERITIES)[number];

const AREAS: readonly (Area | "other")[] = ["residency", "encryption", "retention", "access", "logging", "connect", "other"];

const FRAMEWORK_SHORT: Record<Framework, string> = { gdpr: "GDPR", pciDss: "PCI DSS", iso27001: "ISO 27001" };

/** Each status has a symbol and a word, so the page reads the same in greyscale print. */
const STATUS_LABEL: Record<CoverageStatus, { symbol: string; word: string }> = {
    failed: { symbol: "✕", word: "failed" },
    waived: { symbol: "≈", word: "waived" },
    advisory: { symbol: "!", word: "advisory" },
    deferred: { symbol: "…", word: "decided at update" },
    disabled: { symbol: "⊘", word: "disabled" },
    passed: { symbol: "✓", word: "passed" },
    "not-applicable": { symbol: "○", word: "not applicable" },
    "not-evaluated": { symbol: "–", word: "not evaluated" },
};

const STATUS_MEANING: Record<CoverageStatus, string> = {
    failed: "a mandatory finding blocks the stack",
    waived: "violations accepted by a waiver",
    advisory: "advisory notes only",
    deferred: "the deciding value is unknown at preview; the engine checks again during the update",
    disabled: "turned off by the policy config: not checked",
    passed: "the control ran and found nothing",
    "not-applicable": "the stack has nothing this control judges",
    "not-evaluated": "the report does not show the control ran",
};

const MODE_MEANING: Record<FindingsReport["mode"], string> = {
    preview: "offline preview of the Pulumi program",
    audit: "deployed state from pulumi stack export",
    events: "policy events of a real pulumi preview",
};

const UNUSED_MEANING: Record<UnusedWaiver["status"], string> = {
    expired: "not honoured: past its expiry date",
    incomplete: "not honoured: reason, owner or expiry missing",
    unmatched: "in force, but matched no violation",
};

/** The SDK's prefix on a check it could not run during preview; the "decided at update" badge says it. */
const DEFERRED_PREFIX = /^can't run policy '[^']*' from policy pack '[^']*' during preview: /;

function statusChip(status: CoverageStatus): Markup {
    const { symbol, word } = STATUS_LABEL[status];
    return html`<span class="chip status-${status}"><span aria-hidden="true">${symbol}</span> ${word}</span>`;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

// --- 1. verdict -------------------------------------------------------------------------------------

function verdictExplanation(report: FindingsReport): string {
    const mandatory = report.summary.mandatory;
    if (report.mode === "audit") {
        return mandatory > 0
            ? `${plural(mandatory, "mandatory violation")} in the deployed stack: the pack would block its next update.`
            : "No mandatory violation in the deployed stack.";
    }
    return mandatory > 0
        ? `${plural(mandatory, "mandatory violation")}: the pack stops pulumi preview and pulumi up on this stack.`
        : "No mandatory violation: the pack lets pulumi preview and pulumi up proceed.";
}

function verdictSection(report: FindingsReport): Markup {
    const blocked = isBlocked(report);
    const { mandatory, advisory, waived, resources, policies } = report.summary;
    const deferred = report.findings.filter((finding) => finding.deferred).length;
    const explanation = verdictExplanation(report);
    const warnings = report.warnings ?? [];
    const tone = blocked ? "blocked" : warnings.length > 0 ? "warned" : "passed";
    const tile = (label: string, value: number, note?: string, alert = false) =>
        html`<div class="tile${alert ? " alert" : ""}"><dt>${label}</dt><dd><span class="count">${value}</span>${note ? html`<span class="note">${note}</span>` : ""}</dd></div>`;
    return html`
<section id="verdict" aria-labelledby="verdict-title">
  <div class="banner ${tone}" role="status">
    <span class="verdict-mark" aria-hidden="true">${blocked ? "✕" : warnings.length > 0 ? "!" : "✓"}</span>
    <div>
      <h2 id="verdict-title" class="verdict-word">${verdictOf(report)}</h2>
      <p>${explanation}</p>
    </div>
  </div>
  ${
      warnings.length > 0
          ? html`<div class="notice" role="note"><h3>Not evaluated</h3><p>Part of this stack could not be evaluated, so this report is not a clean pass:</p><ul>${warnings.map(
                (warning) => html`<li><strong>${warning.kind}</strong>: ${warning.message}</li>`,
            )}</ul></div>`
          : ""
  }
  <dl class="tiles">
    ${tile("Mandatory", mandatory, "blocking", mandatory > 0)}
    ${tile("Advisory", advisory, deferred > 0 ? `${deferred} decided at update` : "not blocking")}
    ${tile("Waived", waived, "accepted exceptions")}
    ${tile("Resources", resources, "evaluated")}
    ${tile("Policies", policies, "in the pack")}
  </dl>
  <h3>What was evaluated</h3>
  <dl class="facts">
    <dt>Stack</dt><dd>${report.stack}</dd>
    <dt>Mode</dt><dd>${report.mode} <span class="muted">(${MODE_MEANING[report.mode] ?? "unknown mode"})</span></dd>
    <dt>Policy pack</dt><dd>${report.pack.name} ${report.pack.version}</dd>
    <dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
    <dt>Generated at</dt><dd>${report.generatedAt ?? "not recorded"}</dd>
  </dl>
</section>`;
}

// --- 2. coverage matrix -----------------------------------------------------------------------------

function controlItem(coverage: ControlCoverage): Markup {
    const details: string[] = [];
    if (coverage.findings > 0) details.push(plural(coverage.findings, "finding"));
    if (coverage.deferred > 0) details.push(`${coverage.deferred} decided at update`);
    if (coverage.waived > 0) details.push(`${coverage.waived} waived`);
    return html`<li>${statusChip(coverage.status)} <span class="control-title">${coverage.title}</span> <code>${coverage.control}</code>${details.length > 0 ? html` <span class="muted">(${details.join(", ")})</span>` : ""}</li>`;
}

/** The controls that decide a provision's status come first; ties keep catalogue order. */
function worstFirst(controls: readonly ControlCoverage[]): ControlCoverage[] {
    return [...controls].sort((a, b) => COVERAGE_STATUSES.indexOf(a.status) - COVERAGE_STATUSES.indexOf(b.status));
}

function coverageTable(framework: Framework, rows: readonly CoverageRow[]): Markup {
    const tally = (Object.keys(STATUS_LABEL) as CoverageStatus[])
        .map((status) => [status, rows.filter((row) => row.status === status).length] as const)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${count} ${STATUS_LABEL[status].word}`);
    return html`
  <table class="coverage">
    <caption><span class="framework">${FRAMEWORK_NAMES[framework]}</span> <span class="muted">${plural(rows.length, "provision")}: ${tally.join(", ")}</span></caption>
    <thead><tr><th scope="col" class="provision">Provision</th><th scope="col">Requirement</th><th scope="col" class="status">Status</th><th scope="col">Tested by</th></tr></thead>
    <tbody>
      ${rows.map(
          (row) => html`
      <tr class="row-${row.status}">
        <th scope="row" class="provision">${row.provision}</th>
        <td>${row.title ?? "(title not recorded)"}</td>
        <td class="status">${statusChip(row.status)}</td>
        <td><ul class="controls">${worstFirst(row.controls).map(controlItem)}</ul></td>
      </tr>`,
      )}
    </tbody>
  </table>`;
}

function coverageSection(report: FindingsReport): Markup {
    const rows = coverageRows(report);
    const frameworks = Object.keys(FRAMEWORK_NAMES) as Framework[];
    return html`
<section id="coverage" aria-labelledby="coverage-title">
  <h2 id="coverage-title">Coverage of the regulations</h2>
  <p>Every provision the pack's controls cite, the controls that test it and how each fared. A provision takes the worst status of the controls that ran.</p>
  <ul class="legend">
    ${(Object.keys(STATUS_MEANING) as CoverageStatus[]).map((status) => html`<li>${statusChip(status)} ${STATUS_MEANING[status]}</li>`)}
  </ul>
  ${frameworks.map((framework) => coverageTable(framework, rows.filter((row) => row.framework === framework)))}
</section>`;
}

// --- 3. findings chart ------------------------------------------------------------------------------

type AreaCounts = Record<Severity, number>;

function areaOf(finding: Finding): Area | "other" {
    return controlNamed(finding.policy)?.area ?? "other";
}

function countsByArea(findings: readonly Finding[]): Map<Area | "other", AreaCounts> {
    const counts = new Map(AREAS.map((area) => [area, { critical: 0, high: 0, medium: 0, low: 0 } as AreaCounts]));
    for (const finding of findings) {
        const severity: Severity = SEVERITIES.includes(finding.severity) ? finding.severity : "medium";
        counts.get(areaOf(finding))![severity] += 1;
    }
    // "other" holds findings of policies the catalogue does not know; show it only when it has some.
    if (SEVERITIES.every((severity) => counts.get("other")![severity] === 0)) counts.delete("other");
    return counts;
}

const total = (counts: AreaCounts) => SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);

function describeCounts(counts: Map<Area | "other", AreaCounts>): string {
    return [...counts]
        .map(([area, byseverity]) => {
            const parts = SEVERITIES.filter((severity) => byseverity[severity] > 0).map((severity) => `${byseverity[severity]} ${severity}`);
            return `${area}: ${total(byseverity)}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
        })
        .join("; ");
}

const CHART = { width: 720, labelWidth: 110, barX: 120, barWidth: 540, legendHeight: 34, rowHeight: 30, barHeight: 18, axisHeight: 28 };

function chartTicks(max: number): number[] {
    const step = Math.max(1, Math.ceil(max / 5));
    const ticks: number[] = [];
    for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
    return ticks;
}

function findingsChartSvg(counts: Map<Area | "other", AreaCounts>): Markup {
    const max = Math.max(1, ...[...counts.values()].map(total));
    const scale = (count: number) => Math.round((count / max) * CHART.barWidth * 100) / 100;
    const plotTop = CHART.legendHeight;
    const plotHeight = counts.size * CHART.rowHeight;
    const height = plotTop + plotHeight + CHART.axisHeight;
    const legend = SEVERITIES.map(
        (severity, i) =>
            html`<g transform="translate(${CHART.barX + i * 110},8)"><rect class="sev-${severity}" width="14" height="14" rx="2"/><text x="20" y="12">${severity}</text></g>`,
    );
    const grid = chartTicks(max).map(
        (tick) =>
            html`<g class="tick"><line x1="${CHART.barX + scale(tick)}" x2="${CHART.barX + scale(tick)}" y1="${plotTop}" y2="${plotTop + plotHeight}"/><text x="${CHART.barX + scale(tick)}" y="${plotTop + plotHeight + 18}" text-anchor="middle">${tick}</text></g>`,
    );
    const rows = [...counts].map(([area, bySeverity], row) => {
        const y = plotTop + row * CHART.rowHeight + (CHART.rowHeight - CHART.barHeight) / 2;
        let x = CHART.barX;
        const segments = SEVERITIES.filter((severity) => bySeverity[severity] > 0).map((severity) => {
            const width = scale(bySeverity[severity]);
            const segment = html`<rect class="bar sev-${severity}" x="${x}" y="${y}" width="${width}" height="${CHART.barHeight}"><title>${area}, ${severity}: ${bySeverity[severity]}</title></rect>${
                width >= 18 ? html`<text class="in-bar on-${severity}" x="${x + width / 2}" y="${y + 13}" text-anchor="middle" aria-hidden="true">${bySeverity[severity]}</text>` : ""
            }`;
            x += width;
            return segment;
        });
        return html`<g class="area-row"><text class="area-label" x="${CHART.labelWidth}" y="${y + 13}" text-anchor="end">${area}</text>${segments}<text class="row-total" x="${x + 6}" y="${y + 13}">${total(bySeverity)}</text></g>`;
    });
    return html`<svg class="chart" viewBox="0 0 ${CHART.width} ${height}" width="${CHART.width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">
    <title id="chart-title">Open findings by area and severity</title>
    <desc id="chart-desc">Stacked bars, one per area, split by severity. ${describeCounts(counts)}.</desc>
    <g class="legend">${legend}</g>
    <g class="grid">${grid}</g>
    ${rows}
  </svg>`;
}

function chartDataTable(counts: Map<Area | "other", AreaCounts>): Markup {
    return html`<table class="chart-data">
    <caption>The chart's numbers</caption>
    <thead><tr><th scope="col">Area</th>${SEVERITIES.map((severity) => html`<th scope="col" class="num">${severity}</th>`)}<th scope="col" class="num">total</th></tr></thead>
    <tbody>${[...counts].map(
        ([area, bySeverity]) =>
            html`<tr><th scope="row">${area}</th>${SEVERITIES.map((severity) => html`<td class="num">${bySeverity[severity]}</td>`)}<td class="num">${total(bySeverity)}</td></tr>`,
    )}</tbody>
  </table>`;
}

function chartSection(report: FindingsReport): Markup {
    const counts = countsByArea(report.findings);
    return html`
<section id="findings-chart" aria-labelledby="findings-chart-title">
  <h2 id="findings-chart-title">Findings by area and severity</h2>
  <p>Open findings (mandatory and advisory; waived violations are in the waiver register). An area is where the control that found it belongs.</p>
  <figure class="chart-figure">
    ${findingsChartSvg(counts)}
    ${report.findings.length === 0 ? html`<figcaption>No open findings in any area.</figcaption>` : ""}
  </figure>
  ${chartDataTable(counts)}
</section>`;
}

// --- 4. findings by resource ------------------------------------------------------------------------

function byResource(findings: readonly Finding[]): Finding[][] {
    const groups = new Map<string, Finding[]>();
    for (const finding of findings) groups.set(finding.urn, [...(groups.get(finding.urn) ?? []), finding]);
    return [...groups.values()];
}

function componentLabel(componentUrn: string | undefined): Markup | "" {
    if (!componentUrn) return "";
    const { type, name } = parseUrn(componentUrn);
    return html`<span class="component">in component <code>${type}</code> <strong>${name}</strong></span>`;
}

function frameworkRefs(finding: Finding): Markup {
    const refs = (Object.keys(FRAMEWORK_SHORT) as Framework[])
        .filter((framework) => (finding.frameworks?.[framework] ?? []).length > 0)
        .map((framework) => html`<span class="ref"><span class="muted">${FRAMEWORK_SHORT[framework]}</span> ${finding.frameworks[framework].join(", ")}</span>`);
    return refs.length > 0 ? html`<p class="refs">${refs}</p>` : html``;
}

function findingCard(finding: Finding): Markup {
    const control = controlNamed(finding.policy);
    const message = finding.deferred ? finding.message.replace(DEFERRED_PREFIX, "") : finding.message;
    const steps = control?.remediation ?? [];
    return html`
    <div class="finding level-${finding.enforcementLevel}${finding.deferred ? " deferred" : ""}">
      <p class="finding-head">
        <span class="chip level ${finding.enforcementLevel}">${finding.enforcementLevel === "mandatory" ? "✕ mandatory" : "! advisory"}</span>
        ${finding.deferred ? html`<span class="chip decided-at-update">↻ decided at update</span>` : ""}
        <span class="chip severity sev-${finding.severity}">${finding.severity}</span>
        <code class="policy">${finding.policy}</code>${control ? html` <span class="control-title">${control.title}</span>` : ""}
      </p>
      <p class="message">${prose(message)}</p>
      ${frameworkRefs(finding)}
      ${
          steps.length > 0
              ? html`<div class="remediation"><h4>Remediation</h4><ol>${steps.map((step) => html`<li>${prose(step)}</li>`)}</ol></div>`
              : html`<p class="remediation muted">The catalogue has no remediation steps for this policy.</p>`
      }
    </div>`;
}

function resourceGroup(findings: readonly Finding[]): Markup {
    const first = findings[0];
    const heading = first.urn ? html`<h3><span class="resource-name">${first.resourceName}</span> <code class="resource-type">${first.resourceType}</code></h3>` : html`<h3>Stack-wide</h3>`;
    return html`
  <article class="resource">
    ${heading}
    <p class="resource-meta">${componentLabel(first.component)} <span class="muted">${plural(findings.length, "finding")}</span></p>
    ${first.urn ? html`<p class="urn"><code>${first.urn}</code></p>` : ""}
    ${findings.map(findingCard)}
  </article>`;
}

function cleanResources(report: FindingsReport): Markup {
    const withFindings = new Set([...report.findings.map((finding) => finding.urn), ...report.waivers.map((waiver) => waiver.urn)]);
    const clean = (report.resources ?? []).filter((resource) => !withFindings.has(resource.urn));
    if (clean.length === 0) return html``;
    return html`
  <h3>Resources without findings (${clean.length})</h3>
  <table class="compact">
    <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Component</th></tr></thead>
    <tbody>${clean.map(
        (resource) =>
            html`<tr><td>${resource.name}</td><td><code>${resource.type}</code></td><td>${resource.component ? parseUrn(resource.component).name : html`<span class="muted">–</span>`}</td></tr>`,
    )}</tbody>
  </table>`;
}

function findingsSection(report: FindingsReport): Markup {
    const groups = byResource(report.findings);
    return html`
<section id="findings" aria-labelledby="findings-title">
  <h2 id="findings-title">Findings by resource</h2>
  ${
      groups.length > 0
          ? html`<p>${plural(report.findings.length, "open finding")} on ${plural(groups.length, "resource")}, blocking ones first. Findings marked <em>decided at update</em> could not be decided from what a preview knows; the engine checks them again, with every value known, before it creates the resource.</p>`
          : html`<p>No open findings.</p>`
  }
  ${groups.map(resourceGroup)}
  ${cleanResources(report)}
</section>`;
}

// --- 5. waivers -----------------------------------------------------------------------------------

function unusedWaiversTable(unused: readonly UnusedWaiver[] | undefined): Markup {
    if (!unused || unused.length === 0) return html``;
    return html`
  <h3>Waivers that did not take effect (${unused.length})</h3>
  <table>
    <thead><tr><th scope="col">Policy</th><th scope="col">Resource</th><th scope="col">Owner</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
    <tbody>${unused.map(
        (waiver) =>
            html`<tr><td><code>${waiver.policy}</code></td><td class="wrap"><code>${waiver.resource}</code></td><td>${waiver.owner || "–"}</td><td class="nowrap">${waiver.expires || "–"}</td><td><span class="chip unused-${waiver.status}">${waiver.status}</span> <span class="muted">${UNUSED_MEANING[waiver.status] ?? ""}</span></td></tr>`,
    )}</tbody>
  </table>`;
}

function waiversSection(report: FindingsReport): Markup {
    return html`
<section id="waivers" aria-labelledby="waivers-title">
  <h2 id="waivers-title">Waiver register</h2>
  ${
      report.waivers.length === 0
          ? html`<p>No waiver was honoured: no violation was accepted as an exception.</p>`
          : html`<p>Violations accepted as exceptions. They do not block, and each stays on record with its owner and expiry.</p>
  <table>
    <thead><tr><th scope="col">Policy</th><th scope="col">Resource URN</th><th scope="col">Reason</th><th scope="col">Owner</th><th scope="col">Expires</th></tr></thead>
    <tbody>${report.waivers.map(
        (waiver) =>
            html`<tr><td><code>${waiver.policy}</code></td><td class="wrap"><code>${waiver.urn}</code></td><td>${waiver.reason}</td><td>${waiver.owner}</td><td class="nowrap">${waiver.expires}</td></tr>`,
    )}</tbody>
  </table>`
  }
  ${unusedWaiversTable(report.unusedWaivers)}
</section>`;
}

// --- 6. recording readers (optional extension) --------------------------------------------------------

function yesNo(value: unknown): Markup {
    if (value === "unknown") return html`<span class="no">decided at update</span>`;
    return value === true ? html`<span class="yes">yes</span>` : html`<span class="no">no</span>`;
}

function readerAssessment(reader: RecordingReader): { alert: boolean; text: string } {
    const reads = reader.canGetObject === true && reader.canDecrypt === true;
    if (reads && reader.approved !== true) return { alert: true, text: "⚠ reads recordings but is not an approved reader" };
    if (reads) return { alert: false, text: "approved reader" };
    return { alert: false, text: reader.canGetObject === true ? "cannot decrypt: cannot read recordings" : "cannot get objects" };
}

function readersSection(report: FindingsReport): Markup {
    const readers = (report as ReportWithReaders).readers;
    if (!Array.isArray(readers)) return html``;
    return html`
<section id="readers" aria-labelledby="readers-title">
  <h2 id="readers-title">Who can read recordings</h2>
  <p>A principal reads a recording only when it may both get the object from the bucket and decrypt it with the bucket's key.</p>
  <table>
    <thead><tr><th scope="col">Bucket</th><th scope="col">Principal</th><th scope="col">s3:GetObject</th><th scope="col">kms:Decrypt</th><th scope="col">Approved</th><th scope="col">Assessment</th></tr></thead>
    <tbody>${readers.map((reader) => {
        const { alert, text } = readerAssessment(reader);
        return html`<tr class="${alert ? "alert" : ""}"><td class="nowrap"><code>${String(reader.bucket)}</code></td><td class="wrap"><code>${String(reader.principal)}</code></td><td>${yesNo(reader.canGetObject)}</td><td>${yesNo(reader.canDecrypt)}</td><td>${yesNo(reader.approved)}</td><td>${text}</td></tr>`;
    })}</tbody>
  </table>
</section>`;
}

// --- the page -------------------------------------------------------------------------------------

const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { --ink: #1d2430; --muted: #5b6576; --rule: #d9dee7; --paper: #ffffff; --panel: #f5f7fa;
  --red: #b42318; --red-bg: #fdecea; --green: #1a7f37; --green-bg: #e7f5ec; --amber: #a15c07; --amber-bg: #fff4e0;
  --violet: #5b3cc4; --violet-bg: #f0ebff; --grey: #5b6576; --grey-bg: #eef0f4;
  --sev-critical: #7a1a12; --sev-high: #d92d20; --sev-medium: #f79009; --sev-low: #2e90fa; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; background: var(--panel); border-radius: 3px; padding: 0 0.25em; overflow-wrap: anywhere; }
header.masthead { background: #1f2a3c; color: #fff; padding: 20px 32px; }
header.masthead p { margin: 0; color: #c4cddc; font-size: 13px; letter-spacing: 0.04em; text-transform: uppercase; }
header.masthead h1 { margin: 4px 0 0; font-size: 24px; font-weight: 600; }
nav.toc { border-bottom: 1px solid var(--rule); padding: 8px 32px; font-size: 14px; }
nav.toc a { color: #1f4b99; margin-right: 18px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 32px 32px; }
section { margin-top: 28px; }
h2 { font-size: 20px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 20px 0 6px; }
h4 { font-size: 13px; margin: 8px 0 2px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.banner { display: flex; align-items: center; gap: 18px; padding: 16px 22px; border: 2px solid; border-left-width: 10px; border-radius: 6px; }
.banner.blocked { background: var(--red-bg); border-color: var(--red); color: #5f130d; }
.banner.passed { background: var(--green-bg); border-color: var(--green); color: #0f4d22; }
.banner.warned { background: #fff4d6; border-color: #9a6700; color: #4d3300; }
.notice { border: 2px solid #9a6700; background: #fff8e5; padding: 8px 16px; margin: 12px 0; }
.verdict-mark { font-size: 44px; font-weight: 700; line-height: 1; }
.verdict-word { font-size: 34px; letter-spacing: 0.08em; margin: 0; padding: 0; border: 0; font-weight: 800; }
.banner p { margin: 2px 0 0; font-size: 16px; }
dl.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; margin: 14px 0 0; }
.tile { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
.tile dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.tile dd { margin: 0; }
.tile .count { display: block; font-size: 28px; font-weight: 700; line-height: 1.2; }
.tile .note { font-size: 12px; color: var(--muted); }
.tile.alert { border-color: var(--red); background: var(--red-bg); }
.tile.alert .count { color: var(--red); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; padding: 6px 0; font-size: 15px; }
caption .framework { font-weight: 700; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
thead th { background: var(--panel); border-bottom: 2px solid var(--rule); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
tbody th { font-weight: 600; }
td.wrap { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
th.provision { white-space: nowrap; width: 8em; }
th.status, td.status { width: 9.5em; white-space: nowrap; }
tr.row-failed th.provision { box-shadow: inset 4px 0 0 var(--red); }
tr.row-waived th.provision { box-shadow: inset 4px 0 0 var(--violet); }
tr.row-advisory th.provision { box-shadow: inset 4px 0 0 var(--amber); }
tr.row-passed th.provision { box-shadow: inset 4px 0 0 var(--green); }
ul.controls, ul.legend { list-style: none; margin: 0; padding: 0; }
ul.controls li { margin: 1px 0; }
ul.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; margin: 8px 0; }
.control-title { font-weight: 500; }
ul.controls code { font-size: 0.78em; color: var(--muted); white-space: nowrap; }
.chip { display: inline-block; font-size: 12px; font-weight: 600; line-height: 1.5; padding: 0 7px; border-radius: 10px; border: 1px solid; white-space: nowrap; }
.status-failed { color: var(--red); background: var(--red-bg); }
.status-waived { color: var(--violet); background: var(--violet-bg); }
.status-advisory { color: var(--amber); background: var(--amber-bg); }
.status-passed { color: var(--green); background: var(--green-bg); }
.status-not-evaluated { color: var(--grey); background: var(--grey-bg); }
.chip.mandatory { color: #fff; background: var(--red); border-color: var(--red); }
.chip.advisory { color: var(--amber); background: var(--amber-bg); }
.chip.decided-at-update { color: #1f4b99; background: #e8f0fd; }
.chip.severity { text-transform: uppercase; letter-spacing: 0.04em; background: #fff; }
.chip.sev-critical { color: var(--sev-critical); }
.chip.sev-high { color: var(--sev-high); }
.chip.sev-medium { color: #a15c07; }
.chip.sev-low { color: #175cd3; }
.chip.unused-expired, .chip.unused-incomplete { color: var(--red); background: var(--red-bg); }
.chip.unused-unmatched { color: var(--grey); background: var(--grey-bg); }
.chart-figure { margin: 8px 0; overflow-x: auto; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; font-size: 13px; }
svg.chart text { fill: var(--ink); }
svg.chart .area-label { font-weight: 600; }
svg.chart .row-total { font-weight: 700; }
svg.chart text.in-bar { fill: #fff; font-size: 12px; font-weight: 700; }
svg.chart text.in-bar.on-medium { fill: var(--ink); }
svg.chart .tick line { stroke: var(--rule); }
svg.chart .tick text { fill: var(--muted); font-size: 11px; }
.sev-critical { fill: var(--sev-critical); }
.sev-high { fill: var(--sev-high); }
.sev-medium { fill: var(--sev-medium); }
.sev-low { fill: var(--sev-low); }
figcaption { color: var(--muted); }
table.chart-data { width: auto; font-size: 13px; }
table.chart-data caption { font-size: 13px; color: var(--muted); }
table.chart-data td, table.chart-data th { padding: 2px 12px; }
.num { text-align: right; }
article.resource { border: 1px solid var(--rule); border-radius: 6px; padding: 4px 16px 12px; margin: 14px 0; break-inside: avoid-page; }
article.resource h3 { margin: 10px 0 0; }
.resource-name { font-size: 17px; }
.resource-type { font-weight: 400; }
.resource-meta, .urn { margin: 2px 0; font-size: 13px; }
.urn code { background: none; padding: 0; color: var(--muted); }
.finding { border-left: 4px solid var(--rule); padding: 6px 0 6px 12px; margin-top: 10px; break-inside: avoid; }
.finding.level-mandatory { border-left-color: var(--red); }
.finding.level-advisory { border-left-color: var(--amber); }
.finding.deferred { border-left-style: dashed; }
.finding-head { margin: 0; line-height: 1.9; }
.finding-head .chip { margin-right: 4px; }
.finding-head .policy { font-weight: 600; }
.message { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
.refs { font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.remediation ol { margin: 2px 0; padding-left: 22px; font-size: 14px; }
table.compact { font-size: 13px; }
table.compact td { padding: 3px 8px; }
tr.alert td { background: var(--red-bg); }
.yes { font-weight: 600; }
.no { color: var(--muted); }
footer { max-width: 1100px; margin: 0 auto; padding: 12px 32px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); }
@media (max-width: 760px) { dl.tiles { grid-template-columns: repeat(2, 1fr); } main, nav.toc, header.masthead { padding-left: 14px; padding-right: 14px; } }
@page { margin: 15mm; }
@media print {
  body { font-size: 11pt; }
  nav.toc { display: none; }
  header.masthead { background: none; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 8px; }
  header.masthead p { color: var(--muted); }
  main { max-width: none; padding: 0; }
  section { break-before: auto; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
`;

export function renderHtml(report: FindingsReport): string {
    const verdict = verdictOf(report);
    const hasReaders = Array.isArray((report as ReportWithReaders).readers);
    const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${verdict}: ${report.pack.name} on stack ${report.stack}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
<header class="masthead">
  <p>Compliance report · ${report.pack.name} ${report.pack.version}</p>
  <h1>Stack ${report.stack}: ${verdict}</h1>
</header>
<nav class="toc" aria-label="Sections">
  <a href="#verdict">Verdict</a><a href="#coverage">Coverage</a><a href="#findings-chart">Chart</a><a href="#findings">Findings</a><a href="#waivers">Waivers</a>${hasReaders ? html`<a href="#readers">Recording readers</a>` : ""}
</nav>
<main>
${verdictSection(report)}
${coverageSection(report)}
${chartSection(report)}
${findingsSection(report)}
${waiversSection(report)}
${readersSection(report)}
</main>
<footer>
  Generated by ${report.tool.name} ${report.tool.version}${report.generatedAt ? ` at ${report.generatedAt}` : ""}. This page is self-contained: it loads nothing from the network.
  Frameworks: ${Object.values(FRAMEWORK_NAMES).join("; ")}.
</footer>
</body>
</html>
`;
    return page.value;
}
