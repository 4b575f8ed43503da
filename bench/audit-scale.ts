/**
 * `npm run bench:audit`: `ccguard audit` of `pulumi stack export` files of growing size, printing wall
 * time, the peak resident memory of ccguard and of the policy pack it launches, and each one's memory
 * per 1,000 resources, so that growth faster than the stack shows. Options: --sizes 10000,50000,100000,
 * --keep DIR (write the exports there and keep them, for profiling by hand).
 *
 * The exports are realistic stacks (`realistic-stack.ts`: contact centres as our components build
 * them, with their buckets, bucket policies, encryption, lifecycle and versioning resources, KMS keys,
 * roles, Connect storage configs, streams and log groups, plus application resources), written as
 * `pulumi stack export` writes them: indented by four spaces, secrets encrypted.
 *
 * Peak memory is read two ways: the peak-memory preload reports each node process's peak when it ends
 * normally, and every process under ccguard is sampled (VmHWM in /proc/<pid>/status, itself a peak) so
 * a process that is killed or runs out of heap is still measured.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { FindingsReport } from "../cli/findings";
import { mib, PeakMemoryProbe } from "./peak-memory-probe";
import { realisticStack, recordContactCentre, writeStackExport, type ContactCentreTemplate } from "./realistic-stack";

function sizesOf(argv: string[]): number[] {
    const flag = argv.indexOf("--sizes");
    const sizes = (flag > 0 ? argv[flag + 1] : "10000,50000,100000").split(",").map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
        console.error("bench: --sizes needs positive whole numbers, e.g. 10000,50000,100000");
        process.exit(2);
    }
    return sizes;
}

/** The export as the Pulumi CLI prints it (Go's json.MarshalIndent with four spaces). */
function writeIndentedExport(template: ContactCentreTemplate, size: number, file: string): number {
    const stack = realisticStack(template, size);
    writeStackExport(stack.snapshot, file);
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, "utf8")), null, 4));
    return stack.snapshot.resources.length;
}

interface ProcessPeak {
    role: string;
    kib: number;
}

/** Node processes under `root` (itself included), by parent pid from /proc/<pid>/stat. */
function processTree(root: number): Map<number, string> {
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            // The command name is in parentheses and may contain spaces; the parent pid follows the state.
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            parents.set(Number(entry), Number(fields[1]));
        } catch {
            // Ended between listing and reading.
        }
    }
    const tree = new Map<number, string>();
    const within = (pid: number): boolean => pid === root || (parents.has(pid) && pid > 1 && within(parents.get(pid)!));
    for (const pid of parents.keys()) {
        if (!within(pid)) continue;
        try {
            tree.set(pid, readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" "));
        } catch {
            // Ended.
        }
    }
    return tree;
}

function roleOf(commandLine: string): string {
    if (commandLine.includes("run-policy-pack")) return "policy pack";
    if (commandLine.includes("ccguard.js")) return "ccguard";
    return commandLine.split(" ")[0];
}

function highWaterKiB(pid: number): number | undefined {
    try {
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}

interface AuditRun {
    wallMs: number;
    code: number | null;
    stdout: string;
    stderrTail: string;
    /** Peak resident memory in KiB per role: the larger of what the preload and the sampling saw. */
    peakKiB: Map<string, number>;
    /** Pack processes still alive after ccguard exited. */
    leftRunning: number[];
}

function auditRun(repoRoot: string, file: string): Promise<AuditRun> {
    const probe = new PeakMemoryProbe(repoRoot);
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(repoRoot, "dist", "cli", "ccguard.js"), "audit", file, "--format", "json", "--quiet"], {
        cwd: repoRoot,
        env: probe.env(),
        stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8 * 1024)));
    const sampled = new Map<number, ProcessPeak>();
    const sample = () => {
        if (child.pid === undefined) return;
        for (const [pid, commandLine] of processTree(child.pid)) {
            const kib = highWaterKiB(pid);
            if (kib !== undefined) sampled.set(pid, { role: roleOf(commandLine), kib: Math.max(kib, sampled.get(pid)?.kib ?? 0) });
        }
    };
    const sampler = setInterval(sample, 100);
    return new Promise<AuditRun>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            clearInterval(sampler);
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            const peakKiB = probe.read();
            probe.dispose();
            for (const { role, kib } of sampled.values()) peakKiB.set(role, Math.max(kib, peakKiB.get(role) ?? 0));
            const leftRunning = [...sampled.entries()].filter(([pid, { role }]) => role === "policy pack" && isAlive(pid)).map(([pid]) => pid);
            resolve({ wallMs, code, stdout: Buffer.concat(stdout).toString(), stderrTail: stderr.trim().split("\n").slice(-3).join(" | "), peakKiB, leftRunning });
        });
    });
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

const perThousand = (kib: number, resources: number) => `${((kib / 1024) * (1000 / resources)).toFixed(1)} MiB`;

async function main() {
    const sizes = sizesOf(process.argv);
    const keepFlag = process.argv.indexOf("--keep");
    const keep = keepFlag > 0 ? path.resolve(process.argv[keepFlag + 1]) : undefined;
    const repoRoot = path.resolve(__dirname, "..", "..");
    const scratch = keep ?? mkdtempSync(path.join(tmpdir(), "ccguard-audit-scale-"));
    mkdirSync(scratch, { recursive: true });
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
    console.log("ccguard audit <pulumi stack export> --format json, by size:");
    try {
        const template = await recordContactCentre(repoRoot);
        for (const size of sizes) {
            const file = path.join(scratch, `stack-export-${size}.json`);
            const resources = writeIndentedExport(template, size, file);
            const megabytes = statSync(file).size / 2 ** 20;
            const run = await auditRun(repoRoot, file);
            const ccguardKiB = run.peakKiB.get("ccguard") ?? 0;
            const packKiB = run.peakKiB.get("policy pack") ?? 0;
            let outcome: string;
            if (run.code === 0 || run.code === 1) {
                const report = JSON.parse(run.stdout) as FindingsReport;
                outcome = `exit ${run.code}, ${report.summary.mandatory} mandatory, ${report.summary.advisory} advisory`;
            } else {
                outcome = `exit ${run.code}: ${run.stderrTail}`;
            }
            console.log(
                `  ${String(resources).padStart(7)} resources (${megabytes.toFixed(0)} MiB): ${(run.wallMs / 1000).toFixed(1).padStart(6)} s wall, ` +
                    `ccguard ${mib(ccguardKiB)} (${perThousand(ccguardKiB, resources)} per 1,000), ` +
                    `pack ${mib(packKiB)} (${perThousand(packKiB, resources)} per 1,000); ${outcome}` +
                    (run.leftRunning.length > 0 ? `; PACK LEFT RUNNING: ${run.leftRunning.join(", ")}` : ""),
            );
            for (const pid of run.leftRunning) process.kill(pid, "SIGKILL");
            if (!keep) rmSync(file, { force: true });
        }
    } finally {
        if (!keep) rmSync(scratch, { recursive: true, force: true });
    }
}

main().catch((error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
