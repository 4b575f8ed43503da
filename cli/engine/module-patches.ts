/**
 * Loaded into the Pulumi program's process by program-preload.ts: one hook on Node's module loader
 * that hands each copy of a named module of an installed package, once, to the patch registered for
 * it. A program may load several copies of `@pulumi/pulumi` (one per installed package that depends
 * on it); each is patched once. The SDK's modules require each other in cycles, so a module may
 * first be seen before its own code has run: a patch says whether it found what it patches, and one
 * that did not is tried again at the next load of that module.
 */
import Module = require("node:module");
import * as path from "node:path";

type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown; _resolveFilename(request: string, parent: unknown, isMain: boolean): string };
export type ModuleExports = Record<string | symbol, unknown>;
/** Whether it found what it patches (false: tried again at the module's next load); `file` is the module's resolved path. */
export type ModulePatch = (exports: ModuleExports, file: string) => boolean;

interface RegisteredPatch {
    /** How the package's own modules require it: its file name, with or without `.js`. */
    names: readonly string[];
    /** Its resolved path ends in `<package>/<file>`. */
    file: RegExp;
    patch: ModulePatch;
    patched: WeakSet<object>;
}

const patches: RegisteredPatch[] = [];

function pathEnding(packageFile: string): RegExp {
    const parts = packageFile.split("/").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`[\\\\/]${parts.join("[\\\\/]")}$`);
}

function hookLoader(): void {
    const loader = Module as unknown as Loader;
    const load = loader._load;
    loader._load = function (this: unknown, request, parent, isMain) {
        const exports = load.call(this, request, parent, isMain);
        if (exports === null || typeof exports !== "object") return exports;
        for (const entry of patches) {
            if (entry.patched.has(exports) || !entry.names.some((name) => request.endsWith(name))) continue;
            let file: string;
            try {
                file = loader._resolveFilename(request, parent, isMain);
            } catch {
                continue; // Not resolvable again from here: not the module patched.
            }
            if (entry.file.test(file) && entry.patch(exports as ModuleExports, file)) entry.patched.add(exports);
        }
        return exports;
    };
}

/** Calls `patch` with the exports of every copy of `<packageFile>` (`ts-node/dist/index.js`) the program loads from now on. */
export function patchInstalledModule(packageFile: string, patch: ModulePatch): void {
    if (patches.length === 0) hookLoader();
    const name = path.posix.basename(packageFile);
    patches.push({ names: [name, name.replace(/\.js$/, "")], file: pathEnding(packageFile), patch, patched: new WeakSet() });
}

/** Calls `patch` with the exports of every copy of `@pulumi/pulumi/<sdkFile>` the program loads from now on. */
export function patchSdkModule(sdkFile: string, patch: ModulePatch): void {
    patchInstalledModule(`@pulumi/pulumi/${sdkFile}`, patch);
}
