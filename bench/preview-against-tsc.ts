/**
 * `ccguard preview` against the type check it cannot avoid: `tsc --noEmit` of the same program, then
 * `ccguard preview` with its type check, and `--no-type-check` (running the program and judging it),
 * in interleaved rounds so that the waves of load on a shared machine fall on all of them; the median
 * of the rounds and the ratio to tsc. Each round also runs the program alone under the SDK's mocks
 * (program-under-mocks.ts): the floor under any preview, engine or not.
 *
 * Each round edits the program first (a comment appended to its entry point), as a developer does
 * between previews: the preview that follows type-checks it again (its incremental build info spares
 * the files not edited). A second preview of the unchanged program then shows what a clean verdict
 * remembered gives (cli/engine/clean-verdict.ts). tsc has no cache: it checks everything each time.
 *
 * `node dist/bench/preview-against-tsc.js [--runs N] [--tenants N] [--baseline DIR]` runs both
 * programs: the EU example, copied so it can be edited, and the `scale` corpus program with N tenants
 * (4 resources each; 500 gives 2,001). `--baseline` names another checkout of this repository, built
 * (say, `git worktree add` of the last release): its previews join the same rounds, before and after
 * measured under the same load.
 */
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runCcguard } from "./ccguard-runs";
import { positiveInteger } from "./flags";
import { programUnderMocks } from "./program-under-mocks";
import { summarise } from "./stats";

export interface BenchProgram {
    label: string;
    dir: string;
    /** The entry point, edited before each round. */
    entry: string;
    ccguardArgs: string[];
    /** The stack the preview runs. */
    stack: string;
    dispose(): void;
}

/** A scratch directory whose node_modules is the repository's, as a user's project has its own installed. */
function scratchWithModules(repoRoot: string, prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** The EU example in a scratch copy; its import of the repository's components made absolute, nothing else changed. */
export function euExample(repoRoot: string): BenchProgram {
    const dir = scratchWithModules(repoRoot, "ccguard-bench-eu-");
    cpSync(path.join(repoRoot, "examples", "eu-contact-centre"), dir, { recursive: true });
    const entry = path.join(dir, "index.ts");
    const source = readFileSync(entry, "utf8");
    if (!source.includes('from "../../components"')) throw new Error("the EU example no longer imports ../../components");
    writeFileSync(entry, source.replace('from "../../components"', `from ${JSON.stringify(path.join(repoRoot, "components"))}`));
    return { label: "EU example", dir, entry, ccguardArgs: [], stack: "dev", dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The corpus's `scale` program with `tenants` tenants. It passes the bucket resource itself where
 * `@pulumi/aws` 7 types the bucket's name (the corpus runs it without a type check); here it passes
 * `.id`, so that it compiles, the same dependency either way.
 */
export function scaleProgram(repoRoot: string, tenants: number): BenchProgram {
    const dir = scratchWithModules(repoRoot, "ccguard-bench-scale-");
    cpSync(path.join(repoRoot, "test", "fixtures", "corpus", "scale"), dir, { recursive: true });
    const entry = path.join(dir, "index.ts");
    const source = readFileSync(entry, "utf8");
    if (!source.includes("bucket: recordings,")) throw new Error("the scale program no longer passes `bucket: recordings`");
    writeFileSync(entry, source.replace("bucket: recordings,", "bucket: recordings.id,"));
    writeFileSync(path.join(dir, "Pulumi.bench.yaml"), `config:\n  aws:region: eu-central-1\n  scale:tenants: "${tenants}"\n`);
    return {
        label: `scale program, ${tenants} tenants`,
        dir,
        entry,
        ccguardArgs: ["--stack", "bench", "--timeout", "3600"],
        stack: "bench",
        dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
}

function timed(command: string, args: string[], cwd: string): Promise<{ wallMs: number; code: number | null }> {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) return reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}: ${stderr.trim()}`));
            resolve({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, code });
        });
    });
}

export async function benchPreviewAgainstTsc(repoRoot: string, program: BenchProgram, rounds: number, baseline?: string): Promise<void> {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const preview = (root: string, extra: string[]) => runCcguard(root, ["preview", program.dir, ...program.ccguardArgs, "--quiet", "--format", "json", ...extra]);
    const samples = new Map<string, number[]>();
    const sample = (measure: string, ms: number) => samples.set(measure, [...(samples.get(measure) ?? []), ms]);
    let resources = 0;
    // A first preview fills the type check's caches, as any earlier preview of the project would have.
    await preview(repoRoot, []);
    if (baseline) await preview(baseline, []);
    for (let round = 0; round < rounds; round++) {
        sample("tsc --noEmit", (await timed(process.execPath, [tsc, "--noEmit", "-p", program.dir], program.dir)).wallMs);
        const mocked = await programUnderMocks(repoRoot, program.dir, program.stack);
        if (mocked.resources === 0) throw new Error(`${program.label} registered nothing under the SDK's mocks`);
        sample("program alone, under the SDK's mocks", mocked.wallMs);
        for (const [label, root] of [["", repoRoot], ...(baseline ? [["baseline ", baseline]] : [])] as const) {
            appendFileSync(program.entry, `// bench round ${round} ${Date.now()}\n`);
            const edited = await preview(root, []);
            resources = (JSON.parse(edited.stdout) as { summary: { resources: number } }).summary.resources;
            sample(`${label}preview, after an edit`, edited.wallMs);
            sample(`${label}preview, unchanged`, (await preview(root, [])).wallMs);
            sample(`${label}preview --no-type-check`, (await preview(root, ["--no-type-check"])).wallMs);
        }
    }
    const tscMedian = summarise(samples.get("tsc --noEmit")!).median;
    console.log(`\n${program.label} (${resources} resources): median of ${rounds} interleaved round${rounds > 1 ? "s" : ""} [min..max], ratio to tsc`);
    for (const measure of samples.keys()) {
        const summary = summarise(samples.get(measure)!);
        const seconds = (ms: number) => (ms / 1000).toFixed(1);
        console.log(`  ${measure.padEnd(36)} ${seconds(summary.median).padStart(6)} s [${seconds(summary.min)}..${seconds(summary.max)}]   ${(summary.median / tscMedian).toFixed(2)}x`);
    }
}

async function main() {
    const repoRoot = path.resolve(__dirname, "..", "..");
    const rounds = positiveInteger("--runs", 3);
    const tenants = positiveInteger("--tenants", 500);
    const baselineFlag = process.argv.indexOf("--baseline");
    const baseline = baselineFlag > 0 ? path.resolve(process.argv[baselineFlag + 1]) : undefined;
    console.log(`node ${process.version}, ${new Date().toISOString()}: ccguard preview against tsc --noEmit of the same program`);
    for (const make of [() => euExample(repoRoot), () => scaleProgram(repoRoot, tenants)]) {
        const program = make();
        try {
            await benchPreviewAgainstTsc(repoRoot, program, rounds, baseline);
        } finally {
            program.dispose();
        }
    }
}

if (require.main === module) {
    main().catch((error) => {
        console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    });
}
