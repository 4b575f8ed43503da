/**
 * Loaded into the Pulumi program's process by program-preload.ts: ts-node's transpile of each
 * TypeScript file remembered between previews, so that a preview after an edit transpiles only the
 * files edited.
 *
 * The ts-node the SDK ships for projects without their own (`@pulumi/pulumi/vendor/ts-node@7.0.1`)
 * keeps its output on disk and reads it back while the source is unchanged (`readThrough`, on unless
 * TS_NODE_CACHE is false). ts-node 10, which projects install themselves, has no such cache: it
 * transpiles every TypeScript file the program requires, every run, with `transpileOnly` (ccguard
 * type-checks beside the program, side-type-check.ts) through its own copy of TypeScript's
 * `transpileModule` (ts-node dist/ts-transpile-module.js, `createTsTranspileModule`, used for
 * TypeScript 4.7 and later), which builds a one-file program and emits it. The EU example's 95 files
 * (its components and the pack's controls they import, 1 MB of TypeScript) took about 2 s of the
 * program's CPU for that, each time. This gives ts-node 10 the cache ts-node 7 has.
 *
 * The transpile depends on nothing but its inputs: the compiler's version, ts-node's version, the
 * compiler options ts-node made from the tsconfig, the file's name, the package type ts-node passes
 * and the source text. The cache keys on all of them and keeps what the transpile returned, so ts-node
 * gets the same text and source map it would have made, and goes on as before (its source maps for
 * stack traces, its module classification). Not remembered: a transpile that reported a diagnostic
 * (ts-node reports it again each run, in its words), one with custom transformers, and one asked for
 * a module name or renamed dependencies (ts-node asks for neither). One entry per file and set of
 * options, replaced when the file changes, so the cache grows with the program, not with its edits.
 *
 * Programs that are ES modules transpile in ts-node's loader thread, which this preload does not
 * reach: they transpile as before.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { trace } from "../trace";
import { writeWhole } from "./cache-directory";
import { patchInstalledModule, type ModuleExports } from "./module-patches";

/** Names the cache directory (cache-directory.ts) for the program's process; unset, nothing is remembered. */
export const TRANSPILE_CACHE_VARIABLE = "CCGUARD_TRANSPILE_CACHE";

interface TranspileResult {
    outputText: string;
    sourceMapText?: string;
    diagnostics?: readonly unknown[];
}
interface TranspileFileOptions {
    fileName?: string;
    moduleName?: string;
    renamedDependencies?: unknown;
}
type TranspileModule = (input: string, options: TranspileFileOptions, packageJsonType?: string) => TranspileResult;
interface TranspileOptions {
    compilerOptions?: unknown;
    reportDiagnostics?: boolean;
    transformers?: unknown;
}
type CreateTsTranspileModule = (ts: { version?: unknown }, options: TranspileOptions) => TranspileModule;

/** What one entry keeps: the source it was made from, by hash, and what the transpile returned. */
interface Remembered {
    source: string;
    outputText: string;
    sourceMapText?: string;
}

const counts = { remembered: 0, transpiled: 0 };

export function rememberTranspiles(cacheDir: string | undefined = process.env[TRANSPILE_CACHE_VARIABLE]): void {
    if (!cacheDir) return;
    patchInstalledModule("ts-node/dist/ts-transpile-module.js", (exports, file) => rememberingTranspiles(exports, file, cacheDir));
    process.once("exit", () => {
        if (counts.remembered + counts.transpiled > 0) trace("program", `TypeScript files: ${counts.transpiled} transpiled, ${counts.remembered} from the cache`);
    });
}

function rememberingTranspiles(exports: ModuleExports, file: string, cacheDir: string): boolean {
    const create = exports["createTsTranspileModule"] as CreateTsTranspileModule | undefined;
    if (typeof create !== "function") return false;
    const tsNodeVersion = packageVersion(path.join(path.dirname(file), "..", "package.json"));
    if (tsNodeVersion === undefined) return true; // Nothing to key on: ts-node transpiles as before.
    exports["createTsTranspileModule"] = function (this: unknown, ts: { version?: unknown }, options: TranspileOptions): TranspileModule {
        const transpile = create.call(this, ts, options);
        const context = options.transformers === undefined ? contextKey(ts.version, tsNodeVersion, options) : undefined;
        if (context === undefined) return transpile;
        return (input, fileOptions, packageJsonType) => {
            if (fileOptions.moduleName !== undefined || fileOptions.renamedDependencies !== undefined) return transpile(input, fileOptions, packageJsonType);
            return remembered(cacheDir, context, input, fileOptions, packageJsonType, () => transpile(input, fileOptions, packageJsonType));
        };
    } satisfies CreateTsTranspileModule;
    return true;
}

function remembered(cacheDir: string, context: string, input: string, fileOptions: TranspileFileOptions, packageJsonType: string | undefined, transpile: () => TranspileResult): TranspileResult {
    const entry = path.join(cacheDir, `transpiled-${sha256(`${context}\n${fileOptions.fileName ?? ""}\n${packageJsonType ?? ""}`).slice(0, 32)}.json`);
    const source = sha256(input);
    const kept = read(entry);
    if (kept?.source === source) {
        counts.remembered++;
        return { outputText: kept.outputText, sourceMapText: kept.sourceMapText, diagnostics: [] };
    }
    const result = transpile();
    counts.transpiled++;
    if ((result.diagnostics ?? []).length === 0 && typeof result.outputText === "string") {
        write(entry, { source, outputText: result.outputText, sourceMapText: result.sourceMapText });
    }
    return result;
}

/** Everything the transpile depends on besides the file: undefined when the options cannot be written down. */
function contextKey(typescriptVersion: unknown, tsNodeVersion: string, options: TranspileOptions): string | undefined {
    if (typeof typescriptVersion !== "string") return undefined;
    try {
        return sha256(JSON.stringify({ typescriptVersion, tsNodeVersion, compilerOptions: options.compilerOptions, reportDiagnostics: options.reportDiagnostics === true }));
    } catch {
        return undefined;
    }
}

function read(entry: string): Remembered | undefined {
    try {
        const kept = JSON.parse(readFileSync(entry, "utf8")) as Partial<Remembered> | null;
        const valid = typeof kept?.source === "string" && typeof kept.outputText === "string" && (kept.sourceMapText === undefined || typeof kept.sourceMapText === "string");
        return valid ? (kept as Remembered) : undefined;
    } catch {
        return undefined;
    }
}

function write(entry: string, remembered: Remembered): void {
    try {
        writeWhole(entry, JSON.stringify(remembered));
    } catch {
        // The next preview transpiles the file again.
    }
}

function packageVersion(manifest: string): string | undefined {
    try {
        const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version;
        return typeof version === "string" ? version : undefined;
    } catch {
        return undefined;
    }
}

function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}
