/**
 * JUnit XML, so CI systems show violations as failed tests: a test suite per policy, a test case per
 * resource it evaluated. Resource controls evaluate the resources of the types they apply to; stack
 * controls get one case for the stack plus one per resource they reported. Advisory and waived
 * findings pass, with the note in the case's output.
 */
import { create } from "xmlbuilder2";
import { controlNamed } from "../../policies/catalogue";
import type { EvaluatedResource, Finding, FindingsReport } from "../findings";

interface Case {
    name: string;
    classname: string;
    failures: Finding[];
    notes: string[];
}

function casesFor(policy: string, report: FindingsReport): Case[] {
    const control = controlNamed(policy);
    const findings = report.findings.filter((f) => f.policy === policy);
    const waived = report.waivers.filter((w) => w.policy === policy);
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
        else entry.notes.push(`${finding.deferred ? "deferred" : "advisory"}: ${finding.message}`);
    }
    for (const waiver of waived) {
        const [, , qualifiedType = "", ...name] = waiver.urn.split("::");
        caseFor(waiver.urn, qualifiedType.split("$").pop() ?? "", name.join("::")).notes.push(
            `waived by ${waiver.owner} until ${waiver.expires}: ${waiver.reason}`,
        );
    }
    return [...cases.values()];
}

export function renderJunit(report: FindingsReport): string {
    const policies = [...new Set([...(report.policies ?? []), ...report.findings.map((f) => f.policy), ...report.waivers.map((w) => w.policy)])];
    const suites = policies.map((policy) => ({ policy, cases: casesFor(policy, report) }));
    const total = suites.reduce((n, s) => n + s.cases.length, 0);
    const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failures.length > 0).length, 0);

    const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", {
        name: `ccguard ${report.pack.name} ${report.stack}`,
        tests: total + (report.warnings?.length ?? 0),
        failures,
        errors: 0,
    });
    const warnings = report.warnings ?? [];
    if (warnings.length > 0) {
        // CI shows skipped tests: what could not be evaluated must not vanish into a green run.
        const suite = root.ele("testsuite", { name: "ccguard not evaluated", tests: warnings.length, failures: 0, errors: 0, skipped: warnings.length });
        for (const warning of warnings) {
            suite.ele("testcase", { name: `${warning.kind} ${warning.urn ?? ""}`.trim(), classname: "ccguard.not-evaluated" }).ele("skipped", { message: warning.message });
        }
    }
    for (const { policy, cases } of suites) {
        const suite = root.ele("testsuite", {
            name: policy,
            tests: cases.length,
            failures: cases.filter((c) => c.failures.length > 0).length,
            errors: 0,
            skipped: 0,
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
            const element = suite.ele("testcase", { name: testCase.name, classname: testCase.classname });
            for (const failure of testCase.failures) {
                element.ele("failure", { message: failure.message.split("\n")[0], type: `${failure.severity} ${failure.policy}` }).txt(failure.message);
            }
            if (testCase.notes.length > 0) element.ele("system-out").txt(testCase.notes.join("\n"));
        }
    }
    return root.end({ prettyPrint: true }) + "\n";
}
