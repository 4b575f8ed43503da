import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { CUSTOMER_PROFILES_DOMAIN, LEX_V2_BOT } from "../../../policies/lib/contact-stores";
import { LOG_GROUP, NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { contactStoresRetention } from "../../../policies/retention/contact-stores-retention";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";

async function outcome(resources: ExampleResource[], config: Record<string, unknown> = {}) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources };
    const findings = await findingsOf(contactStoresRetention, example, config);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

const domain = (props: Record<string, unknown>, type = CUSTOMER_PROFILES_DOMAIN): ExampleResource => ({ name: "profiles", type, props: { domainName: "acme", ...props } });
const arn = "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lex/acme";
const alias = (cloudWatchLogGroupArn: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "live",
    type: NATIVE.LEX_BOT_ALIAS,
    props: { botId: "ABCDEFGHIJ", conversationLogSettings: { textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn, logPrefix: "t/" } } }] } },
    ...extra,
});
const group = (props: Record<string, unknown>, type = LOG_GROUP): ExampleResource => ({
    name: "transcripts",
    type,
    props: { [type === LOG_GROUP ? "name" : "logGroupName"]: "/aws/lex/acme", ...props },
});

describeControlExamples(contactStoresRetention);

describe("retention-contact-stores-retention", () => {
    describe("Customer Profiles", () => {
        it("names the domain, the period, the maximum and its parameter", async () => {
            const { blocking } = await outcome([domain({ defaultExpirationDays: 1095 })]);
            expect(blocking[0].urn).toBe(urnOf(CUSTOMER_PROFILES_DOMAIN, "profiles"));
            expect(blocking[0].message).toContain(
                "Customer Profiles domain 'profiles' keeps profile objects 1095 days (`defaultExpirationDays`), longer than the allowed 365 (parameter maxContactDataRetentionDays)",
            );
        });

        it("follows the team's maximum", async () => {
            expect((await outcome([domain({ defaultExpirationDays: 365 })], { maxContactDataRetentionDays: 180 })).blocking).toHaveLength(1);
        });

        it("blocks an aws-native domain without defaultExpirationDays", async () => {
            const { blocking } = await outcome([domain({}, NATIVE.CUSTOMER_PROFILES_DOMAIN)]);
            expect(blocking[0].message).toContain("leaves `defaultExpirationDays` unset");
        });

        it.each([0, -3, "soon"])("blocks a period of %j", async (days) => {
            expect((await outcome([domain({ defaultExpirationDays: days })])).blocking[0].message).toMatch(/which is no period/);
        });

        it("reads a numeric string from hand-written state", async () => {
            expect((await outcome([domain({ defaultExpirationDays: "90" })])).blocking).toEqual([]);
        });

        it("lets an object type without its own period expire with its domain", async () => {
            const objectType: ExampleResource = { name: "orders", type: NATIVE.CUSTOMER_PROFILES_OBJECT_TYPE, props: { domainName: "acme", description: "orders" } };
            expect((await outcome([domain({ defaultExpirationDays: 90 }, NATIVE.CUSTOMER_PROFILES_DOMAIN), objectType])).blocking).toEqual([]);
        });
    });

    describe("Lex transcripts", () => {
        it("blocks an aws-native log group without retentionInDays, on the bot alias", async () => {
            const { blocking } = await outcome([group({}, NATIVE.LOG_GROUP), alias(arn)]);
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(NATIVE.LEX_BOT_ALIAS, "live"));
            expect(blocking[0].message).toContain("aws-native log group 'transcripts' (where Lex bot alias 'live' logs callers' conversation transcripts) leaves `retentionInDays` unset");
        });

        it("blocks a classic log group whose retentionInDays is 0 (never expire)", async () => {
            expect((await outcome([group({ retentionInDays: 0 }), alias(arn)])).blocking[0].message).toMatch(/CloudWatch keeps the transcripts forever/);
        });

        it("blocks transcripts kept longer than the contact data maximum", async () => {
            expect((await outcome([group({ retentionInDays: 731 }), alias(arn)])).blocking[0].message).toContain("keeps transcripts 731 days");
        });

        it("accepts a DELIVERY-class log group, which keeps events two days", async () => {
            expect((await outcome([group({ logGroupClass: "DELIVERY" }), alias(arn)])).blocking).toEqual([]);
        });

        it("relates the log group through property dependencies during a first preview", async () => {
            const { blocking } = await outcome([group({ retentionInDays: 3653 }), alias(UNKNOWN, { propertyDependencies: { conversationLogSettings: ["transcripts"] } })]);
            expect(blocking).toHaveLength(1);
        });

        it("defers a log group whose retention is not known yet", async () => {
            const { deferred } = await outcome([group({ retentionInDays: UNKNOWN }), alias(arn)]);
            expect(deferred[0].message).toContain("`retentionInDays` is not known yet");
        });

        it("defers conversation logs that are not known yet", async () => {
            const { deferred } = await outcome([{ ...alias(arn), props: { botId: "A", conversationLogSettings: UNKNOWN } }]);
            expect(deferred[0].message).toContain("`conversationLogSettings` is not known yet");
        });

        it("leaves a log group of another stack to that stack", async () => {
            expect((await outcome([alias(arn)])).blocking).toEqual([]);
        });
    });

    describe("Lex sessions", () => {
        it("follows the team's session maximum", async () => {
            const bot: ExampleResource = { name: "ivr", type: LEX_V2_BOT, props: { idleSessionTtlInSeconds: 900 } };
            expect((await outcome([bot])).blocking).toEqual([]);
            expect((await outcome([bot], { maxLexIdleSessionTtlSeconds: 600 })).blocking[0].message).toContain(
                "Lex bot 'ivr' keeps idle sessions 900 seconds (`idleSessionTtlInSeconds`), longer than the allowed 600 (parameter maxLexIdleSessionTtlSeconds)",
            );
        });

        it("judges the aws-native bot's session too", async () => {
            const bot: ExampleResource = { name: "ivr", type: NATIVE.LEX_BOT, props: { idleSessionTtlInSeconds: 86_400 } };
            expect((await outcome([bot])).blocking).toHaveLength(1);
        });
    });

    it("never throws on arbitrary property values", () => {
        const value = fc.oneof(fc.constant(UNKNOWN), fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.object({ maxDepth: 3 }));
        const types = contactStoresRetention.judges as readonly string[];
        const config = { maxContactDataRetentionDays: 365, maxLexIdleSessionTtlSeconds: 3600 };
        fc.assert(
            fc.property(
                fc.constantFrom(...types),
                fc.dictionary(fc.constantFrom("defaultExpirationDays", "expirationDays", "idleSessionTtlInSeconds", "conversationLogSettings", "testBotAliasSettings"), value),
                (type, props) => {
                    const resource: GraphResource = { urn: `urn:${type}`, type, name: "r", props, dependencies: [], propertyDependencies: {} };
                    contactStoresRetention.check(new StackGraph([resource]), config, { violation: () => undefined, undecided: () => undefined });
                },
            ),
        );
    });
});
