/**
 * One view of each request for all the pack's policies, built by the SDK's own code.
 *
 * `@pulumi/policy` 1.21 builds, for each stack policy on every AnalyzeStack, its own object for every
 * resource of the stack: options, provider, parent, dependencies and property dependencies, with
 * closures and lookup maps (server.js `makeAnalyzeStackRpcFun`), and for each resource policy that
 * takes several types, its own arguments on every Analyze. With 18 stack policies on a stack of
 * 10,000 resources that is 180,000 resource objects per preview, all alive while a policy runs:
 * profiled, garbage collection alone took 5 of the pack's 17 seconds.
 *
 * So the pack registers with the SDK the handlers the SDK itself makes (`makeAnalyzeRpcFun`,
 * `makeAnalyzeStackRpcFun`, both exported), over a single dispatching policy: the SDK builds the
 * resources of a request once, exactly as it would for any policy, and the dispatcher then calls
 * each of our policies the way the SDK's loop does, step by step: its enforcement level from the
 * config the engine sent (else its own, else the pack's), `disabled` skipped, `remediate` reported
 * as `mandatory`, the single-type shortcut and its not-applicable reason, its own `getConfig`, the
 * advisory note when a policy trips over an unknown value, not-applicable reasons, and an error
 * naming the policy. The response is made by the SDK's own `makeAnalyzeResponse`.
 *
 * Policies share the resource objects, as they already shared the deserialised properties
 * (`shared-deserialisation.ts`): our controls only read them, which a test checks by freezing them.
 * `test/policies/one-view-per-request.test.ts` sends the same requests to the SDK's handlers and to
 * these and requires byte-identical responses. Only SDK versions whose handlers were compared are
 * served this way; any other version serves the pack with its own handlers, unchanged.
 */
import type { Policy, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { sdkModule, transformAnalyzerService, type AnalyzerImplementation, type Handler, type ServedPack } from "./analyzer-service";
import { NotApplicableEntries, type ResponseMessage } from "./not-applicable-entries";
import { mayJudgeType } from "./validation-types";

/** The SDK versions whose analyzer handlers this module follows, checked by its test. */
const FOLLOWED_SDK = /^v?1\.21\./;

export interface ServerModule {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policy[]): Handler;
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: Policy[]): Handler;
}
interface PolicyModule {
    isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy;
    isStackPolicy(policy: Policy): policy is StackValidationPolicy;
    getPulumiType(value: unknown): string | undefined;
}
interface ProtoUtilModule {
    asGrpcError(error: unknown, message?: string): Error;
    makeAnalyzeResponse(diagnostics: SdkDiagnostic[], notApplicable: unknown[] | undefined): ResponseMessage;
    convertEnforcementLevel(level: number): string;
}
interface AnalyzerProtoModule {
    PolicyNotApplicable: ConstructorParameters<typeof NotApplicableEntries>[0];
    AnalyzeResponse: ConstructorParameters<typeof NotApplicableEntries>[1];
}
interface ConfigureRequest {
    getPolicyconfigMap(): { entries(): Iterable<[string, { getProperties(): { toJavaScript(): Record<string, unknown> }; getEnforcementlevel(): number }]> };
}

/** A diagnostic as the SDK's handlers collect them before `makeAnalyzeResponse`. */
interface SdkDiagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    message: string;
    description: string;
    enforcementLevel: string;
    urn?: string;
    severity?: string;
}

export interface Sdk {
    server: ServerModule;
    policy: PolicyModule;
    protoutil: ProtoUtilModule;
    unknownValueError: new (...args: never[]) => Error;
    proto: AnalyzerProtoModule;
}

type PolicyConfigs = Record<string, Record<string, unknown> & { enforcementLevel?: string }>;

/** The name of the dispatching policy, never seen outside the pack: its results are replaced. */
const DISPATCHER = "contact-centre-guard-one-view";

/** Installs the handlers; returns whether they are in place (false on an SDK they do not follow). */
export function buildEachRequestOnce(): boolean {
    const sdk = followedSdk();
    if (sdk === undefined) return false;
    transformAnalyzerService((implementation, served) => withOneViewPerRequest(implementation, served, sdk));
    return true;
}

/**
 * The SDK's modules this follows, or undefined on a version it does not follow. `server` is the
 * server module whose handlers are served (a test passes a fresh copy of it).
 */
