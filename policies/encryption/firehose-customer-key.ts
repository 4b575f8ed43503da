/**
 * Firehose delivery streams carrying contact data encrypt it with customer keys, in the stream and
 * in the buckets it writes.
 *
 * Amazon Connect can send contact trace records through Firehose. Firehose buffers records at rest
 * under a key AWS owns unless `serverSideEncryption` names a `CUSTOMER_MANAGED_CMK`; that setting
 * exists only for streams fed by Direct PUT (as Connect feeds them): with a Kinesis data stream as
 * source the records rest in that stream, whose own encryption decides. What Firehose writes to S3
 * is a second copy: without `kmsKeyArn` on the S3 block it leaves encryption to whatever the bucket
 * does, which the stream's owner cannot see or vouch for. That holds for the extended S3 destination,
 * its backup, and the S3 bucket every other destination uses for failed or backed-up records.
 * aws-native (Cloud Control's AWS::KinesisFirehose::DeliveryStream) spells both differently: the stream
 * key in `deliveryStreamEncryptionConfigurationInput { keyType, keyArn }` (no switch: the block is the
 * switch), each S3 key in `encryptionConfiguration.kmsEncryptionConfig.awskmsKeyArn`.
 */
import { resourceControl, type ResourceFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import { describeValue, isAbsent, isRecord } from "../lib/describe";
import { enabledEncryptionBlock } from "../lib/encryption-block";
import { propertyAt } from "../lib/property-path";
import { NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const CUSTOMER_KEY_TYPE = "CUSTOMER_MANAGED_CMK";
const CUSTOMER_KEY_FIX = "the ARN of a customer-managed `aws.kms.Key` or aws-native `kms.Key`";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** How one provider's delivery stream names its source, its stream key and the key of each S3 block. */
interface FirehoseShape {
    /** Source blocks that replace Direct PUT; Firehose refuses server-side encryption with them. */
    sources: readonly string[];
    /** Every block through which Firehose writes objects to S3, as property paths. */
    s3Writers: readonly (readonly string[])[];
    /** Where an S3 block names its key. */
    s3KeyPath: readonly string[];
    judgeStreamKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings): void;
}

/** A key property that must name a customer-managed key. */
function judgeKey(subject: string, path: string, value: unknown, withoutKey: string, findings: ResourceFindings) {
    if (isUnknown(value)) {
        findings.undecided(`${subject}: \`${path}\` is not known yet.`);
    } else if (isAbsent(value) || typeof value !== "string") {
        const seen = isAbsent(value) ? `has no \`${path}\`` : `sets \`${path}\` to ${describeValue(value)}`;
        findings.violation(`${subject} ${seen}, so ${withoutKey}. Set \`${path}\` to ${CUSTOMER_KEY_FIX}.`);
    } else if (isAwsManagedKeyAlias(value)) {
        findings.violation(
            `${subject} sets \`${path}\` to the AWS-managed key ${describeValue(value)}, whose key policy the customer cannot restrict. ` +
                `Use ${CUSTOMER_KEY_FIX}.`,
        );
    }
}

/** `keyType` left out is AWS_OWNED_CMK; only CUSTOMER_MANAGED_CMK makes Firehose use `keyArn`. */
function judgeKeyType(subject: string, block: Record<string, unknown>, blockPath: string, fix: string, findings: ResourceFindings): boolean {
    const keyType = block["keyType"];
    if (isUnknown(keyType)) {
        findings.undecided(`${subject}: \`${blockPath}.keyType\` is not known yet.`);
    } else if (keyType !== CUSTOMER_KEY_TYPE) {
        const seen = isAbsent(keyType) ? `leaves \`${blockPath}.keyType\` unset (default AWS_OWNED_CMK)` : `sets \`${blockPath}.keyType\` to ${describeValue(keyType)}`;
        findings.violation(`${subject} ${seen}, a key AWS owns. ${fix}.`);
        return false;
    }
    return true;
}

const WITHOUT_STREAM_KEY = "Firehose has no customer key to encrypt with";

const CLASSIC: FirehoseShape = {
    sources: ["kinesisSourceConfiguration", "mskSourceConfiguration"],
    s3Writers: [
        ["extendedS3Configuration"],
        ["extendedS3Configuration", "s3BackupConfiguration"],
        ["redshiftConfiguration", "s3Configuration"],
        ["redshiftConfiguration", "s3BackupConfiguration"],
        ["elasticsearchConfiguration", "s3Configuration"],
        ["opensearchConfiguration", "s3Configuration"],
        ["opensearchserverlessConfiguration", "s3Configuration"],
        ["splunkConfiguration", "s3Configuration"],
        ["httpEndpointConfiguration", "s3Configuration"],
        ["snowflakeConfiguration", "s3Configuration"],
        ["icebergConfiguration", "s3Configuration"],
    ],
    s3KeyPath: ["kmsKeyArn"],
    judgeStreamKey(subject, props, findings) {
        const fix = `Set \`serverSideEncryption: { enabled: true, keyType: "${CUSTOMER_KEY_TYPE}", keyArn: <customer key ARN> }\``;
        const sse = enabledEncryptionBlock(subject, props, findings, {
            fix,
            whenAbsent: ", so Firehose buffers records under a key AWS owns",
            whenDisabled: " (default false)",
        });
        if (!sse || !judgeKeyType(subject, sse, "serverSideEncryption", fix, findings)) return;
        judgeKey(subject, "serverSideEncryption.keyArn", sse["keyArn"], WITHOUT_STREAM_KEY, findings);
    },
};

const NATIVE_STREAM_KEY = "deliveryStreamEncryptionConfigurationInput";

const AWS_NATIVE: FirehoseShape = {
    sources: ["kinesisStreamSourceConfiguration", "mskSourceConfiguration", "databaseSourceConfiguration"],
    s3Writers: [
        ["extendedS3DestinationConfiguration"],
        ["extendedS3DestinationConfiguration", "s3BackupConfiguration"],
        ["s3DestinationConfiguration"],
        ["redshiftDestinationConfiguration", "s3Configuration"],
        ["redshiftDestinationConfiguration", "s3BackupConfiguration"],
        ["elasticsearchDestinationConfiguration", "s3Configuration"],
        ["amazonopensearchserviceDestinationConfiguration", "s3Configuration"],
        ["amazonOpenSearchServerlessDestinationConfiguration", "s3Configuration"],
        ["splunkDestinationConfiguration", "s3Configuration"],
        ["httpEndpointDestinationConfiguration", "s3Configuration"],
        ["snowflakeDestinationConfiguration", "s3Configuration"],
        ["icebergDestinationConfiguration", "s3Configuration"],
    ],
    s3KeyPath: ["encryptionConfiguration", "kmsEncryptionConfig", "awskmsKeyArn"],
    judgeStreamKey(subject, props, findings) {
        const fix = `Set \`${NATIVE_STREAM_KEY}: { keyType: "${CUSTOMER_KEY_TYPE}", keyArn: <customer key ARN> }\``;
        const block = props[NATIVE_STREAM_KEY];
        if (isUnknown(block)) {
            findings.undecided(`${subject}: \`${NATIVE_STREAM_KEY}\` is not known yet.`);
            return;
        }
        if (!isRecord(block)) {
            const seen = isAbsent(block) ? `has no \`${NATIVE_STREAM_KEY}\`` : `sets \`${NATIVE_STREAM_KEY}\` to ${describeValue(block)}`;
            findings.violation(`${subject} ${seen}, so Firehose buffers records under a key AWS owns. ${fix}.`);
            return;
        }
        if (!judgeKeyType(subject, block, NATIVE_STREAM_KEY, fix, findings)) return;
        judgeKey(subject, `${NATIVE_STREAM_KEY}.keyArn`, block["keyArn"], WITHOUT_STREAM_KEY, findings);
    },
};

const SHAPES: Readonly<Record<string, FirehoseShape>> = { [FIREHOSE]: CLASSIC, [NATIVE.FIREHOSE]: AWS_NATIVE };

type Source = { kind: "direct-put" } | { kind: "stream"; property: string } | { kind: "unknown"; property: string };

function sourceOf(shape: FirehoseShape, props: Record<string, unknown>): Source {
    for (const property of shape.sources) {
        const block = props[property];
        if (isUnknown(block)) return { kind: "unknown", property };
        if (!isAbsent(block)) return { kind: "stream", property };
    }
    return { kind: "direct-put" };
}

function judgeStreamEncryption(shape: FirehoseShape, subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const source = sourceOf(shape, props);
    if (source.kind === "stream") return;
    if (source.kind === "unknown") {
        findings.undecided(`${subject}: \`${source.property}\` is not known yet, and it decides whether the stream itself must be encrypted.`);
        return;
    }
    shape.judgeStreamKey(subject, props, findings);
}

function judgeS3Writers(shape: FirehoseShape, subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    for (const writer of shape.s3Writers) {
        const block = propertyAt(props, writer);
        if (isUnknown(block.value)) {
            findings.undecided(`${subject}: \`${block.path}\` is not known yet.`);
            continue;
        }
        if (!isRecord(block.value)) continue;
        const key = propertyAt(block.value, shape.s3KeyPath);
        judgeKey(
            subject,
            `${block.path}.${key.path}`,
            key.value,
            "the objects it writes to S3 get whatever encryption the bucket happens to default to",
            findings,
        );
    }
}

const s3Output = (encryption: { kmsKeyArn?: unknown } = { kmsKeyArn: keyArn }) => ({
    bucketArn: "arn:aws:s3:::acme-ctr",
    roleArn: "arn:aws:iam::111122223333:role/firehose-ctr",
    prefix: "ctr/",
    ...encryption,
});
const customerSse = { enabled: true, keyType: CUSTOMER_KEY_TYPE, keyArn };
const deliveryStream = (props: Record<string, unknown>) => ({
    name: "ctr-delivery",
    type: FIREHOSE,
    props: { destination: "extended_s3", ...props },
});

/** The aws-native S3 block names its key under `encryptionConfiguration.kmsEncryptionConfig`. */
const nativeS3Output = (awskmsKeyArn: unknown) => ({
    bucketArn: "arn:aws:s3:::acme-ctr",
    roleArn: "arn:aws:iam::111122223333:role/firehose-ctr",
    prefix: "ctr/",
    encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn } },
});
const nativeDeliveryStream = (props: Record<string, unknown>) => ({ name: "ctr-delivery", type: NATIVE.FIREHOSE, props: { deliveryStreamType: "DirectPut", ...props } });

