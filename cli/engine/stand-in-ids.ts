/**
 * Deterministic stand-ins for identifiers AWS would assign. The same seed gives the same id on every
 * run, so two runs of one program give the same findings; a different seed (another name, region or
 * account) gives another id, so stand-ins do not collide by accident.
 */
import { createHash } from "node:crypto";

export function digest(seed: string): string {
    return createHash("sha256").update(seed).digest("hex");
}

/** A version-4-shaped UUID, the form of KMS key ids and Amazon Connect instance ids. */
export function uuidFrom(seed: string): string {
    const h = digest(seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An EC2-style id (`ami-…`, `vpc-…`, `subnet-…`): a prefix and 17 lower-case hex digits. */
export function ec2StyleId(prefix: string, seed: string): string {
    return `${prefix}-${digest(`${prefix}/${seed}`).slice(0, 17)}`;
}

/**
 * An IAM unique id: four letters naming the kind (`AROA` role, `AIDA` user, `ANPA` policy) and
 * 17 upper-case characters.
 */
export function iamUniqueId(kind: "AROA" | "AIDA" | "ANPA", seed: string): string {
    return `${kind}${digest(`${kind}/${seed}`).slice(0, 17).toUpperCase()}`;
}

/** A seed from structured arguments: JSON with object keys sorted, so key order does not change ids. */
export function seedOf(value: unknown): string {
    return JSON.stringify(value, (_key, item: unknown) =>
        item !== null && typeof item === "object" && !Array.isArray(item)
            ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
            : item,
    );
}
