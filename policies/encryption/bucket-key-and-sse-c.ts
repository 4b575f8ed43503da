/**
 * Default-encryption rules that enable the S3 bucket key for SSE-KMS and block SSE-C.
 *
 * Without a bucket key S3 calls KMS for every object, so throttling or cost pressure tempts teams
 * to weaken encryption; with it, key use stays bounded and still visible in CloudTrail. SSE-C lets a
 * client store objects under a key it keeps to itself: the bucket owner can neither read, audit nor
 * crypto-shred them, so recordings could be kept where no deletion policy reaches. Both are decided
 * on the rule itself, so this control fixes them too (`remediate`).
 */
import { resourceControl } from "../control";
import { declaredEncryptionRules, type EncryptionRule } from "../lib/bucket-settings";
import { describeValue, isAbsent, isRecord } from "../lib/describe";
import { isNativeType, NATIVE, S3_BUCKET, S3_BUCKET_SSE_CONFIGURATION } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const nativeBucket = (rule: unknown) => ({
    name: "recordings",
    type: NATIVE.S3_BUCKET,
    props: { bucketName: "acme-recordings", bucketEncryption: { serverSideEncryptionConfiguration: [rule] } },
});

function blocksSseC(blocked: unknown): boolean | "unknown" {
    if (isUnknown(blocked) || (Array.isArray(blocked) && blocked.some(isUnknown))) return "unknown";
    return Array.isArray(blocked) && blocked.includes("SSE-C");
}

/** The blocked types with SSE-C added ("NONE", which blocks nothing, dropped). */
const withSseC = (blocked: unknown): unknown[] => [...(Array.isArray(blocked) ? blocked.filter((t) => t !== "NONE") : []), "SSE-C"];

/**
 * The declared rule with the bucket key on (for aws:kms) and SSE-C blocked; everything else kept.
 * aws-native wraps the blocked types as `blockedEncryptionTypes.encryptionType`.
 */
function hardened(declared: Record<string, unknown>, rule: EncryptionRule, native: boolean): Record<string, unknown> {
    const fixed = { ...declared };
    if (rule.algorithm === "aws:kms" && rule.bucketKeyEnabled !== true && !isUnknown(rule.bucketKeyEnabled)) fixed["bucketKeyEnabled"] = true;
    if (blocksSseC(rule.blockedEncryptionTypes) === false) {
        const wrapper = declared["blockedEncryptionTypes"];
        fixed["blockedEncryptionTypes"] = native
            ? { ...(isRecord(wrapper) ? wrapper : {}), encryptionType: withSseC(rule.blockedEncryptionTypes) }
            : withSseC(rule.blockedEncryptionTypes);
    }
    return fixed;
}

