/**
 * Bucket, key and queue policies open nothing to "anyone".
 *
 * A resource policy is the one place where a principal outside the account can be let in without any
 * IAM policy of that account agreeing. `Principal: "*"` (or `{"AWS": "*"}`, or an Allow with
 * `NotPrincipal`) with no condition narrowing who makes the recordings bucket or its key open to every
 * AWS account and, for S3, to anonymous requests. What is *not* a finding, and what peers get wrong:
 * the account root principal (it hands the decision to the account's IAM policies), `Resource: "*"` in
 * a key policy (there it means "this key"), service principals such as `logging.s3.amazonaws.com` or
 * `cloudtrail.amazonaws.com` on log buckets and keys, and `Principal: "*"` tied by a condition to an
 * organisation, account, principal, VPC endpoint or source (`aws:PrincipalOrgID`, `aws:SourceArn`, ...).
 */
import { resourceControl, type ExampleResource, type ResourceFindings } from "../control";
import { describeValue } from "../lib/describe";
import { allowsAnyoneUnconditionally, type Condition, type Statement } from "../lib/policy-document";
import { KEY_POLICY_HOLDERS, keyPolicyHolderName, keyPolicyOf, KMS_KEY_POLICY } from "../lib/key-policies";
import { readDocument } from "../lib/policy-statements";
import { KMS_KEY, NATIVE, S3_BUCKET } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const [BUCKET, BUCKET_V2] = S3_BUCKET;

const ANY_CALLER = "any AWS account or anonymous caller";

const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const NATIVE_QUEUE_INLINE_POLICY = "aws-native:sqs:QueueInlinePolicy";

/**
 * Bucket and queue policies of either provider: the classic `BucketPolicy` and a classic bucket's
 * deprecated inline `policy`, aws-native's `s3.BucketPolicy` `policyDocument` (an aws-native bucket
 * has no inline policy); the classic `QueuePolicy` and a queue's inline `policy`, aws-native's
 * `sqs.QueueInlinePolicy` `policyDocument` (a Customer Profiles dead-letter queue holds contact data).
 * S3 and SQS both honour a public grant for anonymous requests too.
 */
const DATA_POLICY_PROPERTY: Readonly<Record<string, { property: string; kind: string }>> = {
    [BUCKET]: { property: "policy", kind: "S3 bucket" },
    [BUCKET_V2]: { property: "policy", kind: "S3 bucket" },
    [BUCKET_POLICY]: { property: "policy", kind: "Bucket policy" },
    [NATIVE.S3_BUCKET_POLICY]: { property: "policyDocument", kind: "Bucket policy" },
    [QUEUE]: { property: "policy", kind: "SQS queue" },
    [QUEUE_POLICY]: { property: "policy", kind: "Queue policy" },
    [NATIVE_QUEUE_INLINE_POLICY]: { property: "policyDocument", kind: "Queue policy" },
};

interface PolicyHolder {
    subject: string;
    /** The input holding the document, named as the resource's provider names it. */
    property: string;
    value: unknown;
    exposes: string;
}

function policyHolder(resource: { type: string; name: string; props: Record<string, unknown> }): PolicyHolder | undefined {
    const data = DATA_POLICY_PROPERTY[resource.type];
    if (data) return { subject: `${data.kind} '${resource.name}'`, property: data.property, value: resource.props[data.property], exposes: ANY_CALLER };
    const key = keyPolicyOf(resource);
    // KMS refuses anonymous requests, so a public key policy opens the key to every AWS account.
    if (key) return { subject: keyPolicyHolderName(resource), ...key, exposes: "any AWS account" };
    return undefined;
}

const knownValues = (condition: Condition) => !condition.values.some(isUnknown);

function actionsSeen(statement: Statement): string {
    if (statement.actions === undefined) return "every action outside its `NotAction`";
    const shown = statement.actions.slice(0, 3).map(describeValue).join(", ");
    return statement.actions.length > 3 ? `${shown} and ${statement.actions.length - 3} more` : shown || "nothing";
}

