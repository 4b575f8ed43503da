/**
 * The report's words and symbols. Each status has a symbol and a word, so the page reads the same
 * in greyscale print and to a screen reader; colour only repeats what the words say.
 */
import type { FindingsReport, UnusedWaiver } from "../../findings";
import type { CoverageStatus } from "../coverage";
import { html, type Markup } from "./markup";

export const STATUS_LABEL: Record<CoverageStatus, { symbol: string; word: string }> = {
    failed: { symbol: "✕", word: "failed" },
    waived: { symbol: "≈", word: "waived" },
    advisory: { symbol: "!", word: "advisory" },
    deferred: { symbol: "↻", word: "decided at the update" },
    disabled: { symbol: "⊘", word: "disabled" },
    passed: { symbol: "✓", word: "passed" },
    "not-applicable": { symbol: "○", word: "not applicable" },
    "not-evaluated": { symbol: "–", word: "not evaluated" },
};

export const STATUS_MEANING: Record<CoverageStatus, string> = {
    failed: "a mandatory finding blocks the stack",
    waived: "a violation was accepted by a waiver",
    advisory: "advisory findings, nothing blocking",
    deferred: "the deciding value is unknown at preview; the engine checks it during the update, so it has not passed yet",
    disabled: "turned off by the policy config: not checked, so not shown to be met",
    passed: "the control ran, had something to judge, and found nothing",
    "not-applicable": "the control ran, but the stack has nothing it judges",
    "not-evaluated": "the report does not show that the control ran",
};

export const MODE_MEANING: Record<FindingsReport["mode"], string> = {
    preview: "offline preview of the Pulumi program",
    audit: "deployed state from pulumi stack export",
    events: "policy events of a real pulumi preview",
};

export const OUTPUTS_MEANING: Record<"unknown" | "resolved", string> = {
    unknown: "ids and outputs unknown, as at a first pulumi preview",
    resolved: "every id and output given a plausible value, as during pulumi up",
};

export const UNUSED_MEANING: Record<UnusedWaiver["status"], string> = {
    expired: "not honoured: past its expiry date",
    incomplete: "not honoured: reason, owner or expiry missing",
    unmatched: "in force, but matched no violation",
};

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function statusChip(status: CoverageStatus): Markup {
    const { symbol, word } = STATUS_LABEL[status];
    return html`<span class="chip status-${status}"><span aria-hidden="true">${symbol}</span> ${word}</span>`;
}
