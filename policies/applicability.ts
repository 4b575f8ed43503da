/**
 * Whether a control had anything to judge in a stack. A control that ran on a stack without a
 * contact flow or a Connect instance did not pass anything: reports call it "not applicable", so an
 * auditor never reads a regulation as met by a check that had nothing to look at.
 */
import type { Control } from "./control";

/** The resource types whose presence gives the control something to judge. */
export function judgedTypes(control: Control): readonly string[] | "every cloud resource" {
    return control.kind === "resource" ? control.appliesTo : control.judges;
}

/** True when none of the stack's cloud resource types is one the control judges. */
export function hasNothingToJudge(control: Control, cloudResourceTypes: ReadonlySet<string>): boolean {
    const judged = judgedTypes(control);
    if (judged === "every cloud resource") return cloudResourceTypes.size === 0;
    return !judged.some((type) => cloudResourceTypes.has(type));
}
