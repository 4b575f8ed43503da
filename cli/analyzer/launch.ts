/**
 * Launching a policy pack exactly as the Pulumi CLI does: its `pulumi-analyzer-policy` plugin runs
 * `node ./node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine address> .` in the pack's
 * directory, and the pack prints the port of its gRPC server on standard output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { totalmem } from "node:os";
import * as path from "node:path";
import { getHeapStatistics } from "node:v8";
import { PackLaunchError } from "../errors";
import { PACKAGE_ROOT } from "../package-root";
import { ownProcess } from "../owned-processes";

export interface LaunchedPack {
    port: number;
    /** The pack's process, for tools that watch it (profilers, memory probes). */
    pid: number | undefined;
    /** Milliseconds from spawning node to the port being printed. */
    startupMs: number;
    /**
     * How the pack ended, as one line (`exited (SIGABRT): FATAL ERROR: ... JavaScript heap out of
     * memory`), once it has ended by itself; waits up to `waitMs` for a pack that is still ending.
     * Undefined while it runs.
     */
    ended(waitMs?: number): Promise<string | undefined>;
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

// Always the compiled preload, also when ccguard runs from its TypeScript sources (tests).
const PRELOAD = path.join(PACKAGE_ROOT, "dist", "cli", "analyzer", "pack-preload.js");

const HEAP_FLAG = /--max-old-space-size=(\d+)/;

/**
 * A departure from the Pulumi CLI, as for the program (engine/language-host.ts): a heap limit sized to
 * the machine unless NODE_OPTIONS sets one. The SDK deserialises AnalyzeStack's whole stack and gives
 * each stack policy its own view of every resource, about 32 MiB per 1,000 resources of a realistic
 * stack, so Node's default limit (at most about 4 GiB) stops the pack near 120,000 resources.
 */
function heapArguments(env: NodeJS.ProcessEnv = process.env): string[] {
    if (HEAP_FLAG.test(env["NODE_OPTIONS"] ?? "")) return [];
    const megabytes = Math.min(16_384, Math.floor((totalmem() / 2 ** 20) * 0.6));
    return megabytes > defaultHeapMiB() ? [`--max-old-space-size=${megabytes}`] : [];
}

/** Node's default heap limit here: ccguard's own, unless ccguard itself was started with another. */
function defaultHeapMiB(): number {
    const own = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
    return process.execArgv.some((arg) => HEAP_FLAG.test(arg)) ? Math.min(own, 2048) : own;
}

/** The heap limit, in MiB, of a pack launched now: what NODE_OPTIONS sets, what ccguard raises it to, or Node's default. */
export function packHeapLimitMiB(): number {
    const configured = HEAP_FLAG.exec(process.env["NODE_OPTIONS"] ?? "");
    if (configured) return Number(configured[1]);
    const raised = heapArguments()[0];
    return raised ? Number(HEAP_FLAG.exec(raised)![1]) : defaultHeapMiB();
}

/** The line of a dead node process's standard error that says why: V8's fatal error, else the last line. */
function causeIn(stderr: string): string {
    const lines = stderr.split("\n").map((line) => line.trim()).filter(Boolean);
    return lines.find((line) => line.startsWith("FATAL ERROR:")) ?? lines.filter((line) => !/^(at |\d+: 0x)/.test(line)).pop() ?? "";
}

/**
 * The pack's run script, or the one-line reason the directory cannot be launched as a pack: checked
 * before a preview runs the program, so a wrong `--policy-pack` costs a line, not a run.
 */
export function checkPackDirectory(packDir: string): string {
    const directory = path.resolve(packDir);
    if (!existsSync(path.join(directory, "PulumiPolicy.yaml"))) throw new PackLaunchError(`${directory} is not a policy pack: it has no PulumiPolicy.yaml`);
    return runPolicyPackScript(directory);
}

export function launchPack(packDir: string, options: LaunchOptions = {}): Promise<LaunchedPack> {
    const directory = path.resolve(packDir);
    let script: string;
    try {
        script = checkPackDirectory(directory);
    } catch (error) {
        return Promise.reject(error);
    }
    const started = process.hrtime.bigint();
    // The engine address is unused by run-policy-pack (it only drops it), but the argument must be there.
    const env = { ...process.env, ...options.env };
    const child = spawn(process.execPath, [...heapArguments(env), "--require", PRELOAD, script, "127.0.0.1:0", "."], {
        cwd: directory,
        env,
        // Standard input stays open and unwritten: the pack leaves when it ends (pack-preload.ts).
        stdio: ["pipe", "pipe", "pipe"],
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
            // The tail is all that explains an exit; a pack that logs for hours must not grow ccguard's heap.
            stderr = (stderr + chunk.toString()).slice(-16 * 1024);
        });
        let endedAs: string | undefined;
        // On `close`, not `exit`: only then has all the pack wrote to standard error (V8's last words) arrived.
        const exited = new Promise<string>((resolveExit) =>
            child.once("close", (code, signal) => {
                const cause = causeIn(stderr);
                endedAs = `exited (${signal ?? `code ${code}`})${cause ? `: ${cause}` : ""}`;
                resolveExit(endedAs);
            }),
        );
        const ended = async (waitMs = 0): Promise<string | undefined> => {
            if (endedAs !== undefined || waitMs <= 0) return endedAs;
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<undefined>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(undefined), waitMs)));
            const result = await Promise.race([exited, timeout]);
            clearTimeout(timer);
            return result;
        };
        child.stdout!.on("data", (chunk: Buffer) => {
            // Once the port is known, what a pack prints is of no use, and must not accumulate.
            if (settled) return;
            stdout += chunk.toString();
            const line = stdout.split("\n").find((candidate) => /^\d+\s*$/.test(candidate));
            if (line === undefined || settled) return;
            settled = true;
            clearTimeout(timer);
            const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ port: Number(line.trim()), pid: child.pid, startupMs, ended, stop: () => stopProcess(child) });
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
