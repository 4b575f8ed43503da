import type { StackControl } from "../../policies/control";
import { configOf } from "../../policies/policy-adapter";

/**
 * A control's parameters as the pack hands them to its logic: defaults, then what is given, with
 * values of the wrong shape replaced by the default. Tests that call a stack control's `check`
 * directly with arbitrary configuration go through this, as every real evaluation does.
 */
export function reconciledConfig<Config>(control: StackControl<Config>, given: Record<string, unknown>): Config {
    return configOf(control, given) as Config;
}
