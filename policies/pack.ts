/**
 * The pack's identity and arguments, without the side effect of serving it: `index.ts` serves
 * them, the in-process evaluator and tests use them directly.
 */
import type { PolicyPackArgs } from "@pulumi/policy";
import { catalogue } from "./catalogue";
import { toPolicy } from "./policy-adapter";

export { PACK_NAME } from "./pack-identity";

export function packArgs(): PolicyPackArgs {
    return { policies: catalogue.map(toPolicy) };
}
