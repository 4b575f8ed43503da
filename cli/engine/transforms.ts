/**
 * Resource and invoke transforms as the engine runs them (pkg/resource/deploy/source_eval.go,
 * `RegisterResource`, `wrapTransformCallback`, `RegisterStackTransform`): the program registers
 * callbacks served by its own callback server; the engine calls them for every registration, first
 * the resource's own transforms, then those of each ancestor, then the stack's, each seeing what the
 * one before returned. Invokes pass through the stack's invoke transforms the same way.
 */
import * as grpc from "@grpc/grpc-js";
import { CallbacksClient } from "@pulumi/pulumi/proto/callback_grpc_pb";
import { Callback, CallbackInvokeRequest, type CallbackInvokeResponse } from "@pulumi/pulumi/proto/callback_pb";
import * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { isRecord } from "../../policies/lib/describe";
import { isUnknown } from "../../policies/lib/unknown";
import { isSecretValue, OUTPUT_VALUE_SIG, SIG_KEY } from "./property-values";

export interface TransformGoal {
    name: string;
    type: string;
    custom: boolean;
    parent: string | undefined;
    /** Properties in the SDK's wire form (output values, references and secrets kept). */
    props: Record<string, unknown>;
    options: resourcePb.TransformResourceOptions;
}

/**
 * Each top-level property as an output value carrying its dependencies, as the engine upgrades them
 * before running a resource's own transforms (`upgradeOutputValues`), so a transform that moves a
 * value keeps where it came from.
 */
export function upgradedToOutputValues(props: Record<string, unknown>, propertyDependencies: Record<string, string[]>): Record<string, unknown> {
    const upgraded: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) {
        const dependencies = propertyDependencies[key] ?? [];
        if (isRecord(value) && value[SIG_KEY] === OUTPUT_VALUE_SIG) {
            upgraded[key] = { ...value, dependencies: [...new Set([...((value["dependencies"] as string[]) ?? []), ...dependencies])] };
        } else if (isUnknown(value)) {
            upgraded[key] = { [SIG_KEY]: OUTPUT_VALUE_SIG, dependencies };
        } else if (isSecretValue(value)) {
            upgraded[key] = { [SIG_KEY]: OUTPUT_VALUE_SIG, value: value.value, secret: true, dependencies };
        } else {
            upgraded[key] = { [SIG_KEY]: OUTPUT_VALUE_SIG, value, dependencies };
        }
    }
    return upgraded;
}

/** The dependencies output values inside a property carry (`addOutputDependencies`). */
export function outputDependencies(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
    if (depth > 256 || value === null || typeof value !== "object") return found;
    if (!Array.isArray(value) && (value as Record<string, unknown>)[SIG_KEY] === OUTPUT_VALUE_SIG) {
        for (const urn of ((value as Record<string, unknown>)["dependencies"] as string[] | undefined) ?? []) found.add(urn);
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) outputDependencies(child, found, depth + 1);
    return found;
}

export class Transforms {
    private readonly clients = new Map<string, CallbacksClient>();
    private readonly stackTransforms: Callback[] = [];
    private readonly stackInvokeTransforms: Callback[] = [];
    private readonly ownTransforms = new Map<string, Callback[]>();
    private readonly parents = new Map<string, string>();

    registerStackTransform(callback: Callback): void {
        if (callback.getTarget() === "") throw new Error("target must be specified");
        this.stackTransforms.push(callback);
    }

    registerStackInvokeTransform(callback: Callback): void {
        if (callback.getTarget() === "") throw new Error("target must be specified");
        this.stackInvokeTransforms.push(callback);
    }

    /** After a registration: its own transforms apply to its descendants too. */
    remember(urn: string, parent: string | undefined, own: Callback[]): void {
        if (parent) this.parents.set(urn, parent);
        if (own.length > 0) this.ownTransforms.set(urn, own);
    }

    /** Whether anything would transform a registration with these transforms of its own under this parent. */
    applies(own: Callback[], parent: string | undefined): boolean {
        return this.chain(own, parent).length > 0;
    }

    async transformResource(own: Callback[], goal: TransformGoal): Promise<TransformGoal> {
        let current = goal;
        for (const callback of this.chain(own, goal.parent)) {
            const request = new resourcePb.TransformRequest()
                .setName(current.name)
                .setType(current.type)
                .setCustom(current.custom)
                .setParent(current.parent ?? "")
                .setProperties(Struct.fromJavaScript(current.props as Record<string, never>))
                .setOptions(current.options);
            const response = resourcePb.TransformResponse.deserializeBinary(await this.invoke(callback, request.serializeBinary()));
            current = {
                ...current,
                props: response.hasProperties() ? ((response.getProperties()!.toJavaScript() ?? {}) as Record<string, unknown>) : current.props,
                options: response.getOptions() ?? current.options,
            };
        }
        return current;
    }

    async transformInvoke(token: string, args: Record<string, unknown>, options: resourcePb.TransformInvokeOptions): Promise<Record<string, unknown>> {
        let current = args;
        let currentOptions = options;
        for (const callback of this.stackInvokeTransforms) {
            const request = new resourcePb.TransformInvokeRequest().setToken(token).setArgs(Struct.fromJavaScript(current as Record<string, never>)).setOptions(currentOptions);
            const response = resourcePb.TransformInvokeResponse.deserializeBinary(await this.invoke(callback, request.serializeBinary()));
            if (response.hasArgs()) current = (response.getArgs()!.toJavaScript() ?? {}) as Record<string, unknown>;
            currentOptions = response.getOptions() ?? currentOptions;
        }
        return current;
    }

    close(): void {
        for (const client of this.clients.values()) client.close();
        this.clients.clear();
    }

    /** The resource's own transforms, then each ancestor's, then the stack's. */
    private chain(own: Callback[], parent: string | undefined): Callback[] {
        const chain = [...own];
        for (let current = parent; current; current = this.parents.get(current)) chain.push(...(this.ownTransforms.get(current) ?? []));
        return [...chain, ...this.stackTransforms];
    }

    private invoke(callback: Callback, request: Uint8Array): Promise<Uint8Array> {
        let client = this.clients.get(callback.getTarget());
        if (!client) {
            client = new CallbacksClient(callback.getTarget(), grpc.credentials.createInsecure());
            this.clients.set(callback.getTarget(), client);
        }
        const call = new CallbackInvokeRequest().setToken(callback.getToken()).setRequest(request);
        return new Promise((resolve, reject) => {
            client!.invoke(call, (error: grpc.ServiceError | null, response?: CallbackInvokeResponse) => {
                if (error || !response) reject(new Error(`a transform of the program failed: ${error?.details || error?.message || "no response"}`));
                else resolve(response.getResponse_asU8());
            });
        });
    }
}
