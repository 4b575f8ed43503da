import { describe, expect, it } from "vitest";
import {
    actionPatternMatches,
    allowsAnyoneUnconditionally,
    hasScopingCondition,
    readPolicyDocument,
    statementCoversAction,
    wildcardActions,
    type Statement,
} from "../../../policies/lib/policy-document";
import { UNKNOWN, UNKNOWN_SENTINELS } from "../../../policies/lib/unknown";

const ACCOUNT_ROOT = "arn:aws:iam::111122223333:root";
const BUCKET_OBJECTS = "arn:aws:s3:::acme-recordings/*";

function statementsOf(document: unknown): Statement[] {
    const reading = readPolicyDocument(document);
    if (reading.kind !== "document") throw new Error(`expected a document, got ${JSON.stringify(reading)}`);
    return reading.statements;
}

function statementOf(statement: Record<string, unknown>): Statement {
    const [only] = statementsOf({ Version: "2012-10-17", Statement: [statement] });
    return only;
}

describe("readPolicyDocument", () => {
    describe("documents", () => {
        it("reads a JSON string", () => {
            const document = JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "Read",
                        Effect: "Allow",
                        Principal: { AWS: ACCOUNT_ROOT },
                        Action: ["s3:GetObject"],
                        Resource: [BUCKET_OBJECTS],
                    },
                ],
            });
            expect(statementsOf(document)).toEqual([
                {
                    sid: "Read",
                    effect: "Allow",
                    actions: ["s3:GetObject"],
                    notActions: undefined,
                    resources: [BUCKET_OBJECTS],
                    notResources: undefined,
                    principals: { anyone: false, aws: [ACCOUNT_ROOT], service: [], federated: [], canonicalUser: [] },
                    notPrincipals: undefined,
                    conditions: [],
                    hasUnknowns: false,
                },
            ]);
        });

        it("reads an object the same way as its JSON string", () => {
            const document = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Deny", Principal: "*", NotAction: "s3:GetObject", Resource: BUCKET_OBJECTS }],
            };
            expect(statementsOf(document)).toEqual(statementsOf(JSON.stringify(document)));
        });

        it("reads a Statement given as a single object", () => {
            const statements = statementsOf({ Statement: { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" } });
            expect(statements).toHaveLength(1);
            expect(statements[0].actions).toEqual(["kms:Decrypt"]);
        });

        it("reads a document without a Statement as one with no statements", () => {
            expect(readPolicyDocument({ Version: "2012-10-17" })).toEqual({ kind: "document", statements: [] });
        });

        it.each([undefined, null, ""])("reports %j as absent", (value) => {
            expect(readPolicyDocument(value)).toEqual({ kind: "absent" });
        });

        it.each(Object.entries(UNKNOWN_SENTINELS))("reports a document that is the unknown %s sentinel as unknown", (_kind, sentinel) => {
            expect(readPolicyDocument(sentinel)).toEqual({ kind: "unknown" });
        });

        it("reports a document whose Statement is unknown as unknown", () => {
            expect(readPolicyDocument({ Version: "2012-10-17", Statement: UNKNOWN })).toEqual({ kind: "unknown" });
        });
    });

    describe("statements", () => {
        it("reads a KMS key policy whose Action is a single string", () => {
            const statement = statementOf({ Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: "kms:*", Resource: "*" });
            expect(statement.actions).toEqual(["kms:*"]);
            expect(statement.resources).toEqual(["*"]);
        });

        it("reads Action and Resource given as arrays", () => {
            const statement = statementOf({
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject"],
                Resource: ["arn:aws:s3:::acme-recordings", BUCKET_OBJECTS],
            });
            expect(statement.actions).toEqual(["s3:GetObject", "s3:PutObject"]);
            expect(statement.resources).toEqual(["arn:aws:s3:::acme-recordings", BUCKET_OBJECTS]);
        });

        it("reads NotAction and NotResource apart from Action and Resource", () => {
            const statement = statementOf({ Effect: "Deny", NotAction: "s3:GetObject", NotResource: BUCKET_OBJECTS });
            expect(statement.actions).toBeUndefined();
            expect(statement.notActions).toEqual(["s3:GetObject"]);
            expect(statement.resources).toBeUndefined();
            expect(statement.notResources).toEqual([BUCKET_OBJECTS]);
        });

        it("keeps only the strings of an action list", () => {
            expect(statementOf({ Effect: "Allow", Action: ["s3:GetObject", 7, null, { a: 1 }] }).actions).toEqual(["s3:GetObject"]);
        });

        it("reads the Sid when it is a string and ignores it otherwise", () => {
            expect(statementOf({ Sid: "ReadRecordings", Effect: "Allow" }).sid).toBe("ReadRecordings");
            expect(statementOf({ Sid: 3, Effect: "Allow" }).sid).toBeUndefined();
        });

        it("reads Effect Deny", () => {
            expect(statementOf({ Effect: "Deny", Action: "s3:*" }).effect).toBe("Deny");
        });

        it("reads an unknown Effect as Allow, the reading that cannot hide a finding", () => {
            const statement = statementOf({ Effect: UNKNOWN, Action: "s3:*" });
            expect(statement.effect).toBe("Allow");
            expect(statement.hasUnknowns).toBe(true);
        });

        it("marks a statement with an unknown value nested in a condition as having unknowns", () => {
            const statement = statementOf({
                Effect: "Allow",
                Action: "s3:GetObject",
                Condition: { StringEquals: { "aws:SourceArn": [UNKNOWN] } },
            });
            expect(statement.hasUnknowns).toBe(true);
        });

        it("marks a statement whose Action is unknown as having unknowns", () => {
            expect(statementOf({ Effect: "Allow", Action: UNKNOWN }).hasUnknowns).toBe(true);
        });

        it("does not mark a fully known statement as having unknowns", () => {
            expect(statementOf({ Effect: "Allow", Action: "s3:GetObject", Resource: BUCKET_OBJECTS }).hasUnknowns).toBe(false);
        });
    });

    describe("principals", () => {
        it.each([
            ["the string *", "*"],
            ['{"AWS": "*"}', { AWS: "*" }],
            ['{"AWS": ["*"]} among other principals', { AWS: [ACCOUNT_ROOT, "*"] }],
        ])("reads %s as anyone", (_what, principal) => {
            expect(statementOf({ Effect: "Allow", Principal: principal }).principals?.anyone).toBe(true);
        });

        it("reads AWS, Service, Federated and CanonicalUser principals given as strings or arrays", () => {
            const statement = statementOf({
                Effect: "Allow",
                Principal: {
                    AWS: ACCOUNT_ROOT,
                    Service: ["connect.amazonaws.com", "logging.s3.amazonaws.com"],
                    Federated: "cognito-identity.amazonaws.com",
                    CanonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"],
                },
            });
            expect(statement.principals).toEqual({
                anyone: false,
                aws: [ACCOUNT_ROOT],
                service: ["connect.amazonaws.com", "logging.s3.amazonaws.com"],
                federated: ["cognito-identity.amazonaws.com"],
                canonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"],
            });
        });

        it("reads NotPrincipal apart from Principal", () => {
            const statement = statementOf({ Effect: "Deny", NotPrincipal: { AWS: ACCOUNT_ROOT }, Action: "s3:*" });
            expect(statement.principals).toBeUndefined();
            expect(statement.notPrincipals?.aws).toEqual([ACCOUNT_ROOT]);
        });

        it("reads a Principal that is neither * nor an object as naming nobody", () => {
            expect(statementOf({ Effect: "Allow", Principal: [ACCOUNT_ROOT] }).principals).toEqual({
                anyone: false,
                aws: [],
                service: [],
                federated: [],
                canonicalUser: [],
            });
        });
    });

    describe("conditions", () => {
        it("reads one condition per operator and key, with values as strings", () => {
            const statement = statementOf({
                Effect: "Allow",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "111122223333", "kms:ViaService": ["s3.eu-central-1.amazonaws.com"] },
                    NumericLessThan: { "s3:max-keys": 10 },
                    Bool: { "aws:SecureTransport": false },
                },
            });
            expect(statement.conditions).toEqual([
                { operator: "StringEquals", key: "aws:SourceAccount", values: ["111122223333"] },
                { operator: "StringEquals", key: "kms:ViaService", values: ["s3.eu-central-1.amazonaws.com"] },
                { operator: "NumericLessThan", key: "s3:max-keys", values: ["10"] },
                { operator: "Bool", key: "aws:SecureTransport", values: ["false"] },
            ]);
        });

        it.each([
            ["a string", "aws:SourceAccount"],
            ["an array", [{ StringEquals: { "aws:SourceAccount": "111122223333" } }]],
            ["an operator whose block is not an object", { StringEquals: "aws:SourceAccount" }],
        ])("reads no conditions from a Condition that is %s", (_what, condition) => {
            expect(statementOf({ Effect: "Allow", Condition: condition }).conditions).toEqual([]);
        });
    });

    describe("malformed input", () => {
        it.each([
            ["invalid JSON", "{ Statement: [", "not valid JSON"],
            ["a JSON array", "[]", "not a JSON object"],
            ["a JSON number", "42", "not a JSON object"],
            ["the JSON literal null", "null", "not a JSON object"],
            ["an array", [{ Effect: "Allow" }], "not a JSON object"],
            ["a number", 42, "not a JSON object"],
            ["a boolean", true, "not a JSON object"],
        ])("reports %s as malformed", (_what, value, reason) => {
            expect(readPolicyDocument(value)).toEqual({ kind: "malformed", reason });
        });

        it.each([
            ["a null Statement", { Statement: null }],
            ["a null statement in the list", { Statement: [{ Effect: "Allow" }, null] }],
            ["a statement that is a string", { Statement: ["Allow everything"] }],
            ["a statement that is an array", { Statement: [[{ Effect: "Allow" }]] }],
        ])("reports %s as malformed", (_what, document) => {
            expect(readPolicyDocument(document)).toEqual({ kind: "malformed", reason: "a statement is not an object" });
        });

        it.each([
            ["lower-case allow", "allow", 'a statement has Effect "allow"'],
            ["Permit", "Permit", 'a statement has Effect "Permit"'],
            ["a boolean", true, "a statement has Effect true"],
            ["nothing", undefined, "a statement has Effect undefined"],
        ])("reports a statement whose Effect is %s as malformed", (_what, effect, reason) => {
            expect(readPolicyDocument({ Statement: [{ Effect: effect, Action: "s3:*" }] })).toEqual({ kind: "malformed", reason });
        });

        it("refuses a JSON string larger than 1 MiB without parsing it", () => {
            const huge = JSON.stringify({ Statement: [], Padding: "x".repeat(1024 * 1024) });
            expect(readPolicyDocument(huge)).toEqual({ kind: "malformed", reason: "document larger than 1 MiB" });
        });
    });
});

