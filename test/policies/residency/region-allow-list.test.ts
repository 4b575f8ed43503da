import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { AWS_NATIVE_PROVIDER, NATIVE } from "../../../policies/lib/resource-types";
import { regionAllowList } from "../../../policies/residency/region-allow-list";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

async function messagesFor(resources: ExampleResource[], awsRegion?: string | null) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources, awsRegion };
    return (await findingsOf(regionAllowList, example)).map((f) => `${f.enforcementLevel}: ${f.message.slice(f.message.indexOf("\n") + 1)}`);
}

describeControlExamples(regionAllowList);

describe("residency-region-allow-list on aws-native resources", () => {
    it("names the aws-native provider and tells how to set its region", async () => {
        const messages = await messagesFor([
            { name: "virginia", type: AWS_NATIVE_PROVIDER, props: { region: "us-east-1" } },
            { name: "ctr", type: NATIVE.KINESIS_STREAM, props: {}, provider: "virginia" },
        ]);
        expect(messages).toEqual([
            expect.stringMatching(/^mandatory: aws-native:kinesis:Stream 'ctr' is in us-east-1 \(from its provider 'virginia'\), .*set aws-native:region or the region of its aws-native provider\.$/),
        ]);
    });

    it("names the stack's config rather than the engine's default provider", async () => {
        expect(await messagesFor([{ name: "recordings", type: NATIVE.S3_BUCKET, props: {} }, { name: "archive", type: "aws:s3/bucket:Bucket", props: {} }], "us-east-1")).toEqual([
            expect.stringContaining("aws-native:s3:Bucket 'recordings' is in us-east-1 (from the stack's `aws-native:region`)"),
            expect.stringContaining("aws:s3/bucket:Bucket 'archive' is in us-east-1 (from the stack's `aws:region`)"),
        ]);
    });

    it("asks for aws-native:region when the default aws-native provider has none", async () => {
        expect(await messagesFor([{ name: "recordings", type: NATIVE.S3_BUCKET, props: {} }], null)).toEqual([
            expect.stringContaining("its aws-native provider has none (aws-native:region is not set)"),
        ]);
    });

    it("judges the classic and aws-native resources of a mixed stack each by its own provider", async () => {
        const messages = await messagesFor([
            { name: "stockholm", type: AWS_NATIVE_PROVIDER, props: { region: "eu-north-1" } },
            { name: "recordings", type: "aws:s3/bucket:Bucket", props: { region: "us-west-2" } },
            { name: "recordings-key", type: NATIVE.KMS_KEY, props: {}, provider: "stockholm" },
        ]);
        expect(messages).toEqual([expect.stringMatching(/^mandatory: aws:s3\/bucket:Bucket 'recordings' is in us-west-2 \(from its `region` input\)/)]);
    });

    it("skips aws-native global services", async () => {
        expect(await messagesFor([{ name: "reviewer", type: NATIVE.IAM_ROLE, props: {} }], null)).toEqual([]);
    });
});
