/**
 * The components' limits from the team's settings file, the same file `ccguard config` expands into
 * the pack's policy config: one place where a team writes its decisions, read by both.
 *
 * ```ts
 * const limits = limitsFromSettings();            // ./ccguard-settings.yaml, next to Pulumi.yaml
 * new RecordingStore("calls", { ..., limits });
 * ```
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { catalogue } from "../policies/catalogue";
import { parametersOf } from "../policies/config/parameters";
import { expandSettings, parseSettingsText, SETTINGS_FILE_NAME, type PolicyConfigFile } from "../policies/config/settings-file";
import { allowedRegions, type RegionProfile } from "../policies/lib/regions";
import { DEFAULT_LIMITS, LIMIT_NAMES, type ComplianceLimits } from "./limits";

/**
 * The limit each component enforces, read from an expanded policy config. Where policies that take
 * the same setting were given different values (a per-policy entry overriding the settings), the
 * components hold to the strictest: the smallest maximum, the largest minimum. Non-numeric limits
 * come from the first policy of the catalogue that takes them (residency-region-allow-list for the regions).
 */
export function limitsOfPolicyConfig(policyConfig: PolicyConfigFile): ComplianceLimits {
    const limits: Record<string, unknown> = {};
    for (const name of LIMIT_NAMES.filter((limit) => limit !== "regionProfile" && limit !== "regions")) {
        const values = catalogue
            .filter((control) => parametersOf(control).some(([parameter]) => parameter === name))
            .map((control) => {
                const entry = policyConfig[control.name];
                const given = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>)[name] : undefined;
                return given ?? DEFAULT_LIMITS[name];
            });
        if (values.every((value) => typeof value === "number")) {
            limits[name] = name.startsWith("min") ? Math.max(...(values as number[])) : Math.min(...(values as number[]));
        } else {
            limits[name] = values[0] ?? DEFAULT_LIMITS[name];
        }
    }
    return { ...(limits as unknown as ComplianceLimits), ...regionLimits(policyConfig) };
}

/**
 * The regions every residency policy allows. Where one policy's entry allows more than the others
 * (`regionProfile` raised for residency-region-allow-list alone), the components keep to the regions
 * all of them allow, as a `custom` list, so what they build passes every one.
 */
function regionLimits(policyConfig: PolicyConfigFile): Pick<ComplianceLimits, "regionProfile" | "regions"> {
    const setting = (control: string, name: "regionProfile" | "regions") => {
        const entry = policyConfig[control];
        const given = entry !== null && typeof entry === "object" ? (entry as Record<string, unknown>)[name] : undefined;
        return given ?? DEFAULT_LIMITS[name];
    };
    const taking = catalogue.filter((control) => parametersOf(control).some(([parameter]) => parameter === "regionProfile"));
    const views = taking.map((control) => ({ profile: setting(control.name, "regionProfile"), regions: setting(control.name, "regions") }));
    const [first] = views;
    if (first === undefined || views.every((view) => JSON.stringify(view) === JSON.stringify(first))) {
        return { regionProfile: (first?.profile ?? DEFAULT_LIMITS.regionProfile) as RegionProfile, regions: (first?.regions ?? DEFAULT_LIMITS.regions) as string[] };
    }
    const allowedByAll = views
        .map((view) => allowedRegions(view.profile, view.regions))
        .reduce((common, allowed) => common.filter((region) => allowed.includes(region)));
    return { regionProfile: "custom", regions: allowedByAll };
}

/**
 * Reads the settings file (YAML or JSON) and returns the limits it sets, the pack's defaults for the
 * rest. A missing or invalid file ends the program with one line naming the file and the key, as
 * `ccguard config` would.
 */
export function limitsFromSettings(file: string = SETTINGS_FILE_NAME): ComplianceLimits {
    const where = path.resolve(file);
    let text: string;
    try {
        text = readFileSync(where, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(`settings ${file}: ${code === "ENOENT" ? "no such file" : code ?? String(error)} (looked for ${where})`);
    }
    try {
        return limitsOfPolicyConfig(expandSettings(catalogue, parseSettingsText(text.replace(/^\uFEFF/, ""))).policyConfig);
    } catch (error) {
        throw new Error(`settings ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
}
