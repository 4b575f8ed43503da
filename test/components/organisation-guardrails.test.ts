import { beforeAll, describe, expect, it } from "vitest";
import { OrganisationGuardrails } from "../../components/organisation-guardrails";
import { EU_MEMBER_STATE_REGIONS } from "../../policies/lib/regions";
import { statementOf, type ComponentRecorder, type Recorded, setUpComponentMocks } from "../support/component-mocks";

const POLICY = "aws:organizations/policy:Policy";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

describe("OrganisationGuardrails", () => {
    let recorded: Recorded;

    beforeAll(async () => {
        recorded = await mocks.record(() => new OrganisationGuardrails("guardrails", { namePrefix: "acme" }));
    });

    const policyOfType = (type: string) => {
        const found = recorded.ofType(POLICY).find((r) => r.inputs["type"] === type);
        if (!found) throw new Error(`no ${type}`);
        return found;
    };

    it("denies Connect Global Resiliency outright, without a region condition", () => {
        expect(statementOf(policyOfType("SERVICE_CONTROL_POLICY").inputs["content"], "DenyConnectGlobalResiliency")).toEqual({
            Sid: "DenyConnectGlobalResiliency",
            Effect: "Deny",
            Action: ["connect:ReplicateInstance", "connect:CreateTrafficDistributionGroup"],
            Resource: "*",
        });
    });

    it("denies every regional action outside the allowed regions, exempting only global services", () => {
        const statement = statementOf(policyOfType("SERVICE_CONTROL_POLICY").inputs["content"], "DenyRegionsOutsideTheAllowList");
        expect(statement["Condition"]).toEqual({ StringNotEquals: { "aws:RequestedRegion": [...EU_MEMBER_STATE_REGIONS] } });
        const exempt = statement["NotAction"] as string[];
        expect(exempt).toContain("iam:*");
        for (const dataService of ["connect:*", "s3:*", "kinesis:*", "kms:*", "logs:*"]) expect(exempt).not.toContain(dataService);
    });

    it("opts out of AI services keeping content, for every service", () => {
        expect(JSON.parse(policyOfType("AISERVICES_OPT_OUT_POLICY").inputs["content"] as string)).toEqual({
            services: { default: { opt_out_policy: { "@@assign": "optOut" } } },
        });
    });

    it("attaches both policies to the stack's account by default, all parented to the component", () => {
        const attachments = recorded.ofType("aws:organizations/policyAttachment:PolicyAttachment");
        expect(attachments.map((a) => a.inputs["targetId"])).toEqual(["111122223333", "111122223333"]);
        const component = recorded.only("contact-centre:organizations:OrganisationGuardrails");
        expect(recorded.childrenOf(component).map((r) => r.name).sort()).toEqual([
            "guardrails-ai-opt-out",
            "guardrails-ai-opt-out-attachment-1",
            "guardrails-residency-scp",
            "guardrails-residency-scp-attachment-1",
        ]);
    });

    it("attaches to the given accounts and OUs", async () => {
        const targeted = await mocks.record(() => new OrganisationGuardrails("ou", { namePrefix: "acme-ou", targetIds: ["ou-abcd-11111111", "222233334444"] }));
        expect(targeted.ofType("aws:organizations/policyAttachment:PolicyAttachment").map((a) => a.inputs["targetId"]).sort()).toEqual([
            "222233334444",
            "222233334444",
            "ou-abcd-11111111",
            "ou-abcd-11111111",
        ]);
    });

    describe("refuses at construction", () => {
        it.each([
            ["policies attached nowhere", { targetIds: [] }, /OrganisationGuardrails 'g': `targetIds` is empty/],
            ["exempting a service that holds contact data", { additionalGlobalServices: ["s3"] }, /`additionalGlobalServices` has "s3"/],
        ])("%s", (_title, args, message) => {
            expect(() => new OrganisationGuardrails("g", { namePrefix: "acme-refused", ...args })).toThrow(message);
        });
    });
});
