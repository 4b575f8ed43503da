/**
 * The other places a contact centre keeps personal data, in the shape of either provider: Customer
 * Profiles domains and object types, Lex V2 bots and their conversation logs, Amazon Q in Connect
 * (Wisdom), AppIntegrations, Voice ID, and the Kinesis streams, Firehose delivery streams, queues
 * and log groups that carry their data on. Tokens and property names are checked against the
 * `*.d.ts` of @pulumi/aws 7 and @pulumi/aws-native 1.79.
 *
 * Readers return a value together with the path to quote in messages and the top-level input the
 * engine keys `propertyDependencies` by, so a control can resolve it through the graph during a
 * first preview and name it to people.
 */
import { isSet, propertyAt, type PropertyAt } from "./property-path";
import { ANY_LOG_GROUP, ANY_SQS_QUEUE, NATIVE } from "./resource-types";
import type { GraphResource, Reference, StackGraph } from "./stack-graph";
import { isUnknown } from "./unknown";

export const CUSTOMER_PROFILES_DOMAIN = "aws:customerprofiles/domain:Domain";
export const LEX_V2_BOT = "aws:lex/v2modelsBot:V2modelsBot";
export const APPINTEGRATIONS_DATA_INTEGRATION = "aws:appintegrations/dataIntegration:DataIntegration";

export const ANY_CUSTOMER_PROFILES_DOMAIN = [CUSTOMER_PROFILES_DOMAIN, NATIVE.CUSTOMER_PROFILES_DOMAIN] as const;
/** Object types may each name their own key and expiry; without them the domain's defaults apply. */
export const CUSTOMER_PROFILES_OBJECT_TYPES = [NATIVE.CUSTOMER_PROFILES_OBJECT_TYPE, NATIVE.CUSTOMER_PROFILES_DOMAIN_OBJECT_TYPE] as const;
export const ANY_LEX_BOT = [LEX_V2_BOT, NATIVE.LEX_BOT] as const;
/** Where Lex conversation logs are configured: the classic provider has no bot alias, so only aws-native. */
export const LEX_CONVERSATION_LOG_OWNERS = [NATIVE.LEX_BOT, NATIVE.LEX_BOT_ALIAS] as const;

// Customer Profiles ----------------------------------------------------------------------------

/**
 * Identity resolution writes its matches, which are whole customer profiles, to the S3 bucket of
 * `exportingConfig.s3Exporting`: ML matching under `matching`, rule-based matching under
 * `ruleBasedMatching`. The same paths in both providers.
 */
export interface ProfileExport {
    bucketName: PropertyAt;
    keyName: PropertyAt;
}

export function customerProfilesExports(domain: { props: Record<string, unknown> }): ProfileExport[] {
    const exports: ProfileExport[] = [];
    for (const matching of ["matching", "ruleBasedMatching"]) {
        const s3Exporting = propertyAt(domain.props, [matching, "exportingConfig", "s3Exporting"]);
        if (!isSet(s3Exporting)) continue;
        exports.push({
            bucketName: propertyAt(domain.props, [matching, "exportingConfig", "s3Exporting", "s3BucketName"]),
            keyName: propertyAt(domain.props, [matching, "exportingConfig", "s3Exporting", "s3KeyName"]),
        });
    }
    return exports;
}

// Lex conversation logs ------------------------------------------------------------------------

/**
 * One audio or text log setting of a bot alias. A bot's own draft alias (`TSTALIASID`) is set on
 * the bot under `testBotAliasSettings`; every other alias on its `lex:BotAlias`. The blocks inside
 * are the same.
 */
export interface LexLogSetting {
    /** Where the setting sits, e.g. `conversationLogSettings.audioLogSettings[0]`. */
    path: string;
    /** Lex writes only while `enabled` is true; a value not known yet counts as writing. */
    enabled: PropertyAt;
    /** A field inside the setting's destination: `s3Bucket.s3BucketArn`, `cloudWatch.cloudWatchLogGroupArn`, ... */
    destination(...path: readonly string[]): PropertyAt;
}

export interface LexLogSettings {
    settings: LexLogSetting[];
    /** The list itself (or a block around it) when it is not known yet. */
    unknown?: PropertyAt;
}

export type LexLogKind = "audioLogSettings" | "textLogSettings";

function conversationLogPath(resource: { type: string }): string[] {
    return resource.type === NATIVE.LEX_BOT ? ["testBotAliasSettings", "conversationLogSettings"] : ["conversationLogSettings"];
}

export function lexConversationLogs(resource: { type: string; props: Record<string, unknown> }, kind: LexLogKind): LexLogSettings {
    const listPath = [...conversationLogPath(resource), kind];
    const list = propertyAt(resource.props, listPath);
    if (isUnknown(list.value)) return { settings: [], unknown: list };
    if (!Array.isArray(list.value)) return { settings: [] };
    const settings = list.value.map((_, index): LexLogSetting => {
        const at = (...path: readonly string[]) => propertyAt(resource.props, [...listPath, index, ...path]);
        return { path: `${list.path}[${index}]`, enabled: at("enabled"), destination: (...path) => at("destination", ...path) };
    });
    return { settings };
}

