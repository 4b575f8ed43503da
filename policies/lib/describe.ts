/**
 * Values quoted in messages. Messages are read by people and stored in reports, so a quoted value is
 * short, printable, and never a whole document.
 */
const MAX_QUOTED = 80;

export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (typeof value === "string") {
        // Control characters and bidirectional overrides could disguise a value in a terminal or report.
        const characters = Array.from(value.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "?"));
        return characters.length > MAX_QUOTED ? `"${characters.slice(0, MAX_QUOTED).join("")}…"` : `"${characters.join("")}"`;
    }
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return `a list of ${value.length}`;
    return "an object";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Not set: what AWS treats as the property left out. */
export function isAbsent(value: unknown): boolean {
    return value === undefined || value === null || value === "";
}

/** A number as given: numbers, or numeric strings (hand-written state and stack exports carry both). */
export function numberOf(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
    return undefined;
}

/**
 * A property the providers accept as one block or a list of them (or leave out), as a list: absent is
 * none, an array is itself, anything else (a block, an unknown output) is one entry.
 */
export function listOf(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}
