/**
 * The pack deserialises each resource once per request and builds one stack graph per AnalyzeStack,
 * shared by all its policies. These tests pin the SDK behaviour that sharing relies on, through the
 * SDK's own service handlers, and show that nothing is shared between requests.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { InProcessAnalyzer } from "../../cli/analyzer/in-process";
import type { PlainResource } from "../../cli/analyzer/types";
import { rawProperties } from "../../policies/lib/unknown";
import { stackGraphOf } from "../../policies/request-graph";
import { shareDeserialisedProperties } from "../../policies/shared-deserialisation";

const PROVIDER = "urn:pulumi:dev::acme::pulumi:providers:aws::default_7_0_0";
const resources: PlainResource[] = [
    { urn: PROVIDER, type: "pulumi:providers:aws", name: "default_7_0_0", custom: true, props: { region: "eu-central-1" } },
    { urn: "urn:pulumi:dev::acme::aws:s3/bucket:Bucket::recordings", type: "aws:s3/bucket:Bucket", name: "recordings", custom: true, props: { bucket: "acme-recordings" }, provider: PROVIDER },
    { urn: "urn:pulumi:dev::acme::aws:kms/key:Key::recordings", type: "aws:kms/key:Key", name: "recordings", custom: true, props: { enableKeyRotation: true }, provider: PROVIDER },
];
const providers = new Map([[PROVIDER, resources[0]]]);

/** Per policy, per request: the raw properties object each resource arrived with, and the graph built. */
function recordingPack() {
    const seen: { policy: string; properties: Map<string, object>; proxies: Map<string, unknown>; graph: object }[] = [];
    const analysed: { policy: string; properties: object }[] = [];
    const stackPolicy = (name: string): StackValidationPolicy => ({
        name,
        description: name,
        enforcementLevel: "advisory",
        validateStack: (args) => {
            const properties = new Map(args.resources.map((resource) => [resource.urn, rawProperties(resource.props)]));
            const proxies = new Map(args.resources.map((resource) => [resource.urn, resource.props as unknown]));
            seen.push({ policy: name, properties, proxies, graph: stackGraphOf(args.resources) });
        },
    });
    const resourcePolicy = (name: string): ResourceValidationPolicy => ({
        name,
        description: name,
        enforcementLevel: "advisory",
        validateResource: (args) => void analysed.push({ policy: name, properties: rawProperties(args.props) }),
    });
    const analyzer = new InProcessAnalyzer("sharing", "0.0.1", { policies: [stackPolicy("first"), stackPolicy("second"), resourcePolicy("one"), resourcePolicy("other")] });
    return { analyzer, seen, analysed };
}

