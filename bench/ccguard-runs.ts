/**
 * ccguard as users run it, end to end: `node dist/cli/ccguard.js ...` spawned from the repository
 * root, timed from spawn to exit, with the peak resident memory of every process involved: ccguard
 * itself, the Pulumi program it runs (preview), and the policy pack it launches. Each of them reports
 * its own peak through the peak-memory preload, which NODE_OPTIONS hands down to every node child.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { FindingsReport } from "../cli/findings";
import { realisticStack, writeStackExport, type ContactCentreTemplate } from "./realistic-stack";
import { mib, PeakMemoryProbe } from "./peak-memory-probe";
import { formatMs, summarise } from "./stats";

export interface CliRun {
    wallMs: number;
    code: number | null;
    stdout: string;
    stderr: string;
    /** Peak resident memory in KiB, per role. */
    peakKiB: Map<string, number>;
}

export function runCcguard(repoRoot: string, args: string[]): Promise<CliRun> {
    const probe = new PeakMemoryProbe(repoRoot);
    const env = probe.env();
    const started = process.hrtime.bigint();
    const cli = path.join(repoRoot, "dist", "cli", "ccguard.js");
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-16 * 1024);
    });
    return new Promise<CliRun>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            try {
                if (code !== 0 && code !== 1) {
                    throw new Error(`ccguard ${args[0]} exited with code ${code}: ${stderr.trim().split("\n").pop() ?? ""}`);
                }
                resolve({ wallMs, code, stdout: Buffer.concat(stdout).toString(), stderr, peakKiB: probe.read() });
            } catch (error) {
                reject(error);
            } finally {
                probe.dispose();
            }
        });
    });
}

function printPeaks(runs: CliRun[]) {
    const roles = [...new Set(runs.flatMap((run) => [...run.peakKiB.keys()]))];
    for (const role of roles) {
        const peaks = summarise(runs.map((run) => run.peakKiB.get(role) ?? 0));
        const spread = runs.length > 1 ? ` [${mib(peaks.min)}..${mib(peaks.max)}]` : "";
        console.log(`  peak memory ${role.padEnd(16)} ${mib(peaks.median).padStart(8)}${spread}`);
    }
}

/** `ccguard preview examples/eu-contact-centre` as the README runs it: type checking on, outputs unknown. */
export async function benchPreviewRun(repoRoot: string, runs: number): Promise<void> {
    const args = ["preview", "examples/eu-contact-centre"];
    const results: CliRun[] = [];
    for (let run = 0; run < runs; run++) results.push(await runCcguard(repoRoot, args));
    const wall = summarise(results.map((r) => r.wallMs));
    console.log(`\nccguard ${args.join(" ")}, end to end (${runs} run${runs > 1 ? "s" : ""}, median [min..max])`);
    console.log(`  wall time                    ${formatMs(wall.median).padStart(8)} [${formatMs(wall.min)}..${formatMs(wall.max)}]   exit ${results[0].code}`);
    printPeaks(results);
    // Against the type check it cannot avoid (preview-against-tsc.ts, which runs on ccguard as this file does).
    const { benchPreviewAgainstTsc, euExample } = require("./preview-against-tsc") as typeof import("./preview-against-tsc");
    const example = euExample(repoRoot);
    try {
        await benchPreviewAgainstTsc(repoRoot, example, runs);
    } finally {
        example.dispose();
    }
}

/** `ccguard audit <export> --format json` on the `pulumi stack export` of a realistic stack of `size` resources. */
export async function benchAuditRun(repoRoot: string, template: ContactCentreTemplate, size: number): Promise<void> {
    const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-audit-bench-"));
    try {
        const generationStarted = process.hrtime.bigint();
        const stack = realisticStack(template, size);
        const file = path.join(scratch, "stack-export.json");
        writeStackExport(stack.snapshot, file);
        const generationMs = Number(process.hrtime.bigint() - generationStarted) / 1e6;
        const megabytes = (statSync(file).size / 2 ** 20).toFixed(1);

        const run = await runCcguard(repoRoot, ["audit", file, "--format", "json"]);
        const report = JSON.parse(run.stdout) as FindingsReport;
        console.log(
            `\nccguard audit <stack export> --format json, end to end: ${stack.snapshot.resources.length} resources ` +
                `(${stack.contactCentres} contact centres, ${stack.applicationResources} application resources), ${megabytes} MiB export`,
        );
        console.log(`  export generated and written ${formatMs(generationMs).padStart(8)}`);
        console.log(
            `  wall time                    ${formatMs(run.wallMs).padStart(8)}   exit ${run.code}, ` +
                `${report.summary.mandatory} mandatory, ${report.summary.advisory} advisory, ${report.summary.waived} waived`,
        );
        printPeaks([run]);
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}
