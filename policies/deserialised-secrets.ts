/**
 * Which values of a deserialised properties object were secret, while its request lives.
 *
 * The SDK hands policies secrets as plain values; only the wire form still marks them. The
 * deserialisation hook (shared-deserialisation.ts, which loads the SDK) reads the marks from the
 * same plain JavaScript the SDK deserialises, once per properties object, and records them here, so
 * the controls' adapter can read them without loading the SDK into ccguard. Objects without a secret,
 * most of a stack, get no entry at all.
 */
import { holdsSecret, secretsIn } from "./lib/secret-masking";

const secretsByProperties = new WeakMap<object, ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

/** Records the secrets that `wire` (the properties' plain wire form, signatures intact) holds for `deserialised`. */
export function recordSecrets(deserialised: object, wire: unknown): void {
    try {
        if (holdsSecret(wire)) secretsByProperties.set(deserialised, secretsIn(wire));
    } catch {
        // Unreadable secrets cannot be masked by value; the reports' own masking still applies.
    }
}

/** The secret values of a deserialised properties object; none when it came without any. */
export function secretsOf(deserialised: unknown): ReadonlySet<string> {
    return (deserialised !== null && typeof deserialised === "object" && secretsByProperties.get(deserialised)) || NONE;
}

