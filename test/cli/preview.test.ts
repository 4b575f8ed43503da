/**
 * `ccguard preview` on the bundled examples, in both output modes, against the JSON contract and
 * against the analyzer-protocol harness on the same recorded resources.
 */
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import { loadProject } from "../../cli/engine/project";
import { recordProgram } from "../../cli/engine/record-program";
import { buildReport, type FindingsReport } from "../../cli/findings";
import { UNKNOWN } from "../../policies/lib/unknown";
import { ccguard } from "../support/ccguard";
import { inProcessPack } from "../support/in-process";
import { REPO_ROOT } from "../support/paths";

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(REPO_ROOT, "cli", "findings.schema.json"), "utf8")));
const compliant = path.join("examples", "eu-contact-centre");
const leaky = path.join("examples", "leaky-contact-centre");

const previews = new Map<string, Promise<{ code: number | null; report: FindingsReport }>>();

/** A preview as JSON, checked against the schema; run once per set of arguments, whichever test asks first. */
function previewJson(dir: string, ...flags: string[]): Promise<{ code: number | null; report: FindingsReport }> {
    const args = ["preview", dir, "--format", "json", "--quiet", ...flags];
    let preview = previews.get(args.join(" "));
    if (!preview) {
        preview = ccguard(args).then((run) => {
            expect(run.stderr).toBe("");
            const report = JSON.parse(run.stdout) as FindingsReport;
            expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
            return { code: run.code, report };
        });
        previews.set(args.join(" "), preview);
    }
    return preview;
}

let leakyRecording: ReturnType<typeof recordProgram> | undefined;
/** The leaky example recorded in process once, for the tests that compare with it or read it. */
const recordLeaky = () => (leakyRecording ??= recordProgram(loadProject(path.join(REPO_ROOT, leaky), "dev"), { outputs: "unknown", typeCheck: false }));

const keyOf = (f: { policy: string; urn: string; enforcementLevel: string }) => `${f.policy} ${f.enforcementLevel} ${f.urn}`;

describe("ccguard preview", () => {
    it.each(["unknown", "resolved"])("passes the compliant example with no mandatory finding (outputs %s)", async (outputs) => {
        const { code, report } = await previewJson(compliant, "--outputs", outputs);
        expect(code).toBe(0);
        expect(report.mode).toBe("preview");
        expect(report.stack).toBe("dev");
        expect(report.pack.name).toBe("contact-centre-guard");
        expect(report.summary.mandatory).toBe(0);
        if (outputs === "resolved") expect(report.findings).toEqual([]);
        // At a first preview only checks that need a not-yet-known value remain, marked as deferred.
        for (const finding of report.findings) expect(finding.deferred).toBe(true);
    });

    it.each(["unknown", "resolved"])("blocks the leaky example on the right resources (outputs %s)", async (outputs) => {
        const { code, report } = await previewJson(leaky, "--outputs", outputs);
        expect(code).toBe(1);
        const blocked = report.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => `${f.policy} ${f.resourceName}`);
        expect(blocked).toEqual(
            expect.arrayContaining([
                "residency-region-allow-list transcripts-export",
                "encryption-connect-s3-storage-kms call-recordings",
                "encryption-bucket-customer-key recordings",
            ]),
        );
        const storage = report.findings.find((f) => f.policy === "encryption-connect-s3-storage-kms")!;
        expect(storage.resourceType).toBe("aws:connect/instanceStorageConfig:InstanceStorageConfig");
        expect(storage.frameworks.gdpr).toContain("Art. 32(1)(a)");
        expect(storage.frameworks.pciDss).toContain("3.5.1");
        expect(storage.frameworks.iso27001).toContain("A.8.24");
        expect(storage.message).not.toContain(UNKNOWN);
    });

    it("gives the same findings as the analyzer harness on the same recorded resources", async () => {
        // The same run as the first-preview test above: the type check beside it changes no finding.
        const { report } = await previewJson(leaky, "--outputs", "unknown");
        const snapshot = await recordLeaky();
        const harness = await evaluate(inProcessPack(), snapshot);
        const expected = buildReport({ toolVersion: report.tool.version, pack: harness.pack, mode: "preview", snapshot, diagnostics: harness.diagnostics });
        expect(report.findings.map(keyOf).sort()).toEqual(expected.findings.map(keyOf).sort());
        expect(report.findings.map((f) => f.message).sort()).toEqual(expected.findings.map((f) => f.message).sort());
    });

    it("records default providers, explicit providers and property dependencies as the engine does", async () => {
        const snapshot = await recordLeaky();
        const defaultProvider = snapshot.resources.find((r) => r.type === "pulumi:providers:aws" && r.name.startsWith("default"));
        expect(defaultProvider?.props["region"]).toBe("eu-central-1");
        const exportBucket = snapshot.resources.find((r) => r.name === "transcripts-export")!;
        expect(exportBucket.provider).toMatch(/pulumi:providers:aws::us-east-1$/);
        const encryption = snapshot.resources.find((r) => r.name === "recordings-encryption")!;
        expect(encryption.props["bucket"]).toBe(UNKNOWN);
        expect(encryption.propertyDependencies?.["bucket"]).toEqual([expect.stringMatching(/aws:s3\/bucket:Bucket::recordings$/)]);
        const stack = snapshot.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        expect(exportBucket.parent).toBe(stack.urn);
    });

    it("writes the report to --output and keeps secrets out of it", async () => {
        const dir = path.join("test", "fixtures", "programs", "secrets");
        const run = await ccguard(["preview", dir, "--format", "json", "--quiet", "--no-type-check", "--outputs", "resolved"]);
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).not.toContain("CANARY-7f3a");
        expect(run.stdout).not.toContain("AAABAKSecretCipherText");
    });
});

describe("ccguard preview with components and other packs", () => {
    const program = path.join("test", "fixtures", "programs", "component");

    it("names the component a finding's resource was built by", async () => {
        const { report } = await previewJson(program, "--no-type-check");
        const finding = report.findings.find((f) => f.resourceName === "call-archive-objects" && f.enforcementLevel === "mandatory");
        expect(finding?.component).toMatch(/acme:storage:Archive::call-archive$/);
        const text = await ccguard(["preview", program, "--no-type-check", "--quiet"]);
        expect(text.stdout).toContain("aws:s3/bucket:Bucket call-archive-objects  (in acme:storage:Archive call-archive)");
    });

    it("evaluates another CrossGuard pack with --policy-pack, like pulumi preview does", async () => {
        const { code, report } = await previewJson(program, "--no-type-check", "--policy-pack", path.join("test", "fixtures", "packs", "acl-pack"));
        expect(code).toBe(1);
        expect(report.pack).toEqual({ name: "acl-pack", version: "1.2.3" });
        expect(report.findings).toEqual([
            expect.objectContaining({
                policy: "no-public-read-buckets",
                enforcementLevel: "mandatory",
                resourceName: "call-archive-objects",
                message: "bucket call-archive-objects has acl public-read",
                frameworks: { gdpr: [], pciDss: [], iso27001: [] },
            }),
        ]);
    });
});
