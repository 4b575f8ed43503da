/**
 * Customer profiles, Lex transcripts and Lex sessions are kept no longer than the team's maximum.
 *
 * Customer Profiles deletes profile objects `defaultExpirationDays` after they arrive (an object
 * type's own `expirationDays` overrides it), so that number is the storage period GDPR asks a
 * controller to limit. Lex conversation logs put every caller's words into a CloudWatch log group,
 * which keeps them forever unless the group expires its events. And Lex keeps a conversation's
 * session (slot values such as account numbers and dates of birth) for `idleSessionTtlInSeconds`
 * after the caller's last turn: a contact-centre bot rarely needs more than minutes.
 *
 * The buckets that receive Customer Profiles exports and Lex audio logs are contact data buckets;
 * their expiry is judged by retention-contact-data-expiry. Amazon Connect Cases and outbound
 * campaigns take no retention setting in code.
 */
import { stackControl, type ExampleResource, type StackFindings } from "../control";
import {
    CUSTOMER_PROFILES_DOMAIN,
    isWriting,
    LEX_V2_BOT,
    lexConversationLogs,
    resolveLogGroupArn,
} from "../lib/contact-stores";
import { describeValue, isAbsent, numberOf } from "../lib/describe";
import { LOG_GROUP, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { propertyAt, type PropertyAt } from "../lib/property-path";

interface Config {
    maxContactDataRetentionDays: number;
    maxLexIdleSessionTtlSeconds: number;
}

interface Limit {
    max: number;
    unit: "days" | "seconds";
    parameter: keyof Config;
    /** What is kept, for messages: `profile objects`. */
    kept: string;
    /** What happens when the period is not set. */
    whenAbsent: string;
}

/** A period that must be set and at most `max`: reports what is wrong, or nothing. */
function judgePeriod(
    resource: GraphResource,
    subject: string,
    at: PropertyAt,
    limit: Limit,
    findings: StackFindings,
    owner = resource,
) {
    const fix = `Set \`${at.path}\` to at most ${limit.max} ${limit.unit}.`;
    if (isUnknown(at.value)) {
        findings.undecided(owner, `${subject}: \`${at.path}\` is not known yet, so whether it stays within ${limit.max} ${limit.unit} cannot be checked.`);
        return;
    }
    if (isAbsent(at.value)) {
        findings.violation(owner, `${subject} leaves \`${at.path}\` unset, so ${limit.whenAbsent}. ${fix}`);
        return;
    }
    const value = numberOf(at.value);
    if (value === undefined || value <= 0) {
        findings.violation(owner, `${subject} sets \`${at.path}\` to ${describeValue(at.value)}, which is no period. ${fix}`);
    } else if (value > limit.max) {
        findings.violation(owner, `${subject} keeps ${limit.kept} ${value} ${limit.unit} (\`${at.path}\`), longer than the allowed ${limit.max} (parameter ${limit.parameter}). ${fix}`);
    }
}

function contactDataLimit(config: Config, kept: string, whenAbsent: string): Limit {
    return { max: config.maxContactDataRetentionDays, unit: "days", parameter: "maxContactDataRetentionDays", kept, whenAbsent };
}

function judgeProfilesDomain(_stack: StackGraph, domain: GraphResource, config: Config, findings: StackFindings) {
    const limit = contactDataLimit(config, "profile objects", "Customer Profiles has no period to delete profile objects after");
    judgePeriod(domain, `Customer Profiles domain '${domain.name}'`, propertyAt(domain.props, ["defaultExpirationDays"]), limit, findings);
}

/** Without its own period an object type expires with its domain's default, judged on the domain. */
function judgeProfilesObjectType(_stack: StackGraph, objectType: GraphResource, config: Config, findings: StackFindings) {
    const expiration = propertyAt(objectType.props, ["expirationDays"]);
    if (isAbsent(expiration.value)) return;
    judgePeriod(objectType, `Customer Profiles object type '${objectType.name}'`, expiration, contactDataLimit(config, "profile objects", "they expire with the domain's default"), findings);
}

function judgeLexSession(_stack: StackGraph, bot: GraphResource, config: Config, findings: StackFindings) {
    judgePeriod(
        bot,
        `Lex bot '${bot.name}'`,
        propertyAt(bot.props, ["idleSessionTtlInSeconds"]),
        { max: config.maxLexIdleSessionTtlSeconds, unit: "seconds", parameter: "maxLexIdleSessionTtlSeconds", kept: "idle sessions", whenAbsent: "Lex keeps idle sessions for its default period" },
        findings,
    );
}

/** A DELIVERY-class log group keeps events two days whatever `retentionInDays` says. */
function judgeLexTranscripts(stack: StackGraph, owner: GraphResource, config: Config, findings: StackFindings) {
    const label = owner.type === NATIVE.LEX_BOT ? `Lex bot '${owner.name}' (its draft alias)` : `Lex bot alias '${owner.name}'`;
    const logs = lexConversationLogs(owner, "textLogSettings");
    if (logs.unknown) {
        findings.undecided(owner, `${label}: \`${logs.unknown.path}\` is not known yet, so whether its transcripts expire cannot be checked.`);
    }
    for (const setting of logs.settings.filter(isWriting)) {
        const logGroupArn = setting.destination("cloudWatch", "cloudWatchLogGroupArn");
        const groups = resolveLogGroupArn(stack, owner, logGroupArn);
        if (groups.kind === "unknown") {
            findings.undecided(owner, `${label}: \`${logGroupArn.path}\` is not known yet, so whether the transcripts' log group expires them cannot be checked.`);
        }
        if (groups.kind !== "resources") continue;
        for (const group of groups.resources) {
            const logGroupClass = group.props["logGroupClass"];
            if (logGroupClass === "DELIVERY") continue;
            const subject = `${group.type === LOG_GROUP ? "CloudWatch" : "aws-native"} log group '${group.name}' (where ${label} logs callers' conversation transcripts)`;
            // Classic `retentionInDays: 0` is the provider's spelling of "never expire".
            const retention = propertyAt(group.props, ["retentionInDays"]);
            const neverExpires = { ...retention, value: retention.value === 0 ? undefined : retention.value };
            judgePeriod(
                group,
                subject,
                neverExpires,
                contactDataLimit(config, "transcripts", "CloudWatch keeps the transcripts forever"),
                findings,
                owner,
            );
        }
    }
}

type Judge = (stack: StackGraph, resource: GraphResource, config: Config, findings: StackFindings) => void;

const JUDGES: Readonly<Record<string, Judge[]>> = {
    [CUSTOMER_PROFILES_DOMAIN]: [judgeProfilesDomain],
    [NATIVE.CUSTOMER_PROFILES_DOMAIN]: [judgeProfilesDomain],
    [NATIVE.CUSTOMER_PROFILES_OBJECT_TYPE]: [judgeProfilesObjectType],
    [LEX_V2_BOT]: [judgeLexSession],
    [NATIVE.LEX_BOT]: [judgeLexSession, judgeLexTranscripts],
    [NATIVE.LEX_BOT_ALIAS]: [judgeLexTranscripts],
};
const JUDGED = Object.keys(JUDGES);

const of = (type: string, name: string, props: Record<string, unknown>, extra: Partial<ExampleResource> = {}): ExampleResource => ({ name, type, props, ...extra });
const logGroupArn = "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lex/acme-ivr:*";
const transcripts = (logGroupArnValue: unknown = logGroupArn) => ({
    textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: logGroupArnValue, logPrefix: "text/" } } }],
});
const lexRole = "arn:aws:iam::111122223333:role/lex";

