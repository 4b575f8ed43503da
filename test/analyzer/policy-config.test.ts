/**
 * The policy config a pack receives is layered as the engine layers it: the policy's own level and
 * schema defaults, then the config the pack was created with, then the policy config file.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { InProcessAnalyzer } from "../../cli/analyzer/in-process";
import { reconcilePolicyConfig } from "../../cli/analyzer/policy-config";

const policies: ResourceValidationPolicy[] = [
    {
        name: "tagged",
        description: "resources carry a cost centre tag",
        enforcementLevel: "mandatory",
        configSchema: { properties: { tag: { type: "string", default: "cost-centre" } } },
        validateResource: () => undefined,
    },
    { name: "named", description: "resources have names", enforcementLevel: "advisory", validateResource: () => undefined },
];

async function infoOf(initialConfig?: unknown) {
    return new InProcessAnalyzer("layers", "0.0.1", { policies }, initialConfig).info();
}

describe("policy config layering", () => {
    it("keeps each policy's own level and schema defaults when nothing else is given", async () => {
        const config = reconcilePolicyConfig(await infoOf());
        expect(config["tagged"]).toEqual({ enforcementLevel: "mandatory", properties: { tag: "cost-centre" } });
        expect(config["named"]).toEqual({ enforcementLevel: "advisory", properties: {} });
    });

    it("applies the config the pack was created with, as `new PolicyPack(name, args, initialConfig)` sets it", async () => {
        const info = await infoOf({ all: "disabled", tagged: { enforcementLevel: "advisory", tag: "owner" } });
        expect(info.initialConfig).toEqual({ all: { enforcementLevel: "disabled" }, tagged: { enforcementLevel: "advisory", tag: "owner" } });
        const config = reconcilePolicyConfig(info);
        expect(config["tagged"]).toEqual({ enforcementLevel: "advisory", properties: { tag: "owner" } });
        expect(config["named"]?.enforcementLevel).toBe("disabled");
    });

    it("lets the policy config file override the pack's own config", async () => {
        const info = await infoOf({ all: "disabled", tagged: { enforcementLevel: "advisory", tag: "owner" } });
        const config = reconcilePolicyConfig(info, { all: "mandatory", tagged: { tag: "team" } });
        expect(config["tagged"]).toEqual({ enforcementLevel: "mandatory", properties: { tag: "team" } });
        expect(config["named"]?.enforcementLevel).toBe("mandatory");
    });
});
