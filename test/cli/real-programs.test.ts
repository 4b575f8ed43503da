/**
 * `ccguard preview` on programs written the way users write them (test/fixtures/corpus, one pattern
 * each): what the engine would send the pack for each, and the verdict.
 *
 * Programs run through the real path (the SDK's own run script against the offline engine); the
 * verdicts come from the pack served in process, which a test in preview.test.ts holds equal to the
 * launched pack.
 */
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { PlainResource, StackSnapshot } from "../../cli/analyzer/types";
import { loadProject } from "../../cli/engine/project";
import { secret } from "../../cli/engine/property-values";
import { recordProgram, type RecordOptions } from "../../cli/engine/record-program";
import { buildReport, type Finding } from "../../cli/findings";
import { UNKNOWN } from "../../policies/lib/unknown";
import { ccguard } from "../support/ccguard";
import { diagnosticsFor, inProcessPack } from "../support/in-process";
import { REPO_ROOT } from "../support/paths";

const corpus = path.join(REPO_ROOT, "test", "fixtures", "corpus");
const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-corpus-"));

const recordings = new Map<string, Promise<StackSnapshot>>();

/**
 * The program run once per set of options for the whole file: several tests read the same recording
 * (a program's run is a few seconds of CPU), and none of them changes it.
 */
function record(program: string, options: Partial<Pick<RecordOptions, "outputs" | "typeCheck">> = {}): Promise<StackSnapshot> {
    const settled = { outputs: "unknown" as const, typeCheck: false, ...options };
    const key = `${program} ${settled.outputs} ${settled.typeCheck}`;
    let recording = recordings.get(key);
    if (!recording) {
        recording = recordProgram(loadProject(path.join(corpus, program), "dev"), settled);
        recordings.set(key, recording);
    }
    return recording;
}

function named(snapshot: StackSnapshot, name: string): PlainResource {
    const found = snapshot.resources.find((resource) => resource.name === name);
    if (!found) throw new Error(`no resource ${name} in ${snapshot.resources.map((r) => r.name).join(", ")}`);
    return found;
}

async function findingsOf(snapshot: StackSnapshot, policyConfig?: unknown): Promise<Finding[]> {
    const info = await inProcessPack().info();
    return buildReport({ toolVersion: "test", pack: info, mode: "preview", snapshot, diagnostics: await diagnosticsFor(snapshot, policyConfig) }).findings;
}

const verdicts = (findings: Finding[]) =>
    findings.map((f) => `${f.policy} ${f.resourceName} ${f.deferred ? "deferred" : f.enforcementLevel}`).sort();

describe("resource objects passed as inputs", () => {
    it("reach the pack as the engine lowers references: the ID, unknown at a first preview", async () => {
        const snapshot = await record("resource-objects");
        const bucket = named(snapshot, "site-bucket");
        const encryption = named(snapshot, "site-bucket-encryption");
        expect(encryption.props["bucket"]).toBe(UNKNOWN);
        expect(encryption.propertyDependencies?.["bucket"]).toEqual([bucket.urn]);
        expect(named(snapshot, "uploader-admin").props["role"]).toBe(UNKNOWN);
        expect(JSON.stringify(snapshot.resources)).not.toContain("5cf8f73096256a8f31e491e813e4eb8e");
    });

    it("reach the pack as the resource's ID once it is known", async () => {
        const snapshot = await record("resource-objects", { outputs: "resolved" });
        const bucket = named(snapshot, "site-bucket");
        expect(named(snapshot, "site-bucket-encryption").props["bucket"]).toBe(bucket.outputs?.["id"] ?? bucket.outputs?.["bucket"]);
        expect(named(snapshot, "uploader-admin").props["role"]).toBe(named(snapshot, "uploader").outputs?.["name"]);
    });

    it.each(["unknown", "resolved"] as const)("blocks the admin attachment and the wildcard inline policy (outputs %s)", async (outputs) => {
        const findings = verdicts(await findingsOf(await record("resource-objects", { outputs })));
        expect(findings).toEqual(
            expect.arrayContaining([
                "access-no-broad-managed-policies uploader-admin mandatory",
                "access-iam-no-data-wildcards uploader-inline mandatory",
                "access-public-access-block-flags site-bucket-public-access mandatory",
            ]),
        );
    });
});

