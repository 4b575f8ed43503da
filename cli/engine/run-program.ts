/**
 * Child-process entry of `ccguard preview`: runs one Pulumi program under the SDK's mocks and writes
 * every resource registration to a result file, as the engine would have received it.
 *
 * A separate process keeps the user's program (its globals, its ts-node registration, a stray
 * `process.exit`) away from ccguard, and gives it the same `@pulumi/pulumi` module instance the
 * program imports, which is what mocks need. Registrations are read from the requests the SDK sends
 * to the resource monitor, so unknown values, secrets, dependencies and property dependencies are
 * encoded exactly as the engine sees them.
 */
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { plausibleInvoke, plausibleOutputs } from "./plausible-outputs";
import type { ProgramRequest, ProgramResult, RecordedRegistration } from "./program-protocol";

interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getProtect(): boolean;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getDeletebeforereplace(): boolean;
}

type Callback = (error: unknown, response?: { getUrn(): string; getObject(): { toJavaScript(): Record<string, unknown> } }) => void;

function fail(resultFile: string, result: ProgramResult): never {
    writeFileSync(resultFile, JSON.stringify(result));
    process.exit(0);
}

function describeError(error: unknown): { kind: "typescript" | "module" | "program"; message: string } {
    if (error instanceof Error) {
        if (error.name === "TSError") {
            const diagnostics = error.message.replace(/^⨯ Unable to compile TypeScript:\s*/, "").trim().split("\n");
            return { kind: "typescript", message: diagnostics.filter(Boolean).slice(0, 3).join(" ") };
        }
        if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") {
            return { kind: "module", message: error.message.split("\n")[0] };
        }
        if (error instanceof SyntaxError) return { kind: "typescript", message: error.message.split("\n")[0] };
        return { kind: "program", message: `${error.name === "Error" ? "" : `${error.name}: `}${error.message.split("\n")[0]}` };
    }
    return { kind: "program", message: `the program threw ${String(error)}` };
}

async function main() {
    const request = JSON.parse(process.argv[2] ?? "{}") as ProgramRequest;
    const { resultFile } = request;
    const programRequire = createRequire(path.join(request.projectDir, "__ccguard__.js"));
    const ownRequire = createRequire(__filename);
    const resolveFrom = (id: string) => {
        try {
            return programRequire.resolve(id);
        } catch {
            return ownRequire.resolve(id);
        }
    };

    // The SDK reads the stack's configuration from the environment when it loads.
    process.env["PULUMI_CONFIG"] = JSON.stringify(request.config);
    process.env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(request.secretKeys);
    process.env["PULUMI_NODEJS_PROJECT"] = request.project;
    process.env["PULUMI_NODEJS_STACK"] = request.stack;

    let pulumiPath: string;
    try {
        pulumiPath = path.dirname(programRequire.resolve("@pulumi/pulumi/package.json"));
    } catch {
        fail(resultFile, { ok: false, kind: "module", message: `@pulumi/pulumi is not installed for ${request.projectDir}: run npm install there` });
    }
    const pulumi = require(pulumiPath);
    const settings = require(path.join(pulumiPath, "runtime", "settings"));
    const stackModule = require(path.join(pulumiPath, "runtime", "stack"));

    const preview = request.outputs === "unknown";
    // Explicit AWS providers by name, so resolved outputs (a bucket's `region`) follow the provider a resource uses.
    const providerRegions = new Map<string, string>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args: { type: string; name: string; inputs: Record<string, unknown>; provider?: string }) => {
                if (preview) return { id: undefined, state: args.inputs };
                const providerUrn = args.provider ? args.provider.slice(0, args.provider.lastIndexOf("::")) : "";
                const providerName = /pulumi:providers:aws::(.+)$/.exec(providerUrn)?.[1];
                const region = (providerName && providerRegions.get(providerName)) || request.config["aws:region"] || "eu-central-1";
                const result = plausibleOutputs(args.type, args.name, args.inputs, region);
                if (args.type === "pulumi:providers:aws" && typeof args.inputs["region"] === "string") {
                    providerRegions.set(args.name, args.inputs["region"]);
                }
                return result;
            },
            // Invokes run during a real preview too; offline they answer as a plausible account would.
            call: (args: { token: string; inputs: Record<string, unknown> }) => plausibleInvoke(args.token, request.config["aws:region"] ?? "eu-central-1"),
        },
        request.project,
        request.stack,
        preview,
    );

    const registrations: RecordedRegistration[] = [];
    const monitor = settings.getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: RegisterResourceRequest, callback: Callback) => {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        registerResource(req, (error: unknown, response?: Parameters<Callback>[1]) => {
            if (!error && response) {
                registrations.push({
                    urn: response.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: req.getProvider() || undefined,
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    inputs: req.getObject()?.toJavaScript() ?? {},
                    outputs: response.getObject().toJavaScript(),
                    options: {
                        protect: req.getProtect(),
                        ignoreChanges: req.getIgnorechangesList(),
                        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                        deleteBeforeReplace: req.getDeletebeforereplace(),
                    },
                });
            }
            callback(error, response);
        });
    };

    // As the Pulumi language host does: ts-node with type checking, the project's tsconfig.json if any.
    try {
        const tsconfig = path.join(request.projectDir, "tsconfig.json");
        const hasTsconfig = existsSync(tsconfig);
        require(resolveFrom("ts-node")).register({
            typeCheck: request.typeCheck,
            transpileOnly: !request.typeCheck,
            compiler: resolveFrom("typescript"),
            skipProject: !hasTsconfig,
            project: hasTsconfig ? tsconfig : undefined,
            // Pulumi's defaults for projects without a tsconfig.json (TypeScript 4.7 and later).
            compilerOptions: hasTsconfig ? undefined : { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true },
        });
    } catch (error) {
        fail(resultFile, { ok: false, kind: "module", message: `cannot load TypeScript support: ${(error as Error).message.split("\n")[0]}` });
    }

    const uncaught: unknown[] = [];
    process.on("unhandledRejection", (reason) => uncaught.push(reason));
    process.on("uncaughtException", (error) => uncaught.push(error));
    try {
        await stackModule.runInPulumiStack(async () => {
            const exported = require(request.main);
            return exported instanceof Function ? await exported() : exported;
        });
        await settings.waitForRPCs();
    } catch (error) {
        fail(resultFile, { ok: false, ...describeError(error) });
    }
    if (uncaught.length > 0) fail(resultFile, { ok: false, ...describeError(uncaught[0]) });
    writeFileSync(resultFile, JSON.stringify({ ok: true, registrations } satisfies ProgramResult));
    process.exit(0);
}

main().catch((error) => {
    const resultFile = (JSON.parse(process.argv[2] ?? "{}") as Partial<ProgramRequest>).resultFile;
    if (resultFile) fail(resultFile, { ok: false, ...describeError(error) });
    process.exit(3);
});
