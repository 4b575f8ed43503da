/**
 * Every bucket encrypts by default with a key the customer manages, except the buckets that receive
 * S3 server access logs.
 *
 * S3 encrypts new objects with SSE-S3 when nothing else is configured: keys AWS owns, which no key
 * policy can restrict and whose use CloudTrail does not show. Recordings and transcripts need SSE-KMS
 * (or DSSE-KMS) with a customer-managed key (bucket keys and SSE-C are encryption-bucket-key-and-sse-c's
 * concern). The exception peers get wrong: S3
 * cannot deliver server access logs into a bucket with SSE-KMS default encryption, so a log target
 * bucket must use SSE-S3 (AES256) or its audit trail silently stops.
 */
import { stackControl, type StackFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import { accessLogTargetRole, bucketEncryption, type EncryptionRule } from "../lib/bucket-settings";
import { describeValue } from "../lib/describe";
import { CUSTOMER_KEY_TYPES, KMS_KEY, S3_BUCKET } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];
const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const kmsRule = (kmsMasterKeyId: unknown = keyArn, extra: Record<string, unknown> = {}) => ({
    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId },
    bucketKeyEnabled: true,
    blockedEncryptionTypes: ["SSE-C"],
    ...extra,
});

const recordingsBucket = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const sseFor = (bucket: string, rule: Record<string, unknown>) => ({
    name: `${bucket}-encryption`,
    type: SSE,
    props: { bucket, rules: [rule] },
});

type Verdict = { violations: string[]; undecided: string[] };

export const bucketCustomerKey = stackControl({
    name: "encryption-bucket-customer-key",
    title: "Buckets encrypt with a customer-managed KMS key (log targets with SSE-S3)",
    area: "encryption",
    description:
        "Every S3 bucket has default encryption `aws:kms` or `aws:kms:dsse` with a customer-managed key (not the " +
        "AWS-managed `aws/s3`). A bucket that receives " +
        "S3 server access logs must instead use `AES256` (SSE-S3), because S3 cannot deliver access logs to an " +
        "SSE-KMS bucket. Encryption set inline on the bucket and through either generation of " +
        "BucketServerSideEncryptionConfiguration is recognised, by name during updates and by dependency during preview.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"],
        pciDss: ["3.5.1", "3.6.1", "10.3.2"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        'Add an `aws.s3.BucketServerSideEncryptionConfiguration` with `sseAlgorithm: "aws:kms"` and `kmsMasterKeyId: key.arn` of an `aws.kms.Key`.',
        'For buckets that receive S3 server access logs, use `sseAlgorithm: "AES256"` instead.',
    ],
    parameters: {},
    examples: [
        {
            title: "a recordings bucket with SSE-KMS, a customer key, bucket key and SSE-C blocked",
            verdict: "compliant",
            resources: [recordingsBucket, sseFor("acme-recordings", kmsRule())],
        },
        {
            title: "first preview: bucket name and key ARN unknown, related only through property dependencies",
            verdict: "compliant",
            resources: [
                { name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true } },
                { name: "recordings", type: BUCKET, props: {} },
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: { bucket: UNKNOWN, rules: [kmsRule(UNKNOWN)] },
                    propertyDependencies: { bucket: ["recordings"], rules: ["recordings-key"] },
                    dependsOn: ["recordings", "recordings-key"],
                },
            ],
        },
        {
            title: "first preview: a recordings bucket encrypted with SSE-S3 is blocked although its name is unknown",
            verdict: "violation",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                    propertyDependencies: { bucket: ["recordings"] },
                },
            ],
        },
        {
            title: "a bucket without any encryption configuration (S3 falls back to SSE-S3)",
            verdict: "violation",
            resources: [recordingsBucket],
        },
        {
            title: "SSE-KMS with the AWS-managed aws/s3 key",
            verdict: "violation",
            resources: [recordingsBucket, sseFor("acme-recordings", kmsRule("alias/aws/s3"))],
        },
        {
            title: "SSE-KMS without a key id (S3 uses the AWS-managed key)",
            verdict: "violation",
            resources: [
                recordingsBucket,
                sseFor("acme-recordings", { ...kmsRule(), applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }),
            ],
        },
        {
            title: "an access-log bucket with SSE-S3, the encryption S3 log delivery needs",
            verdict: "compliant",
            resources: [
                recordingsBucket,
                sseFor("acme-recordings", kmsRule()),
                { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } },
                sseFor("acme-access-logs", { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }),
                { name: "recordings-logging", type: LOGGING, props: { bucket: "acme-recordings", targetBucket: "acme-access-logs", targetPrefix: "s3/" } },
            ],
        },
        {
            title: "an access-log bucket with SSE-KMS, where log delivery fails",
            verdict: "violation",
            resources: [
                recordingsBucket,
                sseFor("acme-recordings", kmsRule()),
                { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } },
                sseFor("acme-access-logs", kmsRule()),
                { name: "recordings-logging", type: LOGGING, props: { bucket: "acme-recordings", targetBucket: "acme-access-logs", targetPrefix: "s3/" } },
            ],
        },
        {
            title: "a deprecated BucketV2 with inline SSE-KMS and a customer key",
            verdict: "compliant",
            resources: [
                {
                    name: "transcripts",
                    type: BUCKET_V2,
                    props: {
                        bucket: "acme-transcripts",
                        serverSideEncryptionConfigurations: [
                            {
                                rules: [
                                    {
                                        applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }],
                                        bucketKeyEnabled: true,
                                        blockedEncryptionTypes: ["SSE-C"],
                                    },
                                ],
                            },
                        ],
                    },
                },
            ],
        },
        {
            title: "first preview: the configuration's bucket is unknown and no dependency says which bucket",
            verdict: "deferred",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                { name: "some-encryption", type: SSE, props: { bucket: UNKNOWN, rules: [kmsRule()] } },
            ],
        },
    ],
    judges: S3_BUCKET,
    check(stack, _config, findings) {
        for (const bucket of stack.ofType(S3_BUCKET)) judgeBucket(stack, bucket, findings);
    },
});

