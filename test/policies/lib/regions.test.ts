import { describe, expect, it } from "vitest";
import { ADEQUACY_REGIONS, allowedRegions, EU_MEMBER_STATE_REGIONS } from "../../../policies/lib/regions";

const MEMBER_STATES = ["eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eusc-de-east-1"];

describe("allowedRegions", () => {
    it("allows the regions in EU member states under eu-member-states", () => {
        expect(allowedRegions("eu-member-states", [])).toEqual(MEMBER_STATES);
    });

    it("adds London and Zurich under eu-plus-adequacy", () => {
        expect(allowedRegions("eu-plus-adequacy", [])).toEqual([...MEMBER_STATES, "eu-west-2", "eu-central-2"]);
    });

    it("allows nothing under custom without extra regions", () => {
        expect(allowedRegions("custom", [])).toEqual([]);
    });

    it("allows only the extra regions under custom", () => {
        expect(allowedRegions("custom", ["eu-central-1", "eu-west-2"])).toEqual(["eu-central-1", "eu-west-2"]);
    });

    it("adds extra regions after the profile's", () => {
        expect(allowedRegions("eu-member-states", ["me-central-1"])).toEqual([...MEMBER_STATES, "me-central-1"]);
    });

    it("lists a region once when an extra region repeats one of the profile's or another extra", () => {
        const allowed = allowedRegions("eu-member-states", ["eu-central-1", "ca-central-1", "ca-central-1"]);
        expect(allowed).toEqual([...MEMBER_STATES, "ca-central-1"]);
    });

    it("ignores extra regions that are not strings", () => {
        expect(allowedRegions("custom", ["eu-central-1", 42, null, { region: "us-east-1" }])).toEqual(["eu-central-1"]);
    });

    it.each([
        ["an unknown profile name", "eu-and-friends"],
        ["a profile name in the wrong case", "EU-PLUS-ADEQUACY"],
        ["an empty string", ""],
        ["a number", 7],
        ["no profile", undefined],
        ["null", null],
        ["a list of profiles", ["custom"]],
    ])("falls back to eu-member-states for %s", (_what, profile) => {
        expect(allowedRegions(profile, [])).toEqual(MEMBER_STATES);
    });

    it.each([
        ["undefined", undefined],
        ["a single region string", "us-east-1"],
        ["an object", { "us-east-1": true }],
    ])("ignores extra regions given as %s", (_what, extra) => {
        expect(allowedRegions("eu-member-states", extra)).toEqual(MEMBER_STATES);
    });

    it("does not let a caller's changes to the result reach the profile", () => {
        allowedRegions("eu-plus-adequacy", []).push("us-east-1");
        expect(allowedRegions("eu-plus-adequacy", [])).not.toContain("us-east-1");
        expect(EU_MEMBER_STATE_REGIONS).not.toContain("us-east-1");
        expect(ADEQUACY_REGIONS).not.toContain("us-east-1");
    });
});

describe("profile names that every JavaScript object knows", () => {
    it.each(["toString", "constructor", "__proto__", "hasOwnProperty"])("falls back to the EU member states for %s", (profile) => {
        expect(allowedRegions(profile, [])).toEqual(MEMBER_STATES);
    });
});
