/**
 * `ccguard init`: a new project that passes the pack as it is written, the settings file and the
 * policy config it expands into alone for an existing project, and nothing written when anything is wrong.
 *
 * The scaffold imports `contact-centre-guard/components` and installs the package from the team's
 * copy. To run it here without a network, the test gives the temporary project a `node_modules` of
 * its own, as `npm install` would fill it from the scaffold's package.json: a link to each package it
 * declares and to everything those depend on (from this repository's installed packages), so a
 * dependency the scaffold forgets to declare fails here as it would for a user, and
 * `contact-centre-guard` linked to this repository, whose package `exports` map
 * `contact-centre-guard/components` to the built `dist/components` (run `npm run build` first, as
 * `npm test` does). test/user-project.test.ts installs the packed package for real.
 */
import { execFile } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { FindingsReport } from "../../cli/findings";
import { namePrefixFor } from "../../cli/init/names";
import { TEAM_DECISIONS } from "../../cli/init/settings-file";
import { catalogue } from "../../policies/catalogue";
import { expandSettings, parseSettingsText, policyConfigText } from "../../policies/config/settings-file";
import { TEAM_SETTINGS } from "../../policies/config/team-settings";
import { ccguard } from "../support/ccguard";
import { REPO_ROOT } from "../support/paths";

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
const NEW_PROJECT_FILES = [
    ".gitignore",
    "Pulumi.dev.yaml",
    "Pulumi.yaml",
    "README.md",
    "ccguard-settings.yaml",
    "index.ts",
    "package.json",
    "policy-config.json",
    "tsconfig.json",
];
const COMPONENTS = ["EncryptionKey", "AccessLogBucket", "RecordingStore", "ContactCentre", "AuditTrail", "OrganisationGuardrails"];

