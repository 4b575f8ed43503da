/**
 * The settings file `ccguard init` writes (`ccguard-settings.yaml`): what a team decides once for all
 * its contact-centre stacks, each setting at the pack's own default with a one-line comment, and an
 * empty `policies` section whose comment shows an enforcement level override and a waiver. The
 * policy config for the Pulumi CLI (`policy-config.json`) is what `ccguard config` expands it into.
 *
 * Names, defaults and comments are read from the controls' parameter schemas, so the file cannot
 * name a setting the pack does not have or quote a default it no longer uses. Enforcement levels
 * stay the controls' own: an `all: mandatory` here would also make the advisory controls
 * (organisation guardrails, identity management, Contact Lens set explicitly) block every preview,
 * a choice for the team and not for a template.
 */
import { Document, isScalar, type Pair, type Scalar, type YAMLMap, stringify } from "yaml";
import type { Control } from "../../policies/control";
import { expandSettings, parseSettingsText, policyConfigText, SETTINGS_FILE_NAME } from "../../policies/config/settings-file";
import { teamSettingsOf, type TeamSetting } from "../../policies/config/team-settings";
import { POLICY_CONFIG_FILE } from "./project-files";

/**
 * Settings a team decides once, grouped as the file lists them: where data may live, how long
 * contact data, versions, streams, queues and logs are kept, how keys age, who may hear recordings,
 * and how the pack treats what it cannot know yet and how long an exception may run. Detection lists
 * (data services, key actions, redaction entities, trusted service principals) stay at the pack's
 * defaults, which follow AWS and are not a team's decision.
 */
export const TEAM_DECISION_GROUPS: readonly { heading: string; settings: readonly string[] }[] = [
    { heading: "Where contact data may live", settings: ["regionProfile", "regions"] },
    {
        heading: "How long contact data, old versions, streams, queues and logs are kept",
        settings: [
            "maxContactDataRetentionDays",
            "maxNoncurrentDays",
            "maxIncompleteUploadDays",
            "erasureLimitDays",
            "maxStreamRetentionHours",
            "maxVideoRetentionHours",
            "maxQueueRetentionSeconds",
            "maxLogRetentionDays",
            "minAuditLogRetentionDays",
        ],
    },
    { heading: "How customer-managed keys age", settings: ["maxRotationPeriodDays", "minDeletionWindowDays"] },
    { heading: "What counts as contact data, and who may hear recordings", settings: ["contactDataBuckets", "approvedReaders"] },
    { heading: "How the pack decides", settings: ["unknownValues", "maxWaiverDays"] },
];

export const TEAM_DECISIONS: readonly string[] = TEAM_DECISION_GROUPS.flatMap((group) => group.settings);

/** How long the example waiver runs from the day the file is written: well inside the default maxWaiverDays. */
const EXAMPLE_WAIVER_DAYS = 90;

// A comment line stays short enough to read beside the setting; a longer description loses its
// parenthetical remarks, then is cut at a clause boundary (the full text is in `ccguard controls`).
const COMMENT_WIDTH = 120;

/**
 * A parameter's description as one short line: its first sentence; if that is longer than
 * COMMENT_WIDTH, without its parenthetical remarks; if still longer, cut at the last clause boundary
 * (`: `, `; `, `, `) within the width.
 */
export function shortDescription(description: string): string {
    const firstSentence = /^(.*?[.!?])(?:\s|$)/s.exec(description)?.[1] ?? description;
    let line = firstSentence.replace(/\s+/g, " ").trim();
    if (line.length > COMMENT_WIDTH) line = line.replace(/\s*\([^()]*\)/g, "");
    if (line.length > COMMENT_WIDTH) {
        const head = line.slice(0, COMMENT_WIDTH);
        const cut = Math.max(...[": ", "; ", ", "].map((boundary) => head.lastIndexOf(boundary)));
        line = cut > 0 ? head.slice(0, cut) : `${head.slice(0, head.lastIndexOf(" "))} ...`;
    }
    return line.replace(/[.:;,]$/, "");
}

