/**
 * The policy configuration ccguard evaluates with, from either source a team may keep: the standard
 * Pulumi policy config file (`--policy-pack-config`), or the team's settings file (`--settings`),
 * expanded exactly as `ccguard config` expands it for the Pulumi CLI. Read and validated before the
 * program runs, so a mistake costs one line and no wait.
 */
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { PolicyConfigError, UsageError } from "./errors";
import type { EvaluatedContext } from "./findings";
import { PACKAGE_ROOT } from "./package-root";
import { parseJsonText, readInput } from "./read-input";
import { visible } from "./visible-text";
import { catalogue } from "../policies/catalogue";
import { configurablePolicies } from "../policies/config/parameters";
import { expandSettings, parseSettingsText, SettingsError } from "../policies/config/settings-file";
import { oneLine, policyConfigProblems } from "../policies/config/validate-config";

export interface PolicyConfigSources {
    policyPack?: string;
    policyPackConfig?: string;
    settings?: string;
}

export interface PolicyConfigInput {
    /** The standard policy config, `{}` when none was given. */
    config: unknown;
    /** Given when a file was read: its path and the SHA-256 of the very bytes read. */
    identity?: EvaluatedContext["policyConfig"];
    /** True when a file was given, so reports can list the waivers that did not take effect. */
    given: boolean;
}

/** Our pack refuses what it does not know when configured; another pack gets the engine's own checks. */
function isOurPack(policyPack: string | undefined): boolean {
    if (policyPack === undefined) return true;
    try {
        return realpathSync(policyPack) === realpathSync(PACKAGE_ROOT);
    } catch {
        return false;
    }
}

const OUR_POLICIES = configurablePolicies(catalogue);

function digest(bytes: Buffer): string {
    return createHash("sha256").update(bytes).digest("hex");
}

export function readPolicyConfigInput(sources: PolicyConfigSources): PolicyConfigInput {
    if (sources.settings !== undefined) {
        if (!isOurPack(sources.policyPack)) throw new UsageError("--settings configures contact-centre-guard; for another pack use --policy-pack-config");
        const label = `settings ${sources.settings}`;
        const { bytes, text } = readInput(sources.settings, label);
        try {
            const parsed = parseSettingsText(text);
            // A policy config's top level names policies (or `all`); a settings file's, `settings` and `policies`.
            if (isPolicyConfigShaped(parsed)) {
                throw new PolicyConfigError(`${label} is a policy config (its top level names policies), not a settings file: pass it with --policy-pack-config`);
            }
            const { policyConfig } = expandSettings(catalogue, parsed);
            return { config: policyConfig, identity: { path: sources.settings, sha256: digest(bytes) }, given: true };
        } catch (error) {
            if (error instanceof SettingsError) throw new PolicyConfigError(`${label}: ${visible(error.message)}`);
            throw error;
        }
    }
    if (sources.policyPackConfig === undefined) return { config: {}, given: false };
    const label = `policy config ${sources.policyPackConfig}`;
    const { bytes, text } = readInput(sources.policyPackConfig, label);
    // The Pulumi CLI takes an empty file as no config; a team that passes a file means to configure something.
    if (text.trim() === "") throw new PolicyConfigError(`${label} is empty; write {} for the pack's defaults`);
    const config = parseJsonText(text, label, looksLikeYaml(sources.policyPackConfig, text) ? " (a settings file? pass it with --settings)" : "");
    if (config === null) throw new PolicyConfigError(`${label} is null; write {} for the pack's defaults`);
    if (isOurPack(sources.policyPack)) {
        const problems = policyConfigProblems(OUR_POLICIES, config, { packRules: true });
        if (problems.length > 0) throw new PolicyConfigError(`${label}: ${visible(oneLine(problems))}`);
    }
    return { config, identity: { path: sources.policyPackConfig, sha256: digest(bytes) }, given: true };
}

function isPolicyConfigShaped(parsed: unknown): boolean {
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return false;
    const keys = Object.keys(parsed);
    return keys.length > 0 && keys.every((key) => key === "all" || OUR_POLICIES.some((policy) => policy.name === key));
}

/** A file named .yaml or .yml, or one that starts with a YAML key, is no policy config (JSON). */
function looksLikeYaml(file: string, text: string): boolean {
    return /\.ya?ml$/i.test(file) || /^\s*(?:#|[A-Za-z_][\w-]*\s*:)/.test(text);
}
