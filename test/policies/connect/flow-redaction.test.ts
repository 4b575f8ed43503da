import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { connectFlowRedaction } from "../../../policies/connect/flow-redaction";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const CONTACT_FLOW = "aws:connect/contactFlow:ContactFlow";
const CONTACT_FLOW_MODULE = "aws:connect/contactFlowModule:ContactFlowModule";

function flow(...actions: unknown[]): string {
    return JSON.stringify({ Version: "2019-10-30", StartAction: "a1", Actions: actions });
}

function recording(analytics: Record<string, unknown>, identifier = "a1"): Record<string, unknown> {
    return {
        Identifier: identifier,
        Type: "UpdateContactRecordingBehavior",
        Parameters: { RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] }, AnalyticsBehavior: { Enabled: "True", ...analytics } },
        Transitions: {},
    };
}

function successor(behaviour: Record<string, unknown>): Record<string, unknown> {
    return { Identifier: "a2", Type: "UpdateContactRecordingAndAnalyticsBehavior", Parameters: behaviour, Transitions: {} };
}

function flowExample(props: Record<string, unknown>, type = CONTACT_FLOW): ControlExample {
    return { title: "ad hoc", verdict: "violation", resources: [{ name: "inbound", type, props: { instanceId: "i-1", ...props } }] };
}

