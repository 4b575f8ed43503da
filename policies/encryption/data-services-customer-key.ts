/**
 * The services around a contact centre that hold copies of contact data encrypt it with a key the
 * customer manages.
 *
 * Log groups (flow logs, Lambda logs), DynamoDB tables (callback queues, customer profiles), SNS and
 * SQS messages, Lambda environments, Kinesis Video media and Kinesis contact-record streams all
 * hold personal data. Each service encrypts with keys AWS owns or with an AWS-managed key
 * (`alias/aws/<service>`) unless told otherwise, and neither can be restricted by a key policy the
 * customer writes, disabled to cut off access after a breach, nor rotated on the customer's
 * schedule. Each service also spells "use my key" differently, hence one small predicate per type.
 * aws-native spells it like the classic provider for log groups, topics, queues, Lambda and Kinesis
 * Video, and differently for DynamoDB (`sseSpecification`) and Kinesis data streams (`streamEncryption`).
 */
import { resourceControl, type CheckedResource, type ResourceFindings } from "../control";
import { isAwsManagedKeyAlias, isKmsKeyArn } from "../lib/arn";
import { describeValue, isAbsent, isRecord } from "../lib/describe";
import { enabledEncryptionBlock, type EncryptionBlockShape } from "../lib/encryption-block";
import { NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const DYNAMODB_TABLE = "aws:dynamodb/table:Table";
const SNS_TOPIC = "aws:sns/topic:Topic";
const SQS_QUEUE = "aws:sqs/queue:Queue";
const LAMBDA_FUNCTION = "aws:lambda/function:Function";
const VIDEO_STREAM = "aws:kinesis/videoStream:VideoStream";
const KINESIS_STREAM = "aws:kinesis/stream:Stream";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const CUSTOMER_KEY_FIX = "the ARN of a customer-managed `aws.kms.Key` or aws-native `kms.Key` (e.g. `key.arn`)";

/**
 * `path` must name a customer-managed key. `withoutKey` says what the service does when it is
 * missing; an AWS-managed alias counts as missing a customer key.
 */
function requireCustomerKey(subject: string, path: string, value: unknown, withoutKey: string, findings: ResourceFindings) {
    // A key not known during preview is the output of a resource this stack creates (an aws.kms.Key or
    // an alias of one): AWS-managed keys already exist and are named by literal or by invoke, which
    // preview resolves. So an unknown key is decided: it is customer-managed.
    if (isUnknown(value)) return;
    if (isAbsent(value)) {
        findings.violation(`${subject} has no \`${path}\`, so ${withoutKey}. Set \`${path}\` to ${CUSTOMER_KEY_FIX}.`);
    } else if (typeof value !== "string") {
        findings.violation(`${subject} sets \`${path}\` to ${describeValue(value)}, which names no KMS key. Set it to ${CUSTOMER_KEY_FIX}.`);
    } else if (isAwsManagedKeyAlias(value)) {
        findings.violation(
            `${subject} sets \`${path}\` to the AWS-managed key ${describeValue(value)}, whose key policy the customer cannot ` +
                `restrict. Set it to ${CUSTOMER_KEY_FIX}.`,
        );
    }
}

function logGroupUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const key = props["kmsKeyId"];
    requireCustomerKey(subject, "kmsKeyId", key, "CloudWatch Logs encrypts its events with keys AWS owns", findings);
    // CloudWatch Logs takes the key only by its ARN (CreateLogGroup / AssociateKmsKey `kmsKeyId`): a key
    // id or alias fails when the log group is created, after the preview said nothing.
    if (typeof key === "string" && key !== "" && !isUnknown(key) && !isAwsManagedKeyAlias(key) && !isKmsKeyArn(key)) {
        findings.violation(
            `${subject} sets \`kmsKeyId\` to ${describeValue(key)}, not a key ARN; CloudWatch Logs accepts only the full ARN of the key ` +
                "(`arn:aws:kms:<region>:<account>:key/<id>`). Pass `key.arn`.",
        );
    }
}

/**
 * DynamoDB has three states: no block or `enabled: false` is the AWS-owned key, `enabled: true`
 * without `kmsKeyArn` is the AWS-managed key `aws/dynamodb`, and only both set is a customer key.
 */
function dynamoDbTableUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const sse = enabledEncryptionBlock(subject, props, findings, {
        fix: "Set `serverSideEncryption: { enabled: true, kmsKeyArn: <customer key ARN> }`",
        whenAbsent: ", so DynamoDB encrypts it with a key AWS owns",
        whenDisabled: ", so DynamoDB encrypts it with a key AWS owns and ignores any kmsKeyArn",
    });
    if (!sse) return;
    requireCustomerKey(
        subject,
        "serverSideEncryption.kmsKeyArn",
        sse["kmsKeyArn"],
        "DynamoDB encrypts it with the AWS-managed key aws/dynamodb",
        findings,
    );
    judgeReplicaKeys(subject, props["replicas"], findings);
}

/** Each replica is encrypted in its own region, with `aws/dynamodb` there unless it names a key. */
function judgeReplicaKeys(subject: string, replicas: unknown, findings: ResourceFindings) {
    if (isUnknown(replicas)) {
        findings.undecided(`${subject}: \`replicas\` is not known yet.`);
        return;
    }
    if (!Array.isArray(replicas)) return;
    replicas.forEach((replica, index) => {
        if (isUnknown(replica)) {
            findings.undecided(`${subject}: \`replicas[${index}]\` is not known yet.`);
            return;
        }
        const region = isRecord(replica) && typeof replica["regionName"] === "string" ? ` (${replica["regionName"]})` : "";
        requireCustomerKey(
            `${subject}${region}`,
            `replicas[${index}].kmsKeyArn`,
            isRecord(replica) ? replica["kmsKeyArn"] : undefined,
            "DynamoDB encrypts that replica with the AWS-managed key aws/dynamodb of its region",
            findings,
        );
    });
}

function snsTopicUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    requireCustomerKey(subject, "kmsMasterKeyId", props["kmsMasterKeyId"], "SNS stores its messages without server-side encryption", findings);
}

/** `sqsManagedSseEnabled` is SSE-SQS: encryption, but with keys SQS owns. */
function sqsQueueUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const withoutKey =
        props["sqsManagedSseEnabled"] === true
            ? "SQS encrypts messages with SSE-SQS (`sqsManagedSseEnabled`), keys SQS owns"
            : "SQS encrypts messages with keys it owns, if at all";
    requireCustomerKey(subject, "kmsMasterKeyId", props["kmsMasterKeyId"], withoutKey, findings);
}

/** Only environment variables are encrypted with `kmsKeyArn`; a function without them holds nothing there. */
function lambdaEnvironmentUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const environment = props["environment"];
    if (isUnknown(environment)) {
        findings.undecided(`${subject}: \`environment\` is not known yet, so whether it has variables to encrypt cannot be checked.`);
        return;
    }
    const variables = isRecord(environment) ? environment["variables"] : undefined;
    if (isUnknown(variables)) {
        findings.undecided(`${subject}: \`environment.variables\` is not known yet, so whether there are any to encrypt cannot be checked.`);
        return;
    }
    if (!isRecord(variables) || Object.keys(variables).length === 0) return;
    requireCustomerKey(
        subject,
        "kmsKeyArn",
        props["kmsKeyArn"],
        "Lambda encrypts its `environment.variables` with the AWS-managed key aws/lambda",
        findings,
    );
}

function videoStreamUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    requireCustomerKey(subject, "kmsKeyId", props["kmsKeyId"], "Kinesis Video Streams encrypts media with the AWS-managed key aws/kinesisvideo", findings);
}

/** Kinesis Data Streams stores records unencrypted unless `encryptionType` is `KMS` (default `NONE`). */
function kinesisStreamUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const encryptionType = props["encryptionType"];
    if (isUnknown(encryptionType)) {
        findings.undecided(`${subject}: \`encryptionType\` is not known yet.`);
    } else if (encryptionType !== "KMS") {
        const seen = isAbsent(encryptionType) ? "leaves `encryptionType` unset (default NONE)" : `sets \`encryptionType\` to ${describeValue(encryptionType)}`;
        findings.violation(
            `${subject} ${seen}, so Kinesis stores its records unencrypted. Set \`encryptionType: "KMS"\` and \`kmsKeyId\` to ${CUSTOMER_KEY_FIX}.`,
        );
        return;
    }
    requireCustomerKey(subject, "kmsKeyId", props["kmsKeyId"], "Kinesis cannot encrypt with a customer key", findings);
}

