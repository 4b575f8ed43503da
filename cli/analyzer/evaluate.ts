/**
 * One evaluation of a stack, in the order the engine makes its calls: Configure once, Analyze for
 * every registered resource, then AnalyzeStack once with everything. The engine analyzes every
 * resource registration, components, providers and the stack included, and no resource it only
 * reads (pkg/resource/deploy/step_generator.go, `generateSteps`; reads go through
 * `GenerateReadSteps`, which calls no analyzer); a pack tells components by their missing provider.
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

export async function evaluate(analyzer: Analyzer, snapshot: StackSnapshot, options: EvaluateOptions = {}): Promise<Evaluation> {
    const pack = await analyzer.info();
    const config = reconcilePolicyConfig(pack, options.policyConfig ?? {});
    await analyzer.configure({ ...configuredAsGiven(pack, options.policyConfig ?? {}), ...config });
    const remediating = options.applyRemediations !== false && Object.values(config).some((entry) => entry.enforcementLevel === "remediate");
    const remediations = new Map<string, Remediation[]>();

    const providers = new Map<string, PlainResource>();
    for (const resource of snapshot.resources) if (isProvider(resource)) providers.set(resource.urn, resource);

    const analyzed = [...snapshot.resources];
    const perResource: Diagnostic[][] = new Array(analyzed.length);
    let next = 0;
    const worker = async () => {
        while (next < analyzed.length) {
            const index = next++;
            let resource = analyzed[index];
            const provider = resource.provider ? providers.get(resource.provider) : undefined;
            if (remediating) {
                // As the engine does: fixes first, each applied to the inputs, then Analyze on the result.
                const fixes = await analyzer.remediate(resource, provider);
                if (fixes.length > 0) remediations.set(resource.urn, fixes);
                for (const fix of fixes) {
                    if (fix.properties) resource = { ...resource, props: fix.properties, outputs: resource.outputs && { ...resource.outputs, ...fix.properties } };
                }
                analyzed[index] = resource;
            }
            perResource[index] = await analyzer.analyze(resource, provider);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
    const remediated = new Map(analyzed.map((resource) => [resource.urn, resource]));
    const stackResources = snapshot.resources.map((resource) => remediated.get(resource.urn) ?? resource);
    const stackDiagnostics = await analyzer.analyzeStack(stackResources, providers);
    return { pack, config, diagnostics: [...perResource.flat(), ...stackDiagnostics], remediations };
}