export function followedSdk(server: ServerModule = sdkModule<ServerModule>("@pulumi/policy/server")): Sdk | undefined {
    try {
        const version = sdkModule<{ version?: string }>("@pulumi/policy/package.json").version ?? "";
        if (!FOLLOWED_SDK.test(version)) return undefined;
        const policy = sdkModule<PolicyModule>("@pulumi/policy/policy");
        const protoutil = sdkModule<ProtoUtilModule>("@pulumi/policy/protoutil");
        const { UnknownValueError } = sdkModule<{ UnknownValueError: Sdk["unknownValueError"] }>("@pulumi/policy/proxy");
        const proto = sdkModule<AnalyzerProtoModule>("@pulumi/pulumi/proto/analyzer_pb");
        const functions = [server.makeAnalyzeRpcFun, server.makeAnalyzeStackRpcFun, policy.isResourcePolicy, policy.isStackPolicy, policy.getPulumiType];
        const more = [protoutil.asGrpcError, protoutil.makeAnalyzeResponse, protoutil.convertEnforcementLevel, UnknownValueError, proto.PolicyNotApplicable, proto.AnalyzeResponse];
        if (![...functions, ...more].every((f) => typeof f === "function")) return undefined;
        return { server, policy, protoutil, unknownValueError: UnknownValueError, proto };
    } catch {
        return undefined;
    }
}

/**
 * The SDK's handlers for `served`, with Analyze and AnalyzeStack built once per request. Exported for
 * the test that compares them with the SDK's own.
 */
export function withOneViewPerRequest(implementation: AnalyzerImplementation, served: ServedPack, sdk: Sdk | undefined = followedSdk()): AnalyzerImplementation {
    const configure = implementation["configure"];
    if (sdk === undefined || typeof configure !== "function") return implementation;
    // The config the SDK keeps in its module scope, read the same way from the same requests.
    let configs: PolicyConfigs = {};
    // What follows from the config, fixed until the next Configure: each policy's `getConfig`, and
    // per resource type the steps of the policy loop, asked on every Analyze.
    let getConfigs = new Map<string, () => Record<string, unknown>>();
    let plans = new Map<string, ResourcePlan>();
    const remembering: Handler = function (this: unknown, call, callback) {
        return configure.call(this, call, (error, response) => {
            if (!error) {
                configs = configsOf(call.request as ConfigureRequest, sdk);
                getConfigs = new Map();
                plans = new Map();
            }
            callback(error, response);
        });
    };
    const levelOf = (policy: Policy) => configs[policy.name]?.enforcementLevel || policy.enforcementLevel || served.enforcementLevel;
    // server.js `makeGetConfigFun`: the policy's config without its level. Its values do not change
    // before the next Configure, so each policy gets one object, not a new one per resource.
    const configOf = (name: string): (() => Record<string, unknown>) => {
        const known = getConfigs.get(name);
        if (known !== undefined) return known;
        const config = configs[name];
        let properties: Record<string, unknown> | undefined;
        const getConfig = () => {
            if (!config) return (properties ??= {});
            if (properties === undefined) {
                const { enforcementLevel: _level, ...rest } = config;
                properties = rest;
            }
            return properties;
        };
        getConfigs.set(name, getConfig);
        return getConfig;
    };
    const planFor = (type: string) => {
        let plan = plans.get(type);
        if (plan === undefined) plans.set(type, (plan = resourcePlan(context, type)));
        return plan;
    };
    const notApplicable = new NotApplicableEntries(sdk.proto.PolicyNotApplicable, sdk.proto.AnalyzeResponse);
    const context: DispatchContext = { served, sdk, levelOf, configOf, planFor, notApplicable };
    const analyze = oncePerRequest(context, (request) => sdk.server.makeAnalyzeRpcFun(served.name, served.version, served.enforcementLevel, [resourceDispatcher(context, request)]));
    return {
        ...implementation,
        configure: remembering,
        analyze: function (this: unknown, call, callback) {
            const type = (call.request as { getType(): string }).getType();
            if (planFor(type).validates) return analyze.call(this, call, callback);
            // No validation would be called: the loop alone answers, with nothing deserialised.
            const results = new RequestResults(context);
            return resourceLoop(context, results)({ type } as ResourceValidationArgs)
                .then(() => callback(undefined, results.response()), (error: unknown) => callback(results.failure ?? error, undefined));
        },
        analyzeStack: oncePerRequest(context, (request) => sdk.server.makeAnalyzeStackRpcFun(served.name, served.version, served.enforcementLevel, [stackDispatcher(context, request)])),
    };
}

/** server.js `configure`: each entry's properties with its level, as the SDK stores them. */
function configsOf(request: ConfigureRequest, sdk: Sdk): PolicyConfigs {
    const configs: PolicyConfigs = {};
    for (const [name, entry] of request.getPolicyconfigMap().entries()) {
        const properties = entry.getProperties().toJavaScript();
        properties["enforcementLevel"] = sdk.protoutil.convertEnforcementLevel(entry.getEnforcementlevel());
        configs[name] = properties;
    }
    return configs;
}

