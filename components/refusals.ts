/**
 * How a component refuses its arguments: it checks every one of them and reports all it refuses at
 * once, so a caller fixes a component in one go instead of one argument per run.
 *
 * Under `pulumi preview` the component throws one error before it registers: its first line names
 * the component and the refused arguments, one line follows per refusal. When `ccguard preview`
 * runs the program it installs a collector first (an array under a `Symbol.for` key on
 * `globalThis`, so a second copy of this package in the program's node_modules finds the same
 * one): the component then records its refusals there and goes on building with the values as
 * given, the program runs to its end, and ccguard reports every refusal of every component as a
 * blocking finding beside what the pack says about the resources.
 */

/** Where ccguard's program runner puts the collector (cli/engine/program-preload.ts). */
export const REFUSALS_KEY = Symbol.for("contact-centre-guard.refusals");

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One argument a component refused. */
export interface Refusal {
    /** How the component names itself: `RecordingStore 'calls'`. */
    component: string;
    /** The component's type token, `contact-centre:s3:RecordingStore`. */
    type: string;
    /** The component's resource name, `calls`. */
    name: string;
    /** The argument as the caller writes it: `retentionDays`, `objectLock.days`, `storage.callRecordings`. */
    argument: string;
    /** The value as given (JSON-safe: resources by name, unset as null). */
    value: JsonValue;
    /** What the argument accepts: `a whole number from 1 to 365`. */
    allowed: string;
    /** The team setting (components' limit, pack parameter) that sets the bound, when one does. */
    setting?: string;
    /** The pack's control that would block the resulting resource, when one would. */
    policy?: string;
    /** One line for people: the argument, the value, what is allowed and why. */
    message: string;
}

/** The limit and the control behind a rule, so a report can map the refusal to regulations. */
export interface RefusalRule {
    setting?: string;
    policy?: string;
}

/** The collector ccguard installed, when the program runs under ccguard. */
function installedCollector(): Refusal[] | undefined {
    const collector = (globalThis as Record<symbol, unknown>)[REFUSALS_KEY];
    return Array.isArray(collector) ? (collector as Refusal[]) : undefined;
}

/** A value as JSON can carry it: other resources by their kind, outputs as not yet known, unset as null. */
export function jsonSafe(value: unknown, depth = 0): JsonValue {
    if (value === undefined || value === null) return null;
    if (typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
    if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function") return String(value);
    if (depth > 4) return "…";
    if (Array.isArray(value)) return value.map((item) => jsonSafe(item, depth + 1));
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, jsonSafe(item, depth + 1)]));
    }
    const kind = (value as { constructor?: { name?: string } }).constructor?.name;
    return kind === "OutputImpl" ? "(an output, not known yet)" : `(${kind || "object"})`;
}

/**
 * The arguments of one component construction, checked: refusals are gathered, and `settle`, called
 * before the component registers, throws them together or hands them to ccguard.
 */
export class ArgumentCheck {
    /** `RecordingStore 'calls'`, as messages name the component. */
    readonly component: string;
    readonly refusals: Refusal[] = [];

    constructor(
        kind: string,
        readonly type: string,
        readonly name: string,
    ) {
        this.component = `${kind} '${name}'`;
    }

    /**
     * Refuses an argument. `message` is what a person reads after the component's name: it names the
     * argument and the value seen, and says what to do instead.
     */
    refuse(argument: string, value: unknown, allowed: string, message: string, rule: RefusalRule = {}): void {
        const given = jsonSafe(value);
        // One value refused once: a name prefix that makes several names S3 or IAM refuse is one mistake.
        if (this.refusals.some((refusal) => refusal.argument === argument && JSON.stringify(refusal.value) === JSON.stringify(given))) return;
        this.refusals.push({
            component: this.component,
            type: this.type,
            name: this.name,
            argument,
            value: given,
            allowed,
            ...(rule.setting !== undefined ? { setting: rule.setting } : {}),
            ...(rule.policy !== undefined ? { policy: rule.policy } : {}),
            message,
        });
    }

    /** Was this argument refused? Checks that compare against it would only repeat the refusal. */
    refused(argument: string): boolean {
        return this.refusals.some((refusal) => refusal.argument === argument);
    }

    /**
     * Before the component registers: with no refusal, nothing; under ccguard, the refusals go to its
     * collector and the component is built with the values as given; otherwise one error names them all.
     */
    settle(): void {
        if (this.refusals.length === 0) return;
        const collector = installedCollector();
        if (collector) {
            collector.push(...this.refusals);
            return;
        }
        throw new Error(describeRefusals(this.component, this.refusals));
    }
}

/**
 * One refusal reads as before (`RecordingStore 'calls': <message>`); several get a summary line
 * naming the arguments, then one line each.
 */
export function describeRefusals(component: string, refusals: readonly Refusal[]): string {
    if (refusals.length === 1) return `${component}: ${refusals[0].message}`;
    const argumentsRefused = [...new Set(refusals.map((refusal) => refusal.argument))];
    const count = argumentsRefused.length;
    const summary = `${component}: ${count} argument${count === 1 ? "" : "s"} refused: ${argumentsRefused.join(", ")}`;
    return [summary, ...refusals.map((refusal) => `  - ${refusal.message}`)].join("\n");
}
