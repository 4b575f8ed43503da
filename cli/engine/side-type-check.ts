/**
 * Type-checking a TypeScript program beside its run (type-check.ts says what is checked and why it
 * matches ts-node under the Pulumi CLI). Used only where the outcome is the same as ts-node's inside
 * the run: a TypeScript program whose entry point is a TypeScript file, with no
 * PULUMI_NODEJS_TRANSPILE_ONLY of the user's own and a compiler the SDK would find; anywhere else the
 * program type-checks itself as before. A project without a tsconfig also keeps ts-node's own check.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { killTree, ownProcess } from "../owned-processes";
import { PACKAGE_ROOT } from "../package-root";
import type { PulumiProject } from "./project";
import { DEFAULT_TIMEOUT_SECONDS } from "./program-limits";
import { compilerFor } from "./type-check";
import { trace } from "../trace";

const CHECKER = path.join(PACKAGE_ROOT, "dist", "cli", "engine", "type-check.js");
const TYPESCRIPT_FILE = /\.(ts|mts|cts|tsx)$/;

export interface SideTypeCheck {
    /** The errors, as ts-node words them; undefined when the check could not be done. */
    readonly errors: Promise<string[] | undefined>;
    stop(): void;
}

function isFile(file: string): boolean {
    try {
        return statSync(file).isFile();
    } catch {
        return false;
    }
}

/** The nearest package.json at or above the program directory, as the run script finds the package root. */
function packageManifest(programDir: string): { main?: unknown; exports?: unknown; type?: unknown } {
    for (let dir = programDir; ; dir = path.dirname(dir)) {
        try {
            return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { main?: unknown; exports?: unknown; type?: unknown };
        } catch {
            if (path.dirname(dir) === dir) return {};
        }
    }
}

/** The entry named by package.json, as run.ts reads it: `exports` (string or `"."`), else `main`. */
function packageEntry(manifest: { main?: unknown; exports?: unknown }): string | undefined {
    const { exports, main } = manifest;
    if (typeof exports === "string") return exports;
    if (exports !== null && typeof exports === "object") {
        const dot = (exports as Record<string, unknown>)["."];
        if (typeof dot === "string") return dot;
        if (dot !== null && typeof dot === "object") {
            const conditions = dot as Record<string, unknown>;
            const chosen = conditions["default"] ?? conditions["require"] ?? conditions["import"];
            return typeof chosen === "string" ? chosen : undefined;
        }
        return undefined;
    }
    return typeof main === "string" ? main : undefined;
}

/**
 * The TypeScript file the run script would start from (sdk/nodejs/cmd/run/run.ts: `main` of
 * Pulumi.yaml, else package.json's). Undefined where Node would load a JavaScript file first (an
 * `index.js` beside `index.ts` wins, as Node tries `.js` before the extensions ts-node registers),
 * so that such a program keeps ts-node's own check.
 */
export function entryFileOf(project: PulumiProject): string | undefined {
    const entry = project.entryPoint === "." ? (packageEntry(packageManifest(project.programDir)) ?? ".") : project.entryPoint;
    const base = path.resolve(project.programDir, entry);
    const candidates = isFile(base) ? [base] : [`${base}.js`, `${base}.ts`, path.join(base, "index.js"), path.join(base, "index.ts")];
    const found = candidates.find(isFile);
    return found !== undefined && TYPESCRIPT_FILE.test(found) ? found : undefined;
}

export function startSideTypeCheck(project: PulumiProject, timeoutSeconds: number): SideTypeCheck | undefined {
    if (!project.runtime.typescript || process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] !== undefined) return undefined;
    if (!existsSync(CHECKER) || compilerFor(project.programDir) === undefined) return undefined;
    const entryFile = entryFileOf(project);
    if (entryFile === undefined) return undefined;
    // Without a tsconfig ts-node applies defaults of its own for the Node version (@tsconfig/bases);
    // the program then type-checks itself, as before, rather than be judged by other options.
    const tsconfig = path.resolve(project.programDir, project.runtime.tsconfig ?? "tsconfig.json");
    if (!existsSync(tsconfig)) return undefined;
    const esm = packageManifest(project.programDir).type === "module" ? "esm" : "cjs";
    const child = spawn(process.execPath, [CHECKER, project.programDir, entryFile, tsconfig, esm], {
        cwd: project.programDir,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    ownProcess(child);
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.resume();
    // The program's time limit bounds the check too: ccguard never waits on a process without one.
    const timer = setTimeout(() => killTree(child), timeoutSeconds * 1000);
    const errors = new Promise<string[] | undefined>((resolve) => {
        child.once("error", () => resolve(undefined));
        child.once("close", (code) => {
            clearTimeout(timer);
            if (code !== 0) return resolve(undefined);
            try {
                const parsed = JSON.parse(stdout) as { errors?: unknown };
                resolve(Array.isArray(parsed.errors) ? parsed.errors.map(String) : undefined);
            } catch {
                resolve(undefined);
            }
        });
    });
    return { errors, stop: () => killTree(child) };
}

/**
 * The type check beside the program, started by the caller as early as it can (before it loads the
 * engine), or undefined when none beside the run is possible and the program checks itself.
 */
export interface StartedTypeCheck {
    check: SideTypeCheck | undefined;
}

export function startTypeCheck(project: PulumiProject, options: { typeCheck: boolean; timeoutSeconds?: number }): StartedTypeCheck {
    // The type check runs beside the program instead of inside it, where its outcome is the same.
    const check = options.typeCheck ? startSideTypeCheck(project, options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) : undefined;
    trace("ccguard", check ? "type check started beside the program" : "no type check beside the program");
    return { check };
}
