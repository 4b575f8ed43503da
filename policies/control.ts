/**
 * The authoring model: what a control declares.
 *
 * A control is one file: metadata (who it protects, how bad a breach is, which regulations it
 * answers), its parameters with defaults, compliant and violating examples, and its logic as a
 * plain function over plain data. `policy-adapter.ts` turns it into an `@pulumi/policy` policy;
 * tests and the generated documentation read the same object, so code, tests and docs cannot drift.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { EffectiveRegion } from "./lib/effective-region";
import type { GraphResource, ProviderReference, StackGraph } from "./lib/stack-graph";

export type Area = "residency" | "encryption" | "retention" | "access" | "logging" | "connect";
export type Severity = "low" | "medium" | "high" | "critical";
/** Levels a control may default to; teams can still pick `remediate` or `disabled` in their config. */
export type DefaultEnforcement = "advisory" | "mandatory";

/** Provisions a control helps to meet, written as the regulation cites them. */
export interface FrameworkReferences {
    /** Regulation (EU) 2016/679, e.g. `Art. 32(1)(a)`. */
    gdpr: readonly string[];
    /** PCI DSS v4.0.1 requirement numbers, e.g. `3.5.1`. */
    pciDss: readonly string[];
    /** ISO/IEC 27001:2022 Annex A controls, e.g. `A.8.24`. */
    iso27001: readonly string[];
}

/** One parameter of a control: JSON schema with a description and a documented default. */
export type Parameter = PolicyConfigJSONSchema & { description: string; default: unknown };

export interface ExampleResource {
    name: string;
    type: string;
    props: Record<string, unknown>;
    /** Name of an explicit `pulumi:providers:aws` (or `aws-native`) resource in the same example, else the default provider of the resource's package. */
    provider?: string;
    /** Names of resources this one depends on. */
    dependsOn?: readonly string[];
    /** Per input property, the names of the resources its value came from. */
    propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A small stack that shows the control at work. `deferred` examples are first-preview forms whose
 * deciding value is not known yet: the control must say so, never pass them silently.
 */
export interface ControlExample {
    title: string;
    verdict: "compliant" | "violation" | "deferred";
    resources: readonly ExampleResource[];
    /** The stack's `aws:region` for the default provider; `null` models a stack without one. */
    awsRegion?: string | null;
    /** Parameters that differ from the defaults. */
    config?: Readonly<Record<string, unknown>>;
}

interface ControlMetadata<Config> {
    /** Stable id, `<area>-<what>`: policy name in the pack, in config files and in reports. */
    name: string;
    title: string;
    area: Area;
    /** What the control checks and why it matters, for people. */
    description: string;
    severity: Severity;
    enforcementLevel: DefaultEnforcement;
    frameworks: FrameworkReferences;
    /** Steps that make a violating stack compliant. */
    remediation: readonly string[];
    parameters: { [K in keyof Config]: Parameter };
    examples: readonly ControlExample[];
}

/** A resource as a resource control sees it: raw properties, unknown sentinels intact. */
export interface CheckedResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    provider?: ProviderReference;
    region: EffectiveRegion;
}

export interface ResourceFindings {
    violation(message: string): void;
    /** The deciding value is unknown during preview; the engine checks again before the update. */
    undecided(message: string): void;
}

export interface StackFindings {
    violation(resource: GraphResource, message: string): void;
    undecided(resource: GraphResource, message: string): void;
}

export interface ResourceControl<Config = Record<string, unknown>> extends ControlMetadata<Config> {
    kind: "resource";
    /** Resource types the control judges; every other type is not applicable. */
    appliesTo: readonly string[];
    check(resource: CheckedResource, config: Config, findings: ResourceFindings): void;
    /**
     * For fixes that are safe and unambiguous: the resource's properties with the fix applied, or
     * undefined when there is nothing to fix. Runs when a team sets the policy to `remediate`.
     * Must keep every property it does not fix, unknown values included.
     */
    remediate?(resource: CheckedResource, config: Config): Record<string, unknown> | undefined;
}

export interface StackControl<Config = Record<string, unknown>> extends ControlMetadata<Config> {
    kind: "stack";
    /**
     * Resource types that give the control something to judge. A stack with none of them is "not
     * applicable" in reports, never "passed": nothing was there to pass.
     */
    judges: readonly string[] | "every cloud resource";
    check(stack: StackGraph, config: Config, findings: StackFindings): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Control = ResourceControl<any> | StackControl<any>;

export function resourceControl<Config>(control: Omit<ResourceControl<Config>, "kind">): ResourceControl<Config> {
    return { kind: "resource", ...control };
}

export function stackControl<Config>(control: Omit<StackControl<Config>, "kind">): StackControl<Config> {
    return { kind: "stack", ...control };
}
