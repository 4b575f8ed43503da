/**
 * The control catalogue as Markdown: `docs/controls.md` and `ccguard controls --format md`.
 * Everything comes from the controls' own metadata and examples.
 */
import type { Control, ControlExample, Parameter } from "../../policies/control";
import { FRAMEWORK_NAMES, provisionTitle, type Framework } from "../../policies/frameworks";
import { parameterSchemas, parametersOf } from "../../policies/config/parameters";

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

function section(control: Control): string {
    const scope = control.kind === "resource" ? `resources of type ${control.appliesTo.map((t) => `\`${t}\``).join(", ")}` : "the whole stack";
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
        "",
        "| Control | What it checks | Area | Severity | Default |",
        "|---|---|---|---|---|",
        ...index,
        "",
        ...controls.map(section),
    ].join("\n");
}
