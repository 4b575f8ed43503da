import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample } from "../../../policies/control";
import { bucketTlsOnly, coversBucketObjects } from "../../../policies/encryption/bucket-tls-only";
import { NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf, itBlocksAlsoAtFirstPreview } from "../../support/control-examples";
import { graphResource, urnOf } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const OBJECTS = "arn:aws:s3:::acme-recordings/*";

const tlsDeny = (overrides: Record<string, unknown> = {}) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [OBJECTS],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
    ...overrides,
});
const documentOf = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });

function stackWithPolicy(policy: unknown, bucketProps: Record<string, unknown> = { bucket: "acme-recordings" }): ControlExample {
    return {
        title: "ad hoc",
        verdict: "violation",
        resources: [
            { name: "recordings", type: BUCKET, props: bucketProps },
            { name: "recordings-policy", type: BUCKET_POLICY, props: { bucket: "acme-recordings", policy } },
        ],
    };
}

async function outcome(example: ControlExample) {
    const findings = await findingsOf(bucketTlsOnly, example);
    return {
        findings,
        blocked: findings.some((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.some((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(bucketTlsOnly);

describe("encryption-bucket-tls-only with two policies on one bucket", () => {
    itBlocksAlsoAtFirstPreview(bucketTlsOnly, "two BucketPolicies", "has 2 bucket policies ('recordings-policy', 'public-read-policy')");
});

describe("encryption-bucket-tls-only", () => {
    describe("recognises the TLS deny in its usual spellings", () => {
        it.each([
            ["a boolean false instead of the string", tlsDeny({ Condition: { Bool: { "aws:SecureTransport": false } } })],
            ["BoolIfExists", tlsDeny({ Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } })],
            ["a condition key in another case", tlsDeny({ Condition: { Bool: { "AWS:SecureTransport": ["false"] } } })],
            ['Principal {"AWS": ["*"]}', tlsDeny({ Principal: { AWS: ["*"] } })],
            ['Action "*"', tlsDeny({ Action: "*" })],
            ["Action as a list with s3:*", tlsDeny({ Action: ["s3:*"] })],
            ['Resource "*"', tlsDeny({ Resource: "*" })],
            ["Resource arn:aws:s3:::*", tlsDeny({ Resource: "arn:aws:s3:::*" })],
            ["a single statement instead of a list", undefined],
        ])("accepts %s", async (_title, statement) => {
            const policy = statement === undefined ? { Version: "2012-10-17", Statement: tlsDeny() } : documentOf(statement);
            expect((await outcome(stackWithPolicy(policy))).findings).toEqual([]);
        });

        it("accepts the TLS deny next to a TLS-version floor in its own statement", async () => {
            const floor = tlsDeny({ Sid: "DenyOldTls", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } });
            expect((await outcome(stackWithPolicy(JSON.stringify(documentOf(floor, tlsDeny()))))).findings).toEqual([]);
        });

        it("accepts a literal object ARN when the bucket's own name is not given (S3 rejects policies naming other buckets)", async () => {
            const example = stackWithPolicy(documentOf(tlsDeny({ Resource: "arn:aws:s3:::acme-recordings-a1b2c3/*" })), {});
            example.resources[1].props["bucket"] = UNKNOWN;
            (example.resources[1] as { propertyDependencies?: Record<string, string[]> }).propertyDependencies = { bucket: ["recordings"] };
            expect((await outcome(example)).findings).toEqual([]);
        });
    });

    describe("blocks statements that do not deny every plain-HTTP request", () => {
        it.each([
            ["an Allow instead of a Deny", tlsDeny({ Effect: "Allow" }), /Effect "Allow"/],
            ["NotPrincipal instead of everyone", { ...tlsDeny(), Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }, /NotPrincipal/],
            ["writes only", tlsDeny({ Action: ["s3:PutObject"] }), /does not deny every S3 action/],
            ["another bucket's objects", tlsDeny({ Resource: "arn:aws:s3:::acme-transcripts/*" }), /does not cover all objects/],
            ["the bucket ARN without its objects", tlsDeny({ Resource: "arn:aws:s3:::acme-recordings" }), /does not cover all objects/],
            ["NotResource", { ...tlsDeny(), Resource: undefined, NotResource: "arn:aws:s3:::acme-recordings/public/*" }, /NotResource/],
            ["aws:SecureTransport true", tlsDeny({ Condition: { Bool: { "aws:SecureTransport": "true" } } }), /no statement that denies/],
            ["a StringEquals on aws:SecureTransport", tlsDeny({ Condition: { StringEquals: { "aws:SecureTransport": "false" } } }), /no statement that denies/],
            [
                "the TLS-version floor in the same statement (conditions are ANDed)",
                tlsDeny({ Condition: { Bool: { "aws:SecureTransport": "false" }, NumericLessThan: { "s3:TlsVersion": "1.2" } } }),
                /further conditions that narrow it/,
            ],
            [
                "a deny narrowed to one account",
                tlsDeny({ Condition: { Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:PrincipalAccount": "111122223333" } } }),
                /further conditions/,
            ],
        ])("blocks %s", async (_title, statement, reason) => {
            const { findings, blocked } = await outcome(stackWithPolicy(documentOf(statement)));
            expect(blocked).toBe(true);
            expect(findings[0].message).toMatch(reason);
        });

        it("explains that a TLS-version floor alone lets plain HTTP through", async () => {
            const floor = tlsDeny({ Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } });
            const { findings } = await outcome(stackWithPolicy(documentOf(floor)));
            expect(findings[0].message).toMatch(/plain HTTP requests carry no TLS version/);
        });
    });

    describe("messages", () => {
        it("name the bucket, the policy resource and the fix, and report on the bucket's URN", async () => {
            const { findings } = await outcome(stackWithPolicy(documentOf({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: OBJECTS })));
            expect(findings).toHaveLength(1);
            expect(findings[0].urn).toBe(urnOf(BUCKET, "recordings"));
            expect(findings[0].message).toContain("S3 bucket 'recordings'");
            expect(findings[0].message).toContain("BucketPolicy 'recordings-policy'");
            expect(findings[0].message).toContain('"aws:SecureTransport": "false"');
            expect(findings[0].message).not.toContain("111122223333");
        });

        it("say a malformed document cannot be read, without quoting it", async () => {
            const { findings, blocked } = await outcome(stackWithPolicy('{"Statement": [{"Effect": "Maybe", "Sid": "secret-ish"}]}'));
            expect(blocked).toBe(true);
            expect(findings[0].message).toMatch(/cannot be read/);
            expect(findings[0].message).not.toContain("secret-ish");
        });
    });

    describe("relations between buckets and policies", () => {
        it("does not count a BucketPolicy for a bucket outside the stack", async () => {
            const example: ControlExample = {
                title: "external",
                verdict: "violation",
                resources: [
                    { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } },
                    { name: "other-policy", type: BUCKET_POLICY, props: { bucket: "someone-elses-bucket", policy: documentOf(tlsDeny({ Resource: "*" })) } },
                ],
            };
            const { blocked, findings } = await outcome(example);
            expect(blocked).toBe(true);
            expect(findings[0].message).toMatch(/has no bucket policy/);
        });

        it("still blocks a bucket whose own policy lacks the deny when another policy's bucket is unknown", async () => {
            const example: ControlExample = {
                title: "unresolved elsewhere",
                verdict: "violation",
                resources: [
                    { name: "recordings", type: BUCKET_V2, props: { bucket: "acme-recordings", policy: JSON.stringify(documentOf(tlsDeny({ Effect: "Allow" }))) } },
                    { name: "some-policy", type: BUCKET_POLICY, props: { bucket: UNKNOWN, policy: documentOf(tlsDeny()) } },
                ],
            };
            expect((await outcome(example)).blocked).toBe(true);
        });

        it("defers a policy whose Resource embeds an unknown bucket name inside a string", async () => {
            const example = stackWithPolicy(documentOf(tlsDeny({ Resource: `arn:aws:s3:::${UNKNOWN}/*` })), {});
            example.resources[1].props["bucket"] = UNKNOWN;
            (example.resources[1] as { propertyDependencies?: Record<string, string[]> }).propertyDependencies = { bucket: ["recordings"] };
            const { blocked, deferred } = await outcome(example);
            expect(blocked).toBe(false);
            expect(deferred).toBe(true);
        });

        it("defers a statement whose Effect is not known yet rather than reading it as Allow", async () => {
            const { blocked, deferred, findings } = await outcome(stackWithPolicy(documentOf(tlsDeny({ Effect: UNKNOWN }))));
            expect(blocked).toBe(false);
            expect(deferred).toBe(true);
            expect(findings[0].message).toContain("`Effect`");
        });

        it("defers a statement whose Condition is not known yet", async () => {
            expect((await outcome(stackWithPolicy(documentOf(tlsDeny({ Condition: UNKNOWN }))))).deferred).toBe(true);
        });
    });

    describe("aws-native buckets and bucket policies", () => {
        const nativeBucket = (props: Record<string, unknown> = { bucketName: "acme-recordings" }) => ({ name: "recordings", type: NATIVE.S3_BUCKET, props });
        const nativePolicy = (props: Record<string, unknown>) => ({ name: "recordings-policy", type: NATIVE.S3_BUCKET_POLICY, props });
        const example = (...resources: ControlExample["resources"]): ControlExample => ({ title: "aws-native", verdict: "violation", resources });

        it("names the policyDocument and the aws-native fix", async () => {
            const { findings } = await outcome(example(nativeBucket(), nativePolicy({ bucket: "acme-recordings", policyDocument: documentOf(tlsDeny({ Effect: "Allow" })) })));
            expect(findings).toHaveLength(1);
            expect(findings[0].urn).toBe(urnOf(NATIVE.S3_BUCKET, "recordings"));
            expect(findings[0].message).toContain("the `policyDocument` of BucketPolicy 'recordings-policy'");
            expect(findings[0].message).toContain("aws-native s3.BucketPolicy");
        });

        it("checks the deny's Resource against the aws-native bucket's bucketName", async () => {
            const elsewhere = documentOf(tlsDeny({ Resource: "arn:aws:s3:::acme-other/*" }));
            expect((await outcome(example(nativeBucket(), nativePolicy({ bucket: "acme-recordings", policyDocument: elsewhere })))).blocked).toBe(true);
        });

        it("reads no inline policy on an aws-native bucket, which has none", async () => {
            const { findings, blocked } = await outcome(example(nativeBucket({ bucketName: "acme-recordings", policy: documentOf(tlsDeny()) })));
            expect(blocked).toBe(true);
            expect(findings[0].message).toMatch(/has no bucket policy/);
        });

        it("defers a bucket without a policy while an aws-native BucketPolicy's bucket is unknown", async () => {
            const { blocked, deferred, findings } = await outcome(example(nativeBucket(), nativePolicy({ bucket: UNKNOWN, policyDocument: documentOf(tlsDeny({ Resource: "*" })) })));
            expect(blocked).toBe(false);
            expect(deferred).toBe(true);
            expect(findings[0].message).toMatch(/the `bucket` of BucketPolicy 'recordings-policy' is not known yet/);
        });

        it("does not count an aws-native BucketPolicy for a bucket outside the stack", async () => {
            const { blocked } = await outcome(example(nativeBucket(), nativePolicy({ bucket: "someone-elses-bucket", policyDocument: documentOf(tlsDeny({ Resource: "*" })) })));
            expect(blocked).toBe(true);
        });
    });

    describe("odd input never throws", () => {
        const odd: [string, unknown][] = [
            ["null", null],
            ["a number", 42],
            ["a boolean", true],
            ["an array", [tlsDeny()]],
            ["a JSON array string", "[]"],
            ["a JSON null string", "null"],
            ["Statement as a string", { Statement: "Deny everything" }],
            ["a null statement", { Statement: [null] }],
            ["a statement that is a list", { Statement: [[tlsDeny()]] }],
            ["Principal as a number", documentOf(tlsDeny({ Principal: 7 }))],
            ["Action as an object", documentOf(tlsDeny({ Action: { s3: "*" } }))],
            ["Resource as numbers", documentOf(tlsDeny({ Resource: [1, 2] }))],
            ["Condition as a list", documentOf(tlsDeny({ Condition: [{ Bool: { "aws:SecureTransport": "false" } }] }))],
            ["Condition values as objects", documentOf(tlsDeny({ Condition: { Bool: { "aws:SecureTransport": { value: false } } } }))],
            ["an empty document", {}],
            ["an empty Statement list", { Statement: [] }],
        ];
        it.each(odd)("blocks a policy that is %s, without an internal error", async (_title, policy) => {
            const { findings, blocked } = await outcome(stackWithPolicy(policy));
            expect(blocked).toBe(true);
            for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
        });

        it("handles a bucket whose props are odd and a BucketPolicy without bucket or policy", async () => {
            const example: ControlExample = {
                title: "odd",
                verdict: "violation",
                resources: [
                    { name: "recordings", type: BUCKET, props: { bucket: 12, policy: { Statement: { Effect: "Deny" } } } },
                    { name: "empty-policy", type: BUCKET_POLICY, props: {} },
                ],
            };
            const { findings, blocked } = await outcome(example);
            expect(blocked).toBe(true);
            for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
        });
    });

    describe("coversBucketObjects", () => {
        it.each([
            ["*", "acme-recordings", true],
            ["arn:aws:s3:::acme-recordings/*", "acme-recordings", true],
            ["arn:aws:s3:::acme-*", "acme-recordings", true],
            ["arn:aws-eusc:s3:::acme-recordings/*", "acme-recordings", true],
            ["arn:aws:s3:::acme-recordings/Analysis/*", "acme-recordings", false],
            ["arn:aws:s3:::acme-recordings/?", "acme-recordings", false],
            ["arn:aws:s3:::acme-recordings", "acme-recordings", false],
            ["arn:aws:s3:::acme-transcripts/*", "acme-recordings", false],
            ["arn:aws:s3:::Acme-Recordings/*", "acme-recordings", false],
            ["arn:aws:s3:::a.b+c/*", "a.b+c", true],
            ["arn:aws:s3:::whatever-it-is/*", undefined, true],
            ["arn:aws:kms:eu-central-1:111122223333:key/1", undefined, false],
        ] as const)("%s covers the objects of %s: %s", (pattern, bucket, expected) => {
            expect(coversBucketObjects(pattern, bucket)).toBe(expected);
        });

        // The pattern as a regular expression, as IAM's wildcards read: what the matcher must agree with.
        const byExpression = (pattern: string, bucket: string | undefined) => {
            const match = /^arn:([^:]*):s3:::(.*)$/.exec(pattern);
            if (pattern === "*") return true;
            if (!match) return false;
            const subject = `arn:${match[1]}:s3:::${bucket ?? match[2].split("/")[0]}/\u0000`;
            const expression = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "[^\\u0000]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
            return new RegExp(`^${expression}$`, "s").test(subject);
        };

        it("agrees with the regular expression the pattern spells, on arbitrary patterns", () => {
            const piece = fc.constantFrom("*", "?", "/", "a", "b", "acme", "-", ".", "**", "/*", "?*");
            const pattern = fc.tuple(fc.constantFrom("", "arn:aws:s3:::", "arn:aws-cn:s3:::", "arn:aws:s3:eu-west-1::"), fc.array(piece, { maxLength: 8 })).map(([head, parts]) => head + parts.join(""));
            const bucket = fc.option(fc.constantFrom("a", "acme", "ab", "a-b", "acme.b"), { nil: undefined });
            fc.assert(fc.property(pattern, bucket, (p, b) => coversBucketObjects(p, b) === byExpression(p, b)), { numRuns: 3000 });
        });
    });

    describe("arbitrary input", () => {
        const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("*"), fc.constant(OBJECTS), fc.anything());
        const statement = fc.record(
            { Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), value), Principal: value, Action: value, Resource: value, Condition: value },
            { requiredKeys: [] },
        );
        const policy = fc.oneof(value, fc.record({ Statement: fc.oneof(value, fc.array(fc.oneof(statement, value), { maxLength: 4 })) }));
        const resource = (type: string, name: string, props: Record<string, unknown>, dependsOn: string[] = []) => graphResource(type, name, props, {}, dependsOn);

        it("never throws, whatever the bucket and policy properties", () => {
            fc.assert(
                fc.property(value, policy, value, policy, (bucketName, inline, policyBucket, document) => {
                    const bucket = resource(BUCKET, "recordings", { bucket: bucketName, policy: inline });
                    const bucketPolicy = resource(BUCKET_POLICY, "recordings-policy", { bucket: policyBucket, policy: document }, [bucket.urn]);
                    const nativeBucket = resource(NATIVE.S3_BUCKET, "transcripts", { bucketName, policy: inline });
                    const nativePolicy = resource(NATIVE.S3_BUCKET_POLICY, "transcripts-policy", { bucket: policyBucket, policyDocument: document }, [nativeBucket.urn]);
                    const noop = () => undefined;
                    const stack = new StackGraph([bucket, bucketPolicy, nativeBucket, nativePolicy]);
                    expect(() => bucketTlsOnly.check(stack, {}, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});
