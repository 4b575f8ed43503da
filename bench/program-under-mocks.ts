/**
 * The floor under any preview of a program: the program alone, under the SDK's own mocks
 * (`pulumi.runtime.setMocks`: no engine, no gRPC, no pack, no type check), with ccguard's preload and
 * its transpile cache, its TypeScript transpiled by ts-node with the project's tsconfig. Whatever a
 * preview takes above this is the protocol between the program, the engine and the pack, which
 * `pulumi preview` speaks too.
 *
 * `programUnderMocks(repoRoot, dir, stack)` runs it in a child process of its own, as
 * `node --require <program preload> program-under-mocks.js <project dir> <stack>`, which prints the
 * number of resources the program registered.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { cacheDirectoryFor } from "../cli/engine/cache-directory";
import { loadProject } from "../cli/engine/project";
import { TRANSPILE_CACHE_VARIABLE } from "../cli/engine/transpile-cache";

export interface MockedRun {
    wallMs: number;
    resources: number;
}

export function programUnderMocks(repoRoot: string, projectDir: string, stack: string): Promise<MockedRun> {
    const project = loadProject(projectDir, stack);
    const env: NodeJS.ProcessEnv = { ...process.env };
    const cache = cacheDirectoryFor(project.programDir);
    if (cache !== undefined) env[TRANSPILE_CACHE_VARIABLE] = cache;
    const preload = path.join(repoRoot, "dist", "cli", "engine", "program-preload.js");
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--require", preload, __filename, projectDir, stack], { cwd: project.programDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            if (code !== 0) return reject(new Error(`the program under mocks exited with ${code}: ${stderr.trim()}`));
            resolve({ wallMs, resources: Number(stdout.trim()) });
        });
    });
}

/** In the child: the program's config as the engine would give it, the SDK's mocks, then the program. */
function runUnderMocks(projectDir: string, stack: string): void {
    const project = loadProject(projectDir, stack);
    process.env["PULUMI_CONFIG"] = JSON.stringify(project.config);
    process.env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(project.secretKeys);
    const fromProgram = (request: string) => require(require.resolve(request, { paths: [project.programDir] }));
    if (project.runtime.typescript) {
        const tsconfig = path.resolve(project.programDir, project.runtime.tsconfig ?? "tsconfig.json");
        fromProgram("ts-node").register({ transpileOnly: true, project: tsconfig });
    }
    const pulumi = fromProgram("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    let resources = 0;
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources++;
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        project.name,
        project.stack,
        true,
    );
    process.once("beforeExit", () => process.stdout.write(`${resources}\n`));
    require(path.resolve(project.programDir, project.entryPoint));
}

if (require.main === module) runUnderMocks(process.argv[2]!, process.argv[3]!);