describe("actionPatternMatches", () => {
    it.each([
        ["*", "s3:GetObject"],
        ["s3:*", "s3:PutObject"],
        ["s3:Get*", "s3:GetObjectVersion"],
        ["kms:GenerateDataKey*", "kms:GenerateDataKeyWithoutPlaintext"],
        ["s3:GetObject", "s3:GetObject"],
        ["S3:GETOBJECT", "s3:GetObject"],
        ["s3:getobject", "S3:GetObject"],
        ["kms:Re?ncrypt*", "kms:ReEncryptFrom"],
        ["s3:*Object", "s3:DeleteObject"],
    ])("%s covers %s", (pattern, action) => {
        expect(actionPatternMatches(pattern, action)).toBe(true);
    });

    it.each([
        ["s3:Get*", "s3:PutObject"],
        ["s3:*", "kms:Decrypt"],
        ["s3:GetObject", "s3:GetObjectAcl"],
        ["s3:GetObject", "xs3:GetObject"],
        ["kms:Re?ncrypt*", "kms:ReXXEncryptFrom"],
        ["s3:Get.bject", "s3:GetObject"],
        ["s3:Get(Object)", "s3:GetObject"],
    ])("%s does not cover %s", (pattern, action) => {
        expect(actionPatternMatches(pattern, action)).toBe(false);
    });
});

