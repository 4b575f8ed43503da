/**
 * Analyze on every resource plus AnalyzeStack once, over the analyzer protocol, on realistic stacks
 * (many contact centres built by our components side by side, plus application resources): our pack
 * against an empty pack on the same resources (the protocol's floor) and against Pulumi's own AWS
 * pack with all its policies (awsguard, the peer), and against our own policies doing nothing (what
 * the SDK's per-policy work costs by itself); each pack's peak memory and its own CPU time (steadier
 * than wall time on a shared machine), and how our time grows with the stack beside the empty pack's.
 * Each stack form (resolved, first preview) gets its own table.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { evaluate } from "../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../cli/analyzer/grpc-analyzer";
import type { Analyzer, StackSnapshot } from "../cli/analyzer/types";
import { createAwsGuardPack } from "./awsguard-pack";
import { awsGuardNodeModules } from "./peer-install";
import { createEmptyPack } from "./empty-pack";
import { createNoOpPack } from "./no-op-pack";
import { mib, PeakMemoryProbe } from "./peak-memory-probe";
import { cpuMsOf } from "./process-cpu";
import { realisticStack, type ContactCentreTemplate, type StackForm } from "./realistic-stack";
import { formatMs, summarise, type Summary } from "./stats";

interface Timing {
    /** Analyze on every resource, as the engine calls it while registering them. */
    analyzeMs: number;
    stackMs: number;
    totalMs: number;
    findings: number;
    peakKiB: number;
    /** The pack's own CPU time during the evaluation; undefined where it cannot be read. */
    cpuMs: number | undefined;
}

/** The analyzer with the moment AnalyzeStack starts noted, to split the two phases of one evaluation. */
function splitting(analyzer: Analyzer, stackStarted: (at: bigint) => void): Analyzer {
    return {
        info: () => analyzer.info(),
        configure: (config) => analyzer.configure(config),
        remediate: (resource, provider) => analyzer.remediate(resource, provider),
        analyze: (resource, provider) => analyzer.analyze(resource, provider),
        analyzeStack: (resources, providers) => {
            stackStarted(process.hrtime.bigint());
            return analyzer.analyzeStack(resources, providers);
        },
        close: () => analyzer.close(),
    };
}

async function timeEvaluation(packDir: string, snapshot: StackSnapshot, policyConfig: unknown, probe: PeakMemoryProbe): Promise<Timing> {
    const analyzer = await GrpcAnalyzer.launch(packDir, { env: probe.env() });
    let findings: number;
    let stackAt = 0n;
    const cpuBefore = cpuMsOf(analyzer.launched.pid);
    let cpuAfter: number | undefined;
    const started = process.hrtime.bigint();
    try {
        ({ diagnostics: { length: findings } } = await evaluate(splitting(analyzer, (at) => (stackAt = at)), snapshot, { policyConfig, concurrency: 16 }));
        cpuAfter = cpuMsOf(analyzer.launched.pid);
    } finally {
        await analyzer.close();
    }
    const ended = process.hrtime.bigint();
    const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;
    const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return { analyzeMs: ms(started, stackAt), stackMs: ms(stackAt, ended), totalMs: ms(started, ended), findings, peakKiB: probe.read().get("policy pack") ?? 0, cpuMs };
}

const row = (label: string, timing: Timing, floor: Timing, resources: number, ratios?: Summary) =>
    `  ${label.padEnd(22)}${formatMs(timing.analyzeMs).padStart(10)}${formatMs(timing.stackMs).padStart(14)}${formatMs(timing.totalMs).padStart(11)}` +
    `${`x${(timing.totalMs / floor.totalMs).toFixed(2)}`.padStart(10)}${rangeOf(ratios).padStart(14)}${String(timing.findings).padStart(10)}${mib(timing.peakKiB).padStart(12)}` +
    `${mib((timing.peakKiB * 1000) / resources).padStart(12)}${formatCpu(timing).padStart(11)}${cpuRatio(timing, floor).padStart(9)}`;

