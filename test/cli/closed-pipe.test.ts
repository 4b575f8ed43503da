/**
 * `ccguard ... | head -c 10`: a reader that stops early closes the pipe. ccguard then ends quietly,
 * as a command line tool does, with the exit code it would have had: no EPIPE stack trace.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/paths";

/**
 * Runs `ccguard <args> | head -c 10` in a real shell pipeline (Node's own child pipes are socket
 * pairs with buffers large enough to hide the problem), reporting ccguard's exit status.
 */
function withReaderGoneEarly(args: string[]): Promise<{ code: number; stderr: string; read: string }> {
    const script = '"$@" 2>"$CCGUARD_STDERR" | head -c 10; status=${PIPESTATUS[0]}; echo; echo "ccguard exit status: $status"';
    return new Promise((resolve, reject) => {
        const stderrFile = path.join(mkdtempSync(path.join(tmpdir(), "ccguard-pipe-")), "stderr");
        const child = spawn("bash", ["-c", script, "bash", process.execPath, path.join(REPO_ROOT, "dist", "cli", "ccguard.js"), ...args], {
            cwd: REPO_ROOT,
            env: { ...process.env, CCGUARD_STDERR: stderrFile },
            stdio: ["ignore", "pipe", "inherit"],
        });
        let stdout = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.on("error", reject);
        child.on("close", () => {
            const status = /ccguard exit status: (\d+)/.exec(stdout);
            if (!status) return reject(new Error(`no exit status in ${JSON.stringify(stdout)}`));
            resolve({ code: Number(status[1]), stderr: readFileSync(stderrFile, "utf8"), read: stdout.slice(0, 10) });
        });
    });
}

describe("ccguard writing to a pipe its reader has closed", () => {
    // Both outputs are larger than a pipe's buffer (64 KiB) and what head reads at once, so ccguard is still writing when the reader goes.
    it("ends quietly with exit code 0 for `controls --format json | head -c 10`", async () => {
        const run = await withReaderGoneEarly(["controls", "--format", "json"]);
        expect(run.read).toBe('{\n  "contr');
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
    });

    it("keeps the verdict as its exit code when a blocked report's reader goes early", async () => {
        const run = await withReaderGoneEarly(["report", path.join("test", "fixtures", "reports", "leaky-preview.json"), "--format", "html"]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
    });
});
