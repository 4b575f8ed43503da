/**
 * One line that names why a program failed, from what the SDK's run script logged
 * (sdk/nodejs/cmd/run/run.ts, its uncaught-error handler): `Running program '<path>' failed with an
 * unhandled exception:` and then the error as `util.inspect` prints it, in colour, with its stack;
 * for TypeScript errors the compiler's diagnostics; for JavaScript syntax errors Node's location, source
 * line and caret before the error; for a missing entry point a few lines of advice.
 */
import { visible } from "../visible-text";

// CSI and OSC escape sequences, as util.inspect colours and terminals use them.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const PREAMBLE = /^Running program '.*' failed with an unhandled exception:$/;
// `/path/to/index.js:3` or `file:///path/to/index.mjs:3`, as Node heads a syntax error's stack.
const LOCATION = /^\S+:\d+$/;


function meaningfulLines(logged: string): string[] {
    return logged
        .replace(ANSI, "")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !PREAMBLE.test(line) && !/^at /.test(line));
}

export function describeProgramFailure(logged: string): string {
    const lines = meaningfulLines(logged);
    const diagnostics = lines.filter((line) => /error TS\d+:/.test(line));
    if (diagnostics.length > 0) return `the program does not compile: ${visible(diagnostics.slice(0, 3).join(" "))}${moduleResolutionHint(diagnostics)}`;
    const first = lines[0] ?? "no message";
    if (/^⨯ Unable to compile TypeScript/.test(first) || /^SyntaxError\b/.test(first)) {
        return `the program does not compile: ${visible(lines.slice(0, 3).join(" "))}`;
    }
    // Node's own syntax error: the file and line, the source line and a caret, then the error.
    const syntaxError = lines.find((line) => /^SyntaxError: /.test(line));
    if (syntaxError && LOCATION.test(first)) return `the program does not compile: ${visible(`${syntaxError} (${first})`)}`;
    if (/^We failed to locate the entry point/.test(first)) return `the program cannot be started: ${visible(first)}`;
    // Node names the importing file and, for ESM, the specifier it expected ("Did you mean to import ...").
    const missing = /Cannot find (?:module|package) '[^']+'(?: imported from \S+)?(?: Did you mean to import "?[^"?]+"?\?)?/.exec(lines.join(" "));
    if (missing) return `the program cannot load a module: ${visible(missing[0])}`;
    if (/^Missing required configuration variable '[^']+'$/.test(first)) {
        return `the program failed: ${visible(first)}: set it in the stack's Pulumi.<stack>.yaml, or with pulumi config set`;
    }
    return `the program failed: ${visible(first.replace(/^Error: /, ""))}`;
}

/**
 * The SDK's run script gives ts-node `module` and `moduleResolution` `nodenext` wherever the tsconfig
 * names none (sdk/nodejs/cmd/run/run.ts), so a tsconfig that sets `"module": "commonjs"` alone, which
 * `tsc` accepts, fails under the Pulumi CLI with TS5110. Say where the `nodenext` came from.
 */
function moduleResolutionHint(diagnostics: readonly string[]): string {
    if (!diagnostics.some((line) => /error TS5110:.*'moduleResolution' is set to 'NodeNext'/i.test(line))) return "";
    return ' (the Pulumi SDK sets moduleResolution to nodenext where tsconfig.json sets none: set it there, e.g. "moduleResolution": "node10" beside "module": "commonjs")';
}
