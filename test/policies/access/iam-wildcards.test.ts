import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { iamNoDataWildcards } from "../../../policies/access/iam-wildcards";
import type { ControlExample } from "../../../policies/control";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const POLICY = "aws:iam/policy:Policy";
const ROLE = "aws:iam/role:Role";
const GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
const RECORDINGS = "arn:aws:s3:::acme-recordings/*";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const allow = (Action: unknown, Resource: unknown = RECORDINGS, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
const document = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const policyExample = (policy: unknown, type = POLICY): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "reader", type, props: { policy } }] });

async function outcome(example: ControlExample, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(iamNoDataWildcards, example, config);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(iamNoDataWildcards);

describe("access-iam-no-data-wildcards", () => {
    describe("raises no false alarm on ordinary least-privilege documents", () => {
        it.each<[string, unknown]>([
            ["prefix wildcards kms:GenerateDataKey* and kms:Describe* on one key", allow(["kms:GenerateDataKey*", "kms:Describe*"], KEY_ARN)],
            ["s3:List* and s3:Get* on one bucket's objects", allow(["s3:List*", "s3:Get*"], [RECORDINGS, "arn:aws:s3:::acme-recordings"])],
            ['s3:ListAllMyBuckets on Resource "*" (not a data read)', allow("s3:ListAllMyBuckets", "*")],
            ['cloudwatch:PutMetricData on Resource "*"', allow("cloudwatch:PutMetricData", "*")],
            ["a whole-service wildcard on a service that holds no contact data", allow("ec2:*", "*")],
            ['a Deny of "*" on everything', { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
            ["a Deny with NotAction", { Effect: "Deny", NotAction: ["s3:GetObject"], Resource: RECORDINGS }],
            ["a prefix-named bucket pattern, which is not every bucket", allow("s3:GetObject", "arn:aws:s3:::acme-*/*")],
        ])("%s", async (_title, statement) => {
            expect((await outcome(policyExample(document(statement)))).findings).toEqual([]);
        });
    });

    describe("blocks wildcards in their usual spellings", () => {
        it.each<[string, unknown, string]>([
            ['Action "*"', allow("*"), '"*"'],
            ["s3:* in an Action list", allow(["s3:GetObject", "s3:*"]), '"s3:*"'],
            ["an upper-case service prefix S3:*", allow("S3:*"), '"S3:*"'],
            ["connect:* on the instance", allow("connect:*", "arn:aws:connect:eu-central-1:111122223333:instance/abc"), '"connect:*"'],
            ["NotAction Allow on one bucket", { Effect: "Allow", NotAction: "s3:DeleteObject", Resource: RECORDINGS }, "`NotAction`"],
            ['s3:Get* on Resource "*"', allow("s3:Get*", "*"), '"s3:GetObject"'],
            ["s3:GetObject on every object of every bucket", allow("s3:GetObject", "arn:aws:s3:::*/*"), "on every resource"],
            ["kms:Decrypt on every key of the account", allow("kms:Decrypt", "arn:aws:kms:eu-central-1:111122223333:key/*"), "on every resource"],
            ["s3:GetObjectVersion with NotResource", { Effect: "Allow", Action: "s3:GetObjectVersion", NotResource: "arn:aws:s3:::secret/*" }, "on every resource"],
        ])("%s", async (_title, statement, quoted) => {
            const { blocking } = await outcome(policyExample(document(statement)));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toContain(quoted);
            expect(blocking[0]).toMatch(/^IAM policy 'reader': statement 1 of `policy` allows/);
        });

        it("reads a single statement object and a policy given as an object", async () => {
            expect((await outcome(policyExample({ Version: "2012-10-17", Statement: allow("kms:*", KEY_ARN) }))).blocking).toHaveLength(1);
        });

        it("names a statement by its Sid", async () => {
            const { blocking } = await outcome(policyExample(document(allow("dynamodb:*", "*", { Sid: "TableAccess" }))));
            expect(blocking[0]).toContain('statement "TableAccess"');
        });
    });

    describe("follows the team's configuration", () => {
        it("adds a service to the data services", async () => {
            expect((await outcome(policyExample(document(allow("ec2:*", "*"))), { dataServices: ["ec2"] })).blocking).toHaveLength(1);
        });

        it("still blocks '*' and NotAction when the data services are emptied", async () => {
            expect((await outcome(policyExample(document(allow("*"))), { dataServices: [] })).blocking).toHaveLength(1);
            expect((await outcome(policyExample(document(allow("s3:*"))), { dataServices: [] })).blocking).toEqual([]);
        });

        it("judges data reads the team adds", async () => {
            const statement = allow("dynamodb:GetItem", "*");
            expect((await outcome(policyExample(document(statement)))).blocking).toEqual([]);
            expect((await outcome(policyExample(document(statement)), { dataReadActions: ["dynamodb:GetItem"] })).blocking).toHaveLength(1);
        });
    });

    describe("role inline policies", () => {
        const role = (inlinePolicies: unknown): ControlExample => ({
            title: "ad hoc",
            verdict: "violation",
            resources: [{ name: "reviewer", type: ROLE, props: { assumeRolePolicy: "{}", inlinePolicies } }],
        });

        it("names the role, the inline policy and its position", async () => {
            const { blocking } = await outcome(role([{ name: "ok", policy: document(allow("s3:GetObject")) }, { name: "wide", policy: document(allow("kms:*")) }]));
            expect(blocking).toEqual([expect.stringMatching(/^IAM role 'reviewer' \(inline policy "wide"\): statement 1 of `inlinePolicies\[1\]\.policy` allows "kms:\*"/)]);
        });

        it.each<[string, unknown]>([
            ["the whole list", UNKNOWN],
            ["one entry", [UNKNOWN]],
            ["one entry's document", [{ name: "later", policy: UNKNOWN }]],
        ])("defers when %s is not known yet", async (_title, inlinePolicies) => {
            const { blocking, deferred } = await outcome(role(inlinePolicies));
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/not known yet/);
        });
    });

    describe("at first preview", () => {
        it("defers a wildcard whose Effect is not known yet instead of blocking it", async () => {
            const { blocking, deferred } = await outcome(policyExample({ Statement: [{ Effect: UNKNOWN, Action: "s3:*", Resource: "*" }] }));
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/the `Effect` of statement 1 of `policy`, which allows "s3:\*"/);
        });

        it("defers a statement whose Action is not known yet", async () => {
            const { deferred } = await outcome(policyExample({ Statement: [{ Effect: "Allow", Action: UNKNOWN, Resource: RECORDINGS }] }));
            expect(deferred[0]).toMatch(/the `Action` of statement 1 of `policy` is not known yet/);
        });

        it("passes a statement with an unknown Resource that allows no data read", async () => {
            expect((await outcome(policyExample({ Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: UNKNOWN }] }))).findings).toEqual([]);
        });

        it("reads a statement that is itself unknown inside a known list as not known yet, not as malformed", async () => {
            const { blocking, deferred } = await outcome(policyExample({ Statement: [allow("s3:GetObject"), UNKNOWN] }));
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/`policy` is not known yet/);
        });
    });

    describe("documents that cannot be read", () => {
        it.each<[string, unknown, RegExp]>([
            ["a statement with Effect Permit", document({ Effect: "Permit", Action: "s3:GetObject", Resource: RECORDINGS }), /Effect "Permit"/],
            ["a JSON array", "[]", /not a JSON object/],
            ["a number", 42, /not a JSON object/],
            ["a statement that is a string", { Statement: ["Allow everything"] }, /a statement is not an object/],
        ])("blocks %s as unreadable", async (_title, policy, reason) => {
            const { blocking } = await outcome(policyExample(policy, GROUP_POLICY));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toMatch(/^IAM group policy 'reader': `policy` cannot be read/);
            expect(blocking[0]).toMatch(reason);
        });
    });

    it.each<[string, Record<string, unknown>]>([
        ["null policy", { policy: null }],
        ["Action and Resource as numbers", { policy: { Statement: [{ Effect: "Allow", Action: 5, Resource: 7 }] } }],
        ["inline policies as a string", { inlinePolicies: "admin" }],
        ["inline policies with nulls and numbers", { inlinePolicies: [null, 5, { policy: 9 }] }],
    ])("never throws on odd input: %s", async (_title, props) => {
        const findings = await findingsOf(iamNoDataWildcards, { title: "odd", verdict: "compliant", resources: [{ name: "odd", type: ROLE, props }] });
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    });

    describe("aws-native IAM resources", () => {
        it.each([
            ["aws-native:iam:GroupPolicy", { groupName: "operators", policyName: "ops" }],
            ["aws-native:iam:UserPolicy", { userName: "operator", policyName: "ops" }],
            ["aws-native:iam:RolePolicy", { roleName: "operator", policyName: "ops" }],
            ["aws-native:iam:ManagedPolicy", { groups: ["operators"] }],
        ])("blocks a NotAction Allow in the policyDocument of %s, naming the property", async (type, props) => {
            const { blocking } = await outcome({
                title: "ad hoc",
                verdict: "violation",
                resources: [{ name: "ops", type, props: { ...props, policyDocument: { Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] } } }],
            });
            expect(blocking).toEqual([expect.stringMatching(/statement 1 of `policyDocument` allows every action outside its `NotAction`/)]);
        });

        it("names the Group, its inline policy and its position in `policies`", async () => {
            const policies = [
                { policyName: "read", policyDocument: { Statement: [allow("s3:GetObject")] } },
                { policyName: "admin", policyDocument: { Statement: [allow("kms:*", KEY_ARN)] } },
            ];
            const { blocking } = await outcome({ title: "ad hoc", verdict: "violation", resources: [{ name: "operators", type: "aws-native:iam:Group", props: { policies } }] });
            expect(blocking).toEqual([expect.stringContaining(`IAM group 'operators' (inline policy "admin"): statement 1 of \`policies[1].policyDocument\` allows "kms:*"`)]);
        });

        it("defers a Role whose whole `policies` list is not known yet, naming it", async () => {
            const { deferred, blocking } = await outcome({ title: "ad hoc", verdict: "deferred", resources: [{ name: "reviewer", type: "aws-native:iam:Role", props: { assumeRolePolicyDocument: {}, policies: UNKNOWN } }] });
            expect(blocking).toEqual([]);
            expect(deferred).toEqual([expect.stringContaining("IAM role 'reviewer': `policies` is not known yet.")]);
        });

        it("does not read the classic `policy` property on an aws-native RolePolicy", async () => {
            const { findings } = await outcome(policyExample(document(allow("*", "*")), "aws-native:iam:RolePolicy"));
            expect(findings).toEqual([]);
        });
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(iamNoDataWildcards), async (example) => {
                const findings = await findingsOf(iamNoDataWildcards, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
