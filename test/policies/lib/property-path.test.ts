import { describe, expect, it } from "vitest";
import { propertyAt } from "../../../policies/lib/property-path";
import { UNKNOWN } from "../../../policies/lib/unknown";

describe("propertyAt", () => {
    it("steps into lists by index and quotes them as such", () => {
        expect(propertyAt({ a: [{ b: 1 }, { b: UNKNOWN }] }, ["a", 1, "b"])).toEqual({ value: UNKNOWN, path: "a[1].b", property: "a" });
        expect(propertyAt({ a: { 0: "not a list" } }, ["a", 0])).toEqual({ value: undefined, path: "a[0]", property: "a" });
    });

    it("reads a nested value and quotes the whole path", () => {
        expect(propertyAt({ a: { b: { c: 3 } } }, ["a", "b", "c"])).toEqual({ value: 3, path: "a.b.c", property: "a" });
    });

    it("stops at the first step not known yet and names it", () => {
        expect(propertyAt({ a: { b: UNKNOWN } }, ["a", "b", "c"])).toEqual({ value: UNKNOWN, path: "a.b", property: "a" });
    });

    it("gives undefined through missing steps, lists, strings and null, without throwing", () => {
        for (const props of [{}, { a: null }, { a: "text" }, { a: [{ b: 1 }] }, null, "props"]) {
            expect(propertyAt(props, ["a", "b"])).toEqual({ value: undefined, path: "a.b", property: "a" });
        }
    });
});
