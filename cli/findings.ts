/**
 * The JSON findings contract (DESIGN.md): what a pack said about a stack, joined with our catalogue
 * so every finding carries the regulations behind it. Fields may be added, never renamed.
 */
import { controlNamed } from "../policies/catalogue";
import { PACK_NAME } from "../policies/pack";
import type { Diagnostic, PackInfo, StackSnapshot } from "./analyzer/types";

export type Mode = "preview" | "audit" | "events";

export interface FrameworkRefs {
    gdpr: string[];
    pciDss: string[];
    iso27001: string[];
}

export interface Finding {
    policy: string;
    enforcementLevel: "mandatory" | "advisory";
    severity: "low" | "medium" | "high" | "critical";
    urn: string;
    resourceType: string;
    resourceName: string;
    message: string;
    frameworks: FrameworkRefs;
    /** The check needs a value that is unknown during preview; the engine decides it during the update. */
    deferred: boolean;
}

export interface Waiver {
    policy: string;
    urn: string;
    reason: string;
    owner: string;
    expires: string;
}

export interface FindingsReport {
    tool: { name: "ccguard"; version: string };
    pack: { name: string; version: string };
    mode: Mode;
    stack: string;
    findings: Finding[];
    waivers: Waiver[];
    summary: { resources: number; policies: number; mandatory: number; advisory: number; waived: number };
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (!urn.startsWith("urn:pulumi:") || parts.length < 4) return { type: "", name: "" };
    return { type: parts[2].split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

const deferredPrefix = /^can't run policy '[^']*' from policy pack '[^']*' during preview: /;

function findingOf(diagnostic: Diagnostic, packName: string, snapshot: StackSnapshot | undefined): Finding {
    const control = packName === PACK_NAME ? controlNamed(diagnostic.policyName) : undefined;
    // The SDK prefixes each violation with the policy's description; reports show it once per policy.
    let message = diagnostic.message;
    if (diagnostic.description && message.startsWith(`${diagnostic.description}\n`)) {
        message = message.slice(diagnostic.description.length + 1);
    }
    const deferred = deferredPrefix.test(message);
    const resource = snapshot?.resources.find((r) => r.urn === diagnostic.urn);
    const parsed = parseUrn(diagnostic.urn);
    const severity = (diagnostic.severity || control?.severity || "medium") as Finding["severity"];
    return {
        policy: diagnostic.policyName,
        enforcementLevel: diagnostic.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
        severity,
        urn: diagnostic.urn,
        resourceType: resource?.type ?? parsed.type,
        resourceName: resource?.name ?? parsed.name,
        message,
        frameworks: {
            gdpr: [...(control?.frameworks.gdpr ?? [])],
            pciDss: [...(control?.frameworks.pciDss ?? [])],
            iso27001: [...(control?.frameworks.iso27001 ?? [])],
        },
        deferred,
    };
}

const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function buildReport(args: {
    toolVersion: string;
    pack: PackInfo;
    mode: Mode;
    snapshot: StackSnapshot;
    diagnostics: Diagnostic[];
}): FindingsReport {
    const findings = args.diagnostics
        .map((d) => findingOf(d, args.pack.name, args.snapshot))
        .sort(
            (a, b) =>
                Number(a.enforcementLevel !== "mandatory") - Number(b.enforcementLevel !== "mandatory") ||
                severityRank[a.severity] - severityRank[b.severity] ||
                a.urn.localeCompare(b.urn) ||
                a.policy.localeCompare(b.policy),
        );
    const resources = args.snapshot.resources.filter((r) => !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:Stack");
    return {
        tool: { name: "ccguard", version: args.toolVersion },
        pack: { name: args.pack.name, version: args.pack.version },
        mode: args.mode,
        stack: args.snapshot.stack,
        findings,
        waivers: [],
        summary: {
            resources: resources.length,
            policies: args.pack.policies.length,
            mandatory: findings.filter((f) => f.enforcementLevel === "mandatory").length,
            advisory: findings.filter((f) => f.enforcementLevel === "advisory").length,
            waived: 0,
        },
    };
}

export function isBlocked(report: FindingsReport): boolean {
    return report.summary.mandatory > 0;
}
