import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { effectiveRegion } from "../../../policies/lib/effective-region";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { lexBotRegion } from "../../../policies/residency/lex-bot-region";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const BOT_ASSOCIATION = "aws:connect/botAssociation:BotAssociation";

const association = (props: Record<string, unknown>, provider?: string): ExampleResource => ({
    name: "self-service-bot",
    type: BOT_ASSOCIATION,
    props: { instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111", ...props },
    provider,
});

async function outcome(resources: ExampleResource[], config: Record<string, unknown> = {}, awsRegion?: string | null) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources, awsRegion };
    const findings = await findingsOf(lexBotRegion, example, config);
    return {
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message),
        deferred: findings.filter((f) => f.message.includes("can't run policy")).map((f) => f.message),
        crashed: findings.some((f) => /could not evaluate/.test(f.message)),
    };
}

describeControlExamples(lexBotRegion);

describe("residency-lex-bot-region", () => {
    it("names the association, the property, the value and the fix", async () => {
        const { blocking } = await outcome([association({ lexBot: { name: "SelfService", lexRegion: "us-east-1" } })]);
        expect(blocking).toHaveLength(1);
        expect(blocking[0]).toContain("Connect bot association 'self-service-bot' sets `lexBot.lexRegion` to \"us-east-1\"");
        expect(blocking[0]).toContain("set `lexBot.lexRegion`");
    });

    it("follows an explicit provider when lexRegion is unset", async () => {
        const virginia: ExampleResource = { name: "virginia", type: "pulumi:providers:aws", props: { region: "us-east-1" } };
        const { blocking } = await outcome([virginia, association({ lexBot: { name: "SelfService" } }, "virginia")]);
        expect(blocking[0]).toContain("association's region us-east-1");
    });

    it("blocks an unset lexRegion when no region is configured anywhere", async () => {
        const { blocking } = await outcome([association({ lexBot: { name: "SelfService" } })], {}, null);
        expect(blocking[0]).toMatch(/no region of its own/);
    });

    it("defers an unset lexRegion while the association's own region is not known yet", async () => {
        const { blocking, deferred } = await outcome([association({ region: UNKNOWN, lexBot: { name: "SelfService" } })]);
        expect(blocking).toEqual([]);
        expect(deferred[0]).toMatch(/association's region \(from `region`\) is not known yet/);
    });

    it("defers a whole lexBot block that is not known yet", async () => {
        const { deferred } = await outcome([association({ lexBot: UNKNOWN })]);
        expect(deferred[0]).toMatch(/`lexBot` is not known yet/);
    });

    it("lets a team allow us-east-1 through its own regions", async () => {
        const { blocking } = await outcome([association({ lexBot: { name: "SelfService", lexRegion: "us-east-1" } })], { regions: ["us-east-1"] });
        expect(blocking).toEqual([]);
    });

    it("blocks a lexRegion that is not a region name at all", async () => {
        const { blocking } = await outcome([association({ lexBot: { name: "SelfService", lexRegion: 42 } })]);
        expect(blocking[0]).toMatch(/to 42, which is not a region/);
    });

    describe("odd input", () => {
        it.each([
            ["lexBot as a string", "SelfService"],
            ["lexBot as null", null],
            ["lexBot as a list", [{ name: "SelfService", lexRegion: "eu-central-1" }]],
            ["lexRegion as an object", { name: "SelfService", lexRegion: { region: "eu-central-1" } }],
        ])("never throws on %s", async (_title, lexBot) => {
            expect((await outcome([association({ lexBot })])).crashed).toBe(false);
        });

        it("never throws on arbitrary property bags", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("eu-central-1"), fc.anything());
            fc.assert(
                fc.property(fc.oneof(value, fc.record({ name: value, lexRegion: value }, { requiredKeys: [] })), value, (lexBot, region) => {
                    const props = { lexBot, region };
                    const resource = { type: BOT_ASSOCIATION, name: "b", urn: "urn:b", props, region: effectiveRegion({ type: BOT_ASSOCIATION, props }) };
                    const noop = () => undefined;
                    expect(() => lexBotRegion.check(resource, { regionProfile: "eu-member-states", regions: [] }, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("residency-lex-bot-region on aws-native integration associations", () => {
    const integration = (props: Record<string, unknown>): ExampleResource => ({
        name: "self-service-bot",
        type: NATIVE.CONNECT_INTEGRATION_ASSOCIATION,
        props: { instanceId: "arn:aws:connect:eu-central-1:111122223333:instance/i-1", ...props },
    });

    it("names the bot's region, the ARN and the fix", async () => {
        const { blocking } = await outcome([integration({ integrationType: "LEX_BOT", integrationArn: "arn:aws:lex:us-west-2:111122223333:bot-alias/B/A" })]);
        expect(blocking).toEqual([expect.stringContaining("Connect integration association 'self-service-bot' hands callers to a Lex bot in us-west-2 (`integrationArn`")]);
        expect(blocking[0]).toContain("pass its ARN as `integrationArn`");
    });

    it("allows London under the eu-plus-adequacy profile", async () => {
        const { blocking } = await outcome([integration({ integrationType: "LEX_BOT", integrationArn: "arn:aws:lex:eu-west-2:111122223333:bot-alias/B/A" })], { regionProfile: "eu-plus-adequacy" });
        expect(blocking).toEqual([]);
    });

    it("blocks an integrationArn that carries no region", async () => {
        for (const integrationArn of ["SelfService", "arn:aws:lex::111122223333:bot-alias/B/A", 42]) {
            const { blocking, crashed } = await outcome([integration({ integrationType: "LEX_BOT", integrationArn })]);
            expect(crashed).toBe(false);
            expect(blocking).toEqual([expect.stringContaining("which is not a Lex bot ARN with a region")]);
        }
    });

    it("defers an integration type not known yet, even with an ARN in an allowed region", async () => {
        const { blocking, deferred } = await outcome([integration({ integrationType: UNKNOWN, integrationArn: "arn:aws:lex:us-east-1:111122223333:bot-alias/B/A" })]);
        expect(blocking).toEqual([]);
        expect(deferred).toEqual([expect.stringContaining("`integrationType`, which tells whether it hands callers to a Lex bot, is not known yet")]);
    });

    it("ignores integrations that are not Lex bots", async () => {
        const { blocking, deferred } = await outcome([integration({ integrationType: "WISDOM_ASSISTANT", integrationArn: "arn:aws:wisdom:us-east-1:111122223333:assistant/x" })]);
        expect([...blocking, ...deferred]).toEqual([]);
    });
});
