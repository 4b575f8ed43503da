import { describe, expect, it } from "vitest";
import { describeValue, isAbsent, isRecord, numberOf } from "../../../policies/lib/describe";

describe("describeValue", () => {
    it("quotes a short string whole", () => {
        expect(describeValue("eu-central-1")).toBe('"eu-central-1"');
    });

    it("quotes a string of exactly 80 characters whole", () => {
        const value = "a".repeat(80);
        expect(describeValue(value)).toBe(`"${value}"`);
    });

    it("cuts a string longer than 80 characters to 80 and marks the cut", () => {
        expect(describeValue("a".repeat(80) + "b".repeat(20))).toBe(`"${"a".repeat(80)}…"`);
    });

    it.each([
        ["a newline", "line one\nline two", '"line one?line two"'],
        ["a carriage return", "ok\r", '"ok?"'],
        ["a tab", "a\tb", '"a?b"'],
        ["an escape sequence", "\u001b[31mred", '"?[31mred"'],
        ["a NUL", "a\u0000b", '"a?b"'],
        ["DEL", "a\u007fb", '"a?b"'],
    ])("replaces %s with a question mark", (_what, value, quoted) => {
        expect(describeValue(value)).toBe(quoted);
    });

    it("replaces control characters before it measures the length", () => {
        expect(describeValue("\n".repeat(100))).toBe(`"${"?".repeat(80)}…"`);
    });

    it("leaves printable non-ASCII text alone", () => {
        expect(describeValue("Zürich – région")).toBe('"Zürich – région"');
    });

    it.each([
        ["undefined", undefined, "nothing"],
        ["null", null, "null"],
        ["the empty string", "", '""'],
        ["a number", 42, "42"],
        ["zero", 0, "0"],
        ["a boolean", false, "false"],
    ])("describes %s as %s", (_what, value, description) => {
        expect(describeValue(value)).toBe(description);
    });

    it.each([
        [[], "a list of 0"],
        [["eu-central-1", "us-east-1"], "a list of 2"],
        [Array.from({ length: 1000 }, () => "x".repeat(1000)), "a list of 1000"],
    ])("summarises an array by its length", (value, description) => {
        expect(describeValue(value)).toBe(description);
    });

    it.each([{}, { Statement: [{ Effect: "Allow", Action: "*" }] }])("summarises the object %j without quoting it", (value) => {
        expect(describeValue(value)).toBe("an object");
    });
});

describe("isRecord", () => {
    it.each([{}, { bucket: "acme-recordings" }, Object.create(null)])("is true for the object %j", (value) => {
        expect(isRecord(value)).toBe(true);
    });

    it.each([null, undefined, [], ["a"], "object", 0, true])("is false for %j", (value) => {
        expect(isRecord(value)).toBe(false);
    });
});

describe("isAbsent", () => {
    it.each([undefined, null, ""])("is true for %j, which AWS reads as left out", (value) => {
        expect(isAbsent(value)).toBe(true);
    });

    it.each([0, false, " ", [], {}])("is false for the set value %j", (value) => {
        expect(isAbsent(value)).toBe(false);
    });
});

describe("numberOf", () => {
    it.each([
        [365, 365],
        [0, 0],
        ["90", 90],
        [" 7 ", 7],
        ["1e2", 100],
    ])("reads %j as %j", (value, expected) => {
        expect(numberOf(value)).toBe(expected);
    });

    it.each([undefined, null, "", "  ", "ninety", Number.NaN, Number.POSITIVE_INFINITY, [30], { days: 30 }, true])("reads %j as no number", (value) => {
        expect(numberOf(value)).toBeUndefined();
    });
});

describe("describeValue on text that could mislead a reader", () => {
    it("replaces C1 control characters and bidirectional overrides", () => {
        expect(describeValue("key\u009b1\u202egnp.exe")).toBe('"key?1?gnp.exe"');
    });

    it("never cuts a character made of two UTF-16 units in half", () => {
        const quoted = describeValue("🔑".repeat(100));
        expect(quoted).toBe(`"${"🔑".repeat(80)}…"`);
    });
});
