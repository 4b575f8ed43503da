/**
 * The pack as the Pulumi CLI runs it: launched through run-policy-pack in its directory, spoken to
 * over gRPC. These tests are the contract with `pulumi preview --policy-pack`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../../cli/analyzer/grpc-analyzer";
import type { Diagnostic, PackInfo, StackSnapshot } from "../../cli/analyzer/types";
import { catalogue } from "../../policies/catalogue";
import { bucketCustomerKey } from "../../policies/encryption/bucket-customer-key";
import { connectS3StorageKms } from "../../policies/encryption/connect-s3-storage-kms";
import { regionAllowList } from "../../policies/residency/region-allow-list";
import { exampleStack } from "../support/example-stack";
import { inProcessPack } from "../support/in-process";
import { REPO_ROOT } from "../support/paths";
import { version } from "../../package.json";

let pack: GrpcAnalyzer;
let info: PackInfo;

beforeAll(async () => {
    pack = await GrpcAnalyzer.launch(REPO_ROOT);
    info = await pack.info();
});
afterAll(async () => {
    await pack?.close();
});

function exampleNamed(control: (typeof catalogue)[number], title: string) {
    const example = control.examples.find((e) => e.title === title);
    if (!example) throw new Error(`no example '${title}' in ${control.name}`);
    return example;
}

const by = (policy: string, level: string) => (d: Diagnostic) => d.policyName === policy && d.enforcementLevel === level;

describe("GetAnalyzerInfo", () => {
    it("names the pack and its version", () => {
        expect(info.name).toBe("contact-centre-guard");
        expect(info.version).toBe(version);
        expect(info.supportsConfig).toBe(true);
    });

    it("lists every control with its metadata, frameworks and config schema", () => {
        expect(info.policies.map((p) => p.name)).toEqual(catalogue.map((c) => c.name));
        for (const control of catalogue) {
            const policy = info.policies.find((p) => p.name === control.name)!;
            expect(policy.description).toBe(control.description);
            expect(policy.displayName).toBe(control.title);
            expect(policy.enforcementLevel).toBe(control.enforcementLevel);
            expect(policy.severity).toBe(control.severity);
            expect(policy.policyType).toBe(control.kind);
            expect(policy.framework?.name).toBe("GDPR / PCI DSS / ISO/IEC 27001");
            for (const ref of control.frameworks.gdpr) expect(policy.framework?.reference).toContain(`GDPR ${ref}`);
            for (const ref of control.frameworks.pciDss) expect(policy.tags).toContain(`pci-dss:${ref}`);
            for (const ref of control.frameworks.iso27001) expect(policy.tags).toContain(`iso27001:${ref}`);
            expect(policy.remediationSteps).toContain("1. ");
            expect(policy.url).toContain(control.name);
            expect(policy.configSchema?.properties["unknownValues"]?.["default"]).toBe("defer");
            for (const [key, parameter] of Object.entries(control.parameters)) {
                expect(policy.configSchema?.properties[key]?.["default"]).toEqual((parameter as { default: unknown }).default);
            }
        }
    });
});

describe("Analyze and AnalyzeStack over gRPC", () => {
    it("blocks a bucket in us-east-1", async () => {
        const stack = exampleStack(exampleNamed(regionAllowList, "a bucket in us-east-1 through the default provider"));
        const { diagnostics } = await evaluate(pack, stack);
        const blocking = diagnostics.filter(by(regionAllowList.name, "mandatory"));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].urn).toMatch(/aws:s3\/bucket:Bucket::recordings$/);
        expect(blocking[0].message).toMatch(/us-east-1/);
    });

    it("blocks a CALL_RECORDINGS storage config without encryption, on that resource", async () => {
        const stack = exampleStack(exampleNamed(connectS3StorageKms, "call recordings with no encryptionConfig"));
        const { diagnostics } = await evaluate(pack, stack);
        const blocking = diagnostics.filter(by(connectS3StorageKms.name, "mandatory"));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].urn).toMatch(/InstanceStorageConfig::call-recordings$/);
    });

    it("reports nothing for a compliant bucket, storage config and region", async () => {
        const stack: StackSnapshot = exampleStack({
            title: "compliant together",
            verdict: "compliant",
            resources: [
                ...exampleNamed(bucketCustomerKey, "a recordings bucket with SSE-KMS, a customer key, bucket key and SSE-C blocked").resources,
                ...exampleNamed(connectS3StorageKms, "call recordings encrypted with a customer key given by ARN").resources,
            ],
        });
        const { diagnostics } = await evaluate(pack, stack);
        const judged = [regionAllowList.name, connectS3StorageKms.name, bucketCustomerKey.name];
        expect(diagnostics.filter((d) => judged.includes(d.policyName))).toEqual([]);
    });

    it("decides a first-preview encryption configuration related only through property dependencies", async () => {
        const compliant = exampleStack(
            exampleNamed(bucketCustomerKey, "first preview: bucket name and key ARN unknown, related only through property dependencies"),
        );
        expect((await evaluate(pack, compliant)).diagnostics.filter((d) => d.policyName === bucketCustomerKey.name)).toEqual([]);

        const violating = exampleStack(
            exampleNamed(bucketCustomerKey, "first preview: a recordings bucket encrypted with SSE-S3 is blocked although its name is unknown"),
        );
        const diagnostics = (await evaluate(pack, violating)).diagnostics.filter((d) => d.policyName === bucketCustomerKey.name);
        expect(diagnostics.length).toBeGreaterThan(0);
        expect(diagnostics.every((d) => d.enforcementLevel === "mandatory")).toBe(true);
        expect(diagnostics.some((d) => d.message.includes("can't run policy"))).toBe(false);
    });

    it("honours the policy config file: `all` and per-policy levels and parameters", async () => {
        const stack = exampleStack(exampleNamed(regionAllowList, "a bucket in us-east-1 through the default provider"));
        const advisory = await evaluate(pack, stack, { policyConfig: { all: "advisory" } });
        expect(advisory.diagnostics.filter(by(regionAllowList.name, "advisory"))).toHaveLength(1);
        expect(advisory.diagnostics.filter((d) => d.enforcementLevel === "mandatory")).toEqual([]);

        const allowed = await evaluate(pack, stack, {
            policyConfig: { all: "advisory", [regionAllowList.name]: { enforcementLevel: "mandatory", regions: ["us-east-1"] } },
        });
        expect(allowed.diagnostics.filter((d) => d.policyName === regionAllowList.name)).toEqual([]);

        const disabled = await evaluate(pack, stack, { policyConfig: { [regionAllowList.name]: "disabled" } });
        expect(disabled.diagnostics.filter((d) => d.policyName === regionAllowList.name)).toEqual([]);
    });
});

describe("reference path and in-process path", () => {
    const normalise = (diagnostics: Diagnostic[]) =>
        diagnostics.map((d) => `${d.policyName}|${d.enforcementLevel}|${d.severity}|${d.urn}|${d.message}`).sort();

    it("return the same findings for every example of every control", async () => {
        const local = inProcessPack();
        let compared = 0;
        for (const control of catalogue) {
            for (const example of control.examples) {
                const stack = exampleStack(example);
                const policyConfig = { [control.name]: example.config ?? {} };
                const viaGrpc = await evaluate(pack, stack, { policyConfig });
                const inProcess = await evaluate(local, stack, { policyConfig });
                expect(normalise(inProcess.diagnostics), `${control.name}: ${example.title}`).toEqual(normalise(viaGrpc.diagnostics));
                compared += viaGrpc.diagnostics.length;
            }
        }
        expect(compared).toBeGreaterThan(10);
        // About 370 examples, each evaluated twice: 30 s alone, past the default minute on a busy machine.
    }, 180_000);
});
