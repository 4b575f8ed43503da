import { describe, expect, it } from "vitest";
import { rawStatementsOf, readDocument } from "../../../policies/lib/policy-statements";
import { UNKNOWN } from "../../../policies/lib/unknown";

const RECORDINGS = "arn:aws:s3:::acme-recordings/*";

describe("readDocument", () => {
    it("records which parts of each statement are not known yet", () => {
        const reading = readDocument({ Statement: [{ Effect: "Allow", Principal: { AWS: UNKNOWN }, Action: "s3:GetObject", Resource: [RECORDINGS, UNKNOWN] }] });
        expect(reading.kind).toBe("document");
        if (reading.kind !== "document") return;
        expect([...reading.statements[0].unknown].sort()).toEqual(["Principal", "Resource"]);
    });

    it("reads a JSON string as the same document, labelling statements by Sid or position", () => {
        const document = JSON.stringify({ Statement: [{ Sid: "ReadRecordings", Effect: "Allow", Action: "s3:GetObject", Resource: RECORDINGS }, { Effect: "Deny", Action: "s3:DeleteObject", Resource: RECORDINGS }] });
        const reading = readDocument(document);
        if (reading.kind !== "document") throw new Error(`read as ${reading.kind}`);
        expect(reading.statements.map((s) => s.label)).toEqual(['statement "ReadRecordings"', "statement 2"]);
        expect(reading.statements.map((s) => s.unknown.size)).toEqual([0, 0]);
    });

    it("keeps a malformed document malformed when nothing in it is unknown", () => {
        expect(readDocument({ Statement: [42] })).toEqual({ kind: "malformed", reason: "a statement is not an object" });
    });

    it("reads a statement that is an output not known yet as an unknown document", () => {
        expect(readDocument({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: RECORDINGS }, UNKNOWN] })).toEqual({ kind: "unknown" });
    });
});

describe("rawStatementsOf", () => {
    it("lists the statements of an object or a JSON string, one statement or many", () => {
        const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: RECORDINGS };
        expect(rawStatementsOf({ Statement: statement })).toEqual([statement]);
        expect(rawStatementsOf(JSON.stringify({ Statement: [statement, statement] }))).toEqual([statement, statement]);
    });

    it("stands an empty statement for one that is not an object, and lists nothing for what is not a document", () => {
        expect(rawStatementsOf({ Statement: [42, null] })).toEqual([{}, {}]);
        expect(rawStatementsOf("{not json")).toEqual([]);
        expect(rawStatementsOf(undefined)).toEqual([]);
        expect(rawStatementsOf({ Version: "2012-10-17" })).toEqual([]);
    });
});
