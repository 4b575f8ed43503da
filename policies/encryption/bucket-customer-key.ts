/**
 * Every bucket encrypts by default with a key the customer manages, except the buckets that receive
 * S3 server access logs.
 *
 * S3 encrypts new objects with SSE-S3 when nothing else is configured: keys AWS owns, which no key
 * policy can restrict and whose use CloudTrail does not show. Recordings and transcripts need SSE-KMS
 * (or DSSE-KMS) with a customer-managed key (bucket keys and SSE-C are encryption-bucket-key-and-sse-c's
 * concern). The exception peers get wrong: S3
 * cannot deliver server access logs into a bucket with SSE-KMS default encryption, so a log target
 * bucket must use SSE-S3 (AES256) or its audit trail silently stops. An aws-native bucket whose
 * `loggingConfiguration` names no destination is such a target too: CloudFormation then delivers
 * its logs into the bucket itself.
 */
import { stackControl, type StackFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import { accessLogTargetRole, bucketEncryption, type BucketEncryptionRule } from "../lib/bucket-settings";
import { describeValue } from "../lib/describe";
import { ANY_CUSTOMER_KEY, ANY_S3_BUCKET, isNativeType, KMS_KEY, NATIVE } from "../lib/resource-types";
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

/** aws-native keeps the rules on the bucket: `bucketEncryption.serverSideEncryptionConfiguration[]`. */
const nativeKmsRule = (kmsMasterKeyId: unknown = keyArn) => ({
    serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId },
    bucketKeyEnabled: true,
    blockedEncryptionTypes: { encryptionType: ["SSE-C"] },
});
const nativeSseS3Rule = { serverSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: { encryptionType: ["SSE-C"] } };
const nativeBucket = (name: string, bucketName: string, rule?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    name,
    type: NATIVE.S3_BUCKET,
    props: { bucketName, ...(rule ? { bucketEncryption: { serverSideEncryptionConfiguration: [rule] } } : {}), ...extra },
});
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
        "SSE-KMS bucket. Buckets of both providers are judged: encryption set inline on a classic bucket, through either " +
        "generation of BucketServerSideEncryptionConfiguration (also when it points at an aws-native bucket), and an " +
        "aws-native bucket's `bucketEncryption.serverSideEncryptionConfiguration[].serverSideEncryptionByDefault` are " +
        "recognised, by name during updates and by dependency during preview. Log targets are recognised from classic " +
        "BucketLogging and inline logging and from aws-native `loggingConfiguration.destinationBucketName` (which, left " +
        "out, makes the bucket its own log target).",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"],
        pciDss: ["3.5.1", "3.6.1", "10.3.2"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        'Add an `aws.s3.BucketServerSideEncryptionConfiguration` with `sseAlgorithm: "aws:kms"` and `kmsMasterKeyId: key.arn` of an `aws.kms.Key` (or an aws-native `kms.Key`).',
        'On an aws-native `s3.Bucket`, set `bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] }`.',
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
        {
            title: "aws-native: a recordings bucket whose bucketEncryption uses SSE-KMS with a customer key",
            verdict: "compliant",
            resources: [nativeBucket("recordings", "acme-recordings", nativeKmsRule())],
        },
        {
            title: "aws-native, first preview: the bucket's kmsMasterKeyId is the ARN of a classic aws.kms.Key, not known yet",
            verdict: "compliant",
            resources: [
                { name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true } },
                { ...nativeBucket("recordings", UNKNOWN, nativeKmsRule(UNKNOWN)), propertyDependencies: { bucketEncryption: ["recordings-key"] } },
            ],
        },
        {
            title: "mixed providers, first preview: a classic encryption configuration uses an aws-native kms.Key",
            verdict: "compliant",
            resources: [
                { name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true } },
                { name: "recordings", type: BUCKET, props: {} },
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: { bucket: UNKNOWN, rules: [kmsRule(UNKNOWN)] },
                    propertyDependencies: { bucket: ["recordings"], rules: ["recordings-key"] },
                },
            ],
        },
        {
            title: "mixed providers: a classic encryption configuration names an aws-native bucket by its bucketName",
            verdict: "compliant",
            resources: [nativeBucket("recordings", "acme-recordings"), sseFor("acme-recordings", kmsRule())],
        },
        {
            title: "aws-native: a bucket without bucketEncryption (S3 falls back to SSE-S3)",
            verdict: "violation",
            resources: [nativeBucket("recordings", "acme-recordings")],
        },
        {
            title: "aws-native: a recordings bucket encrypted with SSE-S3",
            verdict: "violation",
            resources: [nativeBucket("recordings", "acme-recordings", nativeSseS3Rule)],
        },
        {
            title: "aws-native: SSE-KMS with the AWS-managed aws/s3 key",
            verdict: "violation",
            resources: [nativeBucket("recordings", "acme-recordings", nativeKmsRule("alias/aws/s3"))],
        },
        {
            title: "aws-native: an access-log bucket named by loggingConfiguration.destinationBucketName uses SSE-S3",
            verdict: "compliant",
            resources: [
                nativeBucket("recordings", "acme-recordings", nativeKmsRule(), {
                    loggingConfiguration: { destinationBucketName: "acme-access-logs", logFilePrefix: "recordings/" },
                }),
                nativeBucket("access-logs", "acme-access-logs", nativeSseS3Rule),
            ],
        },
        {
            title: "aws-native: loggingConfiguration without a destination delivers into the SSE-KMS bucket itself",
            verdict: "violation",
            resources: [nativeBucket("recordings", "acme-recordings", nativeKmsRule(), { loggingConfiguration: { logFilePrefix: "logs/" } })],
        },
        {
            title: "mixed providers: an aws-native bucket logs into a classic bucket encrypted with SSE-KMS",
            verdict: "violation",
            resources: [
                nativeBucket("recordings", "acme-recordings", nativeKmsRule(), { loggingConfiguration: { destinationBucketName: "acme-access-logs" } }),
                { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } },
                sseFor("acme-access-logs", kmsRule()),
            ],
        },
        {
            title: "aws-native, first preview: the whole bucketEncryption is an output not known yet",
            verdict: "deferred",
            resources: [nativeBucket("recordings", "acme-recordings", undefined, { bucketEncryption: UNKNOWN })],
        },
        {
            title: "aws-native, first preview: kmsMasterKeyId is not known yet and comes from no key of the stack",
            verdict: "deferred",
            resources: [nativeBucket("recordings", "acme-recordings", nativeKmsRule(UNKNOWN))],
        },
    ],
    judges: ANY_S3_BUCKET,
    check(stack, _config, findings) {
        for (const bucket of stack.ofType(ANY_S3_BUCKET)) judgeBucket(stack, bucket, findings);
    },
});

