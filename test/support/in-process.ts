/** The pack served in process through the SDK's own handlers, for fast tests. */
import { InProcessAnalyzer } from "../../cli/analyzer/in-process";
import { evaluate } from "../../cli/analyzer/evaluate";
import type { Diagnostic, StackSnapshot } from "../../cli/analyzer/types";
import { PACK_NAME, packArgs } from "../../policies/pack";
import { PACKAGE_VERSION as version } from "../../cli/package-root";

export function inProcessPack(): InProcessAnalyzer {
    return new InProcessAnalyzer(PACK_NAME, version, packArgs());
}

export async function diagnosticsFor(snapshot: StackSnapshot, policyConfig?: unknown): Promise<Diagnostic[]> {
    return (await evaluate(inProcessPack(), snapshot, { policyConfig })).diagnostics;
}
