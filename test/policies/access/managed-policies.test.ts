import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { broadManagedPolicy, noBroadManagedPolicies } from "../../../policies/access/managed-policies";
import type { ControlExample } from "../../../policies/control";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const ROLE = "aws:iam/role:Role";
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

    describe("AWS-managed policies that read contact data", () => {
        const attach = (props: Record<string, unknown>, type = ROLE_ATTACHMENT): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "attach", type, props }] });
        async function outcome(ex: ControlExample, config: Record<string, unknown> = {}) {
            const findings = await findingsOf(noBroadManagedPolicies, ex, config);
            return {
                blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
                deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
            };
        }

        it("says what ReadOnlyAccess reads, and that it does not decrypt", async () => {
            const { blocking } = await outcome(attach({ role: "analytics", policyArn: aws("ReadOnlyAccess") }));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toContain(`to "analytics" (\`role\`), which is not in \`approvedReaders\``);
            expect(blocking[0]).toMatch(/it reads s3:GetObject, s3:GetObjectVersion, kinesis:GetRecords, kinesisvideo:GetMedia, dynamodb:GetItem, .*logs:FilterLogEvents, logs:StartQuery on every resource/);
            expect(blocking[0]).toContain("also need kms:Decrypt");
        });

        it.each([["CloudWatchLogsReadOnlyAccess", "logs:GetLogEvents"], ["AmazonDynamoDBReadOnlyAccess", "dynamodb:Scan"], ["AmazonKinesisVideoStreamsReadOnlyAccess", "kinesisvideo:GetMedia"]])(
            "blocks %s on an unapproved role, naming %s",
            async (name, read) => {
                const { blocking } = await outcome(attach({ role: "analytics", policyArn: aws(name) }), { approvedReaders: ["auditor"] });
                expect(blocking).toEqual([expect.stringContaining(read)]);
            },
        );

        it.each(["AWSKeyManagementServicePowerUser", "job-function/ViewOnlyAccess", "AmazonConnectReadOnlyAccess", "AWSSupportAccess"])("passes %s, which reads no contact data", async (name) => {
            expect((await outcome(attach({ role: "analytics", policyArn: aws(name) }))).blocking).toEqual([]);
        });

        it("approves a role by its resource name, its IAM name or its ARN", async () => {
            const role = (props: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "compliant", resources: [{ name: "auditor", type: "aws-native:iam:Role", props: { managedPolicyArns: [aws("AmazonS3ReadOnlyAccess")], ...props } }] });
            expect((await outcome(role({ roleName: "acme-auditor" }), { approvedReaders: ["auditor"] })).blocking).toEqual([]);
            expect((await outcome(role({ roleName: "acme-auditor" }), { approvedReaders: ["acme-auditor"] })).blocking).toEqual([]);
            expect((await outcome(role({ roleName: "acme-auditor" }), { approvedReaders: ["arn:aws:iam::111122223333:role/acme-auditor"] })).blocking).toEqual([]);
            expect((await outcome(role({ roleName: "acme-auditor" }), { approvedReaders: ["someone-else"] })).blocking).toEqual([expect.stringContaining(`to "acme-auditor" (\`roleName\`)`)]);
        });

        it("defers a role whose IAM name is not known yet while some reader is approved, and blocks when none is", async () => {
            const role: ControlExample = { title: "ad hoc", verdict: "deferred", resources: [{ name: "reader", type: ROLE, props: { name: UNKNOWN, managedPolicyArns: [aws("AmazonS3ReadOnlyAccess")] } }] };
            const some = await outcome(role, { approvedReaders: ["auditor"] });
            expect(some.blocking).toEqual([]);
            expect(some.deferred).toEqual([expect.stringMatching(/whether the principal in `name` that gets .* is in `approvedReaders` is not known yet/)]);
            expect((await outcome(role)).blocking).toHaveLength(1);
        });

        it("blocks a PolicyAttachment that gives a read-only policy to an approved and an unapproved role, naming the latter", async () => {
            const { blocking } = await outcome(attach({ roles: ["auditor", "analytics", UNKNOWN], policyArn: aws("AmazonS3ReadOnlyAccess") }, "aws:iam/policyAttachment:PolicyAttachment"), { approvedReaders: ["auditor"] });
            expect(blocking).toEqual([expect.stringContaining(`to "analytics" (\`roles[1]\`), which is not in`)]);
        });

        it("says what a full-access policy reads beside what it grants", async () => {
            const { blocking } = await outcome(attach({ role: "ops", policyArn: aws("AmazonKinesisFullAccess") }), { approvedReaders: ["ops"] });
            expect(blocking).toEqual([expect.stringContaining("which grants a whole service on every resource and reads kinesis:GetRecords on every resource")]);
        });
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
