/**
 * Every control against its own examples, through the SDK's machinery (deserialisation, the
 * unknown-checking proxy, notApplicable, the advisory downgrade of unknowns). The examples are the
 * specification: compliant ones draw nothing from the control, violating ones block, and first-preview
 * ones whose deciding value is unknown say so without blocking, unless the team fails closed.
 */
import { describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import type { Control, ControlExample } from "../../policies/control";
import { exampleStack } from "../support/example-stack";
import { diagnosticsFor } from "../support/in-process";

async function findingsOf(control: Control, example: ControlExample, extraConfig: Record<string, unknown> = {}) {
    const config = { [control.name]: { ...example.config, ...extraConfig } };
    const diagnostics = await diagnosticsFor(exampleStack(example), config);
    return diagnostics.filter((d) => d.policyName === control.name);
}

describe.each(catalogue.map((control) => [control.name, control] as const))("%s", (_name, control) => {
    it("has compliant, violating and first-preview examples", () => {
        const verdicts = new Set(control.examples.map((e) => e.verdict));
        expect(verdicts).toContain("compliant");
        expect(verdicts).toContain("violation");
        expect(verdicts).toContain("deferred");
    });

    for (const example of control.examples) {
        it(`${example.verdict}: ${example.title}`, async () => {
            const findings = await findingsOf(control, example);
            const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory");
            const deferred = findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("can't run policy"));
            switch (example.verdict) {
                case "compliant":
                    expect(findings).toEqual([]);
                    break;
                case "violation":
                    expect(mandatory.length).toBeGreaterThan(0);
                    for (const finding of mandatory) expect(finding.message).not.toMatch(/could not evaluate/);
                    break;
                case "deferred":
                    expect(mandatory).toEqual([]);
                    expect(deferred).toHaveLength(1);
                    expect(deferred[0].message).toMatch(/not known yet/);
                    expect(deferred[0].message).toMatch(/Checked again during the update/);
                    break;
            }
        });
    }

    for (const example of control.examples.filter((e) => e.verdict === "deferred")) {
        it(`blocks at preview with unknownValues "block": ${example.title}`, async () => {
            const findings = await findingsOf(control, example, { unknownValues: "block" });
            expect(findings.some((f) => f.enforcementLevel === "mandatory" && /unknownValues is "block"/.test(f.message))).toBe(true);
        });
    }
});
