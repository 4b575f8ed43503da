/**
 * The terminal format: findings grouped by resource, blocking ones first, and one summary line.
 */
import { visible } from "../visible-text";
import { parseUrn, verdictOf, type Finding, type FindingsReport } from "../findings";

const LEVEL_MARK = { mandatory: "x", advisory: "!" } as const;

function indent(text: string, prefix: string): string {
    return text
        .split("\n")
        .map((line) => prefix + line)
        .join("\n");
}

export function renderText(report: FindingsReport): string {
    const lines: string[] = [];
    lines.push(`${report.pack.name} ${report.pack.version} on stack ${report.stack} (${report.mode})`);
    const byResource = new Map<string, Finding[]>();
    for (const finding of report.findings) {
        const key = finding.urn || "(stack)";
        byResource.set(key, [...(byResource.get(key) ?? []), finding]);
    }
    for (const findings of byResource.values()) {
        const first = findings[0];
        lines.push("");
        const within = first.component ? `  (in ${parseUrn(first.component).type} ${parseUrn(first.component).name})` : "";
        lines.push(first.urn ? `${first.resourceType} ${first.resourceName}${within}` : "stack-wide");
        for (const finding of findings) {
            const level = finding.deferred ? "deferred" : finding.enforcementLevel;
            lines.push(`  ${LEVEL_MARK[finding.enforcementLevel]} ${level} ${finding.severity} ${finding.policy}`);
            lines.push(indent(finding.message, "      "));
        }
    }
    const warnings = report.warnings ?? [];
    if (warnings.length > 0) {
        lines.push("", "Not evaluated:");
        // Names in warnings come from the program: control characters are shown, never sent to the terminal.
        for (const warning of warnings) lines.push(indent(`! ${visible(warning.kind)}: ${visible(warning.message)}`, "  "));
    }
    const { mandatory, advisory, resources, policies } = report.summary;
    lines.push("");
    lines.push(`${verdictOf(report)}: ${mandatory} mandatory, ${advisory} advisory finding(s); ${resources} resources, ${policies} policies.`);
    return lines.join("\n") + "\n";
}
