/**
 * The CI recipes in examples/ci run here, as written: their shell blocks are executed with bash the
 * way each CI service runs them, with the repository's built ccguard standing in for the copy a user's
 * project installs (a shim on PATH answers `npx --no-install ccguard`; any other npx refuses), against
 * the bundled examples. GitHub steps follow the runner's rules for `if:` (an implicit `success()`),
 * step outputs and `env:` expressions; actions are checked for what they consume instead of run.
 *
 * Both recipes run the same preview command. To stay well under a minute, the shim keeps the result of
 * the first real `ccguard preview ... --output FILE` of a project and replays it for the identical
 * command line in the second recipe; every `report` rendering runs for real.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "./support/paths";

const RECIPES_DIR = path.join(REPO_ROOT, "examples", "ci");
const CCGUARD_JS = path.join(REPO_ROOT, "dist", "cli", "ccguard.js");
const COMPLIANT_PROJECT = path.join(REPO_ROOT, "examples", "eu-contact-centre");
const LEAKY_PROJECT = path.join(REPO_ROOT, "examples", "leaky-contact-centre");
const MISSING_PROJECT = path.join(REPO_ROOT, "examples", "no-such-project");

type Yaml = Record<string, any>;

const workflow: Yaml = parseYaml(fs.readFileSync(path.join(RECIPES_DIR, "github-actions.yml"), "utf8"));
const gitlab: Yaml = parseYaml(fs.readFileSync(path.join(RECIPES_DIR, "gitlab-ci.yml"), "utf8"));
const [githubJob] = Object.values(workflow.jobs ?? {}) as Yaml[];
const gitlabJob: Yaml = gitlab.ccguard;

function gitlabScript(job: Yaml): string[] {
    return [...(job.before_script ?? []), ...(job.script ?? [])].map(String);
}

/** Every shell block of both recipes, named for failure messages. */
const shellBlocks: { where: string; text: string }[] = [
    ...(githubJob.steps as Yaml[]).filter((step) => step.run).map((step) => ({ where: `github: ${step.name ?? step.run}`, text: String(step.run) })),
    ...gitlabScript(gitlabJob).map((text) => ({ where: `gitlab: ${text}`, text })),
];

/** Shell lines without comments. */
function commandLines(text: string): string[] {
    return text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
}

