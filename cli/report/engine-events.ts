/**
 * The policy verdicts of a real `pulumi preview` / `pulumi up`, read from the engine's JSON event
 * stream (`pulumi preview --event-log FILE`, one event per line, or the Automation API's events as
 * a JSON array). `policyEvent` entries carry what the analyzer reported; `resourcePreEvent` entries
 * tell which resources were evaluated. The result is a findings report like ccguard's own, so every
 * renderer works on it, with the regulations joined from our catalogue for our pack's policies.
 *
 * The event shapes are the engine's (pulumi/pulumi sdk/go/common/apitype/events.go, `EngineEvent`):
 * a sequence number, a timestamp and exactly one of the event fields below. Events are checked
 * against that shape before anything is read from them, so a malformed log is refused with one
 * line instead of turning into a pass.
 */
import Ajv, { type ValidateFunction } from "ajv";
import type { Diagnostic, PackInfo, PlainResource, StackSnapshot } from "../analyzer/types";
import { UsageError } from "../errors";
import { refuseDeepJson } from "../read-input";
import { buildReport, parseUrn, type FindingsReport, type ReportWarning } from "../findings";
import { catalogue } from "../../policies/catalogue";
import { isRecord } from "../../policies/lib/describe";
import { PACK_NAME } from "../../policies/pack-identity";
import { firstProblem } from "./schema-problem";

/** The event fields of the engine's `EngineEvent` union (apitype/events.go). */
export const ENGINE_EVENT_KINDS = [
    "cancelEvent",
    "stdoutEvent",
    "diagnosticEvent",
    "preludeEvent",
    "summaryEvent",
    "resourcePreEvent",
    "resOutputsEvent",
    "resOpFailedEvent",
    "policyEvent",
    "policyRemediationEvent",
    "policyLoadEvent",
    "policyAnalyzeSummaryEvent",
    "policyRemediateSummaryEvent",
    "policyAnalyzeStackSummaryEvent",
    "startDebuggingEvent",
    "progressEvent",
    "errorEvent",
] as const;

/**
 * The engine writes `warning` for advisory policies and `none` for a policy without a level; ccguard
 * and the SDK say `advisory`. A level outside these is not an engine event, and is refused rather
 * than read as advisory: a misread mandatory verdict would pass a blocked preview.
 */
const LEVELS: Record<string, Diagnostic["enforcementLevel"]> = {
    mandatory: "mandatory",
    remediate: "mandatory",
    warning: "advisory",
    advisory: "advisory",
    none: "advisory",
};

interface PolicyEvent {
    resourceUrn?: string;
    message: string;
    policyName: string;
    policyPackName?: string;
    policyPackVersion?: string;
    enforcementLevel: string;
    severity?: string;
}

interface StepMetadata {
    urn: string;
    type: string;
    new?: { custom?: boolean } | null;
}

export interface EngineEvent {
    sequence?: number;
    timestamp?: number;
    policyEvent?: PolicyEvent;
    resourcePreEvent?: { metadata: StepMetadata };
    /** `policyPacks`: the packs that ran, name to version (sdk/go/common/apitype/events.go, SummaryEvent). */
    summaryEvent?: { policyPacks?: unknown };
    cancelEvent?: object;
    diagnosticEvent?: { severity?: unknown; message?: unknown };
}

const stepMetadata = {
    type: "object",
    required: ["urn", "type"],
    properties: {
        urn: { type: "string" },
        type: { type: "string" },
        new: { type: ["object", "null"], properties: { custom: { type: "boolean" } } },
    },
};

// What this module reads, checked; the rest of an event is the engine's business and passes as is.
// That it is an event at all (isEngineEvent) is checked first, with a message of its own.
const eventSchema = {
    type: "object",
    properties: {
        sequence: { type: "integer" },
        timestamp: { type: "integer" },
        ...Object.fromEntries(ENGINE_EVENT_KINDS.map((kind) => [kind, { type: "object" }])),
        policyEvent: {
            type: "object",
            required: ["policyName", "message", "enforcementLevel"],
            properties: {
                resourceUrn: { type: "string" },
                message: { type: "string" },
                policyName: { type: "string", minLength: 1 },
                policyPackName: { type: "string" },
                policyPackVersion: { type: "string" },
                enforcementLevel: { enum: Object.keys(LEVELS) },
                severity: { enum: ["", "low", "medium", "high", "critical"] },
            },
        },
        resourcePreEvent: { type: "object", required: ["metadata"], properties: { metadata: stepMetadata } },
    },
};

