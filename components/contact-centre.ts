/**
 * The Amazon Connect instance and where it keeps contact data.
 *
 * Agents come from the organisation's identity provider (SAML or an existing directory), Contact
 * Lens is switched on or off by an explicit decision, and contact flow logs go to the log group
 * `/aws/connect/<alias>` that this component creates first, encrypted with a customer key and
 * expiring, instead of the never-expiring group Connect would create itself. Every data type the
 * caller enables gets a storage config of the type Connect supports for it: recordings, transcripts,
 * reports and evaluations in RecordingStores encrypted with the store's key (given as the full key
 * ARN Connect needs), media streams in Kinesis Video with a customer key and bounded retention,
 * contact trace records, agent events and real-time analysis in ContactDataStreams, with a KMS
 * grant for Connect's service-linked role when the streams use a key Connect is not already granted.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONTACT_DATA_STREAMS, type ContactDataStreamKind, type ContactDataStreams } from "./contact-data-streams";
import { resolveKey, sameKey, type KeyInput } from "./encryption-key";
import { CLOUDWATCH_RETENTION_DAYS, limitsWith, requireInteger, requireSameRegion, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";
import type { RecordingStore } from "./recording-store";
import { CONNECT_EUROPEAN_REGIONS } from "./connect-regions";

/** Data Connect writes to S3, with the folder Connect itself uses for it under the instance prefix. */
export const S3_DATA_TYPES = {
    callRecordings: { resourceType: "CALL_RECORDINGS", folder: "CallRecordings" },
    chatTranscripts: { resourceType: "CHAT_TRANSCRIPTS", folder: "ChatTranscripts" },
    scheduledReports: { resourceType: "SCHEDULED_REPORTS", folder: "Reports" },
    screenRecordings: { resourceType: "SCREEN_RECORDINGS", folder: "ScreenRecordings" },
    contactEvaluations: { resourceType: "CONTACT_EVALUATIONS", folder: "ContactEvaluations" },
    attachments: { resourceType: "ATTACHMENTS", folder: "Attachments" },
    emailMessages: { resourceType: "EMAIL_MESSAGES", folder: "EmailMessages" },
} as const;

export type S3DataType = keyof typeof S3_DATA_TYPES;

/** A store, or a store with the key prefix to write under (default `connect/<alias>/<Folder>`). */
export type S3Storage = RecordingStore | { store: RecordingStore; prefix?: string };

export type Identity = { type: "SAML" } | { type: "EXISTING_DIRECTORY"; directoryId: pulumi.Input<string> } | { type: "CONNECT_MANAGED" };

export interface ContactCentreArgs {
    /** The instance alias; also names the flow-log group `/aws/connect/<alias>`. */
    instanceAlias: string;
    /** Where agents and supervisors come from: SAML federation or an existing directory. */
    identity: Identity;
    /** Contact Lens conversation analytics on or off: a decision to record (on needs a DPIA), hence no default. */
    contactLens: boolean;
    inboundCalls?: boolean;
    outboundCalls?: boolean;
    /** Key for flow logs and media streams; default the key of the call-recordings store (or the first store). */
    key?: KeyInput;
    /** Contact flow logs: on by default, kept 90 days; `false` turns them off. */
    flowLogs?: false | { retentionDays?: number };
    /** The S3 data types to store, each in a RecordingStore. */
    storage?: Partial<Record<S3DataType, S3Storage>>;
    /** Live media streaming to Kinesis Video, kept `retentionHours` (0 keeps nothing), at most the pack's maximum. */
    mediaStreams?: { retentionHours: number; prefix?: string };
    /** Streams for contact trace records, agent events and real-time analysis; each stream it has is wired. */
    streams?: ContactDataStreams;
    region?: string;
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

const DEFAULT_FLOW_LOG_RETENTION_DAYS = 90;
// Connect instance aliases: letters, digits and hyphens, no leading "d-" (reserved for directories).
const INSTANCE_ALIAS = /^(?!d-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,60}[A-Za-z0-9])?$/;

