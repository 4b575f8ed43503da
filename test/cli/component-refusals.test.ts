/**
 * What our components refuse becomes findings when ccguard runs the program: every refusal of every
 * component, mandatory, under the control that owns the rule, in every format and in a saved report.
 */
import Ajv from "ajv";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StackSnapshot } from "../../cli/analyzer/types";
import { buildReport, COMPONENT_LIMITS_POLICY, type FindingsReport } from "../../cli/findings";
import { FORMATS, renderReport } from "../../cli/render/formats";
import type { Refusal } from "../../components/refusals";
import { PACK_NAME } from "../../policies/pack-identity";
import { SECRET_SIG, SIG_KEY } from "../../policies/lib/wire-signatures";
import { ccguard } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path.join(REPO_ROOT, "cli", "findings.schema.json"), "utf8")));
const program = path.join("test", "fixtures", "programs", "component-refusals");

describe("ccguard preview of a program whose components refuse arguments", () => {
    let code: number | null;
    let report: FindingsReport;
    let dir: string;

    beforeAll(async () => {
        const run = await ccguard(["preview", program, "--format", "json", "--quiet", "--no-type-check"]);
        expect(run.stderr).toBe("");
        code = run.code;
        report = JSON.parse(run.stdout) as FindingsReport;
        dir = mkdtempSync(path.join(tmpdir(), "ccguard-refusals-test-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const refusals = () => report.findings.filter((f) => f.refusal !== undefined);

    it("blocks, with every refusal of every component as a mandatory finding, not only the first", () => {
        expect(code).toBe(1);
        expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
        expect(refusals().map((f) => [f.resourceName, f.policy, f.enforcementLevel, f.refusal])).toEqual(
            expect.arrayContaining([
                [
                    "calls",
                    "retention-contact-data-expiry",
                    "mandatory",
                    { component: "RecordingStore 'calls'", argument: "retentionDays", value: 400, allowed: "a whole number from 1 to 365", setting: "maxContactDataRetentionDays" },
                ],
                [
                    "calls",
                    "retention-noncurrent-versions",
                    "mandatory",
                    { component: "RecordingStore 'calls'", argument: "noncurrentVersionDays", value: 90, allowed: "a whole number from 1 to 30", setting: "maxNoncurrentDays" },
                ],
                [
                    "contact-data",
                    "encryption-kms-key-rotation",
                    "mandatory",
                    { component: "EncryptionKey 'contact-data'", argument: "rotationPeriodInDays", value: 3000, allowed: "a whole number from 90 to 365", setting: "maxRotationPeriodDays" },
                ],
            ]),
        );
        expect(refusals()).toHaveLength(3);
    });

    it("names the component resource and maps each refusal to the regulations of the control that owns its rule", () => {
        const store = refusals().find((f) => f.refusal!.argument === "retentionDays")!;
        expect(store.resourceType).toBe("contact-centre:s3:RecordingStore");
        expect(store.urn).toBe("urn:pulumi:dev::component-refusals::contact-centre:s3:RecordingStore::calls");
        expect(store.message).toMatch(/^RecordingStore 'calls': `retentionDays` is 400; it must be a whole number from 1 to 365/);
        expect(store.frameworks.gdpr.length).toBeGreaterThan(0);
        const key = refusals().find((f) => f.refusal!.argument === "rotationPeriodInDays")!;
        expect(key.urn).toBe("urn:pulumi:dev::component-refusals::contact-centre:kms:EncryptionKey::contact-data");
        expect(key.frameworks.pciDss.length).toBeGreaterThan(0);
    });

    it("shows the refusals in every format", () => {
        for (const format of FORMATS) {
            const rendered = renderReport(report, format);
            for (const argument of ["retentionDays", "noncurrentVersionDays", "rotationPeriodInDays"]) {
                expect(rendered, `${format} shows ${argument}`).toContain(argument);
            }
        }
    });

    it("re-renders a saved report with refusals through ccguard report, still blocked", async () => {
        const saved = path.join(dir, "findings.json");
        writeFileSync(saved, JSON.stringify(report));
        const run = await ccguard(["report", saved, "--format", "text", "--quiet"]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        expect(run.stdout).toContain("RecordingStore 'calls': `noncurrentVersionDays` is 90");
        expect(run.stdout).toContain("EncryptionKey 'contact-data': `rotationPeriodInDays` is 3000");
    });
});

describe("refusal findings", () => {
    const refusal = (overrides: Partial<Refusal>): Refusal => ({
        component: "RecordingStore 'calls'",
        type: "contact-centre:s3:RecordingStore",
        name: "calls",
        argument: "retentionDays",
        value: 400,
        allowed: "a whole number from 1 to 365",
        setting: "maxContactDataRetentionDays",
        policy: "retention-contact-data-expiry",
        message: "`retentionDays` is 400; it must be a whole number from 1 to 365",
        ...overrides,
    });
    const reportOf = (refusals: Refusal[], extra: Partial<StackSnapshot> = {}, config = {}) =>
        buildReport({
            toolVersion: "0.0.0",
            pack: { name: PACK_NAME, version: "0.0.0", supportsConfig: true, policies: [] },
            mode: "preview",
            snapshot: { project: "p", stack: "dev", resources: [], refusals, ...extra },
            diagnostics: [],
            config,
        });

    it("make their control applicable: a refused argument is something judged, even with none of its types in the stack", () => {
        const policies = [{ name: "retention-contact-data-expiry", displayName: "", description: "", enforcementLevel: "mandatory" as const, severity: "high" as const, policyType: "stack" as const, tags: [], remediationSteps: "", url: "" }];
        const report = (refusals: Refusal[]) =>
            buildReport({ toolVersion: "0.0.0", pack: { name: PACK_NAME, version: "0.0.0", supportsConfig: true, policies }, mode: "preview", snapshot: { project: "p", stack: "dev", resources: [], refusals }, diagnostics: [] });
        expect(report([]).notApplicable).toEqual(["retention-contact-data-expiry"]);
        expect(report([refusal({})]).notApplicable).toEqual([]);
    });

    it("are what blocks: without them the same stack passes", () => {
        expect(reportOf([refusal({})]).summary.mandatory).toBe(1);
        expect(reportOf([]).summary.mandatory).toBe(0);
    });

    it("fall under component-limits, with no regulations, when no enabled control owns the rule", () => {
        const [unowned] = reportOf([refusal({ policy: undefined, argument: "namePrefix" })]).findings;
        expect(unowned).toMatchObject({ policy: COMPONENT_LIMITS_POLICY, enforcementLevel: "mandatory", frameworks: { gdpr: [], pciDss: [], iso27001: [] } });
        const [disabled] = reportOf([refusal({})], {}, { "retention-contact-data-expiry": { enforcementLevel: "disabled" } }).findings;
        expect(disabled).toMatchObject({ policy: COMPONENT_LIMITS_POLICY, enforcementLevel: "mandatory" });
        // Without the component's registration, the URN the engine would give it at the stack's root.
        expect(unowned.urn).toBe("urn:pulumi:dev::p::contact-centre:s3:RecordingStore::calls");
    });

    it("keep secrets of the stack out of the message and the value", () => {
        const secretBucket = {
            urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b",
            type: "aws:s3/bucket:Bucket",
            name: "b",
            custom: true,
            props: { bucket: { [SIG_KEY]: SECRET_SIG, value: "acme-hidden-prefix" } },
        };
        const report = reportOf(
            [refusal({ argument: "namePrefix", value: "acme-hidden-prefix", message: '`namePrefix` gives the bucket name "acme-hidden-prefix", which S3 refuses' })],
            { resources: [secretBucket] },
        );
        const text = JSON.stringify(report.findings);
        expect(text).not.toContain("acme-hidden-prefix");
    });
});
