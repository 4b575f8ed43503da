/**
 * The stack graph of one AnalyzeStack request, built once for all our stack policies.
 *
 * The SDK calls each stack policy with its own list of resource objects, so a graph cannot be keyed
 * on the list. With deserialisation shared per request (`shared-deserialisation.ts`), though, the
 * raw properties object of every resource is the same object for every policy of that request, and
 * for no other request. A graph is reused only when every resource, in order, carries the very
 * properties object it was built from: that identity, checked in one pass of pointer comparisons,
 * proves it is the same request. Where the pack's own handlers serve the request
 * (`one-view-per-request.ts`), every policy's list holds the very same resource objects, and
 * comparing those proves it without reading each resource's properties through the SDK's proxy.
 * Where sharing is not in place, no object ever matches and every policy builds its own graph.
 */
import { graphResourcesOf, StackGraph, type SdkStackResource } from "./lib/stack-graph";
import { rawProperties } from "./lib/unknown";

interface BuiltGraph {
    /** The resources, in the order the SDK listed them. */
    resources: readonly SdkStackResource[];
    /** The raw properties object of each resource, in the same order. */
    properties: readonly object[];
    graph: StackGraph;
}

/** Keyed on the first resource, and on its properties, so a graph lives exactly as long as its request. */
const byFirstResource = new WeakMap<object, BuiltGraph>();
const byFirstProperties = new WeakMap<object, BuiltGraph>();

export function stackGraphOf(resources: readonly SdkStackResource[]): StackGraph {
    const first = resources[0];
    if (first === undefined) return new StackGraph([]);
    const sameResources = byFirstResource.get(first);
    if (sameResources !== undefined && sameObjects(sameResources.resources, resources)) return sameResources.graph;

    const properties = resources.map((resource) => rawProperties(resource.props));
    const key = isObject(properties[0]) ? properties[0] : undefined;
    const sameProperties = key && byFirstProperties.get(key);
    if (sameProperties !== undefined && sameObjects(sameProperties.properties, properties)) return sameProperties.graph;

    const built: BuiltGraph = { resources: resources.slice(), properties, graph: new StackGraph(graphResourcesOf(resources)) };
    if (isObject(first)) byFirstResource.set(first, built);
    if (key) byFirstProperties.set(key, built);
    return built.graph;
}

function isObject(value: unknown): value is object {
    return value !== null && typeof value === "object";
}

function sameObjects(a: readonly object[], b: readonly object[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}
