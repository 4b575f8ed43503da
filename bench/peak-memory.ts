/**
 * Preload (`node --require dist/bench/peak-memory.js`) that reports a process's peak resident memory
 * when it ends. Given through NODE_OPTIONS it reaches every node process ccguard starts (the Pulumi
 * program runner, the policy pack), since children inherit the environment. Each process writes one
 * line `<pid> <script> <subcommand> <maxRSS KiB>` to its own file in CCGUARD_PEAK_MEMORY_DIR; without
 * that variable it does nothing.
 *
 * ccguard stops the policy pack with SIGTERM, which ends a node process without its `exit` event, so
 * the report is also written on SIGTERM before exiting as the signal would have.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";

const reportDir = process.env["CCGUARD_PEAK_MEMORY_DIR"];

if (reportDir) {
    let reported = false;
    const report = () => {
        if (reported) return;
        reported = true;
        const entry = process.argv[1] ?? "node";
        // The Pulumi program runs under the SDK's run script, `.../@pulumi/pulumi/cmd/run/index.js`.
        const script = entry.includes(`${path.sep}cmd${path.sep}run`) && !entry.includes("run-policy-pack") ? "pulumi-run" : path.basename(entry);
        // The program runner's argument is its whole JSON request; a subcommand is all that helps here.
        const subcommand = /^[a-z-]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "-";
        try {
            writeFileSync(path.join(reportDir, String(process.pid)), `${process.pid} ${script} ${subcommand} ${process.resourceUsage().maxRSS}\n`);
        } catch {
            // A benchmark aid must never change how the measured process ends.
        }
    };
    process.on("exit", report);
    process.once("SIGTERM", () => {
        report();
        process.exit(128 + 15);
    });
}
