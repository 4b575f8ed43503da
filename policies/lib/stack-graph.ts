/**
 * The stack graph: which resource a property points at, for every control, in one place.
 *
 * During a first preview a bucket's name, a key's ARN and a stream's ARN are all unknown, so a
 * relation such as "this encryption configuration belongs to that bucket" cannot be read from the
 * values. The engine still knows where each input came from and sends it as `propertyDependencies`
 * (and coarser, `dependencies`). During updates and audits the values are known and the relation is
 * read from literal names, ids and ARNs. `resolve` tries both, in that order.
 */
import { parseArn } from "./arn";
import { isUnknown, rawProperties } from "./unknown";

export interface ProviderReference {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
}

export interface GraphResource {
    urn: string;
    type: string;
    name: string;
    /** Raw properties, unknown sentinels intact. */
    props: Record<string, unknown>;
    provider?: ProviderReference;
    parent?: string;
    dependencies: readonly string[];
    propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export type Reference =
    /** The property points at these resources of the stack (usually one). */
    | { kind: "resources"; resources: GraphResource[] }
    /** An output that is not known yet, and no dependency tells which resource it comes from. */
    | { kind: "unknown" }
    /** A literal that names nothing in this stack: a resource created elsewhere. */
    | { kind: "external"; value: string }
    | { kind: "absent" };

export interface ReferenceQuery {
    /** The top-level property the engine keys its property dependencies by. */
    property: string;
    /** The value to resolve when it is nested (`rule.applyServerSideEncryptionByDefault.kmsMasterKeyId`). */
    value?: unknown;
    /** Resource types the property may point at. */
    targets: readonly string[];
}

/** Properties that carry a resource's own identity (names, ids, ARNs) during updates and audits. */
const IDENTITY_PROPERTIES = ["id", "arn", "bucket", "name", "keyId", "streamArn"] as const;

/**
 * The same for aws-native, whose names say what they name (`bucketName`, `roleName`, `awsId` for a
 * Connect instance, `topicArn`, `policyArn` for a managed policy; checked in its `*.d.ts`).
 */
const NATIVE_IDENTITY_PROPERTIES = [
    "id", "arn", "name", "keyId", "bucketName", "aliasName", "roleName", "userName", "groupName", "managedPolicyName", "policyArn",
    "logGroupName", "deliveryStreamName", "trailName", "tableName", "topicArn", "queueUrl", "queueName", "functionName", "awsId", "domainName",
] as const;

export class StackGraph {
    readonly resources: readonly GraphResource[];
    private readonly byUrn = new Map<string, GraphResource>();
    private readonly byType = new Map<string, GraphResource[]>();
    /** By type, then identity value, so a lookup never filters through namesakes of other types. */
    private readonly byIdentity = new Map<string, Map<string, GraphResource[]>>();
    private readonly ofTypes = new Map<string, GraphResource[]>();

    constructor(resources: readonly GraphResource[]) {
        this.resources = resources;
        for (const resource of resources) {
            this.byUrn.set(resource.urn, resource);
            let sameType = this.byType.get(resource.type);
            let identities = this.byIdentity.get(resource.type);
            if (!sameType || !identities) {
                sameType = [];
                identities = new Map();
                this.byType.set(resource.type, sameType);
                this.byIdentity.set(resource.type, identities);
            }
            sameType.push(resource);
            for (const property of resource.type.startsWith("aws-native:") ? NATIVE_IDENTITY_PROPERTIES : IDENTITY_PROPERTIES) {
                const value = resource.props[property];
                if (typeof value === "string" && value !== "" && !isUnknown(value)) {
                    const named = identities.get(value);
                    if (!named) identities.set(value, [resource]);
                    else if (named[named.length - 1] !== resource) named.push(resource);
                }
            }
        }
    }

    get(urn: string): GraphResource | undefined {
        return this.byUrn.get(urn);
    }

    /** The resources of these types, in stack order per type. The list is shared: do not modify it. */
    ofType(types: readonly string[]): readonly GraphResource[] {
        if (types.length === 1) return this.byType.get(types[0]) ?? [];
        const key = types.join(",");
        let found = this.ofTypes.get(key);
        if (!found) {
            found = types.flatMap((type) => this.byType.get(type) ?? []);
            this.ofTypes.set(key, found);
        }
        return found;
    }

