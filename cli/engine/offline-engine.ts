/**
 * The engine side of a program run, offline: the `ResourceMonitor` and `Engine` gRPC services the
 * Pulumi CLI serves to a language host (proto/pulumi/resource.proto, engine.proto), answered here
 * without providers or a cloud account.
 *
 * The program itself is run by the SDK's own entry point, as the Node language host runs it, and
 * talks to these services exactly as it would talk to `pulumi preview`. What the engine would learn
 * from providers is answered as the engine answers during a first preview (every output the
 * program did not give is unknown) or, in resolved mode, with plausible values as after `pulumi up`.
 * What the engine would learn from plugins we cannot run (multi-language components, look-ups
 * without an answer) is recorded as a warning, so a report never claims to have judged it.
 */
import * as grpc from "@grpc/grpc-js";
import type { Callback } from "@pulumi/pulumi/proto/callback_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UNKNOWN } from "../../policies/lib/unknown";
import { answerInvoke, InvokeArgumentError, partitionOfRegion } from "./invokes";
import { PLAUSIBLE_ACCOUNT, plausibleOutputs } from "./plausible-outputs";
import type { EvaluationWarning, RecordedRegistration, StackReferenceOutputs } from "./program-protocol";
import { lowered, revealed, secret, structOf, withSecretOutputs } from "./property-values";
import { ProgramFacingError, ResourceGoals } from "./resource-goals";
import { newUrn, providerUrnOf } from "./urn";
import { trace } from "../trace";

export interface OfflineEngineOptions {
    project: string;
    stack: string;
    /** A first preview: outputs the program did not give are unknown. Otherwise plausible, as after `pulumi up`. */
    preview: boolean;
    /** The stack's `aws:region`, which configures the default AWS provider. */
    defaultRegion: string | undefined;
    /** The stack's `aws-native:region`, which configures the default aws-native provider. */
    defaultNativeRegion?: string | undefined;
    /** Outputs of referenced stacks, by fully qualified stack name. */
    stackReferences: ReadonlyMap<string, StackReferenceOutputs>;
    /** What the program logs at info and warning level (`pulumi.log.info`, `pulumi.log.warn`). */
    onMessage?: (line: string) => void;
    /** Each registration, once recorded (not resources the program only reads). */
    onRegistered?: (registration: RecordedRegistration) => void;
}

type Call<T> = { request: T };

/** Features the Pulumi CLI announces to the SDK (pkg/resource/deploy/source_eval.go, `SupportsFeature`). */
const SUPPORTED_FEATURES = new Set([
    "secrets",
    "resourceReferences",
    "outputValues",
    "deletedWith",
    "replaceWith",
    "aliasSpecs",
    "parameterization",
    "transforms",
    "invokeTransforms",
    "resourceHooks",
    "errorHooks",
]);

const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";
const FALLBACK_REGION = "eu-central-1";


function toStruct(value: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(lowered(value) as Record<string, never>);
}

function internalError(error: unknown): grpc.ServiceError {
    const message = error instanceof Error ? error.message : String(error);
    return Object.assign(new Error(message), { code: grpc.status.INTERNAL, details: message, metadata: new grpc.Metadata() });
}

export class OfflineEngine {
    readonly registrations: RecordedRegistration[] = [];
    readonly warnings: EvaluationWarning[] = [];
    /** What the program logged as errors (the SDK logs an uncaught error before exiting with code 32). */
    readonly errors: string[] = [];
    /** Stacks the program referenced whose outputs nobody supplied. */
    readonly unsuppliedStackReferences: string[] = [];
    /** Every stack the program referenced. */
    readonly referencedStacks = new Set<string>();
    /** A failure of the offline engine itself, reported instead of the program's own. */
    internalFailure: string | undefined;
    /** Why the engine stopped the deployment, as the Pulumi CLI would print it; reported instead of the program's own failure. */
    refusal: string | undefined;
    private readonly server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    private readonly providerRegions = new Map<string, string>();
    private readonly byUrn = new Map<string, RecordedRegistration>();
    private readonly goals = new ResourceGoals();
    private readonly warned = new Set<string>();
    private rootUrn = "";

