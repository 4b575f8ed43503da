/**
 * Launching a policy pack exactly as the Pulumi CLI does: its `pulumi-analyzer-policy` plugin runs
 * `node ./node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine address> .` in the pack's
 * directory, and the pack prints the port of its gRPC server on standard output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { PackLaunchError } from "../errors";
import { ownProcess } from "../owned-processes";

export interface LaunchedPack {
    port: number;
    /** The pack's process, for tools that watch it (profilers, memory probes). */
    pid: number | undefined;
    /** Milliseconds from spawning node to the port being printed. */
    startupMs: number;
    stop(): Promise<void>;
}

export interface LaunchOptions {
    /** How long to wait for the port, in milliseconds. */
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
}

export function runPolicyPackScript(packDir: string): string {
    const local = path.join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    if (existsSync(local)) return local;
    try {
        // A pack inside a workspace or installed as a dependency finds @pulumi/pulumi higher up,
        // as Node's own resolution would.
        return path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }));
    } catch {
        throw new PackLaunchError(`no @pulumi/pulumi in ${packDir}: run npm install there first`);
    }
}

export function launchPack(packDir: string, options: LaunchOptions = {}): Promise<LaunchedPack> {
    const directory = path.resolve(packDir);
    if (!existsSync(path.join(directory, "PulumiPolicy.yaml"))) {
        return Promise.reject(new PackLaunchError(`${directory} is not a policy pack: it has no PulumiPolicy.yaml`));
    }
    const script = runPolicyPackScript(directory);
    const started = process.hrtime.bigint();
    // The engine address is unused by run-policy-pack (it only drops it), but the argument must be there.
    const child = spawn(process.execPath, [script, "127.0.0.1:0", "."], {
        cwd: directory,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    // Otherwise a caller that crashes or is interrupted leaves the pack running, holding its memory and its port.
    ownProcess(child);
    return new Promise<LaunchedPack>((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        let settled = false;
        const fail = (reason: string) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            child.kill("SIGKILL");
            const detail = stderr.trim().split("\n").filter(Boolean).slice(-3).join(" | ");
            reject(new PackLaunchError(`policy pack in ${directory} ${reason}${detail ? `: ${detail}` : ""}`));
        };
        const timer = setTimeout(() => fail(`printed no port within ${options.timeoutMs ?? 60_000} ms`), options.timeoutMs ?? 60_000);
        child.stderr!.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
        });
        child.stdout!.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const line = stdout.split("\n").find((candidate) => /^\d+\s*$/.test(candidate));
            if (line === undefined || settled) return;
            settled = true;
            clearTimeout(timer);
            const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ port: Number(line.trim()), pid: child.pid, startupMs, stop: () => stopProcess(child) });
        });
        child.on("error", (error) => fail(`could not start (${error.message})`));
        child.on("exit", (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before printing its port`));
    });
}

function stopProcess(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
}
