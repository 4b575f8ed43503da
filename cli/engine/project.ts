/**
 * A Pulumi project on disk: `Pulumi.yaml` (name, runtime, main) and the stack's `Pulumi.<stack>.yaml`
 * configuration, with keys namespaced as the CLI namespaces them (`aws:region` stays, a bare `key`
 * becomes `<project>:key`). Secure values cannot be decrypted offline: they stay secret and are
 * given to the program as a placeholder.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../errors";

export interface PulumiProject {
    dir: string;
    name: string;
    main: string;
    stack: string;
    config: Record<string, string>;
    secretKeys: string[];
}

export const SECRET_PLACEHOLDER = "[secret]";

function readYaml(file: string, what: string): unknown {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
        return parseYaml(text) ?? {};
    } catch (error) {
        const reason = (error as Error).message.split("\n")[0];
        throw new UsageError(`${what} ${file} is not valid YAML: ${reason}`);
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function resolveMain(dir: string, declared: unknown): string {
    const candidates: string[] = [];
    if (typeof declared === "string" && declared !== "") {
        const target = path.resolve(dir, declared);
        if (existsSync(target) && statSync(target).isDirectory()) candidates.push(path.join(target, "index.ts"), path.join(target, "index.js"));
        else candidates.push(target);
    } else {
        const pkg = path.join(dir, "package.json");
        if (existsSync(pkg)) {
            try {
                const main = (JSON.parse(readFileSync(pkg, "utf8")) as { main?: unknown }).main;
                if (typeof main === "string") candidates.push(path.resolve(dir, main));
            } catch {
                // A broken package.json is the program's business; fall back to index.ts like the CLI.
            }
        }
        candidates.push(path.join(dir, "index.ts"), path.join(dir, "index.js"));
    }
    const found = candidates.find((candidate) => existsSync(candidate));
    if (!found) throw new UsageError(`no program entry point in ${dir} (looked for ${candidates.map((c) => path.relative(dir, c)).join(", ")})`);
    return found;
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
    const runtime = isRecord(manifest["runtime"]) ? manifest["runtime"]["name"] : manifest["runtime"];
    if (runtime !== "nodejs") {
        throw new UsageError(`project ${manifest["name"]} uses runtime ${JSON.stringify(runtime)}; ccguard runs nodejs (TypeScript) programs`);
    }
    const name = manifest["name"];

    const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!existsSync(stackFile)) {
        const known = readdirStacks(dir);
        throw new UsageError(`unknown stack ${stack}: no Pulumi.${stack}.yaml in ${projectDir}${known.length ? ` (stacks: ${known.join(", ")})` : ""}`);
    }
    const stackSettings = readYaml(stackFile, "stack file");
    if (!isRecord(stackSettings)) throw new UsageError(`stack file ${stackFile} is not a mapping`);
    const rawConfig = stackSettings["config"] ?? {};
    if (!isRecord(rawConfig)) throw new UsageError(`stack file ${stackFile}: config is not a mapping`);

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(rawConfig)) {
        const namespaced = key.includes(":") ? key : `${name}:${key}`;
        if (isRecord(value) && typeof value["secure"] === "string") {
            config[namespaced] = SECRET_PLACEHOLDER;
            secretKeys.push(namespaced);
        } else {
            config[namespaced] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { dir, name, main: resolveMain(dir, manifest["main"]), stack, config, secretKeys };
}

function readdirStacks(dir: string): string[] {
    try {
        return require("node:fs")
            .readdirSync(dir)
            .map((f: string) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
            .filter((s: string | undefined): s is string => s !== undefined);
    } catch {
        return [];
    }
}
