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
        return buildReport({
            toolVersion: PACKAGE_VERSION,
            pack,
            mode,
            snapshot,
            diagnostics,
            policyConfig: options.policyPackConfig !== undefined ? policyConfig : undefined,
        });
    } finally {
        await analyzer.close();
    }
}
