/**
 * The pack as it is published: `npm pack`, unpacked and installed with production dependencies only
 * (as `pulumi policy publish` uploads it and the CLI installs it), then launched over the analyzer
 * protocol. Catches a runtime import that lives in devDependencies, or a file missing from "files".
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../cli/analyzer/grpc-analyzer";
import { catalogue } from "../policies/catalogue";
import { regionAllowList } from "../policies/residency/region-allow-list";
import { exampleStack } from "./support/example-stack";
import { REPO_ROOT } from "./support/paths";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let workDir: string;
let installed: string;

beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "ccguard-pack-"));
    const output = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", workDir], {
        cwd: REPO_ROOT,
        encoding: "utf8",
    });
    const [{ filename }] = JSON.parse(output) as { filename: string }[];
    execFileSync("tar", ["-xzf", path.join(workDir, filename), "-C", workDir]);
    installed = path.join(workDir, "package");
    // Our lockfile keeps the install reproducible (and within Node 20's supported @pulumi/pulumi).
    copyFileSync(path.join(REPO_ROOT, "package-lock.json"), path.join(installed, "package-lock.json"));
    execFileSync(npm, ["ci", "--omit=dev", "--omit=peer", "--no-audit", "--no-fund", "--prefer-offline"], {
        cwd: installed,
        stdio: "pipe",
    });
}, 300_000);

afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the published package", () => {
    it("ships the compiled pack and its manifest, not the tests", () => {
        expect(existsSync(path.join(installed, "PulumiPolicy.yaml"))).toBe(true);
        expect(existsSync(path.join(installed, "dist", "policies", "index.js"))).toBe(true);
        expect(existsSync(path.join(installed, "test"))).toBe(false);
    });

    it("installs without development tooling", () => {
        expect(existsSync(path.join(installed, "node_modules", "@pulumi", "policy"))).toBe(true);
        expect(existsSync(path.join(installed, "node_modules", "@pulumi", "aws"))).toBe(false);
        expect(existsSync(path.join(installed, "node_modules", "vitest"))).toBe(false);
    });

    it("serves the pack over the analyzer protocol and blocks a non-EU bucket", async () => {
        const pack = await GrpcAnalyzer.launch(installed);
        try {
            const info = await pack.info();
            expect(info.policies.map((p) => p.name)).toEqual(catalogue.map((c) => c.name));
            const example = regionAllowList.examples.find((e) => e.verdict === "violation")!;
            const { diagnostics } = await evaluate(pack, exampleStack(example));
            expect(diagnostics.some((d) => d.policyName === regionAllowList.name && d.enforcementLevel === "mandatory")).toBe(true);
        } finally {
            await pack.close();
        }
    });
});
