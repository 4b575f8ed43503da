/**
 * One pack served two ways from the same SDK module: by the SDK's own analyzer handlers, and by the
 * pack's one-view-per-request handlers built over them. Both share the SDK's module state (the
 * config and stack tags it was sent), so the same requests must get the same responses.
 */
import type { PolicyPackArgs } from "@pulumi/policy";
import type { AnalyzerImplementation, Handler } from "../../policies/analyzer-service";
import { sdkModule } from "../../policies/analyzer-service";
import { followedSdk, withOneViewPerRequest, type ServerModule } from "../../policies/one-view-per-request";

interface FreshServer extends ServerModule {
    serve(name: string, version: string, level: string, args: PolicyPackArgs): void;
}

export interface BothHandlers {
    sdk: AnalyzerImplementation;
    ours: AnalyzerImplementation;
}

/** What a handler answered: the response's bytes, or the error's message. */
export interface Answer {
    bytes?: Buffer;
    error?: string;
}

export function bothHandlers(name: string, version: string, args: PolicyPackArgs): BothHandlers {
    // A fresh copy of the SDK's server module: it serves one pack per module instance.
    const modulePath = require.resolve("@pulumi/policy/server");
    delete require.cache[modulePath];
    const server = require(modulePath) as FreshServer;
    const grpc = sdkModule<{ Server: { prototype: Record<string, unknown> } }>("@grpc/grpc-js");
    const prototype = grpc.Server.prototype;
    const original = { addService: prototype["addService"], bindAsync: prototype["bindAsync"] };
    let sdk: AnalyzerImplementation | undefined;
    prototype["addService"] = (_service: unknown, implementation: AnalyzerImplementation) => void (sdk = implementation);
    prototype["bindAsync"] = () => undefined;
    try {
        server.serve(name, version, args.enforcementLevel ?? "advisory", args);
    } finally {
        prototype["addService"] = original.addService;
        prototype["bindAsync"] = original.bindAsync;
    }
    if (sdk === undefined) throw new Error("the SDK registered no service");
    const followed = followedSdk(server);
    if (followed === undefined) throw new Error("the installed @pulumi/policy is not one the pack follows");
    const served = { name, version, enforcementLevel: args.enforcementLevel ?? "advisory", policies: args.policies };
    return { sdk, ours: withOneViewPerRequest(sdk, served, followed) };
}

export function answer(handler: Handler, request: unknown): Promise<Answer> {
    return new Promise((resolve) => {
        void handler.call(undefined, { request }, (error, response) => {
            if (error) resolve({ error: (error as Error).message ?? String(error) });
            else resolve({ bytes: Buffer.from((response as { serializeBinary(): Uint8Array }).serializeBinary()) });
        });
    });
}
