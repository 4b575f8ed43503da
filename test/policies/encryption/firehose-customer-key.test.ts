import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { firehoseCustomerKey } from "../../../policies/encryption/firehose-customer-key";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";


const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const customerSse = { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn };
const s3 = (extra: Record<string, unknown> = {}) => ({ bucketArn: "arn:aws:s3:::acme-ctr", roleArn: "arn:aws:iam::111122223333:role/fh", ...extra });

function stream(props: Record<string, unknown>): ControlExample {
    return { title: "ad hoc", verdict: "violation", resources: [{ name: "ctr", type: FIREHOSE, props: { destination: "extended_s3", ...props } }] };
}

async function messagesFor(props: Record<string, unknown>) {
    return (await findingsOf(firehoseCustomerKey, stream(props))).map((f) => `${f.enforcementLevel}: ${f.message}`);
}

describeControlExamples(firehoseCustomerKey);

describe("encryption-firehose-customer-key", () => {
    it("names the stream, the property and the fix", async () => {
        const [message] = await messagesFor({ extendedS3Configuration: s3({ kmsKeyArn: keyArn }) });
        expect(message).toContain("Firehose delivery stream 'ctr' has no `serverSideEncryption`");
        expect(message).toContain('keyType: "CUSTOMER_MANAGED_CMK"');
    });

    it("blocks SSE that is switched off", async () => {
        const messages = await messagesFor({ serverSideEncryption: { ...customerSse, enabled: false }, extendedS3Configuration: s3({ kmsKeyArn: keyArn }) });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`serverSideEncryption.enabled` to false/);
    });

    it("blocks a customer key type without a key ARN", async () => {
        const [message] = await messagesFor({ serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK" }, extendedS3Configuration: s3({ kmsKeyArn: keyArn }) });
        expect(message).toMatch(/has no `serverSideEncryption.keyArn`/);
    });

    it("blocks an S3 destination encrypted with the AWS-managed aws/s3 key", async () => {
        const [message] = await messagesFor({
            serverSideEncryption: customerSse,
            extendedS3Configuration: s3({ kmsKeyArn: "arn:aws:kms:eu-central-1:111122223333:alias/aws/s3" }),
        });
        expect(message).toMatch(/`extendedS3Configuration.kmsKeyArn` to the AWS-managed key/);
    });

    it("blocks an S3 backup of the extended S3 destination without kmsKeyArn", async () => {
        const messages = await messagesFor({
            serverSideEncryption: customerSse,
            extendedS3Configuration: s3({ kmsKeyArn: keyArn, s3BackupMode: "Enabled", s3BackupConfiguration: s3() }),
        });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`extendedS3Configuration.s3BackupConfiguration.kmsKeyArn`/);
    });

    it("does not ask a stream fed by MSK for server-side encryption", async () => {
        expect(await messagesFor({ mskSourceConfiguration: { mskClusterArn: "arn:aws:kafka:eu-central-1:111122223333:cluster/c/1" }, extendedS3Configuration: s3({ kmsKeyArn: keyArn }) })).toEqual([]);
    });

    it("defers the stream encryption when its source block is not known yet", async () => {
        const messages = await messagesFor({ kinesisSourceConfiguration: UNKNOWN, extendedS3Configuration: s3({ kmsKeyArn: keyArn }) });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^advisory: .*`kinesisSourceConfiguration` is not known yet/);
    });

    it("defers when the whole S3 destination block is not known yet", async () => {
        const messages = await messagesFor({ serverSideEncryption: customerSse, extendedS3Configuration: UNKNOWN });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/`extendedS3Configuration` is not known yet/);
    });

    it.each<[string, Record<string, unknown>]>([
        ["null everywhere", { serverSideEncryption: null, extendedS3Configuration: null, kinesisSourceConfiguration: null }],
        ["a JSON string as SSE block", { serverSideEncryption: JSON.stringify(customerSse) }],
        ["an array as SSE block", { serverSideEncryption: [customerSse] }],
        ["a number as key ARN", { serverSideEncryption: { ...customerSse, keyArn: 7 }, extendedS3Configuration: s3({ kmsKeyArn: ["x"] }) }],
        ["a string as destination block", { serverSideEncryption: customerSse, extendedS3Configuration: "s3://acme-ctr", redshiftConfiguration: 12 }],
        ["a string as nested S3 block", { serverSideEncryption: customerSse, splunkConfiguration: { s3Configuration: "acme" } }],
    ])("never throws on malformed input: %s", async (_title, props) => {
        const findings = await findingsOf(firehoseCustomerKey, stream(props));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("treats a wrongly typed key ARN as no customer key", async () => {
        const messages = await messagesFor({ serverSideEncryption: { ...customerSse, keyArn: 7 }, extendedS3Configuration: s3({ kmsKeyArn: keyArn }) });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/sets `serverSideEncryption.keyArn` to 7/);
    });
});

