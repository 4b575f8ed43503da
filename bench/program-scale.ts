/**
 * `npm run bench:programs`: `ccguard preview` of one program at growing sizes (the corpus's `scale`
 * program: per tenant a bucket, its encryption, a queue and a log group), printing wall time and the
 * peak memory of the program, the pack and ccguard, and the program's memory per resource, so a
 * runner that grows faster than the stack shows. Options: --tenants 500,5000 (5,000 tenants is
 * 20,001 resources).
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { FindingsReport } from "../cli/findings";
import { runCcguard } from "./ccguard-runs";
import { mib } from "./peak-memory-probe";
import { formatMs } from "./stats";

function tenantCounts(): number[] {
    const flag = process.argv.indexOf("--tenants");
    const counts = (flag > 0 ? process.argv[flag + 1] : "500,5000").split(",").map(Number);
    if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
        console.error("bench: --tenants needs positive whole numbers, e.g. 500,5000");
        process.exit(2);
    }
    return counts;
}

/** The corpus program in a scratch project whose stack file sets the tenant count; dependencies from the repository. */
function scratchProject(repoRoot: string, tenants: number): string {
    const dir = mkdtempSync(path.join(tmpdir(), "ccguard-program-scale-"));
    cpSync(path.join(repoRoot, "test", "fixtures", "corpus", "scale"), dir, { recursive: true });
    writeFileSync(path.join(dir, "Pulumi.bench.yaml"), `config:\n  aws:region: eu-central-1\n  scale:tenants: "${tenants}"\n`);
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

async function main() {
    const repoRoot = path.resolve(__dirname, "..", "..");
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
    console.log("ccguard preview --no-type-check of one program, by size:");
    for (const tenants of tenantCounts()) {
        const dir = scratchProject(repoRoot, tenants);
        try {
            const run = await runCcguard(repoRoot, ["preview", dir, "--stack", "bench", "--no-type-check", "--quiet", "--format", "json", "--timeout", "7200"]);
            const report = JSON.parse(run.stdout) as FindingsReport;
            const registered = report.summary.resources;
            const program = run.peakKiB.get("Pulumi program") ?? 0;
            console.log(
                `  ${String(registered).padStart(6)} resources: ${formatMs(run.wallMs).padStart(8)} wall, ` +
                    `program ${mib(program)} (${((program * 1024) / registered / 1000).toFixed(0)} kB per resource), ` +
                    `pack ${mib(run.peakKiB.get("policy pack") ?? 0)}, ccguard ${mib(run.peakKiB.get("ccguard") ?? 0)}`,
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }
}

main().catch((error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
