import { describe, expect, it } from "vitest";
import { flowDocumentOf } from "../../../policies/lib/flow-document";
import { UNKNOWN } from "../../../policies/lib/unknown";

describe("flowDocumentOf", () => {
    it("reads the actions of a flow given as JSON text or as an object", () => {
        const actions = [{ Identifier: "a", Type: "DisconnectParticipant" }];
        expect(flowDocumentOf({ content: JSON.stringify({ Actions: actions }) })).toEqual({ kind: "actions", actions });
        expect(flowDocumentOf({ content: { Actions: actions } })).toEqual({ kind: "actions", actions });
    });

    it("tells content not known yet, a flow from a file and no flow at all apart", () => {
        expect(flowDocumentOf({ content: UNKNOWN })).toEqual({ kind: "unknown" });
        expect(flowDocumentOf({ filename: "flow.json" })).toEqual({ kind: "file" });
        expect(flowDocumentOf({})).toEqual({ kind: "absent" });
    });

    it.each([
        ["{", "`content` is not valid JSON"],
        ["[1]", "`content` is a list of 1, not a flow document"],
        ["{}", "`content` has no `Actions` list"],
        ['{"Actions": "x"}', '`content` has "x" as its `Actions` list'],
    ])("explains why %s cannot be read, without quoting it", (content, reason) => {
        expect(flowDocumentOf({ content })).toEqual({ kind: "unreadable", reason });
    });
});
