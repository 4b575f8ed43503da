/**
 * One evaluation of a stack, in the order the engine makes its calls: Configure once, Analyze for
 * every custom resource (providers and components excluded, as the engine only analyzes resources it
 * is about to create or update), then AnalyzeStack once with everything.
 */
import { reconcilePolicyConfig } from "./policy-config";
import type { Analyzer, Diagnostic, PackInfo, PlainResource, StackSnapshot } from "./types";

export interface Evaluation {
    pack: PackInfo;
    diagnostics: Diagnostic[];
}

export interface EvaluateOptions {
    /** The contents of a policy config file (already parsed). */
    policyConfig?: unknown;
    /** Analyze calls in flight at once; the engine issues them as resources are registered. */
    concurrency?: number;
}

export function isProvider(resource: Pick<PlainResource, "type">): boolean {
    return resource.type.startsWith("pulumi:providers:");
}

export async function evaluate(analyzer: Analyzer, snapshot: StackSnapshot, options: EvaluateOptions = {}): Promise<Evaluation> {
    const pack = await analyzer.info();
    await analyzer.configure(reconcilePolicyConfig(pack, options.policyConfig ?? {}));

    const providers = new Map<string, PlainResource>();
    for (const resource of snapshot.resources) if (isProvider(resource)) providers.set(resource.urn, resource);

    const analyzed = snapshot.resources.filter((resource) => resource.custom && !isProvider(resource));
    const perResource: Diagnostic[][] = new Array(analyzed.length);
    let next = 0;
    const worker = async () => {
        while (next < analyzed.length) {
            const index = next++;
            const resource = analyzed[index];
            perResource[index] = await analyzer.analyze(resource, resource.provider ? providers.get(resource.provider) : undefined);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
    const stackDiagnostics = await analyzer.analyzeStack(snapshot.resources, providers);
    return { pack, diagnostics: [...perResource.flat(), ...stackDiagnostics] };
}
