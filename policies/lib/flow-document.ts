/**
 * The actions of an Amazon Connect flow or flow module, read from its `content` (the flow language
 * JSON; the same input in both providers). Classic flows may instead name a local `filename`, which
 * a policy cannot open.
 */
import { describeValue, isRecord } from "./describe";
import { NATIVE } from "./resource-types";
import { isUnknown } from "./unknown";

export const CONNECT_CONTACT_FLOW = "aws:connect/contactFlow:ContactFlow";
export const CONNECT_CONTACT_FLOW_MODULE = "aws:connect/contactFlowModule:ContactFlowModule";

/** Flows and flow modules of either provider. */
export const ANY_CONTACT_FLOW = [CONNECT_CONTACT_FLOW, CONNECT_CONTACT_FLOW_MODULE, NATIVE.CONNECT_CONTACT_FLOW, NATIVE.CONNECT_CONTACT_FLOW_MODULE] as const;

export type FlowDocument =
    | { kind: "actions"; actions: unknown[] }
    | { kind: "unknown" }
    | { kind: "absent" }
    | { kind: "file" }
    | { kind: "unreadable"; reason: string };

export function flowDocumentOf(props: Record<string, unknown>): FlowDocument {
    const content = props["content"];
    if (isUnknown(content)) return { kind: "unknown" };
    if (content === undefined || content === null) {
        const filename = props["filename"];
        return filename === undefined || filename === null ? { kind: "absent" } : { kind: "file" };
    }
    let document: unknown = content;
    if (typeof content === "string") {
        try {
            document = JSON.parse(content);
        } catch {
            // The parser's message quotes the content, which may hold anything: it stays out of reports.
            return { kind: "unreadable", reason: "`content` is not valid JSON" };
        }
    }
    if (!isRecord(document)) return { kind: "unreadable", reason: `\`content\` is ${describeValue(document)}, not a flow document` };
    const actions = document["Actions"];
    if (actions === undefined) return { kind: "unreadable", reason: "`content` has no `Actions` list" };
    if (!Array.isArray(actions)) return { kind: "unreadable", reason: `\`content\` has ${describeValue(actions)} as its \`Actions\` list` };
    return { kind: "actions", actions };
}

/** Whether the flow is a module (for messages). */
export function isFlowModule(type: string): boolean {
    return type === CONNECT_CONTACT_FLOW_MODULE || type === NATIVE.CONNECT_CONTACT_FLOW_MODULE;
}
