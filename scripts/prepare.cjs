// Compiles the TypeScript sources into dist/. Runs on `npm install` / `npm ci` (package.json "prepare"),
// so that in a clone `pulumi preview --policy-pack <clone>` finds package.json "main" without a separate
// build step; as `npm run build`; and as `--if-stale` before the demo and benchmarks, which then skip a
// build whose output is newer than every source it comes from (the 20 seconds a newcomer would
// otherwise wait right after `npm ci` compiled the same files).
// In an installed copy of the published package (sources absent, dist/ shipped) there is nothing
// to build: that is how `pulumi policy` installs a pack from Pulumi Cloud.
const { existsSync, readdirSync, statSync, writeFileSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const root = path.join(__dirname, "..");
const STAMP = path.join(root, "dist", ".build-stamp");
// What tsconfig.build.json compiles, and the files that configure the compilation.
const SOURCE_DIRS = ["policies", "components", "cli", "scripts", "bench", path.join("test", "support")];
const CONFIG_FILES = ["tsconfig.json", "tsconfig.build.json", "package-lock.json"];

if (!existsSync(path.join(root, "policies", "index.ts"))) {
    if (existsSync(path.join(root, "dist", "policies", "index.js"))) process.exit(0);
    console.error("contact-centre-guard: neither the TypeScript sources nor the compiled pack (dist/) are present.");
    process.exit(1);
}

function newestSource() {
    let newest = 0;
    const visit = (dir) => {
        let entries;
        try {
            entries = readdirSync(dir, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "node_modules" && !entry.name.startsWith(".")) visit(file);
            } else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
                newest = Math.max(newest, statSync(file).mtimeMs);
            }
        }
    };
    for (const dir of SOURCE_DIRS) visit(path.join(root, dir));
    for (const file of CONFIG_FILES) if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
    return newest;
}

// The entry points of the three parts: a dist/ that lacks one was not built whole.
const OUTPUTS = [path.join("policies", "index.js"), path.join("cli", "ccguard.js"), path.join("components", "index.js")];

function upToDate() {
    return existsSync(STAMP) && OUTPUTS.every((file) => existsSync(path.join(root, "dist", file))) && statSync(STAMP).mtimeMs >= newestSource();
}

if (process.argv.includes("--if-stale") && upToDate()) process.exit(0);
const started = Date.now();
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
// Stamped with the time the build started: a source saved during the build makes the next run build again.
writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
const startedSeconds = started / 1000;
require("node:fs").utimesSync(STAMP, startedSeconds, startedSeconds);
