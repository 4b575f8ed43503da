/**
 * `aws.iam.getPolicyDocument` answered offline must be the provider's answer, byte for byte: the
 * document's JSON is hashed into `id`, compared by controls and written into policies.
 *
 * The expected documents marked "provider test" are the ones hashicorp/terraform-provider-aws
 * asserts in internal/service/iam/policy_document_data_source_test.go (partition `aws`), with the
 * HCL configuration translated to the arguments the Pulumi SDK sends.
 */
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InvokeArgumentError, iamPolicyDocument } from "../../../cli/engine/invokes/iam-policy-document";

type Args = Record<string, unknown>;

function json(args: Args): string {
    return iamPolicyDocument(args)["json"] as string;
}

function statement(args: Args): unknown {
    return (JSON.parse(json({ statements: [args] })) as { Statement: unknown[] }).Statement[0];
}

function rejection(args: Args): string {
    try {
        iamPolicyDocument(args);
    } catch (error) {
        expect(error).toBeInstanceOf(InvokeArgumentError);
        return (error as Error).message;
    }
    throw new Error("the arguments were accepted");
}

// provider test: testAccPolicyDocumentDataSourceConfig_basic
const basic: Args = {
    policyId: "policy_id",
    statements: [
        { sid: "1", actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources: ["arn:aws:s3:::*"] },
        {
            actions: ["s3:ListBucket"],
            resources: ["arn:aws:s3:::foo"],
            conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["home/", "", "home/&{aws:username}/"] }],
            notPrincipals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
        },
        {
            actions: ["s3:*"],
            resources: ["arn:aws:s3:::foo/home/&{aws:username}", "arn:aws:s3:::foo/home/&{aws:username}/*"],
            principals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
        },
        { effect: "Deny", notActions: ["s3:*"], notResources: ["arn:aws:s3:::*"] },
        { effect: "Allow", actions: ["kinesis:*"], principals: [{ type: "AWS", identifiers: ["*"] }] },
        { effect: "Allow", actions: ["firehose:*"], principals: [{ type: "*", identifiers: ["*"] }] },
    ],
};

const basicJson = `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/\${aws:username}/*",
        "arn:aws:s3:::foo/home/\${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}`;

const basicMinified =
    '{"Version":"2012-10-17","Id":"policy_id","Statement":[{"Sid":"1","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::*"},' +
    '{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::foo","NotPrincipal":{"AWS":"arn:blahblah:example"},"Condition":{"StringLike":{"s3:prefix":["home/","","home/${aws:username}/"]}}},' +
    '{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::foo/home/${aws:username}/*","arn:aws:s3:::foo/home/${aws:username}"],"Principal":{"AWS":"arn:blahblah:example"}},' +
    '{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::*"},{"Effect":"Allow","Action":"kinesis:*","Principal":{"AWS":"*"}},{"Effect":"Allow","Action":"firehose:*","Principal":"*"}]}';

/** Documents of one statement each, `{ sid, effect, actions }`, as the provider renders them. */
function documentOf(...statements: { sid: string; effect?: string; actions: string[] }[]): string {
    return json({ statements });
}

