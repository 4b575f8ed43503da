import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PUBLIC_ACCESS_BLOCK } from "../../../policies/access/public-access-block";
import { publicAccessBlockFlags } from "../../../policies/access/public-access-block-flags";
import type { ControlExample } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";
import { remediated } from "../../support/remediation";

const allOn = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const urn = urnOf(PUBLIC_ACCESS_BLOCK, "recordings-public-access");

function blockExample(props: Record<string, unknown>, verdict: ControlExample["verdict"] = "violation"): ControlExample {
    return { title: "ad hoc", verdict, resources: [{ name: "recordings-public-access", type: PUBLIC_ACCESS_BLOCK, props }] };
}

const lastLine = (message: string) => message.split("\n").pop() ?? "";

describeControlExamples(publicAccessBlockFlags);

describe("access-public-access-block-flags", () => {
    it("names the block, every switch that is off with the value seen, and the fix", async () => {
        const findings = await findingsOf(publicAccessBlockFlags, blockExample({ bucket: "acme-recordings", blockPublicAcls: false, blockPublicPolicy: true }));
        expect(findings).toHaveLength(1);
        const message = lastLine(findings[0].message);
        expect(message).toContain("BucketPublicAccessBlock 'recordings-public-access' leaves");
        expect(message).toContain("`blockPublicAcls` (false)");
        expect(message).toContain("`ignorePublicAcls` (unset, so false)");
        expect(message).toContain("`restrictPublicBuckets` (unset, so false)");
        expect(message).not.toContain("`blockPublicPolicy` (");
    });

    it("blocks what is known and defers what is not, in the same preview", async () => {
        const findings = await findingsOf(publicAccessBlockFlags, blockExample({ bucket: UNKNOWN, ...allOn, blockPublicAcls: false, ignorePublicAcls: UNKNOWN }));
        expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toHaveLength(1);
        expect(findings.find((f) => f.enforcementLevel === "advisory")?.message).toMatch(/`ignorePublicAcls` is not known yet/);
    });

    it.each<[string, Record<string, unknown>]>([
        ["strings instead of booleans", { bucket: "acme-recordings", blockPublicAcls: "true", blockPublicPolicy: "yes" }],
        ["null switches", { bucket: null, blockPublicAcls: null, blockPublicPolicy: null, ignorePublicAcls: null, restrictPublicBuckets: null }],
        ["lists and objects", { bucket: ["acme"], blockPublicAcls: [true], restrictPublicBuckets: { value: true } }],
    ])("never throws, and never passes, on odd input: %s", async (_title, props) => {
        const findings = await findingsOf(publicAccessBlockFlags, blockExample(props));
        expect(findings.some((f) => f.enforcementLevel === "mandatory")).toBe(true);
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(publicAccessBlockFlags), async (example) => {
                const findings = await findingsOf(publicAccessBlockFlags, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});

describe("access-public-access-block-flags on aws-native buckets", () => {
    const bucketExample = (props: Record<string, unknown>, verdict: ControlExample["verdict"] = "violation"): ControlExample => ({
        title: "aws-native",
        verdict,
        resources: [{ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", ...props } }],
    });
    const bucketUrn = urnOf(NATIVE.S3_BUCKET, "recordings");

    it("names each switch by its path in publicAccessBlockConfiguration", async () => {
        const findings = await findingsOf(publicAccessBlockFlags, bucketExample({ publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true } }));
        expect(findings).toHaveLength(1);
        const message = lastLine(findings[0].message);
        expect(message).toContain("S3 bucket 'recordings' leaves");
        expect(message).toContain("`publicAccessBlockConfiguration.ignorePublicAcls` (unset, so false)");
        expect(message).toContain("`publicAccessBlockConfiguration.restrictPublicBuckets` (unset, so false)");
    });

    it("reads a publicAccessBlockConfiguration that is not an object as four switches off", async () => {
        const findings = await findingsOf(publicAccessBlockFlags, bucketExample({ publicAccessBlockConfiguration: "all" }));
        expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toHaveLength(1);
    });

    it("defers a switch not known yet, naming its path", async () => {
        const findings = await findingsOf(publicAccessBlockFlags, bucketExample({ publicAccessBlockConfiguration: { ...allOn, blockPublicPolicy: UNKNOWN } }));
        expect(findings.map((f) => f.enforcementLevel)).toEqual(["advisory"]);
        expect(findings[0].message).toMatch(/`publicAccessBlockConfiguration\.blockPublicPolicy` is not known yet/);
    });

    it("turns the switches on inside publicAccessBlockConfiguration and keeps the rest of the bucket", async () => {
        const evaluation = await remediated(publicAccessBlockFlags, bucketExample({ versioningConfiguration: { status: "Enabled" }, publicAccessBlockConfiguration: { blockPublicPolicy: false, restrictPublicBuckets: UNKNOWN } }));
        expect(evaluation.remediations.get(bucketUrn)?.[0].properties).toEqual({
            bucketName: "acme-recordings",
            versioningConfiguration: { status: "Enabled" },
            publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: UNKNOWN },
        });
    });

    it("adds no publicAccessBlockConfiguration to a bucket that declares none", async () => {
        const evaluation = await remediated(publicAccessBlockFlags, bucketExample({}, "compliant"));
        expect(evaluation.remediations.get(bucketUrn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
    });
});

describe("access-public-access-block-flags remediation", () => {
    const diagnosticsOf = (evaluation: Awaited<ReturnType<typeof remediated>>) =>
        evaluation.diagnostics.filter((d) => d.policyName === publicAccessBlockFlags.name);

    it("turns every switch on and keeps the other properties, unknown bucket included", async () => {
        const evaluation = await remediated(publicAccessBlockFlags, blockExample({ bucket: UNKNOWN, skipDestroy: true, blockPublicAcls: true, blockPublicPolicy: false }));
        const fixes = evaluation.remediations.get(urn) ?? [];
        expect(fixes).toHaveLength(1);
        expect(fixes[0].policyName).toBe(publicAccessBlockFlags.name);
        expect(fixes[0].properties).toEqual({ bucket: UNKNOWN, skipDestroy: true, ...allOn });
        expect(diagnosticsOf(evaluation)).toEqual([]);
    });

    it("replaces switches given as strings by real booleans", async () => {
        const evaluation = await remediated(publicAccessBlockFlags, blockExample({ bucket: "acme-recordings", ...allOn, ignorePublicAcls: "true" }));
        expect(evaluation.remediations.get(urn)?.[0].properties).toEqual({ bucket: "acme-recordings", ...allOn });
        expect(diagnosticsOf(evaluation)).toEqual([]);
    });

    it("leaves a block whose switches are all on alone", async () => {
        const evaluation = await remediated(publicAccessBlockFlags, blockExample({ bucket: "acme-recordings", ...allOn }, "compliant"));
        expect(evaluation.remediations.get(urn)?.some((fix) => fix.properties !== undefined) ?? false).toBe(false);
        expect(diagnosticsOf(evaluation)).toEqual([]);
    });

    it("does not overwrite a switch that is not known yet, which stays deferred", async () => {
        const evaluation = await remediated(publicAccessBlockFlags, blockExample({ bucket: "acme-recordings", blockPublicAcls: false, blockPublicPolicy: UNKNOWN, ignorePublicAcls: true, restrictPublicBuckets: true }));
        const properties = evaluation.remediations.get(urn)?.[0].properties;
        expect(properties).toEqual({ bucket: "acme-recordings", blockPublicAcls: true, blockPublicPolicy: UNKNOWN, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(diagnosticsOf(evaluation).filter((d) => d.enforcementLevel === "mandatory")).toEqual([]);
    });
});
