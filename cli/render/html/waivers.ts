/**
 * The waiver register: each honoured waiver with the violation it accepted, and the waivers of the
 * policy config that did not take effect (expired, incomplete, matching nothing), with why.
 */
import type { FindingsReport, UnusedWaiver } from "../../findings";
import { parseUrn } from "../../findings";
import { EMPTY, html, own, type Markup } from "./markup";
import { UNUSED_MEANING } from "./vocabulary";

function unusedWaivers(unused: readonly UnusedWaiver[] | undefined): Markup {
    if (!unused || unused.length === 0) return EMPTY;
    return html`
  <h3>Waivers that did not take effect (${unused.length})</h3>
  <table class="stack">
    <thead><tr><th scope="col">Policy</th><th scope="col">Resource</th><th scope="col">Owner</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
    <tbody>${unused.map(
        (waiver) =>
            html`<tr><td data-label="Policy"><code>${waiver.policy}</code></td><td data-label="Resource" class="wrap"><code>${waiver.resource}</code></td><td data-label="Owner">${waiver.owner || "–"}</td><td data-label="Expires" class="nowrap">${waiver.expires || "–"}</td><td data-label="Status"><span class="chip unused-${waiver.status}">${waiver.status}</span> <span class="muted">${own(UNUSED_MEANING, waiver.status) ?? ""}</span></td></tr>`,
    )}</tbody>
  </table>`;
}

export function waiversSection(report: FindingsReport): Markup {
    return html`
<section id="waivers" aria-labelledby="waivers-title">
  <h2 id="waivers-title">Waiver register</h2>
  ${
      report.waivers.length === 0
          ? html`<p>No waiver was honoured: no violation was accepted as an exception.</p>`
          : html`<p>Violations accepted as exceptions. They do not block; each stays on record with what it matched, its reason, owner and expiry.</p>
  <table class="stack">
    <thead><tr><th scope="col">Policy</th><th scope="col">Matched</th><th scope="col">Reason</th><th scope="col">Owner</th><th scope="col">Expires</th></tr></thead>
    <tbody>${report.waivers.map(
        (waiver) =>
            html`<tr><td data-label="Policy"><code>${waiver.policy}</code></td><td data-label="Matched" class="wrap"><strong>${parseUrn(waiver.urn).name || waiver.urn}</strong><br><code class="urn">${waiver.urn}</code>${waiver.resource !== undefined ? html`<br><span class="muted">by the waiver for</span> <code>${waiver.resource}</code>` : ""}</td><td data-label="Reason">${waiver.reason}</td><td data-label="Owner">${waiver.owner}</td><td data-label="Expires" class="nowrap">${waiver.expires}</td></tr>`,
    )}</tbody>
  </table>`
  }
  ${unusedWaivers(report.unusedWaivers)}
</section>`;
}
