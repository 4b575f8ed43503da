/**
 * `ccguard report` input: a findings report saved with `--format json`, or the engine events of a
 * real Pulumi run. Which one it is follows from its structure once parsed, never from a pattern in
 * the text: a findings report is an object naming ccguard as its tool, valid against the published
 * schema; an event log is a JSON array of engine events or one engine event per line. Anything else
 * is refused with one line. Counts are recomputed from the findings: a summary is never trusted.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { UsageError } from "../errors";
import { summaryOf, type FindingsReport } from "../findings";
import { PACKAGE_ROOT } from "../package-root";
import { refuseDeepJson } from "../read-input";
import { isRecord } from "../../policies/lib/describe";
import { checkEngineEvents, engineEventLines, isEngineEvent, reportOfEngineEvents, type EngineEvent } from "./engine-events";
import { firstProblem } from "./schema-problem";

let validateFindings: ValidateFunction | undefined;

/** The published findings schema (cli/findings.schema.json, shipped in the package), compiled once. */
function findingsValidator(): ValidateFunction {
    validateFindings ??= new Ajv({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "cli", "findings.schema.json"), "utf8")));
    return validateFindings;
}

function findingsReportOf(document: Record<string, unknown>, source: string): FindingsReport {
    const validate = findingsValidator();
    if (!validate(document)) throw new UsageError(`${source} is not a valid ccguard findings report: ${firstProblem(validate.errors)}`);
    const report = document as unknown as FindingsReport;
    return { ...report, summary: summaryOf(report) };
}

function neither(source: string, reason?: string): UsageError {
    const expected = "neither a ccguard findings report (--format json) nor an engine event log";
    return new UsageError(`${source} is ${expected}${reason === undefined ? "" : `: ${reason}`}`);
}

function firstLine(error: unknown): string {
    return (error as Error).message.split("\n")[0];
}

/** The first non-blank line, parsed, when it is JSON. */
function firstLineValue(text: string): unknown {
    const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== "") ?? "";
    try {
        return JSON.parse(line);
    } catch {
        return undefined;
    }
}

export function readSavedReport(text: string, source: string, toolVersion: string): FindingsReport {
    if (text.trim() === "") throw new UsageError(`${source} is empty`);
    refuseDeepJson(text, source);
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        // Not one JSON document: JSON lines, when the first line is an engine event. For anything
        // else, why the whole text is not JSON is the better message.
        if (!isEngineEvent(firstLineValue(text))) throw neither(source, firstLine(error));
        return reportOfEngineEvents(engineEventLines(text, source), toolVersion, source);
    }
    let events: EngineEvent[];
    if (Array.isArray(document)) {
        events = checkEngineEvents(document, source, "array");
    } else if (isRecord(document) && ("tool" in document || "findings" in document)) {
        return findingsReportOf(document, source);
    } else if (isEngineEvent(document)) {
        // A JSON lines log of a single event is also one JSON document.
        events = checkEngineEvents([document], source, "lines");
    } else {
        throw neither(source, isRecord(document) ? "an object without tool or findings" : `a JSON ${document === null ? "null" : typeof document}`);
    }
    return reportOfEngineEvents(events, toolVersion, source);
}
