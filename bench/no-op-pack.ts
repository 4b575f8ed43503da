/**
 * Our catalogue's shape with no logic: the same policies, resource policies on the same types, every
 * validation returning at once. The SDK deserialises the resources once per policy before calling
 * it, so this pack measures what the number and kind of our policies cost by themselves, and what is
 * left is what our controls add.
 */
import * as path from "node:path";
import { temporaryPack } from "./temporary-pack";

export function createNoOpPack(repoRoot: string): string {
    const catalogue = JSON.stringify(path.join(repoRoot, "dist", "policies", "catalogue.js"));
    const index = [
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
    ].join("\n");
    return temporaryPack("no-op-pack", index, path.join(repoRoot, "node_modules"));
}
