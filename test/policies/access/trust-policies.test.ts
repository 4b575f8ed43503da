import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roleTrustScoped } from "../../../policies/access/trust-policies";
import type { ControlExample } from "../../../policies/control";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const ROLE = "aws:iam/role:Role";
const trust = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const assume = (Principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal, Action: "sts:AssumeRole", ...extra });
const roleExample = (assumeRolePolicy: unknown): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "delivery", type: ROLE, props: { assumeRolePolicy } }] });

async function outcome(assumeRolePolicy: unknown, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(roleTrustScoped, roleExample(assumeRolePolicy), config);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(roleTrustScoped);

describe("access-role-trust-scoped", () => {
    describe("raises no false alarm on ordinary trust policies", () => {
        it.each<[string, unknown]>([
            ["the account root", assume({ AWS: "arn:aws:iam::111122223333:root" })],
            ["a bare account id", assume({ AWS: "111122223333" })],
            ["a role of another account", assume({ AWS: "arn:aws:iam::444455556666:role/auditor" })],
            ["a Connect service principal scoped by aws:SourceArn", assume({ Service: "connect.amazonaws.com" }, { Condition: { ArnLike: { "aws:SourceArn": "arn:aws:connect:eu-central-1:111122223333:instance/*" } } })],
            ["a service principal scoped by aws:SourceOrgID", assume({ Service: "firehose.amazonaws.com" }, { Condition: { StringEquals: { "aws:SourceOrgID": "o-a1b2c3d4e5" } } })],
            ["EC2 and ECS tasks, which assume only passed roles", assume({ Service: ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"] })],
            ["an upper-case exempt service name", assume({ Service: "Lambda.amazonaws.com" })],
            ['"*" narrowed by aws:PrincipalOrgID', assume("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })],
            ['{"AWS": "*"} narrowed by aws:PrincipalArn', assume({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ops-*" } } })],
            ['a Deny to "*"', { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }],
            ["a web-identity federation, which this control does not judge", { Effect: "Allow", Principal: { Federated: "token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }],
        ])("%s", async (_title, statement) => {
            expect((await outcome(trust(statement))).findings).toEqual([]);
        });
    });

    describe("blocks trust that is wider than it looks", () => {
        it.each<[string, unknown, RegExp]>([
            ['Principal "*"', assume("*"), /lets anyone assume the role/],
            ["an Allow with NotPrincipal", { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }, /lets anyone assume the role/],
            ['"*" with a condition whose value is "*"', assume("*", { Condition: { StringLike: { "aws:PrincipalOrgID": "*" } } }), /lets anyone/],
            ["a negated condition on aws:SourceAccount", assume({ Service: "firehose.amazonaws.com" }, { Condition: { StringNotEquals: { "aws:SourceAccount": "444455556666" } } }), /"firehose.amazonaws.com"/],
            ["an IfExists condition on aws:SourceArn", assume({ Service: "firehose.amazonaws.com" }, { Condition: { ArnLikeIfExists: { "aws:SourceArn": "arn:aws:firehose:*" } } }), /confused deputy/],
            ["a service principal narrowed only by aws:PrincipalArn, which a service does not carry", assume({ Service: "transcribe.amazonaws.com" }, { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*" } } }), /"transcribe.amazonaws.com"/],
            ["SAML federation with the audience condition as StringNotEquals", { ...assume({ Federated: "arn:aws:iam::111122223333:saml-provider/idp" }), Action: "sts:AssumeRoleWithSAML", Condition: { StringNotEquals: { "SAML:aud": "x" } } }, /SAML:aud/],
        ])("%s", async (_title, statement, pattern) => {
            const { blocking } = await outcome(trust(statement));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toMatch(/^IAM role 'delivery': statement 1 of `assumeRolePolicy` /);
            expect(blocking[0]).toMatch(pattern);
        });

        it("names only the services that need source keys when one statement mixes exempt and other services", async () => {
            const { blocking } = await outcome(trust(assume({ Service: ["lambda.amazonaws.com", "connect.amazonaws.com"] })));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toContain('"connect.amazonaws.com"');
            expect(blocking[0]).not.toContain("lambda");
        });

        it("asks for source keys from every service when the team empties the exemption list", async () => {
            expect((await outcome(trust(assume({ Service: "lambda.amazonaws.com" })), { servicesWithoutSourceContext: [] })).blocking).toHaveLength(1);
        });

        it("blocks an unreadable trust policy", async () => {
            const { blocking } = await outcome('{"Statement": {"Effect": "Allow"');
            expect(blocking).toEqual([expect.stringMatching(/`assumeRolePolicy` cannot be read \(not valid JSON\)/)]);
        });
    });

    describe("at first preview", () => {
        it("defers a service trust whose Effect is not known yet", async () => {
            const { blocking, deferred } = await outcome({ Statement: [{ ...assume({ Service: "firehose.amazonaws.com" }), Effect: UNKNOWN }] });
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/the `Effect` of statement 1 of `assumeRolePolicy` is not known yet/);
        });

        it("defers a SAML trust whose Action is not known yet", async () => {
            const { deferred } = await outcome({ Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/idp" }, Action: UNKNOWN }] });
            expect(deferred[0]).toMatch(/the `Action` of statement 1/);
        });

        it("defers a service principal not known yet", async () => {
            const { deferred } = await outcome({ Statement: [assume({ Service: UNKNOWN })] });
            expect(deferred[0]).toMatch(/the `Principal` of statement 1/);
        });

        it("passes a scoped service trust whose other condition value is not known yet", async () => {
            const condition = { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": UNKNOWN } };
            expect((await outcome({ Statement: [assume({ Service: "firehose.amazonaws.com" }, { Condition: condition })] })).findings).toEqual([]);
        });
    });

    it.each<[string, unknown]>([
        ["a number", 7],
        ["a statement list with null", { Statement: [null] }],
        ["Principal as a number and Condition as a string", { Statement: [{ Effect: "Allow", Principal: 5, Action: "sts:AssumeRole", Condition: "none" }] }],
        ["Service as an object", { Statement: [{ Effect: "Allow", Principal: { Service: { name: "x" } }, Action: "sts:AssumeRole" }] }],
    ])("never throws on odd input: %s", async (_title, policy) => {
        await outcome(policy);
    });

    describe("aws-native roles", () => {
        const nativeRole = (props: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "delivery", type: "aws-native:iam:Role", props }] });

        it("names `assumeRolePolicyDocument` in its message", async () => {
            const findings = await findingsOf(roleTrustScoped, nativeRole({ assumeRolePolicyDocument: { Statement: [assume({ Service: "firehose.amazonaws.com" })] } }));
            expect(findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message)).toEqual([
                expect.stringContaining("IAM role 'delivery': statement 1 of `assumeRolePolicyDocument` lets the service principal"),
            ]);
        });

        it("blocks a trust policy that is not valid JSON", async () => {
            const findings = await findingsOf(roleTrustScoped, nativeRole({ assumeRolePolicyDocument: '{"Statement": [' }));
            expect(findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message)).toEqual([expect.stringContaining("`assumeRolePolicyDocument` cannot be read (not valid JSON)")]);
        });

        it("ignores the classic `assumeRolePolicy` on an aws-native role", async () => {
            expect(await findingsOf(roleTrustScoped, nativeRole({ assumeRolePolicy: trust(assume("*")) }))).toEqual([]);
        });
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(roleTrustScoped), async (example) => {
                const findings = await findingsOf(roleTrustScoped, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
