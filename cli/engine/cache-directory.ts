/**
 * Where ccguard remembers what it learnt about a program for the next preview (the type check's build
 * info and clean verdicts, the program's transpiled files): where tools keep caches, node_modules/.cache
 * of the node_modules the program's `@pulumi/pulumi` comes from. None when that cannot be written.
 */
import { mkdirSync } from "node:fs";
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
