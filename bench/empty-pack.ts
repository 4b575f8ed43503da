/**
 * A policy pack with no policies, laid out like ours and launched the same way: the floor every
 * pack pays (node start-up, the Pulumi SDK, gRPC) against which our own figures are read.
 */
import { temporaryPack } from "./temporary-pack";

export function createEmptyPack(nodeModules: string): string {
    return temporaryPack("empty-pack", 'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty-pack", { policies: [] });\n', nodeModules);
}