describe("the reference path", () => {
    it("gives the launched pack's findings for a program with resource objects, mixins and getPolicyDocument", async () => {
        const programs = ["resource-objects", "mixins", "iam-policy-document"];
        const runs = await Promise.all(programs.map((program) => ccguard(["preview", path.join(corpus, program), "--no-type-check", "--quiet", "--format", "json"])));
        for (const [index, program] of programs.entries()) {
            const run = runs[index];
            expect(run.stderr, program).toBe("");
            const launched = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
            const inProcess = await findingsOf(await record(program));
            expect(verdicts(launched), program).toEqual(verdicts(inProcess));
            expect(launched.map((f) => f.message).sort(), program).toEqual(inProcess.map((f) => f.message).sort());
        }
    });
});

describe("module systems and project layouts", () => {
    it("runs an ESM TypeScript program that imports ./acl.js for acl.ts, type checked, with top-level await", async () => {
        const snapshot = await record("esm-typescript", { typeCheck: true });
        expect(named(snapshot, "transcripts-public-access").props["blockPublicPolicy"]).toBe(true);
        const stack = snapshot.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        expect(stack.outputs?.["owner"]).toBe("111122223333");
    });

    it("runs an ESM TypeScript program with a type error under --no-type-check, which the SDK's ESM hooks alone would refuse", async () => {
        const program = mkdtempSync(path.join(tmpdir(), "ccguard-esm-type-error-"));
        cpSync(path.join(corpus, "esm-typescript"), program, { recursive: true });
        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(program, "node_modules"), "dir");
        appendFileSync(path.join(program, "index.ts"), '\nconst retention: number = "forever";\nexport { retention };\n');
        const unchecked = await ccguard(["preview", program, "--no-type-check", "--quiet"]);
        expect([0, 1], unchecked.stderr).toContain(unchecked.code);
        const checked = await ccguard(["preview", program, "--quiet"]);
        expect(checked.code).toBe(2);
        expect(checked.stderr).toMatch(/does not compile.*TS2322/);
    });

    it("runs an ESM JavaScript program with TypeScript turned off", async () => {
        const findings = await findingsOf(await record("esm-javascript"));
        expect(verdicts(findings)).toContain("retention-bounded-retention contact-flow-logs mandatory");
    });

    it("runs a CommonJS JavaScript program", async () => {
        const snapshot = await record("commonjs-javascript");
        expect(named(snapshot, "callbacks").props["messageRetentionSeconds"]).toBe(1209600);
    });

    it("honours Pulumi.yaml main, the tsconfig runtime option and nodeargs", async () => {
        const snapshot = await record("runtime-options", { typeCheck: true });
        expect(named(snapshot, "agent-events").props["retentionInDays"]).toBe(90);
        const stack = snapshot.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
        expect(stack.outputs?.["nodeFlags"]).toBe("--max-old-space-size=3072 --no-deprecation");
    });
});

describe("invokes", () => {
    it("computes getPolicyDocument offline: a trust policy open to anyone is blocked", async () => {
        const snapshot = await record("policy-documents");
        const trust = JSON.parse(named(snapshot, "analyst").props["assumeRolePolicy"] as string);
        expect(trust.Statement).toEqual([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } }]);
        const merged = JSON.parse(named(snapshot, "key-reader").props["policy"] as string);
        expect(merged.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["Describe", "Decrypt"]);
        expect(verdicts(await findingsOf(snapshot))).toContain("access-role-trust-scoped analyst mandatory");
    });

    it("gives an unknown document at a first preview when an argument is unknown, and the document once it is known", async () => {
        const preview = await record("policy-documents");
        expect(named(preview, "analyst-access").props["policy"]).toBe(UNKNOWN);
        expect(verdicts(await findingsOf(preview))).toContain("access-iam-no-data-wildcards analyst-access deferred");
        const update = await record("policy-documents", { outputs: "resolved" });
        expect(JSON.parse(named(update, "analyst-access").props["policy"] as string).Statement[1]).toMatchObject({ Sid: "Everything", Resource: "*" });
        expect(verdicts(await findingsOf(update))).toContain("access-iam-no-data-wildcards analyst-access mandatory");
    });

    it.each(["unknown", "resolved"] as const)("draws the same findings for a document inline and through getPolicyDocument (outputs %s)", async (outputs) => {
        const inline = await findingsOf(await record("iam-inline", { outputs }));
        const built = await findingsOf(await record("iam-policy-document", { outputs }));
        expect(inline.length).toBeGreaterThanOrEqual(4);
        expect(verdicts(built)).toEqual(verdicts(inline));
        expect(built.map((f) => f.urn).sort()).toEqual(inline.map((f) => f.urn).sort());
    });
});