/** `ccguard` as a command word (not `ccguard.sarif` or `ccguard-report.html`). */
const CCGUARD_WORD = /(^|[\s;|&(])ccguard(?=\s|$)/;

const ccguardLines = shellBlocks.flatMap(({ where, text }) =>
    commandLines(text)
        .filter((line) => CCGUARD_WORD.test(line))
        .map((line) => ({ where, line })),
);

/** What a ccguard command line asks for: its subcommand and output format (none for `config`). */
function invocationOf(line: string): { subcommand: string; format?: string } {
    const match = /npx --no-install ccguard (\w+)\b(?:.*?--format (\w+))?/.exec(line);
    if (!match) throw new Error(`cannot read the ccguard invocation in: ${line}`);
    return { subcommand: match[1], format: match[2] };
}

// ---------------------------------------------------------------------------------------------------
// Stand-ins for the commands the recipes call, on PATH ahead of the real ones.

let scratch: string;
let shimDir: string;

function writeShims(): void {
    shimDir = path.join(scratch, "bin");
    fs.mkdirSync(shimDir);
    fs.mkdirSync(path.join(scratch, "memo"));
    const executable = (name: string, text: string) => fs.writeFileSync(path.join(shimDir, name), text, { mode: 0o755 });
    // Only the project's own ccguard: npx may not fetch anything here, as in the recipes' promise.
    executable(
        "npx",
        `#!/usr/bin/env bash
if [ "$1" = "--no-install" ] && [ "$2" = "ccguard" ]; then shift 2; exec "${process.execPath}" "${shimDir}/ccguard.cjs" "$@"; fi
echo "npx shim: refused npx $*" >&2; exit 127
`,
    );
    // The repository's node_modules already holds what the user's npm ci would install.
    executable(
        "npm",
        `#!/usr/bin/env bash
if [ "$1" = "ci" ]; then exit 0; fi
echo "npm shim: refused npm $*" >&2; exit 127
`,
    );
    executable(
        "gh",
        `#!/usr/bin/env bash
"${process.execPath}" -e 'require("fs").appendFileSync(process.env.GH_CALL_LOG, JSON.stringify(process.argv.slice(1)) + "\\n")' -- "$@"
`,
    );
    fs.writeFileSync(
        path.join(shimDir, "ccguard.cjs"),
        `const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.CCGUARD_CALL_LOG, JSON.stringify(args) + "\\n");
const outputAt = args.indexOf("--output");
const replayable = args[0] === "preview" && outputAt > 0;
const memo = path.join(${JSON.stringify(path.join(scratch, "memo"))}, crypto.createHash("sha256").update(JSON.stringify(args)).digest("hex"));
if (replayable && fs.existsSync(memo + ".code")) {
    fs.copyFileSync(memo + ".out", args[outputAt + 1]);
    process.exit(Number(fs.readFileSync(memo + ".code", "utf8")));
}
const run = spawnSync(process.execPath, [${JSON.stringify(CCGUARD_JS)}, ...args], { stdio: "inherit" });
const code = run.status ?? 2;
if (replayable && fs.existsSync(args[outputAt + 1])) {
    fs.copyFileSync(args[outputAt + 1], memo + ".out");
    fs.writeFileSync(memo + ".code", String(code));
}
process.exit(code);
`,
    );
}

interface Shell {
    code: number;
    output: string;
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<Shell> {
    const file = path.join(scratch, `script-${Math.random().toString(36).slice(2)}.sh`);
    fs.writeFileSync(file, script);
    return new Promise((resolve, reject) => {
        // The shell GitHub's ubuntu runners use for `run:`; GitLab stops at the first failing line too.
        const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("error", reject);
        child.on("exit", (code) => resolve({ code: code ?? 128, output }));
    });
}

interface Workspace {
    dir: string;
    env: Record<string, string>;
    ccguardCalls: () => string[][];
    ghCalls: () => string[][];
}

function workspace(name: string): Workspace {
    const dir = path.join(scratch, name);
    fs.mkdirSync(dir);
    const ccguardLog = path.join(scratch, `${name}.ccguard.log`);
    const ghLog = path.join(scratch, `${name}.gh.log`);
    const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]) : []);
    return {
        dir,
        env: {
            ...(process.env as Record<string, string>),
            PATH: `${shimDir}${path.delimiter}${process.env.PATH}`,
            CCGUARD_CALL_LOG: ccguardLog,
            GH_CALL_LOG: ghLog,
        },
        ccguardCalls: () => lines(ccguardLog),
        ghCalls: () => lines(ghLog),
    };
}

// ---------------------------------------------------------------------------------------------------
// A GitHub Actions job, step by step, with the runner's rules for conditions and outputs.

const GITHUB_CONTEXT = {
    repository: "acme/contact-centre",
    token: "test-token",
    event: { pull_request: { number: 7, head: { repo: { full_name: "acme/contact-centre" } } } },
};

interface StepState {
    outcome: "success" | "failure" | "skipped";
    outputs: Record<string, string>;
}

interface ExpressionScope {
    steps: Record<string, StepState>;
    github: unknown;
    env: Record<string, string>;
    jobFailed: boolean;
}

/** The part of GitHub's expression language the recipe uses; anything else fails the test. */
function evaluate(source: string, scope: ExpressionScope): unknown {
    const tokens = source.match(/\s+|'(?:[^']|'')*'|==|!=|&&|\|\||[!()]|[A-Za-z_][\w.-]*|\d+|./g) ?? [];
    const queue = tokens.filter((token) => !/^\s+$/.test(token));
    let at = 0;
    const peek = () => queue[at];
    const take = (expected?: string) => {
        const token = queue[at++];
        if (expected !== undefined && token !== expected) throw new Error(`expected ${expected} in: ${source}`);
        return token;
    };
    const truthy = (value: unknown) => value !== null && value !== undefined && value !== "" && value !== false && value !== 0;
    const equal = (a: unknown, b: unknown) =>
        typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : (a ?? null) === (b ?? null);
    const statusFunctions: Record<string, () => boolean> = {
        success: () => !scope.jobFailed,
        failure: () => scope.jobFailed,
        always: () => true,
        cancelled: () => false,
    };
    const primary = (): unknown => {
        const token = take();
        if (token === "(") {
            const value = or();
            take(")");
            return value;
        }
        if (token === "!") return !truthy(primary());
        if (token?.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
        if (token !== undefined && /^\d+$/.test(token)) return Number(token);
        if (token !== undefined && peek() === "(") {
            take("(");
            take(")");
            const fn = statusFunctions[token];
            if (!fn) throw new Error(`unsupported function ${token}() in: ${source}`);
            return fn();
        }
        if (token === undefined || !/^[A-Za-z_]/.test(token)) throw new Error(`cannot read '${token}' in: ${source}`);
        const [root, ...rest] = token.split(".");
        if (!["steps", "github", "env"].includes(root)) throw new Error(`unsupported context ${root} in: ${source}`);
        let value: any = scope[root as "steps" | "github" | "env"];
        for (const key of rest) value = value === null || value === undefined ? undefined : value[key];
        return value ?? null;
    };
    const comparison = (): unknown => {
        let value = primary();
        while (peek() === "==" || peek() === "!=") {
            const operator = take();
            const right = primary();
            value = operator === "==" ? equal(value, right) : !equal(value, right);
        }
        return value;
    };
    const and = (): unknown => {
        let value = comparison();
        while (peek() === "&&") {
            take();
            const right = comparison();
            value = truthy(value) ? right : value;
        }
        return value;
    };
    const or = (): unknown => {
        let value = and();
        while (peek() === "||") {
            take();
            const right = and();
            value = truthy(value) ? value : right;
        }
        return value;
    };
    const result = or();
    if (at !== queue.length) throw new Error(`unexpected '${peek()}' in: ${source}`);
    return result;
}