export const firehoseCustomerKey = resourceControl({
    name: "encryption-firehose-customer-key",
    title: "Firehose delivery streams and their S3 output use customer-managed keys",
    area: "encryption",
    description:
        "A Firehose delivery stream fed by Direct PUT (as Amazon Connect feeds contact trace records) sets " +
        '`serverSideEncryption` with `enabled: true`, `keyType: "CUSTOMER_MANAGED_CMK"` and `keyArn`; a stream with a ' +
        "Kinesis or MSK source cannot, and relies on its source's encryption. Every S3 block the stream writes through " +
        "(`extendedS3Configuration`, its `s3BackupConfiguration`, and the `s3Configuration` of other destinations) sets " +
        "`kmsKeyArn` to a customer-managed key, so the delivered objects are encrypted with it. aws-native " +
        "`kinesisfirehose.DeliveryStream` is judged alike: `deliveryStreamEncryptionConfigurationInput` with " +
        '`keyType: "CUSTOMER_MANAGED_CMK"` and `keyArn` unless a Kinesis, MSK or database source block is set, and ' +
        "`encryptionConfiguration.kmsEncryptionConfig.awskmsKeyArn` on every S3 block (`extendedS3DestinationConfiguration`, " +
        "`s3DestinationConfiguration`, backups and the `s3Configuration` of other destinations).",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"],
        pciDss: ["3.5.1"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        `Set \`serverSideEncryption: { enabled: true, keyType: "${CUSTOMER_KEY_TYPE}", keyArn: key.arn }\` with a customer-managed \`aws.kms.Key\`.`,
        "Set `kmsKeyArn: key.arn` on `extendedS3Configuration` (and on any `s3BackupConfiguration` or `s3Configuration` block).",
        `aws-native: set \`deliveryStreamEncryptionConfigurationInput: { keyType: "${CUSTOMER_KEY_TYPE}", keyArn: key.arn }\` and \`encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: key.arn } }\` on every S3 destination block.`,
        "Let the Firehose role use the key (kms:GenerateDataKey, kms:Decrypt) through the key policy or a grant.",
    ],
    parameters: {},
    appliesTo: Object.keys(SHAPES),
    examples: [
        {
            title: "contact trace records delivered to S3, stream and objects encrypted with a customer key",
            verdict: "compliant",
            resources: [deliveryStream({ serverSideEncryption: customerSse, extendedS3Configuration: s3Output() })],
        },
        {
            title: "a delivery stream without serverSideEncryption (key AWS owns)",
            verdict: "violation",
            resources: [deliveryStream({ extendedS3Configuration: s3Output() })],
        },
        {
            title: "a delivery stream encrypted with the AWS-owned key type",
            verdict: "violation",
            resources: [deliveryStream({ serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" }, extendedS3Configuration: s3Output() })],
        },
        {
            title: "an encrypted delivery stream whose S3 destination has no kmsKeyArn",
            verdict: "violation",
            resources: [deliveryStream({ serverSideEncryption: customerSse, extendedS3Configuration: s3Output({}) })],
        },
        {
            title: "an S3 backup of a Splunk destination without kmsKeyArn",
            verdict: "violation",
            resources: [
                deliveryStream({
                    destination: "splunk",
                    serverSideEncryption: customerSse,
                    splunkConfiguration: { hecEndpoint: "https://splunk.example.com:8088", hecToken: "token", s3Configuration: s3Output({}) },
                }),
            ],
        },
        {
            title: "a stream fed by a Kinesis data stream, which rests there and cannot take SSE, writing to S3 with a customer key",
            verdict: "compliant",
            resources: [
                deliveryStream({
                    kinesisSourceConfiguration: { kinesisStreamArn: "arn:aws:kinesis:eu-central-1:111122223333:stream/ctr", roleArn: "arn:aws:iam::111122223333:role/firehose-ctr" },
                    extendedS3Configuration: s3Output(),
                }),
            ],
        },
        {
            title: "first preview: the stream's key is created in the same stack",
            verdict: "deferred",
            resources: [
                deliveryStream({
                    serverSideEncryption: { enabled: true, keyType: CUSTOMER_KEY_TYPE, keyArn: UNKNOWN },
                    extendedS3Configuration: s3Output({ kmsKeyArn: UNKNOWN }),
                }),
            ],
        },
        {
            title: "first preview: an AWS-owned stream key still blocks although bucket and key ARNs are unknown",
            verdict: "violation",
            resources: [
                deliveryStream({
                    serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
                    extendedS3Configuration: { bucketArn: UNKNOWN, roleArn: UNKNOWN, kmsKeyArn: UNKNOWN },
                }),
            ],
        },
        {
            title: "aws-native: a Direct PUT stream and its S3 destination encrypted with a customer key",
            verdict: "compliant",
            resources: [nativeDeliveryStream({ deliveryStreamEncryptionConfigurationInput: { keyType: CUSTOMER_KEY_TYPE, keyArn }, extendedS3DestinationConfiguration: nativeS3Output(keyArn) })],
        },
        {
            title: "aws-native: a delivery stream without deliveryStreamEncryptionConfigurationInput (key AWS owns)",
            verdict: "violation",
            resources: [nativeDeliveryStream({ extendedS3DestinationConfiguration: nativeS3Output(keyArn) })],
        },
        {
            title: "aws-native: an S3 destination with NoEncryption",
            verdict: "violation",
            resources: [
                nativeDeliveryStream({
                    deliveryStreamEncryptionConfigurationInput: { keyType: CUSTOMER_KEY_TYPE, keyArn },
                    extendedS3DestinationConfiguration: { ...nativeS3Output(keyArn), encryptionConfiguration: { noEncryptionConfig: "NoEncryption" } },
                }),
            ],
        },
        {
            title: "aws-native: a stream fed by a Kinesis data stream writing to S3 with a customer key",
            verdict: "compliant",
            resources: [
                nativeDeliveryStream({
                    deliveryStreamType: "KinesisStreamAsSource",
                    kinesisStreamSourceConfiguration: { kinesisStreamArn: "arn:aws:kinesis:eu-central-1:111122223333:stream/ctr", roleArn: "arn:aws:iam::111122223333:role/firehose-ctr" },
                    extendedS3DestinationConfiguration: nativeS3Output(keyArn),
                }),
            ],
        },
        {
            title: "aws-native first preview: the stream's key comes from an aws-native key created in the same stack",
            verdict: "deferred",
            resources: [
                nativeDeliveryStream({ deliveryStreamEncryptionConfigurationInput: { keyType: CUSTOMER_KEY_TYPE, keyArn: UNKNOWN }, extendedS3DestinationConfiguration: nativeS3Output(UNKNOWN) }),
            ],
        },
        {
            title: "mixed providers: an aws-native delivery stream writing to a classic bucket, keyed by a classic key's ARN",
            verdict: "compliant",
            resources: [
                { name: "ctr-archive", type: "aws:s3/bucket:Bucket", props: { bucket: "acme-ctr", arn: "arn:aws:s3:::acme-ctr" } },
                { name: "ctr-key", type: "aws:kms/key:Key", props: { arn: keyArn, enableKeyRotation: true } },
                nativeDeliveryStream({ deliveryStreamEncryptionConfigurationInput: { keyType: CUSTOMER_KEY_TYPE, keyArn }, extendedS3DestinationConfiguration: nativeS3Output(keyArn) }),
            ],
        },
    ],
    check(resource, _config, findings) {
        if (!Object.hasOwn(SHAPES, resource.type)) return;
        const shape = SHAPES[resource.type];
        const subject = `Firehose delivery stream '${resource.name}'`;
        judgeStreamEncryption(shape, subject, resource.props, findings);
        judgeS3Writers(shape, subject, resource.props, findings);
    },
});
