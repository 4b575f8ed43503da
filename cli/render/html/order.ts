/**
 * The order auditors read findings in: what blocks first, then what only advises, then what the
 * update will decide; within each, the most severe first. Resources follow their worst finding.
 */
import type { Finding } from "../../findings";
import { SEVERITIES } from "./vocabulary";

function severityRank(finding: Finding): number {
    const rank = SEVERITIES.indexOf(finding.severity);
    return rank < 0 ? SEVERITIES.length : rank;
}

/** Lower reads first. Deferred notes are not violations yet, whatever level the SDK gave them. */
export function findingRank(finding: Finding): number {
    const tier = finding.deferred ? 2 : finding.enforcementLevel === "mandatory" ? 0 : 1;
    return tier * 10 + severityRank(finding);
}

export function worstFirst(findings: readonly Finding[]): Finding[] {
    return [...findings].sort((a, b) => findingRank(a) - findingRank(b) || a.policy.localeCompare(b.policy));
}

export interface ResourceFindings {
    urn: string;
    findings: Finding[];
}

/** One group per resource (stack-wide findings have no URN), the resource with the worst finding first. */
export function byResource(findings: readonly Finding[]): ResourceFindings[] {
    const groups = new Map<string, Finding[]>();
    for (const finding of findings) groups.set(finding.urn, [...(groups.get(finding.urn) ?? []), finding]);
    return [...groups]
        .map(([urn, group]) => ({ urn, findings: worstFirst(group) }))
        .sort(
            (a, b) =>
                findingRank(a.findings[0]) - findingRank(b.findings[0]) ||
                b.findings.filter((f) => !f.deferred).length - a.findings.filter((f) => !f.deferred).length ||
                a.findings[0].resourceName.localeCompare(b.findings[0].resourceName) ||
                a.urn.localeCompare(b.urn),
        );
}
