/**
 * One control served alone through the SDK's own analyzer handlers, in process, for tests that feed
 * it many thousands of stacks (the never-throws property test, 100,000 per control in `npm run fuzz`).
 *
 * `evaluate` sends GetAnalyzerInfo and a reconciled Configure before every stack, as the engine does
 * once per preview. Here they are sent once, and each stack then gets only the calls that reach the
 * control: Analyze for each resource the engine analyzes when the control judges resources,
 * AnalyzeStack when it judges stacks. The SDK passes over a policy of the other kind without reading
 * the request, so the calls left out would exercise the protobuf encoding and nothing of the control.
 * Every call still goes through the SDK's handlers: its deserialisation, unknown-checking proxy,
 * `notApplicable` and UnknownValueError handling.
 */
import { isProvider } from "../../cli/analyzer/evaluate";
import { InProcessAnalyzer } from "../../cli/analyzer/in-process";
import { reconcilePolicyConfig } from "../../cli/analyzer/policy-config";
import type { Diagnostic, PlainResource, StackSnapshot } from "../../cli/analyzer/types";
import type { Control } from "../../policies/control";
import { toPolicy } from "../../policies/policy-adapter";

export interface ServedControl {
    /** What the pack answers for the stack: every diagnostic of the calls that reach the control. */
    diagnostics(snapshot: StackSnapshot): Promise<Diagnostic[]>;
}

/** The control configured once, with its schema defaults overridden by `policyConfig` (a policy config file). */
export async function serveControl(control: Control, policyConfig: unknown = {}): Promise<ServedControl> {
    const analyzer = new InProcessAnalyzer("served-control", "0.0.0", { policies: [toPolicy(control)] });
    await analyzer.configure(reconcilePolicyConfig(await analyzer.info(), policyConfig));
    return {
        async diagnostics(snapshot) {
            const providers = new Map<string, PlainResource>();
            for (const resource of snapshot.resources) if (isProvider(resource)) providers.set(resource.urn, resource);
            if (control.kind === "stack") return analyzer.analyzeStack(snapshot.resources, providers);
            const diagnostics: Diagnostic[] = [];
            for (const resource of snapshot.resources) {
                // As `evaluate`: the engine analyzes every registered resource.
                const provider = resource.provider ? providers.get(resource.provider) : undefined;
                diagnostics.push(...(await analyzer.analyze(resource, provider)));
            }
            return diagnostics;
        },
    };
}
