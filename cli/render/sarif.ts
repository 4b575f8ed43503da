/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per policy (description,
 * help with remediation, severity, the regulations as properties and tags), one result per finding
 * with the resource URN as logical location and a fingerprint that stays the same across runs, and
 * honoured waivers as accepted suppressions.
 */
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { controlNamed } from "../../policies/catalogue";
import type { Finding, FindingsReport, Waiver } from "../findings";

const SECURITY_SEVERITY = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" } as const;
const INFORMATION_URI = "https://www.npmjs.com/package/contact-centre-guard";

function ruleFor(policy: string): ReportingDescriptor {
    const control = controlNamed(policy);
    if (!control) return { id: policy, name: policy, shortDescription: { text: policy } };
    const { gdpr, pciDss, iso27001 } = control.frameworks;
    const remediation = control.remediation.map((step, i) => `${i + 1}. ${step}`).join("\n");
    return {
        id: control.name,
        name: control.name,
        shortDescription: { text: control.title },
        fullDescription: { text: control.description },
        help: { text: `${control.description}\n\nRemediation:\n${remediation}`, markdown: `${control.description}\n\n**Remediation**\n\n${remediation}` },
        helpUri: `${INFORMATION_URI}#${control.name}`,
        defaultConfiguration: { level: control.enforcementLevel === "mandatory" ? "error" : "warning" },
        properties: {
            tags: ["security", "compliance", `area:${control.area}`, ...gdpr.map((r) => `GDPR ${r}`), ...pciDss.map((r) => `PCI DSS ${r}`), ...iso27001.map((r) => `ISO 27001 ${r}`)],
            "security-severity": SECURITY_SEVERITY[control.severity],
            precision: "high",
            gdpr: [...gdpr],
            pciDss: [...pciDss],
            iso27001: [...iso27001],
        },
    };
}

/**
 * Stable across runs: the policy, the resource, and the message with its variable parts (numbers,
 * quoted values) removed, so the same problem keeps its identity when a value changes.
 */
export function fingerprintOf(policy: string, urn: string, message: string): string {
    const shape = message.replace(/"[^"]*"/g, '""').replace(/\d+/g, "0");
    return createHash("sha256").update(`${policy}\n${urn}\n${shape}`).digest("hex");
}

/**
 * A code-scanning view lists results without their logical location, so the message names the
 * resource, unless it already quotes it (the pack's messages do), which would say it twice.
 */
function messageOf(finding: Finding): string {
    if (finding.message.includes(`'${finding.resourceName}'`)) return finding.message;
    return `${finding.resourceType} '${finding.resourceName}': ${finding.message}`;
}

function resultOf(finding: Finding, ruleIndex: number, projectFile: string, waiver?: Waiver): Result {
    const level: Result.level = finding.enforcementLevel === "mandatory" ? "error" : finding.deferred ? "note" : "warning";
    return {
        ruleId: finding.policy,
        ruleIndex,
        level,
        message: { text: messageOf(finding) },
        locations: [
            {
                // Resources have no source line; the project file anchors them for viewers that need a file.
                physicalLocation: { artifactLocation: { uri: projectFile, uriBaseId: "%SRCROOT%" } },
                logicalLocations: [{ name: finding.resourceName, fullyQualifiedName: finding.urn || "(stack)", kind: "resource" }],
            },
        ],
        fingerprints: { "ccguard/v1": fingerprintOf(finding.policy, finding.urn, finding.message) },
        ...(waiver
            ? { suppressions: [{ kind: "external", status: "accepted", justification: `${waiver.reason} (owner ${waiver.owner}, until ${waiver.expires}${waiver.resource !== undefined ? `, waiver for ${waiver.resource}` : ""})` }] }
            : {}),
        properties: {
            severity: finding.severity,
            enforcementLevel: finding.enforcementLevel,
            deferred: finding.deferred,
            ...(finding.remediatedByUpdate ? { remediatedByUpdate: true } : {}),
            frameworks: finding.frameworks,
        },
    };
}

export function renderSarif(report: FindingsReport, projectFile = "Pulumi.yaml"): string {
    const waivedFindings: { finding: Finding; waiver: Waiver }[] = report.waivers.map((waiver) => {
        const control = controlNamed(waiver.policy);
        const finding: Finding = {
            policy: waiver.policy,
            enforcementLevel: "advisory",
            severity: control?.severity ?? "medium",
            urn: waiver.urn,
            resourceType: waiver.urn.split("::")[2]?.split("$").pop() ?? "",
            resourceName: waiver.urn.split("::").slice(3).join("::"),
            message: `waived: ${waiver.reason}`,
            frameworks: { gdpr: [...(control?.frameworks.gdpr ?? [])], pciDss: [...(control?.frameworks.pciDss ?? [])], iso27001: [...(control?.frameworks.iso27001 ?? [])] },
            deferred: false,
        };
        return { finding, waiver };
    });
    const policies = [...new Set([...(report.policies ?? []), ...report.findings.map((f) => f.policy), ...report.waivers.map((w) => w.policy)])];
    const rules = policies.map(ruleFor);
    const indexOf = (policy: string) => policies.indexOf(policy);
    const log: Log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "ccguard",
                        version: report.tool.version,
                        semanticVersion: report.tool.version,
                        informationUri: INFORMATION_URI,
                        rules,
                        properties: { policyPack: report.pack },
                    },
                },
                automationDetails: { id: `ccguard/${report.stack}/${report.mode}/` },
                // What could not be evaluated is a notification about the run, not a result about the code.
                invocations: [
                    {
                        executionSuccessful: true,
                        // A policy the config turned off is a rule disabled for this run, not a rule that passed.
                        ruleConfigurationOverrides: (report.disabledPolicies ?? [])
                            .filter((policy) => indexOf(policy) >= 0)
                            .map((policy) => ({ descriptor: { id: policy, index: indexOf(policy) }, configuration: { enabled: false } })),
                        toolExecutionNotifications: (report.warnings ?? []).map((warning) => ({
                            level: "warning" as const,
                            message: { text: warning.message },
                            descriptor: { id: warning.kind },
                        })),
                    },
                ],
                results: [
                    ...report.findings.map((finding) => resultOf(finding, indexOf(finding.policy), projectFile)),
                    ...waivedFindings.map(({ finding, waiver }) => resultOf(finding, indexOf(finding.policy), projectFile, waiver)),
                ],
                properties: {
                    stack: report.stack,
                    mode: report.mode,
                    summary: report.summary,
                    ...(report.evaluated ? { evaluated: report.evaluated } : {}),
                    disabledPolicies: report.disabledPolicies ?? [],
                    notApplicable: report.notApplicable ?? [],
                },
            },
        ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}
