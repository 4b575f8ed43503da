/**
 * The one place the pack reaches into how `@pulumi/policy` serves it: what the SDK was asked to serve,
 * and the handlers it registers with its gRPC server, which the pack's own additions wrap.
 *
 * The SDK offers no hook between `new PolicyPack(...)` and its analyzer service. But `PolicyPack` calls
 * `serve` through its server module's exports (@pulumi/policy policy.js), and `serve` registers the
 * handlers with the `@grpc/grpc-js` module the SDK loads (server.js `addService`). Wrapping both,
 * once, gives each addition the pack's name, version, level and policies exactly as the SDK got them,
 * and the SDK's handlers to wrap.
 */
import * as path from "node:path";
import type { Policy } from "@pulumi/policy";

/** What `PolicyPack` asked the SDK to serve (server.js `serve`). */
export interface ServedPack {
    name: string;
    version: string;
    /** The pack's default level, which a policy without its own level takes. */
    enforcementLevel: string;
    policies: readonly Policy[];
}

export type Handler = (this: unknown, call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) => unknown;
export type AnalyzerImplementation = Record<string, Handler>;
type Transform = (implementation: AnalyzerImplementation, served: ServedPack) => AnalyzerImplementation;

interface ServerModule {
    serve(name: string, version: string, level: string, args: { policies?: Policy[] }, initialConfig?: unknown): void;
}

const HOOKS = Symbol.for("contact-centre-guard.analyzerServiceHooks");

interface Hooks {
    transforms: Transform[];
    /** Set while the SDK's `serve` runs, which is when it registers its service. */
    serving?: ServedPack;
}

/** The SDK's own copy of a module it loads, so a wrapper sees the very objects the SDK uses. */
export function sdkModule<T>(request: string): T {
    const sdkDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
    return require(require.resolve(request, { paths: [sdkDir] })) as T;
}

/**
 * Has `transform` rewrite the analyzer service the SDK registers from now on. Transforms apply in the
 * order they were added, each to the result of the one before. Call before the PolicyPack is built.
 */
export function transformAnalyzerService(transform: Transform): void {
    hooks().transforms.push(transform);
}

function hooks(): Hooks {
    const server = sdkModule<ServerModule & { [HOOKS]?: Hooks }>("@pulumi/policy/server");
    const installed = server[HOOKS];
    if (installed) return installed;
    const state: Hooks = { transforms: [] };
    server[HOOKS] = state;

    const serve = server.serve;
    server.serve = function (name, version, level, args, initialConfig) {
        state.serving = { name, version, enforcementLevel: level, policies: args.policies ?? [] };
        try {
            return serve.call(this, name, version, level, args, initialConfig);
        } finally {
            state.serving = undefined;
        }
    };

    const grpc = sdkModule<{ Server: { prototype: { addService(service: unknown, implementation: AnalyzerImplementation): void } } }>("@grpc/grpc-js");
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (service, implementation) {
        // Only the analyzer service the SDK registers while serving our pack; anything else is left as is.
        const served = state.serving;
        if (served === undefined || typeof implementation?.["analyzeStack"] !== "function") return addService.call(this, service, implementation);
        const transformed = state.transforms.reduce((current, transform) => transform(current, served), implementation);
        return addService.call(this, service, transformed);
    };
    return state;
}
