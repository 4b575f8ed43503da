/**
 * contact-centre-guard used from a user's own Pulumi project, outside this repository: the packed
 * package installed as a dev dependency, the components imported as `contact-centre-guard/components`
 * (types included, with the module resolution of Pulumi's TypeScript template), `npx --no-install
 * ccguard` running our binary, and `node_modules/contact-centre-guard` serving as the pack directory.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FindingsReport } from "../cli/findings";
import { REPO_ROOT } from "./support/paths";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
let workDir: string;
let project: string;

/** The version of a package this repository's lockfile installed, so the user's install hits the npm cache. */
function lockedVersion(name: string): string {
    const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    return lock.packages[`node_modules/${name}`].version;
}

/** A user's project: the EU example's program, importing the components as a user would. */
function writeUserProject(dir: string, tarball: string) {
    mkdirSync(dir, { recursive: true });
    const program = readFileSync(path.join(REPO_ROOT, "examples", "eu-contact-centre", "index.ts"), "utf8").replace(
        'from "../../components";',
        'from "contact-centre-guard/components";',
    );
    expect(program).toContain('from "contact-centre-guard/components";');
    writeFileSync(path.join(dir, "index.ts"), program);
    // The program reads the team's settings (limitsFromSettings) from the file next to Pulumi.yaml.
    copyFileSync(path.join(REPO_ROOT, "examples", "eu-contact-centre", "ccguard-settings.yaml"), path.join(dir, "ccguard-settings.yaml"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: acme-contact-centre\nruntime: nodejs\ndescription: An EU contact centre\n");
    const stackConfig = readFileSync(path.join(REPO_ROOT, "examples", "eu-contact-centre", "Pulumi.dev.yaml"), "utf8");
    writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackConfig.replaceAll("eu-contact-centre:", "acme-contact-centre:"));
    // As Pulumi's `typescript` template writes it: CommonJS with the classic "node" resolution, which
    // ignores package exports, so the components' types must be found through typesVersions.
    writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, skipLibCheck: true },
            files: ["index.ts"],
        }),
    );
    writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({
            name: "acme-contact-centre",
            private: true,
            main: "index.ts",
            dependencies: { "@pulumi/pulumi": lockedVersion("@pulumi/pulumi"), "@pulumi/aws": lockedVersion("@pulumi/aws") },
            devDependencies: { "contact-centre-guard": `file:${tarball}`, typescript: lockedVersion("typescript"), "@types/node": lockedVersion("@types/node") },
        }),
    );
}

beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "ccguard-user-"));
    const output = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", workDir], { cwd: REPO_ROOT, encoding: "utf8" });
    const [{ filename }] = JSON.parse(output) as { filename: string }[];
    project = path.join(workDir, "acme-contact-centre");
    writeUserProject(project, path.join(workDir, filename));
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project, stdio: "pipe" });
}, 600_000);

afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function run(command: string, args: string[]) {
    const result = spawnSync(command, args, { cwd: project, encoding: "utf8", timeout: 300_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("contact-centre-guard in a user's Pulumi project", () => {
    it("installs only what the product needs: no test, build or benchmark tooling of ours", () => {
        const modules = path.join(project, "node_modules");
        expect(existsSync(path.join(modules, "contact-centre-guard", "dist", "components", "index.d.ts"))).toBe(true);
        for (const tooling of ["vitest", "fast-check", "playwright-core", "marked", "@pulumi/awsguard", "csv-parse", "fast-xml-parser"]) {
            expect(existsSync(path.join(modules, tooling)), tooling).toBe(false);
        }
        expect(existsSync(path.join(modules, "contact-centre-guard", "test"))).toBe(false);
        expect(existsSync(path.join(modules, "contact-centre-guard", "bench"))).toBe(false);
    });

    // The preview type-checks the program with the project's tsconfig (ts-node, as under the Pulumi CLI),
    // so the components' types are found through the package, not through a path into a clone.
    it("runs our ccguard through npx --no-install, type check included, and passes the compliant stack with its settings", () => {
        const preview = run(npx, ["--no-install", "ccguard", "preview", ".", "--settings", "ccguard-settings.yaml", "--format", "json", "--quiet"]);
        expect(preview.code, preview.stderr).toBe(0);
        const report = JSON.parse(preview.stdout) as FindingsReport;
        expect(report.pack.name).toBe("contact-centre-guard");
        expect(report.evaluated?.project).toBe("acme-contact-centre");
        expect(report.evaluated?.policyConfig?.path).toBe("ccguard-settings.yaml");
        expect(report.summary.mandatory).toBe(0);
        expect(report.summary.resources).toBeGreaterThan(40);
    });

    it("serves node_modules/contact-centre-guard as the pack directory, as pulumi preview --policy-pack would use it", () => {
        const leaky = path.join(workDir, "leaky-program");
        mkdirSync(leaky);
        for (const file of ["index.ts", "Pulumi.yaml", "Pulumi.dev.yaml", "package.json"]) {
            writeFileSync(path.join(leaky, file), readFileSync(path.join(REPO_ROOT, "examples", "leaky-contact-centre", file), "utf8"));
        }
        // A second project of the same team, sharing the first one's installed modules.
        symlinkSync(path.join(project, "node_modules"), path.join(leaky, "node_modules"), "dir");
        const packDir = path.join(project, "node_modules", "contact-centre-guard");
        const preview = run(npx, ["--no-install", "ccguard", "preview", leaky, "--no-type-check", "--policy-pack", packDir, "--format", "json", "--quiet"]);
        expect(preview.code, preview.stderr).toBe(1);
        expect((JSON.parse(preview.stdout) as FindingsReport).summary.mandatory).toBeGreaterThan(0);
    });
});