export const contactStoresRetention = stackControl<Config>({
    name: "retention-contact-stores-retention",
    title: "Customer profiles, Lex transcripts and Lex sessions expire within the maximum",
    area: "retention",
    description:
        "Customer Profiles domains (both providers) set `defaultExpirationDays`, and aws-native object types that set their own " +
        "`expirationDays` keep it, within `maxContactDataRetentionDays`; the CloudWatch log group (either provider) that a Lex V2 " +
        "bot's conversation logs write transcripts to (aws-native `lex:Bot` `testBotAliasSettings.conversationLogSettings` or " +
        "`lex:BotAlias` `conversationLogSettings.textLogSettings`) expires its events within the same maximum; Lex V2 bots (classic " +
        "`lex.V2modelsBot`, aws-native `lex:Bot`) keep idle sessions no longer than `maxLexIdleSessionTtlSeconds`. Buckets receiving " +
        "Customer Profiles exports or Lex audio logs are contact data buckets, judged by retention-contact-data-expiry. Amazon Connect " +
        "Cases and outbound campaigns take no retention setting in code.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 5(1)(e)", "Art. 5(1)(c)", "Art. 25(2)"], pciDss: ["3.2.1"], iso27001: ["A.8.10", "A.5.34"] },
    remediation: [
        "Customer Profiles: set the domain's `defaultExpirationDays` (and any object type's `expirationDays`) to at most maxContactDataRetentionDays.",
        "Lex conversation logs: create the transcripts' log group in the stack (`aws.cloudwatch.LogGroup` or `aws-native.logs.LogGroup`) with `retentionInDays` at most maxContactDataRetentionDays.",
        "Lex bots: set `idleSessionTtlInSeconds` to what a conversation needs (Lex's console default is 300), at most maxLexIdleSessionTtlSeconds.",
    ],
    parameters: {
        maxContactDataRetentionDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Longest time, in days, contact data may be kept: customer profile objects and Lex transcripts included.",
        },
        maxLexIdleSessionTtlSeconds: {
            type: "integer",
            minimum: 60,
            maximum: 86_400,
            default: 3_600,
            description: "Longest a Lex V2 bot may keep an idle conversation's session (slot values, attributes), in seconds (Lex accepts 60 to 86400).",
        },
    },
    examples: [
        {
            title: "a Customer Profiles domain that deletes profile objects after a year",
            verdict: "compliant",
            resources: [of(CUSTOMER_PROFILES_DOMAIN, "profiles", { domainName: "acme", defaultExpirationDays: 365 })],
        },
        {
            title: "a Customer Profiles domain keeping profile objects for three years",
            verdict: "violation",
            resources: [of(CUSTOMER_PROFILES_DOMAIN, "profiles", { domainName: "acme", defaultExpirationDays: 1095 })],
        },
        {
            title: "aws-native: an object type overriding its domain's period with ten years",
            verdict: "violation",
            resources: [
                of(NATIVE.CUSTOMER_PROFILES_DOMAIN, "profiles", { domainName: "acme", defaultExpirationDays: 180 }),
                of(NATIVE.CUSTOMER_PROFILES_OBJECT_TYPE, "orders", { domainName: "acme", description: "orders", expirationDays: 3650 }),
            ],
        },
        {
            title: "first preview: the domain's period comes from another resource's output",
            verdict: "deferred",
            resources: [of(NATIVE.CUSTOMER_PROFILES_DOMAIN, "profiles", { defaultExpirationDays: UNKNOWN })],
        },
        {
            title: "aws-native: a bot with a five-minute session whose draft alias logs transcripts to a group expiring after 90 days",
            verdict: "compliant",
            resources: [
                of(NATIVE.LOG_GROUP, "lex-transcripts", { logGroupName: "/aws/lex/acme-ivr", retentionInDays: 90 }),
                of(NATIVE.LEX_BOT, "ivr", { dataPrivacy: { childDirected: false }, idleSessionTtlInSeconds: 300, roleArn: lexRole, testBotAliasSettings: { conversationLogSettings: transcripts() } }),
            ],
        },
        {
            title: "mixed providers: an aws-native bot alias logging transcripts to a classic log group that never expires",
            verdict: "violation",
            resources: [
                of(LOG_GROUP, "lex-transcripts", { name: "/aws/lex/acme-ivr" }),
                of(NATIVE.LEX_BOT_ALIAS, "live", { botId: "ABCDEFGHIJ", conversationLogSettings: transcripts() }),
            ],
        },
        {
            title: "first preview: the transcripts' log group comes from an output no dependency explains",
            verdict: "deferred",
            resources: [of(NATIVE.LEX_BOT_ALIAS, "live", { botId: "ABCDEFGHIJ", conversationLogSettings: transcripts(UNKNOWN) })],
        },
        {
            title: "a classic Lex V2 bot keeping idle sessions for a day",
            verdict: "violation",
            resources: [of(LEX_V2_BOT, "ivr", { name: "acme-ivr", idleSessionTtlInSeconds: 86_400, roleArn: lexRole, dataPrivacies: [{ childDirected: false }] })],
        },
        {
            title: "a classic Lex V2 bot keeping idle sessions for five minutes",
            verdict: "compliant",
            resources: [of(LEX_V2_BOT, "ivr", { name: "acme-ivr", idleSessionTtlInSeconds: 300, roleArn: lexRole, dataPrivacies: [{ childDirected: false }] })],
        },
    ],
    judges: JUDGED,
    check(stack, config, findings) {
        for (const resource of stack.ofType(JUDGED)) for (const judge of JUDGES[resource.type]) judge(stack, resource, config, findings);
    },
});

