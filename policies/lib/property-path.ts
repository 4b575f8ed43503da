/**
 * Nested properties read step by step. In a first preview any object on the way may itself be an
 * unknown output, and the message should name that step, not a path below it that does not exist yet.
 */
import { isRecord } from "./describe";
import { isUnknown } from "./unknown";

export interface PropertyAt {
    /**
     * The value, unknown sentinel intact. When a step on the way is not known yet, that step's
     * sentinel (and `path` names that step); when a step is missing or not an object, undefined.
     */
    value: unknown;
    /** The dotted path to quote: the whole path, or the part up to the step not known yet. */
    path: string;
}

export function propertyAt(props: unknown, path: readonly string[]): PropertyAt {
    let value: unknown = props;
    for (let step = 0; step < path.length; step++) {
        value = isRecord(value) ? value[path[step]] : undefined;
        if (isUnknown(value)) return { value, path: path.slice(0, step + 1).join(".") };
    }
    return { value, path: path.join(".") };
}
