/**
 * A Pulumi project on disk, read as the CLI reads it before it starts the Node language host:
 * `Pulumi.yaml` (name, runtime and its options, main, project-level config) and the stack's
 * `Pulumi.<stack>.yaml`.
 *
 * Configuration reaches a program as the engine builds it (pkg/resource/deploy/source_eval.go,
 * `Config.Decrypt` and `SecureKeys`; sdk/go/common/resource/config/value.go): every value a
 * string, objects as JSON text with their secure parts decrypted, and the top-level key of every
 * value holding a secret listed as secret. Offline nothing can be decrypted, so each secure value
 * becomes a placeholder, whole or nested, and its key stays secret.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../errors";
import { readInputText } from "../read-input";

/** How the Node language host runs the program (sdk/nodejs/cmd/pulumi-language-nodejs/main.go, `parseOptions`). */
export interface RuntimeOptions {
    /** Load ts-node for TypeScript (option `typescript`, default true). */
    typescript: boolean;
    /** Node flags before the SDK's run script (option `nodeargs`, split as a shell would). */
    nodeargs: string[];
    /** A tsconfig other than `tsconfig.json` (option `tsconfig`). */
    tsconfig?: string;
}

export interface PulumiProject {
    dir: string;
    name: string;
    stack: string;
    /** The working directory of the program (the engine's `pwd`). */
    programDir: string;
    /** What the language host passes as the program: `.` for the directory's package, or a file in `programDir`. */
    entryPoint: string;
    runtime: RuntimeOptions;
    /** Stack configuration with namespaced keys (`aws:region`, `<project>:<key>`), values as the program reads them. */
    config: Record<string, string>;
    /** Keys whose values are, or hold, secrets. */
    secretKeys: string[];
}

export const SECRET_PLACEHOLDER = "[secret]";

function readYaml(file: string, what: string): unknown {
    const text = readInputText(file, `${what} ${file}`);
    try {
        return parseYaml(text) ?? {};
    } catch (error) {
        // The yaml library ends its first line with a colon before a quoted excerpt of the source.
        const reason = (error as Error).message.split("\n")[0].replace(/:\s*$/, "");
        throw new UsageError(`${what} ${file} is not valid YAML: ${reason}`);
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Splits `nodeargs` into words as a POSIX shell would: quotes group, backslashes escape. */
export function shellWords(text: string): string[] {
    const words: string[] = [];
    let current = "";
    let inWord = false;
    let quote: '"' | "'" | undefined;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (quote === "'") {
            if (char === "'") quote = undefined;
            else current += char;
        } else if (char === "\\" && i + 1 < text.length && quote !== '"') {
            current += text[++i];
            inWord = true;
        } else if (quote === '"') {
            if (char === '"') quote = undefined;
            else if (char === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) current += text[++i];
            else current += char;
        } else if (char === '"' || char === "'") {
            quote = char;
            inWord = true;
        } else if (/\s/.test(char)) {
            if (inWord) words.push(current);
            current = "";
            inWord = false;
        } else {
            current += char;
            inWord = true;
        }
    }
    if (quote) throw new UsageError(`runtime option nodeargs has an unterminated ${quote} quote`);
    if (inWord) words.push(current);
    return words;
}

function runtimeOptions(manifestFile: string, runtime: unknown): RuntimeOptions {
    const options = isRecord(runtime) && runtime["options"] !== undefined ? runtime["options"] : {};
    if (!isRecord(options)) throw new UsageError(`project file ${manifestFile}: runtime.options is not a mapping`);
    const { typescript = true, nodeargs = "", tsconfig } = options;
    if (typeof typescript !== "boolean") throw new UsageError(`project file ${manifestFile}: runtime option typescript must be true or false`);
    if (typeof nodeargs !== "string") throw new UsageError(`project file ${manifestFile}: runtime option nodeargs must be a string`);
    if (tsconfig !== undefined && typeof tsconfig !== "string") throw new UsageError(`project file ${manifestFile}: runtime option tsconfig must be a string`);
    return { typescript, nodeargs: shellWords(nodeargs), tsconfig };
}

/** The engine's split of `main` into the program's working directory and entry point (pkg/engine, `getPwdMain`). */
function programLocation(dir: string, manifestFile: string, main: unknown): { programDir: string; entryPoint: string } {
    if (main === undefined || main === null || main === "") return { programDir: dir, entryPoint: "." };
    if (typeof main !== "string") throw new UsageError(`project file ${manifestFile}: main must be a path`);
    const target = path.resolve(dir, main);
    if (!existsSync(target)) throw new UsageError(`project file ${manifestFile}: main ${main} does not exist`);
    if (statSync(target).isDirectory()) return { programDir: target, entryPoint: "." };
    return { programDir: path.dirname(target), entryPoint: path.basename(target) };
}

/** A config value as the program receives it: strings as they are, everything else as JSON; secure parts as placeholders. */
function configText(value: unknown): { text: string; secret: boolean } {
    let secret = false;
    const placeholders = (node: unknown): unknown => {
        if (Array.isArray(node)) return node.map(placeholders);
        if (!isRecord(node)) return node;
        if (typeof node["secure"] === "string" && Object.keys(node).length === 1) {
            secret = true;
            return SECRET_PLACEHOLDER;
        }
        return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, placeholders(child)]));
    };
    const plain = placeholders(value);
    return { text: typeof plain === "string" ? plain : JSON.stringify(plain), secret };
}

