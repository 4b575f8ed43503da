/**
 * A policy pack with no policies, laid out like ours and launched the same way: the floor every
 * pack pays (node start-up, the Pulumi SDK, gRPC) against which our own figures are read.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export function createEmptyPack(nodeModules: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-empty-pack-"));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty-pack", version: "0.0.0", main: "index.js" }));
    writeFileSync(
        path.join(dir, "index.js"),
        'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty-pack", { policies: [] });\n',
    );
    symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
    return dir;
}
