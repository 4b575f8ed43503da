/**
 * KMS keys and the names they go by. A grant, a key policy or a storage config may name a key by its
 * id or ARN, or by one of its aliases; controls that ask "who can use this key" must count both, and
 * must find them through the graph's reverse index rather than by scanning every grant per key.
 */
import { KMS_ALIAS, KMS_KEY } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";

/** What a key reference may point at in the stack. */
export const KEY_OR_ALIAS: readonly string[] = [KMS_KEY, KMS_ALIAS];
const KEY_ONLY: readonly string[] = [KMS_KEY];

/** The key an alias stands for; a key is itself. Undefined while the alias's `targetKeyId` is not known. */
export function keyBehindAlias(stack: StackGraph, resource: GraphResource): GraphResource | undefined {
    if (resource.type !== KMS_ALIAS) return resource;
    const target = stack.resolve(resource, { property: "targetKeyId", targets: KEY_ONLY });
    return target.kind === "resources" ? target.resources[0] : undefined;
}

/** Resources of `from` types whose `property` names `key`, directly or through one of its aliases. */
export function keyReferrers(stack: StackGraph, key: GraphResource, from: readonly string[], property: string): GraphResource[] {
    const direct = stack.referrers(key, from, property, KEY_OR_ALIAS);
    if (key.type !== KMS_KEY) return [...direct];
    const aliases = stack.referrers(key, [KMS_ALIAS], "targetKeyId", KEY_ONLY).filter((alias) => keyBehindAlias(stack, alias) === key);
    const found = new Set(direct);
    for (const alias of aliases) for (const referrer of stack.referrers(alias, from, property, KEY_OR_ALIAS)) found.add(referrer);
    return [...found];
}