const scratch = mkdtempSync(path.join(tmpdir(), "ccguard-init-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (name = `project-${++dirs}`) => path.join(mkdtempSync(path.join(scratch, "case-")), name);

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");

/** A refusal: exit 2, one line on standard error, nothing on standard output. */
function expectRefusal(result: { code: number | null; stdout: string; stderr: string }, says: RegExp) {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^ccguard: [^\n]*\n$/);
    expect(result.stderr).toMatch(says);
}

/** The packages npm would install for these: them and, transitively, their dependencies and peers. */
function installedFor(declared: readonly string[]): Set<string> {
    const installed = new Set<string>();
    const pending = [...declared];
    while (pending.length > 0) {
        const name = pending.pop()!;
        const manifestFile = path.join(REPO_ROOT, "node_modules", name, "package.json");
        // Not at the top level: npm nested it inside the package that needs it, which the link carries.
        if (installed.has(name) || !existsSync(manifestFile)) continue;
        installed.add(name);
        const dependencyManifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, Record<string, string> | undefined>;
        for (const field of ["dependencies", "optionalDependencies", "peerDependencies"]) pending.push(...Object.keys(dependencyManifest[field] ?? {}));
    }
    return installed;
}

/** What `npm install` would give the project from its package.json, from this repository's installed packages. */
function installDependencies(projectDir: string) {
    const pkg = JSON.parse(read(projectDir, "package.json")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => name !== "contact-centre-guard");
    const modules = path.join(projectDir, "node_modules");
    for (const name of installedFor(declared)) {
        mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
        symlinkSync(path.join(REPO_ROOT, "node_modules", name), path.join(modules, name));
    }
    symlinkSync(REPO_ROOT, path.join(modules, "contact-centre-guard"));
}

describe("ccguard init: a new project", () => {
    const dir = freshDir("acme-eu");
    const scaffolded = ccguard(["init", dir]);

    it("writes every file of the project and says what to run next, a line each", async () => {
        const result = await scaffolded;
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(readdirSync(dir).sort()).toEqual(NEW_PROJECT_FILES);
        const lines = result.stdout.trimEnd().split("\n");
        expect(lines.filter((line) => line.startsWith("wrote ")).map((line) => path.relative(dir, line.slice("wrote ".length))).sort()).toEqual(NEW_PROJECT_FILES);
        expect(lines).toContain("next: npm install --save-dev <contact-centre-guard .tgz or git URL> (your team's copy, not the npm registry)");
        expect(lines).toContain("next: npm install");
        expect(lines).toContain("next: npx --no-install ccguard preview . --settings ccguard-settings.yaml");
        expect(lines).toContain("next: pulumi preview --policy-pack node_modules/contact-centre-guard --policy-pack-config policy-config.json");
        expect(result.stdout).not.toMatch(/npx ccguard/);
    });

    it("names the project after its directory, runs it on Node, and configures stack dev in Frankfurt", async () => {
        await scaffolded;
        const project = parseYaml(read(dir, "Pulumi.yaml")) as Record<string, unknown>;
        expect(project).toEqual({ name: "acme-eu", runtime: "nodejs", description: expect.stringContaining("Amazon Connect") });
        const stack = parseYaml(read(dir, "Pulumi.dev.yaml")) as { config: Record<string, unknown> };
        expect(stack.config).toEqual({ "aws:region": "eu-central-1", "acme-eu:namePrefix": "acme-eu" });
    });

    it("depends on this package's own versions, with TypeScript for development, and never names contact-centre-guard for the registry to resolve", async () => {
        await scaffolded;
        const pkg = JSON.parse(read(dir, "package.json")) as Record<string, Record<string, string> | boolean | string>;
        expect(pkg["private"]).toBe(true);
        expect(pkg["dependencies"]).toEqual({ "@pulumi/pulumi": manifest.dependencies["@pulumi/pulumi"], "@pulumi/aws": manifest.devDependencies["@pulumi/aws"] });
        expect(pkg["devDependencies"]).toEqual({
            "@types/node": manifest.devDependencies["@types/node"],
            typescript: manifest.devDependencies["typescript"],
        });
        expect(pkg["scripts"]).toEqual({ "preview:offline": "ccguard preview . --settings ccguard-settings.yaml" });
    });

    it("writes a strict tsconfig, a program built from the components, a .gitignore and a README with the three commands", async () => {
        await scaffolded;
        const tsconfig = JSON.parse(read(dir, "tsconfig.json")) as { compilerOptions: Record<string, unknown>; files: string[] };
        expect(tsconfig.compilerOptions["strict"]).toBe(true);
        expect(tsconfig.files).toEqual(["index.ts"]);
        const devDependencies = (JSON.parse(read(dir, "package.json")) as { devDependencies: Record<string, string> }).devDependencies;
        for (const types of tsconfig.compilerOptions["types"] as string[]) expect(devDependencies).toHaveProperty([`@types/${types}`]);
        const program = read(dir, "index.ts");
        expect(program).toMatch(/from "contact-centre-guard\/components";/);
        for (const component of COMPONENTS) expect(program).toContain(`new ${component}(`);
        expect(read(dir, ".gitignore").split("\n")).toEqual(expect.arrayContaining(["node_modules/", "bin/"]));
        const readme = read(dir, "README.md");
        expect(readme).toContain("\nnpm install\n");
        expect(readme).toContain("\nnpx --no-install ccguard preview . --settings ccguard-settings.yaml\n");
        expect(readme).toContain("\npulumi preview --policy-pack node_modules/contact-centre-guard --policy-pack-config policy-config.json\n");
    });

    it("builds every component with the limits its program reads from the settings file", async () => {
        await scaffolded;
        const program = read(dir, "index.ts");
        expect(program).toMatch(/^const limits = limitsFromSettings\(\);$/m);
        for (const component of COMPONENTS) {
            const construction = new RegExp(`new ${component}\\("[^"]+", \\{[^]*?\\}\\);`).exec(program)?.[0];
            expect(construction, component).toMatch(/\blimits\b/);
        }
        expect(program.match(/new [A-Z]\w+\(/g)).toHaveLength(COMPONENTS.length);
    });

    it("tells in its README how to change the settings, regenerate the policy config and check it in CI", async () => {
        await scaffolded;
        const readme = read(dir, "README.md");
        expect(readme).toContain("\nnpx --no-install ccguard config --output policy-config.json\n");
        expect(readme).toContain("`npx --no-install ccguard config --check policy-config.json`");
        expect(readme).not.toMatch(/npx ccguard/);
        // The README's example settings are a settings file ccguard accepts.
        const example = /```yaml\n([^]*?)```/.exec(readme)?.[1];
        expect(example).toBeDefined();
        const { policyConfig } = expandSettings(catalogue, parseSettingsText(example!));
        expect(policyConfig["residency-region-allow-list"]).toMatchObject({ regionProfile: "eu-plus-adequacy" });
        expect(policyConfig["retention-contact-data-expiry"]).toMatchObject({ maxContactDataRetentionDays: 180 });
    });

    it("writes a settings file of the team's decisions at the controls' own defaults, each with its comment", async () => {
        await scaffolded;
        const text = read(dir, "ccguard-settings.yaml");
        const file = parseYaml(text) as { settings: Record<string, unknown>; policies: unknown };
        expect(Object.keys(file)).toEqual(["settings", "policies"]);
        expect(Object.keys(file.settings)).toEqual([...TEAM_DECISIONS]);
        for (const [name, value] of Object.entries(file.settings)) expect(value, name).toEqual(TEAM_SETTINGS.get(name)!.parameter.default);
        expect(file.settings).toMatchObject({ regionProfile: "eu-member-states", maxContactDataRetentionDays: 365, approvedReaders: [] });
        expect(file.policies).toEqual({});
        const lines = text.split("\n");
        for (const name of TEAM_DECISIONS) {
            const at = lines.findIndex((line) => line.startsWith(`  ${name}: `));
            expect(lines[at - 1], name).toMatch(/^ {2}# \S/);
            expect(lines[at - 1]!.length, name).toBeLessThanOrEqual(130);
        }
        // Detection lists follow AWS, not a team's decision: they stay out of the file.
        for (const name of ["dataServices", "keyAdminActions", "requiredRedactionEntities"]) expect(file.settings).not.toHaveProperty(name);
    });

    it("shows in a comment an enforcement level override and a waiver, which are valid when uncommented", async () => {
        await scaffolded;
        const text = read(dir, "ccguard-settings.yaml");
        const lines = text.split("\n");
        const example = lines
            .slice(lines.findIndex((line) => line.endsWith("For example:")) + 1)
            .filter((line) => line.startsWith("#   "))
            .map((line) => line.slice("#   ".length))
            .join("\n");
        const uncommented = text.replace(/^policies: \{\}$/m, "").replace(/^settings:/m, `${example}\nsettings:`);
        const { policyConfig } = expandSettings(catalogue, parseSettingsText(uncommented));
        expect(policyConfig["connect-identity-management"]).toMatchObject({ enforcementLevel: "mandatory" });
        const [waiver] = (policyConfig["access-recording-readers"] as { waivers: Record<string, string>[] }).waivers;
        expect(Object.keys(waiver!).sort()).toEqual(["expires", "owner", "reason", "resource"]);
    });

    it("writes the policy config exactly as ccguard config expands the settings, so --check passes", async () => {
        await scaffolded;
        const { policyConfig } = expandSettings(catalogue, parseSettingsText(read(dir, "ccguard-settings.yaml")));
        expect(read(dir, "policy-config.json")).toBe(policyConfigText(policyConfig));
        const config = JSON.parse(read(dir, "policy-config.json")) as Record<string, Record<string, unknown>>;
        expect(config["residency-region-allow-list"]).toMatchObject({ regionProfile: "eu-member-states", regions: [] });
        expect(config["retention-contact-data-expiry"]).toMatchObject({ maxContactDataRetentionDays: 365 });
        expect(config["access-recording-readers"]).toMatchObject({ approvedReaders: [] });
        expect(config["all"]).toBeUndefined();
        for (const [policy, entry] of Object.entries(config)) {
            expect(catalogue.find((c) => c.name === policy), policy).toBeDefined();
            for (const name of Object.keys(entry)) expect(TEAM_DECISIONS).toContain(name);
        }
        const check = await ccguard(["config", "--check", "policy-config.json"], { cwd: dir });
        expect(check.stderr).toBe("ccguard: policy-config.json is up to date with ccguard-settings.yaml\n");
        expect(check.code).toBe(0);
    });

    it(
        "type-checks, and ccguard preview finds no mandatory violation in it with its settings",
        async () => {
            await scaffolded;
            installDependencies(dir);
            await run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", dir]);
            const preview = await ccguard(["preview", ".", "--settings", "ccguard-settings.yaml", "--format", "json", "--quiet"], { cwd: dir });
            expect(preview.stderr).toBe("");
            expect(preview.code).toBe(0);
            const report = JSON.parse(preview.stdout) as FindingsReport;
            expect(report.summary.mandatory).toBe(0);
            expect(report.summary.resources).toBeGreaterThan(20);
            // Only the checks that wait for the key ARN AWS assigns at creation remain.
            for (const finding of report.findings) expect(finding.deferred, finding.policy).toBe(true);
        },
        300_000,
    );
});

describe("ccguard init: options", () => {
    it("takes the project name, stack and region from --name, --stack and --region", async () => {
        const dir = freshDir("whatever");
        const result = await ccguard(["init", dir, "--name", "Contact.Centre_EU", "--stack", "prod-eu", "--region", "eu-central-1"]);
        expect(result.code).toBe(0);
        expect(readdirSync(dir)).toContain("Pulumi.prod-eu.yaml");
        expect(readdirSync(dir)).not.toContain("Pulumi.dev.yaml");
        expect((parseYaml(read(dir, "Pulumi.yaml")) as { name: string }).name).toBe("Contact.Centre_EU");
        const stack = parseYaml(read(dir, "Pulumi.prod-eu.yaml")) as { config: Record<string, unknown> };
        expect(stack.config).toEqual({ "aws:region": "eu-central-1", "Contact.Centre_EU:namePrefix": "contact-centre-eu" });
        expect((JSON.parse(read(dir, "package.json")) as { name: string }).name).toBe("contact.centre_eu");
    });

    it("--dry-run prints the files it would write and writes nothing", async () => {
        const dir = freshDir();
        const result = await ccguard(["init", dir, "--dry-run"]);
        expect(result.code).toBe(0);
        expect(result.stdout.trimEnd().split("\n").map((line) => path.relative(dir, line.replace(/^would write /, ""))).sort()).toEqual(NEW_PROJECT_FILES);
        expect(() => lstatSync(dir)).toThrow();
    });

    it("--region eu-west-2 writes a London stack whose settings allow the adequacy regions, once", async () => {
        const dir = freshDir("london");
        const result = await ccguard(["init", dir, "--region", "eu-west-2"]);
        expect(result.code, result.stderr).toBe(0);
        expect((parseYaml(read(dir, "Pulumi.dev.yaml")) as { config: Record<string, unknown> }).config["aws:region"]).toBe("eu-west-2");
        const settings = parseYaml(read(dir, "ccguard-settings.yaml")) as { settings: Record<string, unknown> };
        expect(settings.settings["regionProfile"]).toBe("eu-plus-adequacy");
        const config = JSON.parse(read(dir, "policy-config.json")) as Record<string, Record<string, unknown>>;
        expect(config["residency-region-allow-list"]?.["regionProfile"]).toBe("eu-plus-adequacy");
        expect(config["residency-connect-colocation"]?.["regionProfile"]).toBe("eu-plus-adequacy");
        expect((await ccguard(["config", path.join(dir, "ccguard-settings.yaml"), "--check", path.join(dir, "policy-config.json")])).code).toBe(0);
    });

    it.each([
        ["us-east-1", /region "us-east-1" is outside the regions the pack can allow for Amazon Connect; use eu-central-1, eusc-de-east-1, or eu-west-2 \(outside the EU, allowed by an adequacy decision\)\n$/],
        ["eu-central-2", /region "eu-central-2" is outside the regions the pack can allow for Amazon Connect/],
        ["eu-west-1", /region "eu-west-1" is in the EU, but Amazon Connect is not offered there; use eu-central-1/],
        ["eu-central-1\n", /region "eu-central-1\\u000a" is outside/],
    ])("refuses region %j with one line and writes nothing", async (region, says) => {
        const dir = freshDir();
        expectRefusal(await ccguard(["init", dir, "--region", region]), says);
        expect(() => lstatSync(dir)).toThrow();
    });

    it.each([
        ["--name", "../escape"],
        ["--name", "a/b"],
        ["--name", "a\\b"],
        ["--name", "-leading-hyphen"],
        ["--name", "bell\u0007"],
        ["--name", "two\nlines"],
        ["--name", "\u001b[2Jclear"],
        ["--name", "x".repeat(101)],
        ["--stack", "prod/eu"],
        ["--stack", "../../etc/passwd"],
        ["--stack", "tab\there"],
        ["--stack", "dev\r"],
        ["--stack", ""],
        ["--stack", "s".repeat(101)],
    ])("refuses %s %j with one line and writes nothing", async (option, value) => {
        const dir = freshDir();
        const result = await ccguard(["init", dir, option, value]);
        expectRefusal(result, option === "--name" ? /^ccguard: project name ".*" is not one Pulumi accepts/ : /^ccguard: stack name ".*" is not one Pulumi accepts/);
        expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
        expect(() => lstatSync(dir)).toThrow();
    });

    it("refuses a directory whose name Pulumi would not accept, and says to use --name", async () => {
        const dir = freshDir("my project");
        expectRefusal(await ccguard(["init", dir]), /project name "my project" \(the directory's name; give another with --name\)/);
        expect(() => lstatSync(dir)).toThrow();
        expect((await ccguard(["init", dir, "--name", "my-project"])).code).toBe(0);
    });

    it("refuses a path that is a file, or lies beneath one", async () => {
        const file = path.join(freshDir(), "..", "a-file");
        writeFileSync(file, "x");
        expectRefusal(await ccguard(["init", file]), /a-file is not a directory$/m);
        expectRefusal(await ccguard(["init", path.join(file, "project")]), /a-file is not a directory$/m);
    });

    it("quotes the directory in its next steps, so they can be pasted into a shell", async () => {
        const dir = freshDir("it's here");
        const result = await ccguard(["init", dir, "--name", "acme"]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`next: cd '${dir.replace("'", "'\\''")}'\n`);
    });
});

describe("ccguard init: never overwrites", () => {
    it("writes nothing at all when one file it would write exists, and names it", async () => {
        const dir = freshDir();
        mkdirSync(dir);
        writeFileSync(path.join(dir, "README.md"), "ours\n");
        expectRefusal(await ccguard(["init", dir]), /README\.md already exists; nothing was written$/m);
        expect(readdirSync(dir)).toEqual(["README.md"]);
        expect(read(dir, "README.md")).toBe("ours\n");
    });

    it("names the first conflict in the order it writes, and counts a dangling link as one", async () => {
        const dir = freshDir();
        mkdirSync(dir);
        symlinkSync(path.join(dir, "nowhere"), path.join(dir, "tsconfig.json"));
        writeFileSync(path.join(dir, ".gitignore"), "ours\n");
        expectRefusal(await ccguard(["init", dir]), /tsconfig\.json already exists/);
        expect(readdirSync(dir).sort()).toEqual([".gitignore", "tsconfig.json"]);
        expect(() => lstatSync(path.join(dir, "nowhere"))).toThrow();
    });

    it("--dry-run names the conflict too", async () => {
        const dir = freshDir();
        mkdirSync(dir);
        writeFileSync(path.join(dir, "index.ts"), "");
        expectRefusal(await ccguard(["init", dir, "--dry-run"]), /index\.ts already exists; nothing would be written$/m);
    });
});

describe("ccguard init: an existing Pulumi project", () => {
    function existingProject(packageJson: object) {
        const dir = freshDir();
        mkdirSync(dir);
        const files: Record<string, string> = {
            "Pulumi.yaml": "name: theirs\nruntime: nodejs\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
            "index.ts": "export const x = 1;\n",
            "package.json": JSON.stringify(packageJson),
        };
        for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, file), content);
        return { dir, files };
    }

    it("gives a London stack the adequacy profile, and an EU stack the default one", async () => {
        const { dir } = existingProject({ name: "theirs" });
        writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-2\n");
        expect((await ccguard(["init", dir])).code).toBe(0);
        expect((parseYaml(read(dir, "ccguard-settings.yaml")) as { settings: Record<string, unknown> }).settings["regionProfile"]).toBe("eu-plus-adequacy");

        const eu = existingProject({ name: "theirs" });
        expect((await ccguard(["init", eu.dir])).code).toBe(0);
        expect((parseYaml(read(eu.dir, "ccguard-settings.yaml")) as { settings: Record<string, unknown> }).settings["regionProfile"]).toBe("eu-member-states");
    });

    it("adds only the settings file and its policy config, leaves every other file as it was, and says how to add the dev dependency", async () => {
        const { dir, files } = existingProject({ name: "theirs", dependencies: { "@pulumi/pulumi": "^3.0.0" } });
        const result = await ccguard(["init", dir]);
        expect(result.code).toBe(0);
        expect(readdirSync(dir).sort()).toEqual([...Object.keys(files), "ccguard-settings.yaml", "policy-config.json"].sort());
        for (const [file, content] of Object.entries(files)) expect(read(dir, file)).toBe(content);
        expect((parseYaml(read(dir, "ccguard-settings.yaml")) as { settings: unknown }).settings).toHaveProperty("maxContactDataRetentionDays");
        expect(JSON.parse(read(dir, "policy-config.json"))).toHaveProperty("retention-contact-data-expiry");
        const lines = result.stdout.trimEnd().split("\n");
        expect(lines.slice(0, 2)).toEqual([`wrote ${path.join(dir, "ccguard-settings.yaml")}`, `wrote ${path.join(dir, "policy-config.json")}`]);
        expect(lines).toContain("existing Pulumi project: only ccguard-settings.yaml and policy-config.json were added");
        expect(lines).toContain("next: npm install --save-dev <contact-centre-guard .tgz or git URL> (your team's copy, not the npm registry)");
        expect(result.stdout).toContain("pulumi preview --policy-pack node_modules/contact-centre-guard --policy-pack-config policy-config.json");

        expectRefusal(await ccguard(["init", dir]), /ccguard-settings\.yaml already exists; nothing was written$/m);
    });

    it("does not ask to install the package when the project already depends on it", async () => {
        const { dir } = existingProject({ devDependencies: { "contact-centre-guard": "^0.1.0" } });
        const result = await ccguard(["init", dir]);
        expect(result.code).toBe(0);
        expect(result.stdout).not.toContain("npm install");
    });
});

describe("namePrefixFor", () => {
    it.each([
        ["acme-eu", "acme-eu"],
        ["Contact.Centre_EU", "contact-centre-eu"],
        ["_x", "cc-x"],
        ["d-alias", "cc-d-alias"],
        ["...", "cc-contact-centre"],
        ["a".repeat(100), "a".repeat(40)],
    ])("makes a bucket and Connect alias prefix of %j: %j", (name, prefix) => {
        expect(namePrefixFor(name)).toBe(prefix);
    });
});
