/**
 * KMS keys and the names they go by. A grant, a key policy or a storage config may name a key by its
 * id or ARN, or by one of its aliases; controls that ask "who can use this key" must count both, and
 * must find them through the graph's reverse index rather than by scanning every grant per key.
 * Keys and aliases of either provider count: an aws-native alias may stand for a classic key and the
 * reverse, since both name the key by its id or ARN (`targetKeyId`).
 */
import { KMS_ALIAS, KMS_KEY, NATIVE } from "./resource-types";
import type { GraphResource, StackGraph } from "./stack-graph";

const KEYS: readonly string[] = [KMS_KEY, NATIVE.KMS_KEY];
const ALIASES: readonly string[] = [KMS_ALIAS, NATIVE.KMS_ALIAS];

/** What a key reference may point at in the stack. */
export const KEY_OR_ALIAS: readonly string[] = [...KEYS, ...ALIASES];

function isAlias(resource: GraphResource): boolean {
    return ALIASES.includes(resource.type);
}

/** The key an alias stands for; a key is itself. Undefined while the alias's `targetKeyId` is not known. */
export function keyBehindAlias(stack: StackGraph, resource: GraphResource): GraphResource | undefined {
    if (!isAlias(resource)) return resource;
    const target = stack.resolve(resource, { property: "targetKeyId", targets: KEYS });
    return target.kind === "resources" ? target.resources[0] : undefined;
}

/** Resources of `from` types whose `property` names `key`, directly or through one of its aliases. */
export function keyReferrers(stack: StackGraph, key: GraphResource, from: readonly string[], property: string): GraphResource[] {
    const direct = stack.referrers(key, from, property, KEY_OR_ALIAS);
    if (!KEYS.includes(key.type)) return [...direct];
    const aliases = stack.referrers(key, ALIASES, "targetKeyId", KEYS).filter((alias) => keyBehindAlias(stack, alias) === key);
    const found = new Set(direct);
    for (const alias of aliases) for (const referrer of stack.referrers(alias, from, property, KEY_OR_ALIAS)) found.add(referrer);
    return [...found];
}
