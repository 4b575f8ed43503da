/**
 * Open findings by area and severity, as an inline SVG (no script, no image file) with its numbers
 * in a table beside it. Notes decided at the update are not drawn: they have not failed anything.
 */
import type { Area } from "../../../policies/control";
import type { Finding } from "../../findings";
import type { ControlLookup } from "./catalogue";
import { html, plural, type Markup } from "./markup";
import { SEVERITIES, type Severity } from "./vocabulary";

type AreaCounts = Record<Severity, number>;
type ChartArea = Area | "other";

const AREAS: readonly ChartArea[] = ["residency", "encryption", "retention", "access", "logging", "connect", "other"];

function areaOf(finding: Finding, controls: ControlLookup): ChartArea {
    return controls(finding.policy)?.area ?? "other";
}

/** Areas with at least one open finding, in catalogue order. */
function countsByArea(findings: readonly Finding[], controls: ControlLookup): Map<ChartArea, AreaCounts> {
    const counts = new Map(AREAS.map((area) => [area, { critical: 0, high: 0, medium: 0, low: 0 } as AreaCounts]));
    for (const finding of findings) {
        const severity: Severity = SEVERITIES.includes(finding.severity) ? finding.severity : "medium";
        counts.get(areaOf(finding, controls))![severity] += 1;
    }
    for (const [area, bySeverity] of counts) if (total(bySeverity) === 0) counts.delete(area);
    return counts;
}

const total = (counts: AreaCounts) => SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);

function describeCounts(counts: Map<ChartArea, AreaCounts>): string {
    return [...counts]
        .map(([area, bySeverity]) => {
            const parts = SEVERITIES.filter((severity) => bySeverity[severity] > 0).map((severity) => `${bySeverity[severity]} ${severity}`);
            return `${area}: ${total(bySeverity)} (${parts.join(", ")})`;
        })
        .join("; ");
}

const CHART = { width: 720, labelWidth: 100, barX: 110, barWidth: 560, legendHeight: 30, rowHeight: 26, barHeight: 16, axisHeight: 24 };

function chartTicks(max: number): number[] {
    const step = Math.max(1, Math.ceil(max / 5));
    const ticks: number[] = [];
    for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
    return ticks;
}

function chartSvg(counts: Map<ChartArea, AreaCounts>): Markup {
    const max = Math.max(1, ...[...counts.values()].map(total));
    const scale = (count: number) => Math.round((count / max) * CHART.barWidth * 100) / 100;
    const plotTop = CHART.legendHeight;
    const plotHeight = counts.size * CHART.rowHeight;
    const height = plotTop + plotHeight + CHART.axisHeight;
    const legend = SEVERITIES.map(
        (severity, i) => html`<g transform="translate(${CHART.barX + i * 110},6)"><rect class="sev-${severity}" width="14" height="14" rx="2"/><text x="20" y="12">${severity}</text></g>`,
    );
    const grid = chartTicks(max).map(
        (tick) =>
            html`<g class="tick"><line x1="${CHART.barX + scale(tick)}" x2="${CHART.barX + scale(tick)}" y1="${plotTop}" y2="${plotTop + plotHeight}"/><text x="${CHART.barX + scale(tick)}" y="${plotTop + plotHeight + 16}" text-anchor="middle">${tick}</text></g>`,
    );
    const rows = [...counts].map(([area, bySeverity], row) => {
        const y = plotTop + row * CHART.rowHeight + (CHART.rowHeight - CHART.barHeight) / 2;
        let x = CHART.barX;
        const segments = SEVERITIES.filter((severity) => bySeverity[severity] > 0).map((severity) => {
            const width = scale(bySeverity[severity]);
            const segment = html`<rect class="bar sev-${severity}" x="${x}" y="${y}" width="${width}" height="${CHART.barHeight}"><title>${area}, ${severity}: ${bySeverity[severity]}</title></rect>${
                width >= 18 ? html`<text class="in-bar on-${severity}" x="${x + width / 2}" y="${y + 12}" text-anchor="middle" aria-hidden="true">${bySeverity[severity]}</text>` : ""
            }`;
            x += width;
            return segment;
        });
        return html`<g class="area-row"><text class="area-label" x="${CHART.labelWidth}" y="${y + 12}" text-anchor="end">${area}</text>${segments}<text class="row-total" x="${x + 6}" y="${y + 12}">${total(bySeverity)}</text></g>`;
    });
    return html`<svg class="chart" viewBox="0 0 ${CHART.width} ${height}" width="${CHART.width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">
    <title id="chart-title">Open findings by area and severity</title>
    <desc id="chart-desc">Stacked bars, one per area, split by severity. ${describeCounts(counts)}.</desc>
    <g class="legend">${legend}</g>
    <g class="grid">${grid}</g>
    ${rows}
  </svg>`;
}

function chartTable(counts: Map<ChartArea, AreaCounts>): Markup {
    return html`<table class="chart-data">
    <thead><tr><th scope="col">Area</th>${SEVERITIES.map((severity) => html`<th scope="col" class="num">${severity}</th>`)}<th scope="col" class="num">total</th></tr></thead>
    <tbody>${[...counts].map(
        ([area, bySeverity]) =>
            html`<tr><th scope="row">${area}</th>${SEVERITIES.map((severity) => html`<td class="num">${bySeverity[severity]}</td>`)}<td class="num">${total(bySeverity)}</td></tr>`,
    )}</tbody>
  </table>`;
}

/** The chart of open (not deferred) findings; nothing when there are none. */
export function findingsChart(findings: readonly Finding[], controls: ControlLookup): Markup {
    const open = findings.filter((finding) => !finding.deferred);
    if (open.length === 0) return html``;
    const counts = countsByArea(open, controls);
    const deferred = findings.length - open.length;
    return html`
  <figure class="chart-figure" id="findings-chart">
    ${chartSvg(counts)}
    <figcaption>Open findings by the area of the control that found them.${deferred > 0 ? ` ${plural(deferred, "check")} decided at the update ${deferred === 1 ? "is" : "are"} not drawn.` : ""}</figcaption>
    <details class="chart-numbers"><summary>The chart's numbers</summary>${chartTable(counts)}</details>
  </figure>`;
}

