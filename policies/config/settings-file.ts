/**
 * The team's settings file (`ccguard-settings.yaml`): what a team decides once, written once, and
 * expanded into the standard Pulumi policy config that both `pulumi preview --policy-pack-config`
 * and ccguard read. The components read their limits from the same file.
 *
 * ```yaml
 * settings:                      # one name per decision; reaches every policy that takes it
 *   regionProfile: eu-plus-adequacy
 *   maxContactDataRetentionDays: 180
 * policies:                      # standard policy config entries; they override the settings
 *   connect-identity-management: mandatory
 *   access-recording-readers:
 *     waivers: [ ... ]
 * ```
 *
 * Only the ccguard commands and the components load this module (it parses YAML); the pack never does.
 */
import { parse as parseYaml } from "yaml";
import type { Control } from "../control";
import { didYouMean } from "./nearest-name";
import { configurablePolicies, parametersOf } from "./parameters";
import { PER_POLICY_ONLY, teamSettingsOf, type TeamSetting } from "./team-settings";
import { oneLine, policyConfigProblems } from "./validate-config";

export const SETTINGS_FILE_NAME = "ccguard-settings.yaml";

const SECTIONS = ["settings", "policies"] as const;

export type PolicyConfigFile = Record<string, unknown>;

export interface ExpandedSettings {
    /** The settings as written, validated. */
    settings: Record<string, unknown>;
    /** The standard policy config the settings expand into. */
    policyConfig: PolicyConfigFile;
}

/** A settings file that cannot be used: `message` is one line naming the key. */
export class SettingsError extends Error {
    override name = "SettingsError";
}

/** Parses the text of a settings file, YAML or JSON (JSON is YAML). */
export function parseSettingsText(text: string): unknown {
    try {
        // One document, plain data: no custom tags, and aliases bounded so a billion-laughs file fails fast.
        return parseYaml(text, { maxAliasCount: 100, prettyErrors: true, uniqueKeys: true });
    } catch (error) {
        // With its line and column ("at line 3, column 3"), without the colon before the source excerpt.
        const reason = error instanceof Error ? error.message.split("\n")[0].replace(/:\s*$/, "") : String(error);
        throw new SettingsError(`not valid YAML or JSON: ${reason}`);
    }
}


function settingProblems(known: ReadonlyMap<string, TeamSetting>, given: Record<string, unknown>, controls: readonly Control[]): string[] {
    const problems: string[] = [];
    for (const [name, value] of Object.entries(given)) {
        if (PER_POLICY_ONLY.has(name)) {
            problems.push(`settings.${name}: waivers name resources of one policy; declare them under policies.<policy>.${name}`);
            continue;
        }
        const setting = known.get(name);
        if (setting === undefined) {
            problems.push(`settings.${name}: unknown setting${didYouMean(name, known.keys())}`);
            continue;
        }
        // The value is checked against the schema of every policy that takes it, which is one schema (team-settings.ts).
        const policy = controls.find((control) => control.name === setting.policies[0])!;
        const check = policyConfigProblems(configurablePolicies([policy]), { [policy.name]: { [name]: value } }, { packRules: true });
        problems.push(...check.map((problem) => problem.replace(`${policy.name}: `, "settings.")));
    }
    return problems;
}

function objectSection(file: Record<string, unknown>, section: string): Record<string, unknown> {
    const value = file[section];
    if (value === undefined || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) throw new SettingsError(`${section} must be a mapping of names to values`);
    return value as Record<string, unknown>;
}

/**
 * Validates a parsed settings file and expands it: every policy gets the settings it takes, then
 * its own entry from `policies` on top (an enforcement level, parameters, waivers). Throws a
 * SettingsError whose message is one line naming the first problem (and how many more there are).
 */
export function expandSettings(controls: readonly Control[], file: unknown, today: Date = new Date()): ExpandedSettings {
    if (file === null || file === undefined) throw new SettingsError("the file is empty or null; write at least `settings: {}`");
    if (typeof file !== "object" || Array.isArray(file)) throw new SettingsError("expected a mapping with `settings` and `policies`");
    const problems: string[] = [];
    for (const key of Object.keys(file)) {
        if (!(SECTIONS as readonly string[]).includes(key)) problems.push(`${key}: unknown section${didYouMean(key, SECTIONS)}; a settings file has ${SECTIONS.join(" and ")}`);
    }
    const settings = objectSection(file as Record<string, unknown>, "settings");
    const policies = objectSection(file as Record<string, unknown>, "policies");
    problems.push(...settingProblems(teamSettingsOf(controls), settings, controls));
    if (problems.length > 0) throw new SettingsError(oneLine(problems));

    const policyConfig: PolicyConfigFile = {};
    if (Object.hasOwn(policies, "all")) policyConfig["all"] = policies["all"];
    for (const control of controls) {
        const taken = Object.fromEntries(parametersOf(control).filter(([name]) => Object.hasOwn(settings, name)).map(([name]) => [name, settings[name]]));
        const own = Object.hasOwn(policies, control.name) ? policies[control.name] : undefined;
        if (own === undefined) {
            if (Object.keys(taken).length > 0) policyConfig[control.name] = taken;
        } else if (typeof own === "string") {
            policyConfig[control.name] = { enforcementLevel: own, ...taken };
        } else if (own !== null && typeof own === "object" && !Array.isArray(own)) {
            policyConfig[control.name] = { ...taken, ...own };
        } else {
            policyConfig[control.name] = own; // left as written, so validation names it
        }
    }
    // Unknown policy names are kept, so validation names them with the nearest real one.
    // Defined, not assigned: a policy named `__proto__` or `constructor` is a key like any other, and then refused by name.
    for (const [name, entry] of Object.entries(policies)) {
        if (!Object.hasOwn(policyConfig, name)) Object.defineProperty(policyConfig, name, { value: entry, enumerable: true, writable: true, configurable: true });
    }
    const configProblems = policyConfigProblems(configurablePolicies(controls), policyConfig, { packRules: true, today });
    if (configProblems.length > 0) throw new SettingsError(oneLine(configProblems.map((problem) => (problem.startsWith("unknown policy") ? `policies: ${problem}` : `policies.${problem}`))));
    return { settings, policyConfig };
}

/** The expanded policy config as the file ccguard writes: stable order, two-space JSON, one trailing newline. */
export function policyConfigText(config: PolicyConfigFile): string {
    return `${JSON.stringify(config, null, 2)}\n`;
}
