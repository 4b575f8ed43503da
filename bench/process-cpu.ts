/**
 * CPU time a process has used so far, read from /proc (Linux). On a shared machine wall time
 * swings with whatever else runs, while a process's own CPU time stays close to the work it did:
 * benchmarks print both, and compare packs on either.
 */
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime: 100 on every Linux build Node supports. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU milliseconds of `pid`, or undefined where /proc cannot tell. */
export function cpuMsOf(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        // The command name in parentheses may hold spaces: fields are counted after its closing one.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const [utime, stime] = [Number(fields[11]), Number(fields[12])];
        return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : undefined;
    } catch {
        return undefined;
    }
}
