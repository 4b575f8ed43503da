/**
 * What makes a waiver acceptable to an auditor, checked when the config is read: its last day is a
 * real calendar day, no further away than the policy's `maxWaiverDays`, and its pattern names the
 * resources it waives rather than matching whatever comes (unless the waiver says `allowBroad`).
 * Expiry itself is not a config error: an expired waiver simply stops being honoured, and reports say so.
 */
import { calendarDay, isBroadPattern, NARROW_PATTERN_PREFIX } from "../waivers";
import { DEFAULT_MAX_WAIVER_DAYS } from "./parameters";

const DAY = 86_400_000;

function isoDay(time: number): string {
    return new Date(time).toISOString().slice(0, 10);
}

/** Problems of the waivers in one policy's entry; its schema has been checked already. */
export function waiverProblems(policy: string, entry: Record<string, unknown>, today: Date): string[] {
    const waivers = entry["waivers"];
    if (!Array.isArray(waivers)) return [];
    const maxDays = Number.isInteger(entry["maxWaiverDays"]) ? (entry["maxWaiverDays"] as number) : DEFAULT_MAX_WAIVER_DAYS;
    const latest = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + maxDays * DAY;
    const problems: string[] = [];
    waivers.forEach((waiver: Record<string, unknown>, index) => {
        const where = `${policy}: waivers[${index}]`;
        const expires = typeof waiver["expires"] === "string" ? waiver["expires"] : "";
        if (expires !== "") {
            const day = calendarDay(expires);
            if (day === undefined) {
                problems.push(`${where}.expires ${JSON.stringify(expires)} is not a calendar date`);
            } else if (day > latest) {
                problems.push(
                    `${where}.expires ${expires} is more than maxWaiverDays (${maxDays}) days away; ` +
                        `the latest accepted today is ${isoDay(latest)}, or raise this policy's maxWaiverDays`,
                );
            }
        }
        const resource = typeof waiver["resource"] === "string" ? waiver["resource"].trim() : "";
        if (isBroadPattern(resource) && waiver["allowBroad"] !== true) {
            problems.push(
                `${where}.resource ${JSON.stringify(resource)} could match many resources; name the resource, or start the ` +
                    `pattern with at least ${NARROW_PATTERN_PREFIX} characters of its name, or set "allowBroad": true on the waiver`,
            );
        }
    });
    return problems;
}
