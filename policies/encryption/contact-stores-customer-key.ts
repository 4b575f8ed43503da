/**
 * The services around Amazon Connect that keep callers' personal data encrypt it with a key the
 * customer manages.
 *
 * Customer Profiles holds the richest record a contact centre has (names, addresses, phone numbers,
 * order history, every contact); Lex conversation logs keep what callers said and typed, audio
 * included; Amazon Q in Connect (Wisdom) indexes knowledge and transcripts; AppIntegrations copies
 * CRM data in; Voice ID kept voiceprints. Each encrypts with a key AWS owns unless told otherwise,
 * and such a key can be neither restricted by a key policy the customer writes, nor disabled to cut
 * off access after a breach. Where a service hands its data on (Customer Profiles' dead-letter
 * queue, Lex text logs in CloudWatch), the queue or log group it writes to needs a customer key too.
 *
 * Amazon Connect Cases (aws-native `cases:Domain`: a name and tags) and outbound campaigns
 * (`connectcampaigns` / `connectcampaignsv2` `Campaign`) take no key in code: they encrypt with keys
 * AWS owns, so there is nothing to judge on them here. The classic provider has no Wisdom, Voice ID,
 * Cases or campaign types, and no Lex V2 bot alias, so conversation logs exist only in aws-native.
 */
