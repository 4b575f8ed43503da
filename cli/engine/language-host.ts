/**
 * Starting a Pulumi program as the Node language host starts it
 * (sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `Run`, `constructArguments`, `constructEnv`):
 *
 *     node <nodeargs> <program's @pulumi/pulumi/cmd/run> --monitor A --engine A --organization O
 *          --project P --root-directory D --stack S --pwd W [--dry-run] --parallel N <entry point>
 *
 * with `PULUMI_CONFIG`, `PULUMI_CONFIG_SECRET_KEYS`, `PULUMI_NODEJS_TYPESCRIPT` and
 * `PULUMI_NODEJS_TSCONFIG_PATH` in its environment. The SDK's own run script then does what it does
 * under the Pulumi CLI: ts-node with the project's tsconfig (type checking unless
 * `PULUMI_NODEJS_TRANSPILE_ONLY` or `noCheck`), ESM for `"type": "module"` packages, the entry from
 * package.json, and the program's end after its last `beforeExit` work.
 */
import { spawn } from "node:child_process";
import { totalmem } from "node:os";
import * as path from "node:path";
import { ProgramError, UsageError } from "../errors";
import { killTree, ownProcess } from "../owned-processes";
import { PACKAGE_ROOT } from "../package-root";
import { cacheDirectoryFor } from "./cache-directory";
import type { PulumiProject } from "./project";
import { TRANSPILE_CACHE_VARIABLE } from "./transpile-cache";

export interface LanguageHostRun {
    /** Address of the offline engine's ResourceMonitor and Engine services. */
    engineAddress: string;
    dryRun: boolean;
    typeCheck: boolean;
    timeoutSeconds: number;
    /** Each line the program writes to its standard output or error. */
    onOutput?: (line: string) => void;
    /** Where the program's components append what they refuse (program-preload.ts installs the collector). */
    refusalsFile?: string;
}

export interface ProgramExit {
    code: number | null;
    signal: NodeJS.Signals | null;
    /** The end of what the program wrote on standard error. */
    stderr: string;
    /** Stopped after the time limit. */
    timedOut: boolean;
}

/** The SDK's exit code for "the error is already reported" (sdk/nodejs/cmd/run/index.ts). */
export const ERROR_ALREADY_REPORTED = 32;
// The Pulumi CLI's default for `--parallel` lets the SDK issue registrations without waiting.
const PARALLEL = 16;
const STDERR_KEPT = 64 * 1024;
// Always the compiled preload (program-preload.ts), also when ccguard runs from its TypeScript sources (tests).
const PRELOAD = path.join(PACKAGE_ROOT, "dist", "cli", "engine", "program-preload.js");

function runScript(programDir: string): string {
    try {
        return require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDir] });
    } catch {
        throw new UsageError(`@pulumi/pulumi is not installed for the program in ${programDir}: run npm install there`);
    }
}

/**
 * The one departure from the language host: a heap limit sized to the machine unless the project or
 * the environment sets one. The SDK keeps every resource with the stack trace of each of its outputs,
 * about 180 KB a resource, so Node's default limit (about 4 GiB) stops programs near 20,000 resources.
 */
function heapLimit(project: PulumiProject): string[] {
    const configured = [...project.runtime.nodeargs, process.env["NODE_OPTIONS"] ?? ""].some((arg) => arg.includes("max-old-space-size"));
    if (configured) return [];
    const megabytes = Math.min(16_384, Math.floor((totalmem() / 1024 / 1024) * 0.6));
    return megabytes > 4096 ? [`--max-old-space-size=${megabytes}`] : [];
}

export function runProgram(project: PulumiProject, run: LanguageHostRun): Promise<ProgramExit> {
    const args = [
        ...heapLimit(project),
        ...project.runtime.nodeargs,
        runScript(project.programDir),
        `--monitor=${run.engineAddress}`,
        `--engine=${run.engineAddress}`,
        "--organization=organization",
        `--project=${project.name}`,
        `--root-directory=${project.dir}`,
        `--stack=${project.stack}`,
        `--pwd=${project.programDir}`,
        ...(run.dryRun ? ["--dry-run"] : []),
        `--parallel=${PARALLEL}`,
        project.entryPoint,
    ];
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(project.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(project.secretKeys),
    };
    if (project.runtime.typescript) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
    if (project.runtime.tsconfig) env["PULUMI_NODEJS_TSCONFIG_PATH"] = project.runtime.tsconfig;
    if (!run.typeCheck) {
        env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true";
        // The SDK's ES-module hooks (cmd/run/hooks.ts) register ts-node when they load, before run.ts
        // hands them its options, so ts-node type-checks an ES-module program whatever the switch
        // above says. --no-type-check means no type check: ts-node's own switch reaches it there.
        env["TS_NODE_TRANSPILE_ONLY"] = "true";
    }
    const transpileCache = project.runtime.typescript ? cacheDirectoryFor(project.programDir) : undefined;
    if (transpileCache !== undefined) env[TRANSPILE_CACHE_VARIABLE] = transpileCache;
    else delete env[TRANSPILE_CACHE_VARIABLE];
    if (run.refusalsFile) env["CCGUARD_REFUSALS_FILE"] = run.refusalsFile;
    else delete env["CCGUARD_REFUSALS_FILE"];
    // Through NODE_OPTIONS, not argv: the run script turns automatic ESM off when it sees `--require`.
    env["NODE_OPTIONS"] = `${process.env["NODE_OPTIONS"] ?? ""} --require ${JSON.stringify(PRELOAD)}`.trim();

    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: project.programDir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        ownProcess(child);
        let stderr = "";
        // What the program prints goes where `pulumi preview` shows it, to the person watching; never into the report.
        const forward = (chunk: Buffer) => {
            for (const line of chunk.toString().split("\n")) if (line.trim() !== "") run.onOutput?.(line);
        };
        child.stderr!.on("data", (chunk: Buffer) => {
            stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
            forward(chunk);
        });
        child.stdout!.on("data", (chunk: Buffer) => forward(chunk));
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            killTree(child);
        }, run.timeoutSeconds * 1000);
        child.once("error", (error) => {
            clearTimeout(timer);
            reject(new ProgramError(`could not start the program: ${error.message}`));
        });
        child.once("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, stderr, timedOut });
        });
    });
}