    /** What `source.props[query.property]` (or the nested `query.value`) points at. */
    resolve(source: GraphResource, query: ReferenceQuery): Reference {
        const value = "value" in query ? query.value : source.props[query.property];
        if (value === undefined || value === null || value === "") return { kind: "absent" };
        const targets = typeSet(query.targets);

        if (typeof value === "string" && !isUnknown(value)) {
            // A known literal speaks for itself. Dependencies are keyed by top-level property, so in a
            // list of rules they would credit one rule's bucket to a sibling rule that names another.
            const named = this.named(value, targets);
            return named.length > 0 ? { kind: "resources", resources: named } : { kind: "external", value };
        }
        const fromDependencies = this.dependencyTargets(source, query.property, targets);
        if (fromDependencies.length > 0) return { kind: "resources", resources: fromDependencies };
        return { kind: "unknown" };
    }

    /**
     * Resources of `from` types whose `property` points at `target` (for a list-valued property: one
     * of its entries does). The reverse index is built once per (types, property, target types) and
     * shared, so asking for every bucket's configurations stays linear in the size of the stack.
     */
    referrers(target: GraphResource, from: readonly string[], property: string, targets: readonly string[] = [target.type]): readonly GraphResource[] {
        return this.referenceIndex(from, property, targets).byTarget.get(target) ?? [];
    }

    /** Resources of `from` types whose `property` points at something not known yet. */
    unresolvedReferrers(from: readonly string[], property: string, targets: readonly string[]): readonly GraphResource[] {
        return this.referenceIndex(from, property, targets).unresolved;
    }

    /** Resources of `from` types whose `property` is the literal `value`, which names nothing in this stack. */
    externalReferrers(value: string, from: readonly string[], property: string, targets: readonly string[]): readonly GraphResource[] {
        return this.referenceIndex(from, property, targets).byExternal.get(value) ?? [];
    }

    /**
     * Resources of `targets` types that a literal name, id or ARN identifies, on identity alone: no
     * dependency is consulted, so a literal never borrows the target of a sibling entry.
     */
    identifiedBy(value: string, targets: readonly string[]): GraphResource[] {
        return this.named(value, typeSet(targets));
    }

    /**
     * A view of the whole stack that `compute` derives, computed once per graph and then shared, so
     * that questions asked per resource never scan the stack again. Keyed by the function itself.
     */
    derived<T>(compute: (stack: StackGraph) => T): T {
        if (!this.derivations.has(compute)) this.derivations.set(compute, compute(this));
        return this.derivations.get(compute) as T;
    }

    private readonly derivations = new Map<(stack: StackGraph) => unknown, unknown>();
    private readonly referenceIndexes = new Map<string, ReferenceIndex>();

    private referenceIndex(from: readonly string[], property: string, targets: readonly string[]): ReferenceIndex {
        const key = `${from.join(",")}|${property}|${targets.join(",")}`;
        let index = this.referenceIndexes.get(key);
        if (!index) {
            index = { byTarget: new Map(), byExternal: new Map(), unresolved: [] };
            for (const source of this.ofType(from)) {
                const value = source.props[property];
                const references = Array.isArray(value)
                    ? value.map((entry) => this.resolve(source, { property, value: entry, targets }))
                    : [this.resolve(source, { property, targets })];
                let unresolved = false;
                for (const reference of references) {
                    if (reference.kind === "unknown") unresolved = true;
                    else if (reference.kind === "external") appendOnce(index.byExternal, reference.value, source);
                    else if (reference.kind === "resources") for (const target of reference.resources) appendOnce(index.byTarget, target, source);
                }
                if (unresolved) index.unresolved.push(source);
            }
            this.referenceIndexes.set(key, index);
        }
        return index;
    }

    private named(value: string, targets: ReadonlySet<string>): GraphResource[] {
        const direct = this.identified(value, targets);
        if (direct.length > 0) return direct;
        // An ARN may name a resource indexed by its bare name or id (`arn:aws:s3:::recordings`,
        // `arn:aws:kms:...:key/1234`), even when another resource (a grant, a policy) repeats the full ARN.
        const arn = parseArn(value);
        if (!arn) return [];
        const byId = this.identified(arn.resourceId, targets);
        // An aws-native KMS alias has no ARN output and is known by its whole name, `alias/<name>`.
        return byId.length > 0 || arn.resourceType !== "alias" ? byId : this.identified(arn.resource, targets);
    }

