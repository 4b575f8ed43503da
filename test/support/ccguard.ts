/** Runs the built `ccguard` command as a user would, capturing exit code and output. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

export interface CcguardRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

export function ccguard(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CcguardRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "cli", "ccguard.js"), ...args], {
            cwd: options.cwd ?? REPO_ROOT,
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(options.stdin ?? "");
    });
}