function unwrap(expression: string): string {
    const match = /^\$\{\{(.*)\}\}$/s.exec(expression.trim());
    return match ? match[1] : expression;
}

function shouldRun(condition: unknown, scope: ExpressionScope): boolean {
    if (condition === undefined) return !scope.jobFailed;
    const source = unwrap(String(condition));
    // GitHub adds success() to a condition that names no status function.
    const guarded = /\b(success|failure|always|cancelled)\s*\(/.test(source) ? source : `success() && (${source})`;
    const value = evaluate(guarded, scope);
    return value !== null && value !== "" && value !== false && value !== 0;
}

function interpolate(value: unknown, scope: ExpressionScope): string {
    return String(value).replace(/\$\{\{(.*?)\}\}/g, (_, source: string) => {
        const result = evaluate(source, scope);
        return result === null || result === undefined ? "" : String(result);
    });
}

function readStepOutputs(file: string): Record<string, string> {
    const outputs: Record<string, string> = {};
    for (const line of fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : []) {
        const at = line.indexOf("=");
        if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    return outputs;
}

interface JobRun {
    steps: { name: string; outcome: StepState["outcome"]; output: string }[];
    failed: boolean;
    uploadedSarif: string[];
}

async function runGithubJob(ws: Workspace, projectDir: string): Promise<JobRun> {
    const scope: ExpressionScope = { steps: {}, github: GITHUB_CONTEXT, env: {}, jobFailed: false };
    const run: JobRun = { steps: [], failed: false, uploadedSarif: [] };
    for (const [key, value] of Object.entries(githubJob.env ?? {})) scope.env[key] = interpolate(value, scope);
    // The user's project sits at the repository root; here the bundled example takes its place.
    scope.env.PULUMI_PROJECT_DIR = projectDir;
    for (const [index, step] of (githubJob.steps as Yaml[]).entries()) {
        const name = String(step.name ?? step.uses ?? step.run);
        const id = String(step.id ?? `step-${index}`);
        let state: StepState = { outcome: "skipped", outputs: {} };
        let output = "";
        if (shouldRun(step.if, scope)) {
            if (step.uses) {
                const action = String(step.uses).replace(/@.*$/, "");
                if (action === "github/codeql-action/upload-sarif") {
                    const file = path.join(ws.dir, String(step.with.sarif_file));
                    run.uploadedSarif.push(file);
                    state = { outcome: fs.existsSync(file) ? "success" : "failure", outputs: {} };
                } else if (["actions/checkout", "actions/setup-node", "actions/upload-artifact"].includes(action)) {
                    state = { outcome: "success", outputs: {} };
                } else {
                    throw new Error(`the test does not know the action ${step.uses}`);
                }
            } else {
                const outputFile = path.join(scratch, `${path.basename(ws.dir)}-${id}.out`);
                const env: Record<string, string> = { ...ws.env, ...scope.env, GITHUB_OUTPUT: outputFile };
                for (const [key, value] of Object.entries(step.env ?? {})) env[key] = interpolate(value, scope);
                const shell = await bash(String(step.run), ws.dir, env);
                output = shell.output;
                state = { outcome: shell.code === 0 ? "success" : "failure", outputs: readStepOutputs(outputFile) };
            }
        }
        scope.steps[id] = state;
        if (state.outcome === "failure") scope.jobFailed = true;
        run.steps.push({ name, outcome: state.outcome, output });
    }
    run.failed = scope.jobFailed;
    return run;
}

async function runGitlabJob(ws: Workspace, projectDir: string): Promise<Shell> {
    const variables: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...(gitlab.variables ?? {}), ...(gitlabJob.variables ?? {}) })) variables[key] = String(value);
    variables.PULUMI_PROJECT_DIR = projectDir;
    return bash(gitlabScript(gitlabJob).join("\n"), ws.dir, { ...ws.env, ...variables });
}

