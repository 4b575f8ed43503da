/**
 * How ccguard reads every input file: decoded by its byte order mark, refused with one line when it
 * is not text or nests deeper than any real input, and file errors named in words.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readStackReferences } from "../../cli/engine/stack-references";
import { decodeText, fileProblem, MAX_JSON_NESTING, nestingDepth, parseJsonText, readInputText } from "../../cli/read-input";

const hostile = path.join(__dirname, "..", "fixtures", "hostile");
const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-read-input-"));

describe("decoding input files", () => {
    const text = '{"région": "eu-west-3", "note": "Zürich → Paris"}';
    it.each([
        ["UTF-8 without a byte order mark", Buffer.from(text, "utf8")],
        ["UTF-8 with a byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])],
        ["UTF-16 LE with a byte order mark", Buffer.from(`\ufeff${text}`, "utf16le")],
        ["UTF-16 BE with a byte order mark", Buffer.from(`\ufeff${text}`, "utf16le").swap16()],
    ])("reads %s", (_encoding, bytes) => {
        expect(decodeText(bytes, "input.json")).toBe(text);
    });

    it.each([
        ["bytes that are not UTF-8", Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), /^input\.json is not text: expected UTF-8, or UTF-16 with a byte order mark$/],
        ["UTF-16 cut in the middle of a character", Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d]), /^input\.json is not text/],
        ["UTF-16 with a lone surrogate", Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x7d, 0x00]), /^input\.json is not text/],
        ["UTF-16 without a byte order mark", Buffer.from("{}", "utf16le"), /NUL bytes: binary, or UTF-16 without a byte order mark/],
    ])("refuses %s with one line", (_case, bytes, pattern) => {
        expect(() => decodeText(bytes, "input.json")).toThrow(pattern);
    });
});

describe("reading an input file", () => {
    it("names a missing file, a directory and a refused permission in words, not errno codes", () => {
        expect(() => readInputText(path.join(scratch, "missing.json"))).toThrow(/^cannot read .*missing\.json: no such file$/);
        expect(() => readInputText(scratch, "policy config x")).toThrow(/^cannot read policy config x: is a directory$/);
        const denied = Object.assign(new Error("EACCES: permission denied, open 'secret.json'"), { code: "EACCES" });
        expect(fileProblem(denied)).toBe("permission denied");
        expect(fileProblem(Object.assign(new Error("EWEIRD: something odd happened, open 'x.json'"), { code: "EWEIRD" }))).toBe("something odd happened");
    });

    it("reads a UTF-16 BE file of stack outputs, secret placeholders included", () => {
        const references = readStackReferences([`acme/data/prod=${path.join(hostile, "stack-outputs.utf16be.json")}`]);
        expect(references.get("acme/data/prod")).toEqual({ outputs: { bucketName: "recordings", kmsKeyArn: "[secret]" }, secretOutputNames: ["kmsKeyArn"] });
    });

    it("names an unreadable stack outputs file in words", () => {
        expect(() => readStackReferences([`acme/data/prod=${path.join(scratch, "nowhere.json")}`])).toThrow(/^cannot read stack outputs .*nowhere\.json for acme\/data\/prod: no such file$/);
    });
});

describe("JSON nesting", () => {
    it("counts nesting without recursion, ignoring brackets inside strings", () => {
        expect(nestingDepth('{"a": [1, {"b": "[[[{{{"}], "c": "\\\\\\"["}')).toBe(3);
        expect(nestingDepth('["\\\\", [[]]]')).toBe(3);
        expect(nestingDepth("[".repeat(100_000) + "]".repeat(100_000))).toBe(100_000);
    });

    it(`accepts ${MAX_JSON_NESTING} levels and refuses one more, before parsing`, () => {
        const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
        expect(() => parseJsonText(nested(MAX_JSON_NESTING), "x.json")).not.toThrow();
        expect(() => parseJsonText(nested(MAX_JSON_NESTING + 1), "x.json")).toThrow(/^x\.json nests arrays or objects more than 512 levels deep/);
    });

    it("refuses the stack export and policy config fixtures nested 4,000 levels deep", () => {
        for (const fixture of ["stack-export-deep.json", "policy-config-deep.json", "deep-nesting.json"]) {
            const file = path.join(hostile, fixture);
            expect(() => parseJsonText(readInputText(file), fixture)).toThrow(/more than 512 levels deep/);
        }
    });

    it("says why text is not JSON, with the caller's hint", () => {
        writeFileSync(path.join(scratch, "yaml.json"), "resources:\n  - bucket\n");
        expect(() => parseJsonText(readInputText(path.join(scratch, "yaml.json")), "export.json", " (truncated or not a stack export)")).toThrow(
            /^export\.json is not valid JSON \(truncated or not a stack export\): /,
        );
    });
});