function judgeBucket(stack: StackGraph, bucket: GraphResource, findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const encryption = bucketEncryption(stack, bucket);
    const role = accessLogTargetRole(stack, bucket);
    const verdictFor = (asLogTarget: boolean) => judgeRules(stack, subject, encryption.rules, encryption.unknowns, asLogTarget);

    let verdict: Verdict;
    if (role.kind === "unknown") {
        const asData = verdictFor(false);
        const asLogTarget = verdictFor(true);
        const agree = asData.violations.length > 0 === asLogTarget.violations.length > 0;
        verdict = agree
            ? asData
            : {
                  violations: [],
                  undecided: [
                      `${subject}: whether it receives server access logs (the target of '${role.configuration.name}' is not known yet) decides which encryption it needs.`,
                  ],
              };
    } else {
        verdict = verdictFor(role.kind === "log-target");
        if (role.kind === "log-target") {
            verdict.violations = verdict.violations.map((v) => `${v} (It receives the server access logs of '${role.loggedBy.name}'.)`);
        }
    }
    for (const message of verdict.violations) findings.violation(bucket, message);
    for (const message of verdict.undecided) findings.undecided(bucket, message);
}

function judgeRules(stack: StackGraph, subject: string, rules: EncryptionRule[], unknowns: string[], asLogTarget: boolean): Verdict {
    const verdict: Verdict = { violations: [], undecided: [] };
    if (rules.length === 0) {
        if (unknowns.length > 0) {
            verdict.undecided.push(`${subject}: its default encryption may be set by ${unknowns.join(", ")}, not known yet.`);
        } else if (!asLogTarget) {
            verdict.violations.push(
                `${subject} has no default encryption configuration, so S3 uses SSE-S3 with keys AWS owns. Add a ` +
                    'BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and a customer-managed key.',
            );
        }
        return verdict;
    }
    for (const rule of rules) {
        const where = `'${rule.declaredBy.name}' ${rule.path}`;
        if (isUnknown(rule.algorithm)) {
            verdict.undecided.push(`${subject}: the SSE algorithm in ${where} is not known yet.`);
            continue;
        }
        if (asLogTarget) {
            if (rule.algorithm !== "AES256") {
                verdict.violations.push(
                    `${subject} receives S3 server access logs but ${where} sets sseAlgorithm ${describeValue(rule.algorithm)}; ` +
                        'S3 cannot deliver access logs to an SSE-KMS bucket. Use sseAlgorithm "AES256" on log buckets.',
                );
            }
        } else if (!KMS_ALGORITHMS.includes(String(rule.algorithm))) {
            verdict.violations.push(
                `${subject} encrypts with sseAlgorithm ${describeValue(rule.algorithm)} in ${where}; contact data needs ` +
                    '"aws:kms" (or "aws:kms:dsse") with a customer-managed key.',
            );
        } else {
            judgeKey(stack, subject, where, rule, verdict);
        }
    }
    return verdict;
}

function judgeKey(stack: StackGraph, subject: string, where: string, rule: EncryptionRule, verdict: Verdict) {
    const key = rule.kmsKey;
    if (key === undefined || key === null || key === "") {
        verdict.violations.push(
            `${subject} uses SSE-KMS without kmsMasterKeyId in ${where}, so S3 uses the AWS-managed key aws/s3. ` +
                "Set kmsMasterKeyId to the ARN of a customer-managed aws.kms.Key.",
        );
        return;
    }
    if (isAwsManagedKeyAlias(key)) {
        verdict.violations.push(
            `${subject} uses the AWS-managed key ${describeValue(key)} in ${where}; its key policy cannot be restricted. ` +
                "Use the ARN of a customer-managed aws.kms.Key.",
        );
        return;
    }
    if (!isUnknown(key)) return;
    const reference = stack.resolve(rule.declaredBy, { property: rule.dependencyKey, value: key, targets: CUSTOMER_KEY_TYPES });
    if (reference.kind !== "resources") {
        verdict.undecided.push(`${subject}: the kmsMasterKeyId in ${where} is not known yet and comes from no KMS key of this stack.`);
    }
}
