/**
 * The reference path: a launched pack, spoken to over gRPC with the engine's own client stubs.
 */
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerError } from "../errors";
import { launchPack, type LaunchedPack, type LaunchOptions } from "./launch";
import { analyzeRequest, analyzeStackRequest, configureRequest, diagnosticsOf, packInfoOf, remediationsOf } from "./protocol";
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

    async analyzeStack(resources: readonly PlainResource[], providers: ReadonlyMap<string, PlainResource>): Promise<Diagnostic[]> {
        const response = await this.call<analyzerPb.AnalyzeResponse>("AnalyzeStack", (done) =>
            this.client.analyzeStack(analyzeStackRequest(resources, providers), done),
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
                if (error) reject(new AnalyzerError(`${method} failed: ${error.details || error.message}`));
                else resolve(response);
            });
        });
    }
}
