/**
 * `node dist/bench/preview-trace.js <ccguard preview arguments...>`: one `ccguard preview` with
 * CCGUARD_TRACE on, printed as one timeline of every process it started (ccguard, the type check,
 * the program), in seconds since ccguard's own process started, with the CPU time of the run. Where
 * a preview's time goes, read before changing what runs when.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface TraceLine {
    at: number;
    pid: number;
    role: string;
    event: string;
}

export function readTrace(file: string): TraceLine[] {
    return readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => {
            const [at, pid, role, event] = line.split("\t");
            return { at: Number(at), pid: Number(pid), role, event };
        })
        .sort((a, b) => a.at - b.at);
}

/** The timeline relative to ccguard's start, one line per moment. */
export function timeline(lines: readonly TraceLine[]): string[] {
    const origin = lines.find((line) => line.role === "ccguard" && line.event === "process started")?.at ?? lines[0]?.at ?? 0;
    return lines.map((line) => `${((line.at - origin) / 1000).toFixed(2).padStart(7)} s  ${line.role.padEnd(10)} ${line.event}`);
}

function main() {
    const repoRoot = path.resolve(__dirname, "..", "..");
    const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-trace-"));
    const file = path.join(scratch, "trace.tsv");
    try {
        const args = ["preview", ...process.argv.slice(2), "--quiet"];
        const run = spawnSync("/usr/bin/time", ["-f", "%e s wall, %U s user, %S s system (ccguard and every child)", process.execPath, path.join(repoRoot, "dist", "cli", "ccguard.js"), ...args], {
            cwd: repoRoot,
            env: { ...process.env, CCGUARD_TRACE: file },
            encoding: "utf8",
        });
        console.log(`ccguard ${args.join(" ")}: exit ${run.status}`);
        for (const line of timeline(readTrace(file))) console.log(line);
        console.log(run.stderr.trim().split("\n").pop());
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}

if (require.main === module) main();
