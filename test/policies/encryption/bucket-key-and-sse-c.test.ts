import { describe, expect, it } from "vitest";
import { bucketKeyAndSseC } from "../../../policies/encryption/bucket-key-and-sse-c";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { findingsOf } from "../../support/control-examples";
import { remediated } from "../../support/remediation";

const exampleTitled = (title: string) => bucketKeyAndSseC.examples.find((e) => e.title === title)!;

describe("encryption-bucket-key-and-sse-c remediation", () => {
    it.each(bucketKeyAndSseC.examples.filter((e) => e.verdict === "violation").map((e) => [e.title, e] as const))(
        "fixes %s so that nothing is left to report",
        async (_title, example) => {
            const evaluation = await remediated(bucketKeyAndSseC, example);
            expect(evaluation.remediations.size).toBe(1);
            expect(evaluation.diagnostics).toEqual([]);
        },
    );

    it("keeps the rest of the rule, unknown key ids included, when it turns the bucket key on", async () => {
        const evaluation = await remediated(
            bucketKeyAndSseC,
            exampleTitled("an SSE-KMS rule without the bucket key, during a first preview with the bucket and key unknown"),
        );
        const [fix] = [...evaluation.remediations.values()][0];
        expect(fix.properties).toEqual({
            bucket: UNKNOWN,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN },
                    blockedEncryptionTypes: ["SSE-C"],
                    bucketKeyEnabled: true,
                },
            ],
        });
    });

    it("leaves compliant rules untouched", async () => {
        const evaluation = await remediated(bucketKeyAndSseC, exampleTitled("an SSE-KMS rule with the bucket key on and SSE-C blocked"));
        expect(evaluation.remediations.size).toBe(0);
    });
});

describe("encryption-bucket-key-and-sse-c on aws-native buckets", () => {
    const nativeBucket = (bucketEncryption: unknown) => ({
        title: "aws-native",
        verdict: "violation" as const,
        resources: [{ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", bucketEncryption } }],
    });

    it("names the aws-native path and the aws-native fix when SSE-C is not blocked", async () => {
        const findings = await findingsOf(bucketKeyAndSseC, nativeBucket({ serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }));
        expect(findings.map((f) => f.message)).toEqual([
            expect.stringMatching(
                /S3 bucket 'recordings' does not block SSE-C: `bucketEncryption\.serverSideEncryptionConfiguration\[0\]\.blockedEncryptionTypes\.encryptionType` is unset.*Add blockedEncryptionTypes: \{ encryptionType: \["SSE-C"\] \}/,
            ),
        ]);
    });

    it("does not accept the classic list form on an aws-native bucket, where CloudFormation expects encryptionType", async () => {
        const findings = await findingsOf(
            bucketKeyAndSseC,
            nativeBucket({ serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }] }),
        );
        expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toHaveLength(1);
    });

    it("defers while the rule list is not known yet", async () => {
        const findings = await findingsOf(bucketKeyAndSseC, nativeBucket({ serverSideEncryptionConfiguration: UNKNOWN }));
        expect(findings).toHaveLength(1);
        expect(findings[0].enforcementLevel).toBe("advisory");
        expect(findings[0].message).toMatch(/`bucketEncryption\.serverSideEncryptionConfiguration` is not known yet/);
    });

    it("turns the bucket key on and adds SSE-C to the encryptionType list, keeping the rest of the rule", async () => {
        const example = nativeBucket({
            serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }, blockedEncryptionTypes: { encryptionType: ["NONE"] } }],
        });
        const evaluation = await remediated(bucketKeyAndSseC, example);
        const [fix] = [...evaluation.remediations.values()][0];
        expect(fix.properties).toEqual({
            bucketName: "acme-recordings",
            bucketEncryption: {
                serverSideEncryptionConfiguration: [
                    { serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }, blockedEncryptionTypes: { encryptionType: ["SSE-C"] }, bucketKeyEnabled: true },
                ],
            },
        });
    });
});

describe("encryption-bucket-key-and-sse-c on classic inline rules", () => {
    it("defers while a BucketV2's inline rule list is not known yet", async () => {
        const findings = await findingsOf(bucketKeyAndSseC, {
            title: "inline unknown",
            verdict: "deferred",
            resources: [{ name: "recordings", type: "aws:s3/bucketV2:BucketV2", props: { serverSideEncryptionConfigurations: UNKNOWN } }],
        });
        expect(findings.map((f) => [f.enforcementLevel, f.message])).toEqual([["advisory", expect.stringMatching(/`serverSideEncryptionConfigurations` is not known yet/)]]);
    });
});

describe("encryption-bucket-key-and-sse-c on odd input", () => {
    it.each([
        ["rules that are not a list", { bucket: "b", rules: "aws:kms" }],
        ["a rule that is null", { bucket: "b", rules: [null] }],
        ["a rule without defaults", { bucket: "b", rules: [{ blockedEncryptionTypes: ["SSE-C"] }] }],
        ["a rule that is a string", { bucket: "b", rules: ["aws:kms"] }],
    ])("does not throw on %s", async (_case, props) => {
        const findings = await findingsOf(bucketKeyAndSseC, {
            title: "odd",
            verdict: "violation",
            resources: [{ name: "odd", type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", props }],
        });
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });
});

describe("encryption-bucket-key-and-sse-c on odd aws-native input", () => {
    it.each([
        ["bucketEncryption as a JSON string", '{"serverSideEncryptionConfiguration": []}'],
        ["the rule list as one object", { serverSideEncryptionConfiguration: { serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } }],
        ["a null rule", { serverSideEncryptionConfiguration: [null] }],
        ["blockedEncryptionTypes as a string", { serverSideEncryptionConfiguration: [{ blockedEncryptionTypes: "SSE-C" }] }],
    ])("does not throw on %s, nor when remediating it", async (_case, bucketEncryption) => {
        const example = { title: "odd", verdict: "violation" as const, resources: [{ name: "odd", type: NATIVE.S3_BUCKET, props: { bucketEncryption } }] };
        for (const finding of await findingsOf(bucketKeyAndSseC, example)) expect(finding.message).not.toMatch(/could not evaluate/);
        for (const finding of (await remediated(bucketKeyAndSseC, example)).diagnostics) expect(finding.message).not.toMatch(/could not evaluate|remediation failed/i);
    });
});
