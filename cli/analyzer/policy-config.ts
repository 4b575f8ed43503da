/**
 * The standard Pulumi policy config file, reconciled the way the engine does before Configure:
 * every policy of the pack gets an entry; its enforcement level is the policy's own, overridden by
 * the pack's own config (`new PolicyPack(name, args, initialConfig)`: `all`, then the policy's
 * entry), overridden by the file (`all`, then the policy's entry); its properties are the schema
 * defaults overridden by the pack's own config and then by the file; and the result must validate
 * against the policy's config schema.
 *
 * File shape: `{ "all": "advisory", "<policy>": "mandatory", "<policy>": { "enforcementLevel": "...", "<param>": ... } }`.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { PolicyConfigError } from "../errors";
import type { EnforcementLevel, PackInfo, PolicyConfig } from "./types";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

// Every evaluation reconciles the config again, and a fresh Ajv compiles its meta-schema before the
// first policy schema: milliseconds per evaluation, which tests and fuzzing that evaluate thousands
// of stacks pay thousands of times. One instance, and one validator per distinct schema, suffice.
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
        validate = ajv.compile(schema);
        validators.set(key, validate);
    }
    return validate;
}

function levelOf(value: unknown, where: string): EnforcementLevel | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "string" && (LEVELS as readonly string[]).includes(value)) return value as EnforcementLevel;
    throw new PolicyConfigError(`${where}: enforcement level must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(value)}`);
}

function entryOf(value: unknown, where: string): { level?: EnforcementLevel; properties: Record<string, unknown> } {
    if (value === undefined) return { properties: {} };
    if (typeof value === "string") return { level: levelOf(value, where), properties: {} };
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new PolicyConfigError(`${where}: expected an enforcement level or an object, got ${JSON.stringify(value)}`);
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    return { level: levelOf(enforcementLevel, where), properties };
}

export function reconcilePolicyConfig(pack: PackInfo, file: unknown = {}): PolicyConfig {
    if (file === null || typeof file !== "object" || Array.isArray(file)) {
        throw new PolicyConfigError("policy config must be a JSON object keyed by policy name");
    }
    const given = file as Record<string, unknown>;
    const all = entryOf(given["all"], "all");
    const initial = pack.initialConfig ?? {};
    const initialAll = entryOf(initial["all"], "the pack's own config for all");
    const config: PolicyConfig = {};
    for (const policy of pack.policies) {
        const own = entryOf(given[policy.name], policy.name);
        const initialOwn = entryOf(initial[policy.name], `the pack's own config for ${policy.name}`);
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema["default"] !== undefined) properties[key] = schema["default"];
        }
        // As the engine layers them: schema defaults, then the pack's own config, then the file.
        Object.assign(properties, initialOwn.properties, own.properties);
        if (policy.configSchema) {
            const validate = validatorFor({
                type: "object",
                properties: policy.configSchema.properties,
                required: policy.configSchema.required,
            });
            if (!validate(properties)) {
                const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
                throw new PolicyConfigError(`${policy.name}: ${problems}`);
            }
        }
        config[policy.name] = {
            enforcementLevel: own.level ?? all.level ?? initialOwn.level ?? initialAll.level ?? policy.enforcementLevel,
            properties,
        };
    }
    return config;
}

/**
 * The entries of the file that name no policy of the pack (`all` included), which the engine sends
 * to Configure as given (pulumi/pulumi pkg/resource/analyzer/config.go `applyConfig` copies every
 * entry of the file into the result), so a pack that checks its config sees them as under the
 * Pulumi CLI. An entry without a valid level fails there with "invalid enforcement level"
 * (sdk/go/common/resource/plugin/analyzer_plugin.go `Configure`); it fails here too.
 */
export function configuredAsGiven(pack: PackInfo, file: unknown): PolicyConfig {
    if (file === null || typeof file !== "object" || Array.isArray(file)) return {};
    const known = new Set(pack.policies.map((policy) => policy.name));
    const entries: PolicyConfig = {};
    for (const [name, value] of Object.entries(file as Record<string, unknown>)) {
        if (known.has(name)) continue;
        const { level, properties } = entryOf(value, name);
        // The engine drops an entry with neither level nor properties ("Don't bother including empty configs").
        if (level === undefined && Object.keys(properties).length === 0) continue;
        if (level === undefined) throw new PolicyConfigError(`${name}: invalid enforcement level "" (not a policy of ${pack.name}, and no enforcementLevel given)`);
        entries[name] = { enforcementLevel: level, properties };
    }
    return entries;
}
