/**
 * The terminal format: what was evaluated, findings grouped by resource (blocking ones first),
 * waivers, what was not evaluated, and one verdict line.
 *
 * Everything quoted comes from the program, the stack or the config, and may be hostile: a bucket
 * named `\u001b[2J…PASSED` must not clear the screen and forge the verdict. Every such value goes
 * through `visible()`, which shows control characters as escapes, and keeps to its own line.
 */
import { visible } from "../visible-text";
import { parseUrn, verdictOf, type Finding, type FindingsReport } from "../findings";

const LEVEL_MARK = { mandatory: "x", advisory: "!" } as const;

/** A multi-line message, each line made visible and indented; no line of it can start a new one unindented. */
function indent(text: string, prefix: string): string[] {
    return text.split("\n").map((line) => prefix + visible(line));
}

function levelOf(finding: Finding): string {
    if (finding.deferred) return "deferred (decided at the update)";
    return finding.remediatedByUpdate ? `${finding.enforcementLevel} (the next update would remediate it)` : finding.enforcementLevel;
}

function evaluatedLines(report: FindingsReport): string[] {
    const evaluated = report.evaluated ?? {};
    const what = [
        evaluated.project !== undefined ? `project ${visible(evaluated.project)}` : undefined,
        `stack ${visible(report.stack)}`,
        `mode ${report.mode}`,
        evaluated.outputs !== undefined ? `outputs ${evaluated.outputs}` : undefined,
    ].filter((part) => part !== undefined);
    const lines = [`${visible(report.pack.name)} ${visible(report.pack.version)}: ${what.join(", ")}`];
    const config = evaluated.policyConfig;
    lines.push(
        config
            ? `policy config ${visible(config.path)} (sha256 ${config.sha256})`
            : report.mode === "events"
              ? "policy config: not recorded in the event log"
              : "policy config: none (every policy at its default)",
    );
    return lines;
}

function findingLines(report: FindingsReport): string[] {
    const lines: string[] = [];
    const byResource = new Map<string, Finding[]>();
    for (const finding of report.findings) {
        const key = finding.urn || "(stack)";
        byResource.set(key, [...(byResource.get(key) ?? []), finding]);
    }
    for (const findings of byResource.values()) {
        const first = findings[0];
        const component = first.component ? parseUrn(first.component) : undefined;
        const within = component ? `  (in ${visible(component.type)} ${visible(component.name)})` : "";
        lines.push("", first.urn ? `${visible(first.resourceType)} ${visible(first.resourceName)}${within}` : "stack-wide");
        for (const finding of findings) {
            lines.push(`  ${LEVEL_MARK[finding.enforcementLevel]} ${levelOf(finding)} ${finding.severity} ${visible(finding.policy)}`);
            lines.push(...indent(finding.message, "      "));
        }
    }
    return lines;
}

function waiverLines(report: FindingsReport): string[] {
    const lines: string[] = [];
    if (report.waivers.length > 0) {
        lines.push("", `Waived (${report.waivers.length}): violations accepted by a waiver in the policy config`);
        for (const waiver of report.waivers) {
            const { type, name } = parseUrn(waiver.urn);
            lines.push(`  ~ ${visible(waiver.policy)} on ${visible(type)} ${visible(name)}`);
            const pattern = waiver.resource !== undefined ? ` (waiver for ${visible(waiver.resource)})` : "";
            lines.push(`      accepted by ${visible(waiver.owner)} until ${visible(waiver.expires)}${pattern}: ${visible(waiver.reason)}`);
        }
    }
    const unused = report.unusedWaivers ?? [];
    if (unused.length > 0) {
        lines.push("", `Waivers that did not take effect (${unused.length}):`);
        for (const waiver of unused) {
            lines.push(`  - ${visible(waiver.policy)} for ${visible(waiver.resource)} (${visible(waiver.owner)}, until ${visible(waiver.expires)}): ${waiver.status}`);
        }
    }
    return lines;
}

function coverageLines(report: FindingsReport): string[] {
    const lines: string[] = [];
    const disabled = report.disabledPolicies ?? [];
    if (disabled.length > 0) lines.push("", `Disabled by the policy config, not checked (${disabled.length}): ${disabled.map(visible).join(", ")}`);
    const notApplicable = report.notApplicable ?? [];
    if (notApplicable.length > 0) lines.push("", `Nothing to judge in this stack (${notApplicable.length}): ${notApplicable.map(visible).join(", ")}`);
    const warnings = report.warnings ?? [];
    if (warnings.length > 0) {
        lines.push("", "Not evaluated:");
        for (const warning of warnings) lines.push(...indent(`! ${warning.kind}: ${warning.message}`, "  "));
    }
    return lines;
}

export function renderText(report: FindingsReport): string {
    const { mandatory, advisory, waived, resources, policies } = report.summary;
    const deferred = report.summary.deferred ?? report.findings.filter((f) => f.deferred).length;
    const lines = [...evaluatedLines(report), ...findingLines(report), ...waiverLines(report), ...coverageLines(report)];
    const advisoryCount = deferred > 0 ? `${advisory} advisory (${deferred} decided at the update)` : `${advisory} advisory`;
    const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
    lines.push("", `${verdictOf(report)}: ${mandatory} mandatory, ${advisoryCount} finding(s), ${waived} waived; ${plural(resources, "resource", "resources")}, ${plural(policies, "policy", "policies")}.`);
    return lines.join("\n") + "\n";
}