/** aws-native DynamoDB (Cloud Control's AWS::DynamoDB::Table and GlobalTable) switches encryption with `sseSpecification.sseEnabled`. */
const SSE_SPECIFICATION: EncryptionBlockShape = { block: "sseSpecification", enabled: "sseEnabled" };

/** `sseType` has one value DynamoDB accepts for a customer key, `KMS`; left out, it defaults to it. */
function judgeSseType(subject: string, sse: Record<string, unknown>, findings: ResourceFindings) {
    const sseType = sse["sseType"];
    if (isUnknown(sseType)) findings.undecided(`${subject}: \`sseSpecification.sseType\` is not known yet.`);
    else if (!isAbsent(sseType) && sseType !== "KMS") {
        findings.violation(`${subject} sets \`sseSpecification.sseType\` to ${describeValue(sseType)}; a customer key needs \`sseType: "KMS"\`.`);
    }
}

/** The same three states as the classic table, spelt `sseSpecification { sseEnabled, sseType, kmsMasterKeyId }`. */
function nativeDynamoDbTableUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const sse = enabledEncryptionBlock(
        subject,
        props,
        findings,
        {
            fix: 'Set `sseSpecification: { sseEnabled: true, sseType: "KMS", kmsMasterKeyId: <customer key ARN> }`',
            whenAbsent: ", so DynamoDB encrypts it with a key AWS owns",
            whenDisabled: ", so DynamoDB encrypts it with a key AWS owns and ignores any kmsMasterKeyId",
        },
        SSE_SPECIFICATION,
    );
    if (!sse) return;
    judgeSseType(subject, sse, findings);
    requireCustomerKey(subject, "sseSpecification.kmsMasterKeyId", sse["kmsMasterKeyId"], "DynamoDB encrypts it with the AWS-managed key aws/dynamodb", findings);
}

/**
 * A global table switches KMS on for all replicas with `sseSpecification.sseEnabled`, but names the key
 * per replica (`replicas[].sseSpecification.kmsMasterKeyId`), each in its own region: a replica without
 * one is encrypted with `aws/dynamodb` there (AWS requires all or none to name a customer key).
 */
function nativeGlobalTableUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const fix = 'Set `sseSpecification: { sseEnabled: true, sseType: "KMS" }` and each replica\'s `sseSpecification.kmsMasterKeyId` to a customer key ARN of its region';
    const sse = enabledEncryptionBlock(
        subject,
        props,
        findings,
        { fix, whenAbsent: ", so DynamoDB encrypts every replica with a key AWS owns", whenDisabled: ", so DynamoDB encrypts every replica with a key AWS owns" },
        SSE_SPECIFICATION,
    );
    if (!sse) return;
    judgeSseType(subject, sse, findings);
    const replicas = props["replicas"];
    if (isUnknown(replicas)) {
        findings.undecided(`${subject}: \`replicas\` is not known yet.`);
        return;
    }
    if (!Array.isArray(replicas) || replicas.length === 0) {
        findings.violation(`${subject} has no \`replicas\`, so no replica names a customer key. ${fix}.`);
        return;
    }
    replicas.forEach((replica, index) => {
        if (isUnknown(replica)) {
            findings.undecided(`${subject}: \`replicas[${index}]\` is not known yet.`);
            return;
        }
        const region = isRecord(replica) && typeof replica["region"] === "string" && !isUnknown(replica["region"]) ? ` (${replica["region"]})` : "";
        const replicaSse = isRecord(replica) ? replica["sseSpecification"] : undefined;
        if (isUnknown(replicaSse)) {
            findings.undecided(`${subject}${region}: \`replicas[${index}].sseSpecification\` is not known yet.`);
            return;
        }
        requireCustomerKey(
            `${subject}${region}`,
            `replicas[${index}].sseSpecification.kmsMasterKeyId`,
            isRecord(replicaSse) ? replicaSse["kmsMasterKeyId"] : undefined,
            "DynamoDB encrypts that replica with the AWS-managed key aws/dynamodb of its region",
            findings,
        );
    });
}

