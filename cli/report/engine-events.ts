/**
 * The policy verdicts of a real `pulumi preview` / `pulumi up`, read from the engine's JSON event
 * stream (`pulumi preview --event-log FILE`, one event per line, or the Automation API's events as
 * a JSON array). `policyEvent` entries carry what the analyzer reported; `resourcePreEvent` entries
 * tell which resources were evaluated. The result is a findings report like ccguard's own, so every
 * renderer works on it, with the regulations joined from our catalogue for our pack's policies.
 */
import type { Diagnostic, PackInfo, PlainResource, StackSnapshot } from "../analyzer/types";
import { UsageError } from "../errors";
import { buildReport, parseUrn, type FindingsReport } from "../findings";
import { catalogue } from "../../policies/catalogue";
import { PACK_NAME } from "../../policies/pack";

interface PolicyEvent {
    resourceUrn?: string;
    message?: string;
    policyName?: string;
    policyPackName?: string;
    policyPackVersion?: string;
    enforcementLevel?: string;
    severity?: string;
}

interface EngineEvent {
    policyEvent?: PolicyEvent;
    resourcePreEvent?: { metadata?: { urn?: string; type?: string; new?: { custom?: boolean } } };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m|<\{%[^%]*%\}>/g;

function parseEvents(text: string, source: string): EngineEvent[] {
    const trimmed = text.trim();
    if (trimmed === "") throw new UsageError(`${source} is empty`);
    if (trimmed.startsWith("[")) {
        try {
            const events = JSON.parse(trimmed) as unknown;
            if (Array.isArray(events)) return events as EngineEvent[];
        } catch (error) {
            throw new UsageError(`${source} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
        }
    }
    return trimmed.split(/\r?\n/).map((line, index) => {
        try {
            return JSON.parse(line) as EngineEvent;
        } catch {
            throw new UsageError(`${source} line ${index + 1} is not a JSON engine event`);
        }
    });
}

export function isEngineEventLog(text: string): boolean {
    const first = text.trimStart();
    if (first.startsWith("[")) return /"(policyEvent|preludeEvent|resourcePreEvent|summaryEvent)"/.test(first.slice(0, 100_000));
    const line = first.split(/\r?\n/, 1)[0];
    return /"sequence"|"timestamp"|"(policy|prelude|resourcePre|summary|diagnostic|stdout)Event"/.test(line);
}

function levelOf(value: string | undefined): Diagnostic["enforcementLevel"] {
    // The engine writes "warning" for advisory policies in its events.
    return value === "mandatory" || value === "remediate" ? "mandatory" : "advisory";
}

export function reportFromEngineEvents(text: string, source: string, toolVersion: string): FindingsReport {
    const events = parseEvents(text, source);
    const diagnostics: Diagnostic[] = [];
    const resources = new Map<string, PlainResource>();
    let pack = { name: "", version: "" };
    for (const event of events) {
        const metadata = event.resourcePreEvent?.metadata;
        if (metadata?.urn && metadata.type && !resources.has(metadata.urn)) {
            const { name } = parseUrn(metadata.urn);
            resources.set(metadata.urn, { urn: metadata.urn, type: metadata.type, name, custom: metadata.new?.custom ?? true, props: {} });
        }
        const policy = event.policyEvent;
        if (!policy?.policyName) continue;
        if (policy.policyPackName && !pack.name) pack = { name: policy.policyPackName, version: policy.policyPackVersion ?? "" };
        const control = catalogue.find((c) => c.name === policy.policyName);
        diagnostics.push({
            policyName: policy.policyName,
            policyPackName: policy.policyPackName ?? "",
            policyPackVersion: policy.policyPackVersion ?? "",
            description: policy.policyPackName === PACK_NAME && control ? control.description : "",
            message: (policy.message ?? "").replace(ANSI, "").trim(),
            enforcementLevel: levelOf(policy.enforcementLevel),
            severity: (policy.severity ?? "") as Diagnostic["severity"],
            urn: policy.resourceUrn ?? "",
        });
    }
    if (!pack.name) pack = { name: PACK_NAME, version: "" };
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
    return buildReport({ toolVersion, pack: packInfo, mode: "events", snapshot, diagnostics });
}
