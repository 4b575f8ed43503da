/**
 * `ccguard audit` at and beyond its memory budget: an export it cannot afford is refused with one
 * line and exit code 2 before any pack starts, and whatever goes wrong while a pack runs (the pack
 * runs out of heap, fails, or ccguard itself is killed), no pack process outlives ccguard.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeStackRequest, analyzeStackRequestBytes } from "../../cli/analyzer/protocol";
import type { PlainResource } from "../../cli/analyzer/types";
import { parseStackExport } from "../../cli/audit/stack-export";
import { ccguard, type CcguardRun } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-audit-limits-"));
const packs: string[] = [];
afterAll(() => {
    // Only after a failed expectation could one be left: the test run must not leave it behind too.
    for (const pack of packs) for (const pid of packProcesses(pack)) process.kill(pid, "SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
});

const PROVIDER = "urn:pulumi:prod::cc::pulumi:providers:aws::default";

/** An export of stack `prod`: its default provider in eu-central-1 and `count` buckets. */
function exportWithBuckets(count: number): string {
    const file = path.join(scratch, `buckets-${count}.json`);
    const provider = { urn: PROVIDER, custom: true, id: "p1", type: "pulumi:providers:aws", inputs: { region: "eu-central-1" } };
    const buckets = Array.from({ length: count }, (_, index) => {
        const properties = { bucket: `recordings-${index}`, tags: { team: "contact-centre" } };
        const type = "aws:s3/bucketV2:BucketV2";
        return { urn: `urn:pulumi:prod::cc::${type}::recordings-${index}`, custom: true, id: `recordings-${index}`, type, provider: `${PROVIDER}::p1`, inputs: properties, outputs: properties };
    });
    writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [provider, ...buckets] } }));
    return file;
}

/**
 * A pack whose stack policy fails as `CCGUARD_TEST_PACK_FAILURE` says: `heap` allocates until the
 * pack runs out of heap, `hang` never answers, `throw` throws.
 */
function failingPack(): string {
    const dir = mkdtempSync(path.join(scratch, "failing-pack-"));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "failing-pack", version: "0.0.0", main: "index.js" }));
    writeFileSync(
        path.join(dir, "index.js"),
        `const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("failing-pack", {
    policies: [{
        name: "fails-on-the-stack",
        description: "Fails while judging the stack.",
        enforcementLevel: "mandatory",
        validateStack: async () => {
            const failure = process.env.CCGUARD_TEST_PACK_FAILURE;
            if (failure === "heap") { const hoard = []; for (;;) hoard.push(new Array(100000).fill({ failure })); }
            if (failure === "hang") await new Promise((resolve) => setTimeout(resolve, 600000));
            if (failure === "throw") throw new Error("the stack policy broke");
        },
    }],
});
`,
    );
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    packs.push(dir);
    return dir;
}

function audit(args: string[], env: NodeJS.ProcessEnv, onStart?: (pid: number) => void): Promise<CcguardRun> {
    return ccguard(["audit", ...args], { env, onStart });
}

/** Live pack processes launched from `packDir` (its run-policy-pack script is found through the pack's node_modules). */
function packProcesses(packDir: string): number[] {
    const text = path.join(packDir, "node_modules");
    const found: number[] = [];
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
            if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
        } catch {
            // Ended while listed.
        }
    }
    return found;
}

async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (condition()) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return condition();
}

const quiet = ["--format", "json", "--quiet"];

