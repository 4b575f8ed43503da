/**
 * `ccguard report` input: a findings report saved with `--format json`, or the engine events of a
 * real Pulumi run. Anything else is refused with one line.
 */
import { UsageError } from "../errors";
import type { FindingsReport } from "../findings";
import { isEngineEventLog, reportFromEngineEvents } from "./engine-events";

export function readSavedReport(text: string, source: string, toolVersion: string): FindingsReport {
    if (text.trim() === "") throw new UsageError(`${source} is empty`);
    if (isEngineEventLog(text)) return reportFromEngineEvents(text, source, toolVersion);
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new UsageError(`${source} is neither a findings report nor an engine event log: ${(error as Error).message.split("\n")[0]}`);
    }
    const report = document as Partial<FindingsReport>;
    if (report?.tool?.name !== "ccguard" || !Array.isArray(report.findings) || typeof report.summary !== "object") {
        throw new UsageError(`${source} is not a ccguard findings report (expected the output of --format json)`);
    }
    return { waivers: [], ...report } as FindingsReport;
}