/** aws-native Kinesis data streams: no `streamEncryption` block means records stored unencrypted. */
function nativeKinesisStreamUsesCustomerKey(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const fix = `Set \`streamEncryption: { encryptionType: "KMS", keyId }\` with \`keyId\` ${CUSTOMER_KEY_FIX}`;
    const encryption = props["streamEncryption"];
    if (isUnknown(encryption)) {
        findings.undecided(`${subject}: \`streamEncryption\` is not known yet.`);
        return;
    }
    if (!isRecord(encryption)) {
        const seen = isAbsent(encryption) ? "has no `streamEncryption`" : `sets \`streamEncryption\` to ${describeValue(encryption)}`;
        findings.violation(`${subject} ${seen}, so Kinesis stores its records unencrypted. ${fix}.`);
        return;
    }
    const encryptionType = encryption["encryptionType"];
    if (isUnknown(encryptionType)) findings.undecided(`${subject}: \`streamEncryption.encryptionType\` is not known yet.`);
    else if (encryptionType !== "KMS") {
        findings.violation(`${subject} sets \`streamEncryption.encryptionType\` to ${describeValue(encryptionType)}, which Kinesis does not accept. ${fix}.`);
    }
    requireCustomerKey(subject, "streamEncryption.keyId", encryption["keyId"], "Kinesis cannot encrypt with a customer key", findings);
}

type Judge = (subject: string, props: Record<string, unknown>, findings: ResourceFindings) => void;

/** Per resource type: what people call it, and how it names a customer key. */
const DATA_SERVICES: Readonly<Record<string, { label: string; judge: Judge }>> = {
    [LOG_GROUP]: { label: "CloudWatch log group", judge: logGroupUsesCustomerKey },
    [DYNAMODB_TABLE]: { label: "DynamoDB table", judge: dynamoDbTableUsesCustomerKey },
    [SNS_TOPIC]: { label: "SNS topic", judge: snsTopicUsesCustomerKey },
    [SQS_QUEUE]: { label: "SQS queue", judge: sqsQueueUsesCustomerKey },
    [LAMBDA_FUNCTION]: { label: "Lambda function", judge: lambdaEnvironmentUsesCustomerKey },
    [VIDEO_STREAM]: { label: "Kinesis Video stream", judge: videoStreamUsesCustomerKey },
    [KINESIS_STREAM]: { label: "Kinesis stream", judge: kinesisStreamUsesCustomerKey },
    [NATIVE.LOG_GROUP]: { label: "CloudWatch log group", judge: logGroupUsesCustomerKey },
    [NATIVE.DYNAMODB_TABLE]: { label: "DynamoDB table", judge: nativeDynamoDbTableUsesCustomerKey },
    [NATIVE.DYNAMODB_GLOBAL_TABLE]: { label: "DynamoDB global table", judge: nativeGlobalTableUsesCustomerKey },
    [NATIVE.SNS_TOPIC]: { label: "SNS topic", judge: snsTopicUsesCustomerKey },
    [NATIVE.SQS_QUEUE]: { label: "SQS queue", judge: sqsQueueUsesCustomerKey },
    [NATIVE.LAMBDA_FUNCTION]: { label: "Lambda function", judge: lambdaEnvironmentUsesCustomerKey },
    [NATIVE.VIDEO_STREAM]: { label: "Kinesis Video stream", judge: videoStreamUsesCustomerKey },
    [NATIVE.KINESIS_STREAM]: { label: "Kinesis stream", judge: nativeKinesisStreamUsesCustomerKey },
};

const of = (type: string, name: string, props: Record<string, unknown>) => ({ name, type, props });

