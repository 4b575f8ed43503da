// Runs on `npm install` / `npm ci`. In a clone (TypeScript sources present) it compiles the pack, so
// `pulumi preview --policy-pack <clone>` finds package.json "main" without a separate build step.
// In an installed copy of the published package (sources absent, dist/ shipped) there is nothing
// to build: that is how `pulumi policy` installs a pack from Pulumi Cloud.
const { existsSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const root = path.join(__dirname, "..");
if (!existsSync(path.join(root, "policies", "index.ts"))) {
    if (existsSync(path.join(root, "dist", "policies", "index.js"))) process.exit(0);
    console.error("contact-centre-guard: neither the TypeScript sources nor the compiled pack (dist/) are present.");
    process.exit(1);
}
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], {
    stdio: "inherit",
});
