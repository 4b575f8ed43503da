/**
 * The coverage matrix: one line per provision a control cites, with its status and how many
 * controls stand behind it; each line opens (a `<details>`, open when printed) onto those controls.
 * A control that answers eight provisions is listed under each, but only one line long.
 */
import { FRAMEWORK_NAMES, type Framework } from "../../../policies/frameworks";
import type { FindingsReport } from "../../findings";
import { COVERAGE_STATUSES, coverageRows, type ControlCoverage, type CoverageRow, type CoverageStatus } from "../coverage";
import { EMPTY, html, plural, type Markup } from "./markup";
import { STATUS_LABEL, STATUS_MEANING, statusChip } from "./vocabulary";

const FRAMEWORKS = Object.keys(FRAMEWORK_NAMES) as Framework[];

/** Where a provision's line is, so findings can link their regulations to it. */
export type ProvisionAnchors = (framework: Framework, provision: string) => string | undefined;

/** Ids are built from positions, never from report text, so no name can break out of an attribute or clash with ours. */
export function provisionAnchors(rows: readonly CoverageRow[]): ProvisionAnchors {
    const ids = new Map<string, string>();
    for (const framework of FRAMEWORKS) {
        rows.filter((row) => row.framework === framework).forEach((row, i) => ids.set(`${framework}\u0000${row.provision}`, `provision-${framework}-${i + 1}`));
    }
    return (framework, provision) => ids.get(`${framework}\u0000${provision}`);
}

function tally(statuses: readonly CoverageStatus[]): string {
    return COVERAGE_STATUSES.map((status) => [status, statuses.filter((s) => s === status).length] as const)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${count} ${STATUS_LABEL[status].word}`)
        .join(" · ");
}

function byStatus(controls: readonly ControlCoverage[]): ControlCoverage[] {
    return [...controls].sort((a, b) => COVERAGE_STATUSES.indexOf(a.status) - COVERAGE_STATUSES.indexOf(b.status));
}

function controlLine(coverage: ControlCoverage): Markup {
    const details: string[] = [];
    const open = coverage.findings - coverage.deferred;
    if (open > 0) details.push(plural(open, "finding"));
    if (coverage.deferred > 0) details.push(`${coverage.deferred} decided at the update`);
    if (coverage.waived > 0) details.push(`${coverage.waived} waived`);
    return html`<li class="control">${statusChip(coverage.status)} <span class="control-title">${coverage.title}</span> <code>${coverage.control}</code>${
        details.length > 0 ? html` <span class="muted">(${details.join(", ")})</span>` : ""
    }</li>`;
}

function provisionLine(row: CoverageRow, id: string): Markup {
    const statuses = row.controls.map((control) => control.status);
    return html`
    <li><details class="provision row-${row.status}" id="${id}">
      <summary><span class="provision-ref">${row.provision}</span><span class="provision-title">${row.title ?? "(title not recorded)"}</span><span class="provision-status">${statusChip(row.status)}</span><span class="provision-counts muted">${plural(row.controls.length, "control")}: ${tally(statuses)}</span></summary>
      <ul class="controls">${byStatus(row.controls).map(controlLine)}</ul>
    </details></li>`;
}

function frameworkBlock(framework: Framework, rows: readonly CoverageRow[], anchor: ProvisionAnchors): Markup {
    if (rows.length === 0) return EMPTY;
    return html`
  <div class="framework">
    <h3>${FRAMEWORK_NAMES[framework]} <span class="muted">${plural(rows.length, "provision")}: ${tally(rows.map((row) => row.status))}</span></h3>
    <ul class="provisions">${rows.map((row) => provisionLine(row, anchor(framework, row.provision)!))}</ul>
  </div>`;
}

export function coverageSection(report: FindingsReport, rows: readonly CoverageRow[] = coverageRows(report)): Markup {
    const anchor = provisionAnchors(rows);
    return html`
<section id="coverage" aria-labelledby="coverage-title">
  <h2 id="coverage-title">Coverage of the regulations</h2>
  <p>Every provision the pack's controls cite, with the worst status of the controls that test it. Open a provision to see its controls.</p>
  <details class="legend-box"><summary>What the statuses mean</summary>
    <dl class="legend">${COVERAGE_STATUSES.map((status) => html`<dt>${statusChip(status)}</dt><dd>${STATUS_MEANING[status]}</dd>`)}</dl>
  </details>
  ${FRAMEWORKS.map((framework) => frameworkBlock(framework, rows.filter((row) => row.framework === framework), anchor))}
</section>`;
}
