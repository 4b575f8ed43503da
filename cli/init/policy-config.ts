/**
 * The policy config file `ccguard init` writes: the standard Pulumi policy config (per policy an
 * entry of its parameters), with the settings a team decides once written out at the pack's own
 * defaults, so the file shows what the team has agreed to and is the one place to change it.
 *
 * Everything is read from the controls' parameter schemas, so the file cannot name a parameter the
 * pack does not have or quote a default it no longer uses. Enforcement levels stay the controls' own:
 * an `"all": "mandatory"` here would also make the advisory controls (organisation guardrails,
 * identity management, Contact Lens set explicitly) block every preview, a choice for the team and
 * not for a template.
 */
import type { Control } from "../../policies/control";

/**
 * Parameters a team decides once for all its contact-centre stacks: where data may live, how long
 * contact data, versions, streams, queues and logs are kept, how keys age, and who may hear
 * recordings. Detection lists (data services, key actions, redaction entities) stay at the pack's
 * defaults, which follow AWS and are not a team's decision.
 */
export const TEAM_DECISIONS: readonly string[] = [
    "profile",
    "regions",
    "maxRetentionDays",
    "maxNoncurrentDays",
    "maxIncompleteUploadDays",
    "erasureLimitDays",
    "maxRotationPeriodDays",
    "minDeletionWindowDays",
    "maxStreamRetentionHours",
    "maxVideoRetentionHours",
    "maxQueueRetentionSeconds",
    "maxLogRetentionDays",
    "minRetentionDays",
    "approvedReaders",
];

export function policyConfigFor(controls: readonly Control[]): Record<string, Record<string, unknown>> {
    const config: Record<string, Record<string, unknown>> = {};
    for (const control of controls) {
        const decided = Object.entries(control.parameters as Record<string, { default: unknown }>).filter(([name]) => TEAM_DECISIONS.includes(name));
        if (decided.length > 0) config[control.name] = Object.fromEntries(decided.map(([name, parameter]) => [name, parameter.default]));
    }
    return config;
}

export function policyConfigText(controls: readonly Control[]): string {
    return `${JSON.stringify(policyConfigFor(controls), null, 4)}\n`;
}
