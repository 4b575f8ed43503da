import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { connectContactLensExplicit } from "../../../policies/connect/contact-lens-explicit";
import { CONNECT_INSTANCE, NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN_SENTINELS } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

function instanceExample(props: Record<string, unknown>): ControlExample {
    return {
        title: "ad hoc",
        verdict: "violation",
        resources: [{ name: "contact-centre", type: CONNECT_INSTANCE, props: { identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true, ...props } }],
    };
}

/** Each finding as `<level>: <what the control said>` (the SDK puts the policy description first). */
async function messagesFor(props: Record<string, unknown>, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(connectContactLensExplicit, instanceExample(props), config);
    return findings.map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

describeControlExamples(connectContactLensExplicit);

describe("connect-contact-lens-explicit", () => {
    it("advises setting Contact Lens explicitly, naming the instance, the default and the fix", async () => {
        const [message] = await messagesFor({});
        expect(message).toMatch(/^advisory: Connect instance 'contact-centre' does not set `contactLensEnabled`, so Contact Lens is on by default/);
        expect(message).toContain("set `contactLensEnabled` to false");
    });

    it("treats null as not set", async () => {
        expect(await messagesFor({ contactLensEnabled: null })).toHaveLength(1);
    });

    it("accepts an explicit false even when other properties came from provider defaults", async () => {
        expect(await messagesFor({ contactLensEnabled: false, __defaults: ["contactFlowLogsEnabled", "autoResolveBestVoicesEnabled"] })).toEqual([]);
    });

    it("defers a value given as the engine's unknown boolean", async () => {
        const messages = await messagesFor({ contactLensEnabled: UNKNOWN_SENTINELS.boolean });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`contactLensEnabled` is not known yet/);
    });

    it("blocks a missing decision for a team that makes the control mandatory", async () => {
        const [message] = await messagesFor({}, { enforcementLevel: "mandatory" });
        expect(message).toMatch(/^mandatory: /);
    });

    it.each<[string, Record<string, unknown>]>([
        ["a string where the boolean belongs", { contactLensEnabled: "true" }],
        ["a number", { contactLensEnabled: 1 }],
        ["an object", { contactLensEnabled: { enabled: true } }],
        ["a defaults list that is not a list", { contactLensEnabled: true, __defaults: "contactLensEnabled" }],
    ])("never throws on malformed input: %s", async (_title, props) => {
        const findings = await findingsOf(connectContactLensExplicit, instanceExample(props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("does not accept a string as a decision", async () => {
        const [message] = await messagesFor({ contactLensEnabled: "yes" });
        expect(message).toContain('sets `contactLensEnabled` to "yes"; set it to true or false.');
    });
});

describe("connect-contact-lens-explicit on aws-native instances", () => {
    const native = async (props: Record<string, unknown>) => {
        const example: ControlExample = { title: "ad hoc", verdict: "violation", resources: [{ name: "contact-centre", type: NATIVE.CONNECT_INSTANCE, props: { identityManagementType: "SAML", ...props } }] };
        return (await findingsOf(connectContactLensExplicit, example)).map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
    };

    it("names attributes.contactLens when it is left out", async () => {
        expect(await native({ attributes: { inboundCalls: true, outboundCalls: true } })).toEqual([
            expect.stringContaining("does not set `attributes.contactLens`, so Contact Lens is on by default"),
        ]);
    });

    it("does not take the classic contactLensEnabled for the aws-native attribute", async () => {
        expect(await native({ contactLensEnabled: false, attributes: { inboundCalls: true, outboundCalls: true } })).toHaveLength(1);
    });

    it("accepts either explicit value and rejects a string", async () => {
        expect(await native({ attributes: { inboundCalls: true, outboundCalls: true, contactLens: true } })).toEqual([]);
        expect(await native({ attributes: { inboundCalls: true, outboundCalls: true, contactLens: "false" } })).toEqual([
            expect.stringContaining('sets `attributes.contactLens` to "false"; set it to true or false.'),
        ]);
    });

    it("defers an attribute not known yet, naming it", async () => {
        expect(await native({ attributes: { inboundCalls: true, outboundCalls: true, contactLens: UNKNOWN_SENTINELS.boolean } })).toEqual([
            expect.stringMatching(/`attributes.contactLens` is not known yet/),
        ]);
    });
});
