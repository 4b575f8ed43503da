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
import { existsSync } from "node:fs";
import * as path from "node:path";

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

export function typeErrors(ts: TypeScript, programDir: string, entryFile: string, tsconfig: string | undefined): string[] {
    let options: import("typescript").CompilerOptions = {};
    const configErrors: import("typescript").Diagnostic[] = [];
    if (tsconfig !== undefined) {
        const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic),
        });
        if (parsed) {
            // `noCheck` is the tsconfig's way to ask the run script for no type check at all.
            if ((parsed.options as { noCheck?: boolean }).noCheck === true) return [];
            options = parsed.options;
            // Errors about `files`/`include` matching nothing do not concern ts-node, which ignores both.
            configErrors.push(...parsed.errors.filter((diagnostic) => diagnostic.code !== 18003));
        }
    }
    const program = ts.createProgram({ rootNames: [entryFile], options: { ...options, noEmit: true } });
    const diagnostics = [...configErrors, ...ts.getPreEmitDiagnostics(program)];
    return diagnostics
        .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !TS_NODE_IGNORED.has(diagnostic.code))
        .map((diagnostic) => {
            const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
            if (diagnostic.file === undefined || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
            const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
            const file = path.relative(programDir, diagnostic.file.fileName);
            return `${file}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`;
        });
}

if (require.main === module) {
    const [programDir, entryFile, tsconfig] = process.argv.slice(2);
    const compiler = programDir === undefined ? undefined : compilerFor(programDir);
    if (programDir === undefined || entryFile === undefined || compiler === undefined) process.exit(2);
    try {
        const ts = require(compiler) as TypeScript;
        process.stdout.write(`${JSON.stringify({ errors: typeErrors(ts, programDir, entryFile, tsconfig || undefined) })}\n`);
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(2);
    }
}