import { stackControl, type ExampleResource, type StackFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import {
    ANY_CUSTOMER_PROFILES_DOMAIN,
    APPINTEGRATIONS_DATA_INTEGRATION,
    CUSTOMER_PROFILES_DOMAIN,
    CUSTOMER_PROFILES_OBJECT_TYPES,
    isWriting,
    LEX_CONVERSATION_LOG_OWNERS,
    lexConversationLogs,
    resolveAt,
    resolveLogGroupArn,
    resolveQueueUrl,
} from "../lib/contact-stores";
import { describeValue } from "../lib/describe";
import { ANY_CUSTOMER_KEY, LOG_GROUP, NATIVE, SQS_QUEUE } from "../lib/resource-types";
import type { GraphResource, Reference, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { isSet, propertyAt, type PropertyAt } from "../lib/property-path";

const CUSTOMER_KEY_FIX = "the ARN of a customer-managed KMS key (`key.arn` of an `aws.kms.Key` or `aws-native.kms.Key`)";

interface KeyRequirement {
    /** Who is judged, for messages: `Customer Profiles domain 'profiles'`. */
    subject: string;
    /** What the service does without a customer key. */
    withoutKey: string;
}

/**
 * `at` must name a customer-managed key. A key not known during preview is decided when it comes
 * from a key of this stack (its property dependencies say so): AWS-managed keys already exist and
 * are named by literal.
 */
function requireCustomerKey(stack: StackGraph, resource: GraphResource, at: PropertyAt, need: KeyRequirement, findings: StackFindings, owner = resource) {
    if (isUnknown(at.value)) {
        if (resolveAt(stack, resource, at, ANY_CUSTOMER_KEY).kind === "resources") return;
        findings.undecided(owner, `${need.subject}: \`${at.path}\` is not known yet, so whether it names a customer-managed key cannot be checked.`);
    } else if (!isSet(at)) {
        findings.violation(owner, `${need.subject} has no \`${at.path}\`, so ${need.withoutKey}. Set \`${at.path}\` to ${CUSTOMER_KEY_FIX}.`);
    } else if (typeof at.value !== "string") {
        findings.violation(owner, `${need.subject} sets \`${at.path}\` to ${describeValue(at.value)}, which names no KMS key. Set it to ${CUSTOMER_KEY_FIX}.`);
    } else if (isAwsManagedKeyAlias(at.value)) {
        findings.violation(
            owner,
            `${need.subject} sets \`${at.path}\` to the AWS-managed key ${describeValue(at.value)}, whose key policy the customer cannot restrict. ` +
                `Set it to ${CUSTOMER_KEY_FIX}.`,
        );
    }
}

/**
 * The queue or log group a service writes contact data to, judged on the service: the message says
 * why that queue or group matters. One in another stack is judged where it is declared.
 */
function requireEncryptedDestination(
    stack: StackGraph,
    resource: GraphResource,
    reference: Reference,
    via: PropertyAt,
    label: string,
    describe: (target: GraphResource) => { subject: string; keyProperty: string; withoutKey: string },
    findings: StackFindings,
) {
    if (reference.kind === "unknown") {
        findings.undecided(resource, `${label}: \`${via.path}\` is not known yet, so whether its destination is encrypted with a customer key cannot be checked.`);
        return;
    }
    if (reference.kind !== "resources") return;
    for (const target of reference.resources) {
        const { subject, keyProperty, withoutKey } = describe(target);
        requireCustomerKey(stack, target, propertyAt(target.props, [keyProperty]), { subject, withoutKey }, findings, resource);
    }
}

type Judge = (stack: StackGraph, resource: GraphResource, findings: StackFindings) => void;

const judgeProfilesDomain: Judge = (stack, domain, findings) => {
    const subject = `Customer Profiles domain '${domain.name}'`;
    requireCustomerKey(stack, domain, propertyAt(domain.props, ["defaultEncryptionKey"]), { subject, withoutKey: "Customer Profiles encrypts its profiles with a key AWS owns" }, findings);
    const deadLetters = propertyAt(domain.props, ["deadLetterQueueUrl"]);
    if (!isSet(deadLetters)) return;
    requireEncryptedDestination(stack, domain, resolveQueueUrl(stack, domain, deadLetters), deadLetters, subject, (queue) => ({
        subject: `SQS queue '${queue.name}' (the \`deadLetterQueueUrl\` of ${subject}, which sends it the profile objects it cannot ingest)`,
        keyProperty: "kmsMasterKeyId",
        withoutKey:
            queue.props["sqsManagedSseEnabled"] === true
                ? "SQS encrypts them with SSE-SQS, keys SQS owns"
                : "SQS encrypts them with keys it owns, if at all",
    }), findings);
};

/** Without its own key an object type uses the domain's default key, which the domain is judged on. */
const judgeProfilesObjectType: Judge = (stack, objectType, findings) => {
    const key = propertyAt(objectType.props, ["encryptionKey"]);
    if (isSet(key)) requireCustomerKey(stack, objectType, key, { subject: `Customer Profiles object type '${objectType.name}'`, withoutKey: "it falls back to its domain's default key" }, findings);
};

/** An AppFlow-based integration encrypts the records in flight with `flowDefinition.kmsArn`. */
const judgeProfilesIntegration: Judge = (stack, integration, findings) => {
    if (!isSet(propertyAt(integration.props, ["flowDefinition"]))) return;
    requireCustomerKey(
        stack,
        integration,
        propertyAt(integration.props, ["flowDefinition", "kmsArn"]),
        { subject: `Customer Profiles integration '${integration.name}'`, withoutKey: "Amazon AppFlow encrypts the imported records with the AWS-managed key aws/appflow" },
        findings,
    );
};

/**
 * Audio logs go to S3 under `kmsKeyArn` (without it, under whatever the bucket does by default);
 * text logs go to a CloudWatch log group, encrypted only when the group has a key.
 */
const judgeLexConversationLogs: Judge = (stack, owner, findings) => {
    const label = owner.type === NATIVE.LEX_BOT ? `Lex bot '${owner.name}' (its draft alias)` : `Lex bot alias '${owner.name}'`;
    for (const kind of ["audioLogSettings", "textLogSettings"] as const) {
        const logs = lexConversationLogs(owner, kind);
        if (logs.unknown) {
            findings.undecided(owner, `${label}: \`${logs.unknown.path}\` is not known yet, so whether its conversation logs are encrypted with a customer key cannot be checked.`);
        }
        for (const setting of logs.settings.filter(isWriting)) {
            if (kind === "audioLogSettings") {
                requireCustomerKey(
                    stack,
                    owner,
                    setting.destination("s3Bucket", "kmsKeyArn"),
                    { subject: `The audio log setting of ${label}`, withoutKey: "Lex leaves the recordings of callers' voices to the bucket's default encryption" },
                    findings,
                );
                continue;
            }
            const logGroupArn = setting.destination("cloudWatch", "cloudWatchLogGroupArn");
            requireEncryptedDestination(stack, owner, resolveLogGroupArn(stack, owner, logGroupArn), logGroupArn, label, (group) => ({
                subject: `${group.type === LOG_GROUP ? "CloudWatch" : "aws-native"} log group '${group.name}' (where ${label} logs conversation transcripts)`,
                keyProperty: "kmsKeyId",
                withoutKey: "CloudWatch Logs encrypts the transcripts with keys AWS owns",
            }), findings);
        }
    }
};

const serverSideKey = (label: string, withoutKey: string): Judge => (stack, resource, findings) =>
    requireCustomerKey(stack, resource, propertyAt(resource.props, ["serverSideEncryptionConfiguration", "kmsKeyId"]), { subject: `${label} '${resource.name}'`, withoutKey }, findings);

const judgeDataIntegration: Judge = (stack, integration, findings) =>
    requireCustomerKey(
        stack,
        integration,
        propertyAt(integration.props, ["kmsKey"]),
        { subject: `AppIntegrations data integration '${integration.name}'`, withoutKey: "AppIntegrations cannot encrypt the copied records with a customer key" },
        findings,
    );

const JUDGES: Readonly<Record<string, Judge>> = {
    ...Object.fromEntries(ANY_CUSTOMER_PROFILES_DOMAIN.map((type) => [type, judgeProfilesDomain])),
    ...Object.fromEntries(CUSTOMER_PROFILES_OBJECT_TYPES.map((type) => [type, judgeProfilesObjectType])),
    [NATIVE.CUSTOMER_PROFILES_INTEGRATION]: judgeProfilesIntegration,
    ...Object.fromEntries(LEX_CONVERSATION_LOG_OWNERS.map((type) => [type, judgeLexConversationLogs])),
    [NATIVE.WISDOM_ASSISTANT]: serverSideKey("Amazon Q in Connect assistant", "Amazon Q in Connect encrypts its sessions and recommendations with a key AWS owns"),
    [NATIVE.WISDOM_KNOWLEDGE_BASE]: serverSideKey("Amazon Q in Connect knowledge base", "Amazon Q in Connect encrypts the indexed content with a key AWS owns"),
    [APPINTEGRATIONS_DATA_INTEGRATION]: judgeDataIntegration,
    [NATIVE.APPINTEGRATIONS_DATA_INTEGRATION]: judgeDataIntegration,
    [NATIVE.VOICEID_DOMAIN]: serverSideKey("Voice ID domain", "Voice ID encrypts its voiceprints with a key AWS owns"),
};

const JUDGED = Object.keys(JUDGES);

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const queueUrl = "https://sqs.eu-central-1.amazonaws.com/111122223333/acme-profiles-dlq";
const logGroupArn = "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lex/acme-ivr:*";
const of = (type: string, name: string, props: Record<string, unknown>, extra: Partial<ExampleResource> = {}): ExampleResource => ({ name, type, props, ...extra });

const profilesDomain = (props: Record<string, unknown>) => of(CUSTOMER_PROFILES_DOMAIN, "profiles", { domainName: "acme", defaultExpirationDays: 365, ...props });
const nativeProfilesDomain = (props: Record<string, unknown>, extra?: Partial<ExampleResource>) =>
    of(NATIVE.CUSTOMER_PROFILES_DOMAIN, "profiles", { domainName: "acme", defaultExpirationDays: 365, ...props }, extra);
const conversationLogs = (audio: Record<string, unknown>, textLogGroupArn: unknown = logGroupArn) => ({
    audioLogSettings: [{ enabled: true, destination: { s3Bucket: { s3BucketArn: "arn:aws:s3:::acme-lex-audio", logPrefix: "audio/", ...audio } } }],
    textLogSettings: [{ enabled: true, destination: { cloudWatch: { cloudWatchLogGroupArn: textLogGroupArn, logPrefix: "text/" } } }],
});
const lexLogGroup = (props: Record<string, unknown>, type: string = NATIVE.LOG_GROUP) =>
    of(type, "lex-transcripts", { [type === NATIVE.LOG_GROUP ? "logGroupName" : "name"]: "/aws/lex/acme-ivr", retentionInDays: 90, ...props });
const botAlias = (props: Record<string, unknown>, extra?: Partial<ExampleResource>) => of(NATIVE.LEX_BOT_ALIAS, "live", { botId: "ABCDEFGHIJ", botAliasName: "live", ...props }, extra);

export const contactStoresCustomerKey = stackControl({
    name: "encryption-contact-stores-customer-key",
    title: "Customer Profiles, Lex logs, Amazon Q in Connect, AppIntegrations and Voice ID use a customer-managed key",
    area: "encryption",
    description:
        "The services around Amazon Connect that keep callers' personal data encrypt it with a customer-managed KMS key: Customer " +
        "Profiles domains set `defaultEncryptionKey` (both providers), object types that name their own `encryptionKey` name a " +
        "customer key, AppFlow-based integrations set `flowDefinition.kmsArn`, and a domain's `deadLetterQueueUrl` leads to an SQS " +
        "queue (of either provider) with a customer `kmsMasterKeyId`; Lex V2 conversation logs (aws-native `lex:Bot` " +
        "`testBotAliasSettings.conversationLogSettings`, `lex:BotAlias` `conversationLogSettings`) write audio with " +
        "`destination.s3Bucket.kmsKeyArn` and text to a log group with a customer `kmsKeyId`; Amazon Q in Connect (Wisdom) " +
        "assistants and knowledge bases and Voice ID domains set `serverSideEncryptionConfiguration.kmsKeyId`; AppIntegrations data " +
        "integrations (both providers) set `kmsKey`. AWS-managed `alias/aws/...` keys do not count. Amazon Connect Cases domains and " +
        "outbound campaigns take no key in code (both encrypt with keys AWS owns), so there is nothing to judge on them.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)", "Art. 25(1)"],
        pciDss: ["3.5.1"],
        iso27001: ["A.8.24", "A.5.34"],
    },
    remediation: [
        "Create a customer-managed key (`aws.kms.Key` or `aws-native.kms.Key`, rotation on) whose key policy lets the service use it (Customer Profiles: `profile.amazonaws.com`; log groups: `logs.<region>.amazonaws.com`).",
        "Customer Profiles: set `defaultEncryptionKey` on the domain (and `encryptionKey` on object types that name their own), and `kmsMasterKeyId` on the dead-letter queue.",
        "Lex (aws-native): in each `audioLogSettings[].destination.s3Bucket` set `kmsKeyArn`; give the `textLogSettings` log group a `kmsKeyId`.",
        "Amazon Q in Connect and Voice ID (aws-native): set `serverSideEncryptionConfiguration.kmsKeyId`. AppIntegrations: set `kmsKey` to the key's ARN.",
    ],
    parameters: {},
    examples: [
        {
            title: "a Customer Profiles domain with a customer key and an encrypted dead-letter queue",
            verdict: "compliant",
            resources: [of(SQS_QUEUE, "profiles-dlq", { name: "acme-profiles-dlq", kmsMasterKeyId: keyArn }), profilesDomain({ defaultEncryptionKey: keyArn, deadLetterQueueUrl: queueUrl })],
        },
        {
            title: "a Customer Profiles domain without defaultEncryptionKey",
            verdict: "violation",
            resources: [profilesDomain({})],
        },
        {
            title: "aws-native: a Customer Profiles domain whose dead-letter queue uses SSE-SQS",
            verdict: "violation",
            resources: [
                of(NATIVE.SQS_QUEUE, "profiles-dlq", { queueName: "acme-profiles-dlq", sqsManagedSseEnabled: true }),
                nativeProfilesDomain({ defaultEncryptionKey: keyArn, deadLetterQueueUrl: queueUrl }),
            ],
        },
        {
            title: "mixed providers, first preview: an aws-native domain and object type keyed by a classic key not created yet",
            verdict: "compliant",
            resources: [
                of("aws:kms/key:Key", "profiles-key", { enableKeyRotation: true }),
                nativeProfilesDomain({ defaultEncryptionKey: UNKNOWN }, { propertyDependencies: { defaultEncryptionKey: ["profiles-key"] } }),
                of(NATIVE.CUSTOMER_PROFILES_OBJECT_TYPE, "orders", { domainName: "acme", description: "orders", encryptionKey: UNKNOWN }, { propertyDependencies: { encryptionKey: ["profiles-key"] } }),
            ],
        },
        {
            title: "aws-native: an object type keyed with an AWS-managed alias",
            verdict: "violation",
            resources: [nativeProfilesDomain({ defaultEncryptionKey: keyArn }), of(NATIVE.CUSTOMER_PROFILES_OBJECT_TYPE, "orders", { domainName: "acme", description: "orders", encryptionKey: "alias/aws/profile" })],
        },
        {
            title: "first preview: a domain's key comes from an output that is no key of this stack",
            verdict: "deferred",
            resources: [profilesDomain({ defaultEncryptionKey: UNKNOWN })],
        },
        {
            title: "aws-native: a Lex bot alias logging audio with a customer key and text to an encrypted log group",
            verdict: "compliant",
            resources: [lexLogGroup({ kmsKeyId: keyArn }), botAlias({ conversationLogSettings: conversationLogs({ kmsKeyArn: keyArn }) })],
        },
        {
            title: "aws-native: a Lex bot whose draft alias logs callers' audio without kmsKeyArn",
            verdict: "violation",
            resources: [
                lexLogGroup({ kmsKeyId: keyArn }),
                of(NATIVE.LEX_BOT, "ivr", { dataPrivacy: { childDirected: false }, idleSessionTtlInSeconds: 300, roleArn: "arn:aws:iam::111122223333:role/lex", testBotAliasSettings: { conversationLogSettings: conversationLogs({}) } }),
            ],
        },
        {
            title: "mixed providers: an aws-native bot alias logging transcripts to a classic log group without kmsKeyId",
            verdict: "violation",
            resources: [lexLogGroup({}, LOG_GROUP), botAlias({ conversationLogSettings: conversationLogs({ kmsKeyArn: keyArn }) })],
        },
        {
            title: "first preview: the transcripts' log group comes from an output no dependency explains",
            verdict: "deferred",
            resources: [botAlias({ conversationLogSettings: conversationLogs({ kmsKeyArn: keyArn }, UNKNOWN) })],
        },
        {
            title: "aws-native: an Amazon Q in Connect assistant and knowledge base with a customer key",
            verdict: "compliant",
            resources: [
                of(NATIVE.WISDOM_ASSISTANT, "agent-assist", { name: "acme", type: "AGENT", serverSideEncryptionConfiguration: { kmsKeyId: keyArn } }),
                of(NATIVE.WISDOM_KNOWLEDGE_BASE, "articles", { name: "acme", knowledgeBaseType: "CUSTOM", serverSideEncryptionConfiguration: { kmsKeyId: keyArn } }),
            ],
        },
        {
            title: "aws-native: an Amazon Q in Connect knowledge base without serverSideEncryptionConfiguration",
            verdict: "violation",
            resources: [of(NATIVE.WISDOM_KNOWLEDGE_BASE, "articles", { name: "acme", knowledgeBaseType: "EXTERNAL" })],
        },
        {
            title: "an AppIntegrations data integration with a customer key",
            verdict: "compliant",
            resources: [of(APPINTEGRATIONS_DATA_INTEGRATION, "crm", { name: "crm", kmsKey: keyArn, sourceUri: "Salesforce://AppFlow/crm", scheduleConfig: { firstExecutionFrom: "1", object: "Account", scheduleExpression: "rate(1 hour)" } })],
        },
        {
            title: "aws-native: an AppIntegrations data integration with an AWS-managed key",
            verdict: "violation",
            resources: [of(NATIVE.APPINTEGRATIONS_DATA_INTEGRATION, "crm", { name: "crm", kmsKey: "alias/aws/appintegrations", sourceUri: "Salesforce://AppFlow/crm" })],
        },
        {
            title: "aws-native: a Voice ID domain with a customer key",
            verdict: "compliant",
            resources: [of(NATIVE.VOICEID_DOMAIN, "voice-id", { name: "acme", serverSideEncryptionConfiguration: { kmsKeyId: keyArn } })],
        },
    ],
    judges: JUDGED,
    check(stack, _config, findings) {
        for (const resource of stack.ofType(JUDGED)) JUDGES[resource.type](stack, resource, findings);
    },
});
