/**
 * ts-node's transpiles remembered between runs by the program preload (transpile-cache.ts): the
 * installed ts-node, registered as the SDK's run script registers it, in a child process each run.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ccguard } from "../../support/ccguard";
import { REPO_ROOT } from "../../support/paths";

const preload = path.join(REPO_ROOT, "dist", "cli", "engine", "program-preload.js");

// As sdk/nodejs/cmd/run/run.ts registers ts-node for a CommonJS program with transpileOnly.
const registerAsTheSdk = (tsconfig: string) => `
    require("ts-node").register({
        compiler: require.resolve("typescript"),
        transpileOnly: true,
        project: ${JSON.stringify(tsconfig)},
        compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true" },
    });`;

let dir: string;
let cache: string;
let traceFile: string;

beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ccguard-transpile-"));
    cache = path.join(dir, "cache");
    mkdirSync(cache); // As ccguard makes it (cache-directory.ts).
    traceFile = path.join(dir, "trace.tsv");
    writeTsconfig({});
    writeFileSync(path.join(dir, "tenants.ts"), `export const tenants: string[] = ["north", "south"];\n`);
    writeFileSync(path.join(dir, "index.ts"), `import { tenants } from "./tenants";\nconst count: number = tenants.length;\nconsole.log(JSON.stringify({ count }));\n`);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeTsconfig(options: Record<string, unknown>): void {
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, ...options } }));
}

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    /** The preload's count, from the trace: [transpiled, from the cache]. */
    counts?: [number, number];
}

function run(script: string, withCache = true): Run {
    rmSync(traceFile, { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, CCGUARD_TRACE: traceFile };
    if (withCache) env["CCGUARD_TRANSPILE_CACHE"] = cache;
    else delete env["CCGUARD_TRANSPILE_CACHE"];
    const result = spawnSync(process.execPath, ["--require", preload, "-e", `${registerAsTheSdk(path.join(dir, "tsconfig.json"))}\n${script}`], { cwd: REPO_ROOT, encoding: "utf8", env });
    let counts: [number, number] | undefined;
    try {
        const line = /TypeScript files: (\d+) transpiled, (\d+) from the cache/.exec(readFileSync(traceFile, "utf8"));
        if (line) counts = [Number(line[1]), Number(line[2])];
    } catch {
        // No trace written.
    }
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, counts };
}

const runProgram = (withCache = true) => run(`require(${JSON.stringify(path.join(dir, "index.ts"))});`, withCache);
const entries = () => readdirSync(cache).filter((name) => name.startsWith("transpiled-"));

describe("transpiles remembered between runs of the program", () => {
    it("transpile each file once, then serve it from the cache with the same result", () => {
        const first = runProgram();
        expect(first).toMatchObject({ status: 0, stdout: `{"count":2}\n`, counts: [2, 0] });
        const second = runProgram();
        expect(second).toMatchObject({ status: 0, stdout: `{"count":2}\n`, counts: [0, 2] });
        expect(entries()).toHaveLength(2);
    });

    it("give ts-node exactly the text and source map its own transpile makes", () => {
        // ts-node's compile wraps the transpile's text with its inline source map: compared whole.
        const compile = `
            const fs = require("fs");
            const file = ${JSON.stringify(path.join(dir, "index.ts"))};
            process.stdout.write(require("ts-node").create({ transpileOnly: true, project: ${JSON.stringify(path.join(dir, "tsconfig.json"))} }).compile(fs.readFileSync(file, "utf8"), file));`;
        const uncached = run(compile, false);
        const stored = run(compile);
        const served = run(compile);
        expect(served.counts).toEqual([0, 1]);
        expect(uncached.stdout).toContain("sourceMappingURL=data:application/json");
        expect(stored.stdout).toBe(uncached.stdout);
        expect(served.stdout).toBe(uncached.stdout);
    });

    it("keep stack traces mapped to the TypeScript source when served from the cache", () => {
        writeFileSync(path.join(dir, "index.ts"), `const tenants: string[] = [];\n\nif (tenants.length === 0) {\n    throw new Error("no tenants");\n}\n`);
        const script = `try { require(${JSON.stringify(path.join(dir, "index.ts"))}); } catch (e) { process.stdout.write(e.stack.split("\\n")[1]); }`;
        const first = run(script);
        const second = run(script);
        expect(second.counts).toEqual([0, 1]);
        expect(first.stdout).toContain("index.ts:4:11");
        expect(second.stdout).toBe(first.stdout);
    });

    it("transpile again only the file edited, keeping one entry per file", () => {
        runProgram();
        writeFileSync(path.join(dir, "tenants.ts"), `export const tenants: string[] = ["north", "south", "east"];\n`);
        expect(runProgram()).toMatchObject({ stdout: `{"count":3}\n`, counts: [1, 1] });
        expect(entries()).toHaveLength(2);
    });

    it("transpile again when the compiler options change", () => {
        runProgram();
        writeTsconfig({ removeComments: true });
        expect(runProgram().counts).toEqual([2, 0]);
    });

    it("never keep a transpile that reported an error: ts-node reports it again on every run", () => {
        writeFileSync(path.join(dir, "index.ts"), `const count: number = (;\n`);
        for (const attempt of [runProgram(), runProgram()]) {
            expect(attempt.status).not.toBe(0);
            expect(attempt.stderr).toContain("TS1109");
            expect(attempt.counts).toEqual([1, 0]);
        }
        expect(entries()).toHaveLength(0);
    });

    it("transpile again over an entry that is damaged or not what the cache writes", () => {
        runProgram();
        const [damaged, foreign] = entries();
        writeFileSync(path.join(cache, damaged!), "{ not json");
        writeFileSync(path.join(cache, foreign!), JSON.stringify({ source: 42, outputText: ["console.log('not ours')"] }));
        expect(runProgram()).toMatchObject({ status: 0, stdout: `{"count":2}\n`, counts: [2, 0] });
        expect(runProgram().counts).toEqual([0, 2]);
    });

    it("run the program as before when the cache cannot be written", () => {
        // A file where the cache's folder should be: every write fails, also for root.
        cache = path.join(dir, "not-a-folder");
        writeFileSync(cache, "");
        expect(runProgram()).toMatchObject({ status: 0, stdout: `{"count":2}\n`, stderr: "", counts: [2, 0] });
        expect(runProgram().counts).toEqual([2, 0]);
    });

    it("remember nothing when ccguard names no cache", () => {
        expect(runProgram(false)).toMatchObject({ status: 0, stdout: `{"count":2}\n`, counts: undefined });
        expect(entries()).toHaveLength(0);
    });
});

describe("ccguard preview", () => {
    it("names the program's cache, so a second preview transpiles nothing and fails exactly as the first", async () => {
        const program = path.join(dir, "program");
        cpSync(path.join(REPO_ROOT, "test", "fixtures", "programs", "throws"), program, { recursive: true });
        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(program, "node_modules"), "dir");
        const preview = async () => {
            rmSync(traceFile, { force: true });
            const result = await ccguard(["preview", program, "--no-type-check", "--quiet"], { env: { CCGUARD_TRACE: traceFile } });
            return { code: result.code, stderr: result.stderr, counts: /TypeScript files: (\d+) transpiled, (\d+) from the cache/.exec(readFileSync(traceFile, "utf8"))?.slice(1) };
        };
        const first = await preview();
        const second = await preview();
        expect(first.counts).toEqual(["1", "0"]);
        expect(second.counts).toEqual(["0", "1"]);
        expect(first.stderr).toMatch(/program failed: instance alias must be set/);
        expect(second).toMatchObject({ code: first.code, stderr: first.stderr });
    });
});
