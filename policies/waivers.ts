/**
 * Waivers: accepted exceptions, declared in the policy config file under each policy's `waivers`.
 *
 * A waiver names the resource (its URN, or a name pattern with `*`), why the exception is accepted,
 * who owns it and until when. Only a complete, unexpired waiver is honoured: the violation is then
 * reported as advisory, marked as waived, so it no longer blocks but stays visible. An expired or
 * incomplete waiver changes nothing and says so in the violation's message. The pack applies this
 * itself, so the Pulumi CLI and ccguard behave the same; reports list every honoured waiver.
 */
import type { Parameter } from "./control";

export interface Waiver {
    resource: string;
    reason: string;
    owner: string;
    /** Last day the waiver is honoured, `YYYY-MM-DD` (UTC). */
    expires: string;
    /** Set to accept a pattern that matches many resources (`*`, `*-logs`, `ab*`). */
    allowBroad?: boolean;
}

/** Characters of the resource name a pattern must fix before its first `*` to count as narrow. */
export const NARROW_PATTERN_PREFIX = 3;

export const WAIVERS_PARAMETER: Parameter = {
    type: "array",
    default: [],
    items: {
        type: "object",
        properties: {
            resource: { type: "string", description: "URN, or resource name pattern where * matches any run of characters" },
            reason: { type: "string" },
            owner: { type: "string" },
            // The engine checks this pattern too; only the pack can tell 2027-02-30 from a real day.
            expires: { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$", description: "YYYY-MM-DD, last day honoured" },
            allowBroad: { type: "boolean", description: "true to accept a pattern that matches many resources" },
        },
        required: ["resource"],
        additionalProperties: false,
    },
    description:
        "Accepted exceptions: `{ resource, reason, owner, expires }`. A violation on a matching resource is reported as " +
        "waived (advisory) while the waiver is complete and not expired. `expires` must be a calendar date at most " +
        "`maxWaiverDays` away; a pattern that matches many resources (`*`, or fewer than " +
        `${NARROW_PATTERN_PREFIX} characters of the name before its first \`*\`) is refused unless the waiver sets \`allowBroad: true\`.`,
};

/** The day a `YYYY-MM-DD` text names, as UTC milliseconds; undefined for anything else, 2027-02-30 included. */
export function calendarDay(text: string): number | undefined {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!date) return undefined;
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const time = Date.UTC(year, month - 1, day);
    const back = new Date(time);
    return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? time : undefined;
}


/** True when a waiver's pattern could match many resources: its name part starts with fewer than 3 fixed characters. */
export function isBroadPattern(resource: string): boolean {
    if (resource.startsWith("urn:")) {
        // urn:pulumi:<stack>::<project>::<type>::<name>: a `*` before the name part, or a URN cut short
        // before it, can match resources of any name.
        const parts = resource.split("::");
        if (parts.length < 4) return resource.includes("*");
        const name = parts.slice(3).join("::");
        const star = name.indexOf("*");
        return star !== -1 && star < NARROW_PATTERN_PREFIX;
    }
    const star = resource.indexOf("*");
    return star !== -1 && star < NARROW_PATTERN_PREFIX;
}

/** Marker at the start of a waived violation's message, for people and for ccguard. */
export const WAIVED_MARKER = "Waived:";

export type WaiverStatus = { kind: "honoured" } | { kind: "expired" } | { kind: "incomplete"; missing: string[] };

function text(value: unknown): string {
    return typeof value === "string" ? value.trim() : "";
}

export function waiversOf(config: unknown): Waiver[] {
    if (!Array.isArray(config)) return [];
    return config
        .filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === "object")
        .map((entry) => ({
            resource: text(entry["resource"]),
            reason: text(entry["reason"]),
            owner: text(entry["owner"]),
            expires: text(entry["expires"]),
            allowBroad: entry["allowBroad"] === true,
        }));
}

export function statusOf(waiver: Waiver, today: Date = new Date()): WaiverStatus {
    const missing = (["reason", "owner", "expires"] as const).filter((field) => text(waiver[field]) === "");
    const lastDay = calendarDay(waiver.expires);
    if (waiver.expires !== "" && lastDay === undefined) missing.push("expires");
    if (missing.length > 0 || lastDay === undefined) return { kind: "incomplete", missing: [...new Set(missing)] };
    const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    return day > lastDay ? { kind: "expired" } : { kind: "honoured" };
}

function nameOf(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : urn;
}

function patternMatches(pattern: string, value: string): boolean {
    const expression = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${expression}$`).test(value);
}

export function waiverMatches(waiver: Waiver, urn: string): boolean {
    if (waiver.resource === "" || urn === "") return false;
    if (waiver.resource.startsWith("urn:")) return patternMatches(waiver.resource, urn);
    return patternMatches(waiver.resource, nameOf(urn));
}

/** How a violation on `urn` is to be reported under these waivers. */
export function applyWaivers(
    waivers: readonly Waiver[],
    urn: string,
    message: string,
    today: Date = new Date(),
): { waived: boolean; message: string } {
    const matching = waivers.filter((waiver) => waiverMatches(waiver, urn));
    const honoured = matching.find((waiver) => statusOf(waiver, today).kind === "honoured");
    if (honoured) {
        return {
            waived: true,
            // Owner and reason are quoted as JSON strings so that reports can read them back whatever they contain.
            // The pattern is quoted too, so every report shows which declared waiver matched this resource.
            message: `${WAIVED_MARKER} accepted by ${JSON.stringify(honoured.owner)} until ${honoured.expires} for ${JSON.stringify(honoured.resource)}, reason ${JSON.stringify(honoured.reason)}. ${message}`,
        };
    }
    const notes = matching.map((waiver) => {
        const status = statusOf(waiver, today);
        return status.kind === "expired"
            ? `the waiver for ${waiver.resource} expired on ${waiver.expires}`
            : `the waiver for ${waiver.resource} is not honoured: it has no ${status.kind === "incomplete" ? status.missing.join(", ") : ""}`;
    });
    return { waived: false, message: notes.length > 0 ? `${message} (Not waived: ${notes.join("; ")}.)` : message };
}
