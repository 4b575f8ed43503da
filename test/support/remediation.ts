/** One control served alone in process, to watch its remediation as the engine would apply it. */
import { evaluate, type Evaluation } from "../../cli/analyzer/evaluate";
import { InProcessAnalyzer } from "../../cli/analyzer/in-process";
import type { Control, ControlExample } from "../../policies/control";
import { toPolicy } from "../../policies/policy-adapter";
import { exampleStack } from "./example-stack";

export async function remediated(control: Control, example: ControlExample): Promise<Evaluation> {
    const analyzer = new InProcessAnalyzer("remediation-test", "0.0.1", { policies: [toPolicy(control)] });
    return evaluate(analyzer, exampleStack(example), { policyConfig: { [control.name]: "remediate" } });
}
