/**
 * From launch to serving: how long the Pulumi CLI waits for our pack before the first Analyze call,
 * measured exactly as the CLI starts it (run-policy-pack in the pack's directory, until the port is
 * printed), against an empty pack and Pulumi's own AWS pack (awsguard) launched the same way in the
 * same run.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { launchPack } from "../cli/analyzer/launch";
import { createAwsGuardPack } from "./awsguard-pack";
import { awsGuardNodeModules } from "./peer-install";
import { createEmptyPack } from "./empty-pack";
import { formatMs, summarise, type Summary } from "./stats";

async function startupTimes(packDir: string, runs: number): Promise<Summary> {
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
        const pack = await launchPack(packDir);
        samples.push(pack.startupMs);
        await pack.stop();
    }
    return summarise(samples);
}

export async function benchPackStartup(repoRoot: string, runs: number): Promise<void> {
    const emptyPack = createEmptyPack(path.join(repoRoot, "node_modules"));
    const awsGuardPack = createAwsGuardPack(awsGuardNodeModules(repoRoot));
    try {
        // One warm-up launch each so the file system cache is equally warm for all three.
        await startupTimes(emptyPack, 1);
        await startupTimes(awsGuardPack, 1);
        await startupTimes(repoRoot, 1);
        const floor = await startupTimes(emptyPack, runs);
        const peer = await startupTimes(awsGuardPack, runs);
        const ours = await startupTimes(repoRoot, runs);
        console.log(`pack start-up, launch to port printed (${runs} runs each, median [min..max])`);
        console.log(`  empty pack (floor)     ${formatMs(floor.median)} [${formatMs(floor.min)}..${formatMs(floor.max)}]`);
        console.log(`  awsguard (peer)        ${formatMs(peer.median)} [${formatMs(peer.min)}..${formatMs(peer.max)}]`);
        console.log(`  contact-centre-guard   ${formatMs(ours.median)} [${formatMs(ours.min)}..${formatMs(ours.max)}]`);
        console.log(
            `  ours ${(ours.median / floor.median).toFixed(2)}x the floor, ${(ours.median / peer.median).toFixed(2)}x awsguard; ` +
                `awsguard ${(peer.median / floor.median).toFixed(2)}x the floor   (target: serving within 2000 ms)`,
        );
    } finally {
        rmSync(emptyPack, { recursive: true, force: true });
        rmSync(awsGuardPack, { recursive: true, force: true });
    }
}
