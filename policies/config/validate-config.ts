/**
 * Validation of a policy config, wherever it is read: by ccguard before it evaluates, by the pack
 * when the engine configures it (so `pulumi preview` refuses the same mistakes), and by the
 * settings file that expands into it.
 *
 * The engine itself checks each known policy's properties against its schema and nothing else
 * (pulumi/pulumi pkg/resource/analyzer/config.go: `ReconcilePolicyPackConfig` validates only the
 * policies the pack declares, with a schema of `properties` and `required` alone, so unknown
 * properties pass; `applyConfig` copies entries for unknown policy names through to Configure; an
 * `all` entry contributes only its enforcement level). A misspelt policy or parameter is therefore
 * silently ignored by the engine. This module refuses it, naming the key and the nearest valid name.
 */
import { isDeepStrictEqual } from "node:util";
import type { default as Ajv, ErrorObject, ValidateFunction } from "ajv";
import { KNOWN_AWS_REGIONS } from "../lib/regions";
import { didYouMean, nearestName } from "./nearest-name";
import { waiverProblems } from "./waiver-rules";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/** What the validator needs to know of a policy: its name and the properties of its config schema. */
export interface ConfigurablePolicy {
    name: string;
    configSchema?: { properties?: Record<string, unknown> };
}

export interface ValidationOptions {
    /** Apply the pack's waiver rules (real dates, lifetime, breadth); only for contact-centre-guard. */
    packRules?: boolean;
    /** The day waiver lifetimes are counted from. */
    today?: Date;
    /** With packRules: refuse a region name one typo away from a region AWS has (default true). */
    regionTypos?: boolean;
}

/** Parameters renamed when each setting got one name across the pack and the components. */
const RENAMED: Readonly<Record<string, readonly string[]>> = {
    profile: ["regionProfile"],
    maxRetentionDays: ["maxContactDataRetentionDays", "maxLogRetentionDays"],
    minRetentionDays: ["minAuditLogRetentionDays"],
};

// Loaded when a value is first checked: a config that sets nothing needs no compiler, and the pack
// loads this module at every preview.
let ajv: Ajv | undefined;
const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
    let validate = validators.get(schema);
    if (validate === undefined) {
        // verbose: errors carry their schema, so an unknown field can be matched against the fields the schema knows.
        ajv ??= new (require("ajv") as typeof import("ajv")).default({ allErrors: true, strict: false, verbose: true });
        validate = ajv.compile(schema);
        validators.set(schema, validate);
    }
    return validate;
}

const quote = (value: unknown): string => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** A JSON pointer from ajv as the dotted path people write: `waivers[0].expires`. */
function pathOf(parameter: string, instancePath: string): string {
    const steps = instancePath.split("/").slice(1).map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
    return steps.reduce((path, step) => (/^\d+$/.test(step) ? `${path}[${step}]` : `${path}.${step}`), parameter);
}

function valueAt(root: unknown, instancePath: string): unknown {
    let value = root;
    for (const step of instancePath.split("/").slice(1)) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<string, unknown>)[step.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return value;
}

