/**
 * Where this package is installed: the directory with our package.json, found by walking up, so it
 * works from the TypeScript sources (tests) and from the compiled `dist/` alike.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

function findRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (existsSync(path.join(dir, "PulumiPolicy.yaml")) && existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "contact-centre-guard") {
            return dir;
        }
        if (path.dirname(dir) === dir) throw new Error("cannot find the contact-centre-guard package root");
    }
}

export const PACKAGE_ROOT = findRoot(__dirname);

export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
