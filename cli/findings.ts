/**
 * The JSON findings contract (DESIGN.md): what a pack said about a stack, joined with our catalogue
 * so every finding carries the regulations behind it. Fields may be added, never renamed.
 */
import { controlNamed } from "../policies/catalogue";
import type { ReaderRow } from "../policies/access/recording-readers-matrix";
import { PACK_NAME } from "../policies/pack-identity";
import { statusOf, WAIVED_MARKER, waiverMatches, waiversOf } from "../policies/waivers";
import type { Diagnostic, PackInfo, PlainResource, PolicyConfig, StackSnapshot } from "./analyzer/types";
import type { ComponentRefusal } from "./engine/program-protocol";
import { hasNothingToJudge } from "../policies/applicability";
import { SecretMask, secretsIn } from "../policies/lib/secret-masking";

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
    /** URN of the outermost component resource the resource belongs to, when it was built by one. */
    component?: string;
    /**
     * Audit only: the policy is set to `remediate`, so the next update would fix this violation of the
     * deployed state. The deployed state still breaks the rule, so the finding counts as a violation.
     */
    remediatedByUpdate?: boolean;
    /**
     * Preview only: the finding is an argument one of our components refused while the program ran
     * (components/refusals.ts). The component was built with the value as given, and the refusal blocks.
     */
    refusal?: FindingRefusal;
}

/** A component's refused argument: what was given, and what the component accepts. */
export interface FindingRefusal {
    /** How the component names itself: `RecordingStore 'calls'`. */
    component: string;
    argument: string;
    /** The value as given (JSON: resources by their kind, unset as null). */
    value: unknown;
    allowed: string;
    /** The team setting behind the bound, when one sets it (`maxContactDataRetentionDays`). */
    setting?: string;
}

/** The policy of a refusal no control of the catalogue owns (a name S3 refuses, an empty list). */
export const COMPONENT_LIMITS_POLICY = "component-limits";

export interface Waiver {
    policy: string;
    /** The resource the waiver was applied to. */
    urn: string;
    /** The waiver's `resource` as declared (URN or name pattern) that matched it. */
    resource?: string;
    reason: string;
    owner: string;
    expires: string;
}

/** Something the evaluation could not see (a multi-language component's children, a stack reference's outputs, an unanswered look-up). */
export interface ReportWarning {
    kind: string;
    message: string;
    urn?: string;
}

/** A waiver from the policy config that did not take effect: expired, incomplete, or matching no violation. */
export interface UnusedWaiver {
    policy: string;
    resource: string;
    owner: string;
    expires: string;
    status: "expired" | "incomplete" | "unmatched";
}

/** A resource the pack evaluated (providers and the stack resource excluded). */
export interface EvaluatedResource {
    urn: string;
    type: string;
    name: string;
    component?: string;
}

/** What a report judged: enough for an auditor to reproduce it. */
export interface EvaluatedContext {
    /** The Pulumi project's name (preview), or as read from the stack's URNs (audit, events). */
    project?: string;
    /** Preview only: `unknown` as a first `pulumi preview`, `resolved` as `pulumi up`. */
    outputs?: "unknown" | "resolved";
    /** The policy config file given, as named on the command line, and the SHA-256 of its bytes. */
    policyConfig?: { path: string; sha256: string };
}

export interface FindingsReport {
    tool: { name: "ccguard"; version: string };
    pack: { name: string; version: string };
    mode: Mode;
    stack: string;
    /** When the report was made (ISO 8601). */
    generatedAt?: string;
    /** Every policy of the pack, so reports can show what passed as well as what failed. */
    policies?: string[];
    /** Every resource evaluated, for per-resource pass/fail listings (JUnit) and counts. */
    resources?: EvaluatedResource[];
    findings: Finding[];
    waivers: Waiver[];
    /** What was not evaluated, or only on an assumption: a report with warnings is never a clean pass. */
    warnings?: ReportWarning[];
    /** Present when the policy config was given: waivers that were not honoured or matched nothing. */
    unusedWaivers?: UnusedWaiver[];
    /** Who can read recordings (contact-centre-guard only): for each contact data bucket, each principal able to get objects or decrypt. */
    readers?: ReaderRow[];
    /** What was evaluated: project, outputs mode, policy config file and digest. */
    evaluated?: EvaluatedContext;
    /** Policies the policy config set to `disabled`: they did not run, so nothing about them passed. */
    disabledPolicies?: string[];
    /** Policies of the pack that had nothing to judge in this stack (no resource of a type they judge). */
    notApplicable?: string[];
    summary: ReportSummary;
}

