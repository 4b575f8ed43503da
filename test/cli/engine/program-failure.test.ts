/** One line naming why a program failed, from what the SDK's run script logs. */
import { describe, expect, it } from "vitest";
import { describeProgramFailure } from "../../../cli/engine/program-failure";
import { visible } from "../../../cli/visible-text";

const preamble = "Running program '/work/acme/index.ts' failed with an unhandled exception:\n";

describe("describeProgramFailure", () => {
    it.each([
        [
            "an Error as util.inspect colours it, with its stack",
            `${preamble}\u001b[31mError: instance alias must be set\u001b[39m\n    at Object.<anonymous> (/work/acme/index.ts:4:7)\n    at Module._compile (node:internal/modules/cjs/loader:1521:14)`,
            "the program failed: instance alias must be set",
        ],
        [
            "a TypeError keeps its name",
            `${preamble}TypeError: Cannot read properties of undefined (reading 'value')\n    at /work/acme/index.ts:9:80`,
            "the program failed: TypeError: Cannot read properties of undefined (reading 'value')",
        ],
        [
            "TypeScript diagnostics",
            `${preamble}/work/acme/index.ts:3\n⨯ Unable to compile TypeScript:\nindex.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n`,
            "the program does not compile: index.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.",
        ],
        [
            "a JavaScript syntax error, headed by its location and source line as Node prints it",
            `${preamble}/work/acme/index.js:2\nconst = 5;\n      ^\n\nSyntaxError: Unexpected token '='\n    at wrapSafe (node:internal/modules/cjs/loader:1464:18)`,
            "the program does not compile: SyntaxError: Unexpected token '=' (/work/acme/index.js:2)",
        ],
        [
            "a syntax error at the end of an ES module, with an empty source line",
            `${preamble}file:///work/acme/index.mjs:3\n\n\n\nSyntaxError: Unexpected end of input\n    at compileSourceTextModule (node:internal/modules/esm/utils:340:16)`,
            "the program does not compile: SyntaxError: Unexpected end of input (file:///work/acme/index.mjs:3)",
        ],
        [
            "a tsconfig with module commonjs and no moduleResolution, which the SDK completes with nodenext",
            `${preamble}⨯ Unable to compile TypeScript:\nerror TS5110: Option 'module' must be set to 'NodeNext' when option 'moduleResolution' is set to 'NodeNext'.\n`,
            "the program does not compile: error TS5110: Option 'module' must be set to 'NodeNext' when option 'moduleResolution' is set to 'NodeNext'. " +
                '(the Pulumi SDK sets moduleResolution to nodenext where tsconfig.json sets none: set it there, e.g. "moduleResolution": "node10" beside "module": "commonjs")',
        ],
        [
            "a missing module",
            `${preamble}Error: Cannot find module './helpers-that-do-not-exist'\nRequire stack:\n- /work/acme/index.ts`,
            "the program cannot load a module: Cannot find module './helpers-that-do-not-exist'",
        ],
        [
            "a message with terminal escapes, shown escaped",
            `${preamble}Error: bucket \u0007PASSED\u0008`,
            "the program failed: bucket \\u0007PASSED\\u0008",
        ],
    ])("%s", (_case, logged, expected) => {
        expect(describeProgramFailure(logged)).toBe(expected);
    });
});

describe("visible", () => {
    it("escapes control characters and leaves other text alone", () => {
        expect(visible("a\u001b[2Jb\nc é")).toBe("a\\u001b[2Jb\\u000ac é");
    });
});