let validateEvent: ValidateFunction | undefined;

/** An engine event, by structure: an object with a sequence number, a timestamp or an event field. */
export function isEngineEvent(value: unknown): boolean {
    return isRecord(value) && (ENGINE_EVENT_KINDS.some((kind) => kind in value) || "sequence" in value || "timestamp" in value);
}

/**
 * Engine events, checked one by one before anything is read from them. `form` says how to point at
 * a bad event: by its line in a JSON lines file, by a JSON pointer in an array.
 */
export function checkEngineEvents(events: readonly unknown[], source: string, form: "lines" | "array", lineOf: (index: number) => number = (index) => index + 1): EngineEvent[] {
    if (events.length === 0) throw new UsageError(`${source} holds no engine events`);
    validateEvent ??= new Ajv({ allErrors: false, strict: false }).compile(eventSchema);
    events.forEach((event, index) => {
        const where = form === "lines" ? `line ${lineOf(index)}` : `/${index}`;
        if (!isEngineEvent(event)) {
            throw new UsageError(`${source} is not a valid engine event log: ${where} is not an engine event (an object with sequence, timestamp and an event such as policyEvent or resourcePreEvent)`);
        }
        if (!validateEvent!(event)) {
            const problem = form === "lines" ? `${where}: ${firstProblem(validateEvent!.errors)}` : firstProblem(validateEvent!.errors, where);
            throw new UsageError(`${source} is not a valid engine event log: ${problem}`);
        }
    });
    return events as EngineEvent[];
}

/**
 * One engine event per line (`pulumi preview --event-log`), blank lines ignored, each checked. The
 * engine ends every line it writes with a newline: a last line without one that is not JSON is the
 * event the engine was writing when the run was killed. It is left out, and the log, which then has
 * no summary, is reported as cut short.
 */
export function engineEventLines(text: string, source: string): EngineEvent[] {
    const events: unknown[] = [];
    const lines: number[] = [];
    const all = text.split(/\r?\n/);
    all.forEach((line, index) => {
        if (line.trim() === "") return;
        try {
            events.push(JSON.parse(line));
        } catch (error) {
            const cutMidLine = index === all.length - 1 && index > 0;
            if (cutMidLine) return;
            throw new UsageError(`${source} is not a valid engine event log: line ${index + 1} is not JSON (${(error as Error).message.split("\n")[0]})`);
        }
        lines.push(index + 1);
    });
    return checkEngineEvents(events, source, "lines", (index) => lines[index]);
}

/** An engine event log as text: a JSON array of events, or JSON lines. */
export function engineEventsIn(text: string, source: string): EngineEvent[] {
    refuseDeepJson(text, source);
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch {
        return engineEventLines(text, source);
    }
    // A JSON lines log of a single event is also one JSON document.
    return Array.isArray(document) ? checkEngineEvents(document, source, "array") : checkEngineEvents([document], source, "lines");
}

