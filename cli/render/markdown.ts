/**
 * Markdown for pull-request comments: the verdict first, counts by level and area, blocking
 * findings before the rest, checks decided at the update, waivers, what was not checked, the
 * regulations the findings touch, and what was evaluated.
 *
 * Every value from the program, the stack or the config goes through `code()` or `prose()`: a PR
 * comment must not render HTML, links or broken tables from a resource name.
 */
import { controlNamed } from "../../policies/catalogue";
import { FRAMEWORK_NAMES, provisionTitle, type Framework } from "../../policies/frameworks";
import { verdictOf, type Finding, type FindingsReport } from "../findings";
import { code, prose } from "./markdown-text";

function findingLine(f: Finding): string {
    const where = f.urn ? `${code(f.resourceType)} ${code(f.resourceName)}` : "the stack";
    const remediated = f.remediatedByUpdate ? " *(the next update would remediate it)*" : "";
    return `- **${code(f.policy)}** (${f.severity}) on ${where}${remediated}: ${prose(f.message)}`;
}

function areaOf(policy: string): string {
    return controlNamed(policy)?.area ?? "other";
}

function headingOf(report: FindingsReport): string {
    const verdict = verdictOf(report);
    if (verdict === "BLOCKED") return "❌ Blocked";
    if (verdict === "PASSED") return "✅ Passed";
    // "PASSED with 2 warnings" → "Passed with 2 warnings", "NOT CHECKED: …" → "Not checked: …".
    return `⚠️ ${verdict.replace(/^[A-Z ]+/, (words) => words.charAt(0) + words.slice(1).toLowerCase())}`;
}

function evaluatedLines(report: FindingsReport): string[] {
    const evaluated = report.evaluated ?? {};
    const rows: [string, string][] = [
        ["Project", evaluated.project !== undefined ? code(evaluated.project) : "—"],
        ["Stack", code(report.stack)],
        ["Mode", report.mode + (evaluated.outputs ? `, outputs ${evaluated.outputs}` : "")],
        ["Policy pack", `${code(report.pack.name)} ${code(report.pack.version)}`],
        ["Policy config", evaluated.policyConfig ? `${code(evaluated.policyConfig.path)} (sha256 ${code(evaluated.policyConfig.sha256)})` : report.mode === "events" ? "not recorded in the event log" : "none: every policy at its default"],
        ["Tool", `ccguard ${code(report.tool.version)}`],
    ];
    return ["", "<details><summary>What was evaluated</summary>", "", "| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`), "", "</details>"];
}

export function renderMarkdown(report: FindingsReport): string {
    const { mandatory, advisory, waived, resources, policies } = report.summary;
    const deferred = report.findings.filter((f) => f.deferred);
    const disabled = report.disabledPolicies ?? [];
    const warnings = report.warnings ?? [];
    const lines: string[] = [
        `## ${headingOf(report)}: ${code(report.pack.name)} ${code(report.pack.version)} on stack ${code(report.stack)} (${report.mode})`,
        "",
        "| Mandatory | Advisory | Decided at update | Waived | Disabled | Resources | Policies |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        `| ${mandatory} | ${advisory - deferred.length} | ${deferred.length} | ${waived} | ${disabled.length} | ${resources} | ${policies} |`,
    ];

    const areas = [...new Set(report.findings.map((f) => areaOf(f.policy)))].sort();
    if (areas.length > 0) {
        // The same columns as the summary above, so that each column adds up to it.
        lines.push("", "| Area | Mandatory | Advisory | Decided at update |", "|---|---:|---:|---:|");
        for (const area of areas) {
            const inArea = report.findings.filter((f) => areaOf(f.policy) === area);
            const advisoryNotes = inArea.filter((f) => f.enforcementLevel === "advisory" && !f.deferred).length;
            lines.push(`| ${area} | ${inArea.filter((f) => f.enforcementLevel === "mandatory").length} | ${advisoryNotes} | ${inArea.filter((f) => f.deferred).length} |`);
        }
    }
    if (warnings.length > 0) {
        lines.push("", "> [!WARNING]", "> Not everything could be evaluated, so this is not a clean pass:", ...warnings.map((w) => `> - ${prose(w.kind)}: ${prose(w.message)}`));
    }
    if (disabled.length > 0) {
        lines.push("", "> [!CAUTION]", `> ${disabled.length} of ${policies} policies were disabled by the policy config and not checked: ${disabled.map(code).join(", ")}`);
    }
    const blocking = report.findings.filter((f) => f.enforcementLevel === "mandatory");
    const notes = report.findings.filter((f) => f.enforcementLevel === "advisory" && !f.deferred);
    if (blocking.length > 0) lines.push("", "### Blocking findings", "", ...blocking.map(findingLine));
    if (notes.length > 0) lines.push("", "<details><summary>Advisory findings</summary>", "", ...notes.map(findingLine), "", "</details>");
    if (deferred.length > 0) {
        lines.push(
            "",
            "<details><summary>Decided at the update: a value these checks need is unknown at preview</summary>",
            "",
            ...deferred.map(findingLine),
            "",
            "</details>",
        );
    }
    if (report.waivers.length > 0) {
        lines.push("", "### Waivers", "", "| Policy | Resource | Waiver | Owner | Expires | Reason |", "|---|---|---|---|---|---|");
        for (const w of report.waivers) {
            lines.push(`| ${code(w.policy)} | ${code(w.urn)} | ${w.resource !== undefined ? code(w.resource) : "–"} | ${prose(w.owner)} | ${code(w.expires)} | ${prose(w.reason)} |`);
        }
    }
    const unused = report.unusedWaivers ?? [];
    if (unused.length > 0) {
        lines.push("", "Waivers that did not take effect:", "");
        for (const w of unused) lines.push(`- ${code(w.policy)} for ${code(w.resource)} (owner ${w.owner ? prose(w.owner) : "none"}): ${w.status}`);
    }
    const notApplicable = report.notApplicable ?? [];
    if (notApplicable.length > 0) lines.push("", `Nothing to judge in this stack (not applicable): ${notApplicable.map(code).join(", ")}`);

    const touched = (Object.keys(FRAMEWORK_NAMES) as Framework[])
        .map((framework) => {
            const refs = [...new Set(report.findings.flatMap((f) => f.frameworks[framework]))].sort();
            const described = refs.map((ref) => {
                const title = provisionTitle(framework, ref);
                return title ? `${ref} (${title})` : prose(ref);
            });
            // The catalogue's own words, not the program's: a finding's frameworks come from it.
            return refs.length > 0 ? `- ${FRAMEWORK_NAMES[framework]}: ${described.join("; ")}` : "";
        })
        .filter(Boolean);
    if (touched.length > 0) lines.push("", "### Regulations touched", "", ...touched);
    lines.push(...evaluatedLines(report));
    return lines.join("\n") + "\n";
}
