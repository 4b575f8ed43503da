/** Runs the built `ccguard` command as a user would, capturing exit code and output. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

export interface CcguardRun {
    code: number | null;
    /** The signal that ended ccguard, when one did. */
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

export interface CcguardOptions {
    stdin?: string;
    cwd?: string;
    /** Added to this process's environment. */
    env?: NodeJS.ProcessEnv;
    /** Called with ccguard's process id once it is started. */
    onStart?: (pid: number) => void;
}

export function ccguard(args: string[], options: CcguardOptions = {}): Promise<CcguardRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "cli", "ccguard.js"), ...args], {
            cwd: options.cwd ?? REPO_ROOT,
            env: options.env ? { ...process.env, ...options.env } : process.env,
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        // "close", not "exit": output still in the pipes when the process exits belongs to the run.
        child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
        child.stdin.end(options.stdin ?? "");
        if (child.pid !== undefined) options.onStart?.(child.pid);
    });
}
