/**
 * A control that throws aborts the user's whole preview. Every control, fed arbitrary and malformed
 * property bags through the SDK's own machinery, must answer with findings or nothing, never with
 * an exception (which the adapter would turn into a "could not evaluate" violation). The short run
 * here is part of `npm test`; `npm run fuzz` runs 100,000 cases per control.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import type { ControlExample } from "../../policies/control";
import { arbitraryExample, extremeValues } from "../support/arbitrary-stacks";
import { exampleStack } from "../support/example-stack";
import { serveControl, type ServedControl } from "../support/served-control";

export const RUNS = Number(process.env["CCGUARD_FUZZ_RUNS"] ?? 40);

describe.each(catalogue.map((c) => [c.name, c] as const))("%s never throws", (_name, control) => {
    // Configured once, as for a preview: the cases differ only in the stack.
    let served: ServedControl;
    beforeAll(async () => {
        served = await serveControl(control);
    });
    const internalErrors = async (example: ControlExample) =>
        (await served.diagnostics(exampleStack(example))).filter((d) => d.policyName === control.name && /could not evaluate/.test(d.message));

    it(`on ${RUNS} arbitrary stacks`, async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(control), async (example) => {
                expect(await internalErrors(example)).toEqual([]);
            }),
            { numRuns: RUNS },
        );
    }, 600_000);

    it("on huge and deeply nested values in every property it reads", async () => {
        const types = control.kind === "resource" ? control.appliesTo : [...new Set(control.examples.flatMap((e) => e.resources.map((r) => r.type)))];
        for (const value of extremeValues()) {
            const resources = types.slice(0, 4).map((type, i) => ({
                name: `r${i}`,
                type,
                props: Object.fromEntries(["policy", "rules", "storageConfig", "content", "assumeRolePolicy"].map((k) => [k, value])),
            }));
            expect(await internalErrors({ title: "extreme", verdict: "compliant", resources })).toEqual([]);
        }
    }, 120_000);
});
