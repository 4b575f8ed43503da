/**
 * One evaluation of a stack, in the order the engine makes its calls: Configure once, Analyze for
 * every registered resource, then AnalyzeStack once with everything. The engine analyzes every
 * resource registration, components, providers and the stack included, and no resource it only
 * reads (pkg/resource/deploy/step_generator.go, `generateSteps`; reads go through
 * `GenerateReadSteps`, which calls no analyzer); a pack tells components by their missing provider.
 *
 * The engine calls Analyze as each registration arrives, while the program still runs, and
 * AnalyzeStack once the program has ended. `StackEvaluation` does the same: a preview hands it each
 * registration as the offline engine records it, and the stack when the program has ended; `evaluate`
 * hands it a whole stack at once (audit, tests).
 */
import { configuredAsGiven, reconcilePolicyConfig } from "./policy-config";
import type { Analyzer, Diagnostic, PackInfo, PlainResource, PolicyConfig, Remediation, StackSnapshot } from "./types";

export interface Evaluation {
    pack: PackInfo;
    /** The policy config as the pack was configured with it (engine reconciliation applied). */
    config: PolicyConfig;
    diagnostics: Diagnostic[];
    /** Fixes applied by policies at the `remediate` level, per resource URN, in the order applied. */
    remediations: Map<string, Remediation[]>;
}

export interface EvaluateOptions {
    /** The contents of a policy config file (already parsed). */
    policyConfig?: unknown;
    /** Analyze calls in flight at once; the engine issues them as resources are registered. */
    concurrency?: number;
    /**
     * Whether `remediate` policies fix resources before Analyze, as the engine does before it creates
     * or updates them (default). An audit of deployed state turns this off: the state is what it is,
     * and the SDK then reports the violation at the mandatory level.
     */
    applyRemediations?: boolean;
}

export function isProvider(resource: Pick<PlainResource, "type">): boolean {
    return resource.type.startsWith("pulumi:providers:");
}

/** The resource as a remediate policy left it: each fix replaces the inputs, and shows in the outputs. */
function withFixes(resource: PlainResource, fixes: readonly Remediation[]): PlainResource {
    let fixed = resource;
    for (const fix of fixes) {
        if (fix.properties) fixed = { ...fixed, props: fix.properties, outputs: fixed.outputs && { ...fixed.outputs, ...fix.properties } };
    }
    return fixed;
}

/** A configured pack, analyzing resources as they are handed to it, then the stack. */
export class StackEvaluation {
    private readonly remediations = new Map<string, Remediation[]>();
    private readonly perResource: Diagnostic[][] = [];
    private readonly waiting: { index: number; resource: PlainResource; provider: PlainResource | undefined }[] = [];
    private inFlight = 0;
    private failure: { error: unknown } | undefined;
    private drained: (() => void) | undefined;

    private constructor(
        private readonly analyzer: Analyzer,
        private readonly pack: PackInfo,
        private readonly config: PolicyConfig,
        private readonly remediating: boolean,
        private readonly concurrency: number,
    ) {}

    /** Configures the pack as the engine does before its first Analyze. */
    static async begin(analyzer: Analyzer, options: EvaluateOptions = {}): Promise<StackEvaluation> {
        const pack = await analyzer.info();
        const config = reconcilePolicyConfig(pack, options.policyConfig ?? {});
        await analyzer.configure({ ...configuredAsGiven(pack, options.policyConfig ?? {}), ...config });
        const remediating = options.applyRemediations !== false && Object.values(config).some((entry) => entry.enforcementLevel === "remediate");
        return new StackEvaluation(analyzer, pack, config, remediating, Math.max(1, options.concurrency ?? 8));
    }

    /** Analyzes one registered resource, after the ones handed before it; `provider` is its provider resource. */
    analyze(resource: PlainResource, provider: PlainResource | undefined): void {
        this.waiting.push({ index: this.perResource.length, resource, provider });
        this.perResource.push([]);
        this.startWaiting();
    }

    /** Every resource's analysis, then AnalyzeStack with the stack as the program left it (fixes applied). */
    async finish(snapshot: StackSnapshot): Promise<Evaluation> {
        if (this.busy) await new Promise<void>((resolve) => (this.drained = resolve));
        if (this.failure) throw this.failure.error;
        const providers = new Map<string, PlainResource>();
        for (const resource of snapshot.resources) if (isProvider(resource)) providers.set(resource.urn, resource);
        const stack = snapshot.resources.map((resource) => withFixes(resource, this.remediations.get(resource.urn) ?? []));
        const stackDiagnostics = await this.analyzer.analyzeStack(stack, providers);
        return { pack: this.pack, config: this.config, diagnostics: [...this.perResource.flat(), ...stackDiagnostics], remediations: this.remediations };
    }

    /** Analyses in flight, or waiting to start (none start after a failure). */
    private get busy(): boolean {
        return this.inFlight > 0 || (this.waiting.length > 0 && this.failure === undefined);
    }

    private startWaiting(): void {
        while (this.inFlight < this.concurrency && this.waiting.length > 0 && !this.failure) {
            const next = this.waiting.shift()!;
            this.inFlight++;
            this.analyzeOne(next.resource, next.provider).then(
                (diagnostics) => (this.perResource[next.index] = diagnostics),
                (error: unknown) => (this.failure ??= { error }),
            ).finally(() => {
                this.inFlight--;
                this.startWaiting();
                if (!this.busy) this.drained?.();
            });
        }
    }

    private async analyzeOne(resource: PlainResource, provider: PlainResource | undefined): Promise<Diagnostic[]> {
        if (this.remediating) {
            // As the engine does: fixes first, each applied to the inputs, then Analyze on the result.
            const fixes = await this.analyzer.remediate(resource, provider);
            if (fixes.length > 0) this.remediations.set(resource.urn, fixes);
            resource = withFixes(resource, fixes);
        }
        return this.analyzer.analyze(resource, provider);
    }
}

export async function evaluate(analyzer: Analyzer, snapshot: StackSnapshot, options: EvaluateOptions = {}): Promise<Evaluation> {
    const evaluation = await StackEvaluation.begin(analyzer, options);
    const providers = new Map<string, PlainResource>();
    for (const resource of snapshot.resources) if (isProvider(resource)) providers.set(resource.urn, resource);
    for (const resource of snapshot.resources) evaluation.analyze(resource, resource.provider ? providers.get(resource.provider) : undefined);
    return evaluation.finish(snapshot);
}
