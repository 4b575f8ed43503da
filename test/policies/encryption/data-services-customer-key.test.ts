import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { dataServicesCustomerKey } from "../../../policies/encryption/data-services-customer-key";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";


const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TYPES = {
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    table: "aws:dynamodb/table:Table",
    topic: "aws:sns/topic:Topic",
    queue: "aws:sqs/queue:Queue",
    lambda: "aws:lambda/function:Function",
    video: "aws:kinesis/videoStream:VideoStream",
    stream: "aws:kinesis/stream:Stream",
} as const;

function single(type: string, props: Record<string, unknown>): ControlExample {
    return { title: "ad hoc", verdict: "violation", resources: [{ name: "subject", type, props }] };
}

async function messagesFor(type: string, props: Record<string, unknown>) {
    return (await findingsOf(dataServicesCustomerKey, single(type, props))).map((f) => `${f.enforcementLevel}: ${f.message}`);
}

describeControlExamples(dataServicesCustomerKey);

describe("encryption-data-services-customer-key", () => {
    it("applies to exactly the seven classic data-service types and their eight aws-native counterparts", () => {
        const native = [
            NATIVE.LOG_GROUP, NATIVE.DYNAMODB_TABLE, NATIVE.DYNAMODB_GLOBAL_TABLE, NATIVE.SNS_TOPIC, NATIVE.SQS_QUEUE,
            NATIVE.LAMBDA_FUNCTION, NATIVE.VIDEO_STREAM, NATIVE.KINESIS_STREAM,
        ];
        expect([...dataServicesCustomerKey.appliesTo].sort()).toEqual([...Object.values(TYPES), ...native].sort());
    });

    it("ignores resource types it does not judge", async () => {
        expect(await messagesFor("aws:s3/bucket:Bucket", {})).toEqual([]);
    });

    it("names the service, the resource, the property and the fix", async () => {
        const [message] = await messagesFor(TYPES.logGroup, { retentionInDays: 30 });
        expect(message).toContain("CloudWatch log group 'subject' has no `kmsKeyId`");
        expect(message).toContain("customer-managed `aws.kms.Key`");
    });

    it("blocks a DynamoDB table that disables SSE even when it names a key", async () => {
        const messages = await messagesFor(TYPES.table, { serverSideEncryption: { enabled: false, kmsKeyArn: keyArn } });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`serverSideEncryption.enabled` to false/);
    });

    it("passes a DynamoDB global table whose replicas each name a customer key", async () => {
        const props = {
            serverSideEncryption: { enabled: true, kmsKeyArn: keyArn },
            replicas: [{ regionName: "eu-west-1", kmsKeyArn: keyArn.replace("eu-central-1", "eu-west-1") }],
        };
        expect(await messagesFor(TYPES.table, props)).toEqual([]);
    });

    it("blocks a DynamoDB table whose kmsKeyArn is missing while `enabled` is still unknown", async () => {
        const messages = await messagesFor(TYPES.table, { serverSideEncryption: { enabled: UNKNOWN } });
        expect(messages.some((m) => m.startsWith("mandatory:") && m.includes("aws/dynamodb"))).toBe(true);
    });

    it("blocks AWS-managed aliases given as alias ARNs", async () => {
        const aliasArn = "arn:aws:kms:eu-central-1:111122223333:alias/aws/kinesisvideo";
        const [message] = await messagesFor(TYPES.video, { kmsKeyId: aliasArn });
        expect(message).toMatch(/AWS-managed key/);
    });

    it("blocks an SNS topic without a key", async () => {
        const [message] = await messagesFor(TYPES.topic, {});
        expect(message).toMatch(/SNS topic 'subject' has no `kmsMasterKeyId`/);
    });

    it("blocks an SQS queue without any encryption setting", async () => {
        expect(await messagesFor(TYPES.queue, {})).toHaveLength(1);
    });

    it("asks nothing of a Lambda function with an empty variables map", async () => {
        expect(await messagesFor(TYPES.lambda, { environment: { variables: {} } })).toEqual([]);
    });

    it("blocks a Lambda function whose environment variables use the AWS-managed alias/aws/lambda", async () => {
        expect(await messagesFor(TYPES.lambda, { environment: { variables: { A: "b" } }, kmsKeyArn: "alias/aws/lambda" })).toHaveLength(1);
    });

    it("blocks a Kinesis stream with KMS but no key id", async () => {
        const [message] = await messagesFor(TYPES.stream, { encryptionType: "KMS" });
        expect(message).toMatch(/has no `kmsKeyId`/);
    });

    it("defers a Kinesis stream whose encryption type is unknown but whose customer key is set", async () => {
        const messages = await messagesFor(TYPES.stream, { encryptionType: UNKNOWN, kmsKeyId: keyArn });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`encryptionType` is not known yet/);
    });

    it.each<[string, string, Record<string, unknown>]>([
        ["log group with a numeric key", TYPES.logGroup, { kmsKeyId: 42 }],
        ["table with a string instead of the SSE block", TYPES.table, { serverSideEncryption: '{"enabled":true}' }],
        ["table with an array as SSE block and null replicas", TYPES.table, { serverSideEncryption: [{ enabled: true }], replicas: null }],
        ["table with replicas given as an object", TYPES.table, { serverSideEncryption: { enabled: true, kmsKeyArn: keyArn }, replicas: { regionName: "eu-west-1" } }],
        ["table with null replica entries", TYPES.table, { serverSideEncryption: { enabled: true, kmsKeyArn: keyArn }, replicas: [null, 7] }],
        ["topic with an object as key", TYPES.topic, { kmsMasterKeyId: { id: keyArn } }],
        ["queue with null everywhere", TYPES.queue, { kmsMasterKeyId: null, sqsManagedSseEnabled: null }],
        ["function with a string environment", TYPES.lambda, { environment: "TABLE=callbacks" }],
        ["function with a list of variables", TYPES.lambda, { environment: { variables: ["TABLE"] } }],
        ["video stream with a list as key", TYPES.video, { kmsKeyId: [keyArn] }],
        ["stream with a boolean encryption type", TYPES.stream, { encryptionType: true, kmsKeyId: null }],
    ])("never throws on malformed input: %s", async (_title, type, props) => {
        const findings = await findingsOf(dataServicesCustomerKey, single(type, props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("treats a wrongly typed key as no customer key", async () => {
        const [message] = await messagesFor(TYPES.topic, { kmsMasterKeyId: { id: keyArn } });
        expect(message).toMatch(/^mandatory: .*sets `kmsMasterKeyId` to an object, which names no KMS key/s);
    });
});

describe("encryption-data-services-customer-key on aws-native resources", () => {
    const body = (message: string) => message.slice(0, message.indexOf(": ") + 2) + message.slice(message.indexOf("\n") + 1);
    const native = async (type: string, props: Record<string, unknown>) => (await messagesFor(type, props)).map(body);

    it("blocks a DynamoDB table without sseSpecification, naming the aws-native fix", async () => {
        expect(await native(NATIVE.DYNAMODB_TABLE, {})).toEqual([
            expect.stringMatching(/^mandatory: DynamoDB table 'subject' has no `sseSpecification`, so DynamoDB encrypts it with a key AWS owns\. Set `sseSpecification: \{ sseEnabled: true/),
        ]);
    });

    it("blocks a DynamoDB table with sseEnabled false", async () => {
        expect(await native(NATIVE.DYNAMODB_TABLE, { sseSpecification: { sseEnabled: false, kmsMasterKeyId: keyArn } })).toEqual([
            expect.stringContaining("sets `sseSpecification.sseEnabled` to false"),
        ]);
    });

    it("blocks an sseType other than KMS", async () => {
        expect(await native(NATIVE.DYNAMODB_TABLE, { sseSpecification: { sseEnabled: true, sseType: "AES256", kmsMasterKeyId: keyArn } })).toEqual([
            expect.stringContaining("sets `sseSpecification.sseType` to \"AES256\""),
        ]);
    });

    it("blocks the AWS-managed aws/dynamodb key named explicitly", async () => {
        expect(await native(NATIVE.DYNAMODB_TABLE, { sseSpecification: { sseEnabled: true, kmsMasterKeyId: "alias/aws/dynamodb" } })).toEqual([
            expect.stringContaining("sets `sseSpecification.kmsMasterKeyId` to the AWS-managed key \"alias/aws/dynamodb\""),
        ]);
    });

    it("defers a DynamoDB table whose sseSpecification is not known yet", async () => {
        expect(await native(NATIVE.DYNAMODB_TABLE, { sseSpecification: UNKNOWN })).toEqual([expect.stringMatching(/^advisory: .*`sseSpecification` is not known yet/)]);
    });

    it("names the replica and its region in a global table", async () => {
        const messages = await native(NATIVE.DYNAMODB_GLOBAL_TABLE, {
            sseSpecification: { sseEnabled: true },
            replicas: [{ region: "eu-central-1", sseSpecification: { kmsMasterKeyId: keyArn } }, { region: "eu-west-1", sseSpecification: {} }],
        });
        expect(messages).toEqual([expect.stringContaining("DynamoDB global table 'subject' (eu-west-1) has no `replicas[1].sseSpecification.kmsMasterKeyId`")]);
    });

    it("blocks a global table whose encryption switch is off, whatever its replicas say", async () => {
        expect(await native(NATIVE.DYNAMODB_GLOBAL_TABLE, { replicas: [{ region: "eu-central-1", sseSpecification: { kmsMasterKeyId: keyArn } }] })).toEqual([
            expect.stringContaining("has no `sseSpecification`, so DynamoDB encrypts every replica with a key AWS owns"),
        ]);
    });

    it("defers a global table whose replicas are not known yet", async () => {
        expect(await native(NATIVE.DYNAMODB_GLOBAL_TABLE, { sseSpecification: { sseEnabled: true }, replicas: UNKNOWN })).toEqual([
            expect.stringMatching(/^advisory: .*`replicas` is not known yet/),
        ]);
    });

    it("blocks a Kinesis stream whose streamEncryption names no key", async () => {
        expect(await native(NATIVE.KINESIS_STREAM, { streamEncryption: { encryptionType: "KMS" } })).toEqual([
            expect.stringContaining("Kinesis stream 'subject' has no `streamEncryption.keyId`"),
        ]);
    });

    it("blocks a Kinesis stream encryption type other than KMS", async () => {
        expect(await native(NATIVE.KINESIS_STREAM, { streamEncryption: { encryptionType: "NONE", keyId: keyArn } })).toEqual([
            expect.stringContaining("sets `streamEncryption.encryptionType` to \"NONE\""),
        ]);
    });

    it("defers a Kinesis stream whose streamEncryption is not known yet, and accepts a key created in the stack", async () => {
        expect(await native(NATIVE.KINESIS_STREAM, { streamEncryption: UNKNOWN })).toEqual([expect.stringMatching(/^advisory: .*`streamEncryption` is not known yet/)]);
        expect(await native(NATIVE.KINESIS_STREAM, { streamEncryption: { encryptionType: "KMS", keyId: UNKNOWN } })).toEqual([]);
    });

    it.each<[string, string, Record<string, unknown>]>([
        ["log group", NATIVE.LOG_GROUP, { logGroupName: "/aws/connect/acme" }],
        ["SNS topic", NATIVE.SNS_TOPIC, { kmsMasterKeyId: "alias/aws/sns" }],
        ["Lambda function", NATIVE.LAMBDA_FUNCTION, { environment: { variables: { TABLE: "t" } } }],
        ["Kinesis Video stream", NATIVE.VIDEO_STREAM, { kmsKeyId: "alias/aws/kinesisvideo" }],
    ])("judges the aws-native %s by the classic property names", async (_label, type, props) => {
        expect((await native(type, props)).some((m) => m.startsWith("mandatory: "))).toBe(true);
    });

    it.each<[string, Record<string, unknown>]>([
        ["a list as sseSpecification", { sseSpecification: [{ sseEnabled: true }] }],
        ["a JSON string as sseSpecification", { sseSpecification: JSON.stringify({ sseEnabled: true, kmsMasterKeyId: keyArn }) }],
        ["null replicas", { sseSpecification: { sseEnabled: true }, replicas: null }],
        ["a string replica", { sseSpecification: { sseEnabled: true }, replicas: ["eu-west-1"] }],
    ])("never throws on a malformed aws-native DynamoDB table and never passes it: %s", async (_title, props) => {
        const type = "replicas" in props ? NATIVE.DYNAMODB_GLOBAL_TABLE : NATIVE.DYNAMODB_TABLE;
        const messages = await native(type, props);
        expect(messages.some((m) => m.startsWith("mandatory: "))).toBe(true);
        for (const message of messages) expect(message).not.toMatch(/could not evaluate/);
    });
});
