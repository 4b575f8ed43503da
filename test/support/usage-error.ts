/** Files a test writes for ccguard to read, and what ccguard must do with bad input: exit 2, one line. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "vitest";

/** A fresh temporary directory and a writer of files into it. */
export function scratchDirectory(prefix: string): { dir: string; file(name: string, content: string): string } {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    return {
        dir,
        file(name, content) {
            const target = path.join(dir, name);
            writeFileSync(target, content);
            return target;
        },
    };
}

/** Exit code 2, nothing on standard output, and one `ccguard: ` line matching `pattern`, with no stack trace. */
export function expectUsageError(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^ccguard: /);
    expect(lines[0].trim()).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
}
