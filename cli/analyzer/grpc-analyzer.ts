/**
 * The reference path: a launched pack, spoken to over gRPC with the engine's own client stubs.
 */
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerError } from "../errors";
import { launchPack, packHeapLimitMiB, type LaunchedPack, type LaunchOptions } from "./launch";
import { analyzeRequest, analyzeStackRequestBytes, configureRequest, diagnosticsOf, packInfoOf, remediationsOf } from "./protocol";
import type { Analyzer, Diagnostic, PackInfo, PlainResource, PolicyConfig, Remediation } from "./types";

// The engine allows messages up to 400 MiB, so a stack of tens of thousands of resources fits in one AnalyzeStack.
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export class GrpcAnalyzer implements Analyzer {
    private constructor(
        private readonly client: AnalyzerClient,
        readonly launched: LaunchedPack,
    ) {}

    static async launch(packDir: string, options: LaunchOptions = {}): Promise<GrpcAnalyzer> {
        const launched = await launchPack(packDir, options);
        const client = new AnalyzerClient(`127.0.0.1:${launched.port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
        return new GrpcAnalyzer(client, launched);
    }

    async info(): Promise<PackInfo> {
                return packInfoOf(await this.call("GetAnalyzerInfo", (done) => this.client.getAnalyzerInfo(new Empty(), done)));
    }

    async configure(config: PolicyConfig): Promise<void> {
        await this.call("Configure", (done) => this.client.configure(configureRequest(config), done));
    }

    async remediate(resource: PlainResource, provider: PlainResource | undefined): Promise<Remediation[]> {
        const response = await this.call<analyzerPb.RemediateResponse>("Remediate", (done) => this.client.remediate(analyzeRequest(resource, provider), done));
        return remediationsOf(response);
    }

    async analyze(resource: PlainResource, provider: PlainResource | undefined): Promise<Diagnostic[]> {
        const response = await this.call<analyzerPb.AnalyzeResponse>("Analyze", (done) => this.client.analyze(analyzeRequest(resource, provider), done));
        return diagnosticsOf(response, resource.urn);
    }

    /**
     * The request goes out as bytes built one resource at a time (see `analyzeStackRequestBytes`):
     * the same message the generated stub would send, without holding every resource as protobuf
     * objects at once, which for 100,000 resources took more memory than the stack itself.
     */
    async analyzeStack(resources: readonly PlainResource[], providers: ReadonlyMap<string, PlainResource>): Promise<Diagnostic[]> {
        const request = analyzeStackRequestBytes(resources, providers);
        if (request.length > MAX_MESSAGE_BYTES) {
            const mib = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MiB`;
            throw new AnalyzerError(`AnalyzeStack not sent: the stack of ${resources.length} resources is ${mib(request.length)} as a request, over the ${mib(MAX_MESSAGE_BYTES)} the engine accepts`);
        }
        const response = await this.call<analyzerPb.AnalyzeResponse>("AnalyzeStack", (done) =>
            this.client.makeUnaryRequest(
                "/pulumirpc.Analyzer/AnalyzeStack",
                (bytes: Buffer) => bytes,
                (bytes: Buffer) => analyzerPb.AnalyzeResponse.deserializeBinary(new Uint8Array(bytes)),
                request,
                (error, response) => done(error, response!),
            ),
        );
        return diagnosticsOf(response);
    }

    async close(): Promise<void> {
        this.client.close();
        await this.launched.stop();
    }

    private call<T>(method: string, invoke: (done: (error: grpc.ServiceError | null, response: T) => void) => void): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            invoke((error, response) => {
                if (!error) resolve(response);
                else void this.failure(method, error).then(reject);
            });
        });
    }

    /**
     * A pack that died (out of heap, killed) answers every call in flight with UNAVAILABLE or a reset
     * stream, which says nothing; how the process ended does, once it has ended (a dying node process
     * may take a moment after its socket closes).
     */
    private async failure(method: string, error: grpc.ServiceError): Promise<AnalyzerError> {
        const ended = await this.launched.ended(error.code === grpc.status.UNAVAILABLE || error.code === grpc.status.INTERNAL ? 2_000 : 0);
        if (ended === undefined) return new AnalyzerError(`${method} failed: ${error.details || error.message}`);
        const advice = /heap out of memory/.test(ended) ? ` (heap limit ${packHeapLimitMiB()} MiB; NODE_OPTIONS=--max-old-space-size=<MiB> raises it)` : "";
        return new AnalyzerError(`${method} failed: the policy pack ${ended}${advice}`);
    }
}
