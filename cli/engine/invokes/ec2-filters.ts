/**
 * EC2 `Describe*` filters applied offline to a stand-in list. EC2 keeps an item when every filter
 * matches (AND) and, within one filter, any value matches (OR); values take `*` (any run of
 * characters) and `?` (one character) as wildcards (EC2 API reference, "Filtering your resources").
 */
import type { Ec2Filter } from "./invoke-args";

/** How to read, from one item, the field a filter name selects. */
export type FilterFields<T> = Record<string, (item: T) => string>;

export type Filtered<T> = { kept: T[] } | { unsupportedFilter: string };

function wildcardPattern(value: string): RegExp {
    const escaped = value.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`);
}

/**
 * Keeps the items every filter matches. A filter name the stand-in does not model is reported
 * rather than ignored, so the caller can decline to answer instead of answering too much.
 */
export function applyEc2Filters<T>(items: readonly T[], filters: readonly Ec2Filter[] | undefined, fields: FilterFields<T>): Filtered<T> {
    let kept = [...items];
    for (const filter of filters ?? []) {
        const field = Object.prototype.hasOwnProperty.call(fields, filter.name) ? fields[filter.name] : undefined;
        if (!field) return { unsupportedFilter: filter.name };
        const patterns = filter.values.map(wildcardPattern);
        kept = kept.filter((item) => patterns.some((pattern) => pattern.test(field(item))));
    }
    return { kept };
}