    constructor(private readonly options: OfflineEngineOptions) {
        this.server.addService(ResourceMonitorService, this.guarded({
            supportsFeature: (call: Call<resourcePb.SupportsFeatureRequest>) =>
                new resourcePb.SupportsFeatureResponse().setHassupport(SUPPORTED_FEATURES.has(call.request.getId())),
            registerResource: (call: Call<resourcePb.RegisterResourceRequest>) => this.registerResource(call.request),
            readResource: (call: Call<resourcePb.ReadResourceRequest>) => this.readResource(call.request),
            invoke: (call: Call<resourcePb.ResourceInvokeRequest>) => this.invoke(call.request),
            call: (call: Call<resourcePb.ResourceCallRequest>) => this.methodCall(call.request),
            registerResourceOutputs: (call: Call<resourcePb.RegisterResourceOutputsRequest>) => this.registerOutputs(call.request),
            registerStackTransform: (call: Call<Callback>) => {
                this.goals.transforms.registerStackTransform(call.request);
                return new Empty();
            },
            registerStackInvokeTransform: (call: Call<Callback>) => {
                this.goals.transforms.registerStackInvokeTransform(call.request);
                return new Empty();
            },
            registerResourceHook: () => new Empty(),
            registerErrorHook: () => new Empty(),
            registerPackage: (call: Call<resourcePb.RegisterPackageRequest>) =>
                new resourcePb.RegisterPackageResponse().setRef(`${call.request.getName()}@${call.request.getVersion()}`),
            signalAndWaitForShutdown: () => new Empty(),
        }));
        this.server.addService(EngineService, this.guarded({
            // Debug messages are dropped, as the Pulumi CLI drops them without --debug; the program's
            // preload answers them before they are sent (debug-logs.ts).
            log: (call: Call<enginePb.LogRequest>) => {
                const severity = call.request.getSeverity();
                if (severity === enginePb.LogSeverity.ERROR) this.errors.push(call.request.getMessage());
                if (severity === enginePb.LogSeverity.INFO || severity === enginePb.LogSeverity.WARNING) {
                    const level = severity === enginePb.LogSeverity.WARNING ? "warning" : "info";
                    for (const line of call.request.getMessage().split("\n")) if (line.trim() !== "") this.options.onMessage?.(`${level}: ${line}`);
                }
                return new Empty();
            },
            getRootResource: () => new enginePb.GetRootResourceResponse().setUrn(this.rootUrn),
            setRootResource: (call: Call<enginePb.SetRootResourceRequest>) => {
                this.rootUrn = call.request.getUrn();
                return new enginePb.SetRootResourceResponse();
            },
        }));
    }

