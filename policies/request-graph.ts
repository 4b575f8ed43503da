/**
 * The stack graph of one AnalyzeStack request, built once for all our stack policies.
 *
 * The SDK calls each stack policy with its own list of resource objects, so a graph cannot be keyed
 * on the list. With deserialisation shared per request (`shared-deserialisation.ts`), though, the
 * raw properties object of every resource is the same object for every policy of that request, and
 * for no other request. A graph is reused only when every resource, in order, carries the very
 * properties object it was built from: that identity, checked in one pass of pointer comparisons,
 * proves it is the same request. Where sharing is not in place, no object ever matches and every
 * policy builds its own graph, as it did before.
 */
import { graphResourcesOf, StackGraph, type SdkStackResource } from "./lib/stack-graph";
import { rawProperties } from "./lib/unknown";

interface BuiltGraph {
    /** The raw properties object of each resource, in the order the SDK listed them. */
    properties: readonly object[];
    graph: StackGraph;
}

/** Keyed on the first resource's properties, so a graph lives exactly as long as its request. */
const graphs = new WeakMap<object, BuiltGraph>();

export function stackGraphOf(resources: readonly SdkStackResource[]): StackGraph {
    const properties = resources.map((resource) => rawProperties(resource.props));
    const key = properties[0];
    const built = key === undefined ? undefined : graphs.get(key);
    if (built !== undefined && sameObjects(built.properties, properties)) return built.graph;
    const graph = new StackGraph(graphResourcesOf(resources));
    if (key !== undefined) graphs.set(key, { properties, graph });
    return graph;
}

function sameObjects(a: readonly object[], b: readonly object[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}
