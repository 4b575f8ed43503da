/**
 * Where `--output` writes, checked before any work: a report that cannot be written is said in one
 * line before the program runs, not after it; and a report never replaces what ccguard was asked to
 * read (the program's sources, its project and stack files, the policy config, the stack export).
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "./errors";
import { visible } from "./visible-text";

/** Program sources, which no report format is. */
const SOURCE = /\.(?:[cm]?[jt]sx?)$/i;

/** What ccguard reads: files by path, and folders whose project files and sources it reads. */
export interface ReadInputs {
    files?: readonly (string | undefined)[];
    projectDir?: string;
}

export function checkOutputTarget(output: string | undefined, inputs: ReadInputs = {}): void {
    if (output === undefined) return;
    const target = path.resolve(output);
    const directory = path.dirname(target);
    const folder = statOf(directory);
    if (folder === undefined) throw new UsageError(`cannot write ${visible(output)}: no such folder ${visible(directory)}`);
    if (!folder.isDirectory()) throw new UsageError(`cannot write ${visible(output)}: ${visible(directory)} is not a folder`);
    const existing = statOf(target);
    if (existing === undefined) return;
    if (existing.isDirectory()) throw new UsageError(`cannot write ${visible(output)}: it is a folder`);
    const read = (inputs.files ?? []).filter((file): file is string => file !== undefined && file !== "-");
    const replacesInput = read.some((file) => sameFile(file, target));
    const replacesProject = inputs.projectDir !== undefined && isProjectFile(inputs.projectDir, target);
    if (replacesInput || replacesProject || SOURCE.test(target)) {
        throw new UsageError(`refusing to write over ${visible(output)}, which ${SOURCE.test(target) ? "is program source" : "ccguard reads"}; choose another --output`);
    }
}

function statOf(file: string) {
    try {
        return statSync(file);
    } catch {
        return undefined;
    }
}

function sameFile(file: string, target: string): boolean {
    const a = statOf(path.resolve(file));
    const b = statOf(target);
    return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** Pulumi.yaml, a stack's Pulumi.<stack>.yaml, package.json and tsconfig.json of the project. */
function isProjectFile(projectDir: string, target: string): boolean {
    const name = path.basename(target);
    if (!/^(?:Pulumi(?:\.[^/]+)?\.ya?ml|package\.json|tsconfig\.json)$/.test(name)) return false;
    return sameFile(path.join(projectDir, name), target);
}
