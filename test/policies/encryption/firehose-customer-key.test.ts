import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { firehoseCustomerKey } from "../../../policies/encryption/firehose-customer-key";
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
