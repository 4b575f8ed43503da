/**
 * Contact Lens analytics (turned on per contact by a flow's recording block) transcribes every call
 * and chat and stores transcripts, analysis files and audio in the recordings bucket. Its redaction is
 * machine-learning based and off unless the flow turns it on; even then Connect keeps the unredacted
 * original next to the redacted copy unless the flow asks for `RedactedOnly`. Card numbers and card
 * verification codes spoken or typed during a contact would then be stored in clear in transcripts:
 * PCI DSS 3.3.1 forbids keeping sensitive authentication data after authorization even encrypted, and
 * GDPR Art. 5(1)(c) and 25(2) ask that only what is needed is kept, by default.
 *
 * The flow language has two shapes for this (Amazon Connect flow language reference, "Contact
 * actions"): `UpdateContactRecordingBehavior` with `Parameters.AnalyticsBehavior` {
 * `AnalyticsRedactionBehavior`, `AnalyticsRedactionResults`, `AnalyticsRedactionEntities` }, and its
 * successor `UpdateContactRecordingAndAnalyticsBehavior` with `VoiceBehavior.VoiceAnalyticsBehavior` /
 * `ChatBehavior.ChatAnalyticsBehavior` holding `ConversationalAnalyticsRedactionConfiguration` {
 * `Enabled`, `RedactionResults`, `RedactionEntities` }. Exports from the flow designer add fields and
 * nest them differently over time, so the settings are searched for inside the analytics object
 * rather than read from one fixed path. With no entity list, Contact Lens redacts all PII it detects.
 */
import { resourceControl, type ExampleResource } from "../control";
import { describeValue, isRecord } from "../lib/describe";
import { ANY_CONTACT_FLOW, CONNECT_CONTACT_FLOW, CONNECT_CONTACT_FLOW_MODULE, flowDocumentOf, isFlowModule } from "../lib/flow-document";
import { NATIVE } from "../lib/resource-types";
import { UNKNOWN } from "../lib/unknown";


interface Config {
    requiredRedactionEntities: string[];
}

const DEFAULT_REQUIRED_ENTITIES = ["CREDIT_DEBIT_NUMBER", "CREDIT_DEBIT_CVV", "CREDIT_DEBIT_EXPIRY"];

/** Flow actions that can turn Contact Lens analytics on: the original block and its successor. */
const RECORDING_ACTIONS: ReadonlySet<string> = new Set(["UpdateContactRecordingBehavior", "UpdateContactRecordingAndAnalyticsBehavior"]);
/** Objects holding analytics settings: per action in the original, per channel in the successor. */
const ANALYTICS_OBJECTS: ReadonlySet<string> = new Set(["AnalyticsBehavior", "VoiceAnalyticsBehavior", "ChatAnalyticsBehavior"]);
/** In-flight chat redaction masks messages as they are sent; it says nothing about what Contact Lens stores. */
const NOT_ANALYTICS_REDACTION: ReadonlySet<string> = new Set(["InFlightChatRedactionConfiguration"]);
/** Deep enough for every documented shape, shallow enough that odd documents cost nothing. */
const MAX_SEARCH_DEPTH = 6;

/** A value inside the flow document, with its path for messages (`Actions[2].Parameters...`). */
interface Located {
    value: unknown;
    path: string;
}

/** Every value under one of `keys`, shallowest first; found values and `skip` keys are not searched further. */
function findKeys(root: Located, keys: ReadonlySet<string>, skip: ReadonlySet<string> = new Set()): Located[] {
    const found: Located[] = [];
    let level: Located[] = [root];
    for (let depth = 0; depth < MAX_SEARCH_DEPTH && level.length > 0; depth++) {
        const next: Located[] = [];
        for (const { value, path } of level) {
            if (!isRecord(value)) continue;
            for (const [key, child] of Object.entries(value)) {
                const located = { value: child, path: `${path}.${key}` };
                if (keys.has(key)) found.push(located);
                else if (!skip.has(key)) next.push(located);
            }
        }
        level = next;
    }
    return found;
}

function firstOf(root: Located, ...keys: string[]): Located | undefined {
    return findKeys(root, new Set(keys), NOT_ANALYTICS_REDACTION)[0];
}

