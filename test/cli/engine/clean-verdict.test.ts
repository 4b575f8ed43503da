/**
 * The type check beside the run remembers a clean verdict and reuses it only while nothing it rests
 * on has changed; a program with type errors is checked in full every time.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/paths";

const CHECKER = path.join(REPO_ROOT, "dist", "cli", "engine", "type-check.js");
const scratch: string[] = [];

afterEach(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A program without provider packages (quick to check), with the repository's node_modules as its own. */
function program(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-clean-verdict-"));
    scratch.push(dir);
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, types: [] }, files: ["index.ts"] }));
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
    return dir;
}

/** One check as the preview starts it, with whether it reused a remembered verdict (from its trace). */
function check(dir: string): { errors: string[]; reused: boolean } {
    // Beside the program, not in it: a file written in the program's directory would change what the verdict rests on.
    const trace = `${dir}.trace.tsv`;
    scratch.push(trace);
    rmSync(trace, { force: true });
    const run = spawnSync(process.execPath, [CHECKER, dir, path.join(dir, "index.ts"), path.join(dir, "tsconfig.json"), "cjs"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, CCGUARD_TRACE: trace },
    });
    expect(run.status, run.stderr).toBe(0);
    return { errors: (JSON.parse(run.stdout) as { errors: string[] }).errors, reused: readFileSync(trace, "utf8").includes("nothing it rests on changed") };
}

describe("a clean verdict remembered", () => {
    it("is reused for the unchanged program, and not once a file it read is edited to fail", () => {
        const dir = program({ "index.ts": 'import { days } from "./retention";\nexport const kept = days * 2;\n', "retention.ts": "export const days: number = 90;\n" });
        expect(check(dir)).toEqual({ errors: [], reused: false });
        expect(check(dir)).toEqual({ errors: [], reused: true });
        writeFileSync(path.join(dir, "retention.ts"), 'export const days: number = "ninety";\n');
        expect(check(dir)).toEqual({ errors: ["retention.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'."], reused: false });
    });

    it("is not reused once a file added beside an import takes its place in resolution", () => {
        // `./retention` resolves to the declaration file until a TypeScript source of the same name appears.
        const dir = program({ "index.ts": 'import { days } from "./retention";\nexport const kept = days * 2;\n', "retention.d.ts": "export declare const days: number;\n" });
        expect(check(dir)).toEqual({ errors: [], reused: false });
        expect(check(dir).reused).toBe(true);
        writeFileSync(path.join(dir, "retention.ts"), 'export const days: number = "ninety";\n');
        expect(check(dir)).toEqual({ errors: ["retention.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'."], reused: false });
    });

    it("is never made of a program with type errors, which is checked in full each time", () => {
        const dir = program({ "index.ts": 'export const days: number = "ninety";\n' });
        const expected = { errors: ["index.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'."], reused: false };
        expect(check(dir)).toEqual(expected);
        expect(check(dir)).toEqual(expected);
    });
});
