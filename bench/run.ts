/**
 * `npm run bench`: prints figures, compares with baselines measured in the same run, asserts nothing.
 * Options: --runs N (default 7), --sizes 1000,10000,50000 (stack sizes for the scale benchmark),
 * --scale-runs N (rounds of the scale benchmark on stacks up to 10,000 resources, default 3),
 * --audit-size N (resources in the end-to-end audit, default 10000), --skip-e2e (no end-to-end ccguard runs).
 */
import * as path from "node:path";
import { benchAuditRun, benchPreviewRun } from "./ccguard-runs";
import { benchPackScale } from "./pack-scale";
import { benchPackStartup } from "./pack-startup";
import { recordContactCentre } from "./realistic-stack";

/** A whole preview type-checks and runs the program: a few runs give a stable median. */
const MAX_PREVIEW_RUNS = 3;

function positiveInteger(flag: string, fallback: number): number {
    const index = process.argv.indexOf(flag);
    const value = index > 0 ? Number(process.argv[index + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) {
        console.error(`bench: ${flag} needs a positive whole number`);
        process.exit(2);
    }
    return value;
}

async function main() {
    const runs = positiveInteger("--runs", 7);
    const scaleRounds = positiveInteger("--scale-runs", 3);
    const auditSize = positiveInteger("--audit-size", 10_000);
    const endToEnd = !process.argv.includes("--skip-e2e");
    const repoRoot = path.resolve(__dirname, "..", "..");
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
    await benchPackStartup(repoRoot, runs);
    const sizesFlag = process.argv.indexOf("--sizes");
    const sizes = (sizesFlag > 0 ? process.argv[sizesFlag + 1] : "1000,10000,50000").split(",").map(Number).filter((n) => n > 0);
    // Recorded once per bench run: it runs the example through the offline engine in a child process.
    const contactCentre = await recordContactCentre(repoRoot);
    await benchPackScale(repoRoot, contactCentre, sizes, scaleRounds);
    if (endToEnd) {
        await benchPreviewRun(repoRoot, Math.min(runs, MAX_PREVIEW_RUNS));
        await benchAuditRun(repoRoot, contactCentre, auditSize);
    }
}

main().catch((error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