describe("ccguard audit within its memory budget", () => {
    it("refuses an export with more resources than the limit, in one line with exit 2, before starting the pack", async () => {
        const pack = failingPack();
        const run = await audit([exportWithBuckets(5), "--policy-pack", pack, ...quiet], { CCGUARD_AUDIT_MAX_RESOURCES: "4", CCGUARD_TEST_PACK_FAILURE: "hang" });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/^ccguard: \S+buckets-5\.json has 6 resources, more than the 4 that ccguard audit evaluates within its memory budget .*CCGUARD_AUDIT_MAX_RESOURCES.*\n$/);
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
    });

    it("refuses a limit that is not a number of resources", async () => {
        const run = await audit([exportWithBuckets(1), ...quiet], { CCGUARD_AUDIT_MAX_RESOURCES: "lots" });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe('ccguard: CCGUARD_AUDIT_MAX_RESOURCES must be a positive whole number of resources, not "lots"\n');
    });

    it("refuses, before parsing, export text that ccguard's heap could not evaluate", async () => {
        // 140,000 buckets are 49 MiB of text: a 96 MiB old space holds it, not what is built from it.
        const run = await audit([exportWithBuckets(140_000), ...quiet], { NODE_OPTIONS: "--max-old-space-size=96" });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^ccguard: \S+ is 49 MiB, too large for ccguard's heap: .*NODE_OPTIONS=--max-old-space-size=\d+\n$/);
    });

    it("stops at a pack that runs out of heap mid-evaluation: one line, exit 2, no V8 trace, no pack left", async () => {
        const pack = failingPack();
        const run = await audit([exportWithBuckets(3), "--policy-pack", pack, ...quiet], {
            CCGUARD_TEST_PACK_FAILURE: "heap",
            // The pack (and ccguard, which needs far less) get a small heap, so it runs out in a moment.
            NODE_OPTIONS: "--max-old-space-size=96",
        });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^ccguard: AnalyzeStack failed: the policy pack exited \((SIGABRT|code 134)\): FATAL ERROR: .*heap out of memory \(heap limit 96 MiB; NODE_OPTIONS=--max-old-space-size=<MiB> raises it\)\n$/);
        expect(packProcesses(pack)).toEqual([]);
    });

    it("stops the pack when a stack policy fails", async () => {
        const pack = failingPack();
        const run = await audit([exportWithBuckets(3), "--policy-pack", pack, ...quiet], { CCGUARD_TEST_PACK_FAILURE: "throw" });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^ccguard: AnalyzeStack failed: .*the stack policy broke.*\n$/);
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
        expect(await eventually(() => packProcesses(pack).length === 0, 5_000)).toBe(true);
    });

    it("leaves no pack running when ccguard itself is killed mid-evaluation", async () => {
        const pack = failingPack();
        let packPids: number[] = [];
        const run = await audit([exportWithBuckets(3), "--policy-pack", pack, ...quiet], { CCGUARD_TEST_PACK_FAILURE: "hang" }, (pid) => {
            void eventually(() => (packPids = packProcesses(pack)).length > 0, 15_000).then(() => {
                // SIGKILL runs none of ccguard's own clean-up: the pack has to notice by itself.
                process.kill(pid, "SIGKILL");
            });
        });
        expect(run.signal).toBe("SIGKILL");
        expect(packPids).toHaveLength(1);
        // At once on an idle machine; a loaded one may take seconds to start node and the preload.
        expect(await eventually(() => packProcesses(pack).length === 0, 20_000)).toBe(true);
    });
});

describe("the AnalyzeStack request built one resource at a time", () => {
    it("is byte for byte the request the generated stub serialises", () => {
        const snapshot = parseStackExport(readFileSync(exportWithBuckets(20), "utf8"), "export");
        const resources: PlainResource[] = snapshot.resources.map((resource, index): PlainResource => ({
            ...resource,
            parent: index > 0 ? snapshot.resources[0].urn : undefined,
            dependencies: index > 1 ? [snapshot.resources[index - 1].urn] : [],
            propertyDependencies: index > 1 ? { bucket: [snapshot.resources[index - 1].urn] } : {},
            options: { protect: index % 2 === 0, additionalSecretOutputs: ["bucket"] },
        }));
        const providers = new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
        const expected = Buffer.from(analyzeStackRequest(resources, providers).serializeBinary());
        expect(analyzeStackRequestBytes(resources, providers).equals(expected)).toBe(true);
    });
});
