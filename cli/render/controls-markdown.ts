/**
 * The control catalogue as Markdown: `docs/controls.md` and `ccguard controls --format md`.
 * Everything comes from the controls' own metadata and examples.
 */
import type { Control, ControlExample } from "../../policies/control";
import { FRAMEWORK_NAMES, provisionTitle, type Framework } from "../../policies/frameworks";
import { parametersOf } from "../../policies/config/parameters";
import { teamSettingsOf } from "../../policies/config/team-settings";
import { isNativeType } from "../../policies/lib/resource-types";

const VERDICTS: Record<ControlExample["verdict"], string> = {
    compliant: "passes",
    violation: "blocked",
    deferred: "reported at preview, decided at update",
};

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function parameterRows(control: Control): string[] {
    return parametersOf(control).map(([name, p]) => {
        const type = p.enum ? (p.enum as unknown[]).map((v) => `\`${String(v)}\``).join(" \\| ") : String(p.type ?? "");
        return `| \`${name}\` | ${type} | \`${JSON.stringify(p.default)}\` | ${cell(p.description)} |`;
    });
}

function frameworkLines(control: Control): string[] {
    return (Object.keys(FRAMEWORK_NAMES) as Framework[])
        .filter((framework) => control.frameworks[framework].length > 0)
        .map((framework) => {
            const refs = control.frameworks[framework].map((ref) => {
                const title = provisionTitle(framework, ref);
                return title ? `${ref} (${title})` : ref;
            });
            return `- ${FRAMEWORK_NAMES[framework]}: ${refs.join("; ")}`;
        });
}

/** The types a control judges, per provider: what a team reads to know whether its stack is covered. */
function judgedTypeLines(control: Control): string[] {
    const types = control.kind === "resource" ? control.appliesTo : control.judges;
    if (types === "every cloud resource") return ["- Every resource of either AWS provider (`@pulumi/aws` and `@pulumi/aws-native`)."];
    const list = (selected: readonly string[]) => (selected.length > 0 ? selected.map((t) => `\`${t}\``).join(", ") : "none");
    return [
        `- \`@pulumi/aws\`: ${list(types.filter((t) => !isNativeType(t)))}`,
        `- \`@pulumi/aws-native\`: ${list(types.filter(isNativeType))}`,
    ];
}

function section(control: Control): string {
    const scope = control.kind === "resource" ? "each resource" : "the whole stack";
    return [
        `## ${control.name}`,
        "",
        `**${control.title}**`,
        "",
        `| Area | Severity | Default enforcement | Evaluates |`,
        `|---|---|---|---|`,
        `| ${control.area} | ${control.severity} | ${control.enforcementLevel} | ${scope} |`,
        "",
        control.description,
        "",
        "Resource types judged:",
        "",
        ...judgedTypeLines(control),
        "",
        "Regulations:",
        "",
        ...frameworkLines(control),
        "",
        "Parameters (policy config file, under the policy's name):",
        "",
        "| Parameter | Type | Default | Meaning |",
        "|---|---|---|---|",
        ...parameterRows(control),
        "",
        "Remediation:",
        "",
        ...control.remediation.map((step, index) => `${index + 1}. ${step}`),
        "",
        "Examples (each is a test case):",
        "",
        ...control.examples.map((example) => `- ${VERDICTS[example.verdict]}: ${example.title}`),
        "",
    ].join("\n");
}

/** One row per team setting: every parameter name means the same in every control that takes it. */
function settingRows(controls: readonly Control[]): string[] {
    return [...teamSettingsOf(controls).values()].map(({ name, parameter, policies }) => {
        const type = parameter.enum ? (parameter.enum as unknown[]).map((v) => `\`${String(v)}\``).join(" \\| ") : String(parameter.type ?? "");
        const takers = policies.length === controls.length ? "every control" : policies.map((policy) => `[${policy}](#${policy})`).join(", ");
        return `| \`${name}\` | ${type} | \`${JSON.stringify(parameter.default)}\` | ${takers} |`;
    });
}

export function renderControlsMarkdown(controls: readonly Control[], packVersion: string): string {
    const index = controls.map(
        (c) => `| [${c.name}](#${c.name}) | ${cell(c.title)} | ${c.area} | ${c.severity} | ${c.enforcementLevel} |`,
    );
    return [
        "# Controls of the contact-centre-guard policy pack",
        "",
        `<!-- Generated from the controls' metadata by \`npm run docs\` (pack ${packVersion}); do not edit by hand. -->`,
        "",
        "Every control can be configured in the standard Pulumi policy config file (`--policy-pack-config`):",
        'an enforcement level (`advisory`, `mandatory`, `remediate`, `disabled`), `"all"` for every control, and',
        "the parameters listed under each control. During a first `pulumi preview`, values that come from",
        "resources not yet created are unknown; a control that needs one reports it as an advisory note and decides",
        'when the engine checks the resource again during the update. Set `unknownValues: "block"` to fail closed instead.',
        "",
        "Every control also takes `waivers`: accepted exceptions, each `{ resource, reason, owner, expires }` with the resource",
        "as a URN or a name pattern (`*` matches anything). A complete, unexpired waiver turns the violation into an advisory",
        "finding marked `Waived:`; an expired or incomplete one changes nothing and is named in the violation's message.",
        "`expires` must be a calendar date at most `maxWaiverDays` (default 365) days away, and a pattern that fixes fewer than",
        "3 characters of the name before its first `*` is refused unless the waiver sets `allowBroad: true`.",
        "",
        "## Team settings",
        "",
        "A parameter name means the same in every control that takes it, so a team sets it once in `ccguard-settings.yaml`",
        "(`settings:`), and `ccguard config` writes it into every control's entry of the policy config; the components read the",
        "same names as their `limits` (`limitsFromSettings()`).",
        "",
        "| Setting | Type | Default | Taken by |",
        "|---|---|---|---|",
        ...settingRows(controls),
        "",
        "| Control | What it checks | Area | Severity | Default |",
        "|---|---|---|---|---|",
        ...index,
        "",
        ...controls.map(section),
    ].join("\n");
}
