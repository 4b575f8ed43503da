import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { organisationGuardrails } from "../../../policies/residency/organisation-guardrails";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";
import { reconciledConfig } from "../../support/reconciled-config";

const INSTANCE = "aws:connect/instance:Instance";
const POLICY = "aws:organizations/policy:Policy";

const instance = (name = "contact-centre"): ExampleResource => ({ name, type: INSTANCE, props: { identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true } });
const denyReplication = { Effect: "Deny", Action: ["connect:ReplicateInstance", "connect:CreateTrafficDistributionGroup"], Resource: "*" };
const denyRegions = (condition: Record<string, unknown> = { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } }, action: Record<string, unknown> = { NotAction: ["iam:*", "sts:*"] }) => ({
    Effect: "Deny",
    ...action,
    Resource: "*",
    Condition: condition,
});
const policy = (name: string, content: unknown, type?: unknown): ExampleResource => ({ name, type: POLICY, props: { content, ...(type === undefined ? {} : { type }) } });
const scp = (...statements: unknown[]) => policy("scp", JSON.stringify({ Version: "2012-10-17", Statement: statements }), "SERVICE_CONTROL_POLICY");
const optOut = (assign: unknown = "optOut") => policy("ai", JSON.stringify({ services: { default: { opt_out_policy: { "@@assign": assign } } } }), "AISERVICES_OPT_OUT_POLICY");

async function outcome(resources: ExampleResource[], config: Record<string, unknown> = {}) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources };
    const findings = await findingsOf(organisationGuardrails, example, config);
    const decided = findings.filter((f) => !f.message.includes("can't run policy"));
    return {
        findings: decided,
        // The engine prefixes each message with the policy's description; what is missing follows it.
        missing: decided.map((f) => f.message.split("\n").slice(1).join(" ")).join("\n"),
        deferred: findings.filter((f) => f.message.includes("can't run policy")).map((f) => f.message),
        crashed: findings.some((f) => /could not evaluate/.test(f.message)),
    };
}

describeControlExamples(organisationGuardrails);

describe("residency-organisation-guardrails", () => {
    it("gives one advisory finding per Connect instance, never a blocking one", async () => {
        const { findings } = await outcome([instance("frankfurt"), instance("backup")]);
        expect(findings.map((f) => f.urn).sort()).toEqual([urnOf(INSTANCE, "backup"), urnOf(INSTANCE, "frankfurt")]);
        expect(findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
        expect(findings[0].message).toContain("management stack");
    });

    it("reads a policy without `type` as a service control policy, as Organizations does", async () => {
        const untyped = policy("scp", JSON.stringify({ Statement: [denyReplication, denyRegions()] }));
        expect((await outcome([instance(), untyped, optOut()])).findings).toEqual([]);
    });

    it("accepts documents given as objects instead of JSON strings", async () => {
        const asObject = policy("scp", { Statement: [denyReplication, denyRegions()] }, "SERVICE_CONTROL_POLICY");
        const aiAsObject = policy("ai", { services: { default: { opt_out_policy: { "@@assign": "optOut" } } } }, "AISERVICES_OPT_OUT_POLICY");
        expect((await outcome([instance(), asObject, aiAsObject])).findings).toEqual([]);
    });

    it("accepts the guardrails split over several service control policies", async () => {
        const first = scp(denyReplication);
        const second = { ...scp(denyRegions()), name: "regions" };
        expect((await outcome([instance(), first, second, optOut()])).findings).toEqual([]);
    });

    it.each([
        ["a wildcard region list (eu-* includes London and Zurich)", denyRegions({ StringNotLike: { "aws:RequestedRegion": ["eu-*"] } })],
        ["a region deny on S3 only", denyRegions(undefined, { Action: "s3:*" })],
        ["an Allow instead of a Deny", { ...denyRegions(), Effect: "Allow" }],
        ["StringEquals instead of StringNotEquals", denyRegions({ StringEquals: { "aws:RequestedRegion": ["us-east-1"] } })],
    ])("does not count %s as a region deny", async (_title, statement) => {
        const { missing } = await outcome([instance(), scp(denyReplication, statement), optOut()]);
        expect(missing).toMatch(/denying every action when `aws:RequestedRegion` is not one of/);
    });

    it('counts a Deny on "*" with StringNotEqualsIfExists as a region deny', async () => {
        const statement = denyRegions({ StringNotEqualsIfExists: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } }, { Action: "*" });
        expect((await outcome([instance(), scp(denyReplication, statement), optOut()])).findings).toEqual([]);
    });

    it("counts a connect:* deny as denying replication", async () => {
        const connectDeny = { Effect: "Deny", Action: "connect:*", Resource: "*" };
        expect((await outcome([instance(), scp(connectDeny, denyRegions()), optOut()])).findings).toEqual([]);
    });

    it.each([["optIn"], ["optout"], [null]])("does not count an AI opt-out assigning %s", async (assign) => {
        const { missing } = await outcome([instance(), scp(denyReplication, denyRegions()), optOut(assign)]);
        expect(missing).toMatch(/AI services opt-out policy/);
    });

    it("lets a team demand further actions be denied", async () => {
        const { missing } = await outcome([instance(), scp(denyReplication, denyRegions()), optOut()], { deniedActions: ["connect:ReplicateInstance", "connect:UpdateTrafficDistribution"] });
        expect(missing).toContain("`connect:UpdateTrafficDistribution`");
        expect(missing).not.toContain("`connect:ReplicateInstance`");
    });

    it("defers while a policy's type is not known yet", async () => {
        const { deferred, findings } = await outcome([instance(), policy("scp", "{}", UNKNOWN)]);
        expect(findings).toEqual([]);
        expect(deferred[0]).toMatch(/the `type` of organisation policy 'scp', not known yet/);
    });

    describe("odd input", () => {
        it.each([
            ["content that is not JSON", "{not json"],
            ["content that is a number", 42],
            ["content that is a list", [denyReplication]],
            ["a Statement that is a string", JSON.stringify({ Statement: "deny" })],
        ])("never throws on %s, and still advises", async (_title, content) => {
            const { crashed, findings } = await outcome([instance(), policy("scp", content, "SERVICE_CONTROL_POLICY"), policy("ai", content, "AISERVICES_OPT_OUT_POLICY")]);
            expect(crashed).toBe(false);
            expect(findings).toHaveLength(1);
        });

        it("never throws on arbitrary property bags", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constantFrom("SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY", "*", "aws:RequestedRegion"), fc.anything());
            const statement = fc.record({ Effect: fc.oneof(fc.constant("Deny"), value), Action: value, NotAction: value, Condition: fc.oneof(value, fc.record({ StringNotEquals: fc.oneof(value, fc.record({ "aws:RequestedRegion": value })) })) }, { requiredKeys: [] });
            const content = fc.oneof(value, fc.record({ Statement: fc.oneof(value, fc.array(statement, { maxLength: 3 })), services: value }).map((d) => JSON.stringify(d)));
            const resource = (type: string, name: string, props: Record<string, unknown>): GraphResource => ({ urn: `urn:${name}`, type, name, props, dependencies: [], propertyDependencies: {} });
            fc.assert(
                fc.property(value, content, value, (type, document, deniedActions) => {
                    const stack = new StackGraph([resource(INSTANCE, "cc", {}), resource(POLICY, "p", { type, content: document })]);
                    const noop = () => undefined;
                    const config = reconciledConfig(organisationGuardrails, { regionProfile: "eu-member-states", regions: [], deniedActions });
                    expect(() => organisationGuardrails.check(stack, config, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});