/** Project-level config in Pulumi.yaml: a plain value, or a declaration with `default` or `value`. */
function projectDefaults(manifest: Record<string, unknown>, manifestFile: string): Record<string, unknown> {
    const declared = manifest["config"] ?? {};
    if (!isRecord(declared)) throw new UsageError(`project file ${manifestFile}: config is not a mapping`);
    const defaults: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(declared)) {
        if (!isRecord(declaration) || "secure" in declaration) defaults[key] = declaration;
        else if ("value" in declaration) defaults[key] = declaration["value"];
        else if ("default" in declaration) defaults[key] = declaration["default"];
    }
    return defaults;
}

/**
 * The SDK's run script takes the entry point from the nearest package.json above the program
 * (sdk/nodejs/cmd/run/run.ts, `npmPackageRootFromProgramPath`). A project without its own, inside a
 * repository whose package.json names a `main`, would run that file instead of the program, under
 * the Pulumi CLI as here: refused, since the verdict would be about something else.
 */
function rejectForeignEntryPoint(dir: string, programDir: string, entryPoint: string): void {
    if (entryPoint !== ".") return;
    for (let current = programDir; ; current = path.dirname(current)) {
        const manifest = path.join(current, "package.json");
        if (existsSync(manifest)) {
            const inside = current === dir || current.startsWith(dir + path.sep);
            if (inside) return;
            let declared: { main?: unknown; exports?: unknown } = {};
            try {
                declared = JSON.parse(readFileSync(manifest, "utf8")) as typeof declared;
            } catch {
                return;
            }
            if (declared.main === undefined && declared.exports === undefined) return;
            throw new UsageError(
                `${dir} has no package.json, so the Pulumi SDK would run the entry point of ${manifest} instead of the program: add the project's own package.json (npm init -y)`,
            );
        }
        if (path.dirname(current) === current) return;
    }
}

export function loadProject(projectDir: string, stack: string): PulumiProject {
    const dir = path.resolve(projectDir);
    if (!existsSync(dir)) throw new UsageError(`project directory ${projectDir} does not exist`);
    if (!statSync(dir).isDirectory()) throw new UsageError(`${projectDir} is not a directory`);
    const manifestFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (!manifestFile) throw new UsageError(`${projectDir} has no Pulumi.yaml: not a Pulumi project`);
    const manifest = readYaml(manifestFile, "project file");
    if (!isRecord(manifest) || typeof manifest["name"] !== "string" || manifest["name"] === "") {
        throw new UsageError(`project file ${manifestFile} has no name`);
    }
    const runtime = manifest["runtime"];
    const runtimeName = isRecord(runtime) ? runtime["name"] : runtime;
    if (runtimeName === undefined || runtimeName === null || runtimeName === "") {
        throw new UsageError(`project file ${manifestFile} names no runtime; a Pulumi project needs one (runtime: nodejs for TypeScript and JavaScript programs)`);
    }
    if (runtimeName !== "nodejs") {
        throw new UsageError(
            `project ${manifest["name"]} uses runtime ${JSON.stringify(runtimeName)}; ccguard runs Node.js (TypeScript and JavaScript) programs. ` +
                "For other languages, run pulumi preview --policy-pack with this pack, or ccguard audit a stack export",
        );
    }
    const name = manifest["name"];

    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!existsSync(stackFile)) {
        const known = stacksIn(dir);
        throw new UsageError(`unknown stack ${stack}: no Pulumi.${stack}.yaml in ${projectDir}${known.length ? ` (stacks: ${known.join(", ")})` : ""}`);
    }
    const stackSettings = readYaml(stackFile, "stack file");
    if (!isRecord(stackSettings)) throw new UsageError(`stack file ${stackFile} is not a mapping`);
    const stackConfig = stackSettings["config"] ?? {};
    if (!isRecord(stackConfig)) throw new UsageError(`stack file ${stackFile}: config is not a mapping`);

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries({ ...projectDefaults(manifest, manifestFile), ...stackConfig })) {
        const namespaced = key.includes(":") ? key : `${name}:${key}`;
        const { text, secret } = configText(value);
        config[namespaced] = text;
        if (secret) secretKeys.push(namespaced);
    }
    const location = programLocation(dir, manifestFile, manifest["main"]);
    rejectForeignEntryPoint(dir, location.programDir, location.entryPoint);
    return {
        dir,
        name,
        stack,
        ...location,
        runtime: runtimeOptions(manifestFile, runtime),
        config,
        secretKeys,
    };
}

function stacksIn(dir: string): string[] {
    try {
        return readdirSync(dir)
            .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined);
    } catch {
        return [];
    }
}
