/**
 * Team settings: what a team decides once (where data may live, how long it is kept, how keys age,
 * who may hear recordings, whether unknown values block), each under one name.
 *
 * Every parameter name of the pack means one thing in every policy that has it, so a setting is just
 * a parameter name: `regionProfile` reaches the seven policies that judge regions, and the components
 * read the same name as their limit. A test holds the rule that one name has one schema and default.
 * Waivers are the exception: they name resources of one policy, so they stay under that policy.
 */
import { catalogue } from "../catalogue";
import type { Control, Parameter } from "../control";
import { parametersOf } from "./parameters";

/** Parameters that belong to one policy's entry and are never a team-wide setting. */
export const PER_POLICY_ONLY: ReadonlySet<string> = new Set(["waivers"]);

export interface TeamSetting {
    name: string;
    parameter: Parameter;
    /** The policies that take this parameter, in catalogue order. */
    policies: readonly string[];
}

export function teamSettingsOf(controls: readonly Control[]): ReadonlyMap<string, TeamSetting> {
    const settings = new Map<string, { name: string; parameter: Parameter; policies: string[] }>();
    for (const control of controls) {
        for (const [name, parameter] of parametersOf(control)) {
            if (PER_POLICY_ONLY.has(name)) continue;
            const setting = settings.get(name) ?? { name, parameter, policies: [] };
            setting.policies.push(control.name);
            settings.set(name, setting);
        }
    }
    return settings;
}

/** The pack's settings, in the order a settings file lists them. */
export const TEAM_SETTINGS: ReadonlyMap<string, TeamSetting> = teamSettingsOf(catalogue);

/** What makes two declarations of a parameter the same setting: its type, allowed values, bounds and default. */
export function settingShape(parameter: Parameter): string {
    const { description: _description, ...shape } = parameter;
    return JSON.stringify(shape, Object.keys(shape).sort());
}

/** Parameters declared with different shapes by different controls: must be none (test/policies/config). */
export function settingConflicts(controls: readonly Control[]): string[] {
    const seen = new Map<string, { shape: string; control: string }>();
    const conflicts: string[] = [];
    for (const control of controls) {
        for (const [name, parameter] of parametersOf(control)) {
            const shape = settingShape(parameter);
            const first = seen.get(name);
            if (first === undefined) seen.set(name, { shape, control: control.name });
            else if (first.shape !== shape) conflicts.push(`${name}: ${first.control} declares ${first.shape}, ${control.name} declares ${shape}`);
        }
    }
    return conflicts;
}
