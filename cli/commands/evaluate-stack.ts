/**
 * What `preview` and `audit` share: launch the pack (ours or another), evaluate a stack over the
 * analyzer protocol, and turn the diagnostics into the findings contract.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { evaluate } from "../analyzer/evaluate";
import { GrpcAnalyzer } from "../analyzer/grpc-analyzer";
import type { StackSnapshot } from "../analyzer/types";
import { UsageError } from "../errors";
import { buildReport, type FindingsReport, type Mode } from "../findings";
import { PACKAGE_ROOT, PACKAGE_VERSION } from "../package-root";
import type { Progress } from "../progress";
import { recordingReaders, type ReaderRow } from "../../policies/access/recording-readers-matrix";
import { accessRecordingReaders } from "../../policies/access/recording-readers";
import { isComponent, StackGraph, type GraphResource } from "../../policies/lib/stack-graph";
import { PACK_NAME } from "../../policies/pack";
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
            props: r.outputs ?? r.props,
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
}

export function readPolicyConfig(file: string | undefined): unknown {
    if (file === undefined) return {};
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(`cannot read policy config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new UsageError(`policy config ${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
    }
}

export async function evaluateStack(snapshot: StackSnapshot, mode: Mode, options: PackOptions, progress: Progress): Promise<FindingsReport> {
    const policyConfig = readPolicyConfig(options.policyPackConfig);
    const packDir = path.resolve(options.policyPack ?? PACKAGE_ROOT);
    progress.step(`launching policy pack in ${packDir}`);
    const analyzer = await GrpcAnalyzer.launch(packDir);
    try {
        progress.step(`evaluating ${snapshot.resources.length} resources`);
        const { pack, diagnostics } = await evaluate(analyzer, snapshot, { policyConfig });
        const report = buildReport({
            toolVersion: PACKAGE_VERSION,
            pack,
            mode,
            snapshot,
            diagnostics,
            policyConfig: options.policyPackConfig !== undefined ? policyConfig : undefined,
        });
        const readers = pack.name === PACK_NAME ? readersOf(snapshot, policyConfig) : [];
        return readers.length > 0 ? { ...report, readers } : report;
    } finally {
        await analyzer.close();
    }
}
