/**
 * The catalogue speaks only for our own pack: a report from another pack (`--policy-pack`, or the
 * events of a real preview with other packs) may hold a policy of the same name that means
 * something else, and must not be given our description, remediation or area.
 */
import { controlNamed } from "../../../policies/catalogue";
import type { Control } from "../../../policies/control";
import { PACK_NAME } from "../../../policies/pack-identity";
import type { FindingsReport } from "../../findings";

export type ControlLookup = (policy: string) => Control | undefined;

export function controlsOf(report: Pick<FindingsReport, "pack">): ControlLookup {
    return report.pack.name === PACK_NAME ? controlNamed : () => undefined;
}
