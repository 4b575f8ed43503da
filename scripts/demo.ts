/**
 * `npm run demo`: launches the pack exactly as `pulumi preview --policy-pack .` would, feeds it every
 * control's example stacks over the analyzer protocol, and prints what it decided. Exits 0 when the
 * pack blocked every violating example, passed every compliant one and deferred every first-preview
 * one; 1 otherwise. Offline, no credentials.
 */
import * as path from "node:path";
import { evaluate } from "../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../cli/analyzer/grpc-analyzer";
import type { Diagnostic } from "../cli/analyzer/types";
import { catalogue } from "../policies/catalogue";
import type { ControlExample } from "../policies/control";
import { exampleStack } from "../test/support/example-stack";

function verdictOf(findings: Diagnostic[]): ControlExample["verdict"] {
    if (findings.some((f) => f.enforcementLevel === "mandatory")) return "violation";
    if (findings.some((f) => f.message.includes("can't run policy"))) return "deferred";
    return "compliant";
}

async function main() {
    const root = path.resolve(__dirname, "..", "..");
    const pack = await GrpcAnalyzer.launch(root);
    let mismatches = 0;
    try {
        const info = await pack.info();
        console.log(`${info.name} ${info.version}: ${info.policies.length} policies, served in ${pack.launched.startupMs.toFixed(0)} ms\n`);
        for (const control of catalogue) {
            console.log(control.name);
            for (const example of control.examples) {
                const { diagnostics } = await evaluate(pack, exampleStack(example), { policyConfig: { [control.name]: example.config ?? {} } });
                const findings = diagnostics.filter((d) => d.policyName === control.name);
                const verdict = verdictOf(findings);
                const ok = verdict === example.verdict;
                if (!ok) mismatches++;
                console.log(`  ${ok ? "ok  " : "FAIL"} ${verdict.padEnd(9)} ${example.title}`);
                for (const finding of findings) {
                    const message = finding.message.split("\n").pop();
                    console.log(`         ${finding.enforcementLevel}: ${message}`);
                }
            }
        }
    } finally {
        await pack.close();
    }
    console.log(mismatches === 0 ? "\nThe pack decided every example as specified." : `\n${mismatches} example(s) decided differently.`);
    process.exit(mismatches === 0 ? 0 : 1);
}

main().catch((error) => {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
});