// ---------------------------------------------------------------------------------------------------

function readJson(file: string): any {
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

function expectSarif(file: string): any {
    const sarif = readJson(file);
    expect(sarif.version).toBe("2.1.0");
    expect(Array.isArray(sarif.runs) && sarif.runs.length).toBeGreaterThan(0);
    expect(sarif.runs[0].tool.driver.name).toBe("ccguard");
    return sarif;
}

function expectJunit(file: string): any {
    const xml = fs.readFileSync(file, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    expect(junit.testsuites).toBeDefined();
    return junit.testsuites;
}

function expectInvokedEveryCcguardLine(calls: string[][], recipe: "github" | "gitlab"): void {
    for (const { where, line } of ccguardLines.filter((l) => l.where.startsWith(recipe))) {
        const { subcommand, format } = invocationOf(line);
        const invoked = calls.some((args) => args[0] === subcommand && (format === undefined || args[args.indexOf("--format") + 1] === format));
        expect(invoked, `${where} was not run`).toBe(true);
    }
}

describe("the CI recipes as files", () => {
    it("use only the project's own ccguard, never a package fetched by name", () => {
        const fetching = [
            /\bnpx\b(?!\s+--no-install\b)/, // plain npx installs what it does not find
            /\bnpm\s+exec\b(?!\s+--no\b)/,
            /\bnpm\s+(i|install|add)\b.*\s(-g|--global)\b/,
            /\b(pnpm|yarn)\s+dlx\b/,
            /\bbunx\b/,
        ];
        for (const { where, text } of shellBlocks) {
            for (const line of commandLines(text)) {
                for (const pattern of fetching) expect(pattern.test(line), `${where}: ${line}`).toBe(false);
            }
        }
        expect(ccguardLines.length).toBeGreaterThanOrEqual(5);
        for (const { where, line } of ccguardLines) {
            const bare = line.replace(/npx --no-install ccguard(?=\s)/g, "");
            expect(CCGUARD_WORD.test(bare), `${where}: ${line}`).toBe(false);
        }
    });

    it("GitHub: runs on pull requests with only the permissions its steps need", () => {
        expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
        expect(Object.keys(workflow.jobs)).toHaveLength(1);
        const permissions = { ...workflow.permissions, ...githubJob.permissions };
        expect(permissions).toMatchObject({ contents: "read", "security-events": "write", "pull-requests": "write" });
        const writes = Object.entries(permissions).filter(([, level]) => level === "write").map(([scope]) => scope);
        expect(writes.sort()).toEqual(["pull-requests", "security-events"]);
    });

    it("GitHub: pins every action to a major version and sets up Node 20 or later", () => {
        const actions = (githubJob.steps as Yaml[]).filter((step) => step.uses).map((step) => String(step.uses));
        for (const action of actions) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
        const setupNode = (githubJob.steps as Yaml[]).find((step) => String(step.uses).startsWith("actions/setup-node@"));
        expect(Number(setupNode?.with?.["node-version"])).toBeGreaterThanOrEqual(20);
    });

    it("GitHub: uploads a SARIF file that an earlier step renders, under its own category", () => {
        const steps = githubJob.steps as Yaml[];
        const uploadAt = steps.findIndex((step) => String(step.uses).startsWith("github/codeql-action/upload-sarif@"));
        expect(uploadAt).toBeGreaterThan(0);
        const upload = steps[uploadAt];
        expect(String(upload.with?.category ?? "")).not.toBe("");
        const sarifFile = String(upload.with?.sarif_file);
        const renders = steps
            .slice(0, uploadAt)
            .filter((step) => step.run)
            .flatMap((step) => commandLines(String(step.run)))
            .filter((line) => line.includes("--format sarif") && line.includes(`--output ${sarifFile}`));
        expect(renders).toHaveLength(1);
    });

    it("GitHub: keeps expressions out of shell blocks, the verdict last", () => {
        // Values reach scripts through env:, so nothing from a pull request is pasted into a shell line.
        for (const step of githubJob.steps as Yaml[]) if (step.run) expect(String(step.run)).not.toContain("${{");
        const last = (githubJob.steps as Yaml[]).at(-1)!;
        expect(Object.values(last.env ?? {}).join(" ")).toMatch(/steps\.preview\.outputs\.exit-code/);
    });

    it("GitLab: runs in merge request pipelines and keeps the JUnit, JSON and HTML reports even when it fails", () => {
        expect(JSON.stringify(gitlabJob.rules)).toContain('$CI_PIPELINE_SOURCE == \\"merge_request_event\\"');
        expect(Number(/node:(\d+)/.exec(String(gitlabJob.image))?.[1])).toBeGreaterThanOrEqual(20);
        expect(gitlabJob.artifacts.when).toBe("always");
        const outputs = (format: string) =>
            gitlabScript(gitlabJob)
                .flatMap(commandLines)
                .filter((line) => line.includes(`--format ${format}`))
                .map((line) => /--output (\S+)/.exec(line)?.[1]);
        expect(outputs("junit")).toEqual([gitlabJob.artifacts.reports.junit]);
        expect(gitlabJob.artifacts.paths).toEqual(expect.arrayContaining([...outputs("json"), ...outputs("html")]));
    });
});

describe("the CI recipes, run on the bundled examples", () => {
    const github: Record<string, { ws: Workspace; run: JobRun }> = {};
    const gitlabRuns: Record<string, { ws: Workspace; run: Shell }> = {};

    beforeAll(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ccguard-ci-recipes-"));
        writeShims();
        const projects = { compliant: COMPLIANT_PROJECT, leaky: LEAKY_PROJECT, missing: MISSING_PROJECT };
        // The examples side by side, each through GitHub first (its one real preview), then GitLab
        // (the same preview command, replayed).
        await Promise.all(
            Object.entries(projects).map(async ([name, project]) => {
                const githubWs = workspace(`github-${name}`);
                github[name] = { ws: githubWs, run: await runGithubJob(githubWs, project) };
                const gitlabWs = workspace(`gitlab-${name}`);
                gitlabRuns[name] = { ws: gitlabWs, run: await runGitlabJob(gitlabWs, project) };
            }),
        );
    }, 180_000);

    afterAll(() => {
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    const outcomes = (run: JobRun) => Object.fromEntries(run.steps.map((step) => [step.name, step.outcome]));

    it("GitHub: passes the EU contact centre, with its reports uploaded and commented", () => {
        const { ws, run } = github.compliant;
        expect(run.failed, JSON.stringify(run.steps, null, 1)).toBe(false);
        expect(run.steps.every((step) => step.outcome === "success"), JSON.stringify(outcomes(run))).toBe(true);
        const findings = readJson(path.join(ws.dir, "findings.json"));
        expect(findings.tool.name).toBe("ccguard");
        expect(findings.summary.mandatory).toBe(0);
        expect(run.uploadedSarif).toHaveLength(1);
        expectSarif(run.uploadedSarif[0]);
        expect(fs.readFileSync(path.join(ws.dir, "ccguard.md"), "utf8").trim()).not.toBe("");
        expectInvokedEveryCcguardLine(ws.ccguardCalls(), "github");
    });

    it("GitHub: blocks the leaky contact centre only after uploading and commenting its findings", () => {
        const { ws, run } = github.leaky;
        expect(run.failed).toBe(true);
        const failed = run.steps.filter((step) => step.outcome === "failure");
        expect(failed.map((step) => step.name)).toEqual([run.steps.at(-1)!.name]);
        expect(run.steps.slice(0, -1).every((step) => step.outcome === "success"), JSON.stringify(outcomes(run))).toBe(true);
        const sarif = expectSarif(run.uploadedSarif[0]);
        expect(sarif.runs[0].results.some((result: any) => result.level === "error")).toBe(true);
        const markdown = fs.readFileSync(path.join(ws.dir, "ccguard.md"), "utf8");
        expect(markdown).toMatch(/Blocked/);
        const comments = ws.ghCalls().filter((args) => args[0] === "pr" && args[1] === "comment");
        expect(comments).toHaveLength(1);
        expect(comments[0][2]).toBe(String(GITHUB_CONTEXT.event.pull_request.number));
        const bodyFile = comments[0][comments[0].indexOf("--body-file") + 1];
        expect(fs.readFileSync(path.join(ws.dir, bodyFile), "utf8")).toBe(markdown);
    });

    it("GitHub: fails, without uploading or commenting, when ccguard cannot evaluate the project", () => {
        const { ws, run } = github.missing;
        expect(run.failed).toBe(true);
        expect(run.uploadedSarif).toEqual([]);
        expect(ws.ghCalls()).toEqual([]);
        expect(run.steps.at(-1)!.outcome).toBe("failure");
        expect(run.steps.at(-1)!.output).toMatch(/exit code 2/);
    });

    it("GitLab: passes the EU contact centre with JUnit, JSON and HTML reports", () => {
        const { ws, run } = gitlabRuns.compliant;
        expect(run.code, run.output).toBe(0);
        const suites = expectJunit(path.join(ws.dir, gitlabJob.artifacts.reports.junit));
        expect(Number(suites.failures)).toBe(0);
        for (const artifact of gitlabJob.artifacts.paths as string[]) expect(fs.statSync(path.join(ws.dir, artifact)).size).toBeGreaterThan(0);
        expect(readJson(path.join(ws.dir, "findings.json")).summary.mandatory).toBe(0);
        expectInvokedEveryCcguardLine(ws.ccguardCalls(), "gitlab");
    });

    it("GitLab: fails the leaky contact centre with its violations as failed tests", () => {
        const { ws, run } = gitlabRuns.leaky;
        expect(run.code, run.output).toBe(1);
        const suites = expectJunit(path.join(ws.dir, gitlabJob.artifacts.reports.junit));
        expect(Number(suites.failures)).toBeGreaterThan(0);
        expect(fs.readFileSync(path.join(ws.dir, "ccguard-report.html"), "utf8")).toMatch(/^<!DOCTYPE html>/i);
    });

    it("GitLab: fails with ccguard's error code when it cannot evaluate the project", () => {
        const { ws, run } = gitlabRuns.missing;
        expect(run.code, run.output).toBe(2);
        expect(fs.existsSync(path.join(ws.dir, gitlabJob.artifacts.reports.junit))).toBe(false);
    });

    it("both: evaluate with the project's settings file when it has one, and check its policy config against it", () => {
        const settings = path.join(COMPLIANT_PROJECT, "ccguard-settings.yaml");
        for (const ws of [github.compliant.ws, gitlabRuns.compliant.ws]) {
            const calls = ws.ccguardCalls();
            const preview = calls.find((args) => args[0] === "preview");
            expect(preview?.slice(0, 3)).toEqual(["preview", COMPLIANT_PROJECT, "--settings"]);
            expect(preview?.[3]).toBe(settings);
            expect(calls).toContainEqual(["config", settings, "--check", path.join(COMPLIANT_PROJECT, "policy-config.json")]);
        }
        for (const ws of [github.leaky.ws, gitlabRuns.leaky.ws]) {
            expect(ws.ccguardCalls().find((args) => args[0] === "preview")).not.toContain("--settings");
            expect(ws.ccguardCalls().some((args) => args[0] === "config")).toBe(false);
        }
    });

    it("both: fail a passing change whose policy config no longer says what the settings say", async () => {
        const project = path.join(scratch, "stale-policy-config");
        fs.mkdirSync(project);
        fs.copyFileSync(path.join(COMPLIANT_PROJECT, "ccguard-settings.yaml"), path.join(project, "ccguard-settings.yaml"));
        const config = readJson(path.join(COMPLIANT_PROJECT, "policy-config.json"));
        config["retention-contact-data-expiry"].maxContactDataRetentionDays = 365;
        fs.writeFileSync(path.join(project, "policy-config.json"), JSON.stringify(config));
        const ws = workspace("stale-policy-config-run");
        const env = { ...ws.env, PULUMI_PROJECT_DIR: project };

        const githubStep = (githubJob.steps as Yaml[]).find((step) => String(step.run ?? "").includes("ccguard config"))!;
        const githubCheck = await bash(String(githubStep.run), ws.dir, env);
        expect(githubCheck.code, githubCheck.output).toBe(1);
        expect(githubCheck.output).toMatch(/out of date with .*retention-contact-data-expiry\.maxContactDataRetentionDays/);

        const gitlabBlock = gitlabScript(gitlabJob).find((line) => line.includes("ccguard config"))!;
        const gitlabCheck = await bash(`status=0\n${gitlabBlock}\nexit "$status"`, ws.dir, env);
        expect(gitlabCheck.code, gitlabCheck.output).toBe(1);
        expect(gitlabCheck.output).toMatch(/out of date/);
    });
});
