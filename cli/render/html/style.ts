/**
 * The page's only stylesheet, inline (the CSP allows inline styles and nothing else). Laid out for
 * a phone (390 px) as well as a desktop, and for paper: printed, every `<details>` is open, a
 * finding is not split across pages, long URNs and digests wrap, and status reads from its words.
 */
export const STYLE = `
:root { --ink: #1d2430; --muted: #5b6576; --rule: #d9dee7; --paper: #fff; --panel: #f5f7fa;
  --red: #b42318; --red-bg: #fdecea; --green: #1a7f37; --green-bg: #e7f5ec; --amber: #9a5b00; --amber-bg: #fff4e0;
  --violet: #5b3cc4; --violet-bg: #f0ebff; --blue: #1f4b99; --blue-bg: #e8f0fd; --grey: #5b6576; --grey-bg: #eef0f4;
  --sev-critical: #7a1a12; --sev-high: #d92d20; --sev-medium: #f79009; --sev-low: #2e90fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--paper); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; overflow-wrap: break-word; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; background: var(--panel); border-radius: 3px; padding: 0 0.25em; overflow-wrap: break-word; }
/* Identifiers with no natural break (URNs, ARNs, digests) may break anywhere rather than widen their column. */
td.wrap code, p.urn code, code.urn, code.digest, dl.facts code, code.block { overflow-wrap: anywhere; }
code.block { display: block; white-space: pre-wrap; padding: 4px 8px; margin: 4px 0; }
a { color: var(--blue); }
header.masthead { background: #1f2a3c; color: #fff; padding: 14px 32px; }
header.masthead p { margin: 0; color: #c4cddc; font-size: 13px; letter-spacing: 0.04em; text-transform: uppercase; }
header.masthead h1 { margin: 2px 0 0; font-size: 22px; font-weight: 600; }
nav.toc { border-bottom: 1px solid var(--rule); padding: 6px 32px; font-size: 14px; display: flex; flex-wrap: wrap; gap: 2px 18px; }
nav.toc a { text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { max-width: 1100px; margin: 0 auto; padding: 4px 32px 32px; }
section { margin-top: 26px; }
h2 { font-size: 20px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 18px 0 6px; }
h4 { font-size: 12px; margin: 8px 0 2px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
p { margin: 6px 0; }
.muted { color: var(--muted); }
summary { cursor: pointer; }
/* verdict */
.banner { display: flex; align-items: flex-start; gap: 16px; padding: 14px 20px; border: 2px solid; border-left-width: 10px; border-radius: 6px; }
.banner.blocked { background: var(--red-bg); border-color: var(--red); color: #5f130d; }
.banner.passed { background: var(--green-bg); border-color: var(--green); color: #0f4d22; }
.banner.warned { background: #fff4d6; border-color: #9a6700; color: #4d3300; }
.verdict-mark { font-size: 40px; font-weight: 700; line-height: 1; }
#verdict h2 { border: 0; padding: 0; margin: 0; }
.verdict-word { font-size: 32px; letter-spacing: 0.06em; font-weight: 800; }
.verdict-qualifier { font-size: 18px; font-weight: 700; }
.banner p { margin: 2px 0 0; font-size: 16px; }
ul.qualifiers { margin: 6px 0 0; padding-left: 20px; }
dl.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(104px, 1fr)); gap: 8px; margin: 12px 0 0; }
.tile { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 6px 12px; }
.tile dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.tile dd { margin: 0; }
.tile .count { font-size: 26px; font-weight: 700; line-height: 1.2; }
.tile .note { font-size: 12px; color: var(--muted); }
.tile.alert { border-color: var(--red); background: var(--red-bg); }
.tile.alert .count { color: var(--red); }
/* chart */
.chart-figure { margin: 12px 0 0; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; font-size: 13px; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
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
figcaption { color: var(--muted); font-size: 13px; }
details.chart-numbers summary { font-size: 13px; color: var(--muted); }
details.chart-numbers { overflow-x: auto; }
table.chart-data { width: auto; font-size: 13px; }
table.chart-data td, table.chart-data th { padding: 2px 12px; }
.num { text-align: right; }
/* chips */
.chip { display: inline-block; font-size: 12px; font-weight: 600; line-height: 1.5; padding: 0 7px; border-radius: 10px; border: 1px solid; white-space: nowrap; }
.status-failed { color: var(--red); background: var(--red-bg); }
.status-waived { color: var(--violet); background: var(--violet-bg); }
.status-advisory { color: var(--amber); background: var(--amber-bg); }
.status-deferred { color: var(--blue); background: var(--blue-bg); }
.status-disabled { color: var(--ink); background: var(--grey-bg); border-style: dashed; }
.status-passed { color: var(--green); background: var(--green-bg); }
.status-not-applicable, .status-not-evaluated { color: var(--grey); background: var(--grey-bg); }
.chip.mandatory { color: #fff; background: var(--red); border-color: var(--red); }
.chip.advisory { color: var(--amber); background: var(--amber-bg); }
.chip.decided-at-update { color: var(--blue); background: var(--blue-bg); }
.chip.remediated { color: var(--violet); background: var(--violet-bg); white-space: normal; }
.chip.severity { text-transform: uppercase; letter-spacing: 0.04em; background: #fff; }
.chip.sev-critical { color: var(--sev-critical); }
.chip.sev-high { color: var(--sev-high); }
.chip.sev-medium { color: var(--amber); }
.chip.sev-low { color: #175cd3; }
.chip.unused-expired, .chip.unused-incomplete { color: var(--red); background: var(--red-bg); }
.chip.unused-unmatched { color: var(--grey); background: var(--grey-bg); }
.severity-if { font-size: 12px; }
/* findings */
article.resource { border: 1px solid var(--rule); border-radius: 6px; padding: 2px 16px 10px; margin: 12px 0; }
article.resource.blocking { border-left: 4px solid var(--red); }
article.resource h3 { margin: 8px 0 0; break-after: avoid; }
.resource-name { font-size: 17px; }
.resource-type { font-weight: 400; }
.resource-meta, .urn { margin: 2px 0; font-size: 13px; }
.resource-meta .counts { font-weight: 600; }
p.urn code, code.urn { background: none; padding: 0; color: var(--muted); }
.finding { border-left: 4px solid var(--rule); padding: 4px 0 4px 12px; margin-top: 10px; break-inside: avoid; }
.finding.level-mandatory { border-left-color: var(--red); }
.finding.level-advisory { border-left-color: var(--amber); }
.finding.deferred { border-left: 4px dashed var(--blue); }
.finding-head { margin: 0; line-height: 1.9; }
.finding-head .control-title { font-weight: 600; }
.finding-head code.policy { font-size: 0.78em; color: var(--muted); display: inline-block; max-width: 100%; overflow-wrap: break-word; line-height: 1.4; }
.message { white-space: pre-wrap; margin: 4px 0; }
.note { font-size: 14px; color: var(--violet); }
.refs { font-size: 13px; display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 4px 0; }
.refs-label { color: var(--muted); text-transform: uppercase; font-size: 11px; letter-spacing: 0.05em; align-self: center; }
.refs .framework-name { font-weight: 600; }
details.why > summary { font-size: 13px; color: var(--muted); }
details.why > p { font-size: 14px; margin: 2px 0 4px; }
.remediation ol, details.why ol { margin: 2px 0; padding-left: 22px; font-size: 14px; }
/* coverage matrix */
details.legend-box > summary { font-size: 13px; color: var(--muted); }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; margin: 6px 0; }
dl.legend dd { margin: 0; }
.framework h3 .muted { font-weight: 400; font-size: 13px; }
ul.provisions { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--rule); }
ul.provisions > li { border-bottom: 1px solid var(--rule); }
details.provision > summary { display: grid; grid-template-columns: 1em 7em minmax(0, 1fr) 12.5em minmax(0, 15em); gap: 2px 10px; align-items: baseline; padding: 4px 4px; list-style: none; font-size: 14px; }
details.provision > summary::-webkit-details-marker { display: none; }
details.provision > summary::before { content: "▸"; color: var(--muted); }
details.provision[open] > summary::before { content: "▾"; }
details.provision > summary:hover { background: var(--panel); }
.provision-ref { font-weight: 600; white-space: nowrap; }
.provision-counts { font-size: 12px; }
details.provision.row-failed > summary { box-shadow: inset 4px 0 0 var(--red); }
details.provision.row-waived > summary { box-shadow: inset 4px 0 0 var(--violet); }
details.provision.row-advisory > summary { box-shadow: inset 4px 0 0 var(--amber); }
details.provision.row-deferred > summary { box-shadow: inset 4px 0 0 var(--blue); }
ul.controls { list-style: none; margin: 0 0 6px; padding: 0 0 0 calc(1em + 14px); font-size: 13px; }
ul.controls li { margin: 2px 0; }
ul.controls code { font-size: 0.85em; color: var(--muted); }
/* tables and facts */
table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--rule); }
thead th { background: var(--panel); border-bottom: 2px solid var(--rule); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
td.wrap { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
table.compact { font-size: 13px; }
table.compact td { padding: 3px 8px; }
tr.alert td { background: var(--red-bg); }
ul.via { margin: 2px 0 0; padding-left: 18px; font-size: 12px; color: var(--muted); }
.yes { font-weight: 600; }
.no, .unknown { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 500; overflow-wrap: anywhere; }
ul.policy-list, ul.warnings { margin: 0; padding-left: 18px; }
ul.policy-list { font-weight: 400; }
details.resources { margin-top: 10px; }
footer { max-width: 1100px; margin: 0 auto; padding: 12px 32px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); }
@media screen and (max-width: 760px) {
  main, nav.toc, header.masthead, footer { padding-left: 14px; padding-right: 14px; }
  .banner { padding: 10px 12px; gap: 10px; }
  .verdict-mark { font-size: 30px; }
  .verdict-word { font-size: 26px; }
  article.resource { padding: 2px 10px 8px; }
  details.provision > summary { grid-template-columns: 1em 5.5em minmax(0, 1fr); }
  .provision-status, .provision-counts { grid-column: 3; }
  ul.controls { padding-left: 8px; }
  dl.facts { grid-template-columns: minmax(0, 1fr); }
  .tile { padding: 4px 8px; }
  .tile .count { font-size: 22px; }
  .tile .note { display: block; line-height: 1.2; }
  /* A phone shrinks the chart's labels past reading, and the tiles and findings carry its numbers. */
  .chart-figure { display: none; }
  header.masthead h1 { font-size: 19px; }
  dl.facts dd { margin-bottom: 6px; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack thead { display: none; }
  table.stack tr { border-bottom: 1px solid var(--rule); padding: 4px 0; }
  table.stack td { border: 0; padding: 1px 4px; }
  table.stack td::before { content: attr(data-label) ": "; color: var(--muted); font-size: 12px; }
  table.stack td.num { text-align: left; }
}
@page { margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  nav.toc { display: none; }
  header.masthead { background: none; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 6px; }
  header.masthead p { color: var(--muted); }
  main, footer { max-width: none; padding-left: 0; padding-right: 0; }
  a { color: inherit; text-decoration: none; }
  /* Nothing is hidden on paper: every details element prints open, without its disclosure marker. */
  details::details-content { content-visibility: visible; display: block; }
  details > summary { list-style: none; cursor: auto; }
  details > summary::-webkit-details-marker { display: none; }
  details.provision > summary::before { display: none; }
  details.provision > summary { grid-template-columns: 6em minmax(0, 1fr) 11em minmax(0, 13em); break-inside: avoid; }
  .provision-status, .provision-counts { grid-column: auto; }
  details.provision { break-inside: avoid; }
  .banner, .banner.blocked, .banner.passed, .banner.warned, .tile, .tile.alert, .chip, tr.alert td { background: none; }
  .banner.blocked, .banner.warned, .banner.passed { color: var(--ink); }
  .chip.mandatory { color: var(--red); background: none; }
  h2, h3, h4, summary { break-after: avoid; }
  .finding, .tile, tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  code { background: none; padding: 0; }
}
`;
