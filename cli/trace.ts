/**
 * Where a preview's time goes, for the people who make it faster: with CCGUARD_TRACE=<file>, ccguard
 * and the processes it starts (the type check, the program's preload) append one line per moment to
 * that file, `<epoch ms>\t<pid>\t<role>\t<event>`, so the lines of all processes sort into one
 * timeline (bench/preview-trace.ts reads them). Without the variable nothing is written, and the
 * cost is one environment look-up.
 */
import { appendFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const FILE = process.env["CCGUARD_TRACE"];

/** Milliseconds since the epoch, with the monotonic clock's resolution. */
function now(): number {
    return performance.timeOrigin + performance.now();
}

export function traceEnabled(): boolean {
    return FILE !== undefined && FILE !== "";
}

export function trace(role: string, event: string, at = now()): void {
    if (!traceEnabled()) return;
    try {
        appendFileSync(FILE!, `${at.toFixed(1)}\t${process.pid}\t${role}\t${event}\n`);
    } catch {
        // A trace that cannot be written must never change what the preview does.
    }
}

/** The moment this process started, before any module of it loaded: Node's own time origin. */
export function traceProcessStart(role: string): void {
    trace(role, "process started", performance.timeOrigin);
}