describe("encryption-firehose-customer-key on aws-native delivery streams", () => {
    const nativeSse = { keyType: "CUSTOMER_MANAGED_CMK", keyArn };
    const nativeS3 = (encryptionConfiguration?: unknown) => ({ bucketArn: "arn:aws:s3:::acme-ctr", roleArn: "arn:aws:iam::111122223333:role/fh", encryptionConfiguration });
    const keyed = nativeS3({ kmsEncryptionConfig: { awskmsKeyArn: keyArn } });
    const native = async (props: Record<string, unknown>) =>
        (await findingsOf(firehoseCustomerKey, { title: "ad hoc", verdict: "violation", resources: [{ name: "ctr", type: NATIVE.FIREHOSE, props }] })).map(
            (f) => `${f.enforcementLevel}: ${f.message}`,
        );

    it("passes a Direct PUT stream and S3 destination keyed by customer keys", async () => {
        expect(await native({ deliveryStreamEncryptionConfigurationInput: nativeSse, extendedS3DestinationConfiguration: keyed })).toEqual([]);
    });

    it("names the aws-native stream encryption block and its fix", async () => {
        const [message] = await native({ extendedS3DestinationConfiguration: keyed });
        expect(message).toContain("Firehose delivery stream 'ctr' has no `deliveryStreamEncryptionConfigurationInput`, so Firehose buffers records under a key AWS owns");
        expect(message).toContain('Set `deliveryStreamEncryptionConfigurationInput: { keyType: "CUSTOMER_MANAGED_CMK", keyArn: <customer key ARN> }`');
    });

    it("blocks the AWS-owned key type and an unset one", async () => {
        expect(await native({ deliveryStreamEncryptionConfigurationInput: { keyType: "AWS_OWNED_CMK" }, extendedS3DestinationConfiguration: keyed })).toEqual([
            expect.stringContaining('sets `deliveryStreamEncryptionConfigurationInput.keyType` to "AWS_OWNED_CMK", a key AWS owns'),
        ]);
        expect(await native({ deliveryStreamEncryptionConfigurationInput: {}, extendedS3DestinationConfiguration: keyed })).toEqual([
            expect.stringContaining("leaves `deliveryStreamEncryptionConfigurationInput.keyType` unset (default AWS_OWNED_CMK)"),
        ]);
    });

    it("blocks a customer key type without keyArn", async () => {
        expect(await native({ deliveryStreamEncryptionConfigurationInput: { keyType: "CUSTOMER_MANAGED_CMK" }, extendedS3DestinationConfiguration: keyed })).toEqual([
            expect.stringContaining("has no `deliveryStreamEncryptionConfigurationInput.keyArn`"),
        ]);
    });

    it("names the aws-native S3 key path, for the plain S3 destination and backups too", async () => {
        expect(await native({ deliveryStreamEncryptionConfigurationInput: nativeSse, s3DestinationConfiguration: nativeS3({ noEncryptionConfig: "NoEncryption" }) })).toEqual([
            expect.stringContaining("has no `s3DestinationConfiguration.encryptionConfiguration.kmsEncryptionConfig.awskmsKeyArn`"),
        ]);
        expect(
            await native({ deliveryStreamEncryptionConfigurationInput: nativeSse, extendedS3DestinationConfiguration: { ...keyed, s3BackupConfiguration: nativeS3() } }),
        ).toEqual([expect.stringContaining("`extendedS3DestinationConfiguration.s3BackupConfiguration.encryptionConfiguration.kmsEncryptionConfig.awskmsKeyArn`")]);
        expect(
            await native({
                deliveryStreamEncryptionConfigurationInput: nativeSse,
                splunkDestinationConfiguration: { hecEndpoint: "https://splunk.example.com", s3Configuration: nativeS3({ kmsEncryptionConfig: { awskmsKeyArn: "alias/aws/s3" } }) },
            }),
        ).toEqual([expect.stringContaining("to the AWS-managed key \"alias/aws/s3\"")]);
    });

    it("asks no stream key of streams fed by Kinesis, MSK or a database", async () => {
        for (const source of ["kinesisStreamSourceConfiguration", "mskSourceConfiguration", "databaseSourceConfiguration"]) {
            expect(await native({ [source]: { roleArn: "r" }, extendedS3DestinationConfiguration: keyed })).toEqual([]);
        }
    });

    it("defers on an unknown source block, stream key block or S3 key step, naming it", async () => {
        expect(await native({ kinesisStreamSourceConfiguration: UNKNOWN, extendedS3DestinationConfiguration: keyed })).toEqual([
            expect.stringMatching(/^advisory: [\s\S]*`kinesisStreamSourceConfiguration` is not known yet/),
        ]);
        expect(await native({ deliveryStreamEncryptionConfigurationInput: UNKNOWN, extendedS3DestinationConfiguration: keyed })).toEqual([
            expect.stringMatching(/`deliveryStreamEncryptionConfigurationInput` is not known yet/),
        ]);
        expect(await native({ deliveryStreamEncryptionConfigurationInput: nativeSse, extendedS3DestinationConfiguration: nativeS3({ kmsEncryptionConfig: UNKNOWN }) })).toEqual([
            expect.stringMatching(/`extendedS3DestinationConfiguration.encryptionConfiguration.kmsEncryptionConfig` is not known yet/),
        ]);
    });

    it("does not read the classic property names on an aws-native stream", async () => {
        const messages = await native({ serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }, extendedS3DestinationConfiguration: keyed });
        expect(messages).toEqual([expect.stringContaining("has no `deliveryStreamEncryptionConfigurationInput`")]);
    });
});
