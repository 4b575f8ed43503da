/**
 * Which values of a deserialised properties object were secret, while its request lives.
 *
 * The SDK hands policies secrets as plain values; only the wire form still marks them. The
 * deserialisation hook (shared-deserialisation.ts, which loads the SDK) reads the marks from the
 * same plain JavaScript the SDK deserialises, once per properties object, and records them here, so
 * the controls' adapter can read them without loading the SDK into ccguard. Objects without a secret,
 * most of a stack, get no entry at all.
 */
import { secretsIn } from "./lib/secret-masking";
import { SECRET_SIG, SIG_KEY } from "./lib/wire-signatures";

const secretsByProperties = new WeakMap<object, ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

/** Deeper than any property value the engine sends; a guard against hostile nesting. */
const MAX_DEPTH = 64;

/** Records the secrets that `wire` (the properties' plain wire form, signatures intact) holds for `deserialised`. */
export function recordSecrets(deserialised: object, wire: unknown): void {
    if (!holdsSecret(wire, 0)) return;
    try {
        secretsByProperties.set(deserialised, secretsIn(wire));
    } catch {
        // Unreadable secrets cannot be masked by value; the reports' own masking still applies.
    }
}

/** The secret values of a deserialised properties object; none when it came without any. */
export function secretsOf(deserialised: unknown): ReadonlySet<string> {
    return (deserialised !== null && typeof deserialised === "object" && secretsByProperties.get(deserialised)) || NONE;
}

/** Whether a secret signature occurs anywhere in `value`: a walk that allocates nothing. */
function holdsSecret(value: unknown, depth: number): boolean {
    if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return false;
    if (Array.isArray(value)) {
        for (const item of value) if (holdsSecret(item, depth + 1)) return true;
        return false;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return true;
    for (const key in record) if (holdsSecret(record[key], depth + 1)) return true;
    return false;
}
