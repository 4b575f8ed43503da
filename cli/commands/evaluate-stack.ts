/**
 * What `preview` and `audit` share: launch the pack (ours or another), evaluate a stack over the
 * analyzer protocol, and turn the diagnostics into the findings contract.
 */
import * as path from "node:path";
import { evaluate, StackEvaluation, type Evaluation } from "../analyzer/evaluate";
import { GrpcAnalyzer } from "../analyzer/grpc-analyzer";
import type { StackSnapshot } from "../analyzer/types";
import { revealed } from "../engine/property-values";
import { buildReport, type EvaluatedContext, type FindingsReport, type Mode } from "../findings";
import { PACKAGE_ROOT, PACKAGE_VERSION } from "../package-root";
import type { Progress } from "../progress";
import { trace } from "../trace";
import { readPolicyConfigInput, type PolicyConfigInput } from "../policy-config-input";
import type { AnalyzedRegistration } from "../engine/stack-snapshot";
import { recordingReaders, type ReaderRow } from "../../policies/access/recording-readers-matrix";
import { accessRecordingReaders } from "../../policies/access/recording-readers";
import { isComponent, StackGraph, type GraphResource } from "../../policies/lib/stack-graph";
import { PACK_NAME } from "../../policies/pack-identity";
import { configOf } from "../../policies/policy-adapter";

/**
 * The recording-readers matrix for auditors, worked out by the same code the pack's control runs,
 * on the stack as AnalyzeStack saw it. A matrix the pack cannot send over the protocol, so ccguard
 * computes it beside the evaluation.
 */
function readersOf(snapshot: StackSnapshot, policyConfig: unknown): ReaderRow[] {
    const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
    const resources: GraphResource[] = snapshot.resources.filter((r) => !isComponent({ type: r.type, provider: r.provider })).map((r) => {
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            // Revealed, as the pack's SDK reveals them: a grant inside a secret policy still grants, and
            // the report masks whatever the matrix would quote from it.
            props: revealed(r.outputs ?? r.props) as Record<string, unknown>,
            provider: provider && { type: provider.type, name: provider.name, urn: provider.urn, props: provider.props },
            parent: r.parent,
            dependencies: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
        };
    });
    const configured = (policyConfig as Record<string, unknown> | null)?.[accessRecordingReaders.name];
    const config = configOf(accessRecordingReaders, typeof configured === "object" ? configured : {});
    try {
        return recordingReaders(new StackGraph(resources), config as Parameters<typeof recordingReaders>[1]);
    } catch {
        return [];
    }
}

export interface PackOptions {
    policyPack?: string;
    policyPackConfig?: string;
    settings?: string;
}

/** A pack being launched: started early, it comes up while the program runs. */
export interface LaunchedPack {
    readonly analyzer: Promise<GrpcAnalyzer>;
    /** Closes the pack once it is up, for a run that ends before the pack is used. */
    discard(): Promise<void>;
}

export function launchPack(options: PackOptions, progress: Progress): LaunchedPack {
    const packDir = path.resolve(options.policyPack ?? PACKAGE_ROOT);
    progress.step(`launching policy pack in ${packDir}`);
    const analyzer = GrpcAnalyzer.launch(packDir);
    analyzer.then(() => trace("ccguard", "pack serving"), () => undefined);
    // Handled here too, so a pack that fails to start while the program still runs is not an unhandled
    // rejection; whoever awaits `analyzer` still gets the error.
    analyzer.catch(() => undefined);
    return {
        analyzer,
        discard: async () => {
            try {
                await (await analyzer).close();
            } catch {
                // It never came up: nothing to close.
            }
        },
    };
}

/**
 * A preview's evaluation, begun while the program runs: each resource is analyzed as it is
 * registered, as the engine calls Analyze, and the stack once the program has ended.
 */
export interface BegunEvaluation {
    analyze(registered: AnalyzedRegistration): void;
    finish(snapshot: StackSnapshot): Promise<Evaluation>;
}

export function beginEvaluation(launched: LaunchedPack, configInput: PolicyConfigInput): BegunEvaluation {
    const begun = launched.analyzer.then((analyzer) => StackEvaluation.begin(analyzer, { policyConfig: configInput.config }));
    // Whoever finishes the evaluation gets the error; until then it is not an unhandled rejection.
    begun.catch(() => undefined);
    // Resources registered before the pack is configured wait here, in the order they came.
    let ready: StackEvaluation | undefined;
    const early: AnalyzedRegistration[] = [];
    begun.then((evaluation) => {
        trace("ccguard", `pack configured (${early.length} registrations waiting)`);
        ready = evaluation;
        for (const { resource, provider } of early.splice(0)) evaluation.analyze(resource, provider);
    }, () => undefined);
    return {
        analyze: (registered) => (ready ? ready.analyze(registered.resource, registered.provider) : early.push(registered)),
        finish: async (snapshot) => (await begun).finish(snapshot),
    };
}

export async function evaluateStack(
    snapshot: StackSnapshot,
    mode: Mode,
    options: PackOptions & { outputs?: "unknown" | "resolved"; configInput?: PolicyConfigInput; launchedPack?: LaunchedPack; begun?: BegunEvaluation },
    progress: Progress,
): Promise<FindingsReport> {
    const { config: policyConfig, identity, given } = options.configInput ?? readPolicyConfigInput(options);
    const evaluated: EvaluatedContext = {
        ...(mode === "preview" && options.outputs ? { outputs: options.outputs } : {}),
        ...(identity ? { policyConfig: identity } : {}),
    };
    const launched = options.launchedPack ?? launchPack(options, progress);
    const analyzer = await launched.analyzer;
    trace("ccguard", "evaluation starting");
    try {
        progress.step(`evaluating ${snapshot.resources.length} resources`);
        // Deployed state is what it is: an audit reports what a remediate policy would fix at the next update.
        const { pack, config, diagnostics } = options.begun
            ? await options.begun.finish(snapshot)
            : await evaluate(analyzer, snapshot, { policyConfig, applyRemediations: mode !== "audit" });
        trace("ccguard", "evaluation done");
        return buildReport({
            toolVersion: PACKAGE_VERSION,
            pack,
            mode,
            snapshot,
            diagnostics,
            config,
            evaluated,
            policyConfig: given ? policyConfig : undefined,
            readers: pack.name === PACK_NAME ? readersOf(snapshot, policyConfig) : undefined,
        });
    } finally {
        await analyzer.close();
    }
}