/** Each finding as `<level>: <what the control said>` (the SDK puts the policy description first). */
async function messagesFor(props: Record<string, unknown>, config: Record<string, unknown> = {}, type = CONTACT_FLOW) {
    const findings = await findingsOf(connectFlowRedaction, flowExample(props, type), config);
    return findings.map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

const redactedOnly = { AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedOnly" };

describeControlExamples(connectFlowRedaction);

describe("connect-flow-redaction", () => {
    it("names the flow, the block, the path inside content, the value seen and the fix", async () => {
        const [message] = await messagesFor({ content: flow({ Identifier: "start", Type: "MessageParticipant" }, recording({ AnalyticsRedactionBehavior: "Disabled" }, "rec")) });
        expect(message).toMatch(/^mandatory: Contact flow 'inbound': the UpdateContactRecordingBehavior block "rec" in `content`/);
        expect(message).toContain('`Actions[1].Parameters.AnalyticsBehavior.AnalyticsRedactionBehavior` is "Disabled"');
        expect(message).toContain('set `Actions[1].Parameters.AnalyticsBehavior.AnalyticsRedactionBehavior` to "Enabled"');
        expect(message).toContain('`Actions[1].Parameters.AnalyticsBehavior.AnalyticsRedactionResults` to "RedactedOnly"');
    });

    it("blocks analytics with no redaction setting at all, since Connect defaults it to Disabled", async () => {
        const [message] = await messagesFor({ content: flow(recording({})) });
        expect(message).toContain("AnalyticsRedactionBehavior` is not set");
    });

    it("blocks redaction that does not say which results are kept", async () => {
        const messages = await messagesFor({ content: flow(recording({ AnalyticsRedactionBehavior: "Enabled" })) });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toContain("`Actions[0].Parameters.AnalyticsBehavior.AnalyticsRedactionResults` is not set");
    });

    it("treats analytics without an Enabled switch as on, and blocks it without redaction", async () => {
        const content = flow({ Identifier: "a1", Type: "UpdateContactRecordingBehavior", Parameters: { AnalyticsBehavior: { AnalyticsLanguage: "de-DE" } } });
        expect(await messagesFor({ content })).toHaveLength(1);
    });

    it("accepts a recording block without analytics, and other action types", async () => {
        const content = flow(
            { Identifier: "a1", Type: "UpdateContactRecordingBehavior", Parameters: { RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] } } },
            { Identifier: "a2", Type: "MessageParticipant", Parameters: { Text: "AnalyticsBehavior" } },
            { Identifier: "a3", Type: "DisconnectParticipant", Parameters: {} },
        );
        expect(await messagesFor({ content })).toEqual([]);
    });

    it("accepts analytics switched off with a boolean", async () => {
        expect(await messagesFor({ content: flow(recording({ Enabled: false })) })).toEqual([]);
    });

    it("reads switches written as booleans or in other letter case", async () => {
        const content = flow(recording({ Enabled: true, AnalyticsRedactionBehavior: "enabled", AnalyticsRedactionResults: "redactedonly" }));
        expect(await messagesFor({ content })).toEqual([]);
    });

    it("reports every offending block of a flow separately", async () => {
        const content = flow(recording({ AnalyticsRedactionBehavior: "Disabled" }, "first"), recording({ ...redactedOnly, AnalyticsRedactionEntities: ["PIN"] }, "second"));
        const messages = await messagesFor({ content });
        expect(messages).toHaveLength(2);
        expect(messages[0]).toContain('"first"');
        expect(messages[1]).toContain('"second"');
        expect(messages[1]).toContain("leave out CREDIT_DEBIT_NUMBER, CREDIT_DEBIT_CVV, CREDIT_DEBIT_EXPIRY");
    });

    it("finds redaction settings nested deeper than the documented place", async () => {
        const content = flow(recording({ ChannelConfiguration: { Voice: { AnalyticsModes: ["PostContact"], ...redactedOnly } } }));
        expect(await messagesFor({ content })).toEqual([]);
    });

    it("requires the entities the team configures", async () => {
        const content = flow(recording({ ...redactedOnly, AnalyticsRedactionEntities: ["CREDIT_DEBIT_NUMBER", "CREDIT_DEBIT_CVV", "CREDIT_DEBIT_EXPIRY"] }));
        const messages = await messagesFor({ content }, { requiredRedactionEntities: ["CREDIT_DEBIT_NUMBER", "BANK_ACCOUNT_NUMBER"] });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toContain("leave out BANK_ACCOUNT_NUMBER");
    });

    it("blocks an empty entity list, which Connect rejects and which redacts nothing required", async () => {
        expect(await messagesFor({ content: flow(recording({ ...redactedOnly, AnalyticsRedactionEntities: [] })) })).toHaveLength(1);
    });

    it("blocks an entity list given as a string", async () => {
        const [message] = await messagesFor({ content: flow(recording({ ...redactedOnly, AnalyticsRedactionEntities: "$.Attributes.entities" })) });
        expect(message).toContain("instead of a list of entity types");
    });

    describe("the successor block, UpdateContactRecordingAndAnalyticsBehavior", () => {
        const voice = (redaction: unknown) =>
            successor({ VoiceBehavior: { VoiceAnalyticsBehavior: { Enabled: "True", AnalyticsModes: ["PostContact"], ConversationalAnalyticsRedactionConfiguration: redaction } } });

        it("blocks redaction that keeps the original too", async () => {
            const [message] = await messagesFor({ content: flow(voice({ Enabled: "True", RedactionResults: "RedactedAndOriginal" })) });
            expect(message).toContain('`Actions[0].Parameters.VoiceBehavior.VoiceAnalyticsBehavior.ConversationalAnalyticsRedactionConfiguration.RedactionResults` to "RedactedAndOriginal"');
        });

        it("blocks redaction switched off, and names the Enabled switch of the redaction configuration", async () => {
            const [message] = await messagesFor({ content: flow(voice({ Enabled: "False" })) });
            expect(message).toContain('set `Actions[0].Parameters.VoiceBehavior.VoiceAnalyticsBehavior.ConversationalAnalyticsRedactionConfiguration.Enabled` to "True"');
        });

        it("names the redaction configuration the successor block needs when it has none", async () => {
            const content = flow(successor({ VoiceBehavior: { VoiceAnalyticsBehavior: { Enabled: "True" } } }));
            const [message] = await messagesFor({ content });
            expect(message).toContain('set `Actions[0].Parameters.VoiceBehavior.VoiceAnalyticsBehavior.ConversationalAnalyticsRedactionConfiguration.Enabled` to "True"');
            expect(message).toContain("ConversationalAnalyticsRedactionConfiguration.RedactionResults` to \"RedactedOnly\"");
        });

        it("checks the redaction entities of the analytics output", async () => {
            const [message] = await messagesFor({ content: flow(voice({ Enabled: "True", RedactionResults: "RedactedOnly", RedactionEntities: ["NAME"] })) });
            expect(message).toContain("leave out CREDIT_DEBIT_NUMBER");
        });

        it("checks chat analytics too, and does not take in-flight chat redaction for analytics redaction", async () => {
            const chat = successor({
                ChatBehavior: {
                    ChatAnalyticsBehavior: {
                        Enabled: "True",
                        AnalyticsModes: ["ContactLens"],
                        InFlightChatRedactionConfiguration: { Enabled: "True", RedactionResults: "RedactedOnly" },
                    },
                },
            });
            const [message] = await messagesFor({ content: flow(chat) });
            expect(message).toContain("ChatBehavior.ChatAnalyticsBehavior.ConversationalAnalyticsRedactionConfiguration.Enabled` is not set");
        });

        it("accepts chat analytics that redacts and keeps only redacted output", async () => {
            const chat = successor({
                ChatBehavior: {
                    ChatAnalyticsBehavior: {
                        Enabled: "True",
                        ConversationalAnalyticsRedactionConfiguration: { Enabled: "True", RedactionResults: "RedactedOnly", RedactionMaskMode: "EntityType" },
                    },
                },
            });
            expect(await messagesFor({ content: flow(chat) })).toEqual([]);
        });

        it("accepts voice analytics that is switched off", async () => {
            expect(await messagesFor({ content: flow(successor({ VoiceBehavior: { VoiceAnalyticsBehavior: { Enabled: "False" } } })) })).toEqual([]);
        });
    });

    describe("flow content it cannot read", () => {
        it("says invalid JSON could not be read, without quoting the content", async () => {
            const [message] = await messagesFor({ content: '{"Actions": [ {"Text": "card 4111 1111 1111 1111"' });
            expect(message).toMatch(/^mandatory: Contact flow 'inbound' could not be read: `content` is not valid JSON/);
            expect(message).not.toContain("4111");
        });

        it("blocks JSON without an Actions list", async () => {
            const [message] = await messagesFor({ content: JSON.stringify({ Version: "2019-10-30", Actions: "none" }) });
            expect(message).toContain('`content` has "none" as its `Actions` list');
        });

        it("blocks JSON with no Actions at all", async () => {
            const [message] = await messagesFor({ content: JSON.stringify({ Version: "2019-10-30", StartAction: "a1" }) });
            expect(message).toContain("`content` has no `Actions` list");
        });

        it("blocks JSON that is not an object", async () => {
            expect(await messagesFor({ content: "[1, 2, 3]" })).toHaveLength(1);
            expect(await messagesFor({ content: "42" })).toHaveLength(1);
        });

        it("reads content handed over as an object rather than a JSON string", async () => {
            expect(await messagesFor({ content: { Version: "2019-10-30", Actions: [recording(redactedOnly)] } })).toEqual([]);
        });

        it("blocks a flow module given by filename", async () => {
            const [message] = await messagesFor({ filename: "modules/payment.json" }, {}, CONTACT_FLOW_MODULE);
            expect(message).toMatch(/^mandatory: Contact flow module 'inbound' takes its flow from `filename`/);
        });

        it("has nothing to check in a flow with neither content nor filename", async () => {
            expect(await messagesFor({})).toEqual([]);
        });

        it("defers a flow module whose content is not known yet", async () => {
            const messages = await messagesFor({ content: UNKNOWN }, {}, CONTACT_FLOW_MODULE);
            expect(messages).toHaveLength(1);
            expect(messages[0]).toMatch(/^advisory: .*Contact flow module 'inbound': `content` is not known yet/);
        });
    });

    it.each<[string, Record<string, unknown>]>([
        ["null content and filename", { content: null, filename: null }],
        ["a number as content", { content: 12 }],
        ["an empty string as content", { content: "" }],
        ["actions that are not objects", { content: JSON.stringify({ Actions: [null, 1, "x", [], { Type: 5 }] }) }],
        ["parameters that are strings", { content: flow({ Type: "UpdateContactRecordingBehavior", Parameters: "{}" }) }],
        ["an analytics object that is a list", { content: flow({ Type: "UpdateContactRecordingBehavior", Parameters: { AnalyticsBehavior: [{ Enabled: "True" }] } }) }],
        ["redaction settings that are objects", { content: flow(recording({ AnalyticsRedactionBehavior: { on: true }, AnalyticsRedactionResults: ["RedactedOnly"] })) }],
        ["a very deep document", { content: `{"Actions":[{"Type":"UpdateContactRecordingBehavior","Parameters":${'{"AnalyticsBehavior":'.repeat(5000)}{}${"}".repeat(5000)}}]}` }],
        ["a huge flow", { content: flow(...Array.from({ length: 20000 }, (_, i) => recording(redactedOnly, `a${i}`))) }],
    ])("never throws on malformed input: %s", async (_title, props) => {
        const findings = await findingsOf(connectFlowRedaction, flowExample(props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });
});

describe("connect-flow-redaction on aws-native flows", () => {
    it("calls an aws-native flow module a module, and names the block that keeps the original", async () => {
        const messages = await messagesFor(
            { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/i-1", content: flow(recording({ AnalyticsRedactionBehavior: "Enabled", AnalyticsRedactionResults: "RedactedAndOriginal" })) },
            {},
            NATIVE.CONNECT_CONTACT_FLOW_MODULE,
        );
        expect(messages).toEqual([expect.stringMatching(/^mandatory: Contact flow module 'inbound': the UpdateContactRecordingBehavior block "a1" in `content`/)]);
    });

    it("passes an aws-native flow that keeps only redacted output, and defers one whose content is not known yet", async () => {
        const instanceArn = "arn:aws:connect:eu-central-1:111122223333:instance/i-1";
        expect(await messagesFor({ instanceArn, type: "CONTACT_FLOW", content: flow(recording(redactedOnly)) }, {}, NATIVE.CONNECT_CONTACT_FLOW)).toEqual([]);
        expect(await messagesFor({ instanceArn, type: "CONTACT_FLOW", content: UNKNOWN }, {}, NATIVE.CONNECT_CONTACT_FLOW)).toEqual([
            expect.stringMatching(/^advisory: .*`content` is not known yet/),
        ]);
    });
});
