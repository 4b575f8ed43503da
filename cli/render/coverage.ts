/**
 * Coverage of the regulations: for every provision the catalogue cites, which controls test it and
 * how each of them fared in a report. A pure function of report and catalogue, shared by the report
 * renderers (HTML, Markdown) so every format tells auditors the same story.
 */
import { catalogue } from "../../policies/catalogue";
import type { Area, Control } from "../../policies/control";
import { PROVISIONS, type Framework } from "../../policies/frameworks";
import type { FindingsReport } from "../findings";
import { PACK_NAME } from "../../policies/pack-identity";

/**
 * How a control fared, worst first:
 * - `failed`: at least one open mandatory finding, so the stack is blocked on it;
 * - `waived`: its only violations were accepted by a waiver (a recorded exception to the control);
 * - `advisory`: advisory findings that are not merely deferred;
 * - `deferred`: only checks whose deciding value is unknown at preview: the engine decides them
 *   during the update, so nothing is known yet to have passed;
 * - `disabled`: the policy config turned the control off, so it did not run;
 * - `passed`: the control ran, had something to judge, and found nothing;
 * - `not-applicable`: the control ran but the stack has nothing it judges (no contact flow, no
 *   Connect instance, ...);
 * - `not-evaluated`: the report does not show that the control ran (another pack, an older
 *   report without a `policies` list, or a pack version without this control).
 * A control with both waived violations and advisory notes counts as waived: an accepted breach of
 * a control matters more to an auditor than an open note.
 */
export type CoverageStatus = "failed" | "waived" | "advisory" | "deferred" | "disabled" | "passed" | "not-applicable" | "not-evaluated";

/**
 * Worst first: a provision takes the first of these that any of its controls has. `disabled` ranks
 * above `passed`: a provision one of whose controls was turned off has not been shown to be met.
 */
export const COVERAGE_STATUSES: readonly CoverageStatus[] = ["failed", "waived", "advisory", "deferred", "disabled", "passed", "not-applicable", "not-evaluated"];

/** What coverage needs to know about a control; the catalogue's controls have all of it. */
export type CoveredControl = Pick<Control, "name" | "title" | "area" | "frameworks">;

export interface ControlCoverage {
    control: string;
    title: string;
    area: Area;
    status: CoverageStatus;
    /** Open findings of the control (mandatory and advisory). */
    findings: number;
    /** Of those, findings the engine decides during the update. */
    deferred: number;
    /** Violations accepted by a waiver. */
    waived: number;
}

export interface CoverageRow {
    framework: Framework;
    /** As the regulation cites it, e.g. `Art. 32(1)(a)`, `3.5.1`, `A.8.24`. */
    provision: string;
    /** From PROVISIONS; undefined when a control cites a provision the table does not list yet. */
    title: string | undefined;
    /** Controls that cite the provision, in catalogue order. */
    controls: ControlCoverage[];
    /** The worst status among the controls that ran, `not-evaluated` when none did. */
    status: CoverageStatus;
}

const FRAMEWORK_ORDER: readonly Framework[] = ["gdpr", "pciDss", "iso27001"];

export function worstStatus(statuses: readonly CoverageStatus[]): CoverageStatus {
    return COVERAGE_STATUSES.find((status) => statuses.includes(status)) ?? "not-evaluated";
}

/** How one control fared in the report. */
export function controlCoverage(report: FindingsReport, control: CoveredControl): ControlCoverage {
    // Another pack's policy that shares a name with one of ours is not our control: it tested nothing here.
    if (report.pack.name !== PACK_NAME) {
        return { control: control.name, title: control.title, area: control.area, status: "not-evaluated", findings: 0, deferred: 0, waived: 0 };
    }
    const findings = report.findings.filter((finding) => finding.policy === control.name);
    const waived = report.waivers.filter((waiver) => waiver.policy === control.name).length;
    const ran = (report.policies ?? []).includes(control.name) || findings.length > 0 || waived > 0;
    let status: CoverageStatus;
    if (findings.some((finding) => finding.enforcementLevel === "mandatory")) status = "failed";
    else if (waived > 0) status = "waived";
    else if (findings.some((finding) => !finding.deferred)) status = "advisory";
    else if (findings.length > 0) status = "deferred";
    else if ((report.disabledPolicies ?? []).includes(control.name)) status = "disabled";
    else if (!ran) status = "not-evaluated";
    else status = (report.notApplicable ?? []).includes(control.name) ? "not-applicable" : "passed";
    return {
        control: control.name,
        title: control.title,
        area: control.area,
        status,
        findings: findings.length,
        deferred: findings.filter((finding) => finding.deferred).length,
        waived,
    };
}

/** Provisions in the order PROVISIONS lists them, then any the table does not know, as cited. */
function citedProvisions(framework: Framework, controls: readonly CoveredControl[]): string[] {
    const cited = new Set(controls.flatMap((control) => control.frameworks[framework]));
    const known = Object.keys(PROVISIONS[framework]).filter((provision) => cited.has(provision));
    const unknown = [...cited].filter((provision) => !(provision in PROVISIONS[framework]));
    return [...known, ...unknown];
}

/** One row per provision cited by the controls, grouped by framework (GDPR, PCI DSS, ISO 27001). */
export function coverageRows(report: FindingsReport, controls: readonly CoveredControl[] = catalogue): CoverageRow[] {
    const byControl = new Map(controls.map((control) => [control.name, controlCoverage(report, control)]));
    return FRAMEWORK_ORDER.flatMap((framework) =>
        citedProvisions(framework, controls).map((provision): CoverageRow => {
            const testing = controls
                .filter((control) => control.frameworks[framework].includes(provision))
                .map((control) => byControl.get(control.name)!);
            return {
                framework,
                provision,
                title: PROVISIONS[framework][provision],
                controls: testing,
                status: worstStatus(testing.map((coverage) => coverage.status)),
            };
        }),
    );
}