export class ContactCentre extends pulumi.ComponentResource {
    readonly instance: aws.connect.Instance;
    readonly flowLogGroup?: aws.cloudwatch.LogGroup;
    /** Storage configs by the data type they store (`callRecordings`, `contactTraceRecords`, `mediaStreams`, ...). */
    readonly storageConfigs: Record<string, aws.connect.InstanceStorageConfig>;
    readonly streamKeyGrant?: aws.kms.Grant;
    readonly instanceId: pulumi.Output<string>;
    readonly instanceArn: pulumi.Output<string>;
    /** Connect's service-linked role, which the storage keys are granted to. */
    readonly serviceRole: pulumi.Output<string>;
    readonly instanceAlias: string;
    readonly flowLogGroupName?: string;
    readonly region: string;

    constructor(name: string, args: ContactCentreArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("ContactCentre", "contact-centre:connect:ContactCentre", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        if (region.startsWith("eu-") && !CONNECT_EUROPEAN_REGIONS.includes(region)) {
            check.refuse(
                "region",
                region,
                `a region with Amazon Connect: ${CONNECT_EUROPEAN_REGIONS.join(" or ")}`,
                `Amazon Connect is not offered in ${region}; in Europe use ${CONNECT_EUROPEAN_REGIONS.join(" or ")} (only eu-central-1 is in the EU)`,
            );
        }
        const alias = args.instanceAlias;
        // From JavaScript, or past the types: a missing alias would otherwise test as the text "undefined".
        if (typeof alias !== "string" || !INSTANCE_ALIAS.test(alias)) {
            check.refuse(
                "instanceAlias",
                alias ?? null,
                `up to 62 letters, digits and hyphens, not starting with "d-"`,
                typeof alias === "string"
                    ? `\`instanceAlias\` is "${alias}"; use up to 62 letters, digits and hyphens, not starting with "d-"`
                    : `\`instanceAlias\` is missing; give the instance's alias: up to 62 letters, digits and hyphens, not starting with "d-"`,
            );
        }
        if (args.identity === undefined || args.identity === null) {
            check.refuse(
                "identity",
                null,
                limits.allowedIdentityManagementTypes.join(" or "),
                `\`identity\` is missing; give { type: ${limits.allowedIdentityManagementTypes.map((t) => `"${t}"`).join(" or ")} }, so agents come from the organisation's identity provider`,
                { setting: "allowedIdentityManagementTypes", policy: "connect-identity-management" },
            );
        } else if (!limits.allowedIdentityManagementTypes.includes(args.identity?.type)) {
            check.refuse(
                "identity.type",
                args.identity?.type,
                limits.allowedIdentityManagementTypes.join(" or "),
                `\`identity.type\` is "${args.identity?.type}"; use ${limits.allowedIdentityManagementTypes.join(" or ")}, so agents come from the organisation's identity provider`,
                { setting: "allowedIdentityManagementTypes", policy: "connect-identity-management" },
            );
        }
        if (typeof args.contactLens !== "boolean") {
            check.refuse(
                "contactLens",
                args.contactLens,
                "true or false",
                "`contactLens` must be set to true or false: Connect turns conversation analytics on by default, and that is a decision to record",
                { policy: "connect-contact-lens-explicit" },
            );
        }

        const s3Storage = Object.entries(args.storage ?? {}).flatMap(([dataType, storage]) => {
            const type = S3_DATA_TYPES[dataType as S3DataType];
            if (!type) {
                check.refuse(
                    `storage.${dataType}`,
                    dataType,
                    `one of ${Object.keys(S3_DATA_TYPES).join(", ")}`,
                    `\`storage.${dataType}\` is not a data type Connect writes to S3; use one of ${Object.keys(S3_DATA_TYPES).join(", ")}`,
                );
                // Nothing Connect could store it as: under ccguard the rest is built without it.
                return [];
            }
            const store = "store" in storage ? storage.store : storage;
            const prefix = ("store" in storage ? storage.prefix : undefined) ?? `connect/${alias}/${type.folder}`;
            if (prefix === "" || /[*?]/.test(prefix)) {
                check.refuse(`storage.${dataType}.prefix`, prefix, "a literal, non-empty key prefix", `\`storage.${dataType}.prefix\` is "${prefix}"; use a literal, non-empty key prefix`);
            }
            requireSameRegion(
                check,
                `storage.${dataType}`,
                store.region,
                region,
                `\`storage.${dataType}\` is a store in ${store.region}, but the instance is in ${region}; Connect and its storage stay in one region`,
                { policy: "residency-connect-colocation" },
            );
            return [{ dataType: dataType as S3DataType, store, prefix }];
        });
        const defaultStore = s3Storage.find((s) => s.dataType === "callRecordings") ?? s3Storage[0];
        const keyInput = args.key ?? defaultStore?.store.key;
        const flowLogsOn = args.flowLogs !== false;
        const flowLogGroupName = `/aws/connect/${alias}`;
        const flowLogRetentionDays = args.flowLogs === false ? undefined : args.flowLogs?.retentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS;
        if (flowLogRetentionDays !== undefined && (!CLOUDWATCH_RETENTION_DAYS.includes(flowLogRetentionDays) || flowLogRetentionDays > limits.maxLogRetentionDays)) {
            const accepted = CLOUDWATCH_RETENTION_DAYS.filter((days) => days <= limits.maxLogRetentionDays).join(", ");
            check.refuse(
                "flowLogs.retentionDays",
                flowLogRetentionDays,
                `one of ${accepted}`,
                `\`flowLogs.retentionDays\` is ${flowLogRetentionDays}; use a CloudWatch retention of at most ${limits.maxLogRetentionDays} days (${accepted})`,
                { setting: "maxLogRetentionDays", policy: "retention-connect-flow-logs" },
            );
        }
        if (args.mediaStreams) {
            requireInteger(check, "mediaStreams.retentionHours", args.mediaStreams.retentionHours, 0, limits.maxVideoRetentionHours, "the pack's maximum for media", {
                setting: "maxVideoRetentionHours",
                policy: "retention-bounded-retention",
            });
        }
        if ((flowLogsOn || args.mediaStreams) && keyInput === undefined) {
            check.refuse(
                "key",
                null,
                "an EncryptionKey, or a store in `storage` whose key is used",
                "`key` is needed to encrypt flow logs and media streams; pass an EncryptionKey or add a store to `storage`",
                { policy: "encryption-connect-media-streams-kms" },
            );
        }
        const key = keyInput === undefined ? undefined : resolveKey(check, "key", keyInput, region);
        if (flowLogsOn && key?.component && !key.component.allowsLogGroup(flowLogGroupName)) {
            check.refuse(
                "key",
                `(EncryptionKey in ${key.component.region})`,
                `an EncryptionKey whose \`allowCloudWatchLogs\` covers ${flowLogGroupName}`,
                `\`key\` (EncryptionKey in ${key.component.region}) does not let CloudWatch Logs encrypt ${flowLogGroupName}; set its \`allowCloudWatchLogs\``,
            );
        }
        const streams = args.streams;
        if (streams) {
            requireSameRegion(
                check,
                "streams",
                streams.region,
                region,
                `\`streams\` are in ${streams.region}, but the instance is in ${region}; Connect writes only to streams in its own region`,
                { policy: "residency-connect-colocation" },
            );
        }
        check.settle();

        super("contact-centre:connect:ContactCentre", name, {}, opts);
        this.region = region;
        this.instanceAlias = alias;
        this.storageConfigs = {};

        if (flowLogsOn && key) {
            this.flowLogGroupName = flowLogGroupName;
            this.flowLogGroup = new aws.cloudwatch.LogGroup(
                `${name}-flow-logs`,
                { name: flowLogGroupName, retentionInDays: flowLogRetentionDays, kmsKeyId: key.arn, region, tags: args.tags },
                { parent: this },
            );
        }
        const identity = args.identity;
        this.instance = new aws.connect.Instance(
            `${name}-instance`,
            {
                instanceAlias: alias,
                identityManagementType: identity?.type,
                directoryId: identity?.type === "EXISTING_DIRECTORY" ? identity.directoryId : undefined,
                inboundCallsEnabled: args.inboundCalls ?? true,
                outboundCallsEnabled: args.outboundCalls ?? true,
                contactLensEnabled: args.contactLens,
                contactFlowLogsEnabled: flowLogsOn,
                region,
                tags: args.tags,
            },
            // The log group exists before Connect writes its first flow log, so Connect does not create its own.
            { parent: this, dependsOn: this.flowLogGroup ? [this.flowLogGroup] : [] },
        );
        this.instanceId = this.instance.id;
        this.instanceArn = this.instance.arn;
        this.serviceRole = this.instance.serviceRole;
        const instanceId = this.instance.id;

        for (const { dataType, store, prefix } of s3Storage) {
            this.storageConfigs[dataType] = new aws.connect.InstanceStorageConfig(
                `${name}-${kebab(dataType)}`,
                {
                    instanceId,
                    resourceType: S3_DATA_TYPES[dataType].resourceType,
                    storageConfig: {
                        storageType: "S3",
                        s3Config: {
                            bucketName: store.bucket.bucket,
                            bucketPrefix: prefix,
                            encryptionConfig: { encryptionType: "KMS", keyId: store.keyArn },
                        },
                    },
                    region,
                },
                { parent: this, dependsOn: [store] },
            );
        }
        if (args.mediaStreams && key) {
            this.storageConfigs["mediaStreams"] = new aws.connect.InstanceStorageConfig(
                `${name}-media-streams`,
                {
                    instanceId,
                    resourceType: "MEDIA_STREAMS",
                    storageConfig: {
                        storageType: "KINESIS_VIDEO_STREAM",
                        kinesisVideoStreamConfig: {
                            prefix: args.mediaStreams.prefix ?? `${alias}-media`,
                            retentionPeriodHours: args.mediaStreams.retentionHours,
                            encryptionConfig: { encryptionType: "KMS", keyId: key.arn },
                        },
                    },
                    region,
                },
                { parent: this },
            );
        }
        if (streams) {
            this.wireStreams(name, streams, region, instanceId);
            // Connect grants itself the keys of its S3 and media storage; a stream key outside them needs a grant.
            const grantedKeys: KeyInput[] = [...s3Storage.map((s) => s.store.key), ...(args.mediaStreams && keyInput ? [keyInput] : [])];
            if (!grantedKeys.some((granted) => sameKey(granted, streams.key))) {
                this.streamKeyGrant = new aws.kms.Grant(
                    `${name}-stream-key-grant`,
                    { keyId: streams.keyArn, granteePrincipal: this.instance.serviceRole, operations: ["GenerateDataKey"], region },
                    { parent: this },
                );
            }
        }

        this.registerOutputs({
            instanceId: this.instanceId,
            instanceArn: this.instanceArn,
            serviceRole: this.serviceRole,
            flowLogGroupName: this.flowLogGroupName,
            region,
        });
    }

    private wireStreams(name: string, streams: ContactDataStreams, region: string, instanceId: pulumi.Output<string>) {
        for (const kind of Object.keys(CONTACT_DATA_STREAMS) as ContactDataStreamKind[]) {
            const arn = streams.streamArns[kind];
            if (!arn) continue;
            this.storageConfigs[kind] = new aws.connect.InstanceStorageConfig(
                `${name}-${CONTACT_DATA_STREAMS[kind].suffix}`,
                {
                    instanceId,
                    resourceType: CONTACT_DATA_STREAMS[kind].resourceType,
                    storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: arn } },
                    region,
                },
                { parent: this },
            );
        }
        // Without a contact-trace-records stream, Connect sends contact trace records to Firehose directly.
        if (!streams.streamArns.contactTraceRecords && streams.firehoseArn) {
            this.storageConfigs["contactTraceRecords"] = new aws.connect.InstanceStorageConfig(
                `${name}-${CONTACT_DATA_STREAMS.contactTraceRecords.suffix}`,
                {
                    instanceId,
                    resourceType: "CONTACT_TRACE_RECORDS",
                    storageConfig: { storageType: "KINESIS_FIREHOSE", kinesisFirehoseConfig: { firehoseArn: streams.firehoseArn } },
                    region,
                },
                { parent: this },
            );
        }
    }
}

function kebab(camel: string): string {
    return camel.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
