/**
 * `ccguard config <settings-file>`: the team's settings expanded into the standard Pulumi policy
 * config, for `pulumi preview --policy-pack-config` and Pulumi Cloud policy groups; with `--check`,
 * whether a committed policy config file still says what the settings say (for CI).
 */
import { isDeepStrictEqual } from "node:util";
import { PolicyConfigError, UsageError } from "../errors";
import { parseJsonText, readInput } from "../read-input";
import { visible } from "../visible-text";
import { catalogue } from "../../policies/catalogue";
import { configurablePolicies } from "../../policies/config/parameters";
import { expandSettings, parseSettingsText, policyConfigText, SettingsError, type PolicyConfigFile } from "../../policies/config/settings-file";
import { oneLine, policyConfigProblems } from "../../policies/config/validate-config";

const OUR_POLICIES = configurablePolicies(catalogue);

export function expandSettingsFile(file: string): PolicyConfigFile {
    const label = `settings ${file}`;
    const { text } = readInput(file, label);
    try {
        return expandSettings(catalogue, parseSettingsText(text)).policyConfig;
    } catch (error) {
        if (error instanceof SettingsError) throw new PolicyConfigError(`${label}: ${visible(error.message)}`);
        throw error;
    }
}

export function expandedSettingsText(file: string): string {
    return policyConfigText(expandSettingsFile(file));
}

/** The first place two configs differ, as `policy.parameter`, with both values. */
function firstDifference(expected: Record<string, unknown>, actual: Record<string, unknown>, prefix = ""): string | undefined {
    for (const key of [...new Set([...Object.keys(expected), ...Object.keys(actual)])]) {
        const [want, have] = [expected[key], actual[key]];
        if (isDeepStrictEqual(want, have)) continue;
        const where = `${prefix}${key}`;
        const bothObjects = [want, have].every((value) => value !== null && typeof value === "object" && !Array.isArray(value));
        if (bothObjects) return firstDifference(want as Record<string, unknown>, have as Record<string, unknown>, `${where}.`) ?? where;
        const show = (value: unknown) => (value === undefined ? "absent" : JSON.stringify(value));
        return `${where} is ${show(have)} in the file, ${show(want)} in the settings`;
    }
    return undefined;
}

/** Exit 0 when `policyConfigFile` says what the settings say, 1 when it is out of date. */
export function checkPolicyConfig(settingsFile: string, policyConfigFile: string, report: (line: string) => void): number {
    const expected = expandSettingsFile(settingsFile);
    const label = `policy config ${policyConfigFile}`;
    const actual = parseJsonText(readInput(policyConfigFile, label).text, label);
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) throw new UsageError(`${label} is not a JSON object`);
    // A file the pack would refuse is a mistake to fix, not merely a stale copy to regenerate.
    const problems = policyConfigProblems(OUR_POLICIES, actual, { packRules: true });
    if (problems.length > 0) throw new PolicyConfigError(`${label}: ${visible(oneLine(problems))}`);
    const difference = firstDifference(expected, actual as Record<string, unknown>);
    if (difference === undefined) {
        report(`${visible(policyConfigFile)} is up to date with ${visible(settingsFile)}`);
        return 0;
    }
    report(
        `${visible(policyConfigFile)} is out of date with ${visible(settingsFile)}: ${visible(difference)}; ` +
            `run ccguard config ${visible(settingsFile)} --output ${visible(policyConfigFile)}`,
    );
    return 1;
}
