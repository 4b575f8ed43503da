/**
 * The reading side of the peak-memory preload (`peak-memory.ts`): an environment that makes every node
 * process started with it report its peak resident memory, and the reports read back by role.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The processes benchmarks start, by what they are to a user. */
const ROLES: Record<string, string> = {
    "ccguard.js": "ccguard",
    "pulumi-run": "Pulumi program",
    "run-policy-pack": "policy pack",
};

export class PeakMemoryProbe {
    private readonly dir = mkdtempSync(path.join(tmpdir(), "ccguard-peak-memory-"));

    constructor(private readonly repoRoot: string) {}

    /** Environment for the processes to measure; NODE_OPTIONS carries the preload to their node children. */
    env(): NodeJS.ProcessEnv {
        const preload = path.join(this.repoRoot, "dist", "bench", "peak-memory.js");
        return {
            ...process.env,
            NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --require "${preload}"`.trim(),
            CCGUARD_PEAK_MEMORY_DIR: this.dir,
        };
    }

    /** Peak resident memory in KiB per role, of the processes that have ended; then forgets them. */
    read(): Map<string, number> {
        const peaks = new Map<string, number>();
        for (const file of readdirSync(this.dir)) {
            const [, script, , maxRss] = readFileSync(path.join(this.dir, file), "utf8").trim().split(" ");
            const role = ROLES[script] ?? script;
            peaks.set(role, Math.max(peaks.get(role) ?? 0, Number(maxRss)));
            rmSync(path.join(this.dir, file));
        }
        return peaks;
    }

    dispose(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}

export const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
