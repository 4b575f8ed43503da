/**
 * Where ccguard remembers what it learnt about a program for the next preview (the type check's build
 * info and clean verdicts, the program's transpiled files): where tools keep caches, node_modules/.cache
 * of the node_modules the program's `@pulumi/pulumi` comes from. None when that cannot be written.
 * And how a file there is written, so that a reader never sees half of it.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export function cacheDirectoryFor(programDir: string): string | undefined {
    try {
        const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
        const cache = path.join(sdk, "..", "..", ".cache", "contact-centre-guard");
        mkdirSync(cache, { recursive: true });
        return cache;
    } catch {
        return undefined;
    }
}

/**
 * Writes a cache file whole or not at all: another preview may read it at the same moment. Throws
 * when it cannot write, after removing what it began.
 */
export function writeWhole(file: string, data: string): void {
    const partial = `${file}.${process.pid}.tmp`;
    try {
        writeFileSync(partial, data);
        renameSync(partial, file);
    } catch (error) {
        try {
            rmSync(partial, { force: true });
        } catch {
            // Not even that: a leftover the next successful write of another file does not mind.
        }
        throw error;
    }
}
