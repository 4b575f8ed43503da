/**
 * Kinesis data streams that Amazon Connect fills with contact data: contact trace records, agent
 * events and real-time Contact Lens segments, and optionally a Firehose delivery stream that
 * archives the contact trace records in a RecordingStore.
 *
 * Each stream is encrypted with a customer-managed key that Connect can use: pass the key of the
 * instance's recordings (Connect grants itself that one when it attaches its S3 storage), otherwise
 * ContactCentre adds a KMS grant for Connect's service-linked role. Records are kept no longer than
 * the pack's maximum. The Firehose copy is encrypted end to end: in the stream it reads from and in
 * the bucket, with the bucket's key.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountIdOf, bucketArn, policyDocument, requireResourceName, roleArn, streamArn } from "./aws-names";
import { resolveKey, type KeyInput } from "./encryption-key";
import { KINESIS_MIN_RETENTION_HOURS, limitsWith, requireInteger, requireSameRegion, resolveRegion, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";
import type { RecordingStore } from "./recording-store";

/** The streams this component can create, with the Connect data type each one receives. */
export const CONTACT_DATA_STREAMS = {
    contactTraceRecords: { suffix: "contact-trace-records", resourceType: "CONTACT_TRACE_RECORDS" },
    agentEvents: { suffix: "agent-events", resourceType: "AGENT_EVENTS" },
    realTimeVoiceSegments: { suffix: "rta-voice-segments", resourceType: "REAL_TIME_CONTACT_ANALYSIS_VOICE_SEGMENTS" },
    realTimeChatSegments: { suffix: "rta-chat-segments", resourceType: "REAL_TIME_CONTACT_ANALYSIS_CHAT_SEGMENTS" },
} as const;

export type ContactDataStreamKind = keyof typeof CONTACT_DATA_STREAMS;

export interface ContactDataStreamsArgs {
    /** Prefix of the stream names: `<namePrefix>-contact-trace-records`, `<namePrefix>-agent-events`, ... */
    namePrefix: string;
    /** Key of the streams; use the key of the instance's recordings so Connect can write without a grant. */
    key: KeyInput;
    region?: string;
    /** Which streams to create; default contact trace records and agent events. */
    streams?: Partial<Record<ContactDataStreamKind, boolean>>;
    /** Hours each stream keeps records; default 24 (the Kinesis minimum), at most the pack's maximum (168). */
    retentionHours?: number;
    /**
     * Archive contact trace records in a RecordingStore through Firehose. Firehose reads from the
     * contact-trace-records stream when it is created, else Connect writes to Firehose directly.
     */
    firehose?: { store: RecordingStore; prefix?: string; bufferingIntervalSeconds?: number };
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

export class ContactDataStreams extends pulumi.ComponentResource {
    /** The streams created, by kind. */
    readonly streams: Partial<Record<ContactDataStreamKind, aws.kinesis.Stream>>;
    /** Their ARNs, built from the literal names, by kind. */
    readonly streamArns: Partial<Record<ContactDataStreamKind, pulumi.Output<string>>>;
    readonly firehose?: aws.kinesis.FirehoseDeliveryStream;
    readonly firehoseArn?: pulumi.Output<string>;
    readonly region: string;
    readonly key: KeyInput;
    readonly keyArn: pulumi.Output<string>;
    readonly retentionHours: number;

    constructor(name: string, args: ContactDataStreamsArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("ContactDataStreams", "contact-centre:kinesis:ContactDataStreams", name);
        const limits = limitsWith(args.limits);
        const region = resolveRegion(check, args.region, limits);
        const key = resolveKey(check, "key", args.key, region);
        const retentionHours = requireInteger(
            check,
            "retentionHours",
            args.retentionHours ?? KINESIS_MIN_RETENTION_HOURS,
            KINESIS_MIN_RETENTION_HOURS,
            limits.maxStreamRetentionHours,
            "Kinesis keeps records 24 hours at least; the pack's maximum bounds it",
            { setting: "maxStreamRetentionHours", policy: "retention-bounded-retention" },
        );
        const wanted = { contactTraceRecords: true, agentEvents: true, ...(args.streams ?? {}) };
        const kinds = (Object.keys(CONTACT_DATA_STREAMS) as ContactDataStreamKind[]).filter((kind) => wanted[kind] === true);
        const names = Object.fromEntries(
            kinds.map((kind) => [kind, requireResourceName(check, "namePrefix", `${args.namePrefix}-${CONTACT_DATA_STREAMS[kind].suffix}`, 128, args.namePrefix)]),
        ) as Partial<Record<ContactDataStreamKind, string>>;
        if (kinds.length === 0 && !args.firehose) {
            check.refuse("streams", args.streams, "at least one stream, or a `firehose`", "`streams` turns every stream off and there is no `firehose`; enable at least one");
        }
        const firehose = args.firehose;
        if (firehose) {
            requireSameRegion(
                check,
                "firehose.store",
                firehose.store.region,
                region,
                `\`firehose.store\` is in ${firehose.store.region}, but the streams are in ${region}; keep contact data in one region`,
            );
            if (firehose.prefix !== undefined && (firehose.prefix === "" || /[*?]/.test(firehose.prefix))) {
                check.refuse(
                    "firehose.prefix",
                    firehose.prefix,
                    "a literal key prefix",
                    `\`firehose.prefix\` is "${firehose.prefix}"; use a literal key prefix such as "contact-trace-records/"`,
                );
            }
            if (firehose.bufferingIntervalSeconds !== undefined) {
                requireInteger(check, "firehose.bufferingIntervalSeconds", firehose.bufferingIntervalSeconds, 0, 900, "Firehose buffers 0 to 900 seconds");
            }
        }
        check.settle();

        super("contact-centre:kinesis:ContactDataStreams", name, {}, opts);
        this.region = region;
        this.key = args.key;
        this.keyArn = pulumi.output(key.arn);
        this.retentionHours = retentionHours;
        this.streams = {};
        this.streamArns = {};

        const account = accountIdOf(this);
        for (const kind of kinds) {
            const streamName = names[kind]!;
            const stream = new aws.kinesis.Stream(
                `${name}-${CONTACT_DATA_STREAMS[kind].suffix}`,
                {
                    name: streamName,
                    encryptionType: "KMS",
                    kmsKeyId: key.arn,
                    retentionPeriod: retentionHours,
                    streamModeDetails: { streamMode: "ON_DEMAND" },
                    region,
                    tags: args.tags,
                },
                { parent: this },
            );
            this.streams[kind] = stream;
            // Known during preview (name and account are), and still dependent on the stream.
            this.streamArns[kind] = pulumi.all([stream.name, account]).apply(([streamName, accountId]) => streamArn(region, accountId, streamName));
        }

        if (firehose) {
            const delivery = this.archiveContactTraceRecords(name, args.namePrefix, region, key.arn, firehose, args.tags);
            this.firehose = delivery;
            this.firehoseArn = delivery.arn;
        }

        this.registerOutputs({
            streamArns: this.streamArns,
            firehoseArn: this.firehoseArn,
            region,
            retentionHours,
        });
    }

