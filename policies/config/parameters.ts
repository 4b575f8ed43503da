/**
 * Parameters every policy of the pack takes besides its own, and the full parameter list of a
 * control as the pack declares it to the engine (its config schema), the docs and the validators.
 */
import type { Control, Parameter } from "../control";
import { WAIVERS_PARAMETER } from "../waivers";

/**
 * `defer` follows the engine: a check that needs a value not known during preview is reported as
 * advisory and decided before the resource is created. `block` fails closed already at preview.
 */
export const UNKNOWN_VALUES_PARAMETER: Parameter = {
    type: "string",
    enum: ["defer", "block"],
    default: "defer",
    description:
        "What to do when a deciding value is unknown during preview: `defer` reports it and checks it again " +
        "before the resource is created; `block` treats it as a violation at preview.",
};

/** Default longest life of a waiver, counted from the day the config is read: a year. */
export const DEFAULT_MAX_WAIVER_DAYS = 365;

export const MAX_WAIVER_DAYS_PARAMETER: Parameter = {
    type: "integer",
    minimum: 1,
    maximum: 3653,
    default: DEFAULT_MAX_WAIVER_DAYS,
    description:
        "Longest a waiver may run: a waiver whose `expires` is more than this many days after today is refused when the " +
        "config is read, so every accepted exception comes back for review.",
};

export { WAIVERS_PARAMETER };

/** Read at every Analyze of every resource, so each control's list is put together once. */
const parameterLists = new WeakMap<Control, readonly [string, Parameter][]>();

/** The control's own parameters followed by those every policy takes, in declaration order. */
export function parametersOf(control: Control): readonly [string, Parameter][] {
    let parameters = parameterLists.get(control);
    if (parameters === undefined) {
        parameters = Object.entries({
            ...(control.parameters as Record<string, Parameter>),
            unknownValues: UNKNOWN_VALUES_PARAMETER,
            maxWaiverDays: MAX_WAIVER_DAYS_PARAMETER,
            waivers: WAIVERS_PARAMETER,
        });
        parameterLists.set(control, parameters);
    }
    return parameters;
}

/** The same, as the `properties` of a JSON schema. */
export function parameterSchemas(control: Control): Record<string, Parameter> {
    return Object.fromEntries(parametersOf(control));
}

/** The controls as the engine and the validators see them: a name and a config schema each. */
export function configurablePolicies(controls: readonly Control[]): { name: string; configSchema: { properties: Record<string, Parameter> } }[] {
    return controls.map((control) => ({ name: control.name, configSchema: { properties: parameterSchemas(control) } }));
}
