/**
 * JUnit XML, so CI systems show violations as failed tests: a test suite per policy, a test case per
 * resource it evaluated. Resource controls evaluate the resources of the types they apply to; stack
 * controls get one case for the stack plus one per resource they reported. Advisory and waived
 * findings pass, with the note in the case's output. A check decided only at the update, a policy the
 * config disabled and a control with nothing to judge are skipped, never shown as passed tests.
 *
 * Names and messages may hold characters XML 1.0 cannot carry (ESC, BEL, lone surrogates): one of
 * them makes the whole file not well-formed and CI drops every failing test with it. They are
 * written as visible `\uXXXX` escapes instead.
 */
import { create } from "xmlbuilder2";
import { controlNamed } from "../../policies/catalogue";
import { parseUrn, type EvaluatedResource, type Finding, type FindingsReport } from "../findings";

interface Case {
    name: string;
    classname: string;
    failures: Finding[];
    notes: string[];
    /** Why the case is skipped rather than passed, when it is. */
    skipped?: string;
}

// Everything outside XML 1.0's Char production, and lone surrogates (https://www.w3.org/TR/xml/#charsets).
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text XML can carry, with what it cannot shown as escapes. */
export function xmlSafe(text: string): string {
    return text.replace(NOT_XML, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const DEFERRED = "decided at the update";

function casesFor(policy: string, report: FindingsReport): Case[] {
    const stackCase = (skipped: string): Case[] => [{ name: `stack ${report.stack}`, classname: policy, failures: [], notes: [], skipped }];
    const findings = report.findings.filter((f) => f.policy === policy);
    const waived = report.waivers.filter((w) => w.policy === policy);
    if ((report.disabledPolicies ?? []).includes(policy)) return stackCase("disabled by the policy config: not checked");
    if (findings.length === 0 && waived.length === 0 && (report.notApplicable ?? []).includes(policy)) return stackCase("nothing to judge in this stack");

    const control = controlNamed(policy);
    const cases = new Map<string, Case>();
    const caseFor = (urn: string, type: string, name: string) => {
        const key = urn || "(stack)";
        let entry = cases.get(key);
        if (!entry) {
            entry = { name: urn ? `${type} ${name}` : `stack ${report.stack}`, classname: policy, failures: [], notes: [] };
            cases.set(key, entry);
        }
        return entry;
    };
    const evaluated: EvaluatedResource[] =
        control?.kind === "resource" ? (report.resources ?? []).filter((r) => control.appliesTo.includes(r.type)) : [];
    for (const resource of evaluated) caseFor(resource.urn, resource.type, resource.name);
    if (control?.kind !== "resource") caseFor("", "", "");
    for (const finding of findings) {
        const entry = caseFor(finding.urn, finding.resourceType, finding.resourceName);
        if (finding.enforcementLevel === "mandatory") entry.failures.push(finding);
        else entry.notes.push(`${finding.deferred ? DEFERRED : "advisory"}: ${finding.message}`);
    }
    for (const waiver of waived) {
        const { type, name } = parseUrn(waiver.urn);
        const pattern = waiver.resource !== undefined ? ` (waiver for ${waiver.resource})` : "";
        caseFor(waiver.urn, type, name).notes.push(`waived by ${waiver.owner} until ${waiver.expires}${pattern}: ${waiver.reason}`);
    }
    // A case whose only notes are checks decided at the update has not passed yet.
    for (const entry of cases.values()) {
        if (entry.failures.length === 0 && entry.notes.length > 0 && entry.notes.every((note) => note.startsWith(DEFERRED))) {
            entry.skipped = `${DEFERRED}: a value this check needs is unknown at preview`;
        }
    }
    return [...cases.values()];
}

export function renderJunit(report: FindingsReport): string {
    const policies = [...new Set([...(report.policies ?? []), ...report.findings.map((f) => f.policy), ...report.waivers.map((w) => w.policy)])];
    const suites = policies.map((policy) => ({ policy, cases: casesFor(policy, report) }));
    const total = suites.reduce((n, s) => n + s.cases.length, 0);
    const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failures.length > 0).length, 0);
    const skipped = suites.reduce((n, s) => n + s.cases.filter((c) => c.skipped !== undefined).length, 0);
    const warnings = report.warnings ?? [];

    const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", {
        name: xmlSafe(`ccguard ${report.pack.name} ${report.stack}`),
        tests: total + warnings.length,
        failures,
        errors: 0,
        skipped: skipped + warnings.length,
    });
    // What was evaluated, as properties of a suite of its own: JUnit has no place for a run's context.
    const context = root.ele("testsuite", { name: "ccguard evaluated", tests: 0, failures: 0, errors: 0, skipped: 0 }).ele("properties");
    const evaluated = report.evaluated ?? {};
    const facts: [string, string | undefined][] = [
        ["project", evaluated.project],
        ["stack", report.stack],
        ["mode", report.mode],
        ["outputs", evaluated.outputs],
        ["policyConfig", evaluated.policyConfig?.path],
        ["policyConfigSha256", evaluated.policyConfig?.sha256],
        ["pack", `${report.pack.name} ${report.pack.version}`],
        ["disabledPolicies", (report.disabledPolicies ?? []).join(", ") || undefined],
    ];
    for (const [name, value] of facts) if (value !== undefined) context.ele("property", { name, value: xmlSafe(value) });
    if (warnings.length > 0) {
        // CI shows skipped tests: what could not be evaluated must not vanish into a green run.
        const suite = root.ele("testsuite", { name: "ccguard not evaluated", tests: warnings.length, failures: 0, errors: 0, skipped: warnings.length });
        for (const warning of warnings) {
            suite
                .ele("testcase", { name: xmlSafe(`${warning.kind} ${warning.urn ?? ""}`.trim()), classname: "ccguard.not-evaluated" })
                .ele("skipped", { message: xmlSafe(warning.message) });
        }
    }
    for (const { policy, cases } of suites) {
        const suite = root.ele("testsuite", {
            name: xmlSafe(policy),
            tests: cases.length,
            failures: cases.filter((c) => c.failures.length > 0).length,
            errors: 0,
            skipped: cases.filter((c) => c.skipped !== undefined).length,
        });
        const control = controlNamed(policy);
        if (control) {
            const properties = suite.ele("properties");
            properties.ele("property", { name: "severity", value: control.severity });
            for (const [framework, refs] of Object.entries(control.frameworks)) {
                if (refs.length > 0) properties.ele("property", { name: framework, value: refs.join("; ") });
            }
        }
        for (const testCase of cases) {
            const element = suite.ele("testcase", { name: xmlSafe(testCase.name), classname: xmlSafe(testCase.classname) });
            for (const failure of testCase.failures) {
                element
                    .ele("failure", {
                        message: xmlSafe(failure.message.split("\n")[0] + (failure.remediatedByUpdate ? " (the next update would remediate it)" : "")),
                        type: xmlSafe(`${failure.severity} ${failure.policy}`),
                    })
                    .txt(xmlSafe(failure.message));
            }
            if (testCase.skipped !== undefined) element.ele("skipped", { message: testCase.skipped });
            if (testCase.notes.length > 0) element.ele("system-out").txt(xmlSafe(testCase.notes.join("\n")));
        }
    }
    return root.end({ prettyPrint: true }) + "\n";
}