export function reportFromEngineEvents(text: string, source: string, toolVersion: string): FindingsReport {
    return reportOfEngineEvents(engineEventsIn(text, source), toolVersion, source);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m|<\{%[^%]*%\}>/g;

/** The findings report of checked engine events. */
export function reportOfEngineEvents(events: readonly EngineEvent[], toolVersion: string, source = "the event log"): FindingsReport {
    const diagnostics: Diagnostic[] = [];
    const resources = new Map<string, PlainResource>();
    let pack = { name: "", version: "" };
    for (const event of events) {
        const metadata = event.resourcePreEvent?.metadata;
        if (metadata && metadata.urn !== "" && !resources.has(metadata.urn)) {
            const { name } = parseUrn(metadata.urn);
            resources.set(metadata.urn, { urn: metadata.urn, type: metadata.type, name, custom: metadata.new?.custom ?? true, props: {} });
        }
        const policy = event.policyEvent;
        if (!policy) continue;
        // Ours, when it spoke at all; else the first pack that did.
        if (policy.policyPackName && (!pack.name || (policy.policyPackName === PACK_NAME && pack.name !== PACK_NAME))) {
            pack = { name: policy.policyPackName, version: policy.policyPackVersion ?? "" };
        }
        const control = catalogue.find((c) => c.name === policy.policyName);
        const message = policy.message.replace(ANSI, "").trim();
        // The SDK prefixes each violation with the policy's description as the pack that ran had it, which
        // may be another version than this catalogue; our descriptions are one line, so it ends at the first newline.
        const newline = message.indexOf("\n");
        const description = policy.policyPackName === PACK_NAME && control ? (newline >= 0 ? message.slice(0, newline) : control.description) : "";
        diagnostics.push({
            policyName: policy.policyName,
            policyPackName: policy.policyPackName ?? "",
            policyPackVersion: policy.policyPackVersion ?? "",
            description,
            message,
            enforcementLevel: LEVELS[policy.enforcementLevel],
            severity: (policy.severity ?? "") as Diagnostic["severity"],
            urn: policy.resourceUrn ?? "",
        });
    }
    const ran = packsThatRan(events);
    if (ran !== undefined && ran.size === 0) {
        throw new UsageError(`${source}: the run used no policy pack (its summaryEvent names none), so nothing was checked; run pulumi preview --policy-pack <pack directory> and report that log`);
    }
    if (ran?.has(PACK_NAME) && pack.name !== PACK_NAME) pack = { name: PACK_NAME, version: ran.get(PACK_NAME) ?? "" };
    if (!pack.name) pack = ran && ran.size > 0 ? { name: [...ran.keys()][0], version: [...ran.values()][0] } : { name: PACK_NAME, version: "" };
    const urns = [...resources.keys(), ...diagnostics.map((d) => d.urn)].filter(Boolean);
    const stack = urns.length > 0 ? urns[0].split("::")[0].replace(/^urn:pulumi:/, "") : "";
    const project = urns.length > 0 ? urns[0].split("::")[1] ?? "" : "";
    const snapshot: StackSnapshot = { project, stack, resources: [...resources.values()] };
    const packInfo: PackInfo = {
        name: pack.name,
        version: pack.version,
        supportsConfig: true,
        // The events only name policies that reported; for our pack, the catalogue names them all.
        policies:
            pack.name === PACK_NAME
                ? catalogue.map((c) => ({ name: c.name, displayName: c.title, description: c.description, enforcementLevel: c.enforcementLevel, severity: c.severity, policyType: c.kind, tags: [], remediationSteps: "", url: "" }))
                : [...new Set(diagnostics.map((d) => d.policyName))].map((name) => ({ name, displayName: name, description: "", enforcementLevel: "advisory" as const, severity: "" as const, policyType: "unknown" as const, tags: [], remediationSteps: "", url: "" })),
    };
    const report = buildReport({ toolVersion, pack: packInfo, mode: "events", snapshot, diagnostics });
    const warnings = runWarnings(events, report.summary.mandatory > 0);
    return warnings.length > 0 ? { ...report, warnings: [...(report.warnings ?? []), ...warnings] } : report;
}

/** The packs the summary says ran, name to version; undefined when the log has no summary that says. */
function packsThatRan(events: readonly EngineEvent[]): Map<string, string> | undefined {
    const packs = events.find((event) => event.summaryEvent !== undefined)?.summaryEvent?.policyPacks;
    if (packs === null || typeof packs !== "object" || Array.isArray(packs)) return undefined;
    return new Map(Object.entries(packs as Record<string, unknown>).map(([name, version]) => [name, typeof version === "string" ? version : ""]));
}

/**
 * What keeps a run's events from being the whole verdict, so the report never reads as a clean pass:
 * a run cut short, cancelled, or ended by an error, after which the engine analyzed nothing more.
 */
function runWarnings(events: readonly EngineEvent[], blocked: boolean): ReportWarning[] {
    const warnings: ReportWarning[] = [];
    // The engine ends every run it finishes with a summary (or a cancellation); a log without one was cut short.
    if (!events.some((event) => event.summaryEvent !== undefined || event.cancelEvent !== undefined)) {
        warnings.push({ kind: "incomplete-event-log", message: "the engine event log has no summaryEvent: the run did not finish or the log was cut short, so policy events may be missing" });
    }
    if (events.some((event) => event.cancelEvent !== undefined)) {
        warnings.push({ kind: "cancelled-run", message: "the run was cancelled: resources it had not reached were never analyzed" });
    }
    // A blocked run may end in an error of the engine's own about the violations: that verdict stands.
    const errors = events.filter((event) => event.diagnosticEvent?.severity === "error");
    if (errors.length > 0 && !blocked) {
        const first = String(errors[0].diagnosticEvent?.message ?? "").replace(ANSI, "").trim().split("\n")[0] ?? "";
        warnings.push({
            kind: "failed-run",
            message: `the run reported ${errors.length === 1 ? "an error" : `${errors.length} errors`} (${first || "no message"}): resources after the failure were never analyzed`,
        });
    }
    return warnings;
}
