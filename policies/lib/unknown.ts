/**
 * Unknown values, as a first `pulumi preview` delivers them.
 *
 * During preview the engine sends every value that depends on a resource not yet created as a
 * sentinel string. The SDK hands policies a proxy that throws on reading such a value, and turns
 * the throw into an *advisory* note: a mandatory control that merely reads an unknown id stops
 * blocking without anyone noticing. Our controls therefore never read through that proxy. The
 * adapter unwraps the raw properties, and controls ask `isUnknown` before they judge a value.
 */

/** The engine's sentinels for computed values, one per kind (sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN_SENTINELS = {
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

/** What the engine sends for an output it cannot know yet; examples and tests use it too. */
export const UNKNOWN: string = UNKNOWN_SENTINELS.string;

const sentinels: ReadonlySet<unknown> = new Set(Object.values(UNKNOWN_SENTINELS));

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && sentinels.has(value);
}

/** True when the value, or anything nested in it, is unknown. */
export function containsUnknown(value: unknown, depth = 0): boolean {
    if (isUnknown(value)) return true;
    if (depth > 64 || value === null || typeof value !== "object") return false;
    const children = Array.isArray(value) ? value : Object.values(value as object);
    return children.some((child) => containsUnknown(child, depth + 1));
}

// The SDK's proxies answer this key with the object they wrap (@pulumi/policy proxy.ts).
const proxyTargetKey = "__getSpecialProxyTarget";

/**
 * The plain properties behind the SDK's unknown-checking proxy, unknown sentinels intact. Nested
 * objects are plain too, because the proxy wraps lazily on access.
 */
export function rawProperties(props: unknown): Record<string, unknown> {
    if (props === null || typeof props !== "object") return {};
    let plain = props as Record<string, unknown>;
    // Remediation gets two proxies, the unknown-checking one around a secrets-preserving one; reading
    // through the latter would unwrap secrets, so both are peeled off.
    for (let depth = 0; depth < 4; depth++) {
        const target = plain[proxyTargetKey];
        if (target === undefined || target === null || typeof target !== "object" || target === plain) break;
        plain = target as Record<string, unknown>;
    }
    return plain;
}
