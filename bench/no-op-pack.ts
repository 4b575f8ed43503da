/**
 * Our catalogue's shape with no logic: the same policies, resource policies on the same types, every
 * validation returning at once. The SDK deserialises the resources once per policy before calling
 * it, so this pack measures what the number and kind of our policies cost by themselves, and what is
 * left is what our controls add.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export function createNoOpPack(repoRoot: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-no-op-pack-"));
    writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "no-op-pack", version: "0.0.0", main: "index.js" }));
    const catalogue = JSON.stringify(path.join(repoRoot, "dist", "policies", "catalogue.js"));
    writeFileSync(
        path.join(dir, "index.js"),
        [
            'const { PolicyPack } = require("@pulumi/policy");',
            `const { catalogue } = require(${catalogue});`,
            "const policies = catalogue.map((control) => {",
            '    const base = { name: control.name, description: control.description, enforcementLevel: "mandatory" };',
            '    if (control.kind === "stack") return { ...base, validateStack: () => {} };',
            "    const validateResource = () => {};",
            "    // As our adapter does: a single-type policy lets the SDK skip other resources unread.",
            "    if (control.appliesTo.length === 1) validateResource.__pulumiType = control.appliesTo[0];",
            "    return { ...base, validateResource };",
            "});",
            'new PolicyPack("no-op-pack", { policies });',
            "",
        ].join("\n"),
    );
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}