const formatCpu = (timing: Timing) => (timing.cpuMs === undefined ? "" : formatMs(timing.cpuMs));
const cpuRatio = (timing: Timing, floor: Timing) =>
    timing.cpuMs === undefined || floor.cpuMs === undefined || floor.cpuMs === 0 ? "" : `x${(timing.cpuMs / floor.cpuMs).toFixed(2)}`;

const rangeOf = (ratios: Summary | undefined) => (ratios !== undefined && ratios.runs > 1 ? `[${ratios.min.toFixed(2)}..${ratios.max.toFixed(2)}]` : "");

/** The run whose total is the median of a pack's runs, so the phases shown belong to one run. */
function medianRun(timings: Timing[]): Timing {
    const sorted = [...timings].sort((a, b) => a.totalMs - b.totalMs);
    return sorted[Math.floor((sorted.length - 1) / 2)];
}

interface PackUnderTest {
    label: string;
    directory: string;
}

/**
 * Every pack runs once per round, and the rounds repeat: on a shared machine the noise moves in
 * waves of seconds, and interleaving spreads it over all packs instead of one. Each round's
 * ratio compares runs made moments apart.
 */
async function measureRounds(packs: PackUnderTest[], snapshot: StackSnapshot, rounds: number, probe: PeakMemoryProbe): Promise<Timing[][]> {
    const timings: Timing[][] = packs.map(() => []);
    for (let round = 0; round < rounds; round++) {
        for (const [index, pack] of packs.entries()) timings[index].push(await timeEvaluation(pack.directory, snapshot, {}, probe));
    }
    return timings;
}

/** Stacks larger than this run once: a round of four packs on 50,000 resources takes minutes. */
const REPEATED_UP_TO = 10_000;

/** A form's figures at one size: what its growth lines compare. */
interface SizeResult {
    resources: number;
    floorMs: number;
    oursMs: number;
}

/** Rounds per stack size: `rounds` up to {@link REPEATED_UP_TO} resources, `largeRounds` above. */
export interface ScaleRounds {
    rounds: number;
    largeRounds: number;
}

export async function benchPackScale(repoRoot: string, templates: readonly ContactCentreTemplate[], sizes: number[], rounds: ScaleRounds): Promise<void> {
    const emptyPack = createEmptyPack(path.join(repoRoot, "node_modules"));
    const awsGuardPack = createAwsGuardPack(awsGuardNodeModules(repoRoot));
    const noOpPack = createNoOpPack(repoRoot);
    const probe = new PeakMemoryProbe(repoRoot);
    const packs: PackUnderTest[] = [
        { label: "empty pack (floor)", directory: emptyPack },
        { label: "awsguard (peer)", directory: awsGuardPack },
        { label: "our policies, no logic", directory: noOpPack },
        { label: "contact-centre-guard", directory: repoRoot },
    ];
    try {
        for (const template of templates) await benchForm(packs, template, sizes, rounds, probe);
    } finally {
        probe.dispose();
        rmSync(emptyPack, { recursive: true, force: true });
        rmSync(awsGuardPack, { recursive: true, force: true });
        rmSync(noOpPack, { recursive: true, force: true });
    }
}

const FORM_TITLES: Record<StackForm, string> = {
    resolved: "resolved stacks (ids and ARNs known, as during pulumi up or an audit)",
    "first-preview": "first-preview stacks (ids and ARNs unknown, relations through property dependencies only, as ccguard preview shows them)",
};