    private identified(value: string, targets: ReadonlySet<string>): GraphResource[] {
        const found: GraphResource[] = [];
        for (const type of targets) for (const resource of this.byIdentity.get(type)?.get(value) ?? []) found.push(resource);
        return found;
    }

    private dependencyTargets(source: GraphResource, property: string, targets: ReadonlySet<string>): GraphResource[] {
        const byProperty = source.propertyDependencies[property];
        // Without property dependencies (older engines, hand-written exports) the resource-wide
        // dependency list decides, but only when it names exactly one candidate.
        const candidates = byProperty ?? source.dependencies;
        const found = candidates
            .map((urn) => this.byUrn.get(urn))
            .filter((resource): resource is GraphResource => resource !== undefined && targets.has(resource.type));
        if (byProperty === undefined && found.length > 1) return [];
        return found;
    }
}

interface ReferenceIndex {
    byTarget: Map<GraphResource, GraphResource[]>;
    byExternal: Map<string, GraphResource[]>;
    unresolved: GraphResource[];
}

/** Adds `source` under `key`, once: sources are visited one at a time, so a repeat is always the last entry. */
function appendOnce<K>(index: Map<K, GraphResource[]>, key: K, source: GraphResource): void {
    const list = index.get(key);
    if (!list) index.set(key, [source]);
    else if (list[list.length - 1] !== source) list.push(source);
}

/** Target-type lists are mostly module constants: their sets are made once. */
const typeSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function typeSet(types: readonly string[]): ReadonlySet<string> {
    let set = typeSets.get(types);
    if (!set) {
        set = new Set(types);
        typeSets.set(types, set);
    }
    return set;
}

/** The SDK's view of a stack resource, as `validateStack` receives it. */
export interface SdkStackResource {
    type: string;
    urn: string;
    name: string;
    props: unknown;
    provider?: { type: string; urn: string; name: string; props: unknown };
    parent?: { urn: string };
    dependencies?: readonly { urn: string }[];
    propertyDependencies?: Record<string, readonly { urn: string }[]>;
}

/**
 * A component resource (or the stack itself) rather than a cloud resource. The analyzer protocol has
 * no flag for it, but the engine gives every custom resource a provider, default or explicit, and
 * never gives one to a component (pkg/resource/deploy/step_generator.go fills the analyzer's
 * `provider` only from the resource's provider reference). A mixin's component typed
 * `aws:cloudwatch:EventRuleEventSubscription` is therefore told apart from a real resource.
 */
export function isComponent(resource: { type: string; provider?: unknown }): boolean {
    return (resource.provider === undefined || resource.provider === null) && !resource.type.startsWith("pulumi:providers:");
}

/** Plain graph resources from the SDK's proxied ones (components left out); nothing read through the unknown-checking proxy. */
export function graphResourcesOf(resources: readonly SdkStackResource[]): GraphResource[] {
    // The SDK gives every resource its own copy of its provider; one reference per provider serves all.
    const providers = new Map<string, ProviderReference>();
    const providerOf = (provider: NonNullable<SdkStackResource["provider"]>): ProviderReference => {
        let reference = providers.get(provider.urn);
        if (reference === undefined) {
            reference = { type: provider.type, name: provider.name, urn: provider.urn, props: rawProperties(provider.props) };
            providers.set(provider.urn, reference);
        }
        return reference;
    };
    const graphResources: GraphResource[] = [];
    for (const resource of resources) {
        if (isComponent(resource)) continue;
        const propertyDependencies: Record<string, string[]> = {};
        const byProperty = resource.propertyDependencies ?? {};
        for (const property in byProperty) propertyDependencies[property] = byProperty[property].map((dependency) => dependency.urn);
        graphResources.push({
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            props: rawProperties(resource.props),
            provider: resource.provider && providerOf(resource.provider),
            parent: resource.parent?.urn,
            dependencies: (resource.dependencies ?? []).map((dependency) => dependency.urn),
            propertyDependencies,
        });
    }
    return graphResources;
}
