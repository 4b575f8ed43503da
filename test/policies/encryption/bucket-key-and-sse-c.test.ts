import { describe, expect, it } from "vitest";
import { bucketKeyAndSseC } from "../../../policies/encryption/bucket-key-and-sse-c";
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

describe("encryption-bucket-key-and-sse-c on odd input", () => {
    it.each([
        ["rules that are not a list", { bucket: "b", rules: "aws:kms" }],
        ["a rule that is null", { bucket: "b", rules: [null] }],
        ["a rule without defaults", { bucket: "b", rules: [{ blockedEncryptionTypes: ["SSE-C"] }] }],
    ])("does not throw on %s", async (_case, props) => {
        const findings = await findingsOf(bucketKeyAndSseC, {
            title: "odd",
            verdict: "violation",
            resources: [{ name: "odd", type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", props }],
        });
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });
});
