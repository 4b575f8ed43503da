/**
 * The type check `pulumi preview` does while it runs a TypeScript program, done beside the run
 * instead of inside it, so the two take the time of the longer rather than of both.
 *
 * Under the Pulumi CLI the SDK's run script registers ts-node, which type-checks every TypeScript
 * file as the program requires it (sdk/nodejs/cmd/run/run.ts: `transpileOnly` unless
 * PULUMI_NODEJS_TRANSPILE_ONLY or the tsconfig's `noCheck`; the compiler is the `typescript` that
 * `@pulumi/pulumi` resolves, tsutils.ts `typeScriptRequireStrings`; the project's tsconfig with
 * ts-node's `files: false`, so only the files the program loads). Here the same compiler checks the
 * program's entry point and everything it imports, with the same tsconfig, and reports errors as
 * ts-node words them (`index.ts(3,35): error TS2322: ...`), leaving out the diagnostics ts-node
 * ignores by default (6059, 18002, 18003).
 *
 * Run as a child process: `node type-check.js <program-dir> <entry-file> [tsconfig]`; prints one JSON
 * line `{ "errors": [...] }` and exits 0, or exits 2 when it cannot check (the caller then lets ts-node do it).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { trace, traceProcessStart } from "../trace";
import { cacheDirectoryFor, writeWhole } from "./cache-directory";
import { rememberClean, stillClean, verdictKey } from "./clean-verdict";

type TypeScript = typeof import("typescript");

/** Diagnostic codes ts-node ignores unless told otherwise (ts-node `DEFAULTS.ignoreDiagnostics`). */
const TS_NODE_IGNORED = new Set([6059, 18002, 18003]);

/** The compiler the SDK's run script would give ts-node: `typescript` as `@pulumi/pulumi` resolves it. */
export function compilerFor(programDir: string): string | undefined {
    let sdk: string;
    try {
        sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
    } catch {
        return undefined;
    }
    try {
        return require.resolve("typescript", { paths: [sdk] });
    } catch {
        // As the SDK does when no typescript is installed: its vendored copy.
        const vendored = path.join(sdk, "vendor", "typescript@3.8.3", "typescript.js");
        return existsSync(vendored) ? vendored : undefined;
    }
}

/**
 * The compiler options ts-node ends up with under the SDK's run script (sdk/nodejs/cmd/run/run.ts):
 * the tsconfig (with its `extends`), overridden by ts-node's `compilerOptions` option, which the run
 * script builds as its defaults (target ES2020, or ES2022 for an ES module package; module and
 * resolution nodenext from TypeScript 4.7, else commonjs/node; source maps) under the tsconfig file's
 * own `compilerOptions` as written (tsutils.ts `loadTypeScriptCompilerOptions`, which reads no `extends`).
 */
function tsNodeOptions(ts: TypeScript, tsconfig: string, parsed: import("typescript").CompilerOptions, esm: boolean) {
    const own = (ts.parseConfigFileTextToJson(tsconfig, ts.sys.readFile(tsconfig) ?? "").config?.compilerOptions ?? {}) as Record<string, unknown>;
    const [major, minor] = ts.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    const defaults = esm
        ? { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", sourceMap: true }
        : { target: "ES2020", module: nodeNext ? "nodenext" : "commonjs", moduleResolution: nodeNext ? "nodenext" : "node", sourceMap: true };
    const overrides = ts.convertCompilerOptionsFromJson({ ...defaults, ...own }, path.dirname(tsconfig)).options;
    return { options: { ...parsed, ...overrides }, noCheck: own["noCheck"] === true };
}

export function typeErrors(ts: TypeScript, programDir: string, entryFile: string, tsconfig: string | undefined, esm = false): string[] {
    return typeCheck(ts, programDir, entryFile, tsconfig, esm).errors;
}

/** The errors, and every file the outcome rests on: the sources the compiler read and the tsconfig chain. */
function typeCheck(ts: TypeScript, programDir: string, entryFile: string, tsconfig: string | undefined, esm: boolean): { errors: string[]; inputs: string[] } {
    let options: import("typescript").CompilerOptions = {};
    const configErrors: import("typescript").Diagnostic[] = [];
    const configFiles: string[] = [];
    if (tsconfig !== undefined) {
        const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic),
        });
        if (parsed) {
            const effective = tsNodeOptions(ts, tsconfig, parsed.options, esm);
            // `noCheck` in the tsconfig file is the run script's way to ask for no type check at all.
            if (effective.noCheck) return { errors: [], inputs: [] };
            options = effective.options;
            configFiles.push(tsconfig, ...((parsed.options["configFile"] as import("typescript").TsConfigSourceFile | undefined)?.extendedSourceFiles ?? []));
            // Errors about `files`/`include` matching nothing do not concern ts-node, which ignores both.
            configErrors.push(...parsed.errors.filter((diagnostic) => diagnostic.code !== 18003));
        }
    }
    const program = checked(ts, entryFile, { ...options, noEmit: true }, buildInfoFile(programDir, entryFile, tsconfig));
    const errors = [...configErrors, ...program.diagnostics]
        .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !TS_NODE_IGNORED.has(diagnostic.code))
        .map((diagnostic) => {
            const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
            if (diagnostic.file === undefined || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
            const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
            const file = path.relative(programDir, diagnostic.file.fileName);
            return `${file}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`;
        });
    return { errors, inputs: [...configFiles.map((file) => path.resolve(file)), ...program.files] };
}