    /** Starts serving on a free loopback port and returns its address. */
    listen(): Promise<string> {
        return new Promise((resolve, reject) => {
            this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
                if (error) reject(error);
                else resolve(`127.0.0.1:${port}`);
            });
        });
    }

    close(): void {
        this.goals.transforms.close();
        this.server.forceShutdown();
    }

    /** Every handler answers or fails with a gRPC error; none throws into the server. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler names its own request type
    private guarded(handlers: Record<string, (call: Call<any>) => unknown>): grpc.UntypedServiceImplementation {
        const implementation: grpc.UntypedServiceImplementation = {};
        for (const [name, handle] of Object.entries(handlers)) {
            implementation[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
                Promise.resolve()
                    .then(() => handle(call))
                    .then(
                        (response) => callback(null, response),
                        (error: unknown) => {
                            if (!(error instanceof ProgramFacingError)) {
                                this.internalFailure ??= `offline engine failed in ${name}: ${error instanceof Error ? error.message : String(error)}`;
                            }
                            callback(internalError(error));
                        },
                    );
            };
        }
        return implementation;
    }

    private regionOf(type: string, providerReference: string, inputs: Record<string, unknown>): string {
        if (typeof inputs["region"] === "string") return inputs["region"];
        const explicit = providerReference ? this.providerRegions.get(providerUrnOf(providerReference)) : undefined;
        const fromConfig = type.startsWith("aws-native:") ? this.options.defaultNativeRegion : this.options.defaultRegion;
        return explicit ?? fromConfig ?? FALLBACK_REGION;
    }

    private async registerResource(request: resourcePb.RegisterResourceRequest): Promise<resourcePb.RegisterResourceResponse> {
        const { project, stack, preview } = this.options;
        const custom = request.getCustom();
        const remote = request.getRemote();
        const goal = await this.goals.prepare(request);
        const { type, name, parent } = goal;
        const urn = newUrn(stack, project, parent, type, name);
        this.refuseDuplicate(urn);
        this.goals.remember(urn, goal, request.getTransformsList());
        const inputs = lowered(goal.props) as Record<string, unknown>;
        const provider = this.goals.providerOf(goal, urn);
        const additionalSecretOutputs = goal.options.getAdditionalSecretOutputsList();

        let id = "";
        let outputs: Record<string, unknown> = {};
        if (type.startsWith("pulumi:providers:")) {
            if (typeof inputs["region"] === "string") this.providerRegions.set(urn, inputs["region"]);
            outputs = inputs;
            if (!preview) id = plausibleOutputs(type, name, inputs, "").id;
        } else if (custom) {
            if (preview) {
                outputs = inputs;
            } else {
                const plausible = plausibleOutputs(type, name, inputs, this.regionOf(type, provider ?? "", inputs));
                id = plausible.id;
                outputs = plausible.state;
            }
        } else if (remote) {
            this.warn({
                kind: "multi-language-component",
                urn,
                message: `${type} "${name}" is a multi-language component: its child resources are built by its provider plugin, which runs only under the Pulumi CLI, so they were not evaluated (evaluate its stack with pulumi preview --policy-pack, or audit a stack export)`,
            });
        }
        outputs = withSecretOutputs(outputs, additionalSecretOutputs);

        const registration: RecordedRegistration = {
            urn,
            type,
            name,
            custom,
            remote: remote || undefined,
            parent,
            provider,
            version: goal.options.getVersion() || undefined,
            dependencies: goal.dependencies,
            propertyDependencies: goal.propertyDependencies,
            inputs,
            outputs,
            options: {
                protect: goal.options.getProtect() ?? false,
                ignoreChanges: goal.options.getIgnoreChangesList(),
                additionalSecretOutputs,
                deleteBeforeReplace: goal.options.getDeleteBeforeReplace() ?? false,
            },
        };
        this.record(registration);
        this.options.onRegistered?.(registration);
        return new resourcePb.RegisterResourceResponse().setUrn(urn).setId(id).setObject(toStruct(outputs));
    }

    /** Once each: a look-up made in a loop is one thing the report could not see, not a hundred. */
    private warn(warning: EvaluationWarning): void {
        const key = `${warning.kind}\u0000${warning.urn ?? ""}\u0000${warning.message}`;
        if (this.warned.has(key)) return;
        this.warned.add(key);
        this.warnings.push(warning);
    }

    /**
     * A second resource with the same URN stops the deployment: the engine's step generator refuses it,
     * for a registration and for a read (pkg/resource/deploy/step_generator.go, with the message of
     * pkg/diag/errors.go `GetDuplicateResourceURNError`).
     */
    private refuseDuplicate(urn: string): void {
        if (!this.byUrn.has(urn)) return;
        const message = `Duplicate resource URN '${urn}'; try giving it a unique name`;
        this.refusal ??= message;
        throw new ProgramFacingError(message);
    }

    private record(registration: RecordedRegistration): void {
        if (this.registrations.length === 0) trace("ccguard", "first registration");
        this.registrations.push(registration);
        this.byUrn.set(registration.urn, registration);
    }

    /** Components and the stack register their outputs last; AnalyzeStack sees them as the component's state. */
    private registerOutputs(request: resourcePb.RegisterResourceOutputsRequest): Empty {
        const registration = this.byUrn.get(request.getUrn());
        if (registration) registration.outputs = lowered(structOf(request.getOutputs())) as Record<string, unknown>;
        return new Empty();
    }

    private readResource(request: resourcePb.ReadResourceRequest): resourcePb.ReadResourceResponse {
        const { project, stack } = this.options;
        const type = request.getType();
        const name = request.getName();
        const parent = request.getParent() || undefined;
        const urn = newUrn(stack, project, parent, type, name);
        this.refuseDuplicate(urn);
        const inputs = lowered(structOf(request.getProperties())) as Record<string, unknown>;
        const outputs = type === STACK_REFERENCE_TYPE ? this.stackReference(urn, request.getId()) : this.existingResource(urn, request, inputs);
        this.record({
            urn,
            type,
            name,
            custom: true,
            read: true,
            parent,
            provider: request.getProvider() || undefined,
            version: request.getVersion() || undefined,
            dependencies: request.getDependenciesList(),
            propertyDependencies: {},
            inputs,
            outputs,
            options: { protect: false, ignoreChanges: [], additionalSecretOutputs: request.getAdditionalsecretoutputsList(), deleteBeforeReplace: false },
        });
        return new resourcePb.ReadResourceResponse().setUrn(urn).setProperties(toStruct(outputs));
    }

    /** A stack reference reads another stack's outputs from the Pulumi backend, which offline only the user can supply. */
    private stackReference(urn: string, stackName: string): Record<string, unknown> {
        this.referencedStacks.add(stackName);
        const supplied = this.options.stackReferences.get(stackName);
        if (supplied) {
            const secretNames = new Set(supplied.secretOutputNames);
            const outputs = Object.fromEntries(
                Object.entries(supplied.outputs).map(([key, value]) => [key, secretNames.has(key) ? secret(value) : value]),
            );
            return { name: stackName, outputs, secretOutputNames: supplied.secretOutputNames };
        }
        this.unsuppliedStackReferences.push(stackName);
        this.warn({
            kind: "stack-reference",
            urn,
            message: `the outputs of stack ${stackName} are not known offline, so whatever the program derives from them was not evaluated${this.options.preview ? " (unknown)" : " (empty)"}: supply them with --stack-reference ${stackName}=<file of pulumi stack output --json>`,
        });
        return { name: stackName, outputs: this.options.preview ? UNKNOWN : {}, secretOutputNames: [] };
    }

    private existingResource(urn: string, request: resourcePb.ReadResourceRequest, inputs: Record<string, unknown>): Record<string, unknown> {
        const type = request.getType();
        this.warn({
            kind: "read-resource",
            urn,
            message: `${type} "${request.getName()}" is an existing resource the program reads (id ${JSON.stringify(request.getId())}); offline its properties are plausible stand-ins, not what the account holds`,
        });
        const region = this.regionOf(type, request.getProvider(), inputs);
        const plausible = plausibleOutputs(type, request.getName(), { ...inputs, ...(request.getId() ? { id: request.getId() } : {}) }, region);
        return { ...plausible.state, id: request.getId() || plausible.id };
    }

    private async invoke(request: resourcePb.ResourceInvokeRequest): Promise<providerPb.InvokeResponse> {
        const token = request.getTok();
        const options = new resourcePb.TransformInvokeOptions()
            .setProvider(request.getProvider())
            .setVersion(request.getVersion())
            .setPluginDownloadUrl(request.getPlugindownloadurl());
        const transformed = await this.goals.transforms.transformInvoke(token, structOf(request.getArgs()), options).catch((error: unknown) => {
            throw new ProgramFacingError(error instanceof Error ? error.message : String(error));
        });
        const args = revealed(lowered(transformed)) as Record<string, unknown>;
        const region = this.regionOf(token, request.getProvider(), {});
        const response = new providerPb.InvokeResponse();
        try {
            const answer = answerInvoke(token, args, { region, account: PLAUSIBLE_ACCOUNT, partition: partitionOfRegion(region) });
            if (answer.kind === "unanswered") {
                this.warn({ kind: "invoke-unanswered", message: `${token} cannot be answered offline (${answer.reason}); the program received an empty result, so whatever it derived from it was not evaluated` });
                return response.setReturn(Struct.fromJavaScript({}));
            }
            return response.setReturn(toStruct(answer.result));
        } catch (error) {
            // The provider rejects invalid arguments, and the SDK fails the program with its reason.
            if (!(error instanceof InvokeArgumentError)) throw error;
            return response.setFailuresList([new providerPb.CheckFailure().setProperty("").setReason(error.message)]);
        }
    }

    private methodCall(request: resourcePb.ResourceCallRequest): providerPb.CallResponse {
        this.warn({
            kind: "method-call",
            message: `method ${request.getTok()} of a multi-language component runs in its provider plugin, which runs only under the Pulumi CLI; the program received an empty result`,
        });
        return new providerPb.CallResponse().setReturn(Struct.fromJavaScript({}));
    }
}