/** The flow language writes switches as "True"/"False" or "Enabled"/"Disabled"; hand-written JSON uses booleans. */
function isOn(value: unknown): boolean {
    return value === true || (typeof value === "string" && ["true", "enabled"].includes(value.trim().toLowerCase()));
}

function isOff(value: unknown): boolean {
    return value === false || (typeof value === "string" && ["false", "disabled"].includes(value.trim().toLowerCase()));
}

/** A flow-language reference such as `$.Attributes.redaction`, resolved per contact at run time. */
function isDynamic(value: unknown): boolean {
    return typeof value === "string" && value.trim().startsWith("$.");
}

interface RedactionSettings {
    /** Where redaction is switched on, and the value that switches it on there. */
    switchPath: string;
    onValue: string;
    enabled?: Located;
    resultsPath: string;
    results?: Located;
    entities?: Located;
}

/**
 * The redaction settings of one analytics object. Paths for settings that are missing follow the
 * shape of the block: the successor keeps them in `ConversationalAnalyticsRedactionConfiguration`.
 */
function redactionSettingsOf(analytics: Located): RedactionSettings {
    const conversational = firstOf(analytics, "ConversationalAnalyticsRedactionConfiguration");
    if (conversational && isRecord(conversational.value)) {
        const block = conversational.value;
        const at = (key: string): Located | undefined =>
            key in block ? { value: block[key], path: `${conversational.path}.${key}` } : undefined;
        return {
            switchPath: `${conversational.path}.Enabled`,
            onValue: "True",
            enabled: at("Enabled"),
            resultsPath: `${conversational.path}.RedactionResults`,
            results: at("RedactionResults"),
            entities: at("RedactionEntities"),
        };
    }
    const found = {
        enabled: firstOf(analytics, "AnalyticsRedactionBehavior"),
        results: firstOf(analytics, "AnalyticsRedactionResults"),
        entities: firstOf(analytics, "AnalyticsRedactionEntities", "RedactionEntities"),
    };
    const successorShape = !analytics.path.endsWith(".AnalyticsBehavior");
    if (successorShape) {
        const block = `${analytics.path}.ConversationalAnalyticsRedactionConfiguration`;
        return { ...found, switchPath: `${block}.Enabled`, onValue: "True", resultsPath: `${block}.RedactionResults` };
    }
    return {
        ...found,
        switchPath: `${analytics.path}.AnalyticsRedactionBehavior`,
        onValue: "Enabled",
        resultsPath: `${analytics.path}.AnalyticsRedactionResults`,
    };
}

/** What is wrong with one analytics object that has analytics on; empty when it redacts as required. */
function redactionProblems(settings: RedactionSettings, required: readonly string[]): string[] {
    if (!settings.enabled || !isOn(settings.enabled.value)) {
        const seen = settings.enabled ? `\`${settings.enabled.path}\` is ${describeValue(settings.enabled.value)}` : `\`${settings.switchPath}\` is not set`;
        return [
            `turns on Contact Lens analytics without redaction (${seen}), so card numbers, security codes and other personal data ` +
                `stay readable in transcripts and analysed audio; set \`${settings.switchPath}\` to "${settings.onValue}" and ` +
                `\`${settings.resultsPath}\` to "RedactedOnly"`,
        ];
    }
    const problems: string[] = [];
    const results = settings.results;
    if (!results) {
        problems.push(
            `redacts without choosing what is kept (\`${settings.resultsPath}\` is not set), so the unredacted original may be kept ` +
                `next to the redacted copy; set it to "RedactedOnly"`,
        );
    } else if (isDynamic(results.value)) {
        problems.push(
            `takes \`${results.path}\` from ${describeValue(results.value)} at run time, so nothing shows that only redacted ` +
                `output is kept; set it statically to "RedactedOnly"`,
        );
    } else if (typeof results.value !== "string" || results.value.trim().toLowerCase() !== "redactedonly") {
        problems.push(
            `sets \`${results.path}\` to ${describeValue(results.value)}, so Contact Lens keeps the unredacted original transcript ` +
                `and audio next to the redacted copy; set it to "RedactedOnly"`,
        );
    }
    const entities = settings.entities;
    if (entities && !Array.isArray(entities.value)) {
        problems.push(`sets \`${entities.path}\` to ${describeValue(entities.value)} instead of a list of entity types; list them statically, or remove it to redact all PII`);
    } else if (entities && Array.isArray(entities.value)) {
        const listed = new Set(entities.value.filter((entity): entity is string => typeof entity === "string").map((entity) => entity.trim().toUpperCase()));
        const missing = required.filter((entity) => !listed.has(entity.toUpperCase()));
        if (missing.length > 0) {
            problems.push(
                `limits redaction in \`${entities.path}\` to entities that leave out ${missing.join(", ")}; add them, or remove the ` +
                    "list so that Contact Lens redacts all PII",
            );
        }
    }
    return problems;
}

