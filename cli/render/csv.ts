/**
 * CSV for spreadsheets: one row per finding, per honoured waiver, per waiver that did not take
 * effect, per warning (what was not evaluated) and per disabled policy, with a column per framework,
 * and a last row saying what was evaluated.
 *
 * Names, messages and waiver fields come from the program and the config: a resource named
 * `=HYPERLINK(...)` must not become a live formula when an auditor opens the file. Every cell is
 * neutralised as OWASP's CSV injection guidance recommends: a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (or their full-width forms, which some spreadsheets also read as
 * formulas) gets a leading apostrophe, and every cell is quoted. Control characters are shown as
 * escapes, so the file is safe to print in a terminal too.
 */
import { stringify } from "csv-stringify/sync";
import { controlNamed } from "../../policies/catalogue";
import type { FindingsReport } from "../findings";
import { visible } from "../visible-text";

export const CSV_COLUMNS = [
    "kind",
    "policy",
    "level",
    "severity",
    "resourceType",
    "resourceName",
    "urn",
    "message",
    "gdpr",
    "pciDss",
    "iso27001",
    "owner",
    "expires",
    "reason",
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

const emptyRow: Row = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ""])) as Row;

const join = (refs: readonly string[] | undefined) => (refs ?? []).join("; ");

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A cell a spreadsheet shows as text, never evaluates, and a terminal shows without obeying: control
 * characters (a name's ANSI escapes would clear the screen of whoever runs `cat report.csv`) are
 * shown as `\uXXXX`, as in the text report.
 */
export function neutralised(cell: string): string {
    const shown = visible(cell);
    return FORMULA_START.test(cell) ? `'${shown}` : shown;
}

/** What was evaluated, in one cell: a spreadsheet separated from its report still says what it is. */
function evaluatedText(report: FindingsReport): string {
    const evaluated = report.evaluated ?? {};
    return [
        evaluated.project !== undefined ? `project ${evaluated.project}` : undefined,
        `stack ${report.stack}`,
        `mode ${report.mode}`,
        evaluated.outputs !== undefined ? `outputs ${evaluated.outputs}` : undefined,
        evaluated.policyConfig
            ? `policy config ${evaluated.policyConfig.path} (sha256 ${evaluated.policyConfig.sha256})`
            : report.mode === "events"
              ? "policy config not recorded in the event log"
              : "no policy config",
        `pack ${report.pack.name} ${report.pack.version}`,
        `ccguard ${report.tool.version}`,
    ]
        .filter((part) => part !== undefined)
        .join("; ");
}

export function renderCsv(report: FindingsReport): string {
    const rows: Row[] = [];
    for (const f of report.findings) {
        rows.push({
            kind: f.deferred ? "deferred" : f.remediatedByUpdate ? "finding-remediated-by-update" : "finding",
            policy: f.policy,
            level: f.enforcementLevel,
            severity: f.severity,
            resourceType: f.resourceType,
            resourceName: f.resourceName,
            urn: f.urn,
            message: f.message,
            gdpr: join(f.frameworks.gdpr),
            pciDss: join(f.frameworks.pciDss),
            iso27001: join(f.frameworks.iso27001),
            owner: "",
            expires: "",
            reason: "",
        });
    }
    for (const w of report.waivers) {
        const control = controlNamed(w.policy);
        const [, , qualifiedType = "", ...name] = w.urn.split("::");
        rows.push({
            kind: "waiver",
            policy: w.policy,
            level: "waived",
            severity: control?.severity ?? "",
            resourceType: qualifiedType.split("$").pop() ?? "",
            resourceName: name.join("::"),
            urn: w.urn,
            message: w.resource !== undefined ? `waiver for ${w.resource}` : "",
            gdpr: join(control?.frameworks.gdpr),
            pciDss: join(control?.frameworks.pciDss),
            iso27001: join(control?.frameworks.iso27001),
            owner: w.owner,
            expires: w.expires,
            reason: w.reason,
        });
    }
    for (const w of report.unusedWaivers ?? []) {
        rows.push({
            kind: `waiver-${w.status}`,
            policy: w.policy,
            level: "",
            severity: "",
            resourceType: "",
            resourceName: w.resource,
            urn: "",
            message: "",
            gdpr: "",
            pciDss: "",
            iso27001: "",
            owner: w.owner,
            expires: w.expires,
            reason: "",
        });
    }
    for (const w of report.warnings ?? []) {
        const [, , qualifiedType = "", ...name] = (w.urn ?? "").split("::");
        rows.push({
            kind: "warning",
            policy: w.kind,
            level: "not-evaluated",
            severity: "",
            resourceType: qualifiedType.split("$").pop() ?? "",
            resourceName: name.join("::"),
            urn: w.urn ?? "",
            message: w.message,
            gdpr: "",
            pciDss: "",
            iso27001: "",
            owner: "",
            expires: "",
            reason: "",
        });
    }
    for (const policy of report.disabledPolicies ?? []) {
        const control = controlNamed(policy);
        rows.push({
            ...emptyRow,
            kind: "disabled",
            policy,
            level: "disabled",
            message: "disabled by the policy config: not checked",
            gdpr: join(control?.frameworks.gdpr),
            pciDss: join(control?.frameworks.pciDss),
            iso27001: join(control?.frameworks.iso27001),
        });
    }
    rows.push({ ...emptyRow, kind: "evaluated", level: report.mode, message: evaluatedText(report) });
    const safe = rows.map((row) => Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, neutralised(cell)])));
    return stringify(safe, { header: true, columns: [...CSV_COLUMNS], quoted: true });
}
