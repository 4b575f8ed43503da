/**
 * Amazon Connect hands callers to Lex bots only in allowed regions.
 *
 * A contact flow that reaches a Lex bot streams the caller's speech (or chat text) to Lex, which
 * transcribes and interprets it in the region the bot lives in. `aws.connect.BotAssociation` lets
 * an instance in Frankfurt use a bot in another region (`lexBot.lexRegion`), so the most personal
 * part of a contact, the caller's own words, can leave the Union with nothing else in the stack
 * changing. Left unset, `lexRegion` is the association's own region. aws-native associates bots with
 * `connect.IntegrationAssociation` (`integrationType: "LEX_BOT"`), naming the bot alias by ARN
 * (`arn:aws:lex:<region>:<account>:bot-alias/<bot id>/<alias id>`): the region is the ARN's.
 */
import { resourceControl, type CheckedResource, type ResourceFindings } from "../control";
import { parseArn } from "../lib/arn";
import { describeValue, isRecord } from "../lib/describe";
import { NATIVE } from "../lib/resource-types";
import { allowedRegions } from "../lib/regions";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { REGION_PARAMETERS, type RegionConfig } from "./region-parameters";

const BOT_ASSOCIATION = "aws:connect/botAssociation:BotAssociation";

const instanceId = "aaaaaaaa-bbbb-cccc-dddd-111111111111";
const association = (lexBot: unknown, props: Record<string, unknown> = {}) => ({
    name: "self-service-bot",
    type: BOT_ASSOCIATION,
    props: { instanceId, lexBot, ...props },
});

const botAliasArn = (region: string) => `arn:aws:lex:${region}:111122223333:bot-alias/BOTID12345/ALIASID123`;
const integration = (integrationType: unknown, integrationArn: unknown) => ({
    name: "self-service-bot",
    type: NATIVE.CONNECT_INTEGRATION_ASSOCIATION,
    props: { instanceId: `arn:aws:connect:eu-central-1:111122223333:instance/${instanceId}`, integrationType, integrationArn },
});

/** aws-native: a LEX_BOT integration's bot runs in the region inside its `integrationArn`. */
function judgeLexIntegration(subject: string, resource: CheckedResource, allowed: string[], findings: ResourceFindings) {
    const integrationType = resource.props["integrationType"];
    if (isUnknown(integrationType)) {
        findings.undecided(`${subject}: \`integrationType\`, which tells whether it hands callers to a Lex bot, is not known yet.`);
        return;
    }
    if (integrationType !== "LEX_BOT") return;
    const integrationArn = resource.props["integrationArn"];
    if (isUnknown(integrationArn)) {
        findings.undecided(`${subject}: \`integrationArn\`, whose region is the Lex bot's, is not known yet.`);
        return;
    }
    const fix = `Use a bot alias in one of ${allowed.join(", ")} and pass its ARN as \`integrationArn\`.`;
    const region = parseArn(integrationArn)?.region;
    if (!region) {
        findings.violation(`${subject} sets \`integrationArn\` to ${describeValue(integrationArn)}, which is not a Lex bot ARN with a region, so where callers' speech goes cannot be shown. ${fix}`);
    } else if (!allowed.includes(region)) {
        findings.violation(`${subject} hands callers to a Lex bot in ${region} (\`integrationArn\` ${describeValue(integrationArn)}), outside the allowed regions: Connect would send their speech and text there. ${fix}`);
    }
}