function requiredEntities(config: Config): string[] {
    const configured = config.requiredRedactionEntities;
    return Array.isArray(configured) ? configured.filter((entity): entity is string => typeof entity === "string") : DEFAULT_REQUIRED_ENTITIES;
}

const redactedOnly = { AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedOnly" };

/** A flow-designer style recording block with Contact Lens post-call analytics on. */
function setRecording(analytics: Record<string, unknown>): Record<string, unknown> {
    return {
        Identifier: "set-recording",
        Type: "UpdateContactRecordingBehavior",
        Parameters: {
            RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] },
            AnalyticsBehavior: {
                Enabled: "True",
                AnalyticsLanguage: "de-DE",
                ChannelConfiguration: { Chat: { AnalyticsModes: [] }, Voice: { AnalyticsModes: ["PostContact"] } },
                ...analytics,
            },
        },
        Transitions: { NextAction: "end" },
    };
}

function setVoiceAnalytics(redaction: Record<string, unknown> | undefined): Record<string, unknown> {
    return {
        Identifier: "set-voice-analytics",
        Type: "UpdateContactRecordingAndAnalyticsBehavior",
        Parameters: {
            VoiceBehavior: {
                VoiceRecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] },
                VoiceAnalyticsBehavior: {
                    Enabled: "True",
                    AnalyticsLanguage: "de-DE",
                    AnalyticsModes: ["PostContact"],
                    ...(redaction ? { ConversationalAnalyticsRedactionConfiguration: redaction } : {}),
                },
            },
        },
        Transitions: { NextAction: "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }, { ErrorType: "ChannelMismatch", NextAction: "end" }] },
    };
}

function flowContent(...actions: Record<string, unknown>[]): string {
    const end = { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };
    return JSON.stringify({ Version: "2019-10-30", StartAction: actions[0]?.["Identifier"] ?? "end", Actions: [...actions, end] });
}

