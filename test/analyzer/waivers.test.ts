/**
 * Waivers as the Pulumi CLI would apply them: declared in the policy config, honoured by the pack
 * itself over the analyzer protocol, and listed by ccguard's report.
 */
import { daysFromToday } from "../support/dates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../../cli/analyzer/grpc-analyzer";
import { buildReport } from "../../cli/findings";
import { regionAllowList } from "../../policies/residency/region-allow-list";
import { exampleStack } from "../support/example-stack";
import { REPO_ROOT } from "../support/paths";

let pack: GrpcAnalyzer;
beforeAll(async () => {
    pack = await GrpcAnalyzer.launch(REPO_ROOT);
});
afterAll(async () => {
    await pack?.close();
});

const usBucket = exampleStack({
    title: "two buckets in us-east-1",
    verdict: "violation",
    awsRegion: "us-east-1",
    resources: [
        { name: "legacy-recordings", type: "aws:s3/bucket:Bucket", props: {} },
        { name: "recordings", type: "aws:s3/bucket:Bucket", props: {} },
    ],
});
const nextYear = daysFromToday(180);
const base = { reason: "data migration to Frankfurt, ticket DPO-42", owner: "dpo@acme.example", expires: nextYear };

async function regionFindings(waivers: unknown[]) {
    const policyConfig = { [regionAllowList.name]: { waivers } };
    const evaluation = await evaluate(pack, usBucket, { policyConfig });
    const report = buildReport({ toolVersion: "test", pack: evaluation.pack, mode: "preview", snapshot: usBucket, diagnostics: evaluation.diagnostics, policyConfig });
    const about = (name: string) => evaluation.diagnostics.filter((d) => d.policyName === regionAllowList.name && d.urn.endsWith(`::${name}`));
    return { report, about };
}

describe("waivers over the analyzer protocol", () => {
    it("honours a complete waiver: the violation becomes advisory and is listed as waived", async () => {
        const { report, about } = await regionFindings([{ resource: "legacy-*", ...base }]);
        expect(about("legacy-recordings")).toEqual([expect.objectContaining({ enforcementLevel: "advisory", message: expect.stringContaining('Waived: accepted by "dpo@acme.example"') })]);
        expect(about("recordings")[0].enforcementLevel).toBe("mandatory");
        expect(report.waivers).toEqual([
            { policy: regionAllowList.name, urn: expect.stringMatching(/::legacy-recordings$/), resource: "legacy-*", reason: base.reason, owner: base.owner, expires: nextYear },
        ]);
        expect(report.summary.waived).toBe(1);
        expect(report.findings.filter((f) => f.policy === regionAllowList.name && f.enforcementLevel === "mandatory")).toHaveLength(1);
        expect(report.findings.some((f) => f.policy === regionAllowList.name && f.resourceName === "legacy-recordings")).toBe(false);
        expect(report.unusedWaivers).toEqual([]);
    });

    it("does not honour an expired waiver, and says so in the violation", async () => {
        const { report, about } = await regionFindings([{ resource: "legacy-recordings", ...base, expires: "2020-01-31" }]);
        expect(about("legacy-recordings")[0].enforcementLevel).toBe("mandatory");
        expect(about("legacy-recordings")[0].message).toContain("Not waived: the waiver for legacy-recordings expired on 2020-01-31");
        expect(report.unusedWaivers).toEqual([expect.objectContaining({ resource: "legacy-recordings", status: "expired" })]);
    });

    it("does not honour a waiver without an owner", async () => {
        const { report, about } = await regionFindings([{ resource: "legacy-recordings", reason: base.reason, expires: nextYear }]);
        expect(about("legacy-recordings")[0].enforcementLevel).toBe("mandatory");
        expect(about("legacy-recordings")[0].message).toContain("it has no owner");
        expect(report.summary.waived).toBe(0);
        expect(report.unusedWaivers).toEqual([expect.objectContaining({ status: "incomplete" })]);
    });

    it("reports a waiver that matches no violation as unmatched, and changes nothing", async () => {
        const { report } = await regionFindings([{ resource: "archived-*", ...base }]);
        expect(report.summary.waived).toBe(0);
        expect(report.findings.filter((f) => f.policy === regionAllowList.name && f.enforcementLevel === "mandatory")).toHaveLength(2);
        expect(report.unusedWaivers).toEqual([expect.objectContaining({ resource: "archived-*", status: "unmatched" })]);
    });
});
