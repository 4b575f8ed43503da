/**
 * Both AWS providers, control by control: every control judges the aws-native resources that
 * configure what it protects, and shows it in its own examples, which feed its tests and the
 * generated documentation. A control added for the classic provider alone fails here.
 */
import { describe, expect, it } from "vitest";
import { catalogue } from "../../policies/catalogue";
import { isNativeType } from "../../policies/lib/resource-types";

const judged = (types: readonly string[] | "every cloud resource") => (types === "every cloud resource" ? ["aws-native:*"] : types);

describe.each(catalogue.map((control) => [control.name, control] as const))("%s", (_name, control) => {
    const types = judged(control.kind === "resource" ? control.appliesTo : control.judges);

    it("judges resources of @pulumi/aws-native", () => {
        expect(types.filter(isNativeType)).not.toEqual([]);
    });

    it("has compliant and violating examples written with @pulumi/aws-native", () => {
        const nativeVerdicts = new Set(control.examples.filter((example) => example.resources.some((r) => isNativeType(r.type))).map((example) => example.verdict));
        expect([...nativeVerdicts]).toEqual(expect.arrayContaining(["compliant", "violation"]));
    });
});
