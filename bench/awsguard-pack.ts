/**
 * Pulumi's own AWS policy pack (@pulumi/awsguard), laid out and launched like ours: the peer a
 * security team would otherwise reach for, so our figures read against a real pack's cost and not
 * only the empty floor.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/**
 * Every awsguard policy on, as its own `pulumi policy new awsguard-typescript` template sets it
 * (advisory costs the pack the same work as mandatory). The pack reports it as its initial config,
 * which the policy config reconciliation layers under the file, as the engine does.
 */
const awsGuardPolicyConfig = { all: "advisory" } as const;

export function createAwsGuardPack(nodeModules: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-awsguard-pack-"));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "awsguard-pack", version: "0.0.0", main: "index.js" }));
    writeFileSync(
        path.join(dir, "index.js"),
        `const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard(${JSON.stringify(awsGuardPolicyConfig)});\n`,
    );
    symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
    return dir;
}