export const lexBotRegion = resourceControl<RegionConfig>({
    name: "residency-lex-bot-region",
    title: "Connect uses Lex bots only in allowed regions",
    area: "residency",
    description:
        "Every `aws.connect.BotAssociation` names a Lex bot in an allowed region: `lexBot.lexRegion`, or when it is unset the " +
        "association's own region (its `region` input, else its provider's). Connect sends the caller's audio or chat text to " +
        "the bot's region. aws-native `connect.IntegrationAssociation` with `integrationType: \"LEX_BOT\"` is judged by the region " +
        "inside its `integrationArn` (the Lex V2 bot alias ARN).",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 44", "Art. 46"], pciDss: [], iso27001: ["A.5.23"] },
    remediation: [
        "Build the Lex bot in the instance's region (an allowed one, e.g. eu-central-1) and set `lexBot.lexRegion` to it (aws-native: pass that region's bot alias ARN as `integrationArn`).",
        "If the bot's region is lawful for your data (an adequacy decision, safeguards under Art. 46), allow it through this policy's `profile` or `regions` parameters and record why.",
    ],
    parameters: REGION_PARAMETERS,
    appliesTo: [BOT_ASSOCIATION, NATIVE.CONNECT_INTEGRATION_ASSOCIATION],
    examples: [
        { title: "a bot in Frankfurt", verdict: "compliant", resources: [association({ name: "SelfService", lexRegion: "eu-central-1" })] },
        { title: "a bot whose lexRegion defaults to the association's Frankfurt region", verdict: "compliant", resources: [association({ name: "SelfService" })] },
        { title: "a bot in us-east-1", verdict: "violation", resources: [association({ name: "SelfService", lexRegion: "us-east-1" })] },
        {
            title: "a bot in London under the default eu-member-states profile",
            verdict: "violation",
            resources: [association({ name: "SelfService", lexRegion: "eu-west-2" })],
        },
        {
            title: "a bot in London under the eu-plus-adequacy profile",
            verdict: "compliant",
            config: { regionProfile: "eu-plus-adequacy" },
            resources: [association({ name: "SelfService", lexRegion: "eu-west-2" })],
        },
        {
            title: "a bot defaulting to the association's region, which is us-west-2",
            verdict: "violation",
            resources: [association({ name: "SelfService" }, { region: "us-west-2" })],
        },
        {
            title: "first preview: lexRegion comes from an output not known yet",
            verdict: "deferred",
            resources: [association({ name: "SelfService", lexRegion: UNKNOWN }, { instanceId: UNKNOWN })],
        },
        {
            title: "first preview: a literal us-east-1 bot blocks even with the instance id unknown",
            verdict: "violation",
            resources: [association({ name: "SelfService", lexRegion: "us-east-1" }, { instanceId: UNKNOWN })],
        },
        { title: "aws-native: a LEX_BOT integration with a bot alias in Frankfurt", verdict: "compliant", resources: [integration("LEX_BOT", botAliasArn("eu-central-1"))] },
        { title: "aws-native: a LEX_BOT integration with a bot alias in us-east-1", verdict: "violation", resources: [integration("LEX_BOT", botAliasArn("us-east-1"))] },
        {
            title: "aws-native: a Lambda integration is not a Lex bot (the region allow-list judges functions of the stack)",
            verdict: "compliant",
            resources: [integration("LAMBDA_FUNCTION", "arn:aws:lambda:us-east-1:111122223333:function:lookup")],
        },
        {
            title: "aws-native first preview: the bot alias ARN is the output of an aws-native lex.BotAlias in the stack",
            verdict: "deferred",
            resources: [{ name: "self-service-alias", type: NATIVE.LEX_BOT_ALIAS, props: { botId: UNKNOWN, botAliasName: "live" } }, { ...integration("LEX_BOT", UNKNOWN), propertyDependencies: { integrationArn: ["self-service-alias"] } }],
        },
    ],
    check(resource, config, findings) {
        const allowed = allowedRegions(config.regionProfile, config.regions);
        if (resource.type === NATIVE.CONNECT_INTEGRATION_ASSOCIATION) {
            judgeLexIntegration(`Connect integration association '${resource.name}'`, resource, allowed, findings);
            return;
        }
        const subject = `Connect bot association '${resource.name}'`;
        const lexBot = resource.props["lexBot"];
        if (isUnknown(lexBot)) {
            findings.undecided(`${subject}: \`lexBot\` is not known yet.`);
            return;
        }
        const lexRegion = isRecord(lexBot) ? lexBot["lexRegion"] : undefined;
        if (isUnknown(lexRegion)) {
            findings.undecided(`${subject}: \`lexBot.lexRegion\` is not known yet.`);
            return;
        }
        const fix = `Use a bot in one of ${allowed.join(", ")} and set \`lexBot.lexRegion\` to its region.`;
        if (typeof lexRegion === "string" && lexRegion !== "") {
            if (!allowed.includes(lexRegion)) {
                findings.violation(`${subject} sets \`lexBot.lexRegion\` to ${describeValue(lexRegion)}, outside the allowed regions: Connect would send callers' speech and text there. ${fix}`);
            }
            return;
        }
        if (lexRegion !== undefined && lexRegion !== null && lexRegion !== "") {
            findings.violation(`${subject} sets \`lexBot.lexRegion\` to ${describeValue(lexRegion)}, which is not a region. ${fix}`);
            return;
        }
        // Unset: Lex is called in the association's own region.
        const region = resource.region;
        if (region.kind === "unknown") {
            findings.undecided(`${subject}: \`lexBot.lexRegion\` is unset and the association's region (from ${region.from === "resource" ? "`region`" : "its provider"}) is not known yet.`);
        } else if (region.kind === "unset") {
            findings.violation(`${subject} leaves \`lexBot.lexRegion\` unset and has no region of its own (no \`region\`, no provider region), so the bot's region cannot be shown. ${fix}`);
        } else if (region.kind === "known" && !allowed.includes(region.region)) {
            findings.violation(
                `${subject} leaves \`lexBot.lexRegion\` unset, so the bot is in the association's region ${region.region}, outside the allowed regions. ${fix}`,
            );
        }
    },
});
