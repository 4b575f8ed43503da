/**
 * The analyzer protocol below GrpcAnalyzer: requests built field by field, so a test can send a
 * launched pack what no well-behaved engine would (fields left out, properties of the wrong shape,
 * bytes that are not a protobuf message at all) and see what comes back for that request alone.
 */
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { diagnosticsOf } from "../../cli/analyzer/protocol";
import type { Diagnostic } from "../../cli/analyzer/types";

export interface RawProvider {
    type?: string;
    urn?: string;
    name?: string;
    props?: Record<string, unknown>;
}

/** A resource as it goes on the wire; a field left undefined is left out of the message. */
export interface RawResource extends RawProvider {
    provider?: RawProvider;
    /** The engine always sends options; `false` leaves them out. */
    options?: boolean;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** What the pack answered to one request: its findings, or a gRPC error for that request. */
export type Answer = { kind: "findings"; diagnostics: Diagnostic[] } | { kind: "error"; code: grpc.status; details: string };

const structOf = (props: Record<string, unknown>) => Struct.fromJavaScript(props as Record<string, JavaScriptValue>);

function providerMessage(provider: RawProvider): analyzerPb.AnalyzerProviderResource {
    const message = new analyzerPb.AnalyzerProviderResource();
    if (provider.type !== undefined) message.setType(provider.type);
    if (provider.urn !== undefined) message.setUrn(provider.urn);
    if (provider.name !== undefined) message.setName(provider.name);
    if (provider.props !== undefined) message.setProperties(structOf(provider.props));
    return message;
}

/** The fields an Analyze request and an AnalyzeStack resource share, each left out when not given. */
function withResourceFields<M extends analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource>(message: M, resource: RawResource): M {
    if (resource.type !== undefined) message.setType(resource.type);
    if (resource.urn !== undefined) message.setUrn(resource.urn);
    if (resource.name !== undefined) message.setName(resource.name);
    if (resource.props !== undefined) message.setProperties(structOf(resource.props));
    if (resource.options !== false) message.setOptions(new analyzerPb.AnalyzerResourceOptions());
    if (resource.provider) message.setProvider(providerMessage(resource.provider));
    return message;
}

export function rawAnalyzeRequest(resource: RawResource): analyzerPb.AnalyzeRequest {
    return withResourceFields(new analyzerPb.AnalyzeRequest(), resource);
}

export function rawAnalyzeStackRequest(resources: readonly RawResource[]): analyzerPb.AnalyzeStackRequest {
    const request = new analyzerPb.AnalyzeStackRequest();
    request.setResourcesList(
        resources.map((resource) => {
            const message = withResourceFields(new analyzerPb.AnalyzerResource(), resource);
            if (resource.parent !== undefined) message.setParent(resource.parent);
            message.setDependenciesList(resource.dependencies ?? []);
            for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
                message.getPropertydependenciesMap().set(property, new analyzerPb.AnalyzerPropertyDependencies().setUrnsList(urns));
            }
            return message;
        }),
    );
    return request;
}

function varint(value: number): number[] {
    const bytes: number[] = [];
    while (value > 0x7f) {
        bytes.push((value & 0x7f) | 0x80);
        value >>>= 7;
    }
    bytes.push(value);
    return bytes;
}

const lengthDelimited = (field: number, length: number) => [(field << 3) | 2, ...varint(length)];

/**
 * An Analyze request whose property `property` is a list in a list ... `depth` times. google-protobuf
 * encodes messages recursively and runs out of stack long before such depths, so the bytes are
 * written here from the innermost value outwards: Value.list_value (6) > ListValue.values (1) > ...
 */
export function deeplyNestedAnalyzeRequest(resource: RawResource, property: string, depth: number): Uint8Array {
    const leaf = Buffer.from([...lengthDelimited(3, 6), ...Buffer.from("bottom")]);
    const headers: number[][] = [];
    let size = leaf.length;
    for (let level = 0; level < depth; level++) {
        const listValues = lengthDelimited(1, size);
        size += listValues.length;
        const valueList = lengthDelimited(6, size);
        size += valueList.length;
        headers.push(listValues, valueList);
    }
    const key = Buffer.from(property);
    const entry = [...lengthDelimited(1, key.length), ...key, ...lengthDelimited(2, size)];
    const entrySize = entry.length + size;
    const struct = [...lengthDelimited(1, entrySize), ...entry];
    const properties = [...lengthDelimited(2, struct.length + size), ...struct];
    const rest = rawAnalyzeRequest({ ...resource, props: undefined }).serializeBinary();
    return Buffer.concat([Buffer.from(rest), Buffer.from(properties), ...headers.reverse().map((header) => Buffer.from(header)), leaf]);
}

/** Its own connection to a launched pack, beside the GrpcAnalyzer under test. */
export class RawAnalyzerClient {
    private readonly client: AnalyzerClient;

    constructor(port: number) {
        const limit = 400 * 1024 * 1024;
        this.client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": limit,
            "grpc.max_send_message_length": limit,
        });
    }

    analyze(request: analyzerPb.AnalyzeRequest): Promise<Answer> {
        return new Promise((resolve) => this.client.analyze(request, (error, response) => resolve(answerOf(error, response, request.getUrn()))));
    }

    analyzeStack(request: analyzerPb.AnalyzeStackRequest): Promise<Answer> {
        return new Promise((resolve) => this.client.analyzeStack(request, (error, response) => resolve(answerOf(error, response))));
    }

    /** Bytes sent as they are to `/pulumirpc.Analyzer/<method>`, whatever they decode to. */
    send(method: "Analyze" | "AnalyzeStack", bytes: Uint8Array): Promise<Answer> {
        return new Promise((resolve) =>
            this.client.makeUnaryRequest(
                `/pulumirpc.Analyzer/${method}`,
                (payload: Uint8Array) => Buffer.from(payload),
                (reply: Buffer) => analyzerPb.AnalyzeResponse.deserializeBinary(new Uint8Array(reply)),
                bytes,
                (error, response) => resolve(answerOf(error, response)),
            ),
        );
    }

    close(): void {
        this.client.close();
    }
}

function answerOf(error: grpc.ServiceError | null, response: analyzerPb.AnalyzeResponse | undefined, urn = ""): Answer {
    if (error) return { kind: "error", code: error.code, details: error.details };
    return { kind: "findings", diagnostics: diagnosticsOf(response!, urn) };
}

/** The engine's marker for special values (@pulumi/pulumi runtime/rpc.ts specialSigKey) and its secret signature. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value as the engine sends it when it is marked secret. */
export const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