function judgePolicy({ subject, property, value, exposes }: PolicyHolder, findings: ResourceFindings) {
    const reading = readDocument(value);
    if (reading.kind === "absent") return;
    if (reading.kind === "unknown") {
        findings.undecided(`${subject}: \`${property}\` is not known yet.`);
        return;
    }
    if (reading.kind === "malformed") {
        findings.violation(`${subject}: \`${property}\` cannot be read (${reading.reason}), so who it lets in cannot be checked. Fix the policy document.`);
        return;
    }
    for (const { statement, label, unknown } of reading.statements) {
        if (statement.effect === "Deny") continue;
        const where = `${label} of \`${property}\``;
        const open = allowsAnyoneUnconditionally({ ...statement, conditions: statement.conditions.filter(knownValues) });
        const who = statement.principals?.anyone ? "`Principal` \"*\"" : "`NotPrincipal`";
        if (open && !unknown.has("Condition") && !unknown.has("Effect")) {
            findings.violation(
                `${subject}: ${where} allows ${actionsSeen(statement)} to ${who} with no condition narrowing who, so ${exposes} is let in. ` +
                    "Name the principals (the account root, role ARNs, or service principals with `aws:SourceAccount`), or add a condition on " +
                    "`aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:SourceAccount` or `aws:SourceArn`.",
            );
        } else if (open) {
            findings.undecided(`${subject}: the \`${unknown.has("Effect") ? "Effect" : "Condition"}\` of ${where}, which allows ${who}, is not known yet.`);
        } else if (unknown.has("Principal") || unknown.has("NotPrincipal")) {
            findings.undecided(`${subject}: the \`${unknown.has("Principal") ? "Principal" : "NotPrincipal"}\` of ${where} is not known yet.`);
        }
    }
}

