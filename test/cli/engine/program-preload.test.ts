/** The preload ccguard gives the program: errors inspected without colours, nothing else changed. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/paths";

const preload = path.join(REPO_ROOT, "dist", "cli", "engine", "program-preload.js");

function inspectUnderPreload(script: string): string {
    const run = spawnSync(process.execPath, ["--require", preload, "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    return run.stdout;
}

describe("program preload", () => {
    it("inspects errors without colours even when asked for them, as the SDK asks", () => {
        const out = inspectUnderPreload(`const util = require("util"); process.stdout.write(util.inspect(new Error("agentCount missing"), { colors: true }));`);
        expect(out).toMatch(/^Error: agentCount missing\n\s+at /);
        expect(out).not.toContain("\u001b[");
    });

    it("keeps colours for other values and the inspect statics", () => {
        const out = inspectUnderPreload(
            `const util = require("util"); process.stdout.write(JSON.stringify([util.inspect(42, { colors: true }), typeof util.inspect.custom, util.inspect.defaultOptions.depth]));`,
        );
        expect(JSON.parse(out)).toEqual(["\u001b[33m42\u001b[39m", "symbol", 2]);
    });
});
