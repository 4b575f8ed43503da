/**
 * Markdown for pull-request comments: the verdict first, counts by level and area, blocking
 * findings before the rest, honoured waivers, and the regulations the findings touch.
 */
import { controlNamed } from "../../policies/catalogue";
import { FRAMEWORK_NAMES, provisionTitle, type Framework } from "../../policies/frameworks";
import { verdictOf, type Finding, type FindingsReport } from "../findings";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function findingLine(f: Finding): string {
    const where = f.urn ? `\`${f.resourceType}\` **${cell(f.resourceName)}**` : "the stack";
    return `- **${f.policy}** (${f.severity}) on ${where}: ${cell(f.message)}`;
}

function areaOf(policy: string): string {
    return controlNamed(policy)?.area ?? "other";
}

export function renderMarkdown(report: FindingsReport): string {
    const { mandatory, advisory, waived, resources, policies } = report.summary;
    const blocked = mandatory > 0;
    const warnings = report.warnings ?? [];
    const heading = blocked ? "❌ Blocked" : warnings.length > 0 ? `⚠️ ${verdictOf(report).replace("PASSED", "Passed")}` : "✅ Passed";
    const lines: string[] = [
        `## ${heading}: ${report.pack.name} ${report.pack.version} on stack \`${report.stack}\` (${report.mode})`,
        "",
        "| Mandatory | Advisory | Waived | Resources | Policies |",
        "|---:|---:|---:|---:|---:|",
        `| ${mandatory} | ${advisory} | ${waived} | ${resources} | ${policies} |`,
    ];

    const areas = [...new Set(report.findings.map((f) => areaOf(f.policy)))].sort();
    if (areas.length > 0) {
        lines.push("", "| Area | Mandatory | Advisory |", "|---|---:|---:|");
        for (const area of areas) {
            const inArea = report.findings.filter((f) => areaOf(f.policy) === area);
            lines.push(`| ${area} | ${inArea.filter((f) => f.enforcementLevel === "mandatory").length} | ${inArea.filter((f) => f.enforcementLevel === "advisory").length} |`);
        }
    }
    if (warnings.length > 0) {
        lines.push("", "> [!WARNING]", "> Not everything could be evaluated, so this is not a clean pass:", ...warnings.map((w) => `> - ${w.kind}: ${cell(w.message)}`));
    }
    const blocking = report.findings.filter((f) => f.enforcementLevel === "mandatory");
    const notes = report.findings.filter((f) => f.enforcementLevel === "advisory");
    if (blocking.length > 0) lines.push("", "### Blocking findings", "", ...blocking.map(findingLine));
    if (notes.length > 0) {
        lines.push("", "<details><summary>Advisory findings and checks deferred to the update</summary>", "", ...notes.map(findingLine), "", "</details>");
    }
    if (report.waivers.length > 0) {
        lines.push("", "### Waivers", "", "| Policy | Resource | Owner | Expires | Reason |", "|---|---|---|---|---|");
        for (const w of report.waivers) lines.push(`| ${w.policy} | \`${cell(w.urn)}\` | ${cell(w.owner)} | ${w.expires} | ${cell(w.reason)} |`);
    }
    for (const w of report.unusedWaivers ?? []) {
        if (w === report.unusedWaivers?.[0]) lines.push("", "Waivers that did not take effect:", "");
        lines.push(`- ${w.policy} for \`${cell(w.resource)}\` (owner ${cell(w.owner) || "none"}): ${w.status}`);
    }

    const touched = (Object.keys(FRAMEWORK_NAMES) as Framework[])
        .map((framework) => {
            const refs = [...new Set(report.findings.flatMap((f) => f.frameworks[framework]))].sort();
            const described = refs.map((ref) => {
                const title = provisionTitle(framework, ref);
                return title ? `${ref} (${title})` : ref;
            });
            return refs.length > 0 ? `- ${FRAMEWORK_NAMES[framework]}: ${described.join("; ")}` : "";
        })
        .filter(Boolean);
    if (touched.length > 0) lines.push("", "### Regulations touched", "", ...touched);
    return lines.join("\n") + "\n";
}
