/**
 * The pack shares one deserialised copy of each resource between all its policies of a request
 * (`policies/shared-deserialisation.ts`), so a control that wrote to what it is given would change
 * what the controls after it see. Here every copy the SDK hands out is deeply frozen: in strict-mode
 * code a write then throws, which the adapter reports as "could not evaluate". Every example must
 * get exactly the findings it gets unfrozen, and arbitrary stacks must draw no such error.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import { arbitraryExample } from "../support/arbitrary-stacks";
import { findingsOf } from "../support/control-examples";

type Deserialise = (properties: object, proxySecrets: boolean) => unknown;
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialise };

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

let freezing = false;
const original = sdk.deserializeProperties;
beforeAll(() => {
    // Remediation asks for its own secret-preserving copy, which is never shared; it stays writable.
    sdk.deserializeProperties = (properties, proxySecrets) => {
        const values = original(properties, proxySecrets);
        return freezing && !proxySecrets ? deepFreeze(values) : values;
    };
});
afterAll(() => {
    sdk.deserializeProperties = original;
});

async function frozen<T>(run: () => Promise<T>): Promise<T> {
    freezing = true;
    try {
        return await run();
    } finally {
        freezing = false;
    }
}

describe.each(catalogue.map((c) => [c.name, c] as const))("%s only reads its input", (_name, control) => {
    it("gives every example the same findings when what it reads is frozen", async () => {
        for (const example of control.examples) {
            const writable = await findingsOf(control, example);
            expect(await frozen(() => findingsOf(control, example)), example.title).toEqual(writable);
        }
    });

    it("never writes to arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(control), async (example) => {
                const findings = await frozen(() => findingsOf(control, example));
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 15 },
        );
    });
});