function contactFlow(name: string, props: Record<string, unknown>, type: string = CONNECT_CONTACT_FLOW): ExampleResource {
    return { name, type, props: { instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111", name, ...props } };
}

/** The aws-native form names its instance by ARN and requires `type` on a flow. */
function nativeFlow(name: string, content: unknown, type: string = NATIVE.CONNECT_CONTACT_FLOW): ExampleResource {
    const instanceArn = "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111";
    return { name, type, props: type === NATIVE.CONNECT_CONTACT_FLOW ? { instanceArn, name, type: "CONNECT_CONTACT_FLOW", content } : { instanceArn, name, content } };
}

export const connectFlowRedaction = resourceControl<Config>({
    name: "connect-flow-redaction",
    title: "Contact flows with Contact Lens analytics redact and keep only redacted output",
    area: "connect",
    description:
        "Every recording block in a contact flow or flow module (`UpdateContactRecordingBehavior`, and its successor " +
        "`UpdateContactRecordingAndAnalyticsBehavior`) that turns Contact Lens analytics on also turns redaction on " +
        "(`AnalyticsRedactionBehavior: Enabled`, or `ConversationalAnalyticsRedactionConfiguration.Enabled: True`) " +
        "and keeps only the redacted results (`RedactedOnly`). Otherwise Connect stores the unredacted transcript and " +
        "audio next to the redacted copy, card verification codes included. A block that lists entities to redact " +
        "must include the required ones; a block that lists none redacts all PII. A flow whose content cannot be " +
        "read (not JSON, or given by `filename`, which the policy cannot open) is a violation, as nothing in it can be checked. " +
        "aws-native `connect.ContactFlow` and `connect.ContactFlowModule` are judged alike: their `content` is the same flow JSON.",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 5(1)(c)", "Art. 25(2)"],
        pciDss: ["3.3.1"],
        iso27001: ["A.8.11", "A.5.34"],
    },
    remediation: [
        'In every "Set recording and analytics behavior" block with analytics on, enable redaction of sensitive data and choose "Redacted only" (flow JSON: `AnalyticsRedactionBehavior: "Enabled"`, `AnalyticsRedactionResults: "RedactedOnly"`; in the successor block `ConversationalAnalyticsRedactionConfiguration: { Enabled: "True", RedactionResults: "RedactedOnly" }`).',
        "If the block lists entities to redact, include CREDIT_DEBIT_NUMBER, CREDIT_DEBIT_CVV and CREDIT_DEBIT_EXPIRY (or the entities this policy's `requiredRedactionEntities` names), or remove the list to redact all PII.",
        "Set `RedactedOnly` statically, not from a contact attribute.",
        "Give the flow as `content` (for example `fs.readFileSync(\"flow.json\", \"utf8\")`) rather than `filename`, so the policy can read it.",
        "Keep pausing recording (SuspendContactRecording / ResumeContactRecording) while card data is collected: redaction is machine-learning based and can miss data.",
    ],
    parameters: {
        requiredRedactionEntities: {
            type: "array",
            items: { type: "string" },
            default: DEFAULT_REQUIRED_ENTITIES,
            description:
                "Entity types a recording block must redact when it lists entities explicitly (a block without a list redacts all PII). " +
                "Contact Lens names such as CREDIT_DEBIT_NUMBER, CREDIT_DEBIT_CVV, CREDIT_DEBIT_EXPIRY, BANK_ACCOUNT_NUMBER, PIN.",
        },
    },
    appliesTo: ANY_CONTACT_FLOW,
    examples: [
        {
            title: "post-call analytics that redacts all PII and keeps only the redacted output",
            verdict: "compliant",
            resources: [contactFlow("inbound", { content: flowContent(setRecording(redactedOnly)) })],
        },
        {
            title: "analytics that redacts a list of entities including card number, security code and expiry",
            verdict: "compliant",
            resources: [
                contactFlow("inbound", {
                    content: flowContent(
                        setRecording({
                            ...redactedOnly,
                            AnalyticsRedactionMaskMode: "EntityType",
                            AnalyticsRedactionEntities: ["CREDIT_DEBIT_NUMBER", "CREDIT_DEBIT_CVV", "CREDIT_DEBIT_EXPIRY", "BANK_ACCOUNT_NUMBER", "PIN"],
                        }),
                    ),
                }),
            ],
        },
        {
            title: "a flow that records calls with analytics off",
            verdict: "compliant",
            resources: [contactFlow("inbound", { content: flowContent(setRecording({ Enabled: "False" })) })],
        },
        {
            title: "the successor block with voice analytics redacting and keeping only redacted output",
            verdict: "compliant",
            resources: [contactFlow("inbound", { content: flowContent(setVoiceAnalytics({ Enabled: "True", RedactionResults: "RedactedOnly" })) })],
        },
        {
            title: "analytics on with redaction disabled, as the flow designer exports it by default",
            verdict: "violation",
            resources: [
                contactFlow("inbound", {
                    content: flowContent(setRecording({ AnalyticsRedactionBehavior: "Disabled", AnalyticsRedactionResults: "None" })),
                }),
            ],
        },
        {
            title: "redaction on but the unredacted original kept too (RedactedAndOriginal)",
            verdict: "violation",
            resources: [
                contactFlow("inbound", {
                    content: flowContent(setRecording({ AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedAndOriginal" })),
                }),
            ],
        },
        {
            title: "an entity list that leaves out the card security code",
            verdict: "violation",
            resources: [
                contactFlow("inbound", {
                    content: flowContent(setRecording({ ...redactedOnly, AnalyticsRedactionEntities: ["CREDIT_DEBIT_NUMBER", "CREDIT_DEBIT_EXPIRY"] })),
                }),
            ],
        },
        {
            title: "redaction results taken from a contact attribute at run time",
            verdict: "violation",
            resources: [
                contactFlow("inbound", {
                    content: flowContent(setRecording({ AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "$.Attributes.redactionResults" })),
                }),
            ],
        },
        {
            title: "the successor block with voice analytics and no redaction configuration",
            verdict: "violation",
            resources: [contactFlow("inbound", { content: flowContent(setVoiceAnalytics(undefined)) })],
        },
        {
            title: "a flow module that keeps unredacted analytics output",
            verdict: "violation",
            resources: [
                contactFlow(
                    "payment-module",
                    { content: flowContent(setRecording({ AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedAndOriginal" })) },
                    CONNECT_CONTACT_FLOW_MODULE,
                ),
            ],
        },
        {
            title: "flow content that is not valid JSON",
            verdict: "violation",
            resources: [contactFlow("inbound", { content: '{"Version": "2019-10-30", "Actions": [' })],
        },
        {
            title: "a flow given by filename, which the policy cannot read",
            verdict: "violation",
            resources: [contactFlow("inbound", { filename: "flows/inbound.json", contentHash: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=" })],
        },
        {
            title: "first preview: the flow content is built from outputs not known yet",
            verdict: "deferred",
            resources: [contactFlow("inbound", { instanceId: UNKNOWN, content: UNKNOWN })],
        },
        {
            title: "aws-native: a contact flow whose post-call analytics keeps only the redacted output",
            verdict: "compliant",
            resources: [nativeFlow("inbound", flowContent(setRecording(redactedOnly)))],
        },
        {
            title: "aws-native: a flow module that keeps the unredacted original next to the redacted copy",
            verdict: "violation",
            resources: [
                nativeFlow(
                    "card-payment",
                    flowContent(setRecording({ AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedAndOriginal" })),
                    NATIVE.CONNECT_CONTACT_FLOW_MODULE,
                ),
            ],
        },
        {
            title: "aws-native first preview: the flow content is built from outputs not known yet",
            verdict: "deferred",
            resources: [nativeFlow("inbound", UNKNOWN)],
        },
        {
            title: "first preview with an unknown instance id still blocks a flow that keeps unredacted output",
            verdict: "violation",
            resources: [
                contactFlow("inbound", {
                    instanceId: UNKNOWN,
                    content: flowContent(setRecording({ AnalyticsRedactionBehavior: "Disabled" })),
                }),
            ],
        },
    ],
    check(resource, config, findings) {
        const subject = `${isFlowModule(resource.type) ? "Contact flow module" : "Contact flow"} '${resource.name}'`;
        const flow = flowDocumentOf(resource.props);
        switch (flow.kind) {
            case "absent":
                return;
            case "unknown":
                findings.undecided(`${subject}: \`content\` is not known yet, so its recording and analytics blocks cannot be checked.`);
                return;
            case "file":
                findings.violation(
                    `${subject} takes its flow from \`filename\`, which this policy cannot open, so whether Contact Lens redacts ` +
                        "card data cannot be checked; pass the flow as `content` (e.g. `fs.readFileSync(\"flow.json\", \"utf8\")`) instead.",
                );
                return;
            case "unreadable":
                findings.violation(
                    `${subject} could not be read: ${flow.reason}, so its recording and analytics blocks cannot be checked ` +
                        "(Amazon Connect would reject it too); give `content` as the JSON of an Amazon Connect flow.",
                );
                return;
            case "actions":
                break;
        }

        const required = requiredEntities(config);
        flow.actions.forEach((action, index) => {
            if (!isRecord(action) || typeof action["Type"] !== "string" || !RECORDING_ACTIONS.has(action["Type"])) return;
            const identifier = typeof action["Identifier"] === "string" ? describeValue(action["Identifier"]) : `#${index}`;
            const parameters: Located = { value: action["Parameters"], path: `Actions[${index}].Parameters` };
            for (const analytics of findKeys(parameters, ANALYTICS_OBJECTS)) {
                if (!isRecord(analytics.value) || isOff(analytics.value["Enabled"])) continue;
                for (const problem of redactionProblems(redactionSettingsOf(analytics), required)) {
                    findings.violation(`${subject}: the ${action["Type"]} block ${identifier} in \`content\` ${problem}.`);
                }
            }
        });
    },
});
