/**
 * A policy pack written to a temporary directory and laid out like ours (PulumiPolicy.yaml, a
 * package.json with a version, an index.js, the repository's node_modules), so that every baseline
 * is launched exactly as the Pulumi CLI launches a pack.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export function temporaryPack(name: string, indexSource: string, nodeModules: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), `ccguard-${name}-`));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0", main: "index.js" }));
    writeFileSync(path.join(dir, "index.js"), indexSource);
    symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
    return dir;
}
