// Runs on `npm install` / `npm ci` in a clone, so `pulumi preview --policy-pack <clone>` finds the
// compiled pack (package.json "main") without a separate build step. Where TypeScript is absent
// (an installation with production dependencies only, e.g. a pack installed by `pulumi policy`),
// the published package already contains dist/ and there is nothing to do.
const { existsSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

let tsc;
try {
    tsc = require.resolve("typescript/bin/tsc");
} catch {
    if (existsSync(path.join(__dirname, "..", "dist", "policies", "index.js"))) process.exit(0);
    console.error("contact-centre-guard: dist/ is missing and TypeScript is not installed; run `npm ci` with dev dependencies.");
    process.exit(1);
}
execFileSync(process.execPath, [tsc, "-p", path.join(__dirname, "..", "tsconfig.build.json")], { stdio: "inherit" });
