/**
 * CSV for spreadsheets: one row per finding, per honoured waiver, per waiver that did not take
 * effect and per warning (what was not evaluated), with a column per framework.
 */
import { stringify } from "csv-stringify/sync";
import { controlNamed } from "../../policies/catalogue";
import type { FindingsReport } from "../findings";

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

const join = (refs: readonly string[] | undefined) => (refs ?? []).join("; ");

export function renderCsv(report: FindingsReport): string {
    const rows: Row[] = [];
    for (const f of report.findings) {
        rows.push({
            kind: f.deferred ? "deferred" : "finding",
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
            message: "",
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
    return stringify(rows, { header: true, columns: [...CSV_COLUMNS] });
}
