/**
 * Analyze on every resource plus AnalyzeStack once, over the analyzer protocol, for stacks of many
 * contact centres side by side (the hand-written compliant stack replicated under new names): our
 * pack against an empty pack on the same resources (the protocol's floor), and how our time grows
 * with the stack.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { evaluate } from "../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../cli/analyzer/grpc-analyzer";
import type { StackSnapshot } from "../cli/analyzer/types";
import type { ExampleResource } from "../policies/control";
import { exampleStack } from "../test/support/example-stack";
import { compliantStack, policyConfig } from "../test/support/hand-written-stack";
import { createEmptyPack } from "./empty-pack";
import { formatMs } from "./stats";

/** `copies` contact centres; bucket, stream, alias and trail names made unique per copy. */
export function replicatedStack(copies: number): StackSnapshot {
    const template = JSON.stringify(compliantStack());
    const resources: ExampleResource[] = [];
    for (let copy = 0; copy < copies; copy++) {
        const renamed = template.replace(/acme-/g, `acme${copy}-`);
        for (const resource of JSON.parse(renamed) as ExampleResource[]) resources.push({ ...resource, name: `${resource.name}-c${copy}` });
    }
    return exampleStack({ title: `${copies} contact centres`, verdict: "compliant", resources });
}

/** The hand-written stack's guardrails waiver, extended to every copy of the instance. */
const waivedEverywhere = JSON.parse(JSON.stringify(policyConfig).replace('"resource":"contact-centre"', '"resource":"contact-centre*"'));

async function timeEvaluation(packDir: string, snapshot: StackSnapshot) {
    const analyzer = await GrpcAnalyzer.launch(packDir);
    try {
        const started = process.hrtime.bigint();
        const { diagnostics } = await evaluate(analyzer, snapshot, { policyConfig: waivedEverywhere, concurrency: 16 });
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, findings: diagnostics.length };
    } finally {
        await analyzer.close();
    }
}

export async function benchPackScale(repoRoot: string, sizes: number[]): Promise<void> {
    const emptyPack = createEmptyPack(path.join(repoRoot, "node_modules"));
    const perCopy = compliantStack().length;
    try {
        console.log(`\nAnalyze every resource + AnalyzeStack over gRPC (stack of N contact centres, ${perCopy} resources each)`);
        let previous: { resources: number; ms: number } | undefined;
        for (const resources of sizes) {
            const snapshot = replicatedStack(Math.max(1, Math.round(resources / perCopy)));
            const count = snapshot.resources.length;
            const floor = await timeEvaluation(emptyPack, snapshot);
            const ours = await timeEvaluation(repoRoot, snapshot);
            const growth = previous ? `   growth x${(ours.ms / previous.ms).toFixed(2)} for x${(count / previous.resources).toFixed(1)} resources` : "";
            console.log(
                `  ${String(count).padStart(6)} resources: empty pack ${formatMs(floor.ms)}, contact-centre-guard ${formatMs(ours.ms)} ` +
                    `(x${(ours.ms / floor.ms).toFixed(2)} the floor, ${ours.findings} findings)${growth}`,
            );
            previous = { resources: count, ms: ours.ms };
        }
        console.log(`  peak resident memory of this process: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    } finally {
        rmSync(emptyPack, { recursive: true, force: true });
    }
}
