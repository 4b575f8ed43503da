/**
 * Nested properties read step by step. In a first preview any object on the way may itself be an
 * unknown output, and the message should name that step, not a path below it that does not exist yet.
 */
import { isRecord } from "./describe";
import { isUnknown } from "./unknown";

/** A value inside a resource's properties, as a control judges, resolves and quotes it. */
export interface PropertyAt {
    /**
     * The value, unknown sentinel intact. When a step on the way is not known yet, that step's
     * sentinel (and `path` names that step); when a step is missing or not an object, undefined.
     */
    value: unknown;
    /** The path to quote (`a.b[0].c`): the whole path, or the part up to the step not known yet. */
    path: string;
    /** The top-level input the engine keys property dependencies by (the path's first step). */
    property: string;
}

/** Walks `path` (property names and list indexes) into `props`, stopping at the first step not known yet. */
export function propertyAt(props: unknown, path: readonly (string | number)[]): PropertyAt {
    const property = String(path[0] ?? "");
    let value: unknown = props;
    let quoted = "";
    for (const step of path) {
        quoted += typeof step === "number" ? `[${step}]` : quoted === "" ? step : `.${step}`;
        value = typeof step === "number" ? (Array.isArray(value) ? value[step] : undefined) : isRecord(value) ? value[step] : undefined;
        if (isUnknown(value)) return { value, path: quoted, property };
    }
    return { value, path: quoted, property };
}

/** Whether the program set this value (a value not known yet counts: the program did set it). */
export function isSet(at: PropertyAt): boolean {
    return at.value !== undefined && at.value !== null && at.value !== "";
}
