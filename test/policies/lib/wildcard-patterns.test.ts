import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wildcardCoversAfter, wildcardMatches } from "../../../policies/lib/wildcard-patterns";

/** The pattern as a regular expression over UTF-16 code units, as IAM's wildcards read. */
const expressionOf = (pattern: string, questionMark = "[\\s\\S]") =>
    new RegExp(`^${[...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? questionMark : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`);

const piece = fc.constantFrom("*", "?", "/", "a", "b", "ab", ":", "**", "/*", "?*", "*a");
const pattern = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
const text = fc.array(fc.constantFrom("a", "b", "/", ":", "ab"), { maxLength: 8 }).map((parts) => parts.join(""));

describe("wildcardMatches", () => {
    it.each([
        ["arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/Agent", true],
        ["arn:aws:iam::*:role/Agent?", "arn:aws:iam::111122223333:role/Agent7", true],
        ["arn:aws:iam::*:role/Agent?", "arn:aws:iam::111122223333:role/Agent", false],
        ["arn:aws:iam::111122223333:role/agent", "arn:aws:iam::111122223333:role/Agent", false],
        ["", "", true],
        ["*", "", true],
    ])("%s matches %s: %s", (p, input, expected) => {
        expect(wildcardMatches(p, input)).toBe(expected);
    });

    it("agrees with the regular expression the pattern spells", () => {
        fc.assert(fc.property(pattern, text, (p, input) => wildcardMatches(p, input) === expressionOf(p).test(input)), { numRuns: 3000 });
    });
});

describe("wildcardCoversAfter", () => {
    const OTHER = "\u0000";

    it("says a pattern covers everything after a prefix only when what is left of it is stars", () => {
        expect(wildcardCoversAfter("arn:aws:s3:::acme/*", "arn:aws:s3:::acme/", "all")).toBe(true);
        expect(wildcardCoversAfter("arn:aws:s3:::acme/Analysis/*", "arn:aws:s3:::acme/", "all")).toBe(false);
        expect(wildcardCoversAfter("arn:aws:s3:::acme/Analysis/*", "arn:aws:s3:::acme/", "some")).toBe(true);
        expect(wildcardCoversAfter("arn:aws:s3:::acme", "arn:aws:s3:::acme/", "some")).toBe(false);
    });

    it("agrees with the expression: all, when the pattern matches the prefix and a character only `*` can meet", () => {
        fc.assert(
            fc.property(pattern, text, (p, prefix) => wildcardCoversAfter(p, prefix, "all") === expressionOf(p, `[^${OTHER}]`).test(`${prefix}${OTHER}`)),
            { numRuns: 3000 },
        );
    });

    it("agrees with the expression: some, when the pattern matches the prefix followed by something", () => {
        const rest = text.filter((t) => t !== "");
        fc.assert(
            fc.property(pattern, text, rest, (p, prefix, after) => !expressionOf(p).test(`${prefix}${after}`) || wildcardCoversAfter(p, prefix, "some")),
            { numRuns: 3000 },
        );
    });
});
