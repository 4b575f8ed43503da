/**
 * A program that type-checked cleanly, and whose inputs have not changed since, still type-checks
 * cleanly: the reasoning of `tsc --build`, which declares a project up to date from its files'
 * timestamps without parsing anything. For a Pulumi program that is most of the check's time
 * saved: the check parses the provider's declarations (3,236 files for `@pulumi/aws` 7) even when
 * its incremental build info spares it the checking itself.
 *
 * Only a clean verdict is remembered: a program with type errors is checked in full every time,
 * so a preview it fails fails exactly as it did. What the verdict rests on, and is compared before
 * it is reused:
 * - every file the compiler read as a source (the program's own, the libraries' declarations, the
 *   `lib` files) and every tsconfig in its `extends` chain, by size, modification and change time;
 * - every directory those files are in, where a file added (an `x.ts` beside `x.d.ts`) changes
 *   what an import resolves to, and in every directory above them the package.json and
 *   node_modules that are there or not (a nearer node_modules, a new `@types` package, a changed
 *   `type`, `exports` or `types` steer resolution);
 * - the compiler and this checker (their contents), the entry point, the tsconfig path and module
 *   mode, as the key.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { writeWhole } from "./cache-directory";

type Stamp = [file: string, size: number, mtimeMs: number, ctimeMs: number];

interface Remembered {
    key: string;
    /** Path, then size, mtime and ctime in milliseconds; the size is -1 for a directory, -3 for a path that must stay absent. */
    inputs: Stamp[];
}

const DIRECTORY = -1;
const ABSENT = -3;

function stamp(file: string, directory: boolean): Stamp | undefined {
    try {
        const stat = statSync(file);
        return [file, directory ? DIRECTORY : stat.size, stat.mtimeMs, stat.ctimeMs];
    } catch {
        return undefined;
    }
}

function sameStamp([file, size, mtime, ctime]: Stamp): boolean {
    const now = stamp(file, size === DIRECTORY);
    if (size === ABSENT) return now === undefined;
    return now !== undefined && now[1] === size && now[2] === mtime && now[3] === ctime;
}

/**
 * What the verdict rests on beyond the key, stamped now: the files; the directories holding them
 * (a file added beside one can take its place in resolution); and above each of them, whether a
 * package.json or a node_modules is there and, when one is, its stamp. Not the ancestors' own
 * times, which change whenever anything is saved there (a home directory, /tmp) and say nothing
 * about where resolution looks.
 */
function inputStamps(files: readonly string[]): Stamp[] {
    const holding = new Set(files.map((file) => path.dirname(file)));
    const above = new Set<string>();
    for (const dir of holding) {
        for (let at = dir; !above.has(at); at = path.dirname(at)) {
            above.add(at);
            if (path.dirname(at) === at) break;
        }
    }
    const stamps: Stamp[] = [];
    for (const file of new Set(files)) {
        const fileStamp = stamp(file, false);
        if (fileStamp === undefined) return [];
        stamps.push(fileStamp);
    }
    for (const dir of holding) stamps.push(stamp(dir, true) ?? [dir, ABSENT, 0, 0]);
    for (const dir of above) {
        for (const [name, directory] of [["package.json", false], ["node_modules", true], [path.join("node_modules", "@types"), true]] as const) {
            const child = path.join(dir, name);
            stamps.push(stamp(child, directory) ?? [child, ABSENT, 0, 0]);
        }
    }
    return stamps;
}

/**
 * The key of a check: everything that decides its outcome other than the files it reads. Files in
 * it (the compiler, this checker) count by their content: a rebuild that writes the same checker
 * again keeps the verdicts.
 */
export function verdictKey(parts: readonly string[]): string {
    const key = createHash("sha256");
    for (const part of parts) {
        let content: Buffer | undefined;
        try {
            content = path.isAbsolute(part) && statSync(part).isFile() ? readFileSync(part) : undefined;
        } catch {
            content = undefined;
        }
        key.update(part).update("\0").update(content ?? "").update("\0");
    }
    return key.digest("hex");
}

/** Whether the program was found clean under this key, with nothing it rests on changed since. */
export function stillClean(verdictFile: string, key: string): boolean {
    try {
        const remembered = JSON.parse(readFileSync(verdictFile, "utf8")) as Remembered;
        return remembered.key === key && Array.isArray(remembered.inputs) && remembered.inputs.length > 0 && remembered.inputs.every(sameStamp);
    } catch {
        return false;
    }
}

/**
 * Remembers a clean verdict. Stamped after the check, so a file saved while it ran (which the
 * check may have read before or after the change) makes the next check run in full.
 */
export function rememberClean(verdictFile: string, key: string, files: readonly string[], checkStartedMs: number): void {
    try {
        const inputs = inputStamps(files);
        if (inputs.length === 0 || inputs.some(([, size, mtime, ctime]) => size !== ABSENT && (mtime >= checkStartedMs || ctime >= checkStartedMs))) return;
        writeWhole(verdictFile, JSON.stringify({ key, inputs } satisfies Remembered));
    } catch {
        // Not remembered: the next check runs in full.
    }
}
