/**
 * The type check beside the program run: it finds the entry point the SDK's run script would start
 * from, reports errors as ts-node words them, and leaves programs whose check it cannot reproduce
 * to ts-node inside the run.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as ts from "typescript";
import { entryFileOf } from "../../../cli/engine/side-type-check";
import { typeErrors } from "../../../cli/engine/type-check";
import type { PulumiProject } from "../../../cli/engine/project";
import { ccguard } from "../../support/ccguard";

function projectIn(files: Record<string, string>, entryPoint = "."): PulumiProject {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-entry-"));
    for (const [file, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
    }
    return { programDir: dir, entryPoint, runtime: { typescript: true, nodeargs: [] } } as unknown as PulumiProject;
}

describe("the entry point the run script starts from", () => {
    it("is package.json's main, or index.ts, or the file Pulumi.yaml names", () => {
        const main = projectIn({ "package.json": JSON.stringify({ main: "src/index.ts" }), "src/index.ts": "" });
        expect(entryFileOf(main)).toBe(path.join(main.programDir, "src", "index.ts"));
        const plain = projectIn({ "index.ts": "" });
        expect(entryFileOf(plain)).toBe(path.join(plain.programDir, "index.ts"));
        const named = projectIn({ "app.ts": "" }, "app.ts");
        expect(entryFileOf(named)).toBe(path.join(named.programDir, "app.ts"));
    });

    it("follows package.json exports, and yields to an index.js that Node would load first", () => {
        const exported = projectIn({ "package.json": JSON.stringify({ exports: { ".": { default: "./src/main.ts" } } }), "src/main.ts": "" });
        expect(entryFileOf(exported)).toBe(path.join(exported.programDir, "src", "main.ts"));
        expect(entryFileOf(projectIn({ "index.js": "", "index.ts": "" }))).toBeUndefined();
    });

    it("is not a TypeScript file for a JavaScript program, which then keeps the run script's own handling", () => {
        expect(entryFileOf(projectIn({ "index.js": "" }))).toBeUndefined();
        expect(entryFileOf(projectIn({ "package.json": JSON.stringify({ main: "dist/index.js" }), "dist/index.js": "" }))).toBeUndefined();
    });
});

describe("the compiler options ts-node runs with", () => {
    it("are the run script's defaults under the tsconfig's own options, so a tsconfig without a target still iterates a Map", () => {
        const project = projectIn({
            "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, types: [] } }),
            "index.ts": "const seen: string[] = [];\nfor (const [key] of new Map<string, number>()) seen.push(key);\nexport {};\n",
        });
        const entry = path.join(project.programDir, "index.ts");
        expect(typeErrors(ts, project.programDir, entry, path.join(project.programDir, "tsconfig.json"))).toEqual([]);
    });

    it("still report what the tsconfig's own options forbid", () => {
        const project = projectIn({
            "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, types: [] } }),
            "index.ts": "export const days: number = undefined;\n",
        });
        const errors = typeErrors(ts, project.programDir, path.join(project.programDir, "index.ts"), path.join(project.programDir, "tsconfig.json"));
        expect(errors).toEqual(["index.ts(1,14): error TS2322: Type 'undefined' is not assignable to type 'number'."]);
    });

    it("read JSDoc as tsc does, where it can cause a type error: the type of a checked JavaScript module", () => {
        const project = projectIn({
            "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, allowJs: true, checkJs: true, skipLibCheck: true, types: [] } }),
            "index.ts": "import { days } from \"./retention.js\";\nexport const kept = days;\n",
            "retention.js": "/** @type {number} */\nexport const days = \"ninety\";\n",
        });
        const errors = typeErrors(ts, project.programDir, path.join(project.programDir, "index.ts"), path.join(project.programDir, "tsconfig.json"));
        expect(errors).toEqual(["retention.js(2,14): error TS2322: Type 'string' is not assignable to type 'number'."]);
    });

    it("are none at all when the tsconfig file itself says noCheck", () => {
        const project = projectIn({
            "tsconfig.json": JSON.stringify({ compilerOptions: { noCheck: true, types: [] } }),
            "index.ts": "export const days: number = 'ninety';\n",
        });
        expect(typeErrors(ts, project.programDir, path.join(project.programDir, "index.ts"), path.join(project.programDir, "tsconfig.json"))).toEqual([]);
    });
});

describe("a type error found beside the run", () => {
    it("fails the preview as ts-node would, naming the file, line and error, in a module the entry imports", async () => {
        const run = await ccguard(["preview", path.join("test", "fixtures", "programs", "type-error-with-tsconfig"), "--quiet"]);
        expect(run.code).toBe(2);
        expect(run.stderr.trim()).toBe("ccguard: the program does not compile: src/retention.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    });

    it("is not looked for with --no-type-check", async () => {
        const run = await ccguard(["preview", path.join("test", "fixtures", "programs", "type-error-with-tsconfig"), "--quiet", "--no-type-check", "--format", "json"]);
        expect(run.stderr).toBe("");
        // The bare bucket is judged (and blocked), not refused as a program that does not compile.
        expect(run.code).toBe(1);
        expect(JSON.parse(run.stdout).summary.resources).toBeGreaterThan(0);
    });
});