function judgeBucket(stack: StackGraph, bucket: GraphResource, findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const encryption = bucketEncryption(stack, bucket);
    const role = accessLogTargetRole(stack, bucket);
    const verdictFor = (asLogTarget: boolean) => judgeRules(stack, bucket, encryption.rules, encryption.unknowns, asLogTarget);

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
            const whose = role.loggedBy === bucket ? "its own server access logs" : `the server access logs of '${role.loggedBy.name}'`;
            verdict.violations = verdict.violations.map((v) => `${v} (It receives ${whose}.)`);
        }
    }
    for (const message of verdict.violations) findings.violation(bucket, message);
    for (const message of verdict.undecided) findings.undecided(bucket, message);
}

/** The fix for a bucket without customer-key encryption, in its own provider's terms. */
function encryptionFix(bucket: GraphResource): string {
    return isNativeType(bucket.type)
        ? 'Set `bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }] }` with a customer-managed key.'
        : 'Add a BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and a customer-managed key.';
}

function judgeRules(stack: StackGraph, bucket: GraphResource, rules: BucketEncryptionRule[], unknowns: string[], asLogTarget: boolean): Verdict {
    const subject = `S3 bucket '${bucket.name}'`;
    const verdict: Verdict = { violations: [], undecided: [] };
    if (rules.length === 0) {
        if (unknowns.length > 0) {
            verdict.undecided.push(`${subject}: its default encryption may be set by ${unknowns.join(", ")}, not known yet.`);
        } else if (!asLogTarget) {
            verdict.violations.push(`${subject} has no default encryption configuration, so S3 uses SSE-S3 with keys AWS owns. ${encryptionFix(bucket)}`);
        }
        return verdict;
    }
    for (const rule of rules) {
        const algorithmAt = `'${rule.declaredBy.name}' \`${rule.byDefaultPath}.sseAlgorithm\``;
        if (isUnknown(rule.algorithm)) {
            verdict.undecided.push(`${subject}: the SSE algorithm at ${algorithmAt} is not known yet.`);
            continue;
        }
        if (asLogTarget) {
            if (rule.algorithm !== "AES256") {
                verdict.violations.push(
                    `${subject} receives S3 server access logs but ${algorithmAt} is ${describeValue(rule.algorithm)}; ` +
                        'S3 cannot deliver access logs to an SSE-KMS bucket. Use sseAlgorithm "AES256" on log buckets.',
                );
            }
        } else if (!KMS_ALGORITHMS.includes(String(rule.algorithm))) {
            verdict.violations.push(
                `${subject} encrypts with ${algorithmAt} ${describeValue(rule.algorithm)}; contact data needs ` +
                    '"aws:kms" (or "aws:kms:dsse") with a customer-managed key.',
            );
        } else {
            judgeKey(stack, subject, rule, verdict);
        }
    }
    return verdict;
}

function judgeKey(stack: StackGraph, subject: string, rule: BucketEncryptionRule, verdict: Verdict) {
    const key = rule.kmsKey;
    const keyAt = `'${rule.declaredBy.name}' \`${rule.byDefaultPath}.kmsMasterKeyId\``;
    if (key === undefined || key === null || key === "") {
        verdict.violations.push(
            `${subject} uses SSE-KMS without a key: ${keyAt} is unset, so S3 uses the AWS-managed key aws/s3. ` +
                "Set it to the ARN of a customer-managed key (an aws.kms.Key or aws-native kms.Key).",
        );
        return;
    }
    if (isAwsManagedKeyAlias(key)) {
        verdict.violations.push(
            `${subject} uses the AWS-managed key ${describeValue(key)} at ${keyAt}; its key policy cannot be restricted. ` +
                "Use the ARN of a customer-managed key (an aws.kms.Key or aws-native kms.Key).",
        );
        return;
    }
    if (!isUnknown(key)) return;
    const reference = stack.resolve(rule.declaredBy, { property: rule.dependencyKey, value: key, targets: ANY_CUSTOMER_KEY });
    if (reference.kind !== "resources") {
        verdict.undecided.push(`${subject}: ${keyAt} is not known yet and comes from no KMS key of this stack.`);
    }
}
