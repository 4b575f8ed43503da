/**
 * Pulumi's own AWS policy pack (@pulumi/awsguard), laid out and launched like ours: the peer a
 * security team would otherwise reach for, so our figures read against a real pack's cost and not
 * only the empty floor.
 */
import { temporaryPack } from "./temporary-pack";

/**
 * Every awsguard policy on, as its own `pulumi policy new awsguard-typescript` template sets it
 * (advisory costs the pack the same work as mandatory). The pack reports it as its initial config,
 * which the policy config reconciliation layers under the file, as the engine does.
 */
const awsGuardPolicyConfig = { all: "advisory" } as const;

export function createAwsGuardPack(nodeModules: string): string {
    return temporaryPack("awsguard-pack", `const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard(${JSON.stringify(awsGuardPolicyConfig)});\n`, nodeModules);
}