describe("statementCoversAction", () => {
    it("covers an action one of its Action patterns matches", () => {
        const statement = statementOf({ Effect: "Allow", Action: ["s3:PutObject", "kms:GenerateDataKey*"] });
        expect(statementCoversAction(statement, "kms:GenerateDataKey")).toBe(true);
        expect(statementCoversAction(statement, "kms:Decrypt")).toBe(false);
    });

    it("covers every action its NotAction patterns do not match", () => {
        const statement = statementOf({ Effect: "Deny", NotAction: ["s3:GetObject", "s3:List*"] });
        expect(statementCoversAction(statement, "s3:DeleteObject")).toBe(true);
        expect(statementCoversAction(statement, "s3:GetObject")).toBe(false);
        expect(statementCoversAction(statement, "s3:ListBucket")).toBe(false);
    });

    it("covers nothing when the statement has neither Action nor NotAction", () => {
        expect(statementCoversAction(statementOf({ Effect: "Allow", Resource: "*" }), "s3:GetObject")).toBe(false);
    });
});

describe("wildcardActions", () => {
    it.each([
        ["*", ["*"]],
        ["s3:*", ["s3:*"]],
        ["KMS:*", ["KMS:*"]],
        [["s3:GetObject", "kms:*", "s3:*"], ["kms:*", "s3:*"]],
    ])("finds the wildcard in %j", (action, wildcards) => {
        expect(wildcardActions(statementOf({ Effect: "Allow", Action: action }))).toEqual(wildcards);
    });

    it.each(["kms:GenerateDataKey*", "kms:Describe*", "s3:Get*", "s3:GetObject", "s3:*Object"])(
        "does not count the prefix or action %s as a wildcard",
        (action) => {
            expect(wildcardActions(statementOf({ Effect: "Allow", Action: action }))).toEqual([]);
        },
    );

    it("counts an Allow with NotAction as a wildcard", () => {
        expect(wildcardActions(statementOf({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).toEqual(["NotAction"]);
    });

    it("finds nothing in a statement without actions", () => {
        expect(wildcardActions(statementOf({ Effect: "Allow", Resource: "*" }))).toEqual([]);
    });
});

describe("hasScopingCondition", () => {
    it.each([
        ["aws:SourceAccount", { StringEquals: { "aws:SourceAccount": "111122223333" } }],
        ["aws:SourceArn", { ArnLike: { "aws:SourceArn": "arn:aws:connect:eu-central-1:111122223333:instance/*" } }],
        ["aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }],
        ["aws:sourceaccount in lower case", { StringEquals: { "aws:sourceaccount": "111122223333" } }],
        ["AWS:SOURCEARN in upper case", { ArnEquals: { "AWS:SOURCEARN": "arn:aws:connect:eu-central-1:111122223333:instance/1" } }],
        ["aws:PrincipalOrgId in mixed case", { StringEquals: { "aws:PrincipalOrgId": "o-a1b2c3d4e5" } }],
    ])("recognises %s", (_what, condition) => {
        expect(hasScopingCondition(statementOf({ Effect: "Allow", Principal: "*", Condition: condition }))).toBe(true);
    });

    it.each([
        ["no condition", undefined],
        ["only a transport condition", { Bool: { "aws:SecureTransport": "true" } }],
        ["only a KMS via-service condition", { StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } }],
    ])("finds no scope in a statement with %s", (_what, condition) => {
        expect(hasScopingCondition(statementOf({ Effect: "Allow", Principal: "*", Condition: condition }))).toBe(false);
    });
});

describe("allowsAnyoneUnconditionally", () => {
    it.each([
        ["*", "*"],
        ['{"AWS": "*"}', { AWS: "*" }],
    ])("is true for an Allow to %s without conditions", (_what, principal) => {
        expect(allowsAnyoneUnconditionally(statementOf({ Effect: "Allow", Principal: principal, Action: "s3:GetObject" }))).toBe(true);
    });

    it("is true for an Allow to anyone whose only condition does not narrow who", () => {
        const statement = statementOf({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Condition: { Bool: { "aws:SecureTransport": "true" } },
        });
        expect(allowsAnyoneUnconditionally(statement)).toBe(true);
    });

    it.each([
        ["*", "*"],
        ['{"AWS": "*"}', { AWS: "*" }],
    ])("is false for an Allow to %s scoped by aws:SourceAccount", (_what, principal) => {
        const statement = statementOf({
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        });
        expect(allowsAnyoneUnconditionally(statement)).toBe(false);
    });

    it("is false for an Allow to one account's root", () => {
        expect(allowsAnyoneUnconditionally(statementOf({ Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: "s3:*" }))).toBe(false);
    });

    it("is false for an Allow to a service principal", () => {
        const statement = statementOf({ Effect: "Allow", Principal: { Service: "connect.amazonaws.com" }, Action: "s3:PutObject" });
        expect(allowsAnyoneUnconditionally(statement)).toBe(false);
    });

    it("is false for a Deny to anyone", () => {
        expect(allowsAnyoneUnconditionally(statementOf({ Effect: "Deny", Principal: "*", Action: "s3:*" }))).toBe(false);
    });

    it("is false for an identity policy statement, which has no Principal", () => {
        expect(allowsAnyoneUnconditionally(statementOf({ Effect: "Allow", Action: "s3:*", Resource: "*" }))).toBe(false);
    });
});

describe("conditions and principals that only look narrow", () => {
    const openRead = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: BUCKET_OBJECTS };

    it.each([
        ["a negated operator", { StringNotEquals: { "aws:SourceAccount": "111122223333" } }],
        ["an IfExists operator, which passes for callers without the key", { StringEqualsIfExists: { "aws:SourceAccount": "111122223333" } }],
        ["a Null test", { Null: { "aws:SourceAccount": "true" } }],
        ["a wildcard value", { StringLike: { "aws:PrincipalOrgID": "*" } }],
    ])("treats a principal of * as anyone despite %s", (_case, Condition) => {
        const statement = statementOf({ ...openRead, Condition });
        expect(hasScopingCondition(statement)).toBe(false);
        expect(allowsAnyoneUnconditionally(statement)).toBe(true);
    });

    it("treats ForAnyValue:StringEquals on aws:PrincipalOrgID as scoping", () => {
        const statement = statementOf({ ...openRead, Condition: { "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": ["o-abc123"] } } });
        expect(allowsAnyoneUnconditionally(statement)).toBe(false);
    });

    it("treats an Allow with NotPrincipal as open to everyone but the named principal", () => {
        const statement = statementOf({ Effect: "Allow", NotPrincipal: { AWS: ACCOUNT_ROOT }, Action: "s3:GetObject", Resource: BUCKET_OBJECTS });
        expect(allowsAnyoneUnconditionally(statement)).toBe(true);
    });

    it("does not call a Deny with NotAction a wildcard grant", () => {
        expect(wildcardActions(statementOf({ Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" }))).toEqual([]);
    });
});

describe("documents partly known at preview", () => {
    it("reads a document whose statement list holds a statement not known yet as unknown, not malformed", () => {
        expect(readPolicyDocument({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, UNKNOWN] })).toEqual({ kind: "unknown" });
    });

    it("keeps structured condition values readable", () => {
        const [statement] = statementsOf({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": { nested: 1 } } } }] });
        expect(statement.conditions[0].values).toEqual(['{"nested":1}']);
    });

    it("counts organisation paths as scoping", () => {
        const statement = statementOf({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3/r-ab12/ou-ab12-11111111/*"] } } });
        expect(allowsAnyoneUnconditionally(statement)).toBe(false);
    });
});
