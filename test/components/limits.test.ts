import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, LIMIT_NAMES, limitsWith } from "../../components/limits";
import { catalogue } from "../../policies/catalogue";
import { parametersOf } from "../../policies/config/parameters";

describe("the components' limits", () => {
    it.each(LIMIT_NAMES)("%s is, under the same name, a parameter of the pack with the same default", (limit) => {
        const declaring = catalogue.filter((control) => parametersOf(control).some(([name]) => name === limit));
        expect(declaring.length, `no policy takes ${limit}`).toBeGreaterThan(0);
        for (const control of declaring) {
            const parameter = parametersOf(control).find(([name]) => name === limit)![1];
            expect(DEFAULT_LIMITS[limit], control.name).toEqual(parameter.default);
        }
    });

    it("keep a default where a limit is given as undefined, as config.getNumber of an unset key gives it", () => {
        expect(limitsWith({ maxContactDataRetentionDays: undefined }).maxContactDataRetentionDays).toBe(DEFAULT_LIMITS.maxContactDataRetentionDays);
    });

    it("are tightened or loosened only through an explicit `limits` argument", () => {
        expect(limitsWith(undefined)).toEqual(DEFAULT_LIMITS);
        expect(limitsWith({ maxContactDataRetentionDays: 90 }).maxContactDataRetentionDays).toBe(90);
        expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    });
});

describe("limits given by a program the types do not protect", () => {
    it.each([
        [{ maxRetentionDays: 90 }, 'limits.maxRetentionDays: unknown limit; did you mean "maxLogRetentionDays"?'],
        [{ regionProfile: "uk" }, 'limits.regionProfile is "uk"; it must be one of "eu-member-states", "eu-plus-adequacy", "custom"'],
        [{ maxContactDataRetentionDays: "180" }, 'limits.maxContactDataRetentionDays is "180"; it must be integer'],
    ])("refuses %j with one line naming the limit", (limits, message) => {
        expect(() => limitsWith(limits as never)).toThrow(message);
    });
});
