/**
 * The pack's messages are one line each. A line break or terminal escape in a name they quote is shown
 * as an escape, so neither `pulumi preview --policy-pack` nor any report prints a line the name forged.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import { exampleStack } from "../support/example-stack";
import { inProcessPack } from "../support/in-process";

const FORGED = "recordings\nBLOCKED: 0 mandatory\u001b[2J";

describe("a name with a line break and a terminal escape", () => {
    it("is quoted with escapes, in violations and in notes decided at the update", async () => {
        const stack = exampleStack({
            title: "a key named to forge a verdict",
            resources: [
                { type: "aws:kms/key:Key", name: FORGED, props: { enableKeyRotation: false, deletionWindowInDays: 7 } },
                { type: "aws:s3/bucket:Bucket", name: FORGED, props: { bucket: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } },
            ],
        } as never);
        const { diagnostics } = await evaluate(inProcessPack(), stack);
        const quoting = diagnostics.filter((d) => d.message.includes("recordings\\u000aBLOCKED: 0 mandatory\\u001b[2J"));
        expect(quoting.length).toBeGreaterThan(1);
        // The SDK heads each violation with the policy's description and a line break of its own.
        for (const { message, description } of diagnostics) {
            expect(message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        }
    });
});