const ACCOUNT_ROOT = "arn:aws:iam::111122223333:root";
const document = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const keyPolicy = (...statements: unknown[]) => document({ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: "kms:*", Resource: "*" }, ...statements);
const bucketPolicy = (policy: unknown, name = "recordings-policy") => ({ name, type: BUCKET_POLICY, props: { bucket: "acme-recordings", policy } });
const publicRead = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-recordings/*" };
const nativeBucketPolicy = (policyDocument: unknown, bucket: unknown = "acme-recordings"): ExampleResource => ({
    name: "recordings-policy",
    type: NATIVE.S3_BUCKET_POLICY,
    props: { bucket, policyDocument },
});

export const noUnscopedPublicResourcePolicies = resourceControl({
    name: "access-no-unscoped-public-resource-policies",
    title: "Bucket, key and queue policies allow nobody as \"anyone\" without a narrowing condition",
    area: "access",
    description:
        "Bucket policies (classic `BucketPolicy` and a bucket's deprecated inline `policy`; aws-native `s3.BucketPolicy` " +
        "`policyDocument`) and KMS key policies (classic `Key`, `ReplicaKey`, `ExternalKey` `policy` and `KeyPolicy`; aws-native " +
        "`kms.Key` and `kms.ReplicaKey` `keyPolicy`) and SQS queue policies (classic `QueuePolicy` and a queue's `policy`; " +
        "aws-native `sqs.QueueInlinePolicy` `policyDocument`), given as objects or JSON strings, contain no Allow for `Principal: \"*\"`, " +
        "`{\"AWS\": \"*\"}` or `NotPrincipal` without a condition that " +
        "narrows who (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount`, `aws:SourceArn`, " +
        "`aws:SourceVpce`, `kms:CallerAccount`, ...). The account root principal, service principals (log delivery, CloudTrail) " +
        "and `Resource: \"*\"` inside a key policy, which means the key itself, are not findings. A key without a policy gets " +
        "the AWS default policy, which trusts only the account, and is compliant.",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 5(1)(f)", "Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.15", "A.8.3", "A.8.12"],
    },
    remediation: [
        "Replace `Principal: \"*\"` with the principals that need access: the account root ARN (to delegate to IAM), role ARNs, or service principals.",
        "Where `\"*\"` is needed (organisation-wide access), add a condition such as `StringEquals: { \"aws:PrincipalOrgID\": \"o-...\" }`.",
        "Replace Allow statements with `NotPrincipal` by an explicit `Principal` list.",
        "With aws-native the same applies to `policyDocument` of `s3.BucketPolicy` and `sqs.QueueInlinePolicy`, and `keyPolicy` of `kms.Key` and `kms.ReplicaKey`.",
    ],
    parameters: {},
    appliesTo: [...Object.keys(DATA_POLICY_PROPERTY), ...KEY_POLICY_HOLDERS],
    examples: [
        {
            title: 'a key policy delegating to the account root, with Resource "*" and a prefix wildcard for the Connect role',
            verdict: "compliant",
            resources: [
                {
                    name: "recordings-key",
                    type: KMS_KEY,
                    props: {
                        enableKeyRotation: true,
                        policy: keyPolicy({
                            Sid: "ConnectUse",
                            Effect: "Allow",
                            Principal: { AWS: "arn:aws:iam::111122223333:role/connect-storage" },
                            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                            Resource: "*",
                        }),
                    },
                },
            ],
        },
        {
            title: "an access-log bucket policy for the S3 log delivery service, scoped by aws:SourceAccount, plus a TLS deny to everyone",
            verdict: "compliant",
            resources: [
                bucketPolicy(
                    document(
                        {
                            Sid: "S3ServerAccessLogs",
                            Effect: "Allow",
                            Principal: { Service: "logging.s3.amazonaws.com" },
                            Action: "s3:PutObject",
                            Resource: "arn:aws:s3:::acme-access-logs/*",
                            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
                        },
                        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::acme-access-logs/*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    ),
                    "access-logs-policy",
                ),
            ],
        },
        {
            title: 'Principal "*" limited to the organisation by aws:PrincipalOrgID',
            verdict: "compliant",
            resources: [bucketPolicy(document({ ...publicRead, Sid: "OrgRead", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }))],
        },
        {
            title: "a bucket policy that makes recordings public-read",
            verdict: "violation",
            resources: [bucketPolicy(document(publicRead))],
        },
        {
            title: 'a key policy that lets {"AWS": "*"} decrypt',
            verdict: "violation",
            resources: [{ name: "recordings-key-policy", type: KMS_KEY_POLICY, props: { keyId: UNKNOWN, policy: keyPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) } }],
        },
        {
            title: "first preview: a public-read statement still blocks although the bucket's ARN in another statement is unknown",
            verdict: "violation",
            resources: [
                bucketPolicy({
                    Version: "2012-10-17",
                    Statement: [publicRead, { Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: "s3:ListBucket", Resource: UNKNOWN }],
                }),
            ],
        },
        {
            title: "a deprecated inline bucket policy with a condition that narrows nothing (StringNotEquals)",
            verdict: "violation",
            resources: [
                {
                    name: "transcripts",
                    type: BUCKET_V2,
                    props: { bucket: "acme-transcripts", policy: document({ ...publicRead, Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } } }) },
                },
            ],
        },
        {
            title: "first preview: the key policy is computed from role ARNs not known yet",
            verdict: "deferred",
            resources: [{ name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true, policy: UNKNOWN } }],
        },
        {
            title: "first preview: a statement's principal is a role ARN not known yet",
            verdict: "deferred",
            resources: [bucketPolicy({ Version: "2012-10-17", Statement: [{ ...publicRead, Principal: { AWS: UNKNOWN } }] })],
        },
        {
            title: "aws-native: an s3.BucketPolicy whose policyDocument object limits \"*\" to the organisation and denies plain HTTP",
            verdict: "compliant",
            resources: [
                nativeBucketPolicy({
                    Version: "2012-10-17",
                    Statement: [
                        { ...publicRead, Sid: "OrgRead", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
                        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::acme-recordings/*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    ],
                }),
            ],
        },
        {
            title: "aws-native: an s3.BucketPolicy whose policyDocument makes recordings public-read",
            verdict: "violation",
            resources: [nativeBucketPolicy({ Version: "2012-10-17", Statement: [publicRead] })],
        },
        {
            title: 'aws-native: a kms.Key whose keyPolicy object lets {"AWS": "*"} decrypt',
            verdict: "violation",
            resources: [
                {
                    name: "recordings-key",
                    type: NATIVE.KMS_KEY,
                    props: { enableKeyRotation: true, keyPolicy: JSON.parse(keyPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" })) },
                },
            ],
        },
        {
            title: "mixed providers: an aws-native s3.BucketPolicy on a classic bucket, public-read through a JSON string",
            verdict: "violation",
            resources: [
                { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } },
                { ...nativeBucketPolicy(document(publicRead), UNKNOWN), propertyDependencies: { bucket: ["recordings"] } },
            ],
        },
        {
            title: "aws-native: an sqs.QueueInlinePolicy letting one SNS topic send, with \"*\" narrowed by aws:SourceArn",
            verdict: "compliant",
            resources: [
                {
                    name: "dead-letters-policy",
                    type: NATIVE_QUEUE_INLINE_POLICY,
                    props: {
                        queue: "https://sqs.eu-central-1.amazonaws.com/111122223333/dead-letters",
                        policyDocument: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: "*",
                                    Action: "sqs:SendMessage",
                                    Resource: "arn:aws:sqs:eu-central-1:111122223333:dead-letters",
                                    Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-central-1:111122223333:profile-events" } },
                                },
                            ],
                        },
                    },
                },
            ],
        },
        {
            title: "aws-native: an sqs.QueueInlinePolicy that lets anyone receive the queue's messages",
            verdict: "violation",
            resources: [
                {
                    name: "dead-letters-policy",
                    type: NATIVE_QUEUE_INLINE_POLICY,
                    props: {
                        queue: "https://sqs.eu-central-1.amazonaws.com/111122223333/dead-letters",
                        policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: "*" }] },
                    },
                },
            ],
        },
        {
            title: "aws-native first preview: the organisation id in the policyDocument's narrowing condition is not known yet",
            verdict: "deferred",
            resources: [nativeBucketPolicy({ Version: "2012-10-17", Statement: [{ ...publicRead, Condition: { StringEquals: { "aws:PrincipalOrgID": UNKNOWN } } }] })],
        },
    ],
    check(resource, _config, findings) {
        const holder = policyHolder(resource);
        if (holder) judgePolicy(holder, findings);
    },
});
