/**
 * Bad input gets exit code 2 and one line naming the problem, never a stack trace; a failing program
 * is reported as the program's failure, never as a policy verdict.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccguard } from "../support/ccguard";
import { expectUsageError, scratchDirectory } from "../support/usage-error";

const programs = path.join("test", "fixtures", "programs");
const hostile = path.join("test", "fixtures", "hostile");
const { dir: scratch, file } = scratchDirectory("ccguard-errors-");

describe("ccguard preview with bad input", () => {
    it.each([
        ["a missing directory", [path.join(programs, "nowhere")], /does not exist/],
        ["a directory without Pulumi.yaml", [path.join(programs, "no-pulumi-yaml")], /no Pulumi\.yaml/],
        ["an unknown stack", [path.join(programs, "throws"), "--stack", "prod"], /unknown stack prod.*stacks: dev/],
        ["a malformed stack file", [path.join(programs, "bad-stack-yaml")], /Pulumi\.dev\.yaml is not valid YAML/],
        ["a program that throws", [path.join(programs, "throws"), "--no-type-check"], /program failed: instance alias must be set/],
        ["a program with a syntax error", [path.join(programs, "syntax-error"), "--no-type-check"], /does not compile/],
        ["a program with a type error", [path.join(programs, "type-error")], /does not compile.*TS2322/],
        // The engine refuses it (pkg/diag/errors.go GetDuplicateResourceURNError); no verdict on half a stack.
        ["a program with two resources of one URN", [path.join(programs, "duplicate-urn")], /program failed: Duplicate resource URN 'urn:pulumi:dev::duplicate-urn::aws:kms\/key:Key::recordings'; try giving it a unique name$/],
        ["the same, with resolved outputs", [path.join(programs, "duplicate-urn"), "--outputs", "resolved"], /Duplicate resource URN/],
        ["a program importing a missing module", [path.join(programs, "missing-module"), "--no-type-check"], /cannot load a module.*helpers-that-do-not-exist/],
        ["an unknown output format", ["examples/eu-contact-centre", "--format", "pdf"], /argument 'pdf' is invalid/],
        ["an unknown flag", ["examples/eu-contact-centre", "--fast"], /unknown option '--fast'/],
        ["an unreadable policy config", ["examples/eu-contact-centre", "--no-type-check", "--policy-pack-config", "nowhere.json"], /cannot read policy config nowhere\.json: no such file$/],
        ["a policy pack directory that is not a pack", ["examples/eu-contact-centre", "--no-type-check", "--policy-pack", "docs"], /not a policy pack/],
        ["a settings file given as the policy config", ["examples/eu-contact-centre", "--no-type-check", "--policy-pack-config", "examples/eu-contact-centre/ccguard-settings.yaml"], /is not valid JSON \(a settings file\? pass it with --settings\)/],
        ["a policy config given as the settings file", ["examples/eu-contact-centre", "--no-type-check", "--settings", "examples/eu-contact-centre/policy-config.json"], /policy-config\.json is a policy config \(its top level names policies\), not a settings file: pass it with --policy-pack-config$/],
        // Refused before the program runs: the program's own failure would come first otherwise.
        ["a policy pack directory that is not a pack, with a failing program", [path.join(programs, "throws"), "--no-type-check", "--policy-pack", "docs"], /not a policy pack/],
    ])("%s", async (_case, args, pattern) => {
        expectUsageError(await ccguard(["preview", ...args, "--quiet"]), pattern);
    });

    it("rejects a policy config that breaks a policy's schema", async () => {
        const config = file("bad-config.json", JSON.stringify({ "residency-region-allow-list": { regionProfile: "mars" } }));
        expectUsageError(
            await ccguard(["preview", "examples/eu-contact-centre", "--no-type-check", "--quiet", "--policy-pack-config", config]),
            /residency-region-allow-list: regionProfile is "mars"; it must be one of "eu-member-states", "eu-plus-adequacy", "custom"$/,
        );
    });
});

describe("ccguard audit with bad input", () => {
    it.each([
        ["a missing file", () => path.join(scratch, "missing.json"), /cannot read .*missing\.json: no such file$/],
        ["a directory", () => scratch, /cannot read .*: is a directory$/],
        ["an export nested 4,000 levels deep", () => path.join(hostile, "stack-export-deep.json"), /stack-export-deep\.json nests arrays or objects more than 512 levels deep/],
        ["a gzip-compressed export", () => path.join(hostile, "gzip.json.gz"), /gzip\.json\.gz is not text/],
        ["an empty file", () => file("empty.json", ""), /is empty/],
        ["a file that is not JSON", () => file("text.json", "Resources:\n  - bucket\n"), /not valid JSON/],
        ["a truncated export", () => file("truncated.json", '{"version": 3, "deployment": {"resources": [{"urn": "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b",'), /not valid JSON/],
        ["an export of another version", () => file("v2.json", JSON.stringify({ version: 2, deployment: { resources: [] } })), /version 2; ccguard reads version 3/],
    ])("%s", async (_case, makeFile, pattern) => {
        expectUsageError(await ccguard(["audit", makeFile(), "--quiet"]), pattern);
    });

    it.each([
        ["nested 4,000 levels deep", path.join(hostile, "policy-config-deep.json"), /policy config .*policy-config-deep\.json nests arrays or objects more than 512 levels deep/],
        ["that is a directory", scratch, /cannot read policy config .*: is a directory$/],
    ])("a policy config %s", async (_case, config, pattern) => {
        expectUsageError(await ccguard(["audit", path.join(hostile, "stack-export.utf16le.json"), "--quiet", "--policy-pack-config", config]), pattern);
    });

    it("reads a UTF-16 export and a policy config with a UTF-8 byte order mark, as Windows PowerShell writes them", async () => {
        const export16 = path.join(hostile, "stack-export.utf16le.json");
        const blocked = await ccguard(["audit", export16, "--quiet", "--format", "json"]);
        expect(blocked.code, blocked.stderr).toBe(1);
        const findings = JSON.parse(blocked.stdout).findings as { enforcementLevel: string; resourceName: string }[];
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((f) => f.resourceName === "recordings")).toBe(true);
        // The config sets every policy to advisory: the same findings, none blocking.
        const advisory = await ccguard(["audit", export16, "--quiet", "--format", "json", "--policy-pack-config", path.join(hostile, "policy-config.utf8-bom.json")]);
        expect(advisory.code, advisory.stderr).toBe(0);
        const relaxed = JSON.parse(advisory.stdout).findings as { enforcementLevel: string }[];
        expect(relaxed).toHaveLength(findings.length);
        expect(relaxed.every((f) => f.enforcementLevel === "advisory")).toBe(true);
    });
});

describe("--output that cannot or must not be written, refused before any work", () => {
    const throws = path.join(programs, "throws");
    const exportFile = path.join(hostile, "stack-export.utf16le.json");

    it.each([
        // The program fails when it runs: these are refused before it does.
        ["a folder that does not exist", ["preview", throws, "--no-type-check", "--output", path.join(scratch, "nowhere", "report.txt")], /cannot write .*report\.txt: no such folder .*nowhere$/],
        ["a folder", ["preview", throws, "--no-type-check", "--output", scratch], /cannot write .*: it is a folder$/],
        ["the program's entry point", ["preview", throws, "--no-type-check", "--output", path.join(throws, "index.ts")], /refusing to write over .*index\.ts, which is program source/],
        ["the project file", ["preview", throws, "--no-type-check", "--output", path.join(throws, "Pulumi.yaml")], /refusing to write over .*Pulumi\.yaml, which ccguard reads/],
        ["the stack's config", ["preview", throws, "--no-type-check", "--output", path.join(throws, "Pulumi.dev.yaml")], /which ccguard reads/],
        ["the stack export audited", ["audit", exportFile, "--output", exportFile], /refusing to write over .*stack-export\.utf16le\.json, which ccguard reads/],
    ])("%s", async (_case, args, pattern) => {
        expectUsageError(await ccguard([...args, "--quiet"]), pattern);
    });

    it("refuses to replace the findings a report is rendered from, and the settings a config is expanded from", async () => {
        const saved = path.join(scratch, "saved-findings.json");
        const audit = await ccguard(["audit", exportFile, "--quiet", "--format", "json", "--output", saved]);
        expect(audit.code, audit.stderr).toBe(1);
        expectUsageError(await ccguard(["report", saved, "--format", "json", "--output", saved]), /refusing to write over .*saved-findings\.json/);
        const settings = file("ccguard-settings.yaml", "regionProfile: eu-member-states\n");
        expectUsageError(await ccguard(["config", settings, "--output", settings]), /refusing to write over .*ccguard-settings\.yaml/);
    });
});

describe("ccguard usage", () => {
    it("an unknown command", async () => {
        expectUsageError(await ccguard(["deploy"]), /unknown command 'deploy'/);
    });

    it("prints its version and exits 0", async () => {
        const run = await ccguard(["--version"]);
        expect(run.code).toBe(0);
        expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    });
});
