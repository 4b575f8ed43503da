/**
 * Our catalogue's shape with no logic: the same policies, resource policies on the same types, every
 * validation returning at once, with the same per-request sharing of deserialised resources and the
 * same one view of each request that our pack installs. What this pack costs over the empty one is the SDK's own work per policy (building
 * each policy's view of every resource), which no policy logic can avoid; what ours costs over this
 * pack is what our controls add.
 */
import * as path from "node:path";
import { temporaryPack } from "./temporary-pack";

export function createNoOpPack(repoRoot: string): string {
    const compiled = (module: string) => JSON.stringify(path.join(repoRoot, "dist", "policies", `${module}.js`));
    const index = [
        'const { PolicyPack } = require("@pulumi/policy");',
        `const { catalogue } = require(${compiled("catalogue")});`,
        `require(${compiled("shared-deserialisation")}).shareDeserialisedProperties();`,
        `require(${compiled("one-view-per-request")}).buildEachRequestOnce();`,
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