describe("the document the provider renders", () => {
    it("matches the provider's basic test, indented with two spaces (MarshalIndent)", () => {
        expect(json(basic)).toBe(basicJson);
    });

    it("matches the provider's basic test when minified (Marshal)", () => {
        expect(iamPolicyDocument(basic)["minifiedJson"]).toBe(basicMinified);
    });

    it("identifies the document by the CRC-32 of its indented JSON, in decimal", () => {
        const result = iamPolicyDocument(basic);
        expect(result["id"]).toBe(String(crc32(basicJson)));
    });

    it.each([
        [
            "a single condition value stands alone (provider test: singleConditionValue)",
            {
                effect: "Deny",
                principals: [{ type: "AWS", identifiers: ["*"] }],
                actions: ["elasticfilesystem:*"],
                resources: ["*"],
                conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "elasticfilesystem:*",
      "Resource": "*",
      "Principal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}`,
        ],
        [
            "conditions with one test group their variables, in byte order (provider test: multipleConditionKeys)",
            {
                sid: "AWSCloudTrailWrite20150319",
                effect: "Allow",
                principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
                actions: ["s3:PutObject"],
                resources: ["*"],
                conditions: [
                    { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
                    { test: "StringEquals", variable: "aws:SourceArn", values: ["some-other-value"] },
                ],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSCloudTrailWrite20150319",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "*",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "some-other-value",
          "s3:x-amz-acl": "bucket-owner-full-control"
        }
      }
    }
  ]
}`,
        ],
        [
            "conditions on one variable pool their values (provider test: duplicateConditionKeys)",
            {
                sid: "DuplicateConditionTest",
                effect: "Allow",
                principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
                actions: ["s3:PutObject"],
                resources: ["*"],
                conditions: [
                    { test: "StringEquals", variable: "s3:prefix", values: ["one/", "two/"] },
                    { test: "StringEquals", variable: "s3:prefix", values: ["three/"] },
                ],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DuplicateConditionTest",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "*",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "s3:prefix": [
            "one/",
            "two/",
            "three/"
          ]
        }
      }
    }
  ]
}`,
        ],
        [
            "principal blocks of one type join into one list (provider test: StatementPrincipalIdentifiers_stringAndSlice)",
            {
                actions: ["*"],
                resources: ["*"],
                sid: "StatementPrincipalIdentifiersStringAndSlice",
                principals: [
                    { identifiers: ["arn:aws:iam::111111111111:root"], type: "AWS" },
                    { identifiers: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"], type: "AWS" },
                ],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::222222222222:root"
        ]
      }
    }
  ]
}`,
        ],
    ])("%s", (_rule, statementArgs, expected) => {
        expect(json({ statements: [statementArgs] })).toBe(expected);
    });

    it.each([
        ["aws", ["333333333333", "444444444444", "222222222222", "111111111111"]],
        ["aws-us-gov", ["333333333333", "222222222222", "111111111111", "444444444444"]],
    ])("orders joined principal blocks by the SDK's set hash, so the %s partition gives its own order (provider test: multiplePrincipals)", (partition, accounts) => {
        const root = (account: string) => `arn:${partition}:iam::${account}:root`;
        const document = JSON.parse(
            json({
                statements: [
                    {
                        actions: ["*"],
                        resources: ["*"],
                        principals: [
                            { identifiers: [root("111111111111"), root("222222222222")], type: "AWS" },
                            { identifiers: [root("333333333333")], type: "AWS" },
                            { identifiers: [root("444444444444")], type: "AWS" },
                        ],
                    },
                ],
            }),
        );
        expect(document.Statement[0].Principal.AWS).toEqual(accounts.map(root));
    });

    it.each([
        ["one action stands alone as a string", { actions: ["s3:GetObject"] }, { Effect: "Allow", Action: "s3:GetObject" }],
        ["several actions are sorted Z to A", { actions: ["s3:GetObject", "kms:Decrypt", "s3:PutObject"] }, { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "kms:Decrypt"] }],
        ["repeated actions count once", { actions: ["s3:GetObject", "s3:GetObject"] }, { Effect: "Allow", Action: "s3:GetObject" }],
        ["an empty action is dropped with the set's other empty strings", { actions: ["", "s3:GetObject"] }, { Effect: "Allow", Action: "s3:GetObject" }],
        ["resources are sorted Z to A", { resources: ["arn:aws:s3:::a", "arn:aws:s3:::b"] }, { Effect: "Allow", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::a"] }],
        ["not_actions and not_resources collapse the same way", { effect: "Deny", notActions: ["iam:*"], notResources: ["*"] }, { Effect: "Deny", NotAction: "iam:*", NotResource: "*" }],
        ["a statement with nothing in it still has its default effect", {}, { Effect: "Allow" }],
        ["condition values keep their order and their empty strings", { conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["b", "", "a"] }] }, { Effect: "Allow", Condition: { StringLike: { "s3:prefix": ["b", "", "a"] } } }],
        ["several identifiers of one principal are sorted Z to A", { principals: [{ type: "Service", identifiers: ["a.amazonaws.com", "b.amazonaws.com"] }] }, { Effect: "Allow", Principal: { Service: ["b.amazonaws.com", "a.amazonaws.com"] } }],
        ["the AWS wildcard stays a map, which role trust policies require", { principals: [{ type: "AWS", identifiers: ["*"] }] }, { Effect: "Allow", Principal: { AWS: "*" } }],
        ["type * with identifier * becomes the bare wildcard", { principals: [{ type: "*", identifiers: ["*"] }] }, { Effect: "Allow", Principal: "*" }],
        [
            "the bare wildcard is kept as a map when another principal joins it",
            { principals: [{ type: "*", identifiers: ["*"] }, { type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }] },
            { Effect: "Allow", Principal: { "*": "*", AWS: "arn:aws:iam::111122223333:root" } },
        ],
        ["not_principals render like principals", { notPrincipals: [{ type: "*", identifiers: ["*"] }] }, { Effect: "Allow", NotPrincipal: "*" }],
    ])("%s", (_rule, statementArgs, expected) => {
        expect(statement(statementArgs)).toEqual(expected);
    });

    it.each([
        ["resources", { resources: ["arn:aws:s3:::acme/home/&{aws:username}/*"] }, { Effect: "Allow", Resource: "arn:aws:s3:::acme/home/${aws:username}/*" }],
        ["principal identifiers", { principals: [{ type: "AWS", identifiers: ["&{aws:userid}"] }] }, { Effect: "Allow", Principal: { AWS: "${aws:userid}" } }],
        ["condition values", { conditions: [{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["&{aws:username}"] }] }, { Effect: "Allow", Condition: { StringEquals: { "aws:PrincipalTag/team": "${aws:username}" } } }],
    ])("turns &{...} into the policy variable ${...} in %s", (_where, statementArgs, expected) => {
        expect(statement(statementArgs)).toEqual(expected);
    });

    it("leaves &{ in actions alone: the provider substitutes only resources, principals and conditions", () => {
        expect(statement({ actions: ["s3:&{x}"] })).toEqual({ Effect: "Allow", Action: "s3:&{x}" });
    });

    it("escapes <, > and & as Go's encoding/json does", () => {
        const document = json({ statements: [{ conditions: [{ test: "StringLike", variable: "aws:Referer", values: ["https://acme.example/?a=1&b=<2>"] }] }] });
        expect(document).toContain('"https://acme.example/?a=1\\u0026b=\\u003c2\\u003e"');
        expect(JSON.parse(document).Statement[0].Condition.StringLike["aws:Referer"]).toBe("https://acme.example/?a=1&b=<2>");
    });

    it("writes a document of version 2008-10-17 when asked (provider test: version20081017)", () => {
        expect(json({ version: "2008-10-17", statements: [{ actions: ["ec2:*"], resources: ["*"] }] })).toBe(`{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    }
  ]
}`);
    });
});

describe("merging source and override documents", () => {
    it("appends its own statements to a source document (provider test: source)", () => {
        const source = {
            ...basic,
            statements: (basic["statements"] as Args[]).map((item, index) => {
                if (index === 1) return { ...item, conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["home/", "home/&{aws:username}/"] }] };
                if (index === 2) return { ...item, principals: [{ type: "AWS", identifiers: ["arn:blahblah:example", "arn:blahblahblah:example"] }] };
                return item;
            }),
        };
        const merged = json({ sourcePolicyDocuments: [json(source)], statements: [{ sid: "SourceJSONTest1", actions: ["*"], resources: ["*"] }] });
        expect(merged).toBe(`{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/\${aws:username}/*",
        "arn:aws:s3:::foo/home/\${aws:username}"
      ],
      "Principal": {
        "AWS": [
          "arn:blahblahblah:example",
          "arn:blahblah:example"
        ]
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    },
    {
      "Sid": "SourceJSONTest1",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`);
    });

    const policyA = documentOf({ sid: "", actions: ["foo:ActionOne"] }, { sid: "validSidOne", actions: ["bar:ActionOne"] });
    const policyB = documentOf({ sid: "validSidTwo", effect: "Deny", actions: ["foo:ActionTwo"] });
    const policyC = documentOf({ sid: "", actions: ["bar:ActionTwo"] });

    it.each([
        [
            "source documents merge in order (provider test: sourceList)",
            { version: "2012-10-17", sourcePolicyDocuments: [policyA, policyB, policyC] },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "validSidOne",
      "Effect": "Allow",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSidTwo",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    },
    {
      "Effect": "Allow",
      "Action": "bar:ActionTwo"
    }
  ]
}`,
        ],
        [
            "an empty source document is skipped (provider test: source, blank)",
            { sourcePolicyDocuments: [""], statements: [{ sid: "SourceJSONTest2", actions: ["*"], resources: ["*"] }] },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTest2",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`,
        ],
        [
            "a statement replaces the source statement with its Sid (provider test: sourceConflicting)",
            {
                sourcePolicyDocuments: [json({ statements: [{ sid: "SourceJSONTestConflicting", actions: ["iam:*"], resources: ["*"] }] })],
                statements: [{ sid: "SourceJSONTestConflicting", actions: ["*"], resources: ["*"] }],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SourceJSONTestConflicting",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}`,
        ],
        [
            "an override replaces the statement with its Sid, one without Sid is kept (provider test: override)",
            {
                overridePolicyDocuments: [json({ statements: [{ sid: "SidToOverwrite", actions: ["s3:*"], resources: ["*"] }] })],
                statements: [
                    { actions: ["ec2:*"], resources: ["*"] },
                    { sid: "SidToOverwrite", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] },
                ],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverwrite",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`,
        ],
        [
            "later overrides replace earlier ones by Sid (provider test: overrideList)",
            {
                version: "2012-10-17",
                overridePolicyDocuments: [
                    documentOf({ sid: "", actions: ["foo:ActionOne"] }, { sid: "overrideSid", actions: ["bar:ActionOne"] }),
                    documentOf({ sid: "validSid", effect: "Deny", actions: ["foo:ActionTwo"] }),
                    documentOf({ sid: "overrideSid", effect: "Deny", actions: ["bar:ActionOne"] }),
                ],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "overrideSid",
      "Effect": "Deny",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSid",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    }
  ]
}`,
        ],
        [
            "a source statement without Sid cannot be overridden (provider test: noStatementMerge)",
            {
                sourcePolicyDocuments: [json({ statements: [{ sid: "", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }] })],
                overridePolicyDocuments: [json({ statements: [{ sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] }] })],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
        ],
        [
            "an override replaces a source statement with its Sid (provider test: noStatementOverride)",
            {
                sourcePolicyDocuments: [json({ statements: [{ sid: "OverridePlaceholder", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }] })],
                overridePolicyDocuments: [json({ statements: [{ sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] }] })],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
        ],
        [
            "statements with a blank Sid may repeat (provider test: duplicateSid, blank)",
            {
                statements: [
                    { sid: "", effect: "Allow", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] },
                    { sid: "", effect: "Allow", actions: ["s3:GetObject"], resources: ["*"] },
                ],
            },
            `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeAccountAttributes",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
        ],
        ["a document with no statements keeps only its version (provider test: sourcePolicyValidJSON, empty)", { sourcePolicyDocuments: [""] }, `{\n  "Version": "2012-10-17"\n}`],
        ["an empty override document is skipped too (provider test: overridePolicyDocumentValidJSON, empty)", { overridePolicyDocuments: [""] }, `{\n  "Version": "2012-10-17"\n}`],
    ])("%s", (_rule, args, expected) => {
        expect(json(args)).toBe(expected);
    });

    it("reads a source document's boolean and one-item condition values as strings (provider test: conditionWithBoolValue)", () => {
        const source = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "RestrictAccessToSpecialTag",
                    Effect: "Deny",
                    Action: ["ec2:CreateTags", "ec2:DeleteTags"],
                    Resource: "arn:aws:ec2:*:*:vpc/*",
                    Condition: {
                        Null: { "aws:ResourceTag/SpecialTag": false },
                        StringLike: { "aws:ResourceAccount": ["123456"], "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution" },
                    },
                },
            ],
        });
        expect(JSON.parse(json({ sourcePolicyDocuments: [source] }))).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "RestrictAccessToSpecialTag",
                    Effect: "Deny",
                    Action: ["ec2:CreateTags", "ec2:DeleteTags"],
                    Resource: "arn:aws:ec2:*:*:vpc/*",
                    Condition: {
                        Null: { "aws:ResourceTag/SpecialTag": "false" },
                        StringLike: { "aws:ResourceAccount": "123456", "aws:PrincipalArn": "arn:aws:iam::*:role/AWSAFTExecution" },
                    },
                },
            ],
        });
    });

    it.each([
        ["keeps a merged document's action list as written, unsorted", { Action: ["a:B", "a:C", "a:A"] }, { Action: ["a:B", "a:C", "a:A"] }],
        ["keeps a merged document's one-item list as a list", { Resource: ["*"] }, { Resource: ["*"] }],
        ["leaves &{ in a merged document untouched", { Resource: "arn:aws:s3:::a/&{aws:username}" }, { Resource: "arn:aws:s3:::a/&{aws:username}" }],
        ["reads any string principal as the wildcard", { Principal: "anything" }, { Principal: "*" }],
        ["sorts a merged document's principal identifiers Z to A", { Principal: { AWS: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"] } }, { Principal: { AWS: ["arn:aws:iam::2:root", "arn:aws:iam::1:root"] } }],
        ["keeps a merged one-item identifier list as a list", { Principal: { Service: ["s3.amazonaws.com"] } }, { Principal: { Service: ["s3.amazonaws.com"] } }],
        ["drops a numeric condition value, which the provider does not read", { Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": 3600 } } }, {}],
        ["matches field names regardless of case", { effect: "Deny", action: "s3:*", resource: "*" }, { Effect: "Deny", Action: "s3:*", Resource: "*" }],
        ["writes objects it does not know with sorted keys", { Action: { b: 1, a: [true, null] } }, { Action: { a: [true, null], b: 1 } }],
    ])("%s", (_rule, sourceStatement, expected) => {
        const merged = JSON.parse(json({ sourcePolicyDocuments: [JSON.stringify({ Statement: [sourceStatement] })] }));
        expect(merged.Statement[0]).toEqual(expected);
    });

    it("writes unknown objects' keys in byte order, not in the order given", () => {
        const merged = json({ sourcePolicyDocuments: [JSON.stringify({ Statement: [{ Action: { b: 1, a: 2 } }] })] });
        expect(merged).toContain(`"Action": {\n        "a": 2,\n        "b": 1\n      }`);
    });

    it.each([
        ["the higher version of the documents merged", { version: "2008-10-17", sourcePolicyDocuments: [JSON.stringify({ Version: "2012-10-17" })] }, { Version: "2012-10-17" }],
        ["the last Id given, overrides last", { policyId: "mine", overridePolicyDocuments: [JSON.stringify({ Id: "theirs" })] }, { Version: "2012-10-17", Id: "theirs" }],
        ["a source's Id unless the arguments name one", { sourcePolicyDocuments: [JSON.stringify({ Id: "theirs" })] }, { Version: "2012-10-17", Id: "theirs" }],
    ])("takes %s", (_rule, args, expected) => {
        expect(JSON.parse(json(args))).toEqual(expected);
    });
});

describe("arguments the provider rejects", () => {
    const onlyA = documentOf({ sid: "conflictSid", actions: ["bar:ActionOne"] });

    it.each([
        ["an effect other than Allow or Deny", { statements: [{ effect: "allow" }] }, 'expected statement.0.effect to be one of ["Allow" "Deny"], got allow'],
        ["an unknown version", { version: "2020-01-01" }, 'expected version to be one of ["2008-10-17" "2012-10-17"], got 2020-01-01'],
        ["a Sid with other than letters and digits", { statements: [{}, { sid: "read-only" }] }, "invalid value for statement.1.sid (must only include alphanumeric characters)"],
        ["two statements with one Sid (provider test: duplicateSid)", { statements: [{ sid: "1" }, { sid: "1" }] }, "writing IAM Policy Document: duplicate Sid (1). Remove the Sid or ensure the Sid is unique."],
        [
            "two source documents with one Sid (provider test: sourceListConflicting)",
            { sourcePolicyDocuments: [onlyA, documentOf({ sid: "validSid", actions: ["x:Y"] }), onlyA] },
            "writing IAM Policy Document: merging source document 2: duplicate Sid (conflictSid) in source_policy_documents (statement 0). Remove the Sid or ensure Sids are unique.",
        ],
        ["a source document that is not JSON (provider test: sourcePolicyValidJSON)", { sourcePolicyDocuments: ["{"] }, '"source_policy_documents.0" contains an invalid JSON: unexpected end of JSON input'],
        ["an override document that is not JSON (provider test: overridePolicyDocumentValidJSON)", { overridePolicyDocuments: ["", "{"] }, '"override_policy_documents.1" contains an invalid JSON: unexpected end of JSON input'],
        ["a source document whose Statement is one object", { sourcePolicyDocuments: ['{"Statement": {"Effect": "Allow"}}'] }, "writing IAM Policy Document: merging source document 0: json: cannot unmarshal object into Go struct field iamPolicyDoc.Statement of type []*iam.iamPolicyStatement"],
        ["a source statement whose Sid is a number", { sourcePolicyDocuments: ['{"Statement": [{"Sid": 1}]}'] }, "writing IAM Policy Document: merging source document 0: json: cannot unmarshal number into Go struct field iamPolicyStatement.Statement.Sid of type string"],
        ["an override principal that is a number", { overridePolicyDocuments: ['{"Statement": [{"Principal": 7}]}'] }, "writing IAM Policy Document: merging override document 0: Unsupported data type float64 for IAMPolicyStatementPrincipalSet"],
        ["a non-empty source_json, which is no longer used", { sourceJson: "{}" }, 'expected "source_json" to be an empty string: got {}'],
        ["a non-empty override_json, which is no longer used", { overrideJson: "{}" }, 'expected "override_json" to be an empty string: got {}'],
        ["a principal block without a type", { statements: [{ principals: [{ identifiers: ["*"] }] }] }, '"statement.0.principals.0.type": required field is not set'],
    ])("rejects %s", (_what, args, message) => {
        expect(rejection(args)).toBe(message);
    });

    it.each([
        ["resources", { resources: ["arn:aws:s3:::foo/home/&{aws:username}"] }, "reading resources: found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), which is not supported in document version 2008-10-17"],
        ["not_resources", { notResources: ["arn:aws:s3:::foo/home/&{aws:username}"] }, "reading not_resources: found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), which is not supported in document version 2008-10-17"],
        ["principals", { principals: [{ identifiers: ["&{aws:username}"], type: "AWS" }] }, "reading principals: reading identifiers: found &{ sequence in (&{aws:username}), which is not supported in document version 2008-10-17"],
        ["not_principals", { notPrincipals: [{ identifiers: ["&{aws:username}"], type: "AWS" }] }, "reading not_principals: reading identifiers: found &{ sequence in (&{aws:username}), which is not supported in document version 2008-10-17"],
        [
            "conditions",
            { conditions: [{ test: "StringLike", values: ["home/", "home/&{aws:username}/"], variable: "s3:prefix" }] },
            "reading condition: reading values: found &{ sequence in (home/&{aws:username}/), which is not supported in document version 2008-10-17",
        ],
    ])("rejects policy variables in %s of a 2008-10-17 document (provider test: version20081017)", (_where, statementArgs, message) => {
        expect(rejection({ version: "2008-10-17", statements: [{ actions: ["*"], ...statementArgs }] })).toBe(message);
    });

    it("accepts the deprecated source_json and override_json when empty", () => {
        expect(json({ sourceJson: "", overrideJson: "" })).toBe(`{\n  "Version": "2012-10-17"\n}`);
    });
});

describe("the arguments handed back with the result", () => {
    it("echoes the arguments with the schema's defaults filled in", () => {
        const result = iamPolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] });
        expect(result).toMatchObject({
            version: "2012-10-17",
            statements: [
                {
                    actions: ["s3:GetObject"],
                    conditions: [],
                    effect: "Allow",
                    notActions: [],
                    notPrincipals: [],
                    notResources: [],
                    principals: [],
                    resources: ["*"],
                    sid: "",
                },
            ],
        });
    });

    it("leaves out the arguments that were not given", () => {
        expect(Object.keys(iamPolicyDocument({})).sort()).toEqual(["id", "json", "minifiedJson", "version"]);
    });

    it("hands back the documents merged and the policy id", () => {
        const source = documentOf({ sid: "A", actions: ["s3:GetObject"] });
        expect(iamPolicyDocument({ policyId: "p1", sourcePolicyDocuments: [source] })).toMatchObject({ policyId: "p1", sourcePolicyDocuments: [source] });
    });

    it("hands back set members once each, in the SDK's set order", () => {
        const [echoed] = iamPolicyDocument({ statements: [{ actions: ["b:B", "a:A", "b:B"] }] })["statements"] as { actions: string[] }[];
        expect([...echoed.actions].sort()).toEqual(["a:A", "b:B"]);
    });
});
