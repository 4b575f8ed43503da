/**
 * The fast path: the SDK's own analyzer service, called in this process without a socket.
 *
 * `@pulumi/policy` keeps its state (the policies, the configuration sent by Configure) in module
 * scope and hands its handlers only to a gRPC server. We load a fresh copy of its server module,
 * let it build its service with a stand-in server that keeps the handlers instead of listening, and
 * call them with the same protobuf requests the reference path sends. Deserialisation, the
 * unknown-checking proxy, `notApplicable` and the advisory downgrade are therefore the SDK's own.
 */
import * as grpc from "@grpc/grpc-js";
import type { PolicyPackArgs } from "@pulumi/policy";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerError } from "../errors";
import { analyzeRequest, analyzeStackRequest, configureRequest, diagnosticsOf, packInfoOf, remediationsOf } from "./protocol";
import type { Analyzer, Diagnostic, PackInfo, PlainResource, PolicyConfig, Remediation } from "./types";

type Handler = (call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) => void;
type ServiceHandlers = Record<"analyze" | "analyzeStack" | "remediate" | "getAnalyzerInfo" | "configure", Handler>;

interface ServerModule {
    serve(name: string, version: string, level: string, args: PolicyPackArgs, initialConfig?: unknown): void;
}

function freshServerModule(): ServerModule {
    const modulePath = require.resolve("@pulumi/policy/server");
    delete require.cache[modulePath];
    return require(modulePath) as ServerModule;
}

function captureHandlers(name: string, version: string, args: PolicyPackArgs, initialConfig?: unknown): ServiceHandlers {
    const server = freshServerModule();
    const prototype = grpc.Server.prototype as unknown as Record<string, unknown>;
    const original = { addService: prototype["addService"], bindAsync: prototype["bindAsync"] };
    let captured: ServiceHandlers | undefined;
    prototype["addService"] = (_service: unknown, implementation: ServiceHandlers) => {
        captured = implementation;
    };
    prototype["bindAsync"] = () => undefined;
    try {
        server.serve(name, version, args.enforcementLevel ?? "advisory", args, initialConfig);
    } finally {
        prototype["addService"] = original.addService;
        prototype["bindAsync"] = original.bindAsync;
    }
    if (!captured) throw new AnalyzerError("the policy SDK registered no analyzer service");
    return captured;
}

export class InProcessAnalyzer implements Analyzer {
    private readonly handlers: ServiceHandlers;

    /** `initialConfig` as `new PolicyPack(name, args, initialConfig)` takes it. */
    constructor(name: string, version: string, args: PolicyPackArgs, initialConfig?: unknown) {
        this.handlers = captureHandlers(name, version, args, initialConfig);
    }

    async info(): Promise<PackInfo> {
        return packInfoOf(await this.call<analyzerPb.AnalyzerInfo>("GetAnalyzerInfo", "getAnalyzerInfo", new Empty()));
    }

    async configure(config: PolicyConfig): Promise<void> {
        await this.call("Configure", "configure", configureRequest(config));
    }

    async remediate(resource: PlainResource, provider: PlainResource | undefined): Promise<Remediation[]> {
        return remediationsOf(await this.call<analyzerPb.RemediateResponse>("Remediate", "remediate", analyzeRequest(resource, provider)));
    }

    async analyze(resource: PlainResource, provider: PlainResource | undefined): Promise<Diagnostic[]> {
        return diagnosticsOf(await this.call<analyzerPb.AnalyzeResponse>("Analyze", "analyze", analyzeRequest(resource, provider)), resource.urn);
    }

    async analyzeStack(resources: readonly PlainResource[], providers: ReadonlyMap<string, PlainResource>): Promise<Diagnostic[]> {
        return diagnosticsOf(await this.call<analyzerPb.AnalyzeResponse>("AnalyzeStack", "analyzeStack", analyzeStackRequest(resources, providers)));
    }

    async close(): Promise<void> {}

    private call<T>(method: string, handler: keyof ServiceHandlers, request: unknown): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            this.handlers[handler]({ request }, (error, response) => {
                if (error) reject(new AnalyzerError(`${method} failed: ${(error as Error).message ?? String(error)}`));
                else resolve(response as T);
            });
        });
    }
}
