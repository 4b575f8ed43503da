import { describe, expect, it } from "vitest";
import { applyWaivers, statusOf, waiverMatches, waiversOf, type Waiver } from "../../policies/waivers";

const today = new Date(Date.UTC(2026, 10, 25));
const urn = "urn:pulumi:prod::cc::aws:s3/bucket:Bucket::legacy-recordings";
const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
    resource: "legacy-*",
    reason: "migrating to the new store by Q1",
    owner: "dpo@acme.example",
    expires: "2026-12-31",
    ...overrides,
});

describe("statusOf", () => {
    it("honours a complete waiver through its last day", () => {
        expect(statusOf(waiver({ expires: "2026-11-25" }), today)).toEqual({ kind: "honoured" });
    });
    it("does not honour a waiver the day after it expires", () => {
        expect(statusOf(waiver({ expires: "2026-11-24" }), today)).toEqual({ kind: "expired" });
    });
    it.each([
        ["reason", { reason: "" }],
        ["owner", { owner: "  " }],
        ["expires", { expires: "" }],
        ["expires", { expires: "next year" }],
    ])("does not honour a waiver without %s", (missing, overrides) => {
        expect(statusOf(waiver(overrides), today)).toEqual({ kind: "incomplete", missing: [missing] });
    });
});

describe("waiverMatches", () => {
    it.each([
        [urn, true],
        ["legacy-*", true],
        ["legacy-recordings", true],
        ["urn:pulumi:prod::cc::aws:s3/bucket:Bucket::*", true],
        ["recordings", false],
        ["urn:pulumi:dev::cc::aws:s3/bucket:Bucket::legacy-recordings", false],
        ["", false],
    ])("a waiver for %j matches: %s", (resource, expected) => {
        expect(waiverMatches(waiver({ resource }), urn)).toBe(expected);
    });
    it("treats regular-expression characters in names literally", () => {
        expect(waiverMatches(waiver({ resource: "a.b" }), "urn:pulumi:s::p::t::axb")).toBe(false);
    });
});

describe("applyWaivers", () => {
    it("turns a violation on a waived resource into a waived note naming owner, expiry and reason", () => {
        const verdict = applyWaivers([waiver()], urn, "bucket uses SSE-S3", today);
        expect(verdict.waived).toBe(true);
        expect(verdict.message).toBe('Waived: accepted by "dpo@acme.example" until 2026-12-31 for "legacy-*", reason "migrating to the new store by Q1". bucket uses SSE-S3');
    });
    it("keeps blocking under an expired waiver and says why", () => {
        const verdict = applyWaivers([waiver({ expires: "2026-01-31" })], urn, "bucket uses SSE-S3", today);
        expect(verdict).toEqual({ waived: false, message: "bucket uses SSE-S3 (Not waived: the waiver for legacy-* expired on 2026-01-31.)" });
    });
    it("keeps blocking under an incomplete waiver and names what is missing", () => {
        const verdict = applyWaivers([waiver({ owner: "" })], urn, "m", today);
        expect(verdict.message).toMatch(/Not waived: the waiver for legacy-\* is not honoured: it has no owner/);
    });
    it("leaves violations on other resources alone", () => {
        expect(applyWaivers([waiver()], "urn:pulumi:prod::cc::aws:s3/bucket:Bucket::recordings", "m", today)).toEqual({ waived: false, message: "m" });
    });
});

describe("waiversOf", () => {
    it.each([undefined, null, "x", 3, [null, 1, "s"]])("reads %j as no waivers", (value) => {
        expect(waiversOf(value)).toEqual([]);
    });
});
