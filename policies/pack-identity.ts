/**
 * Who the pack is: its name, as `policies/index.ts` serves it, and the package it ships in. The
 * package is found by walking up from this module, so this works from the TypeScript sources
 * (tests) and from the compiled `dist/` alike.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const PACK_NAME = "contact-centre-guard";

export interface PackageManifest {
    root: string;
    version: string;
}

let manifest: PackageManifest | null | undefined;

/** Our package's directory and version; undefined when this module runs outside it. */
export function packageManifest(): PackageManifest | undefined {
    if (manifest === undefined) manifest = findManifest(__dirname) ?? null;
    return manifest ?? undefined;
}

function findManifest(start: string): PackageManifest | undefined {
    for (let dir = start; ; dir = path.dirname(dir)) {
        try {
            const file = path.join(dir, "package.json");
            if (existsSync(path.join(dir, "PulumiPolicy.yaml")) && existsSync(file)) {
                const parsed = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
                if (parsed.name === PACK_NAME) return { root: dir, version: typeof parsed.version === "string" ? parsed.version : "0.0.0" };
            }
        } catch {
            // An unreadable manifest on the way up is not ours; keep looking.
        }
        if (path.dirname(dir) === dir) return undefined;
    }
}

/** The pack as the SDK names it in its notes: `contact-centre-guard@v0.1.0`. */
export function packLabel(): string {
    const version = packageManifest()?.version;
    return version === undefined ? PACK_NAME : `${PACK_NAME}@v${version}`;
}
