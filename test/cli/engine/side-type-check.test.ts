/**
 * The type check beside the program run: it finds the entry point the SDK's run script would start
 * from, reports errors as ts-node words them, and leaves programs whose check it cannot reproduce
 * to ts-node inside the run.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { entryFileOf } from "../../../cli/engine/side-type-check";
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

    it("is not a TypeScript file for a JavaScript program, which then keeps the run script's own handling", () => {
        expect(entryFileOf(projectIn({ "index.js": "" }))).toBeUndefined();
        expect(entryFileOf(projectIn({ "package.json": JSON.stringify({ main: "dist/index.js" }), "dist/index.js": "" }))).toBeUndefined();
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