export interface ReportSummary {
    resources: number;
    policies: number;
    /** Open mandatory findings: any one blocks. */
    mandatory: number;
    /** Open advisory findings, deferred notes included. */
    advisory: number;
    waived: number;
    /** Of the advisory findings, the notes decided during the update (a value unknown at preview). */
    deferred?: number;
    /** Policies disabled by the policy config. */
    disabled?: number;
}

/** Every count of the summary, recomputed from the report's own lists (never trusted from input). */
export function summaryOf(report: Pick<FindingsReport, "findings" | "waivers" | "policies" | "resources" | "disabledPolicies"> & { summary?: Partial<ReportSummary> }): ReportSummary {
    const findings = report.findings;
    return {
        resources: report.resources?.length ?? report.summary?.resources ?? 0,
        policies: report.policies?.length ?? report.summary?.policies ?? 0,
        mandatory: findings.filter((f) => f.enforcementLevel === "mandatory").length,
        advisory: findings.filter((f) => f.enforcementLevel === "advisory").length,
        waived: report.waivers.length,
        deferred: findings.filter((f) => f.deferred === true).length,
        disabled: report.disabledPolicies?.length ?? 0,
    };
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    if (!urn.startsWith("urn:pulumi:") || parts.length < 4) return { type: "", name: "" };
    return { type: parts[2].split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

/** The SDK's words for a policy that needs a value unknown at preview (also written by our adapter). */
export const DEFERRED_PREFIX = /^can't run policy '[^']*' from policy pack '[^']*' during preview: /;

/** The outermost component (not the stack) above a resource, following parents. */
function outermostComponent(urn: string, byUrn: ReadonlyMap<string, PlainResource>): string | undefined {
    let component: string | undefined;
    const seen = new Set<string>();
    for (let current = byUrn.get(urn)?.parent; current && !seen.has(current); current = byUrn.get(current)?.parent) {
        seen.add(current);
        const resource = byUrn.get(current);
        if (resource && !resource.custom && resource.type !== "pulumi:pulumi:Stack") component = current;
    }
    return component;
}

function findingOf(diagnostic: Diagnostic, packName: string, byUrn: ReadonlyMap<string, PlainResource>): Finding {
    const control = packName === PACK_NAME ? controlNamed(diagnostic.policyName) : undefined;
    // The SDK prefixes each violation with the policy's description; reports show it once per policy.
    let message = diagnostic.message;
    if (diagnostic.description && message.startsWith(`${diagnostic.description}\n`)) {
        message = message.slice(diagnostic.description.length + 1);
    }
    const deferred = DEFERRED_PREFIX.test(message);
    const resource = byUrn.get(diagnostic.urn);
    const component = outermostComponent(diagnostic.urn, byUrn);
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
        ...(component ? { component } : {}),
    };
}

/**
 * A component's refusal as a finding: mandatory, under the control that would block the resource
 * built from the refused value (so it maps to the same regulations), else (no such control, or the
 * policy config disabled it) under `component-limits`, with no framework references. It
 * names the component resource: the registration of that type and name (collect mode registers the
 * component after recording its refusals), or the URN the engine would give it at the stack's root.
 */
function refusalFinding(
    refusal: ComponentRefusal,
    snapshot: StackSnapshot,
    byUrn: ReadonlyMap<string, PlainResource>,
    secrets: SecretMask,
    disabled: ReadonlySet<string>,
): Finding {
    // A control the policy config disabled did not run; the component refused all the same.
    const control = refusal.policy !== undefined && !disabled.has(refusal.policy) ? controlNamed(refusal.policy) : undefined;
    const registered = snapshot.resources.find((r) => !r.custom && r.type === refusal.type && r.name === refusal.name);
    const urn = registered?.urn ?? `urn:pulumi:${snapshot.stack}::${snapshot.project}::${refusal.type}::${refusal.name}`;
    const outermost = outermostComponent(urn, byUrn);
    return {
        policy: control?.name ?? COMPONENT_LIMITS_POLICY,
        enforcementLevel: "mandatory",
        severity: control?.severity ?? "high",
        urn,
        resourceType: refusal.type,
        resourceName: refusal.name,
        message: secrets.mask(`${refusal.component}: ${refusal.message}`),
        frameworks: {
            gdpr: [...(control?.frameworks.gdpr ?? [])],
            pciDss: [...(control?.frameworks.pciDss ?? [])],
            iso27001: [...(control?.frameworks.iso27001 ?? [])],
        },
        deferred: false,
        ...(outermost ? { component: outermost } : {}),
        refusal: secrets.maskDeep({
            component: refusal.component,
            argument: refusal.argument,
            value: refusal.value,
            allowed: refusal.allowed,
            ...(refusal.setting !== undefined ? { setting: refusal.setting } : {}),
        }),
    };
}

const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Every secret the stack holds (`pulumi.secret`, secret config, additionalSecretOutputs), for masking. */
function secretMaskOf(resources: readonly PlainResource[]): SecretMask {
    const secrets = new Set<string>();
    for (const resource of resources) {
        const names = resource.options?.additionalSecretOutputs ?? [];
        secretsIn(resource.props, names, secrets);
        if (resource.outputs) secretsIn(resource.outputs, names, secrets);
    }
    return new SecretMask(secrets);
}

const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;
// `for "<pattern>"` since 0.2; reports saved before have no pattern.
const waivedMessage = new RegExp(String.raw`^${WAIVED_MARKER} accepted by (${jsonString}) until (\d{4}-\d{2}-\d{2})(?: for (${jsonString}))?, reason (${jsonString})\. `);

/** A waived violation, as the pack reports it (policies/waivers.ts), back into a waiver entry. */
function waiverOf(finding: Finding): Waiver | undefined {
    const match = waivedMessage.exec(finding.message);
    if (!match) return undefined;
    return {
        policy: finding.policy,
        urn: finding.urn,
        ...(match[3] !== undefined ? { resource: JSON.parse(match[3]) as string } : {}),
        owner: JSON.parse(match[1]),
        expires: match[2],
        reason: JSON.parse(match[4]),
    };
}

function unusedWaivers(policyConfig: unknown, waived: Waiver[], findings: Finding[]): UnusedWaiver[] {
    if (policyConfig === null || typeof policyConfig !== "object") return [];
    const unused: UnusedWaiver[] = [];
    for (const [policy, entry] of Object.entries(policyConfig as Record<string, unknown>)) {
        const declared = entry !== null && typeof entry === "object" ? waiversOf((entry as Record<string, unknown>)["waivers"]) : [];
        for (const waiver of declared) {
            const status = statusOf(waiver);
            const base = { policy, resource: waiver.resource, owner: waiver.owner, expires: waiver.expires };
            if (status.kind !== "honoured") unused.push({ ...base, status: status.kind });
            else if (!waived.some((w) => w.policy === policy && waiverMatches(waiver, w.urn)) && !findings.some((f) => f.policy === policy && waiverMatches(waiver, f.urn))) {
                unused.push({ ...base, status: "unmatched" });
            }
        }
    }
    return unused;
}

export function buildReport(args: {
    toolVersion: string;
    pack: PackInfo;
    mode: Mode;
    snapshot: StackSnapshot;
    diagnostics: Diagnostic[];
    /** The parsed policy config file, to report waivers that did not take effect. */
    policyConfig?: unknown;
    /** The config the pack was configured with (after the engine's reconciliation). */
    config?: PolicyConfig;
    /** What was evaluated, beyond mode and stack. */
    evaluated?: EvaluatedContext;
    /** Who can read recordings (our pack only), to be masked like every other field. */
    readers?: ReaderRow[];
}): FindingsReport {
    const byUrn = new Map(args.snapshot.resources.map((r) => [r.urn, r]));
    const secrets = secretMaskOf(args.snapshot.resources);
    const levels = args.config ?? {};
    const remediatedByUpdate = (policy: string) => args.mode === "audit" && levels[policy]?.enforcementLevel === "remediate";
    const all = args.diagnostics.map((d) => {
        const finding = findingOf({ ...d, message: secrets.mask(d.message) }, args.pack.name, byUrn);
        return remediatedByUpdate(finding.policy) ? { ...finding, remediatedByUpdate: true } : finding;
    });
    const waivers = all.map(waiverOf).filter((w): w is Waiver => w !== undefined);
    const disabledByConfig = new Set(Object.keys(levels).filter((name) => levels[name]?.enforcementLevel === "disabled"));
    const refused = (args.snapshot.refusals ?? []).map((refusal) => refusalFinding(refusal, args.snapshot, byUrn, secrets, disabledByConfig));
    const findings = [...all.filter((f) => waiverOf(f) === undefined), ...refused]
        .sort(
            (a, b) =>
                Number(a.enforcementLevel !== "mandatory") - Number(b.enforcementLevel !== "mandatory") ||
                Number(a.deferred) - Number(b.deferred) ||
                severityRank[a.severity] - severityRank[b.severity] ||
                a.urn.localeCompare(b.urn) ||
                a.policy.localeCompare(b.policy),
        );
    // Cloud resources only: providers, the stack and components are registered but hold no data.
    const resources = args.snapshot.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    const policies = args.pack.policies.map((p) => p.name);
    const disabledPolicies = policies.filter((name) => levels[name]?.enforcementLevel === "disabled");
    const readers = args.readers && args.readers.length > 0 ? secrets.maskDeep(args.readers) : undefined;
    const judged = new Set([...findings, ...waivers].map((entry) => entry.policy));
    const report: FindingsReport = {
        tool: { name: "ccguard", version: args.toolVersion },
        pack: { name: args.pack.name, version: args.pack.version },
        mode: args.mode,
        stack: args.snapshot.stack,
        generatedAt: new Date().toISOString(),
        evaluated: { project: args.snapshot.project, ...args.evaluated },
        policies,
        resources: resources.map((r) => {
            const component = outermostComponent(r.urn, byUrn);
            return { urn: r.urn, type: r.type, name: r.name, ...(component ? { component } : {}) };
        }),
        findings,
        waivers,
        warnings: (args.snapshot.warnings ?? []).map((w) => ({ ...w, message: secrets.mask(w.message) })),
        ...(args.policyConfig !== undefined ? { unusedWaivers: unusedWaivers(args.policyConfig, waivers, findings) } : {}),
        ...(readers ? { readers } : {}),
        disabledPolicies,
        // A control with a finding had something to judge, even where its types are absent: a component
        // refuses an argument under the control's name before any resource of those types exists.
        notApplicable: args.pack.name === PACK_NAME ? notApplicableControls(policies, disabledPolicies, resources).filter((name) => !judged.has(name)) : [],
        summary: { resources: 0, policies: 0, mandatory: 0, advisory: 0, waived: 0 },
    };
    return { ...report, summary: summaryOf(report) };
}

/** Our controls that ran but found no resource of a type they judge. */
export function notApplicableControls(policies: readonly string[], disabled: readonly string[], resources: readonly { type: string }[]): string[] {
    const types = new Set(resources.map((r) => r.type));
    return policies.filter((name) => {
        const control = controlNamed(name);
        return control !== undefined && !disabled.includes(name) && hasNothingToJudge(control, types);
    });
}

export function isBlocked(report: FindingsReport): boolean {
    return report.summary.mandatory > 0;
}

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/**
 * The verdict line's words: a report that could not see everything, or whose policies were turned
 * off, never reads as a clean pass.
 */
export function verdictOf(report: FindingsReport): string {
    if (isBlocked(report)) return "BLOCKED";
    const disabled = report.disabledPolicies?.length ?? 0;
    const policies = report.policies?.length ?? report.summary.policies;
    if (policies > 0 && disabled >= policies) return `NOT CHECKED: ${policies === 1 ? "the only policy is" : `all ${policies} policies are`} disabled`;
    const qualifiers: string[] = [];
    const warnings = report.warnings?.length ?? 0;
    if (warnings > 0) qualifiers.push(counted(warnings, "warning"));
    if (disabled > 0) qualifiers.push(`${disabled} of ${policies} policies disabled`);
    return qualifiers.length > 0 ? `PASSED with ${qualifiers.join(", ")}` : "PASSED";
}