describe("one deserialisation per request", () => {
    it("without sharing, the SDK gives every policy its own copy (what sharing saves)", async () => {
        const { analyzer, seen } = recordingPack();
        await analyzer.analyzeStack(resources, providers);
        const [first, second] = seen;
        expect(first.properties.get(resources[1].urn)).toEqual(second.properties.get(resources[1].urn));
        expect(first.properties.get(resources[1].urn)).not.toBe(second.properties.get(resources[1].urn));
        expect(first.proxies.get(resources[1].urn)).not.toBe(second.proxies.get(resources[1].urn));
        expect(first.graph).not.toBe(second.graph);
    });

    it("once installed, gives every stack policy of one AnalyzeStack the same objects, proxies and graph", async () => {
        expect(shareDeserialisedProperties()).toBe(true);
        const { analyzer, seen } = recordingPack();
        await analyzer.analyzeStack(resources, providers);
        const [first, second] = seen;
        for (const { urn } of resources) {
            expect(first.properties.get(urn)).toBe(second.properties.get(urn));
            expect(first.proxies.get(urn)).toBe(second.proxies.get(urn));
        }
        expect(first.properties.get(resources[1].urn)).toEqual({ bucket: "acme-recordings" });
        expect(first.graph).toBe(second.graph);
    });

    it("gives every resource policy of one Analyze the same objects", async () => {
        shareDeserialisedProperties();
        const { analyzer, analysed } = recordingPack();
        await analyzer.analyze(resources[1], resources[0]);
        expect(analysed.map((a) => a.policy)).toEqual(["one", "other"]);
        expect(analysed[0].properties).toBe(analysed[1].properties);
    });

    it("shares nothing between two requests, even with the same resources", async () => {
        shareDeserialisedProperties();
        const { analyzer, seen, analysed } = recordingPack();
        await analyzer.analyzeStack(resources, providers);
        await analyzer.analyzeStack(resources, providers);
        expect(seen).toHaveLength(4);
        expect(seen[0].properties.get(resources[1].urn)).not.toBe(seen[2].properties.get(resources[1].urn));
        expect(seen[0].proxies.get(resources[1].urn)).not.toBe(seen[2].proxies.get(resources[1].urn));
        expect(seen[0].graph).not.toBe(seen[2].graph);
        await analyzer.analyze(resources[1], resources[0]);
        await analyzer.analyze(resources[1], resources[0]);
        expect(analysed[0].properties).not.toBe(analysed[2].properties);
    });

    it("leaves remediation's secret-preserving copy to each caller, since the engine applies what it returns", () => {
        shareDeserialisedProperties();
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(value: object): object } };
        const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties(properties: object, proxySecrets: boolean): unknown };
        const properties = Struct.fromJavaScript({ bucket: "acme-recordings" });
        expect(sdk.deserializeProperties(properties, false)).toBe(sdk.deserializeProperties(properties, false));
        expect(sdk.deserializeProperties(properties, true)).not.toBe(sdk.deserializeProperties(properties, true));
        expect(sdk.deserializeProperties(properties, true)).toEqual({ bucket: "acme-recordings" });
    });

    it("installs once, however often it is asked", () => {
        expect(shareDeserialisedProperties()).toBe(true);
        const installed = () => [
            (require("@pulumi/policy/deserialize") as { deserializeProperties: unknown }).deserializeProperties,
            (require("@pulumi/policy/proxy") as { unknownCheckingProxy: unknown }).unknownCheckingProxy,
        ];
        const first = installed();
        expect(shareDeserialisedProperties()).toBe(true);
        expect(installed()).toEqual(first);
        expect(installed()[0]).toBe(first[0]);
        expect(installed()[1]).toBe(first[1]);
    });
});

describe("stackGraphOf", () => {
    const provider = { type: "pulumi:providers:aws", urn: "urn:provider", name: "default", props: { region: "eu-central-1" } };
    const sdkResource = (urn: string, props: object) => ({ urn, type: "aws:s3/bucket:Bucket", name: urn.split("::").pop() ?? urn, props, provider });
    const a = { bucket: "acme-a" };
    const b = { bucket: "acme-b" };

    it("builds the graph once for resources that carry the very same property objects", () => {
        const graph = stackGraphOf([sdkResource("urn:a", a), sdkResource("urn:b", b)]);
        expect(stackGraphOf([sdkResource("urn:a", a), sdkResource("urn:b", b)])).toBe(graph);
        expect(graph.ofType(["aws:s3/bucket:Bucket"]).map((r) => r.props)).toEqual([a, b]);
    });

    it("builds a new graph when any resource's properties are another object, even an equal one", () => {
        const graph = stackGraphOf([sdkResource("urn:a", a), sdkResource("urn:b", b)]);
        expect(stackGraphOf([sdkResource("urn:a", a), sdkResource("urn:b", { bucket: "acme-b" })])).not.toBe(graph);
        expect(stackGraphOf([sdkResource("urn:a", a)])).not.toBe(graph);
        expect(stackGraphOf([sdkResource("urn:a", a), sdkResource("urn:b", b), sdkResource("urn:c", {})])).not.toBe(graph);
    });

    it("builds a graph for an empty stack", () => {
        expect(stackGraphOf([]).ofType(["aws:s3/bucket:Bucket"])).toEqual([]);
    });
});
