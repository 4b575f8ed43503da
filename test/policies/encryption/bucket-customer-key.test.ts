import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { bucketCustomerKey } from "../../../policies/encryption/bucket-customer-key";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

const nativeBucket = (props: Record<string, unknown>, name = "recordings"): ExampleResource => ({ name, type: NATIVE.S3_BUCKET, props: { bucketName: `acme-${name}`, ...props } });
const encryptedWith = (serverSideEncryptionByDefault: unknown) => ({ bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault, bucketKeyEnabled: true }] } });

async function outcome(...resources: ExampleResource[]) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources };
    const findings = await findingsOf(bucketCustomerKey, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        // The engine prefixes a violation with the policy's description; the finding itself is the last line.
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(bucketCustomerKey);

describe("encryption-bucket-customer-key on aws-native buckets", () => {
    it("asks for bucketEncryption in aws-native terms, on the bucket's URN", async () => {
        const { findings, blocking } = await outcome(nativeBucket({}));
        expect(findings[0].urn).toBe(urnOf(NATIVE.S3_BUCKET, "recordings"));
        expect(blocking).toEqual([expect.stringContaining("Set `bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: {")]);
    });

    it("quotes the aws-native path of the algorithm and of the key", async () => {
        const sseS3 = await outcome(nativeBucket(encryptedWith({ sseAlgorithm: "AES256" })));
        expect(sseS3.blocking).toEqual([
            expect.stringContaining("'recordings' `bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.sseAlgorithm` \"AES256\""),
        ]);
        const noKey = await outcome(nativeBucket(encryptedWith({ sseAlgorithm: "aws:kms" })));
        expect(noKey.blocking).toEqual([
            expect.stringContaining("`bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault.kmsMasterKeyId` is unset"),
        ]);
    });

    it("accepts DSSE-KMS with a customer key", async () => {
        expect((await outcome(nativeBucket(encryptedWith({ sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: KEY_ARN })))).findings).toEqual([]);
    });

    it("says a bucket whose loggingConfiguration names no destination receives its own logs", async () => {
        const { blocking } = await outcome(nativeBucket({ ...encryptedWith({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }), loggingConfiguration: {} }));
        expect(blocking).toEqual([expect.stringMatching(/receives S3 server access logs.*\(It receives its own server access logs\.\)$/)]);
    });

    it("names the bucket whose logs an aws-native log target receives", async () => {
        const recordings = nativeBucket({ ...encryptedWith({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }), loggingConfiguration: { destinationBucketName: "acme-access-logs" } });
        const logs = nativeBucket(encryptedWith({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }), "access-logs");
        const { blocking } = await outcome(recordings, logs);
        expect(blocking).toEqual([expect.stringContaining("(It receives the server access logs of 'recordings'.)")]);
    });

    it("defers a log target decision while destinationBucketName comes from no bucket of the stack", async () => {
        const recordings = nativeBucket({ ...encryptedWith({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }), loggingConfiguration: { destinationBucketName: UNKNOWN } });
        const logs = nativeBucket(encryptedWith({ sseAlgorithm: "AES256" }), "access-logs");
        const { blocking, deferred } = await outcome(recordings, logs);
        expect(blocking).toEqual([]);
        expect(deferred.some((m) => /whether it receives server access logs \(the target of 'recordings' is not known yet\)/.test(m))).toBe(true);
    });

    it("judges an aws-native bucket's own rule and a classic configuration pointing at it alike", async () => {
        const sse = { name: "recordings-encryption", type: SSE, props: { bucket: "acme-recordings", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } };
        const { blocking } = await outcome(nativeBucket(encryptedWith({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN })), sse);
        expect(blocking).toEqual([expect.stringContaining("'recordings-encryption' `rules[0].applyServerSideEncryptionByDefault.sseAlgorithm` \"AES256\"")]);
    });

    it.each<[string, unknown, boolean]>([
        ["bucketEncryption as a JSON string", '{"serverSideEncryptionConfiguration": []}', true],
        ["a null rule", { serverSideEncryptionConfiguration: [null] }, true],
        ["a numeric algorithm", { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 3 } }] }, true],
        ["one rule object instead of a list", { serverSideEncryptionConfiguration: { serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } } }, false],
    ])("never throws on %s (blocks: %s)", async (_title, bucketEncryption, blocks) => {
        const { blocking } = await outcome(nativeBucket({ bucketEncryption }));
        expect(blocking.length > 0).toBe(blocks);
    });

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(bucketCustomerKey), async (example) => {
                const findings = await findingsOf(bucketCustomerKey, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 30 },
        );
    }, 120_000);
});