describe("component resources", () => {
    it("never judges a mixin's component as a cloud resource", async () => {
        const snapshot = await record("mixins");
        const subscription = named(snapshot, "purge-expired");
        expect(subscription.type).toBe("aws:cloudwatch:EventRuleEventSubscription");
        expect(subscription.custom).toBe(false);
        const findings = await findingsOf(snapshot);
        expect(findings.filter((f) => f.resourceType.includes("EventSubscription"))).toEqual([]);
        expect(findings.filter((f) => f.policy === "residency-region-allow-list")).toEqual([]);
    });

    it("records what the program registers at exit (the bucket notification of onObjectCreated)", async () => {
        const snapshot = await record("mixins");
        expect(snapshot.resources.some((r) => r.type === "aws:s3/bucketNotification:BucketNotification")).toBe(true);
    });

    it("warns that a multi-language component's children were not evaluated", async () => {
        const snapshot = await record("multi-language");
        expect(snapshot.warnings?.map((w) => `${w.kind} ${w.urn?.split("::").pop()}`).sort()).toEqual([
            "invoke-unanswered undefined",
            "multi-language-component agents",
            "multi-language-component contact-centre",
        ]);
        const unanswered = snapshot.warnings?.find((w) => w.kind === "invoke-unanswered");
        expect(unanswered?.message).toMatch(/^aws:ec2\/getSecurityGroup:getSecurityGroup cannot be answered offline/);
        expect(snapshot.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:")).map((r) => r.name)).toEqual(["artifacts"]);
    });
});

describe("stack references", () => {
    it("warns and defers what derives from outputs nobody supplied", async () => {
        const snapshot = await record("stack-reference");
        expect(snapshot.warnings?.map((w) => w.kind)).toEqual(["stack-reference"]);
        expect(snapshot.warnings?.[0].message).toContain("--stack-reference acme/data-platform/prod=");
        expect(named(snapshot, "archive").props["region"]).toBe(UNKNOWN);
        expect(snapshot.resources.some((r) => r.type === "pulumi:pulumi:StackReference")).toBe(false);
    });

    it("judges the supplied outputs: a US region is blocked, no warning remains", async () => {
        const outputs = path.join(scratch, "platform-outputs.json");
        writeFileSync(outputs, JSON.stringify({ region: "us-east-1", contactDataKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }));
        const run = await ccguard([
            "preview",
            path.join(corpus, "stack-reference"),
            "--no-type-check",
            "--quiet",
            "--format",
            "json",
            "--stack-reference",
            `acme/data-platform/prod=${outputs}`,
        ]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout);
        expect(report.warnings).toEqual([]);
        expect(verdicts(report.findings)).toContain("residency-region-allow-list archive mandatory");
    });

    it("names the missing --stack-reference when the program fails for want of an output", async () => {
        const run = await ccguard(["preview", path.join(corpus, "stack-reference"), "--no-type-check", "--quiet", "--outputs", "resolved"]);
        expect(run.code).toBe(2);
        expect(run.stderr.trim()).toMatch(/^ccguard: the program failed: .*Required output 'region' does not exist.*supply them with --stack-reference/);
    });

    it("rejects a --stack-reference that names no stack the program references", async () => {
        const outputs = path.join(scratch, "typo-outputs.json");
        writeFileSync(outputs, JSON.stringify({ region: "eu-central-1" }));
        const run = await ccguard(["preview", path.join(corpus, "stack-reference"), "--no-type-check", "--quiet", "--stack-reference", `acme/data-platfrom/prod=${outputs}`]);
        expect(run.code).toBe(2);
        expect(run.stderr.trim()).toBe("ccguard: --stack-reference acme/data-platfrom/prod matches no stack the program references (it references acme/data-platform/prod)");
    });

    it("rejects a malformed --stack-reference with one line", async () => {
        const run = await ccguard(["preview", path.join(corpus, "stack-reference"), "--quiet", "--stack-reference", "no-file-given"]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^ccguard: --stack-reference "no-file-given" must be <stack name>=<file/);
    });
});

describe("configuration", () => {
    it("gives the program a nested secure value as a secret placeholder, never as a {secure} object", async () => {
        const snapshot = await record("nested-secrets");
        expect(named(snapshot, "database-password").props["value"]).toEqual(secret("[secret]"));
        // @pulumi/aws makes every SSM parameter value secret, whatever the program passes.
        expect(named(snapshot, "database-host").props["value"]).toEqual(secret("db.internal"));
        expect(JSON.stringify(snapshot.resources)).not.toContain("v1:bm90");
    });
});

describe("the program's lifecycle", () => {
    it("keeps resources registered after awaits and on later turns of the event loop", async () => {
        const snapshot = await record("late-registration");
        expect(["after-await", "after-timer", "on-a-later-turn"].map((name) => named(snapshot, name).type)).toEqual([
            "aws:s3/bucket:Bucket",
            "aws:sqs/queue:Queue",
            "aws:sns/topic:Topic",
        ]);
    });

    it.each([
        ["async-failure", /^ccguard: the program failed: retention policy lookup failed: no policy for tenant acme$/],
        ["apply-type-error", /^ccguard: the program failed: TypeError: Cannot read properties of undefined \(reading 'value'\)$/],
        ["process-exit", /^ccguard: the program exited with code 4$/],
        ["missing-config", /^ccguard: the program failed: Missing required configuration variable 'missing-config:agentCount': set it in the stack's Pulumi\.<stack>\.yaml/],
        ["dependency-cycle", /^ccguard: the program ended with \d+ outputs? still waiting \(a dependency cycle, or a promise that never settles\)/],
    ])("fails %s with its own message, exit 2", async (program, message) => {
        const run = await ccguard(["preview", path.join(corpus, program), "--no-type-check", "--quiet"]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr.trim()).toMatch(message);
    });

    it("shows what the program prints and logs on standard error, unless --quiet", async () => {
        const run = await ccguard(["preview", path.join(corpus, "missing-config"), "--no-type-check"]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        const lines = run.stderr.split("\n").filter(Boolean);
        expect(lines.filter((line) => line.startsWith("program: "))).toEqual(
            expect.arrayContaining(["program: building the agent desktop buckets", "program: warning: agent count not tuned for this region"]),
        );
        expect(lines[lines.length - 1]).toMatch(/^ccguard: the program failed: Missing required configuration variable/);
    });

    it("says a program stopped before its first resource may only be slow to start, not stuck", async () => {
        // A tenth of a second does not even load the SDK.
        const run = await ccguard(["preview", path.join(corpus, "hang"), "--no-type-check", "--quiet", "--timeout", "0.1"]);
        expect(run.code).toBe(2);
        expect(run.stderr.trim()).toBe("ccguard: the program did not finish within 0.1 s and was stopped before it registered any resource; raise --timeout, it may only be slow to start");
    });

    it("stops a program that never finishes after --timeout, leaving no process behind", async () => {
        const started = Date.now();
        const run = await ccguard(["preview", path.join(corpus, "hang"), "--no-type-check", "--quiet", "--timeout", "4"]);
        expect(run.code).toBe(2);
        expect(run.stderr.trim()).toMatch(/^ccguard: the program did not finish within 4 s and was stopped/);
        expect(Date.now() - started).toBeLessThan(30_000);
        expect(await programsStillRunning("corpus/hang")).toEqual([]);
    });

    it("stops the program and says so when interrupted", async () => {
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "cli", "ccguard.js"), "preview", path.join(corpus, "hang"), "--no-type-check", "--quiet"], {
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        // Interrupt once the program is running (its process is the one with the fixture as working directory).
        await waitFor(async () => (await programsStillRunning("corpus/hang")).length > 0, 30_000);
        // Twice, as a terminal's repeated Ctrl-C or `timeout` signalling the whole group would.
        child.kill("SIGINT");
        child.kill("SIGINT");
        const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
        expect(code).toBe(2);
        expect(stderr.trim()).toBe("ccguard: interrupted (SIGINT); the program and policy pack were stopped");
        await waitFor(async () => (await programsStillRunning("corpus/hang")).length === 0, 5_000);
    });
});

describe("transforms", () => {
    it("judges what the stack's and a component's transforms return, as the engine runs them", async () => {
        const snapshot = await record("transforms");
        expect(named(snapshot, "plain-exports").props["tags"]).toEqual({ "data-class": "contact-data" });
        expect(named(snapshot, "call-archive-objects").props["tags"]).toEqual({ "data-class": "contact-data" });
        const archive = named(snapshot, "call-archive-encryption").props["rules"] as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[];
        expect(archive[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
        // The key's ARN a parent's transform put in is unknown at a first preview, and the engine adds no
        // dependency for it (it reads dependencies back only from a resource's own transforms): deferred.
        const customerKey = verdicts((await findingsOf(snapshot)).filter((f) => f.policy === "encryption-bucket-customer-key"));
        expect(customerKey).toEqual([
            "encryption-bucket-customer-key call-archive-objects deferred",
            "encryption-bucket-customer-key payment-ledger deferred",
            "encryption-bucket-customer-key plain-exports mandatory",
        ]);
    });

    it("takes a resource's dependencies back from what its own transform returns, as the engine does", async () => {
        // The engine upgrades the properties to output values for the resource's own transforms and reads
        // the dependencies back from the result; the SDK's transform answers with plain values (its
        // callback serialises without output values), so only the options' dependsOn survives.
        const snapshot = await record("transforms");
        const encryption = named(snapshot, "payment-ledger-encryption");
        expect(encryption.dependencies).toEqual([named(snapshot, "payment-ledger").urn]);
        expect(encryption.propertyDependencies).toEqual({ bucket: [], rules: [] });
        expect((encryption.props["rules"] as { applyServerSideEncryptionByDefault: { kmsMasterKeyId: string } }[])[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(UNKNOWN);
    });
});

describe("explicit providers passed as objects", () => {
    it("judges each resource in its provider's region", async () => {
        const snapshot = await record("explicit-providers");
        expect(named(snapshot, "recordings-copy").provider).toMatch(/pulumi:providers:aws::virginia$/);
        const residency = (await findingsOf(snapshot)).filter((f) => f.policy === "residency-region-allow-list").map((f) => f.resourceName);
        expect(residency).toEqual(["recordings-copy"]);
    });
});

describe("both AWS providers in one program", () => {
    it("gives aws-native resources the aws-native default provider, configured from aws-native:region", async () => {
        const snapshot = await record("mixed-providers");
        const nativeDefault = snapshot.resources.find((r) => r.type === "pulumi:providers:aws-native" && r.name.startsWith("default"));
        expect(nativeDefault?.props).toMatchObject({ region: "eu-central-1" });
        expect(named(snapshot, "recordings").provider).toBe(nativeDefault?.urn);
        expect(named(snapshot, "recordings-policy").provider).toMatch(/pulumi:providers:aws::default/);
        expect(named(snapshot, "recordings-copy").provider).toMatch(/pulumi:providers:aws-native::virginia$/);
        // aws-native's own account look-up is answered offline, so nothing derived from it goes unjudged.
        expect(snapshot.warnings ?? []).toEqual([]);
    });

    it("judges across providers at a first preview: only the copy outside the EU is blocked", async () => {
        const findings = await findingsOf(await record("mixed-providers"));
        const blocking = findings.filter((f) => f.enforcementLevel === "mandatory" && !f.deferred).map((f) => `${f.policy} ${f.resourceName}`);
        expect(blocking).toContain("residency-region-allow-list recordings-copy");
        expect(blocking.filter((f) => f.endsWith(" recordings") || f.endsWith(" contact-data"))).toEqual([]);
    });

    it("gives aws-native outputs the names its SDK declares once resources exist", async () => {
        const snapshot = await record("mixed-providers", { outputs: "resolved" });
        expect(named(snapshot, "recordings").outputs).toMatchObject({ bucketName: expect.stringMatching(/^recordings-/), arn: expect.stringMatching(/^arn:aws:s3:::recordings-/) });
        expect(named(snapshot, "contact-data").outputs).toMatchObject({ keyId: expect.any(String), arn: expect.stringMatching(/^arn:aws:kms:eu-central-1:111122223333:key\//) });
        expect(named(snapshot, "recordings-policy").props["bucket"]).toBe((named(snapshot, "recordings").outputs as Record<string, unknown>)["bucketName"]);
    });
});

describe("a hand-written contact centre", () => {
    it("defers the public bucket policy built from an unknown ARN at a first preview and blocks it at the update", async () => {
        const preview = verdicts(await findingsOf(await record("connect-hand-written")));
        expect(preview).toContain("access-no-unscoped-public-resource-policies recordings-policy deferred");
        const update = verdicts(await findingsOf(await record("connect-hand-written", { outputs: "resolved" })));
        expect(update).toContain("access-no-unscoped-public-resource-policies recordings-policy mandatory");
    });
});

describe("the corpus", () => {
    it("has at least fifteen programs, each with a package.json as real projects have", () => {
        const programs = readdirSync(corpus);
        expect(programs.length).toBeGreaterThanOrEqual(15);
        for (const program of programs) expect(readdirSync(path.join(corpus, program))).toContain("package.json");
    });
});

/** Program processes (the SDK's run script) whose working directory is under the given fixture path. */
async function programsStillRunning(fixture: string): Promise<string[]> {
    const pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
    const found: string[] = [];
    for (const pid of pids) {
        try {
            const cwd = require("node:fs").readlinkSync(`/proc/${pid}/cwd`) as string;
            const cmdline = require("node:fs").readFileSync(`/proc/${pid}/cmdline`, "utf8") as string;
            if (cwd.endsWith(fixture) && cmdline.includes("cmd/run")) found.push(pid);
        } catch {
            // The process ended while we looked.
        }
    }
    return found;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error("condition not met in time");
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}
