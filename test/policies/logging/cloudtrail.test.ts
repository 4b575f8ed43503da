import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasNothingToJudge } from "../../../policies/applicability";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { cloudtrailDataEvents } from "../../../policies/logging/cloudtrail";
import { or, trailDataEventCoverage, TrailSelections, type BucketIdentity, type Tri } from "../../../policies/logging/trail-data-events";
import { CONNECT_STORAGE_CONFIG, TRAIL } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { firstPreviewOf } from "../../support/first-preview";
import { graphResource, urnOf } from "../../support/example-stack";
import { reconciledConfig } from "../../support/reconciled-config";

const BUCKET = "aws:s3/bucket:Bucket";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const bucket = (name: string, physical: string): ExampleResource => ({ name, type: BUCKET, props: { bucket: physical } });
const storageFor = (name: string, bucketName: unknown): ExampleResource => ({
    name,
    type: CONNECT_STORAGE_CONFIG,
    props: { resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix: "connect/acme" } } },
});
const contactData = [bucket("recordings", "acme-recordings"), storageFor("call-recordings", "acme-recordings")];
const goodSettings = { s3BucketName: "acme-trail-logs", enableLogFileValidation: true, kmsKeyId: KEY_ARN, isMultiRegionTrail: true };
const trail = (props: Record<string, unknown>, extra: Partial<ExampleResource> = {}): ExampleResource => ({ name: "audit", type: TRAIL, props: { ...goodSettings, ...props }, ...extra });
const s3Objects = (values: unknown[], readWriteType: unknown = "All") => ({ readWriteType, dataResources: [{ type: "AWS::S3::Object", values }] });
const advanced = (...fieldSelectors: Record<string, unknown>[]) => ({
    fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, ...fieldSelectors],
});
const stack = (resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "violation", resources, config });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(cloudtrailDataEvents, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(cloudtrailDataEvents);

describe("logging-cloudtrail-data-events with aws-native trails and buckets", () => {
    const NATIVE_TRAIL = "aws-native:cloudtrail:Trail";
    const NATIVE_BUCKET = "aws-native:s3:Bucket";
    const nativeTrail = (props: Record<string, unknown>): ExampleResource => ({ name: "audit", type: NATIVE_TRAIL, props: { ...goodSettings, isLogging: true, ...props } });
    const nativeContactData = [{ name: "recordings", type: NATIVE_BUCKET, props: { bucketName: "acme-recordings" } }, storageFor("call-recordings", "acme-recordings")];
    const fieldsFor = (operator: string, values: string[]) => advanced({ field: "resources.ARN", [operator]: values });

    it("has something to judge in a stack of aws-native buckets only", () => {
        expect(hasNothingToJudge(cloudtrailDataEvents, new Set([NATIVE_BUCKET]))).toBe(false);
    });

    it("blocks an aws-native trail that is not logging, naming isLogging", async () => {
        const { blocking } = await outcome(stack([...nativeContactData, nativeTrail({ isLogging: false, eventSelectors: [s3Objects(["arn:aws:s3"])] })]));
        expect(blocking.map((f) => f.message)).toEqual([
            expect.stringMatching(/CloudTrail trail 'audit': `isLogging` is false \(must be `true`\)/),
            expect.stringMatching(/'audit' has `isLogging` false/),
        ]);
    });

    it("requires isLogging to be set on an aws-native trail, where the classic enableLogging may be left out", async () => {
        const { blocking } = await outcome(stack([...nativeContactData, nativeTrail({ isLogging: undefined, eventSelectors: [s3Objects(["arn:aws:s3"])] })]));
        expect(blocking[0].message).toMatch(/`isLogging` is nothing \(must be `true`\)/);
        expect((await outcome(stack([...nativeContactData, trail({ eventSelectors: [s3Objects(["arn:aws:s3"])] })]))).findings).toEqual([]);
    });

    it("does not read the classic enableLogging on an aws-native trail", async () => {
        const { blocking } = await outcome(stack([...nativeContactData, nativeTrail({ isLogging: false, enableLogging: true, eventSelectors: [s3Objects(["arn:aws:s3"])] })]));
        expect(blocking.length).toBeGreaterThan(0);
    });

    it("defers while isLogging is not known yet", async () => {
        const { blocking, deferred } = await outcome(stack([...nativeContactData, nativeTrail({ isLogging: UNKNOWN, eventSelectors: [s3Objects(["arn:aws:s3"])] })]));
        expect(blocking).toEqual([]);
        expect(deferred.map((f) => f.message).join(" ")).toMatch(/`isLogging` is not known yet/);
    });

    it.each([
        ["startsWith for the bucket", fieldsFor("startsWith", ["arn:aws:s3:::acme-recordings/"]), true],
        ["startsWith for another bucket", fieldsFor("startsWith", ["arn:aws:s3:::acme-exports/"]), false],
        ["notStartsWith for the log bucket only", fieldsFor("notStartsWith", ["arn:aws:s3:::acme-trail-logs/"]), true],
        ["notStartsWith for the recordings bucket", fieldsFor("notStartsWith", ["arn:aws:s3:::acme-recordings/"]), false],
        ["endsWith narrowing to one file type", fieldsFor("endsWith", [".wav"]), false],
        ["notEndsWith narrowing away one file type", fieldsFor("notEndsWith", [".wav"]), false],
    ])("reads aws-native's singular advanced operators: %s", async (_title, selector, covered) => {
        const { findings, blocking } = await outcome(stack([...nativeContactData, nativeTrail({ advancedEventSelectors: [selector] })]));
        if (covered) expect(findings).toEqual([]);
        else expect(blocking).toHaveLength(1);
    });

    it("covers an aws-native bucket through a selector built from its ARN at first preview, as the property dependencies show", async () => {
        const resources: ExampleResource[] = [
            { name: "recordings", type: NATIVE_BUCKET, props: {} },
            { ...storageFor("call-recordings", UNKNOWN), propertyDependencies: { storageConfig: ["recordings"] } },
            { name: "exports", type: NATIVE_BUCKET, props: {} },
            { ...nativeTrail({ eventSelectors: [s3Objects([UNKNOWN])] }), propertyDependencies: { eventSelectors: ["exports"] } },
        ];
        expect((await outcome(stack(resources))).blocking).toHaveLength(1);
    });
});

describe("logging-cloudtrail-data-events", () => {
    describe("when it applies", () => {
        it("passes a stack without contact data and without a trail", async () => {
            expect((await outcome(stack([bucket("artefacts", "acme-artefacts")]))).findings).toEqual([]);
        });

        it("still judges the settings of a trail in the stack when the organisation trail is declared outside", async () => {
            const { blocking } = await outcome(stack([...contactData, trail({ eventSelectors: [], kmsKeyId: "" })], { trailManagedOutsideStack: true }));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/CloudTrail trail 'audit': `kmsKeyId` is ""/);
        });

        it("leaves uncovered buckets to the organisation trail when trailManagedOutsideStack is set", async () => {
            expect((await outcome(stack([...contactData, trail({ eventSelectors: [] })], { trailManagedOutsideStack: true }))).findings).toEqual([]);
        });

        it("reports each uncovered contact data bucket on its own", async () => {
            const resources = [...contactData, bucket("transcripts", "acme-transcripts"), storageFor("chat-transcripts", "acme-transcripts"), trail({ eventSelectors: [s3Objects(["arn:aws:s3:::acme-recordings/"])] })];
            const { blocking } = await outcome(stack(resources));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/S3 bucket 'transcripts'/);
        });
    });

    describe("basic event selectors", () => {
        it("accepts the bucket ARN without a trailing slash", async () => {
            expect((await outcome(stack([...contactData, trail({ eventSelectors: [s3Objects(["arn:aws:s3:::acme-recordings"])] })]))).findings).toEqual([]);
        });

        it("accepts reads and writes selected by two selectors", async () => {
            const selectors = [s3Objects(["arn:aws:s3:::acme-recordings/"], "ReadOnly"), s3Objects(["arn:aws:s3:::acme-recordings/"], "WriteOnly")];
            expect((await outcome(stack([...contactData, trail({ eventSelectors: selectors })]))).findings).toEqual([]);
        });

        it("accepts coverage from a second trail", async () => {
            const second = { ...trail({ eventSelectors: [s3Objects(["arn:aws:s3"])] }), name: "data-events" };
            expect((await outcome(stack([...contactData, trail({ eventSelectors: [] }), second]))).findings).toEqual([]);
        });

        it("blocks a selector for one prefix of the bucket and names it", async () => {
            const { blocking } = await outcome(stack([...contactData, trail({ eventSelectors: [s3Objects(["arn:aws:s3:::acme-recordings/connect/"])] })]));
            expect(blocking[0].message).toMatch(/selects only the prefix `arn:aws:s3:::acme-recordings\/connect\/`/);
        });

        it("blocks a selector for Lambda data events only", async () => {
            const lambda = { readWriteType: "All", dataResources: [{ type: "AWS::Lambda::Function", values: ["arn:aws:lambda"] }] };
            expect((await outcome(stack([...contactData, trail({ eventSelectors: [lambda] })]))).blocking).toHaveLength(1);
        });

        it("blocks reads left out by a ReadOnly-free selection", async () => {
            const { blocking } = await outcome(stack([...contactData, trail({ eventSelectors: [s3Objects(["arn:aws:s3"], "WriteOnly")] })]));
            expect(blocking[0].message).toMatch(/for reads of its objects/);
        });
    });

    describe("advanced event selectors", () => {
        it.each([
            ["no resources.ARN condition (every bucket)", advanced()],
            ["a NotStartsWith that excludes only the log bucket", advanced({ field: "resources.ARN", notStartsWiths: ["arn:aws:s3:::acme-trail-logs/"] })],
            ["readOnly true and false", advanced({ field: "readOnly", equals: ["true", "false"] })],
        ])("accepts %s", async (_title, selector) => {
            expect((await outcome(stack([...contactData, trail({ advancedEventSelectors: [selector] })]))).findings).toEqual([]);
        });

        it.each([
            ["reads only", advanced({ field: "readOnly", equals: ["true"] }), /for writes to its objects/],
            ["an eventName filter", advanced({ field: "eventName", equals: ["PutObject"] }), /filters its S3 data events by `eventName`/],
            ["a NotStartsWith that excludes the recordings bucket", advanced({ field: "resources.ARN", notStartsWiths: ["arn:aws:s3:::acme-recordings/"] }), /reads and writes/],
            ["a StartsWith for another bucket", advanced({ field: "resources.ARN", startsWiths: ["arn:aws:s3:::acme-exports/"] }), /reads and writes/],
            ["exact object ARNs", advanced({ field: "resources.ARN", equals: ["arn:aws:s3:::acme-recordings/a.wav"] }), /reads and writes/],
            ["no eventCategory", { fieldSelectors: [{ field: "resources.type", equals: ["AWS::S3::Object"] }] }, /reads and writes/],
        ])("blocks %s", async (_title, selector, message) => {
            const { blocking } = await outcome(stack([...contactData, trail({ advancedEventSelectors: [selector] })]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(message);
        });
    });

    describe("first preview", () => {
        it("blocks a selector built from another bucket's ARN, as the property dependencies show", async () => {
            const resources = [
                { name: "recordings", type: BUCKET, props: {} },
                { ...storageFor("call-recordings", UNKNOWN), propertyDependencies: { storageConfig: ["recordings"] } },
                { name: "exports", type: BUCKET, props: {} },
                trail({ eventSelectors: [s3Objects([UNKNOWN])] }, { propertyDependencies: { eventSelectors: ["exports"] } }),
            ];
            expect((await outcome(stack(resources))).blocking).toHaveLength(1);
        });

        it("defers a literal bucket ARN while the bucket's own name is not known", async () => {
            const resources = [
                { name: "recordings", type: BUCKET, props: {} },
                { ...storageFor("call-recordings", UNKNOWN), propertyDependencies: { storageConfig: ["recordings"] } },
                trail({ eventSelectors: [s3Objects(["arn:aws:s3:::acme-recordings/"])] }),
            ];
            const { blocking, deferred } = await outcome(stack(resources));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
        });

        it("defers when the advanced selectors are an output not known yet", async () => {
            const { blocking, deferred } = await outcome(stack([...contactData, trail({ advancedEventSelectors: UNKNOWN })]));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
        });

        it("defers when enableLogging is not known yet", async () => {
            const { blocking, deferred } = await outcome(stack([...contactData, trail({ enableLogging: UNKNOWN, eventSelectors: [s3Objects(["arn:aws:s3"])] })]));
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/`enableLogging` is not known yet/);
        });
    });

    describe("trailDataEventCoverage", () => {
        const graphTrail = (props: Record<string, unknown>): GraphResource => ({ urn: urnOf(TRAIL, "audit"), type: TRAIL, name: "audit", props, dependencies: [], propertyDependencies: {} });
        const recordings = { resource: undefined, name: "acme-recordings" };

        it("reads both generations of selectors together", () => {
            const coverage = trailDataEventCoverage(
                graphTrail({ eventSelectors: [s3Objects(["arn:aws:s3"], "ReadOnly")], advancedEventSelectors: [advanced({ field: "readOnly", equals: ["false"] })] }),
                recordings,
            );
            expect(coverage).toMatchObject({ reads: true, writes: true });
        });

        it("says nothing is covered when logging is switched off", () => {
            expect(trailDataEventCoverage(graphTrail({ enableLogging: false, eventSelectors: [s3Objects(["arn:aws:s3"])] }), recordings)).toMatchObject({ reads: false, writes: false });
        });
    });

    describe("odd input never throws", () => {
        it.each([
            ["eventSelectors as a string", { eventSelectors: "arn:aws:s3" }],
            ["selectors with null, numbers and a string dataResources", { eventSelectors: [null, 1, { dataResources: "AWS::S3::Object" }] }],
            ["a data resource whose values are an object", { eventSelectors: [{ dataResources: [{ type: "AWS::S3::Object", values: { a: 1 } }] }] }],
            ["advanced selectors with odd field selectors", { advancedEventSelectors: [{ fieldSelectors: [null, { field: 5 }, { field: "resources.ARN", startsWiths: "x" }] }, "x"] }],
        ])("blocks %s as no coverage", async (_title, props) => {
            expect((await outcome(stack([...contactData, trail(props)]))).blocking).toHaveLength(1);
        });

        it("never throws, whatever the trail and bucket values", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("arn:aws:s3"), fc.constant("acme-recordings"), fc.constant(true), fc.anything());
            const resource = graphResource;
            fc.assert(
                fc.property(value, value, value, value, value, (selectors, advancedSelectors, validation, bucketName, flag) => {
                    const resources = [
                        resource(BUCKET, "recordings", { bucket: bucketName }),
                        resource(CONNECT_STORAGE_CONFIG, "storage", { storageConfig: { storageType: "S3", s3Config: { bucketName, bucketPrefix: "c/" } } }),
                        resource(TRAIL, "audit", { eventSelectors: selectors, advancedEventSelectors: advancedSelectors, enableLogFileValidation: validation, kmsKeyId: flag, enableLogging: flag }),
                        resource(TRAIL, "nested", { eventSelectors: [{ dataResources: [{ type: "AWS::S3::Object", values: [selectors] }], readWriteType: flag }], advancedEventSelectors: [{ fieldSelectors: [{ field: "resources.ARN", startsWiths: advancedSelectors }] }] }),
                        resource("aws-native:s3:Bucket", "native-recordings", { bucketName, arn: bucketName }),
                        resource("aws-native:cloudtrail:Trail", "native", { eventSelectors: selectors, isLogging: flag, advancedEventSelectors: [{ fieldSelectors: [{ field: "resources.ARN", startsWith: advancedSelectors, notStartsWith: selectors }] }] }),
                    ];
                    const noop = () => undefined;
                    const config = reconciledConfig(cloudtrailDataEvents, { trailManagedOutsideStack: flag, contactDataBuckets: bucketName });
                    expect(() => cloudtrailDataEvents.check(new StackGraph(resources), config, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("cloudtrailDataEvents in a first preview and on arbitrary stacks", () => {
    it.each(cloudtrailDataEvents.examples.filter((e) => e.verdict === "compliant").map((e) => [e.title, e] as const))(
        "does not block the first-preview form of the compliant example: %s",
        async (_title, example) => {
            const findings = await findingsOf(cloudtrailDataEvents, firstPreviewOf(example));
            expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        },
    );

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(cloudtrailDataEvents), async (example) => {
                const findings = await findingsOf(cloudtrailDataEvents, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});

describe("trails that may select a bucket", () => {
    const NAMES = ["acme-recordings", "acme-transcripts", "acme-reports"];
    const value = fc.oneof(
        fc.constantFrom(...NAMES).map((name) => `arn:aws:s3:::${name}/`),
        fc.constantFrom(...NAMES).map((name) => `arn:aws:s3:::${name}/connect/`),
        fc.constantFrom("arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::other/", UNKNOWN, 42),
    );
    const basic = fc.record({
        readWriteType: fc.constantFrom("All", "ReadOnly", "WriteOnly", UNKNOWN),
        dataResources: fc.array(fc.record({ type: fc.constantFrom("AWS::S3::Object", "AWS::Lambda::Function", UNKNOWN), values: fc.oneof(fc.array(value, { maxLength: 3 }), fc.constant(UNKNOWN)) }), {
            maxLength: 2,
        }),
    });
    const trailProps = fc.record(
        {
            eventSelectors: fc.oneof(fc.array(basic, { maxLength: 2 }), fc.constant(UNKNOWN)),
            advancedEventSelectors: fc.oneof(fc.constant([]), fc.constant([advanced({ field: "resources.ARN", startsWith: ["arn:aws:s3:::acme-recordings/"] })]), fc.constant([advanced()])),
            enableLogging: fc.constantFrom(true, false, UNKNOWN),
        },
        { requiredKeys: [] },
    );

    it("leaves out only trails that select none of the bucket's objects", () => {
        fc.assert(
            fc.property(fc.array(trailProps, { minLength: 1, maxLength: 5 }), fc.boolean(), (propsList, dependsOnBucket) => {
                const bucketResource = { urn: "urn:pulumi:test::p::aws:s3/bucket:Bucket::b", type: BUCKET, name: "b", props: {}, dependencies: [], propertyDependencies: {} };
                const trails: GraphResource[] = propsList.map((props, i) => ({
                    urn: `urn:pulumi:test::p::${TRAIL}::t${i}`,
                    type: TRAIL,
                    name: `t${i}`,
                    props: props as Record<string, unknown>,
                    dependencies: [],
                    propertyDependencies: (dependsOnBucket ? { eventSelectors: [bucketResource.urn] } : {}) as Record<string, string[]>,
                }));
                const selections = new TrailSelections(trails);
                const summary = (candidates: readonly GraphResource[], identity: BucketIdentity) => {
                    let reads: Tri = false;
                    let writes: Tri = false;
                    const gaps: string[] = [];
                    for (const candidate of candidates) {
                        const coverage = trailDataEventCoverage(candidate, identity);
                        reads = or(reads, coverage.reads);
                        writes = or(writes, coverage.writes);
                        gaps.push(...coverage.gaps);
                    }
                    return { reads, writes, gaps };
                };
                for (const name of [...NAMES, undefined]) {
                    const identity: BucketIdentity = { resource: bucketResource, name };
                    expect(summary(selections.mayCover(identity), identity)).toEqual(summary(trails, identity));
                }
            }),
            { numRuns: 2000 },
        );
    });
});
