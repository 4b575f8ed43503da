import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { effectiveRegion } from "../../../policies/lib/effective-region";
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
