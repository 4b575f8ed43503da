/** What a Pulumi program run offline leaves behind: its registrations, and what could not be known. */

export interface RecordedRegistration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** A multi-language component: its children are built by a provider plugin that runs only under the Pulumi CLI. */
    remote?: boolean;
    /** Read with `.get()` or a stack reference: an existing resource the engine reads, not one it creates. */
    read?: boolean;
    parent?: string;
    /** Provider reference `<provider urn>::<provider id>`, for explicit providers only. */
    provider?: string;
    /** Package version the SDK asked for, which names the engine's default provider. */
    version?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs as an analyzer receives them: unknowns as sentinels, secrets with their signature, references lowered. */
    inputs: Record<string, unknown>;
    /** State the offline engine answered with: inputs, plus plausible outputs in resolved mode. */
    outputs: Record<string, unknown>;
    options: { protect: boolean; ignoreChanges: string[]; additionalSecretOutputs: string[]; deleteBeforeReplace: boolean };
}

/** Something a report must say was not evaluated, or evaluated on an assumption. */
export interface EvaluationWarning {
    kind: "multi-language-component" | "stack-reference" | "invoke-unanswered" | "method-call" | "read-resource" | "encrypted-secret";
    message: string;
    urn?: string;
}

/** Outputs of a referenced stack, as `pulumi stack output --json` prints them. */
export interface StackReferenceOutputs {
    outputs: Record<string, unknown>;
    /** Outputs the referenced stack keeps secret. */
    secretOutputNames: string[];
}

/**
 * An argument a component refused while ccguard ran the program (components/refusals.ts): recorded
 * instead of thrown, so every refusal of every component reaches the report.
 */
export type { Refusal as ComponentRefusal } from "../../components/refusals";
