/**
 * The peer pack (@pulumi/awsguard) is installed when a benchmark first needs it, not with the
 * project: it brings @pulumi/aws 4 and the v2 AWS SDK (about 140 MB) that nothing else uses. It goes
 * to bench/.peer (ignored by git), beside the same @pulumi/policy and @pulumi/pulumi versions our pack
 * runs on, so both packs pay the same SDK.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export const AWSGUARD_VERSION = "0.3.1";

function installedVersion(repoRoot: string, name: string): string {
    return (JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

/** The node_modules directory that holds awsguard, installing it there on first use. */
export function awsGuardNodeModules(repoRoot: string): string {
    const dir = path.join(repoRoot, "bench", ".peer");
    const manifest = {
        private: true,
        dependencies: {
            "@pulumi/awsguard": AWSGUARD_VERSION,
            "@pulumi/policy": installedVersion(repoRoot, "@pulumi/policy"),
            "@pulumi/pulumi": installedVersion(repoRoot, "@pulumi/pulumi"),
        },
    };
    const manifestFile = path.join(dir, "package.json");
    const wanted = `${JSON.stringify(manifest, null, 2)}\n`;
    const current = existsSync(manifestFile) ? readFileSync(manifestFile, "utf8") : "";
    if (current !== wanted || !existsSync(path.join(dir, "node_modules", "@pulumi", "awsguard", "package.json"))) {
        console.log(`installing @pulumi/awsguard ${AWSGUARD_VERSION} into ${dir} for the peer comparison (first run only)`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(manifestFile, wanted);
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
    }
    return path.join(dir, "node_modules");
}
