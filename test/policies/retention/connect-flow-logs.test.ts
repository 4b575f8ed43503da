import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { connectFlowLogs } from "../../../policies/retention/connect-flow-logs";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { graphResource, urnOf } from "../../support/example-stack";
import { reconciledConfig } from "../../support/reconciled-config";

const INSTANCE = "aws:connect/instance:Instance";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const instance = (props: Record<string, unknown> = {}): ExampleResource => ({
    name: "contact-centre",
    type: INSTANCE,
    props: {
        identityManagementType: "SAML",
        inboundCallsEnabled: true,
        outboundCallsEnabled: false,
        instanceAlias: "acme-contact",
        contactFlowLogsEnabled: true,
        ...props,
    },
});

const logGroup = (props: Record<string, unknown> = {}, name = "flow-logs"): ExampleResource => ({
    name,
    type: LOG_GROUP,
    props: { name: "/aws/connect/acme-contact", retentionInDays: 30, kmsKeyId: KEY_ARN, ...props },
});

const stack = (resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({
    title: "ad hoc",
    verdict: "violation",
    resources,
    config,
});

async function outcome(example: ControlExample) {
    const findings = await findingsOf(connectFlowLogs, example);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(connectFlowLogs);

describe("retention-connect-flow-logs", () => {
    describe("which instances it judges", () => {
        it.each([
            ["flow logs off", false],
            ["flow logs unset", undefined],
            ["flow logs set to a non-boolean", 1],
        ])("passes an instance with %s and no log group", async (_title, enabled) => {
            expect((await outcome(stack([instance({ contactFlowLogsEnabled: enabled })]))).findings).toEqual([]);
        });

        it("judges every instance of the stack on its own alias", async () => {
            const { blocking } = await outcome(
                stack([instance(), logGroup(), { ...instance({ instanceAlias: "acme-backoffice" }), name: "backoffice" }]),
            );
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(INSTANCE, "backoffice"));
            expect(blocking[0].message).toContain('"/aws/connect/acme-backoffice"');
        });

        it("judges a log group shared by two instances with the same alias once", async () => {
            const twin = { ...instance(), name: "contact-centre-twin" };
            const { blocking } = await outcome(stack([instance(), twin, logGroup({ retentionInDays: 0 })]));
            expect(blocking).toHaveLength(1);
        });
    });

    describe("finding the flow-log group", () => {
        it("requires the exact name, not a prefix", async () => {
            const { blocking } = await outcome(stack([instance(), logGroup({ name: undefined, namePrefix: "/aws/connect/acme-contact" })]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(INSTANCE, "contact-centre"));
        });

        it("does not count a log group of that name in another region", async () => {
            const { blocking } = await outcome(stack([instance(), logGroup({ region: "eu-west-1" })]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/another region/);
        });

        it("counts a log group whose region input names the instance's region", async () => {
            expect((await outcome(stack([instance({ region: "eu-central-1" }), logGroup({ region: "eu-central-1" })]))).findings).toEqual([]);
        });

        it("defers when another log group's name is not known yet", async () => {
            const { blocking, deferred } = await outcome(stack([instance(), logGroup({ name: UNKNOWN }, "computed-name")]));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
            expect(deferred[0].message).toContain("'computed-name'");
        });

        it("blocks an instance whose alias is unknown when the only log groups are named elsewhere", async () => {
            const { blocking } = await outcome(stack([instance({ instanceAlias: UNKNOWN }), logGroup({ name: "/aws/lambda/router" })]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/no log group under \/aws\/connect\//);
        });

        it("blocks flow logs on an instance without an alias, whose log group name cannot be known", async () => {
            const { blocking } = await outcome(stack([instance({ instanceAlias: undefined, identityManagementType: "EXISTING_DIRECTORY", directoryId: "d-1234567890" })]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/no `instanceAlias`/);
        });
    });

    describe("the log group's settings", () => {
        it.each([
            ["no retention", { retentionInDays: undefined }, /never expire/],
            ["retention 0", { retentionInDays: 0 }, /never expire/],
            ["retention as a non-numeric string", { retentionInDays: "forever" }, /not a number of days/],
            ["retention as an object", { retentionInDays: { days: 30 } }, /not a number of days/],
            ["negative retention", { retentionInDays: -1 }, /not a number of days/],
            ["retention just over the maximum", { retentionInDays: 545 }, /longer than the allowed 400/],
            ["no kmsKeyId", { kmsKeyId: undefined }, /has no `kmsKeyId`, so CloudWatch encrypts/],
            ["an empty kmsKeyId", { kmsKeyId: "" }, /has no `kmsKeyId`/],
            ["kmsKeyId null", { kmsKeyId: null }, /has no `kmsKeyId`/],
            ["kmsKeyId as a number", { kmsKeyId: 42 }, /has `kmsKeyId` 42/],
        ])("blocks a flow-log group with %s, on the log group", async (_title, props, message) => {
            const { blocking } = await outcome(stack([instance(), logGroup(props)]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(LOG_GROUP, "flow-logs"));
            expect(blocking[0].message).toContain("Log group 'flow-logs'");
            expect(blocking[0].message).toMatch(message);
        });

        it("reports both retention and key problems", async () => {
            const { blocking } = await outcome(stack([instance(), logGroup({ retentionInDays: undefined, kmsKeyId: undefined })]));
            expect(blocking).toHaveLength(2);
        });

        it("accepts retention given as a numeric string", async () => {
            expect((await outcome(stack([instance(), logGroup({ retentionInDays: "90" })]))).findings).toEqual([]);
        });

        it("uses the configured maximum", async () => {
            const { blocking } = await outcome(stack([instance(), logGroup({ retentionInDays: 90 })], { maxLogRetentionDays: 60 }));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(/longer than the allowed 60/);
        });

        it("defers a key ARN that is an output of nothing in the stack", async () => {
            const { blocking, deferred } = await outcome(stack([instance(), logGroup({ kmsKeyId: UNKNOWN })]));
            expect(blocking).toEqual([]);
            expect(deferred[0].message).toMatch(/`kmsKeyId` is not known yet/);
        });

        it("passes a key ARN that is the output of a key alias in the stack", async () => {
            const example = stack([
                { name: "flow-logs-alias", type: "aws:kms/alias:Alias", props: { name: "alias/flow-logs" } },
                instance(),
                { ...logGroup({ kmsKeyId: UNKNOWN }), propertyDependencies: { kmsKeyId: ["flow-logs-alias"] } },
            ]);
            expect((await outcome(example)).findings).toEqual([]);
        });

        it("ignores settings of log groups that receive no flow logs", async () => {
            const other = logGroup({ name: "/aws/connect/someone-else", retentionInDays: 0, kmsKeyId: undefined }, "other");
            expect((await outcome(stack([instance(), logGroup(), other]))).findings).toEqual([]);
        });
    });

    describe("odd input never throws", () => {
        it.each([
            ["an alias that is a number", [instance({ instanceAlias: 42 })]],
            ["an alias that is a list", [instance({ instanceAlias: ["acme-contact"] })]],
            ["a log group name that is an object", [instance(), logGroup({ name: { value: "/aws/connect/acme-contact" } })]],
            ["a log group with no properties", [instance(), { name: "bare", type: LOG_GROUP, props: {} }]],
        ])("handles %s", async (_title, resources) => {
            const { findings } = await outcome(stack(resources as ExampleResource[]));
            for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
            expect(findings.some((f) => f.enforcementLevel === "mandatory")).toBe(true);
        });
    });

    describe("arbitrary input", () => {
        const value = fc.oneof(fc.constant(UNKNOWN), fc.constant(true), fc.constant("acme-contact"), fc.constant("/aws/connect/acme-contact"), fc.anything());
        const resource = graphResource;

        it("never throws, whatever the instance, log group and config values", () => {
            fc.assert(
                fc.property(value, value, value, value, value, value, (enabled, alias, name, retention, key, maximum) => {
                    const resources = [
                        resource(INSTANCE, "contact-centre", { contactFlowLogsEnabled: enabled, instanceAlias: alias }),
                        resource(LOG_GROUP, "flow-logs", { name, retentionInDays: retention, kmsKeyId: key }),
                    ];
                    const noop = () => undefined;
                    const config = reconciledConfig(connectFlowLogs, { maxLogRetentionDays: maximum });
                    expect(() => connectFlowLogs.check(new StackGraph(resources), config, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("retention-connect-flow-logs across providers", () => {
    const nativeInstance = (attributes: unknown, props: Record<string, unknown> = {}): ExampleResource => ({
        name: "contact-centre",
        type: NATIVE.CONNECT_INSTANCE,
        props: { identityManagementType: "SAML", instanceAlias: "acme-contact", attributes, ...props },
    });
    const nativeLogGroup = (props: Record<string, unknown> = {}): ExampleResource => ({
        name: "flow-logs",
        type: NATIVE.LOG_GROUP,
        props: { logGroupName: "/aws/connect/acme-contact", retentionInDays: 30, kmsKeyId: KEY_ARN, ...props },
    });
    const messages = async (resources: ExampleResource[]) =>
        (await findingsOf(connectFlowLogs, stack(resources))).map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);

    it("names attributes.contactflowLogs and the aws-native fix when the log group is missing", async () => {
        expect(await messages([nativeInstance({ inboundCalls: true, outboundCalls: true, contactflowLogs: true })])).toEqual([
            expect.stringMatching(/^mandatory: Connect instance 'contact-centre' has `attributes.contactflowLogs` true but the stack creates no log group named "\/aws\/connect\/acme-contact".*aws-native logs.LogGroup with `logGroupName`/),
        ]);
    });

    it("reads the aws-native switch, not the classic one, on an aws-native instance", async () => {
        expect(await messages([nativeInstance({ inboundCalls: true, outboundCalls: true }, { contactFlowLogsEnabled: true })])).toEqual([]);
    });

    it("finds an aws-native log group by logGroupName for a classic instance, and judges its retention", async () => {
        expect(await messages([instance(), nativeLogGroup({ retentionInDays: 3653 })])).toEqual([
            expect.stringContaining("Log group 'flow-logs' (Connect flow logs) keeps flow logs for 3653 days"),
        ]);
        expect(await messages([instance(), nativeLogGroup({ logGroupName: "/aws/connect/other" })])).toEqual([expect.stringMatching(/^mandatory: .*creates no log group named/)]);
    });

    it("defers an aws-native instance whose attributes are not known yet, and a log group whose logGroupName is not", async () => {
        expect(await messages([nativeInstance(UNKNOWN)])).toEqual([expect.stringMatching(/^advisory: .*`attributes` is not known yet/)]);
        expect(await messages([instance(), nativeLogGroup({ logGroupName: UNKNOWN })])).toEqual([
            expect.stringMatching(/^advisory: .*the name of log group 'flow-logs' is not known yet; it may be \/aws\/connect\/acme-contact/),
        ]);
    });

    it("accepts an aws-native log group keyed by an aws-native key of the stack at first preview", async () => {
        const key: ExampleResource = { name: "flow-logs-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true } };
        expect(await messages([key, instance(), { ...nativeLogGroup({ kmsKeyId: UNKNOWN }), propertyDependencies: { kmsKeyId: ["flow-logs-key"] } }])).toEqual([]);
    });

    it("does not take a group of the right name in another aws-native provider's region", async () => {
        const london: ExampleResource = { name: "london", type: "pulumi:providers:aws-native", props: { region: "eu-west-2" } };
        expect(await messages([london, instance(), { ...nativeLogGroup(), provider: "london" }])).toEqual([
            expect.stringContaining("lives in another region than the instance"),
        ]);
    });
});
