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
 */
import { resourceControl, type ResourceFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import { describeValue, isAbsent, isRecord } from "../lib/describe";
import { enabledEncryptionBlock } from "../lib/encryption-block";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const CUSTOMER_KEY_TYPE = "CUSTOMER_MANAGED_CMK";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** Source blocks that replace Direct PUT; Firehose refuses server-side encryption with them. */
const NON_DIRECT_PUT_SOURCES = ["kinesisSourceConfiguration", "mskSourceConfiguration"] as const;

/** Every block through which Firehose writes objects to S3, as property paths. */
const S3_WRITERS: readonly (readonly [string, string?])[] = [
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
];

/** A key property that must name a customer-managed key. */
function judgeKey(subject: string, path: string, value: unknown, withoutKey: string, findings: ResourceFindings) {
    if (isUnknown(value)) {
        findings.undecided(`${subject}: \`${path}\` is not known yet.`);
    } else if (isAbsent(value) || typeof value !== "string") {
        const seen = isAbsent(value) ? `has no \`${path}\`` : `sets \`${path}\` to ${describeValue(value)}`;
        findings.violation(`${subject} ${seen}, so ${withoutKey}. Set \`${path}\` to the ARN of a customer-managed \`aws.kms.Key\`.`);
    } else if (isAwsManagedKeyAlias(value)) {
        findings.violation(
            `${subject} sets \`${path}\` to the AWS-managed key ${describeValue(value)}, whose key policy the customer cannot restrict. ` +
                "Use the ARN of a customer-managed `aws.kms.Key`.",
        );
    }
}

type Source = { kind: "direct-put" } | { kind: "stream"; property: string } | { kind: "unknown"; property: string };

function sourceOf(props: Record<string, unknown>): Source {
    for (const property of NON_DIRECT_PUT_SOURCES) {
        const block = props[property];
        if (isUnknown(block)) return { kind: "unknown", property };
        if (!isAbsent(block)) return { kind: "stream", property };
    }
    return { kind: "direct-put" };
}

function judgeStreamEncryption(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const source = sourceOf(props);
    if (source.kind === "stream") return;
    if (source.kind === "unknown") {
        findings.undecided(`${subject}: \`${source.property}\` is not known yet, and it decides whether the stream itself must be encrypted.`);
        return;
    }
    const fix = `Set \`serverSideEncryption: { enabled: true, keyType: "${CUSTOMER_KEY_TYPE}", keyArn: <customer key ARN> }\``;
    const sse = enabledEncryptionBlock(subject, props, findings, {
        fix,
        whenAbsent: ", so Firehose buffers records under a key AWS owns",
        whenDisabled: " (default false)",
    });
    if (!sse) return;
    const keyType = sse["keyType"];
    if (isUnknown(keyType)) {
        findings.undecided(`${subject}: \`serverSideEncryption.keyType\` is not known yet.`);
    } else if (keyType !== CUSTOMER_KEY_TYPE) {
        const seen = isAbsent(keyType) ? "leaves `serverSideEncryption.keyType` unset (default AWS_OWNED_CMK)" : `sets \`serverSideEncryption.keyType\` to ${describeValue(keyType)}`;
        findings.violation(`${subject} ${seen}, a key AWS owns. ${fix}.`);
        return;
    }
    judgeKey(subject, "serverSideEncryption.keyArn", sse["keyArn"], "Firehose has no customer key to encrypt with", findings);
}

function judgeS3Writers(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    for (const [destination, nested] of S3_WRITERS) {
        const outer = props[destination];
        if (isUnknown(outer)) {
            findings.undecided(`${subject}: \`${destination}\` is not known yet.`);
            continue;
        }
        if (!isRecord(outer)) continue;
        const block = nested === undefined ? outer : outer[nested];
        const path = nested === undefined ? destination : `${destination}.${nested}`;
        if (isUnknown(block)) {
            findings.undecided(`${subject}: \`${path}\` is not known yet.`);
            continue;
        }
        if (!isRecord(block)) continue;
        judgeKey(
            subject,
            `${path}.kmsKeyArn`,
            block["kmsKeyArn"],
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

export const firehoseCustomerKey = resourceControl({
    name: "encryption-firehose-customer-key",
    title: "Firehose delivery streams and their S3 output use customer-managed keys",
    area: "encryption",
    description:
        "A Firehose delivery stream fed by Direct PUT (as Amazon Connect feeds contact trace records) sets " +
        '`serverSideEncryption` with `enabled: true`, `keyType: "CUSTOMER_MANAGED_CMK"` and `keyArn`; a stream with a ' +
        "Kinesis or MSK source cannot, and relies on its source's encryption. Every S3 block the stream writes through " +
        "(`extendedS3Configuration`, its `s3BackupConfiguration`, and the `s3Configuration` of other destinations) sets " +
        "`kmsKeyArn` to a customer-managed key, so the delivered objects are encrypted with it.",
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
        "Let the Firehose role use the key (kms:GenerateDataKey, kms:Decrypt) through the key policy or a grant.",
    ],
    parameters: {},
    appliesTo: [FIREHOSE],
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
    ],
    check(resource, _config, findings) {
        const subject = `Firehose delivery stream '${resource.name}'`;
        judgeStreamEncryption(subject, resource.props, findings);
        judgeS3Writers(subject, resource.props, findings);
    },
});
