/**
 * Runs a Pulumi program offline and returns the stack the engine would have seen, with the default
 * providers the engine adds: every custom resource without an explicit provider gets
 * `pulumi:providers:<package>` configured from the stack's `<package>:*` keys.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ProgramError } from "../errors";
import { PACKAGE_ROOT } from "../package-root";
import type { PlainResource, StackSnapshot } from "../analyzer/types";
import type { ProgramRequest, ProgramResult, RecordedRegistration } from "./program-protocol";
import type { PulumiProject } from "./project";

export interface RecordOptions {
    outputs: "unknown" | "resolved";
    typeCheck: boolean;
}

// Always the compiled runner, also when ccguard itself runs from its TypeScript sources (tests).
const RUNNER = path.join(PACKAGE_ROOT, "dist", "cli", "engine", "run-program.js");

export async function recordProgram(project: PulumiProject, options: RecordOptions): Promise<StackSnapshot> {
    const workDir = mkdtempSync(path.join(tmpdir(), "ccguard-run-"));
    const resultFile = path.join(workDir, "result.json");
    const request: ProgramRequest = {
        projectDir: project.dir,
        main: project.main,
        project: project.name,
        stack: project.stack,
        config: project.config,
        secretKeys: project.secretKeys,
        outputs: options.outputs,
        typeCheck: options.typeCheck,
        resultFile,
    };
    try {
        const { code, stderr } = await runChild(project.dir, request);
        if (!existsSync(resultFile)) {
            const last = stderr.trim().split("\n").filter(Boolean).pop();
            throw new ProgramError(`the program exited (code ${code}) before finishing${last ? `: ${last}` : ""}`);
        }
        const result = JSON.parse(readFileSync(resultFile, "utf8")) as ProgramResult;
        if (!result.ok) {
            const what = { typescript: "does not compile", module: "cannot load a module", program: "failed" }[result.kind];
            throw new ProgramError(`the program ${what}: ${result.message}`);
        }
        return snapshotOf(project, result.registrations);
    } finally {
        rmSync(workDir, { recursive: true, force: true });
    }
}

function runChild(cwd: string, request: ProgramRequest): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [RUNNER, JSON.stringify(request)], { cwd, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => {
            stderr = (stderr + chunk.toString()).slice(-64 * 1024);
        });
        child.on("error", reject);
        child.on("exit", (code) => resolve({ code, stderr }));
    });
}

function providerUrnOf(reference: string): string {
    const separator = reference.lastIndexOf("::");
    return separator > 0 ? reference.slice(0, separator) : reference;
}

function packageVersion(projectDir: string, pkg: string): string | undefined {
    try {
        const require = createRequire(path.join(projectDir, "__ccguard__.js"));
        return (require(`@pulumi/${pkg}/package.json`) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

function defaultProvider(project: PulumiProject, pkg: string): PlainResource {
    const version = packageVersion(project.dir, pkg);
    const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
    const props: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(project.config)) {
        if (key.startsWith(`${pkg}:`)) props[key.slice(pkg.length + 1)] = value;
    }
    if (version) props["version"] = version;
    return {
        urn: `urn:pulumi:${project.stack}::${project.name}::pulumi:providers:${pkg}::${name}`,
        type: `pulumi:providers:${pkg}`,
        name,
        custom: true,
        props,
    };
}

export function snapshotOf(project: PulumiProject, registrations: readonly RecordedRegistration[]): StackSnapshot {
    const defaults = new Map<string, PlainResource>();
    const resources: PlainResource[] = registrations.map((r) => {
        const isProvider = r.type.startsWith("pulumi:providers:");
        let provider = r.provider ? providerUrnOf(r.provider) : undefined;
        if (!provider && r.custom && !isProvider) {
            const pkg = r.type.split(":")[0];
            if (!defaults.has(pkg)) defaults.set(pkg, defaultProvider(project, pkg));
            provider = defaults.get(pkg)!.urn;
        }
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            props: r.inputs,
            outputs: r.outputs,
            parent: r.parent,
            provider,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            options: r.options,
        };
    });
    return { project: project.name, stack: project.stack, resources: [...defaults.values(), ...resources] };
}
