/**
 * `npm run bench`: prints figures, compares with baselines measured in the same run, asserts nothing.
 * Options: --runs N (default 7), --sizes 1000,10000,50000 (stack sizes for the scale benchmark),
 * --scale-runs N (rounds of the scale benchmark on stacks up to 10,000 resources, default 3),
 * --large-runs N (rounds on larger stacks, default 1),
 * --audit-size N (resources in the end-to-end audit, default 10000), --skip-e2e (no end-to-end ccguard runs),
 * --forms resolved,first-preview (the stack forms the scale benchmark measures, default both).
 */
import * as path from "node:path";
import { benchAuditRun, benchPreviewRun } from "./ccguard-runs";
import { benchPackScale } from "./pack-scale";
import { benchPackStartup } from "./pack-startup";
import { positiveInteger } from "./flags";
import { recordContactCentre, STACK_FORMS, type StackForm } from "./realistic-stack";

/** A whole preview type-checks and runs the program: a few runs give a stable median. */
const MAX_PREVIEW_RUNS = 3;

function stackForms(): StackForm[] {
    const index = process.argv.indexOf("--forms");
    if (index < 0) return [...STACK_FORMS];
    const named = (process.argv[index + 1] ?? "").split(",").filter((form) => form !== "");
    const unknown = named.filter((form) => !(STACK_FORMS as readonly string[]).includes(form));
    if (named.length === 0 || unknown.length > 0) {
        console.error(`bench: --forms takes ${STACK_FORMS.join(", ")} (comma-separated)${unknown.length > 0 ? `, not ${unknown.join(", ")}` : ""}`);
        process.exit(2);
    }
    return [...new Set(named)] as StackForm[];
}

async function main() {
    const runs = positiveInteger("--runs", 7);
    const scaleRounds = { rounds: positiveInteger("--scale-runs", 3), largeRounds: positiveInteger("--large-runs", 1) };
    const auditSize = positiveInteger("--audit-size", 10_000);
    const endToEnd = !process.argv.includes("--skip-e2e");
    const forms = stackForms();
    const repoRoot = path.resolve(__dirname, "..", "..");
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
    await benchPackStartup(repoRoot, runs);
    const sizesFlag = process.argv.indexOf("--sizes");
    const sizes = (sizesFlag > 0 ? process.argv[sizesFlag + 1] : "1000,10000,50000").split(",").map(Number).filter((n) => n > 0);
    // Recorded once per bench run and form: it runs the example through the offline engine in a child process.
    const templates = [];
    for (const form of forms) templates.push(await recordContactCentre(repoRoot, form));
    await benchPackScale(repoRoot, templates, sizes, scaleRounds);
    if (endToEnd) {
        await benchPreviewRun(repoRoot, Math.min(runs, MAX_PREVIEW_RUNS));
        // An audit reads deployed state, where every id and ARN is known.
        await benchAuditRun(repoRoot, templates.find((template) => template.form === "resolved") ?? (await recordContactCentre(repoRoot, "resolved")), auditSize);
    }
}

main().catch((error) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
