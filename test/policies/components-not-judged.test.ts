/**
 * A component resource is never judged as a cloud resource, whatever its type token says: the engine
 * analyzes components too, and sends them without a provider (policies/lib/stack-graph.ts, isComponent).
 */
import { describe, expect, it } from "vitest";
import type { PlainResource } from "../../cli/analyzer/types";
import { connectContactLensExplicit } from "../../policies/connect/contact-lens-explicit";
import { regionAllowList } from "../../policies/residency/region-allow-list";
import { serveControl } from "../support/served-control";

const INSTANCE = "aws:connect/instance:Instance";
const provider: PlainResource = {
    urn: "urn:pulumi:dev::acme::pulumi:providers:aws::default_7_48_0",
    type: "pulumi:providers:aws",
    name: "default_7_48_0",
    custom: true,
    props: { region: "us-east-1" },
};
const instance = (withProvider: boolean): PlainResource => ({
    urn: `urn:pulumi:dev::acme::${INSTANCE}::contact-centre`,
    type: INSTANCE,
    name: "contact-centre",
    custom: withProvider,
    props: { identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: false },
    ...(withProvider ? { provider: provider.urn } : {}),
});

describe("components are not judged", () => {
    it.each([
        ["a resource control", connectContactLensExplicit],
        ["a stack control", regionAllowList],
    ])("%s judges the resource with a provider and passes over the same token without one", async (_kind, control) => {
        const served = await serveControl(control);
        const judged = await served.diagnostics({ project: "acme", stack: "dev", resources: [provider, instance(true)] });
        expect(judged.map((d) => d.policyName)).toEqual([control.name]);
        const component = await served.diagnostics({ project: "acme", stack: "dev", resources: [provider, instance(false)] });
        expect(component).toEqual([]);
    });
});