async function benchForm(packs: PackUnderTest[], template: ContactCentreTemplate, sizes: number[], { rounds, largeRounds }: ScaleRounds, probe: PeakMemoryProbe): Promise<void> {
    console.log(`\nAnalyze on every resource + AnalyzeStack once, over gRPC, on ${FORM_TITLES[template.form]}`);
    console.log(
        `  median of ${rounds} interleaved rounds up to ${REPEATED_UP_TO} resources, ${largeRounds} above; [min..max] of the per-round ratios`,
    );
    const results: SizeResult[] = [];
    for (const size of sizes) {
        const stack = realisticStack(template, size);
        const count = stack.snapshot.resources.length;
        const timings = await measureRounds(packs, stack.snapshot, count <= REPEATED_UP_TO ? rounds : largeRounds, probe);
        console.log(`\n  ${count} resources: ${stack.contactCentres} contact centres + ${stack.applicationResources} application resources`);
        console.log(
            `  ${"pack".padEnd(22)}${"Analyze".padStart(10)}${"AnalyzeStack".padStart(14)}${"total".padStart(11)}${"vs floor".padStart(10)}${"per round".padStart(14)}` +
                `${"findings".padStart(10)}${"peak mem".padStart(12)}${"per 1,000".padStart(12)}${"pack CPU".padStart(11)}${"vs floor".padStart(9)}`,
        );
        const floorRuns = timings[0];
        const floor = medianRun(floorRuns);
        for (const [index, pack] of packs.entries()) {
            const ratios = index === 0 ? undefined : summarise(timings[index].map((timing, round) => timing.totalMs / floorRuns[round].totalMs));
            console.log(row(pack.label, medianRun(timings[index]), floor, count, ratios));
        }
        const ours = medianRun(timings[3]);
        const peer = medianRun(timings[1]);
        const [oursRatio, peerRatio] = [ours.totalMs / floor.totalMs, peer.totalMs / floor.totalMs];
        console.log(
            `  wall time ours x${oursRatio.toFixed(2)} the floor, awsguard x${peerRatio.toFixed(2)}${cpuComparison(timings[3], timings[1], floorRuns)} ` +
                `(target: ours below awsguard's ratio on 10,000 and 50,000 resources)`,
        );
        results.push({ resources: count, floorMs: floor.totalMs, oursMs: ours.totalMs });
    }
    if (results.length > 1) console.log(`\n${growthLines(results).join("\n")}`);
}

/**
 * Pack CPU against the floor's, round by round: the median and range of each pack's per-round
 * ratios, and in how many rounds ours was below awsguard's. Empty where CPU cannot be read.
 */
function cpuComparison(ours: Timing[], peer: Timing[], floor: Timing[]): string {
    const ratios = (timings: Timing[]) => timings.map((timing, round) => (timing.cpuMs ?? NaN) / (floor[round].cpuMs ?? NaN));
    const [oursRatios, peerRatios] = [ratios(ours), ratios(peer)];
    if ([...oursRatios, ...peerRatios].some((ratio) => !Number.isFinite(ratio))) return "";
    const described = (values: number[]) => {
        const summary = summarise(values);
        return `x${summary.median.toFixed(2)}${summary.runs > 1 ? ` [${summary.min.toFixed(2)}..${summary.max.toFixed(2)}]` : ""}`;
    };
    const below = oursRatios.filter((ratio, round) => ratio < peerRatios[round]).length;
    return `; pack CPU ours ${described(oursRatios)}, awsguard ${described(peerRatios)}, ours below in ${below} of ${oursRatios.length} rounds`;
}

/**
 * How our time grows with the stack beside how the empty pack's grows on the same stacks: the floor
 * grows with what the protocol carries, so ours growing faster than it is work of ours that grows
 * faster than the stack.
 */
function growthLines(results: readonly SizeResult[]): string[] {
    const lines = ["  growth with the stack, ours against the empty pack's (target: within x6 from 10,000 to 50,000)"];
    for (let index = 1; index < results.length; index++) {
        const [before, after] = [results[index - 1], results[index]];
        const ours = after.oursMs / before.oursMs;
        const floor = after.floorMs / before.floorMs;
        lines.push(
            `  ${before.resources} -> ${after.resources} resources (x${(after.resources / before.resources).toFixed(1)}): ` +
                `our time x${ours.toFixed(2)}, empty pack x${floor.toFixed(2)}, ours / empty pack's growth x${(ours / floor).toFixed(2)}`,
        );
    }
    return lines;
}
