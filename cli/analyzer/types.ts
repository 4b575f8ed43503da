/**
 * Plain data on both sides of the analyzer protocol: the stack we show a pack, what it says about
 * itself, and what it finds. Kept free of protobuf types so tests and reports never touch them.
 */
import type { ComponentRefusal, EvaluationWarning } from "../engine/program-protocol";

export interface ResourceOptions {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
}

/**
 * One resource as the engine knows it. Properties carry unknown values as the engine's sentinel
 * strings and secrets as `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value }`.
 */
export interface PlainResource {
    urn: string;
    type: string;
    name: string;
    /** False for component resources, which have no provider and no Analyze call. */
    custom: boolean;
    /** Inputs, as Analyze receives them before the resource is created or updated. */
    props: Record<string, unknown>;
    /** State after the operation, as AnalyzeStack receives it; inputs when absent. */
    outputs?: Record<string, unknown>;
    parent?: string;
    /** URN of the provider resource (explicit, or the default provider the engine creates). */
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    options?: ResourceOptions;
}

export interface StackSnapshot {
    project: string;
    stack: string;
    resources: PlainResource[];
    /** What could not be evaluated offline, or only on an assumption. */
    warnings?: EvaluationWarning[];
    /** Preview only: arguments our components refused while the program ran; each blocks. */
    refusals?: ComponentRefusal[];
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical" | "";

export interface PolicyInfo {
    name: string;
    displayName: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    policyType: "resource" | "stack" | "unknown";
    framework?: { name: string; version: string; reference: string; specification: string };
    tags: string[];
    remediationSteps: string;
    url: string;
    configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

export interface PackInfo {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PolicyInfo[];
    /** The config the pack was created with (`new PolicyPack(name, args, initialConfig)`), in the policy config file's shape. */
    initialConfig?: Record<string, unknown>;
}

/** Per policy, what the engine sends in Configure. */
export type PolicyConfig = Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** The resource the diagnostic is about (set by the engine for Analyze, by the policy for stack checks). */
    urn: string;
}

/** A policy's fix for a resource: the properties to use instead (remediate enforcement level). */
export interface Remediation {
    policyName: string;
    properties?: Record<string, unknown>;
    /** Set when the remediation could not run, e.g. on unknown values during preview. */
    diagnostic: string;
}

/** The analyzer protocol as we use it; served over gRPC by a launched pack, or in process. */
export interface Analyzer {
    info(): Promise<PackInfo>;
    configure(config: PolicyConfig): Promise<void>;
    remediate(resource: PlainResource, provider: PlainResource | undefined): Promise<Remediation[]>;
    analyze(resource: PlainResource, provider: PlainResource | undefined): Promise<Diagnostic[]>;
    analyzeStack(resources: readonly PlainResource[], providers: ReadonlyMap<string, PlainResource>): Promise<Diagnostic[]>;
    close(): Promise<void>;
}
