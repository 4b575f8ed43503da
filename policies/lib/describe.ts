/**
 * Values quoted in messages. Messages are read by people and stored in reports, so a quoted value is
 * short, printable, and never a whole document.
 */
const MAX_QUOTED = 80;

export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (typeof value === "string") {
        const clean = value.replace(/[\u0000-\u001f\u007f]/g, "?");
        return clean.length > MAX_QUOTED ? `"${clean.slice(0, MAX_QUOTED)}…"` : `"${clean}"`;
    }
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return `a list of ${value.length}`;
    return "an object";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
