import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { connectVoiceIdEnded } from "../../../policies/connect/voice-id-ended";
import { CONNECT_CONTACT_FLOW, CONNECT_CONTACT_FLOW_MODULE } from "../../../policies/lib/flow-document";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

async function findingsFor(resource: ExampleResource) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources: [resource] };
    const findings = await findingsOf(connectVoiceIdEnded, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return findings;
}
const flow = (content: unknown, type = CONNECT_CONTACT_FLOW, extra: Record<string, unknown> = {}): ExampleResource => ({ name: "inbound", type, props: { content, ...extra } });

describeControlExamples(connectVoiceIdEnded);

describe("connect-voice-id-ended", () => {
    it("says when AWS ended Voice ID and what to do with the domain", async () => {
        const [finding] = await findingsFor({ name: "voice-id", type: NATIVE.VOICEID_DOMAIN, props: { name: "acme" } });
        expect(finding.enforcementLevel).toBe("advisory");
        expect(finding.message).toContain("Voice ID domain 'voice-id': AWS ended support for Amazon Connect Voice ID on 20 May 2026");
        expect(finding.message).toContain("Remove the `aws-native.voiceid.Domain`");
    });

    it("names the block, its identifier and its place in the flow", async () => {
        const content = { Version: "2019-10-30", Actions: [{ Identifier: "play", Type: "MessageParticipant" }, { Identifier: "voice", Type: "StartVoiceIdStream" }] };
        const findings = await findingsFor(flow(content, CONNECT_CONTACT_FLOW_MODULE));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toContain('Contact flow module \'inbound\': the StartVoiceIdStream block "voice" in `content` (`Actions[1]`) calls Amazon Connect Voice ID');
    });

    it.each([
        ["a flow read from a file", flow(undefined, CONNECT_CONTACT_FLOW, { filename: "flow.json" })],
        ["content that is not JSON", flow("{")],
        ["a flow without content", flow(undefined)],
        ["actions that are not objects", flow(JSON.stringify({ Actions: ["CheckVoiceId", null, 3] }))],
    ])("leaves %s to the controls that read flows", async (_title, resource) => {
        expect(await findingsFor(resource)).toEqual([]);
    });

    it("defers a flow whose content is not known yet, naming it", async () => {
        const [finding] = await findingsFor(flow(UNKNOWN, NATIVE.CONNECT_CONTACT_FLOW_MODULE));
        expect(finding.message).toContain("Contact flow module 'inbound': `content` is not known yet");
    });

    it("never throws on arbitrary flow content", () => {
        const value = fc.oneof(fc.constant(UNKNOWN), fc.constant(null), fc.string(), fc.json(), fc.object({ maxDepth: 3 }));
        fc.assert(
            fc.property(fc.constantFrom(...connectVoiceIdEnded.appliesTo), value, (type, content) => {
                connectVoiceIdEnded.check({ type, name: "r", urn: "urn:r", props: { content }, region: { kind: "unset" } }, {}, { violation: () => undefined, undecided: () => undefined });
            }),
        );
    });
});
