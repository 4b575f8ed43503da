/** What `ccguard preview` hands its program runner, and what comes back. */

export interface ProgramRequest {
    projectDir: string;
    /** Absolute path of the program's entry module. */
    main: string;
    project: string;
    stack: string;
    /** Stack configuration with namespaced keys (`aws:region`, `<project>:<key>`), values as strings. */
    config: Record<string, string>;
    secretKeys: string[];
    outputs: "unknown" | "resolved";
    typeCheck: boolean;
    resultFile: string;
}

export interface RecordedRegistration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    /** Provider reference `<provider urn>::<provider id>`, for explicit providers only. */
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs as the SDK serialised them: unknowns as sentinels, secrets with their signature. */
    inputs: Record<string, unknown>;
    /** State the mocks returned: inputs, plus plausible outputs in resolved mode. */
    outputs: Record<string, unknown>;
    options: { protect: boolean; ignoreChanges: string[]; additionalSecretOutputs: string[]; deleteBeforeReplace: boolean };
}

export type ProgramResult =
    | { ok: true; registrations: RecordedRegistration[] }
    | { ok: false; kind: "typescript" | "module" | "program"; message: string };
