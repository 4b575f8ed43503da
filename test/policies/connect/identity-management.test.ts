import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { connectIdentityManagement } from "../../../policies/connect/identity-management";
import { CONNECT_INSTANCE } from "../../../policies/lib/resource-types";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

function instanceExample(props: Record<string, unknown>): ControlExample {
    return {
        title: "ad hoc",
        verdict: "violation",
        resources: [{ name: "contact-centre", type: CONNECT_INSTANCE, props: { inboundCallsEnabled: true, outboundCallsEnabled: true, ...props } }],
    };
}

/** Each finding as `<level>: <what the control said>` (the SDK puts the policy description first). */
async function messagesFor(props: Record<string, unknown>, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(connectIdentityManagement, instanceExample(props), config);
    return findings.map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

describeControlExamples(connectIdentityManagement);

describe("connect-identity-management", () => {
    it("advises against Connect-managed users, naming the instance, the property and the fix", async () => {
        const messages = await messagesFor({ identityManagementType: "CONNECT_MANAGED" });
        expect(messages).toEqual([
            "advisory: Connect instance 'contact-centre' keeps its users in Connect, outside the organisation's identity lifecycle and " +
                'multi-factor authentication; set `identityManagementType` to "SAML" or "EXISTING_DIRECTORY" (it cannot be changed once the instance exists).',
        ]);
    });

    it("blocks Connect-managed users for a team that makes the control mandatory", async () => {
        const messages = await messagesFor({ identityManagementType: "CONNECT_MANAGED" }, { enforcementLevel: "mandatory" });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^mandatory: /);
    });

    it("accepts only SAML when the team allows only SAML", async () => {
        const config = { allowedIdentityManagementTypes: ["SAML"] };
        expect(await messagesFor({ identityManagementType: "SAML" }, config)).toEqual([]);
        const [message] = await messagesFor({ identityManagementType: "EXISTING_DIRECTORY", directoryId: "d-1234567890" }, config);
        expect(message).toContain('`identityManagementType` to "EXISTING_DIRECTORY"; set `identityManagementType` to "SAML"');
    });

    it("does not accept a value in another letter case, which Connect rejects", async () => {
        expect(await messagesFor({ identityManagementType: "saml" })).toHaveLength(1);
    });

    it.each<[string, unknown]>([
        ["null", null],
        ["a number", 3],
        ["a list", ["SAML"]],
        ["an object", { type: "SAML" }],
        ["a JSON string", '"SAML"'],
        ["a prototype key", "constructor"],
    ])("never throws on a malformed identity management type, and never passes it: %s", async (_title, identityManagementType) => {
        const findings = await findingsOf(connectIdentityManagement, instanceExample({ identityManagementType }));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).not.toMatch(/could not evaluate/);
    });
});
