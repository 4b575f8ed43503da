import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keyAdminsSeparate } from "../../../policies/access/key-separation";
import type { ControlExample } from "../../../policies/control";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const KEY = "aws:kms/key:Key";
const NATIVE_KEY = "aws-native:kms:Key";
const NATIVE_REPLICA_KEY = "aws-native:kms:ReplicaKey";
const ROOT = "arn:aws:iam::111122223333:root";
const ADMIN = "arn:aws:iam::111122223333:role/key-admin";
const USER = "arn:aws:iam::111122223333:role/connect-storage";
const DATA_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];
const allow = (principal: unknown, Action: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: principal, Action, Resource: "*", ...extra });
const rootStatement = allow({ AWS: ROOT }, "kms:*");
const keyExample = (policy: unknown): ControlExample => ({ title: "ad hoc", verdict: "violation", resources: [{ name: "recordings-key", type: KEY, props: { policy } }] });
const stringified = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

async function outcome(policy: unknown, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(keyAdminsSeparate, keyExample(policy), config);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(keyAdminsSeparate);

describe("access-key-admins-separate", () => {
    describe("raises no false alarm", () => {
        it.each<[string, unknown[]]>([
            ["the account root alone with kms:*", [rootStatement]],
            ["the account root given as a bare account id", [allow({ AWS: "111122223333" }, "kms:*")]],
            ["a log service principal using the key on data", [rootStatement, allow({ Service: "logs.eu-central-1.amazonaws.com" }, DATA_ACTIONS)]],
            ["users with grant rights for AWS resources (kms:CreateGrant, kms:RevokeGrant)", [rootStatement, allow({ AWS: USER }, [...DATA_ACTIONS, "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"])]],
            ["admins with read-only extras (kms:Describe*, kms:List*, kms:Get*)", [rootStatement, allow({ AWS: ADMIN }, ["kms:Put*", "kms:Describe*", "kms:List*", "kms:Get*"]), allow({ AWS: USER }, DATA_ACTIONS)]],
            [
                "an admin with kms:* whose data use is denied unconditionally",
                [rootStatement, allow({ AWS: ADMIN }, "kms:*"), { Effect: "Deny", Principal: { AWS: ADMIN }, Action: DATA_ACTIONS, Resource: "*" }],
            ],
        ])("%s", async (_title, statements) => {
            expect((await outcome(stringified(...statements))).findings).toEqual([]);
        });
    });

    describe("blocks principals that hold both", () => {
        it("kms:* for a role, naming the role, samples of both sides and the fix", async () => {
            const { blocking } = await outcome(stringified(rootStatement, allow({ AWS: USER }, "kms:*", { Sid: "ConnectAll" })));
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toContain(`KMS key 'recordings-key': the principal "${USER}" may both administer the key`);
            expect(blocking[0]).toContain("kms:Decrypt");
            expect(blocking[0]).toContain('statement "ConnectAll"');
            expect(blocking[0]).toContain("only the account root may keep `kms:*`");
        });

        it("a NotAction Allow that excludes only deletion", async () => {
            expect((await outcome(stringified(rootStatement, { Effect: "Allow", Principal: { AWS: ADMIN }, NotAction: "kms:ScheduleKeyDeletion", Resource: "*" }))).blocking).toHaveLength(1);
        });

        it("rights spread over two statements with different case in the action names", async () => {
            const { blocking } = await outcome(stringified(allow({ AWS: ADMIN }, "KMS:PutKeyPolicy"), allow({ AWS: [USER, ADMIN] }, "kms:decrypt")));
            expect(blocking).toEqual([expect.stringContaining(`"${ADMIN}"`)]);
        });

        it("everyone, when a conditioned \"*\" gets both", async () => {
            const { blocking } = await outcome(stringified(allow("*", ["kms:Decrypt", "kms:DisableKey"], { Condition: { StringEquals: { "kms:CallerAccount": "111122223333" } } })));
            expect(blocking).toEqual([expect.stringContaining('everyone (`Principal` "*")')]);
        });

        it("a Deny with a condition does not take rights away", async () => {
            const deny = { Effect: "Deny", Principal: { AWS: ADMIN }, Action: DATA_ACTIONS, Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } };
            expect((await outcome(stringified(allow({ AWS: ADMIN }, "kms:*"), deny))).blocking).toHaveLength(1);
        });

        it("follows the team's own list of administrative actions", async () => {
            const statements = stringified(allow({ AWS: USER }, [...DATA_ACTIONS, "kms:CreateGrant"]));
            expect((await outcome(statements)).blocking).toEqual([]);
            expect((await outcome(statements, { keyAdminActions: ["kms:CreateGrant"] })).blocking).toHaveLength(1);
        });
    });

    describe("at first preview", () => {
        it("passes when only data use is granted, to principals not known yet", async () => {
            expect((await outcome({ Statement: [rootStatement, allow({ AWS: UNKNOWN }, DATA_ACTIONS), allow({ AWS: [UNKNOWN] }, ["kms:Decrypt"])] })).findings).toEqual([]);
        });

        it("defers a known conflict while a statement that may be a Deny is not known yet", async () => {
            const { blocking, deferred } = await outcome({ Statement: [allow({ AWS: ADMIN }, "kms:*"), { Effect: UNKNOWN, Principal: { AWS: ADMIN }, Action: DATA_ACTIONS, Resource: "*" }] });
            expect(blocking).toEqual([]);
            expect(deferred[0]).toMatch(/the `Effect` of statement 2 of `policy` is not known yet/);
        });

        it("defers when the actions of a known admin's other statement are not known yet", async () => {
            const { deferred } = await outcome({ Statement: [allow({ AWS: ADMIN }, ["kms:Put*"]), allow({ AWS: ADMIN }, UNKNOWN)] });
            expect(deferred[0]).toMatch(/the `Action` of statement 2/);
        });
    });

    describe("aws-native keys", () => {
        const nativeOutcome = async (type: string, keyPolicy: unknown) => {
            const findings = await findingsOf(keyAdminsSeparate, { title: "ad hoc", verdict: "violation", resources: [{ name: "recordings-key", type, props: { keyPolicy } }] });
            for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
            return findings.map((f) => `${f.enforcementLevel}: ${f.message.split("\n").pop() ?? ""}`);
        };

        it("names `keyPolicy`, the aws-native property, in the finding", async () => {
            const messages = await nativeOutcome(NATIVE_KEY, { Statement: [rootStatement, allow({ AWS: USER }, "kms:*", { Sid: "ConnectAll" })] });
            expect(messages).toEqual([expect.stringMatching(/^mandatory: KMS key 'recordings-key': the principal .* through statement "ConnectAll" of `keyPolicy`/)]);
        });

        it("judges a replica key's keyPolicy given as a JSON string", async () => {
            const messages = await nativeOutcome(NATIVE_REPLICA_KEY, stringified(allow({ AWS: ADMIN }, ["kms:Put*", "kms:Decrypt"])));
            expect(messages).toEqual([expect.stringMatching(/^mandatory: KMS replica key 'recordings-key': the principal/)]);
        });

        it("ignores a classic-style `policy` on an aws-native key, which the provider does not have", async () => {
            const findings = await findingsOf(keyAdminsSeparate, {
                title: "ad hoc",
                verdict: "compliant",
                resources: [{ name: "recordings-key", type: NATIVE_KEY, props: { policy: stringified(allow({ AWS: USER }, "kms:*")) } }],
            });
            expect(findings).toEqual([]);
        });

        it("defers a keyPolicy not known yet, naming `keyPolicy`", async () => {
            expect(await nativeOutcome(NATIVE_KEY, UNKNOWN)).toEqual([expect.stringMatching(/^advisory: [\s\S]*`keyPolicy` is not known yet/)]);
        });

        it("blocks a keyPolicy string that is not JSON", async () => {
            expect(await nativeOutcome(NATIVE_KEY, "{not json")).toEqual([expect.stringMatching(/^mandatory: KMS key 'recordings-key': `keyPolicy` cannot be read \(not valid JSON\)/)]);
        });
    });

    it.each<[string, unknown]>([
        ["a number", 3],
        ["an array", [rootStatement]],
        ["principals as numbers", { Statement: [allow({ AWS: 5 }, "kms:*"), allow(7, "kms:*")] }],
        ["actions as objects", { Statement: [allow({ AWS: ADMIN }, { kms: "*" })] }],
    ])("never throws on odd input: %s", async (_title, policy) => {
        await outcome(policy);
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(keyAdminsSeparate), async (example) => {
                const findings = await findingsOf(keyAdminsSeparate, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