/** Whether Lex writes through this setting: `enabled: false` is the only way to say it does not. */
export function isWriting(setting: LexLogSetting): boolean {
    return setting.enabled.value !== false && setting.enabled.value !== "false";
}

// Firehose -------------------------------------------------------------------------------------

/**
 * The Kinesis data stream a delivery stream reads from: classic `kinesisSourceConfiguration`,
 * aws-native `kinesisStreamSourceConfiguration`. Without one, the delivery stream takes records put
 * directly (Direct PUT), which is how Connect sends contact trace records to a Firehose.
 */
export function firehoseSourceStream(firehose: { type: string; props: Record<string, unknown> }): PropertyAt {
    const block = firehose.type === NATIVE.FIREHOSE ? "kinesisStreamSourceConfiguration" : "kinesisSourceConfiguration";
    return propertyAt(firehose.props, [block, "kinesisStreamArn"]);
}

export interface FirehoseS3Destination {
    bucketArn: PropertyAt;
    prefix: PropertyAt;
}

/**
 * Every block through which a delivery stream writes objects to S3, as paths: the S3 destination
 * itself (classic `extendedS3Configuration`, v6 having removed the plain `s3` one; aws-native
 * `extendedS3DestinationConfiguration` or `s3DestinationConfiguration`), its backup copy, and the
 * bucket every other destination keeps failed or backed-up records in. Each holds the same records.
 */
const CLASSIC_S3_WRITERS: readonly (readonly string[])[] = [
    ["extendedS3Configuration"],
    ["extendedS3Configuration", "s3BackupConfiguration"],
    ["redshiftConfiguration", "s3Configuration"],
    ["redshiftConfiguration", "s3BackupConfiguration"],
    ...["elasticsearchConfiguration", "opensearchConfiguration", "opensearchserverlessConfiguration", "splunkConfiguration", "httpEndpointConfiguration", "snowflakeConfiguration", "icebergConfiguration"].map(
        (destination) => [destination, "s3Configuration"],
    ),
];
const NATIVE_S3_WRITERS: readonly (readonly string[])[] = [
    ["s3DestinationConfiguration"],
    ["extendedS3DestinationConfiguration"],
    ["extendedS3DestinationConfiguration", "s3BackupConfiguration"],
    ["redshiftDestinationConfiguration", "s3Configuration"],
    ["redshiftDestinationConfiguration", "s3BackupConfiguration"],
    ...[
        "elasticsearchDestinationConfiguration",
        "amazonopensearchserviceDestinationConfiguration",
        "amazonOpenSearchServerlessDestinationConfiguration",
        "splunkDestinationConfiguration",
        "httpEndpointDestinationConfiguration",
        "snowflakeDestinationConfiguration",
        "icebergDestinationConfiguration",
    ].map((destination) => [destination, "s3Configuration"]),
];

export function firehoseS3Destinations(firehose: { type: string; props: Record<string, unknown> }): FirehoseS3Destination[] {
    const writers = firehose.type === NATIVE.FIREHOSE ? NATIVE_S3_WRITERS : CLASSIC_S3_WRITERS;
    return writers
        .filter((path) => isSet(propertyAt(firehose.props, path)))
        .map((path) => ({ bucketArn: propertyAt(firehose.props, [...path, "bucketArn"]), prefix: propertyAt(firehose.props, [...path, "prefix"]) }));
}

// References by URL and ARN --------------------------------------------------------------------

/** What `at` points at among `targets`, through the graph (dependencies first when unknown). */
export function resolveAt(stack: StackGraph, source: GraphResource, at: PropertyAt, targets: readonly string[]): Reference {
    return stack.resolve(source, { property: at.property, value: at.value, targets });
}

/**
 * The queue a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`) names. Deployed
 * classic queues carry the URL as their id and aws-native ones as `queueUrl`; a queue of this
 * program is known by its name, the URL's last segment.
 */
export function resolveQueueUrl(stack: StackGraph, source: GraphResource, at: PropertyAt): Reference {
    const reference = resolveAt(stack, source, at, ANY_SQS_QUEUE);
    if (reference.kind !== "external") return reference;
    const name = reference.value.replace(/\/+$/, "").split("/").pop() ?? "";
    const named = name === "" ? [] : stack.identifiedBy(name, ANY_SQS_QUEUE);
    return named.length > 0 ? { kind: "resources", resources: named } : reference;
}

/** The log group a log-group ARN names; CloudWatch ARNs often end in `:*` (every stream of the group). */
export function resolveLogGroupArn(stack: StackGraph, source: GraphResource, at: PropertyAt): Reference {
    const value = typeof at.value === "string" && !isUnknown(at.value) ? at.value.replace(/:\*$/, "") : at.value;
    return resolveAt(stack, source, { ...at, value }, ANY_LOG_GROUP);
}
