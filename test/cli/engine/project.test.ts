/** A project read as the CLI reads it before it starts the Node language host. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject, shellWords } from "../../../cli/engine/project";

function project(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-project-"));
    for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
    }
    return dir;
}

describe("loadProject", () => {
    it("gives object config as JSON text with nested secure values as placeholders, and marks the key secret", () => {
        const dir = project({
            "Pulumi.yaml": "name: acme\nruntime: nodejs\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-central-1\n  acme:db:\n    host: db.internal\n    port: 5432\n    password:\n      secure: v1:abc\n  acme:token:\n    secure: v1:def\n  replicas: 3\n",
        });
        const loaded = loadProject(dir, "dev");
        expect(loaded.config).toEqual({
            "aws:region": "eu-central-1",
            "acme:db": JSON.stringify({ host: "db.internal", port: 5432, password: "[secret]" }),
            "acme:token": "[secret]",
            "acme:replicas": "3",
        });
        expect(loaded.secretKeys.sort()).toEqual(["acme:db", "acme:token"]);
    });

    it("takes project-level config defaults from Pulumi.yaml, which the stack's values override", () => {
        const dir = project({
            "Pulumi.yaml": "name: acme\nruntime: nodejs\nconfig:\n  aws:region: eu-west-1\n  tier:\n    type: string\n    default: standard\n  owner: platform\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-central-1\n",
        });
        expect(loadProject(dir, "dev").config).toEqual({ "aws:region": "eu-central-1", "acme:tier": "standard", "acme:owner": "platform" });
    });

    it.each([
        ["no main: the directory's package", "name: acme\nruntime: nodejs\n", ".", ""],
        ["main a directory: that directory's package", "name: acme\nruntime: nodejs\nmain: src/\n", ".", "src"],
        ["main a file: its directory and name", "name: acme\nruntime: nodejs\nmain: src/app.ts\n", "app.ts", "src"],
    ])("splits main as the engine does (%s)", (_case, manifest, entryPoint, programDir) => {
        const dir = project({ "Pulumi.yaml": manifest, "Pulumi.dev.yaml": "config: {}\n", "src/app.ts": "", "index.ts": "" });
        const loaded = loadProject(dir, "dev");
        expect(loaded.entryPoint).toBe(entryPoint);
        expect(loaded.programDir).toBe(path.join(dir, programDir));
    });

    it("reads the runtime options typescript, nodeargs and tsconfig", () => {
        const dir = project({
            "Pulumi.yaml": "name: acme\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: \"--max-old-space-size=4096 --title 'acme stack'\"\n    tsconfig: tsconfig.pulumi.json\n",
            "Pulumi.dev.yaml": "config: {}\n",
        });
        expect(loadProject(dir, "dev").runtime).toEqual({ typescript: false, nodeargs: ["--max-old-space-size=4096", "--title", "acme stack"], tsconfig: "tsconfig.pulumi.json" });
    });

    it.each([
        ["a main that does not exist", "name: acme\nruntime: nodejs\nmain: nowhere.ts\n", /main nowhere\.ts does not exist/],
        ["a runtime option of the wrong type", "name: acme\nruntime:\n  name: nodejs\n  options:\n    typescript: \"yes\"\n", /typescript must be true or false/],
        ["another language", "name: acme\nruntime: python\n", /uses runtime "python".*pulumi preview --policy-pack.*ccguard audit/],
        ["no runtime", "name: acme\n", /Pulumi\.yaml names no runtime; a Pulumi project needs one \(runtime: nodejs/],
        ["YAML that does not parse, without the dangling colon of its excerpt", "name: [acme\nruntime: nodejs\n", /is not valid YAML: .*at line 2, column 1$/],
    ])("rejects %s with one line", (_case, manifest, message) => {
        const dir = project({ "Pulumi.yaml": manifest, "Pulumi.dev.yaml": "config: {}\n" });
        expect(() => loadProject(dir, "dev")).toThrow(message);
    });
});

describe("the entry point the SDK would take", () => {
    it("refuses a project without package.json whose enclosing package names a main, which the SDK would run instead", () => {
        const outer = project({ "package.json": JSON.stringify({ name: "monorepo", main: "dist/index.js" }) });
        mkdirSync(path.join(outer, "stacks", "contact-centre"), { recursive: true });
        const dir = path.join(outer, "stacks", "contact-centre");
        writeFileSync(path.join(dir, "Pulumi.yaml"), "name: acme\nruntime: nodejs\n");
        writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        expect(() => loadProject(dir, "dev")).toThrow(/has no package\.json, so the Pulumi SDK would run the entry point of .*package\.json instead of the program/);
        writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "acme" }));
        expect(loadProject(dir, "dev").entryPoint).toBe(".");
    });

    it("accepts a program in a subdirectory of a project whose package.json is at the root", () => {
        const dir = project({ "Pulumi.yaml": "name: acme\nruntime: nodejs\nmain: src/\n", "Pulumi.dev.yaml": "config: {}\n", "package.json": JSON.stringify({ name: "acme", main: "src/index.ts" }), "src/index.ts": "" });
        expect(loadProject(dir, "dev").programDir).toBe(path.join(dir, "src"));
    });
});

describe("shellWords", () => {
    it.each([
        ["--a --b", ["--a", "--b"]],
        ["  --title 'two words'  ", ["--title", "two words"]],
        ['--x "a \\"q\\" b"', ["--x", 'a "q" b']],
        ["a\\ b c", ["a b", "c"]],
        ["", []],
    ])("splits %j", (text, words) => {
        expect(shellWords(text)).toEqual(words);
    });

    it("rejects an unterminated quote", () => {
        expect(() => shellWords("--title 'open")).toThrow(/unterminated ' quote/);
    });
});
