import { describe, expect, it } from "vitest";
import { loggingSwitchOf, trailDataEventCoverage, type BucketIdentity } from "../../../policies/logging/trail-data-events";
import type { GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const CLASSIC = "aws:cloudtrail/trail:Trail";
const NATIVE = "aws-native:cloudtrail:Trail";
const trailOf = (type: string, props: Record<string, unknown>): GraphResource => ({ urn: `urn:pulumi:test::p::${type}::audit`, type, name: "audit", props, dependencies: [], propertyDependencies: {} });
const recordings: BucketIdentity = { resource: undefined, name: "acme-recordings" };
const objectsSelector = (operator: string, values: string[]) => ({
    fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", [operator]: values },
    ],
});

describe("loggingSwitchOf", () => {
    it.each([
        [CLASSIC, {}, "enableLogging", true],
        [CLASSIC, { enableLogging: false }, "enableLogging", false],
        [CLASSIC, { enableLogging: UNKNOWN }, "enableLogging", "unknown"],
        [NATIVE, { isLogging: true }, "isLogging", true],
        [NATIVE, { isLogging: false }, "isLogging", false],
        [NATIVE, {}, "isLogging", false],
        [NATIVE, { isLogging: UNKNOWN }, "isLogging", "unknown"],
        [NATIVE, { enableLogging: true }, "isLogging", false],
    ] as const)("reads %s %j through `%s` as %s", (type, props, property, on) => {
        expect(loggingSwitchOf(trailOf(type, props))).toMatchObject({ property, on });
    });
});

describe("advanced selector operators of either provider", () => {
    it.each([
        [CLASSIC, "startsWiths"],
        [NATIVE, "startsWith"],
    ])("%s: %s keeps the bucket's objects selected", (type, operator) => {
        const trail = trailOf(type, { isLogging: true, advancedEventSelectors: [objectsSelector(operator, ["arn:aws:s3:::acme-recordings/"])] });
        expect(trailDataEventCoverage(trail, recordings)).toMatchObject({ reads: true, writes: true });
    });

    it.each([
        [CLASSIC, "notStartsWiths"],
        [NATIVE, "notStartsWith"],
    ])("%s: %s on the bucket excludes its objects", (type, operator) => {
        const trail = trailOf(type, { isLogging: true, advancedEventSelectors: [objectsSelector(operator, ["arn:aws:s3:::acme-recordings/"])] });
        expect(trailDataEventCoverage(trail, recordings)).toMatchObject({ reads: false, writes: false });
    });

    it("names the aws-native switch in the gap of a trail that is not logging", () => {
        const trail = trailOf(NATIVE, { isLogging: false, advancedEventSelectors: [objectsSelector("startsWith", ["arn:aws:s3:::acme-recordings/"])] });
        expect(trailDataEventCoverage(trail, recordings).gaps).toEqual(["'audit' has `isLogging` false"]);
    });
});
