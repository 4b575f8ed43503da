/**
 * No silent pass (DESIGN rule 1). Every violating example of every mandatory control is turned into
 * the form a first `pulumi preview` would show: each value that names another resource of the
 * example (its name, id or ARN) becomes unknown, and the engine's property dependencies say where it
 * came from. The control must still block, or say that it decides during the update.
 */
import { describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import { findingsOf } from "../support/control-examples";
import { firstPreviewOf } from "../support/first-preview";

const cases = catalogue
    .filter((control) => control.enforcementLevel === "mandatory")
    .flatMap((control) => control.examples.filter((e) => e.verdict === "violation").map((example) => [control.name, example.title, control, example] as const));

describe("no mandatory control passes a violation silently at first preview", () => {
    it("has cases for every mandatory control", () => {
        const covered = new Set(cases.map(([name]) => name));
        for (const control of catalogue.filter((c) => c.enforcementLevel === "mandatory")) expect(covered).toContain(control.name);
    });

    it.each(cases)("%s: %s", async (_name, _title, control, example) => {
        const findings = await findingsOf(control, firstPreviewOf(example));
        const blocks = findings.some((f) => f.enforcementLevel === "mandatory");
        const defers = findings.some((f) => f.message.includes("can't run policy") && f.message.includes("not known yet"));
        expect(blocks || defers, `no finding for the first-preview form of "${example.title}"`).toBe(true);
    });
});