interface DispatchContext {
    served: ServedPack;
    sdk: Sdk;
    levelOf(policy: Policy): string;
    configOf(name: string): () => Record<string, unknown>;
    planFor(type: string): ResourcePlan;
    notApplicable: NotApplicableEntries;
}

/** What one request's policies reported, and the error that ended it, if one did. */
class RequestResults {
    readonly diagnostics: SdkDiagnostic[] = [];
    readonly notApplicable: ReturnType<NotApplicableEntries["entry"]>[] = [];
    failure: Error | undefined;

    constructor(private readonly context: DispatchContext) {}

    markNotApplicable(policyName: string, reason: string | undefined): void {
        this.notApplicable.push(this.context.notApplicable.entry(policyName, reason));
    }

    /** server.js `makeAnalyzeResponse` of what the policies reported. */
    response(): ResponseMessage {
        const response = this.context.sdk.protoutil.makeAnalyzeResponse(this.diagnostics, undefined);
        if (this.notApplicable.length > 0) this.context.notApplicable.attach(response, this.notApplicable);
        return response;
    }

    /** server.js `makeReportViolationFun`. */
    reporterFor(policy: Policy, enforcementLevel: string): ReportViolation {
        const { name: policyPackName, version: policyPackVersion } = this.context.served;
        const { name: policyName, description, severity } = policy;
        // The SDK also takes an object naming another policy, level or severity; its type does not say so.
        const report = (message: string | Partial<Record<"name" | "message" | "description" | "urn" | "enforcementLevel" | "severity", string>>, urn?: string) => {
            if (typeof message === "object") {
                this.diagnostics.push({
                    policyName: message.name || policyName,
                    policyPackName,
                    policyPackVersion,
                    message: message.message || message.description || description,
                    urn: message.urn,
                    description: message.description || description,
                    enforcementLevel: message.enforcementLevel || enforcementLevel,
                    severity: message.severity || severity,
                });
            } else {
                this.diagnostics.push({
                    policyName,
                    policyPackName,
                    policyPackVersion,
                    message: message ? `${description}\n${message}` : description,
                    urn,
                    description,
                    enforcementLevel,
                    severity,
                });
            }
        };
        return report as ReportViolation;
    }

    /**
     * The SDK's handling of what a policy threw: an unknown value becomes an advisory note, a
     * not-applicable signal a not-applicable reason, anything else the error of the request.
     */
    caught(policy: Policy, validation: "validateResource" | "validateStack", error: unknown): void {
        const { name: packName, version } = this.context.served;
        const policyFrom = `policy '${policy.name}' from policy pack '${packName}@v${version}'`;
        if (error instanceof this.context.sdk.unknownValueError) {
            const { [validation]: _validation, name: policyName, ...rest } = policy as Policy & Record<string, unknown>;
            this.diagnostics.push({
                ...{ policyName, policyPackName: packName, policyPackVersion: version, message: `can't run ${policyFrom} during preview: ${error.message}` },
                ...(rest as Partial<SdkDiagnostic>),
                enforcementLevel: "advisory",
            } as SdkDiagnostic);
        } else if (error instanceof NotApplicable) {
            this.markNotApplicable(policy.name, error.reason);
        } else {
            this.failure = this.context.sdk.protoutil.asGrpcError(error, `Error validating resource with ${policyFrom}`);
            throw this.failure;
        }
    }
}

/**
 * Only a promise is awaited: the SDK awaits every result, which for a synchronous policy changes
 * nothing but the turn of the event loop the next policy runs in.
 */
function isThenable(result: unknown): result is PromiseLike<unknown> {
    return typeof (result as PromiseLike<unknown> | undefined)?.then === "function";
}

/** server.js `NotApplicableError`, which the SDK does not export: ours, thrown by our `notApplicable`. */
class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

/**
 * A handler that, per call, has the SDK build the request's view for a dispatcher, and answers with
 * what our policies reported instead of what the SDK saw the dispatcher report (nothing).
 */
function oncePerRequest(context: DispatchContext, handlerFor: (results: RequestResults) => Handler): Handler {
    return function (this: unknown, call, callback) {
        const results = new RequestResults(context);
        return handlerFor(results).call(this, call, (error, response) => {
            if (results.failure !== undefined) callback(results.failure, undefined);
            else if (error) callback(error, response);
            else callback(undefined, results.response());
        });
    };
}

const dispatcherFields = { name: DISPATCHER, description: DISPATCHER, enforcementLevel: "mandatory" as const };

