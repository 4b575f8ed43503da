/**
 * Runs components under `pulumi.runtime.setMocks` and records every registration the way the
 * engine receives it: type, name, URN, parent URN, dependencies and inputs. Outputs get the
 * plausible ids and ARNs `ccguard preview --outputs resolved` gives them, so component outputs
 * resolve in tests; `preview: true` leaves everything not given as an input unknown instead.
 */
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import type { StackSnapshot } from "../../cli/analyzer/types";
import type { PulumiProject } from "../../cli/engine/project";
import { snapshotOf } from "../../cli/engine/stack-snapshot";
import { REPO_ROOT } from "./paths";
import { answerInvoke, partitionOfRegion } from "../../cli/engine/invokes";
import { PLAUSIBLE_ACCOUNT, plausibleOutputs } from "../../cli/engine/plausible-outputs";

export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent?: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    /** State the (mock) engine returned: inputs plus ids and ARNs. */
    outputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (error: unknown, response?: { getUrn(): string; getObject(): { toJavaScript(): Record<string, unknown> } | undefined }) => void;
type Monitor = { registerResource(request: RegisterResourceRequest, callback: Callback): void };

export class ComponentRecorder {
    readonly registrations: Registration[] = [];

    /** Waits until every registration started so far has reached the (mock) engine. */
    async settle(): Promise<void> {
        await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    }

    /** Runs `build`, waits for its registrations and returns them (and only them). */
    async record(build: () => void): Promise<Recorded> {
        await this.settle();
        const from = this.registrations.length;
        build();
        await this.settle();
        return new Recorded(this.registrations.slice(from));
    }
}

export class Recorded {
    constructor(readonly registrations: readonly Registration[]) {}

    ofType(type: string): Registration[] {
        return this.registrations.filter((r) => r.type === type);
    }

    named(name: string): Registration {
        const found = this.registrations.find((r) => r.name === name);
        if (!found) throw new Error(`no resource named ${name}; recorded: ${this.registrations.map((r) => r.name).join(", ")}`);
        return found;
    }

    /** The one resource of a type (fails when there are several). */
    only(type: string): Registration {
        const found = this.ofType(type);
        if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
        return found[0];
    }

    childrenOf(parent: Registration): Registration[] {
        return this.registrations.filter((r) => r.parent === parent.urn);
    }

    /** The component and every resource below it. */
    treeOf(root: Registration): Registration[] {
        const children = this.childrenOf(root);
        return [root, ...children.flatMap((child) => this.treeOf(child))];
    }
}

export interface MockOptions {
    /** The stack's aws:region; `null` leaves it unset. Default eu-central-1. */
    region?: string | null;
    /** Model a first preview: outputs not given as inputs stay unknown. */
    preview?: boolean;
}

export async function setUpComponentMocks(options: MockOptions = {}): Promise<ComponentRecorder> {
    const region = options.region === undefined ? "eu-central-1" : options.region;
    if (region !== null) pulumi.runtime.setConfig("aws:region", region);
    const preview = options.preview === true;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (preview) return { id: undefined as unknown as string, state: args.inputs };
                return plausibleOutputs(args.type, args.name, args.inputs, region ?? "eu-central-1");
            },
            call: (args) => {
                const invokeRegion = region ?? "eu-central-1";
                const context = { region: invokeRegion, account: PLAUSIBLE_ACCOUNT, partition: partitionOfRegion(invokeRegion) };
                const answer = answerInvoke(args.token, args.inputs, context);
                return answer.kind === "unanswered" ? {} : answer.result;
            },
        },
        "components",
        "test",
        preview,
    );

    const recorder = new ComponentRecorder();
    const monitor = settings.getMonitor() as unknown as Monitor;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        registerResource(request, (error, response) => {
            if (!error && response) {
                recorder.registrations.push({
                    type: request.getType(),
                    name: request.getName(),
                    urn: response.getUrn(),
                    parent: request.getParent() || undefined,
                    custom: request.getCustom(),
                    inputs: request.getObject()?.toJavaScript() ?? {},
                    outputs: response.getObject()?.toJavaScript() ?? {},
                    dependencies: request.getDependenciesList(),
                    propertyDependencies,
                });
            }
            callback(error, response);
        });
    };
    return recorder;
}

/** The value of an output, once known (outside preview). */
export function valueOf<T>(output: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise((resolve) => pulumi.output(output as pulumi.Input<T>).apply((value) => resolve(value as T)));
}

/** A policy input as a document: JSON strings parsed, objects as they are. */
export function documentOf(value: unknown): { Statement: Record<string, unknown>[] } {
    const parsed = typeof value === "string" ? JSON.parse(value) : value;
    return parsed as { Statement: Record<string, unknown>[] };
}

export function statementOf(value: unknown, sid: string): Record<string, unknown> {
    const found = documentOf(value).Statement.find((statement) => statement["Sid"] === sid);
    if (!found) throw new Error(`no statement ${sid} in ${JSON.stringify(value)}`);
    return found;
}

/**
 * The recorded resources as the engine would show them to a policy pack: with the default AWS
 * provider configured from the stack's aws:region, as `ccguard preview` presents a program
 * (the same assembly, cli/engine/stack-snapshot.ts).
 */
export function stackSnapshotOf(registrations: readonly Registration[], region = "eu-central-1"): StackSnapshot {
    const project: PulumiProject = {
        dir: REPO_ROOT,
        name: "components",
        stack: "test",
        programDir: REPO_ROOT,
        entryPoint: ".",
        runtime: { typescript: true, nodeargs: [] },
        config: { "aws:region": region },
        secretKeys: [],
    };
    const options = { protect: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false };
    return snapshotOf(project, registrations.map((registration) => ({ ...registration, options })));
}
