/**
 * The memory budget of `ccguard audit`. An export is refused, with one line and exit code 2, when
 * evaluating it would exhaust a heap: ccguard's own (which cannot be raised once it runs, so it is
 * checked before the export is parsed) or the policy pack's (checked by resource count before the
 * pack is launched). Refusing is the promise; a V8 out-of-memory trace never is.
 *
 * The figures come from `npm run bench:audit` (bench/audit-scale.ts) on realistic stacks; the README's
 * `ccguard audit` section documents them.
 */
import { getHeapStatistics } from "node:v8";
import { packHeapLimitMiB } from "../analyzer/launch";
import { UsageError } from "../errors";

/** Lowers or raises the resource limit, for machines or stacks the defaults do not fit. */
export const MAX_RESOURCES_VARIABLE = "CCGUARD_AUDIT_MAX_RESOURCES";

/** The largest stack measured end to end (bench/audit-scale.ts); the limit where the pack's heap allows it. */
export const DEFAULT_MAX_RESOURCES = 100_000;

/**
 * The pack's peak per 1,000 resources: 32 MiB measured on realistic stacks, with room for stacks
 * whose resources carry more properties (tags, inline policies) than ours.
 */
const PACK_MIB_PER_1000_RESOURCES = 40;

/**
 * ccguard's heap beyond the export text itself, per byte of that text: the parsed document (which
 * becomes the snapshot, secrets rewritten in place), the AnalyzeStack request's bytes and the report.
 * Measured: the 10,000-resource export (27 MiB) completes with a 112 MiB old space, under two bytes
 * per byte beyond the text and ccguard's own modules; three leaves room.
 */
const HEAP_PER_TEXT_BYTE = 3;

const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);

/** The most resources an audit evaluates: the variable's value, or what the pack's heap holds, at most the default. */
export function maxAuditResources(): number {
    const configured = process.env[MAX_RESOURCES_VARIABLE];
    if (configured !== undefined && configured.trim() !== "") {
        if (!/^\d+$/.test(configured.trim()) || Number(configured) < 1) {
            throw new UsageError(`${MAX_RESOURCES_VARIABLE} must be a positive whole number of resources, not ${JSON.stringify(configured)}`);
        }
        return Number(configured);
    }
    return Math.min(DEFAULT_MAX_RESOURCES, Math.floor(packHeapLimitMiB() / PACK_MIB_PER_1000_RESOURCES) * 1000);
}

/** Before parsing: refuses export text that ccguard's heap could not hold with everything built from it. */
export function refuseTextBeyondHeap(text: string, source: string): void {
    const heap = getHeapStatistics();
    const needed = text.length * HEAP_PER_TEXT_BYTE;
    const available = heap.heap_size_limit - heap.used_heap_size;
    if (needed <= available) return;
    const suggestion = Math.ceil((mib(heap.heap_size_limit) + mib(needed - available)) / 1024) * 1024;
    throw new UsageError(
        `${source} is ${mib(text.length)} MiB, too large for ccguard's heap: evaluating it needs about ${mib(needed)} MiB more, ` +
            `${mib(available)} MiB are left of ${mib(heap.heap_size_limit)} MiB; ` +
            `run it with NODE_OPTIONS=--max-old-space-size=${suggestion}`,
    );
}

/** Before evaluating: refuses a stack with more resources than the budget. */
export function refuseResourcesBeyondBudget(count: number, source: string): void {
    const limit = maxAuditResources();
    if (count <= limit) return;
    throw new UsageError(
        `${source} has ${count} resources, more than the ${limit} that ccguard audit evaluates within its memory budget ` +
            `(policy pack heap ${packHeapLimitMiB()} MiB); set ${MAX_RESOURCES_VARIABLE} to change the limit`,
    );
}