export const bucketKeyAndSseC = resourceControl({
    name: "encryption-bucket-key-and-sse-c",
    title: "Bucket encryption rules enable the bucket key and block SSE-C",
    area: "encryption",
    description:
        "Every default-encryption rule of an S3 bucket (a BucketServerSideEncryptionConfiguration of either generation, " +
        "inline on a classic bucket, or an aws-native bucket's `bucketEncryption.serverSideEncryptionConfiguration[]`) blocks " +
        'SSE-C (`blockedEncryptionTypes: ["SSE-C"]`, in aws-native `blockedEncryptionTypes: { encryptionType: ["SSE-C"] }`), ' +
        "and rules with `aws:kms` enable the S3 bucket key (`bucketKeyEnabled`). Both can be fixed automatically with the " +
        "`remediate` enforcement level.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"], pciDss: ["3.6.1"], iso27001: ["A.8.24"] },
    remediation: [
        'Add `blockedEncryptionTypes: ["SSE-C"]` to each encryption rule (on an aws-native bucket: `blockedEncryptionTypes: { encryptionType: ["SSE-C"] }` in each entry of `bucketEncryption.serverSideEncryptionConfiguration`).',
        'Set `bucketKeyEnabled: true` on rules with `sseAlgorithm: "aws:kms"` (DSSE-KMS does not support bucket keys).',
        "Or set this policy to `remediate` and let the pack apply both fixes.",
    ],
    parameters: {},
    appliesTo: [...S3_BUCKET_SSE_CONFIGURATION, ...S3_BUCKET, NATIVE.S3_BUCKET],
    examples: [
        {
            title: "an SSE-KMS rule with the bucket key on and SSE-C blocked",
            verdict: "compliant",
            resources: [
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: {
                        bucket: "acme-recordings",
                        rules: [
                            {
                                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
                                bucketKeyEnabled: true,
                                blockedEncryptionTypes: ["SSE-C"],
                            },
                        ],
                    },
                },
            ],
        },
        {
            title: "an access-log bucket's AES256 rule with SSE-C blocked (no bucket key needed)",
            verdict: "compliant",
            resources: [
                {
                    name: "logs-encryption",
                    type: SSE,
                    props: { bucket: "acme-logs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }] },
                },
            ],
        },
        {
            title: "an SSE-KMS rule without the bucket key, during a first preview with the bucket and key unknown",
            verdict: "violation",
            resources: [
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: {
                        bucket: UNKNOWN,
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }, blockedEncryptionTypes: ["SSE-C"] }],
                    },
                },
            ],
        },
        {
            title: "a rule that leaves SSE-C allowed",
            verdict: "violation",
            resources: [
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: { bucket: "acme-recordings", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }] },
                },
            ],
        },
        {
            title: "an inline rule on a Bucket without the bucket key",
            verdict: "violation",
            resources: [
                {
                    name: "recordings",
                    type: BUCKET,
                    props: {
                        serverSideEncryptionConfiguration: {
                            rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, blockedEncryptionTypes: ["SSE-C"] },
                        },
                    },
                },
            ],
        },
        {
            title: "a BucketV2 without any inline rule (left to the encryption controls)",
            verdict: "compliant",
            resources: [{ name: "recordings", type: BUCKET_V2, props: { bucket: "acme-recordings" } }],
        },
        {
            title: "aws-native: a bucket's SSE-KMS rule with the bucket key on and SSE-C blocked",
            verdict: "compliant",
            resources: [
                nativeBucket({
                    serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
                    bucketKeyEnabled: true,
                    blockedEncryptionTypes: { encryptionType: ["SSE-C"] },
                }),
            ],
        },
        {
            title: "aws-native: a bucket's SSE-KMS rule without the bucket key",
            verdict: "violation",
            resources: [nativeBucket({ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, blockedEncryptionTypes: { encryptionType: ["SSE-C"] } })],
        },
        {
            title: "aws-native: a bucket's rule that blocks only NONE, leaving SSE-C allowed",
            verdict: "violation",
            resources: [nativeBucket({ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: { encryptionType: ["NONE"] } })],
        },
        {
            title: "aws-native, first preview: the bucket's blocked encryption types are an output not known yet",
            verdict: "deferred",
            resources: [nativeBucket({ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }, bucketKeyEnabled: true, blockedEncryptionTypes: UNKNOWN })],
        },
        {
            title: "first preview: blockedEncryptionTypes is an output not known yet",
            verdict: "deferred",
            resources: [
                {
                    name: "recordings-encryption",
                    type: SSE,
                    props: { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: UNKNOWN }] },
                },
            ],
        },
    ],
    check(resource, _config, findings) {
        const native = isNativeType(resource.type);
        const isBucket = native || S3_BUCKET.includes(resource.type as (typeof S3_BUCKET)[number]);
        const subject = isBucket ? `S3 bucket '${resource.name}'` : `encryption configuration '${resource.name}'`;
        const blockSseC = native ? 'blockedEncryptionTypes: { encryptionType: ["SSE-C"] }' : 'blockedEncryptionTypes: ["SSE-C"]';
        const { rules, unknowns } = declaredEncryptionRules(resource);
        for (const part of unknowns) findings.undecided(`${subject}: ${part} is not known yet.`);
        for (const rule of rules) {
            if (isUnknown(rule.declared)) {
                findings.undecided(`${subject}: \`${rule.path}\` is not known yet.`);
                continue;
            }
            const sseC = blocksSseC(rule.blockedEncryptionTypes);
            if (sseC === "unknown") findings.undecided(`${subject}: \`${rule.blockedEncryptionTypesPath}\` is not known yet.`);
            else if (!sseC) {
                findings.violation(
                    `${subject} does not block SSE-C: \`${rule.blockedEncryptionTypesPath}\` is ${isAbsent(rule.blockedEncryptionTypes) ? "unset" : describeValue(rule.blockedEncryptionTypes)}, so ` +
                        `clients could store objects under keys the owner never holds. Add ${blockSseC} to \`${rule.path}\`.`,
                );
            }
            if (isUnknown(rule.algorithm)) findings.undecided(`${subject}: \`${rule.byDefaultPath}.sseAlgorithm\` is not known yet.`);
            else if (rule.algorithm === "aws:kms") {
                if (isUnknown(rule.bucketKeyEnabled)) findings.undecided(`${subject}: \`${rule.path}.bucketKeyEnabled\` is not known yet.`);
                else if (rule.bucketKeyEnabled !== true) {
                    findings.violation(
                        `${subject} uses SSE-KMS in \`${rule.path}\` with bucketKeyEnabled ${describeValue(rule.bucketKeyEnabled)}; set bucketKeyEnabled: true ` +
                            "so S3 does not call KMS for every object.",
                    );
                }
            }
        }
    },
    remediate(resource) {
        const props = resource.props;
        const native = isNativeType(resource.type);
        const rules = new Map(declaredEncryptionRules(resource).rules.map((rule) => [rule.declared, rule]));
        const fix = (declared: unknown) => {
            const rule = rules.get(declared);
            return isRecord(declared) && rule ? hardened(declared, rule, native) : declared;
        };
        const fixList = (list: unknown) => (Array.isArray(list) ? list.map(fix) : fix(list));
        let fixed: Record<string, unknown>;
        if (native) {
            const encryption = props["bucketEncryption"];
            if (!isRecord(encryption)) return undefined;
            fixed = { ...props, bucketEncryption: { ...encryption, serverSideEncryptionConfiguration: fixList(encryption["serverSideEncryptionConfiguration"]) } };
        } else if (resource.type === BUCKET_V2) {
            const configurations = props["serverSideEncryptionConfigurations"];
            if (!Array.isArray(configurations)) return undefined;
            fixed = {
                ...props,
                serverSideEncryptionConfigurations: configurations.map((configuration) =>
                    isRecord(configuration) ? { ...configuration, rules: fixList(configuration["rules"]) } : configuration,
                ),
            };
        } else if (resource.type === BUCKET) {
            const inline = props["serverSideEncryptionConfiguration"];
            if (!isRecord(inline)) return undefined;
            fixed = { ...props, serverSideEncryptionConfiguration: { ...inline, rule: fix(inline["rule"]) } };
        } else {
            fixed = { ...props, rules: fixList(props["rules"]) };
        }
        return JSON.stringify(fixed) === JSON.stringify(props) ? undefined : fixed;
    },
});