/**
 * Where the check remembers what it found, as `tsc --incremental` does: the next check of an unchanged
 * file reuses its result (the EU example: 9.3 s to 7.2 s).
 */
function buildInfoFile(programDir: string, entryFile: string, tsconfig: string | undefined): string | undefined {
    const cache = cacheDirectoryFor(programDir);
    if (cache === undefined) return undefined;
    const key = createHash("sha256").update(`${compilerFor(programDir)}\n${tsconfig ?? ""}\n${entryFile}`).digest("hex").slice(0, 24);
    return path.join(cache, `type-check-${key}.tsbuildinfo`);
}

interface Checked {
    diagnostics: readonly import("typescript").Diagnostic[];
    /** Every source file the compiler read. */
    files: string[];
}

function sourceFilesOf(program: { getSourceFiles(): readonly import("typescript").SourceFile[] }): string[] {
    return program.getSourceFiles().map((file) => path.resolve(file.fileName));
}

/**
 * A compiler host that parses JSDoc as `tsc` does (src/compiler/executeCommandLine.ts,
 * `defaultJSDocParsingMode`): only where a comment can cause a type error. The API's default host
 * parses every comment of every declaration file, for editors; on `@pulumi/aws`, thousands of
 * documented declarations, that made the check about 1.3 times as slow as `tsc`. Compilers before
 * TypeScript 5.3 have no such setting and parse everything, as their `tsc` does.
 */
function parsingAsTsc<Host extends object>(ts: TypeScript, host: Host): Host {
    const modes = (ts as { JSDocParsingMode?: { ParseForTypeErrors: number } }).JSDocParsingMode;
    if (modes !== undefined) (host as { jsDocParsingMode?: number }).jsDocParsingMode = modes.ParseForTypeErrors;
    return host;
}

/** The pre-emit diagnostics, reusing the results of the last check where its build info allows. */
function checked(ts: TypeScript, entryFile: string, options: import("typescript").CompilerOptions, buildInfo: string | undefined): Checked {
    if (buildInfo !== undefined) {
        try {
            const incremental = { ...options, incremental: true, tsBuildInfoFile: buildInfo };
            // Written whole, so a check running at the same time never reads half a file.
            const system = { ...ts.sys, writeFile: writeWhole };
            const host = parsingAsTsc(ts, ts.createIncrementalCompilerHost(incremental, system));
            const program = ts.createIncrementalProgram({ rootNames: [entryFile], options: incremental, host });
            trace("type check", `program created (${program.getSourceFiles().length} files)`);
            const diagnostics = [
                ...program.getConfigFileParsingDiagnostics(),
                ...program.getOptionsDiagnostics(),
                ...program.getSyntacticDiagnostics(),
                ...program.getGlobalDiagnostics(),
                ...program.getSemanticDiagnostics(),
            ];
            try {
                program.emit();
            } catch {
                // A cache that cannot be written costs the next check time, never this one its result.
            }
            return { diagnostics, files: sourceFilesOf(program) };
        } catch {
            // An unreadable cache: check from scratch.
        }
    }
    const program = ts.createProgram({ rootNames: [entryFile], options, host: parsingAsTsc(ts, ts.createCompilerHost(options)) });
    return { diagnostics: ts.getPreEmitDiagnostics(program), files: sourceFilesOf(program) };
}

/** Beside the build info: the last clean verdict for this program, with what it rests on (clean-verdict.ts). */
function verdictFileOf(programDir: string, entryFile: string, tsconfig: string | undefined, mode: string): string | undefined {
    return buildInfoFile(programDir, entryFile, tsconfig)?.replace(/\.tsbuildinfo$/, `.${mode}.clean.json`);
}

if (require.main === module) {
    traceProcessStart("type check");
    const checkStartedMs = Date.now();
    const [programDir, entryFile, tsconfig, mode = "cjs"] = process.argv.slice(2);
    const compiler = programDir === undefined ? undefined : compilerFor(programDir);
    if (programDir === undefined || entryFile === undefined || compiler === undefined) process.exit(2);
    try {
        const verdictFile = verdictFileOf(programDir, entryFile, tsconfig || undefined, mode);
        const key = verdictKey([compiler, __filename, path.resolve(programDir), path.resolve(entryFile), tsconfig ? path.resolve(tsconfig) : "", mode]);
        if (verdictFile !== undefined && stillClean(verdictFile, key)) {
            trace("type check", "clean, and nothing it rests on changed");
            process.stdout.write(`${JSON.stringify({ errors: [] })}\n`);
        } else {
            const ts = require(compiler) as TypeScript;
            trace("type check", "compiler loaded");
            const { errors, inputs } = typeCheck(ts, programDir, entryFile, tsconfig || undefined, mode === "esm");
            process.stdout.write(`${JSON.stringify({ errors })}\n`);
            trace("type check", "diagnostics written");
            if (errors.length === 0 && verdictFile !== undefined) rememberClean(verdictFile, key, inputs, checkStartedMs);
        }
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
    }
}
