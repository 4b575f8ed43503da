import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadManagedPolicy, noBroadManagedPolicies } from "../../../policies/access/managed-policies";
import type { ControlExample } from "../../../policies/control";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const example = (type: string, props: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "attach", type, props }] });

async function blocking(ex: ControlExample, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(noBroadManagedPolicies, ex, config);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? "");
}

describeControlExamples(noBroadManagedPolicies);

describe("access-no-broad-managed-policies", () => {
    describe("recognises broad AWS-managed policies", () => {
        it.each([
            [aws("AdministratorAccess"), "AdministratorAccess"],
            [aws("AdministratorAccess-Amplify"), "AdministratorAccess-Amplify"],
            [aws("PowerUserAccess"), "PowerUserAccess"],
            [aws("AmazonS3FullAccess"), "AmazonS3FullAccess"],
            [aws("AmazonConnect_FullAccess"), "AmazonConnect_FullAccess"],
            [aws("AWSCloudTrail_FullAccess"), "AWSCloudTrail_FullAccess"],
            ["arn:aws-eusc:iam::aws:policy/AmazonKinesisFullAccess", "AmazonKinesisFullAccess"],
        ])("%s", (arn, name) => {
            expect(broadManagedPolicy(arn)).toBe(name);
        });

        it.each([
            aws("AmazonConnectReadOnlyAccess"),
            aws("job-function/ViewOnlyAccess"),
            aws("service-role/AmazonConnectServiceLinkedRolePolicy"),
            "arn:aws:iam::111122223333:policy/AdministratorAccess",
            "AdministratorAccess",
            "arn:aws:s3:::AmazonS3FullAccess",
        ])("leaves %s alone", (arn) => {
            expect(broadManagedPolicy(arn)).toBeUndefined();
        });
    });

    it.each([
        ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "User policy attachment 'attach'"],
        ["aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "Group policy attachment 'attach'"],
        ["aws:iam/policyAttachment:PolicyAttachment", "Policy attachment 'attach'"],
    ])("blocks AdministratorAccess on %s, naming it", async (type, subject) => {
        const messages = await blocking(example(type, { policyArn: aws("AdministratorAccess") }));
        expect(messages).toEqual([expect.stringContaining(`${subject} attaches the AWS-managed policy "${aws("AdministratorAccess")}" in \`policyArn\``)]);
    });

    it("blocks a broad policy in an exclusive attachment list, naming its position", async () => {
        const messages = await blocking(
            example("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", { roleName: "reviewer", policyArns: [aws("AmazonConnectReadOnlyAccess"), aws("AmazonS3FullAccess")] }),
        );
        expect(messages).toEqual([expect.stringContaining("`policyArns[1]`")]);
        expect(messages[0]).toContain("a whole service on every resource");
    });

    it("exempts a policy listed by full ARN", async () => {
        expect(await blocking(example(ROLE_ATTACHMENT, { policyArn: aws("PowerUserAccess") }), { allowedManagedPolicies: [aws("PowerUserAccess")] })).toEqual([]);
    });

    it("defers an unknown entry of a role's managedPolicyArns, and an unknown list", async () => {
        const findings = await findingsOf(noBroadManagedPolicies, example("aws:iam/role:Role", { assumeRolePolicy: "{}", managedPolicyArns: UNKNOWN }));
        expect(findings).toHaveLength(1);
        expect(findings[0].message).toMatch(/IAM role 'attach': `managedPolicyArns` is not known yet/);
    });

    it.each<[string, Record<string, unknown>]>([
        ["a number", { policyArn: 42 }],
        ["a list where one ARN belongs", { policyArn: [aws("AdministratorAccess")] }],
        ["null", { policyArn: null }],
        ["an ARN missing its resource", { policyArn: "arn:aws:iam::aws:" }],
    ])("never throws on odd input: %s", async (_title, props) => {
        await blocking(example(ROLE_ATTACHMENT, props));
    });

    it("reads a managedPolicyArns given as a single string", async () => {
        expect(await blocking(example("aws:iam/role:Role", { managedPolicyArns: aws("AdministratorAccess") }))).toHaveLength(1);
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(noBroadManagedPolicies), async (ex) => {
                const findings = await findingsOf(noBroadManagedPolicies, ex);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