    private archiveContactTraceRecords(
        name: string,
        namePrefix: string,
        region: string,
        streamKeyArn: pulumi.Input<string>,
        firehose: NonNullable<ContactDataStreamsArgs["firehose"]>,
        tags: Record<string, string> | undefined,
    ): aws.kinesis.FirehoseDeliveryStream {
        const store = firehose.store;
        const prefix = firehose.prefix ?? "contact-trace-records/";
        const source = this.streams.contactTraceRecords;
        const sourceArn = this.streamArns.contactTraceRecords;
        const account = accountIdOf(this);
        const roleName = `${namePrefix}-ctr-firehose`;
        const storeArn = bucketArn(region, store.bucketName);
        const s3 = `s3.${region}.amazonaws.com`;

        const role = new aws.iam.Role(
            `${name}-firehose-role`,
            {
                name: roleName,
                description: "Firehose delivery of contact trace records to the recording store",
                assumeRolePolicy: account.apply((accountId) =>
                    policyDocument([
                        {
                            Effect: "Allow",
                            Principal: { Service: "firehose.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                        },
                    ]),
                ),
                maxSessionDuration: 3600,
                tags,
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-firehose-policy`,
            {
                role: role.name,
                // An object rather than a JSON string: only the key ARNs stay unknown during preview.
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "WriteContactTraceRecords",
                            Effect: "Allow",
                            Action: ["s3:AbortMultipartUpload", "s3:PutObject"],
                            Resource: `${storeArn}/${prefix}*`,
                        },
                        {
                            Sid: "LocateStore",
                            Effect: "Allow",
                            Action: ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
                            Resource: storeArn,
                        },
                        {
                            // S3 needs both to write SSE-KMS objects in parts; only through S3, only for this bucket.
                            Sid: "EncryptThroughS3",
                            Effect: "Allow",
                            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                            Resource: store.keyArn,
                            Condition: {
                                StringEquals: { "kms:ViaService": s3 },
                                ArnLike: { "kms:EncryptionContext:aws:s3:arn": [storeArn, `${storeArn}/${prefix}*`] },
                            },
                        },
                        ...(sourceArn
                            ? ([
                                  {
                                      Sid: "ReadContactTraceRecordStream",
                                      Effect: "Allow",
                                      Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
                                      Resource: sourceArn,
                                  },
                                  {
                                      Sid: "DecryptThroughKinesis",
                                      Effect: "Allow",
                                      Action: "kms:Decrypt",
                                      Resource: streamKeyArn,
                                      Condition: { StringEquals: { "kms:ViaService": `kinesis.${region}.amazonaws.com` } },
                                  },
                              ] satisfies aws.types.input.iam.PolicyStatement[])
                            : []),
                    ],
                },
            },
            { parent: this },
        );
        const deliveryRoleArn = account.apply((accountId) => roleArn(region, accountId, roleName));

        return new aws.kinesis.FirehoseDeliveryStream(
            `${name}-ctr-archive`,
            {
                name: `${namePrefix}-ctr-archive`,
                destination: "extended_s3",
                region,
                ...(source && sourceArn
                    ? // Records rest in the encrypted source stream; Firehose refuses its own SSE with a stream source.
                      { kinesisSourceConfiguration: { kinesisStreamArn: sourceArn, roleArn: deliveryRoleArn } }
                    : { serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: streamKeyArn } }),
                extendedS3Configuration: {
                    bucketArn: storeArn,
                    roleArn: deliveryRoleArn,
                    prefix,
                    errorOutputPrefix: `${prefix}errors/`,
                    kmsKeyArn: store.keyArn,
                    compressionFormat: "GZIP",
                    bufferingInterval: firehose.bufferingIntervalSeconds ?? 300,
                },
                tags,
            },
            { parent: this, dependsOn: [rolePolicy, store] },
        );
    }
}
