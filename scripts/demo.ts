/**
 * `npm run demo`: `ccguard preview` on both bundled examples, offline, as a first `pulumi preview`
 * would see them, each with its team's settings file when it has one. Exits 0 when the pack behaves
 * as it should there: the compliant stack passes (exit 0) and the leaky one is blocked (exit 1).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../cli/package-root";

const ccguard = path.join(PACKAGE_ROOT, "dist", "cli", "ccguard.js");
const expectations = [
    { example: "eu-contact-centre", exitCode: 0, meaning: "passes" },
    { example: "leaky-contact-centre", exitCode: 1, meaning: "is blocked" },
];

let asExpected = true;
for (const { example, exitCode, meaning } of expectations) {
    const dir = path.join("examples", example);
    const settings = path.join(dir, "ccguard-settings.yaml");
    const args = ["preview", dir, ...(existsSync(path.join(PACKAGE_ROOT, settings)) ? ["--settings", settings] : [])];
    console.log(`$ ccguard ${args.join(" ")}`);
    const run = spawnSync(process.execPath, [ccguard, ...args, "--quiet"], { cwd: PACKAGE_ROOT, stdio: "inherit" });
    const ok = run.status === exitCode;
    asExpected &&= ok;
    console.log(`${ok ? "as expected" : "NOT as expected"}: ${example} ${meaning} (exit ${run.status})\n`);
}
process.exit(asExpected ? 0 : 1);