/** Sentences of a description that explain a setting's choices one each (`` `custom`: only `regions`. ``). */
function choiceSentences(description: string, choices: readonly unknown[]): string[] | undefined {
    const sentences = description.split(/(?<=\.)\s+(?=`)/);
    const explains = (sentence: string, choice: unknown) => sentence.startsWith(`\`${String(choice)}\`:`);
    return sentences.length === choices.length && sentences.every((sentence, index) => explains(sentence, choices[index])) ? sentences : undefined;
}

/**
 * The comment of one setting: its description, shortened to a line. A choice gets the values it
 * takes; where the description explains each value in a sentence of its own (the region
 * profiles), each gets its line, since which regions a profile allows is the point of choosing it.
 */
function settingComment(setting: TeamSetting): string {
    const description = String(setting.parameter.description ?? setting.name);
    const choices = setting.parameter.enum as readonly unknown[] | undefined;
    if (choices === undefined) return ` ${shortDescription(description)}`;
    const perChoice = choiceSentences(description, choices);
    if (perChoice !== undefined) return perChoice.map((sentence) => ` ${sentence.replace(/`/g, "")}`).join("\n");
    return ` ${shortDescription(description)} (${choices.join(" | ")})`;
}

/** The policies section's example, written as the comment above `policies: {}`. */
function policiesExample(today: Date): string {
    const expires = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + EXAMPLE_WAIVER_DAYS));
    const example = {
        policies: {
            "connect-identity-management": "mandatory",
            "access-recording-readers": {
                waivers: [
                    {
                        resource: "quality-review-role",
                        reason: "Quality reviewers hear recordings until the reviewer role is approved (CHG-1234)",
                        owner: "contact-centre-platform@example.com",
                        expires: expires.toISOString().slice(0, 10),
                    },
                ],
            },
        },
    };
    return [
        " Standard Pulumi policy config entries, applied over the settings: a policy's enforcement level",
        " (advisory, mandatory, remediate, disabled), or its enforcementLevel, parameters and waivers. A",
        " waiver names the resource, why the exception is accepted, who owns it and when it ends. For example:",
        ...stringify(example, { lineWidth: 0 })
            .trimEnd()
            .split("\n")
            .map((line) => `   ${line}`),
    ].join("\n");
}

const HEADER = [
    ` contact-centre-guard settings: what this team decides once, for every contact-centre stack.`,
    ` Each setting reaches every policy that takes it, and the components read the same file`,
    ` (limitsFromSettings() in the program). After a change, regenerate the policy config the Pulumi CLI reads:`,
    `   npx --no-install ccguard config --output ${POLICY_CONFIG_FILE}`,
    ` CI checks that it is up to date: npx --no-install ccguard config --check ${POLICY_CONFIG_FILE}`,
    ` Every control and parameter: npx --no-install ccguard controls`,
].join("\n");

/** The text of `ccguard-settings.yaml`: the team's decisions at the pack's defaults, commented. */
export function settingsFileText(controls: readonly Control[], today: Date = new Date(), decided: Readonly<Record<string, unknown>> = {}): string {
    const known = teamSettingsOf(controls);
    const settingOf = (name: string): TeamSetting => {
        const setting = known.get(name);
        if (setting === undefined) throw new Error(`ccguard init lists ${name}, which is not a setting of the pack`);
        return setting;
    };
    const document = new Document({
        settings: Object.fromEntries(TEAM_DECISIONS.map((name) => [name, name in decided ? decided[name] : settingOf(name).parameter.default])),
        policies: {},
    });
    document.commentBefore = HEADER;

    const sections = document.contents as YAMLMap<Scalar, unknown>;
    const settingsPair = sections.items[0] as Pair<Scalar, YAMLMap<Scalar, unknown>>;
    const policiesPair = sections.items[1] as Pair<Scalar, unknown>;
    const firstOfGroup = new Map(TEAM_DECISION_GROUPS.map((group) => [group.settings[0], group.heading]));
    for (const pair of settingsPair.value!.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const name = String(key.value);
        const heading = firstOfGroup.get(name);
        const comment = settingComment(settingOf(name));
        key.commentBefore = heading === undefined ? comment : ` --- ${heading} ---\n${comment}`;
        if (heading !== undefined && name !== TEAM_DECISIONS[0]) key.spaceBefore = true;
    }
    policiesPair.key.spaceBefore = true;
    policiesPair.key.commentBefore = policiesExample(today);
    return document.toString({ lineWidth: 0 });
}

export interface SettingsFiles {
    /** `ccguard-settings.yaml`. */
    settings: { path: string; content: string };
    /** `policy-config.json`: exactly what `ccguard config` expands the settings into. */
    policyConfig: { path: string; content: string };
}

/** `decided`: settings the command line already decided (the region profile a London stack needs). */
export function settingsFiles(controls: readonly Control[], today: Date = new Date(), decided: Readonly<Record<string, unknown>> = {}): SettingsFiles {
    const text = settingsFileText(controls, today, decided);
    const { policyConfig } = expandSettings(controls, parseSettingsText(text), today);
    return {
        settings: { path: SETTINGS_FILE_NAME, content: text },
        policyConfig: { path: POLICY_CONFIG_FILE, content: policyConfigText(policyConfig) },
    };
}