function schemaProblem(where: string, parameter: string, value: unknown, error: ErrorObject): string {
    const path = `${where}: ${pathOf(parameter, error.instancePath)}`;
    const seen = quote(valueAt(value, error.instancePath));
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "enum":
            return `${path} is ${seen}; it must be one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        case "type":
            return `${path} is ${seen}; it must be ${String(params["type"]).replace(/,/g, " or ")}`;
        case "additionalProperties": {
            const field = String(params["additionalProperty"]);
            const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
            return `${path}: unknown field ${JSON.stringify(field)}${didYouMean(field, Object.keys(parent?.properties ?? {}))}`;
        }
        case "required":
            return `${path}: missing ${JSON.stringify(params["missingProperty"])}`;
        case "minimum":
        case "maximum":
            return `${path} is ${seen}; it must be ${error.keyword === "minimum" ? "at least" : "at most"} ${String(params["limit"])}`;
        case "pattern": {
            const form = parameter === "waivers" ? "YYYY-MM-DD" : parameter === "regions" ? "of an AWS region name, like \"eu-west-2\"" : String(params["pattern"]);
            return `${path} is ${seen}; it does not have the form ${form}`;
        }
        default:
            return `${path} is ${seen}; it ${error.message ?? "is not valid"}`;
    }
}

function levelProblem(where: string, value: unknown): string | undefined {
    if ((ENFORCEMENT_LEVELS as readonly unknown[]).includes(value)) return undefined;
    const hint = typeof value === "string" ? didYouMean(value, ENFORCEMENT_LEVELS) : "";
    return `${where}: enforcement level ${quote(value)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}${hint}`;
}

function unknownParameter(where: string, key: string, known: readonly string[]): string {
    const renamed = (Object.hasOwn(RENAMED, key) ? RENAMED[key] : []).find((name) => known.includes(name));
    if (renamed !== undefined) return `${where}: unknown parameter ${JSON.stringify(key)}; it is now called ${JSON.stringify(renamed)}`;
    return `${where}: unknown parameter ${JSON.stringify(key)}${didYouMean(key, ["enforcementLevel", ...known])}`;
}

function entryProblems(policy: ConfigurablePolicy, entry: unknown, options: ValidationOptions): string[] {
    const where = policy.name;
    if (typeof entry === "string") {
        const problem = levelProblem(where, entry);
        return problem === undefined ? [] : [problem];
    }
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
        return [`${where}: expected an enforcement level (${ENFORCEMENT_LEVELS.join(", ")}) or an object of parameters, got ${quote(entry)}`];
    }
    const problems: string[] = [];
    const properties = new Map(Object.entries((policy.configSchema?.properties ?? {}) as Record<string, object>));
    const known = [...properties.keys()];
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (key === "enforcementLevel") {
            const problem = levelProblem(`${where}: enforcementLevel`, value);
            if (problem !== undefined) problems.push(problem);
            continue;
        }
        const schema = properties.get(key);
        if (schema === undefined) {
            problems.push(unknownParameter(where, key, known));
            continue;
        }
        // The engine sends every parameter a team did not set at its default, and a default fits its
        // schema (test/policies/config): compiling schemas only for values a team chose keeps the
        // pack's Configure, run at every preview, from compiling all of them.
        if (isDeepStrictEqual(value, (schema as { default?: unknown }).default)) continue;
        const validate = validatorFor(schema);
        if (!validate(value)) problems.push(...(validate.errors ?? []).map((error) => schemaProblem(where, key, value, error)));
    }
    if (options.packRules === true && problems.length === 0) {
        if (options.regionTypos !== false) problems.push(...regionProblems(where, (entry as Record<string, unknown>)["regions"]));
        problems.push(...waiverProblems(where, entry as Record<string, unknown>, options.today ?? new Date()));
    }
    return problems;
}

/** A region name of the right form that AWS does not have, but one it has is a typo away from. */
function regionProblems(where: string, regions: unknown): string[] {
    if (!Array.isArray(regions)) return [];
    return regions.flatMap((region, index) => {
        if (typeof region !== "string" || KNOWN_AWS_REGIONS.includes(region)) return [];
        // Only names with the same number: `ap-southeast-8` may be a region AWS opens later, not a typo of -7.
        const number = /-\d+$/.exec(region)?.[0];
        const meant = nearestName(region, KNOWN_AWS_REGIONS.filter((known) => number !== undefined && known.endsWith(number)));
        return meant === undefined ? [] : [`${where}: regions[${index}] "${region}" is not an AWS region; did you mean "${meant}"?`];
    });
}

function allProblems(entry: unknown, known: readonly string[]): string[] {
    if (typeof entry === "string") {
        const problem = levelProblem("all", entry);
        return problem === undefined ? [] : [problem];
    }
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
        return [`all: expected an enforcement level (${ENFORCEMENT_LEVELS.join(", ")}), got ${quote(entry)}`];
    }
    const problems: string[] = [];
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (key === "enforcementLevel") {
            const problem = levelProblem("all: enforcementLevel", value);
            if (problem !== undefined) problems.push(problem);
        } else if (key === "waivers") {
            problems.push("all: waivers cannot be declared for all policies (the engine applies only an enforcement level from \"all\"); declare each waiver under the policy it waives");
        } else {
            const hint = known.includes(key) ? "; set it under each policy, or once in a ccguard settings file" : didYouMean(key, ["enforcementLevel"]);
            problems.push(`all: ${JSON.stringify(key)} has no effect here (the engine applies only an enforcement level from "all")${hint}`);
        }
    }
    return problems;
}

/**
 * Every problem of a policy config (the standard file, or the reconciled config the engine sends to
 * Configure), each one line that names the key. Empty when the config is valid.
 */
export function policyConfigProblems(policies: readonly ConfigurablePolicy[], config: unknown, options: ValidationOptions = {}): string[] {
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        return [`the policy config must be a JSON object keyed by policy name, got ${config === null ? "null" : Array.isArray(config) ? "an array" : quote(config)}`];
    }
    const byName = new Map(policies.map((policy) => [policy.name, policy]));
    const parameterNames = [...new Set(policies.flatMap((policy) => Object.keys(policy.configSchema?.properties ?? {})))];
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(config as Record<string, unknown>)) {
        if (name === "all") {
            problems.push(...allProblems(entry, parameterNames));
            continue;
        }
        const policy = byName.get(name);
        if (policy === undefined) {
            problems.push(`unknown policy ${JSON.stringify(name)}${didYouMean(name, byName.keys())}`);
            continue;
        }
        problems.push(...entryProblems(policy, entry, options));
    }
    return problems;
}

/** The problems as one line: the first, and how many more there are. */
export function oneLine(problems: readonly string[]): string {
    if (problems.length <= 1) return problems[0] ?? "";
    return `${problems[0]} (and ${problems.length - 1} more problem${problems.length === 2 ? "" : "s"})`;
}