/**
 * What the policy loop of server.js `makeAnalyzeRpcFun` does for a resource of one type, which
 * depends only on the type and the config: per policy, in order, skip it (disabled, not a resource
 * policy, or every validation marked as saying nothing about the type), mark it not applicable with
 * the SDK's reason, or call its validations at its level.
 */
interface ResourcePlan {
    steps: ResourceStep[];
    /** Whether any validation is called: if none is, nothing needs deserialising. */
    validates: boolean;
}

type ResourceStep =
    | { kind: "not applicable"; policy: Policy; reason: string }
    | { kind: "validate"; policy: ResourceValidationPolicy; enforcementLevel: string; validations: ResourceValidation[]; getConfig: () => Record<string, unknown> };

type ResourceValidation = Extract<ResourceValidationPolicy["validateResource"], (...args: never[]) => unknown>;

function resourcePlan(context: DispatchContext, type: string): ResourcePlan {
    const { sdk } = context;
    const steps: ResourceStep[] = [];
    for (const policy of context.served.policies) {
        let enforcementLevel = context.levelOf(policy);
        if (enforcementLevel === "disabled" || !sdk.policy.isResourcePolicy(policy)) continue;
        if (!policy.validateResource) {
            steps.push({ kind: "not applicable", policy, reason: "Policy does not implement validateResource" });
            continue;
        }
        if (enforcementLevel === "remediate") enforcementLevel = "mandatory";
        if (!Array.isArray(policy.validateResource)) {
            const pulumiType = sdk.policy.getPulumiType(policy.validateResource);
            if (pulumiType && type !== pulumiType) {
                steps.push({ kind: "not applicable", policy, reason: `Policy only applies to resources of type '${pulumiType}'` });
                continue;
            }
        }
        const validations = (Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource]) as ResourceValidation[];
        // Marked as saying nothing about this type: the SDK's call would have returned at once.
        const judging = validations.filter((validation) => mayJudgeType(validation, type));
        if (judging.length > 0) steps.push({ kind: "validate", policy, enforcementLevel, validations: judging, getConfig: context.configOf(policy.name) });
    }
    return { steps, validates: steps.some((step) => step.kind === "validate") };
}

/** server.js `makeAnalyzeRpcFun`, from the policy loop on, over arguments the SDK built once. */
function resourceDispatcher(context: DispatchContext, results: RequestResults): ResourceValidationPolicy {
    return { ...dispatcherFields, validateResource: resourceLoop(context, results) };
}

function resourceLoop(context: DispatchContext, results: RequestResults): (args: ResourceValidationArgs) => Promise<void> {
    return async (args: ResourceValidationArgs) => {
        for (const step of context.planFor(args.type).steps) {
            if (step.kind === "not applicable") {
                results.markNotApplicable(step.policy.name, step.reason);
                continue;
            }
            const report = results.reporterFor(step.policy, step.enforcementLevel);
            for (const validation of step.validations) {
                try {
                    const result = validation({ ...args, getConfig: step.getConfig, notApplicable: throwNotApplicable } as ResourceValidationArgs, report);
                    if (isThenable(result)) await result;
                } catch (error) {
                    results.caught(step.policy, "validateResource", error);
                }
            }
        }
    };
}

/** server.js `makeAnalyzeStackRpcFun`, from the policy loop on, over resources the SDK built once. */
function stackDispatcher(context: DispatchContext, results: RequestResults): StackValidationPolicy {
    const { sdk } = context;
    const validateStack = async (args: StackValidationArgs) => {
        for (const policy of context.served.policies) {
            let enforcementLevel = context.levelOf(policy);
            if (enforcementLevel === "disabled" || !sdk.policy.isStackPolicy(policy)) continue;
            if (enforcementLevel === "remediate") enforcementLevel = "mandatory";
            const pulumiType = sdk.policy.getPulumiType(policy.validateStack);
            if (pulumiType && !args.resources.some((resource) => resource.type === pulumiType)) {
                results.markNotApplicable(policy.name, `Policy only applies to resources of type '${pulumiType}'`);
                continue;
            }
            const report = results.reporterFor(policy, enforcementLevel);
            try {
                // Each policy gets its own list, as from the SDK; the resources in it are shared.
                const own: StackValidationArgs = { resources: args.resources.slice(), getConfig: context.configOf(policy.name), stackTags: args.stackTags, notApplicable: throwNotApplicable } as StackValidationArgs;
                const result = policy.validateStack(own, report);
                if (isThenable(result)) await result;
            } catch (error) {
                results.caught(policy, "validateStack", error);
            }
        }
    };
    return { ...dispatcherFields, validateStack };
}
