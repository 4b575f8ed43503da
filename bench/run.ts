/**
 * `npm run bench`: prints figures, compares with baselines measured in the same run, asserts nothing.
 * Options: --runs N (default 7), --sizes 1000,10000 (stack sizes for the scale benchmark).
 */
import * as path from "node:path";
import { benchPackScale } from "./pack-scale";
import { benchPackStartup } from "./pack-startup";

async function main() {
    const runsFlag = process.argv.indexOf("--runs");
    const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7;
    if (!Number.isInteger(runs) || runs < 1) {
        console.error("bench: --runs needs a positive whole number");
        process.exit(2);
    }
    const repoRoot = path.resolve(__dirname, "..", "..");
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
    await benchPackStartup(repoRoot, runs);
    const sizesFlag = process.argv.indexOf("--sizes");
    const sizes = (sizesFlag > 0 ? process.argv[sizesFlag + 1] : "1000,10000").split(",").map(Number).filter((n) => n > 0);
    await benchPackScale(repoRoot, sizes);
}

main().catch((error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