export const dataServicesCustomerKey = resourceControl({
    name: "encryption-data-services-customer-key",
    title: "Log groups, tables, topics, queues, Lambda environments and streams use a customer-managed key",
    area: "encryption",
    description:
        "Services that hold copies of contact data encrypt it with a customer-managed KMS key rather than a key AWS owns " +
        "or an AWS-managed `alias/aws/<service>` key: CloudWatch log groups set `kmsKeyId`; DynamoDB tables set " +
        "`serverSideEncryption` with `enabled: true` and `kmsKeyArn` (also on each replica); SNS topics and SQS queues set " +
        "`kmsMasterKeyId` (SQS-managed SSE does not count); Lambda functions with environment variables set `kmsKeyArn`; " +
        'Kinesis Video streams set `kmsKeyId`; Kinesis data streams set `encryptionType: "KMS"` and `kmsKeyId`. The ' +
        "aws-native types are judged alike: `logs.LogGroup`, `sns.Topic`, `sqs.Queue`, `lambda.Function` and " +
        "`kinesisvideo.Stream` with the same property names; `dynamodb.Table` with `sseSpecification` " +
        '(`sseEnabled: true`, `sseType: "KMS"`, `kmsMasterKeyId`); `dynamodb.GlobalTable` with `sseSpecification.sseEnabled` ' +
        'and each replica\'s `sseSpecification.kmsMasterKeyId`; `kinesis.Stream` with `streamEncryption` (`encryptionType: "KMS"`, `keyId`).',
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"],
        pciDss: ["3.5.1"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        "Create a customer-managed key (`aws.kms.Key` or aws-native `kms.Key`, rotation on) whose key policy lets the service use it (for log groups, the `logs.<region>.amazonaws.com` principal).",
        "Pass `key.arn` to the service's key property: `kmsKeyId` (log groups, Kinesis and Kinesis Video streams), `serverSideEncryption.kmsKeyArn` with `enabled: true` (DynamoDB), `kmsMasterKeyId` (SNS, SQS), `kmsKeyArn` (Lambda).",
        'For Kinesis data streams also set `encryptionType: "KMS"`.',
        'aws-native: `sseSpecification: { sseEnabled: true, sseType: "KMS", kmsMasterKeyId: key.arn }` (DynamoDB table); `sseSpecification.sseEnabled: true` and every replica\'s `sseSpecification.kmsMasterKeyId` (DynamoDB global table); `streamEncryption: { encryptionType: "KMS", keyId: key.arn }` (Kinesis data stream); the same property names as the classic provider elsewhere.',
    ],
    parameters: {},
    appliesTo: Object.keys(DATA_SERVICES),
    examples: [
        {
            title: "a flow-log group encrypted with a customer key",
            verdict: "compliant",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme", retentionInDays: 400, kmsKeyId: keyArn })],
        },
        {
            title: "a log group naming its key by key id, which CloudWatch Logs refuses",
            verdict: "violation",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme", retentionInDays: 400, kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" })],
        },
        {
            title: "a log group without kmsKeyId",
            verdict: "violation",
            resources: [of(LOG_GROUP, "flow-logs", { name: "/aws/connect/acme", retentionInDays: 400 })],
        },
        {
            title: "a DynamoDB table encrypted with a customer key",
            verdict: "compliant",
            resources: [of(DYNAMODB_TABLE, "callbacks", { hashKey: "contactId", serverSideEncryption: { enabled: true, kmsKeyArn: keyArn } })],
        },
        {
            title: "a DynamoDB table with encryption enabled but no kmsKeyArn (AWS-managed aws/dynamodb)",
            verdict: "violation",
            resources: [of(DYNAMODB_TABLE, "callbacks", { hashKey: "contactId", serverSideEncryption: { enabled: true } })],
        },
        {
            title: "a DynamoDB table without serverSideEncryption (AWS-owned key)",
            verdict: "violation",
            resources: [of(DYNAMODB_TABLE, "callbacks", { hashKey: "contactId" })],
        },
        {
            title: "a DynamoDB global table whose Irish replica falls back to aws/dynamodb",
            verdict: "violation",
            resources: [
                of(DYNAMODB_TABLE, "callbacks", {
                    hashKey: "contactId",
                    serverSideEncryption: { enabled: true, kmsKeyArn: keyArn },
                    replicas: [{ regionName: "eu-west-1" }],
                }),
            ],
        },
        {
            title: "an SNS topic encrypted with a customer key",
            verdict: "compliant",
            resources: [of(SNS_TOPIC, "contact-events", { kmsMasterKeyId: keyArn })],
        },
        {
            title: "an SNS topic with the AWS-managed alias/aws/sns",
            verdict: "violation",
            resources: [of(SNS_TOPIC, "contact-events", { kmsMasterKeyId: "alias/aws/sns" })],
        },
        {
            title: "an SQS queue encrypted with a customer key alias",
            verdict: "compliant",
            resources: [of(SQS_QUEUE, "callback-requests", { kmsMasterKeyId: "alias/contact-centre" })],
        },
        {
            title: "an SQS queue with SQS-managed SSE (keys SQS owns)",
            verdict: "violation",
            resources: [of(SQS_QUEUE, "callback-requests", { sqsManagedSseEnabled: true })],
        },
        {
            title: "an SQS queue with the AWS-managed alias/aws/sqs",
            verdict: "violation",
            resources: [of(SQS_QUEUE, "callback-requests", { kmsMasterKeyId: "alias/aws/sqs" })],
        },
        {
            title: "a Lambda function with environment variables encrypted with a customer key",
            verdict: "compliant",
            resources: [
                of(LAMBDA_FUNCTION, "lookup", { role: "arn:aws:iam::111122223333:role/lookup", environment: { variables: { TABLE: "callbacks" } }, kmsKeyArn: keyArn }),
            ],
        },
        {
            title: "a Lambda function with environment variables and no kmsKeyArn (AWS-managed aws/lambda)",
            verdict: "violation",
            resources: [of(LAMBDA_FUNCTION, "lookup", { role: "arn:aws:iam::111122223333:role/lookup", environment: { variables: { TABLE: "callbacks" } } })],
        },
        {
            title: "a Lambda function without environment variables needs no key",
            verdict: "compliant",
            resources: [of(LAMBDA_FUNCTION, "lookup", { role: "arn:aws:iam::111122223333:role/lookup", runtime: "nodejs20.x" })],
        },
        {
            title: "a Kinesis Video stream encrypted with a customer key",
            verdict: "compliant",
            resources: [of(VIDEO_STREAM, "media", { dataRetentionInHours: 24, kmsKeyId: keyArn })],
        },
        {
            title: "a Kinesis Video stream without kmsKeyId (AWS-managed aws/kinesisvideo)",
            verdict: "violation",
            resources: [of(VIDEO_STREAM, "media", { dataRetentionInHours: 24 })],
        },
        {
            title: "a Kinesis contact-record stream encrypted with a customer key",
            verdict: "compliant",
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1, encryptionType: "KMS", kmsKeyId: keyArn })],
        },
        {
            title: "a Kinesis stream encrypted with the AWS-managed alias/aws/kinesis",
            verdict: "violation",
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" })],
        },
        {
            title: "a Kinesis stream without encryption",
            verdict: "violation",
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1 })],
        },
        {
            title: "first preview: the Kinesis stream's key is created in the same stack (so customer-managed)",
            verdict: "compliant",
            resources: [of(KINESIS_STREAM, "ctr", { shardCount: 1, encryptionType: "KMS", kmsKeyId: UNKNOWN })],
        },
        {
            title: "first preview: the DynamoDB table's key is created in the same stack (so customer-managed)",
            verdict: "compliant",
            resources: [of(DYNAMODB_TABLE, "callbacks", { hashKey: "contactId", serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN } })],
        },
        {
            title: "first preview: the Lambda function's variables come from other resources' outputs",
            verdict: "deferred",
            resources: [of(LAMBDA_FUNCTION, "lookup", { role: UNKNOWN, environment: { variables: UNKNOWN } })],
        },
        {
            title: "first preview: an unencrypted Kinesis stream still blocks although its name is unknown",
            verdict: "violation",
            resources: [of(KINESIS_STREAM, "ctr", { name: UNKNOWN, shardCount: 1, encryptionType: "NONE" })],
        },
        {
            title: "first preview: a Lambda function with variables built from unknown outputs and no key still blocks",
            verdict: "violation",
            resources: [of(LAMBDA_FUNCTION, "lookup", { role: UNKNOWN, environment: { variables: { TABLE: UNKNOWN } } })],
        },
        {
            title: "aws-native: a DynamoDB table with sseSpecification naming a customer key",
            verdict: "compliant",
            resources: [of(NATIVE.DYNAMODB_TABLE, "callbacks", { keySchema: [{ attributeName: "contactId", keyType: "HASH" }], sseSpecification: { sseEnabled: true, sseType: "KMS", kmsMasterKeyId: keyArn } })],
        },
        {
            title: "aws-native: a DynamoDB table with sseEnabled but no kmsMasterKeyId (AWS-managed aws/dynamodb)",
            verdict: "violation",
            resources: [of(NATIVE.DYNAMODB_TABLE, "callbacks", { keySchema: [{ attributeName: "contactId", keyType: "HASH" }], sseSpecification: { sseEnabled: true } })],
        },
        {
            title: "aws-native: a DynamoDB global table whose Irish replica names no key",
            verdict: "violation",
            resources: [
                of(NATIVE.DYNAMODB_GLOBAL_TABLE, "callbacks", {
                    sseSpecification: { sseEnabled: true, sseType: "KMS" },
                    replicas: [{ region: "eu-central-1", sseSpecification: { kmsMasterKeyId: keyArn } }, { region: "eu-west-1" }],
                }),
            ],
        },
        {
            title: "aws-native: a DynamoDB global table with a customer key in every replica",
            verdict: "compliant",
            resources: [
                of(NATIVE.DYNAMODB_GLOBAL_TABLE, "callbacks", {
                    sseSpecification: { sseEnabled: true, sseType: "KMS" },
                    replicas: [
                        { region: "eu-central-1", sseSpecification: { kmsMasterKeyId: keyArn } },
                        { region: "eu-west-1", sseSpecification: { kmsMasterKeyId: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } },
                    ],
                }),
            ],
        },
        {
            title: "aws-native: a log group, topic, queue, Lambda environment and video stream keyed by an aws-native key's ARN",
            verdict: "compliant",
            resources: [
                of(NATIVE.KMS_KEY, "contact-key", { arn: keyArn, enableKeyRotation: true }),
                of(NATIVE.LOG_GROUP, "flow-logs", { logGroupName: "/aws/connect/acme", retentionInDays: 400, kmsKeyId: keyArn }),
                of(NATIVE.SNS_TOPIC, "contact-events", { kmsMasterKeyId: keyArn }),
                of(NATIVE.SQS_QUEUE, "callback-requests", { kmsMasterKeyId: keyArn }),
                of(NATIVE.LAMBDA_FUNCTION, "lookup", { role: "arn:aws:iam::111122223333:role/lookup", code: { zipFile: "exports.handler = async () => {}" }, environment: { variables: { TABLE: "callbacks" } }, kmsKeyArn: keyArn }),
                of(NATIVE.VIDEO_STREAM, "media", { dataRetentionInHours: 24, kmsKeyId: keyArn }),
            ],
        },
        {
            title: "aws-native: an SQS queue with SQS-managed SSE",
            verdict: "violation",
            resources: [of(NATIVE.SQS_QUEUE, "callback-requests", { sqsManagedSseEnabled: true })],
        },
        {
            title: "aws-native: a Kinesis stream without streamEncryption",
            verdict: "violation",
            resources: [of(NATIVE.KINESIS_STREAM, "ctr", { shardCount: 1 })],
        },
        {
            title: "aws-native: a Kinesis stream encrypted with the AWS-managed alias/aws/kinesis",
            verdict: "violation",
            resources: [of(NATIVE.KINESIS_STREAM, "ctr", { shardCount: 1, streamEncryption: { encryptionType: "KMS", keyId: "alias/aws/kinesis" } })],
        },
        {
            title: "mixed providers, first preview: an aws-native Kinesis stream keyed by a classic key created in the same stack",
            verdict: "compliant",
            resources: [
                of("aws:kms/key:Key", "ctr-key", { enableKeyRotation: true }),
                { ...of(NATIVE.KINESIS_STREAM, "ctr", { shardCount: 1, streamEncryption: { encryptionType: "KMS", keyId: UNKNOWN } }), propertyDependencies: { streamEncryption: ["ctr-key"] } },
            ],
        },
        {
            title: "aws-native first preview: the Lambda function's variables come from other resources' outputs",
            verdict: "deferred",
            resources: [of(NATIVE.LAMBDA_FUNCTION, "lookup", { role: UNKNOWN, code: { zipFile: "x" }, environment: { variables: UNKNOWN } })],
        },
    ],
    check(resource: CheckedResource, _config, findings) {
        if (!Object.hasOwn(DATA_SERVICES, resource.type)) return;
        const service = DATA_SERVICES[resource.type];
        service.judge(`${service.label} '${resource.name}'`, resource.props, findings);
    },
});
