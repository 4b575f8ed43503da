import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import { PROVISIONS } from "../../policies/frameworks";
import type { Finding, FindingsReport } from "../../cli/findings";
import { controlCoverage, coverageRows, worstStatus, type CoveredControl } from "../../cli/render/coverage";
import { REPO_ROOT } from "../support/paths";

// Hand-made controls keep these cases independent of how the real catalogue grows.
const encryptAtRest: CoveredControl = {
    name: "encryption-at-rest",
    title: "Data is encrypted at rest",
    area: "encryption",
    frameworks: { gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"], pciDss: ["3.5.1"], iso27001: ["A.8.24"] },
};
const stayInEu: CoveredControl = {
    name: "residency-eu",
    title: "Data stays in the EU",
    area: "residency",
    frameworks: { gdpr: ["Art. 44", "Art. 5(1)(f)"], pciDss: [], iso27001: ["A.5.23"] },
};
const expireRecordings: CoveredControl = {
    name: "retention-expiry",
    title: "Recordings expire",
    area: "retention",
    frameworks: { gdpr: ["Art. 5(1)(e)"], pciDss: ["3.2.1"], iso27001: ["A.8.10"] },
};
const controls = [encryptAtRest, stayInEu, expireRecordings];

function finding(policy: string, overrides: Partial<Finding> = {}): Finding {
    return {
        policy,
        enforcementLevel: "mandatory",
        severity: "high",
        urn: "urn:pulumi:dev::cc::aws:s3/bucket:Bucket::recordings",
        resourceType: "aws:s3/bucket:Bucket",
        resourceName: "recordings",
        message: "something is wrong",
        frameworks: { gdpr: [], pciDss: [], iso27001: [] },
        deferred: false,
        ...overrides,
    };
}

function report(overrides: Partial<FindingsReport> = {}): FindingsReport {
    return {
        tool: { name: "ccguard", version: "0.1.0" },
        pack: { name: "contact-centre-guard", version: "0.1.0" },
        mode: "preview",
        stack: "dev",
        policies: controls.map((control) => control.name),
        findings: [],
        waivers: [],
        summary: { resources: 1, policies: controls.length, mandatory: 0, advisory: 0, waived: 0 },
        ...overrides,
    };
}

const waiver = (policy: string) => ({ policy, urn: "urn:pulumi:dev::cc::aws:s3/bucket:Bucket::legacy", reason: "migration", owner: "dpo@acme.example", expires: "2026-12-31" });

function statusOf(rows: ReturnType<typeof coverageRows>, framework: string, provision: string) {
    const row = rows.find((candidate) => candidate.framework === framework && candidate.provision === provision);
    if (!row) throw new Error(`no row for ${framework} ${provision}`);
    return { status: row.status, controls: Object.fromEntries(row.controls.map((control) => [control.control, control.status])) };
}

describe("controlCoverage", () => {
    it("marks a control with a mandatory finding as failed, even next to advisory notes and waivers", () => {
        const coverage = controlCoverage(
            report({ findings: [finding("encryption-at-rest"), finding("encryption-at-rest", { enforcementLevel: "advisory" })], waivers: [waiver("encryption-at-rest")] }),
            encryptAtRest,
        );
        expect(coverage).toEqual({ control: "encryption-at-rest", title: "Data is encrypted at rest", area: "encryption", status: "failed", findings: 2, deferred: 0, waived: 1 });
    });

    it("marks a control whose only violations were waived as waived", () => {
        expect(controlCoverage(report({ waivers: [waiver("encryption-at-rest")] }), encryptAtRest).status).toBe("waived");
    });

    it("ranks a waiver above advisory notes of the same control", () => {
        const both = report({ findings: [finding("encryption-at-rest", { enforcementLevel: "advisory" })], waivers: [waiver("encryption-at-rest")] });
        expect(controlCoverage(both, encryptAtRest).status).toBe("waived");
    });

    it("marks a control with only advisory findings as advisory and counts the deferred ones", () => {
        const notes = [finding("encryption-at-rest", { enforcementLevel: "advisory", deferred: true }), finding("encryption-at-rest", { enforcementLevel: "advisory" })];
        const coverage = controlCoverage(report({ findings: notes }), encryptAtRest);
        expect(coverage.status).toBe("advisory");
        expect(coverage.findings).toBe(2);
        expect(coverage.deferred).toBe(1);
    });

    it("marks a control that ran without findings as passed", () => {
        expect(controlCoverage(report(), encryptAtRest).status).toBe("passed");
    });

    it("marks a control the report does not list as not evaluated", () => {
        expect(controlCoverage(report({ policies: ["residency-eu"] }), encryptAtRest).status).toBe("not-evaluated");
    });

    it("does not assume a control passed when the report has no policies list", () => {
        expect(controlCoverage(report({ policies: undefined }), encryptAtRest).status).toBe("not-evaluated");
    });

    it("knows a control ran when it has findings, even without a policies list", () => {
        expect(controlCoverage(report({ policies: undefined, findings: [finding("encryption-at-rest")] }), encryptAtRest).status).toBe("failed");
    });

    it("ignores findings of other policies", () => {
        expect(controlCoverage(report({ findings: [finding("residency-eu")] }), encryptAtRest).status).toBe("passed");
    });
});

describe("worstStatus", () => {
    it("takes the worst status of the controls that ran", () => {
        expect(worstStatus(["passed", "advisory", "not-evaluated"])).toBe("advisory");
        expect(worstStatus(["advisory", "waived"])).toBe("waived");
        expect(worstStatus(["waived", "failed", "passed"])).toBe("failed");
    });
    it("says passed when the controls that ran passed, even if another did not run", () => {
        expect(worstStatus(["passed", "not-evaluated"])).toBe("passed");
    });
    it("says not evaluated when no control ran or none tests the provision", () => {
        expect(worstStatus(["not-evaluated", "not-evaluated"])).toBe("not-evaluated");
        expect(worstStatus([])).toBe("not-evaluated");
    });
});

describe("coverageRows", () => {
    it("lists each cited provision once, grouped by framework in PROVISIONS order, with its title", () => {
        const rows = coverageRows(report(), controls);
        expect(rows.map((row) => `${row.framework} ${row.provision}`)).toEqual([
            "gdpr Art. 5(1)(e)",
            "gdpr Art. 5(1)(f)",
            "gdpr Art. 32(1)(a)",
            "gdpr Art. 44",
            "pciDss 3.2.1",
            "pciDss 3.5.1",
            "iso27001 A.5.23",
            "iso27001 A.8.10",
            "iso27001 A.8.24",
        ]);
        expect(rows[1].title).toBe("Integrity and confidentiality");
        expect(rows[1].controls.map((control) => control.control)).toEqual(["encryption-at-rest", "residency-eu"]);
    });

    it("gives a provision the worst status of the controls that test it", () => {
        const rows = coverageRows(
            report({ findings: [finding("residency-eu")], waivers: [waiver("retention-expiry")] }),
            controls,
        );
        expect(statusOf(rows, "gdpr", "Art. 5(1)(f)")).toEqual({ status: "failed", controls: { "encryption-at-rest": "passed", "residency-eu": "failed" } });
        expect(statusOf(rows, "gdpr", "Art. 32(1)(a)")).toEqual({ status: "passed", controls: { "encryption-at-rest": "passed" } });
        expect(statusOf(rows, "gdpr", "Art. 5(1)(e)")).toEqual({ status: "waived", controls: { "retention-expiry": "waived" } });
        expect(statusOf(rows, "iso27001", "A.5.23")).toEqual({ status: "failed", controls: { "residency-eu": "failed" } });
    });

    it("shows provisions decided at the update as deferred, advisory ones as advisory, and those no control evaluated", () => {
        const rows = coverageRows(
            report({ policies: ["encryption-at-rest", "residency-eu"], findings: [finding("encryption-at-rest", { enforcementLevel: "advisory", deferred: true })] }),
            controls,
        );
        expect(statusOf(rows, "pciDss", "3.5.1").status).toBe("deferred");
        expect(statusOf(rows, "gdpr", "Art. 5(1)(f)")).toEqual({ status: "deferred", controls: { "encryption-at-rest": "deferred", "residency-eu": "passed" } });
        const advisory = coverageRows(
            report({ policies: ["encryption-at-rest", "residency-eu"], findings: [finding("encryption-at-rest", { enforcementLevel: "advisory", deferred: false })] }),
            controls,
        );
        expect(statusOf(advisory, "pciDss", "3.5.1").status).toBe("advisory");
        expect(statusOf(rows, "pciDss", "3.2.1")).toEqual({ status: "not-evaluated", controls: { "retention-expiry": "not-evaluated" } });
    });

    it("credits nothing to another pack's policy that shares a name with one of ours", () => {
        const foreign = { ...report({ policies: ["encryption-at-rest"] }), pack: { name: "someone-elses-pack", version: "1.0.0" } };
        const rows = coverageRows(foreign, controls);
        expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["not-evaluated"]));
    });

    it("keeps a provision the PROVISIONS table does not know, after the known ones, without a title", () => {
        const novel: CoveredControl = { ...encryptAtRest, name: "novel", frameworks: { gdpr: ["Art. 99"], pciDss: [], iso27001: [] } };
        const rows = coverageRows(report({ policies: ["novel"] }), [encryptAtRest, novel]);
        const gdpr = rows.filter((row) => row.framework === "gdpr");
        expect(gdpr.map((row) => row.provision)).toEqual(["Art. 5(1)(f)", "Art. 32(1)(a)", "Art. 99"]);
        expect(gdpr[2].title).toBeUndefined();
        expect(gdpr[2].status).toBe("passed");
    });

    it("covers every provision the real catalogue cites, with a title, from the sample reports", () => {
        const leaky = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/fixtures/reports/leaky-preview.json"), "utf8")) as FindingsReport;
        const rows = coverageRows(leaky);
        for (const framework of ["gdpr", "pciDss", "iso27001"] as const) {
            const cited = new Set(catalogue.flatMap((control) => control.frameworks[framework]));
            expect(new Set(rows.filter((row) => row.framework === framework).map((row) => row.provision))).toEqual(cited);
        }
        for (const row of rows) expect(row.title).toBe(PROVISIONS[row.framework][row.provision]);
        // The leaky stack's TLS violation fails PCI DSS 4.2.1 (transmission), tested by that control only.
        const tls = statusOf(rows, "pciDss", "4.2.1");
        expect(tls.status).toBe("failed");
        expect(tls.controls["encryption-bucket-tls-only"]).toBe("failed");
    });

    it("marks the compliant sample's deferred notes as decided at the update and nothing as failed", () => {
        const eu = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/fixtures/reports/eu-preview.json"), "utf8")) as FindingsReport;
        const rows = coverageRows(eu);
        expect(rows.some((row) => row.status === "failed")).toBe(false);
        const storage = rows.flatMap((row) => row.controls).find((control) => control.control === "encryption-connect-s3-storage-kms");
        const notes = eu.findings.filter((f) => f.policy === "encryption-connect-s3-storage-kms").length;
        expect(notes).toBeGreaterThan(0);
        expect(storage).toMatchObject({ status: "deferred", findings: notes, deferred: notes });
    });
});
