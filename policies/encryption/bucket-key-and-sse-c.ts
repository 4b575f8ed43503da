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
import { describeValue, isRecord } from "../lib/describe";
import { S3_BUCKET, S3_BUCKET_SSE_CONFIGURATION } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** A rule as declared, with the path people see in messages and a way to write a fixed copy back. */
interface DeclaredRule {
    path: string;
    rule: unknown;
    algorithm: unknown;
}

/** Rules of a separate configuration resource (`rules[]`) or inline on either bucket generation. */
function declaredRules(type: string, props: Record<string, unknown>): DeclaredRule[] {
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
    const algorithmOf = (byDefault: unknown) => (isUnknown(byDefault) ? byDefault : isRecord(byDefault) ? byDefault["sseAlgorithm"] : undefined);
    if (type === BUCKET_V2) {
        return list(props["serverSideEncryptionConfigurations"]).flatMap((configuration, c) =>
            list(isRecord(configuration) ? configuration["rules"] : undefined).map((rule, r) => ({
                path: `serverSideEncryptionConfigurations[${c}].rules[${r}]`,
                rule,
                algorithm: isRecord(rule) ? algorithmOf(list(rule["applyServerSideEncryptionByDefaults"])[0]) : rule,
            })),
        );
    }
    if (type === BUCKET) {
        const inline = props["serverSideEncryptionConfiguration"];
        const rule = isRecord(inline) ? inline["rule"] : undefined;
        if (rule === undefined) return [];
        return [{ path: "serverSideEncryptionConfiguration.rule", rule, algorithm: isRecord(rule) ? algorithmOf(rule["applyServerSideEncryptionByDefault"]) : rule }];
    }
    return list(props["rules"]).map((rule, r) => ({
        path: `rules[${r}]`,
        rule,
        algorithm: isRecord(rule) ? algorithmOf(rule["applyServerSideEncryptionByDefault"]) : rule,
    }));
}

function blocksSseC(rule: Record<string, unknown>): boolean | "unknown" {
    const blocked = rule["blockedEncryptionTypes"];
    if (isUnknown(blocked) || (Array.isArray(blocked) && blocked.some(isUnknown))) return "unknown";
    return Array.isArray(blocked) && blocked.includes("SSE-C");
}

/** The rule with the bucket key on (for aws:kms) and SSE-C blocked; everything else kept. */
function hardened(rule: Record<string, unknown>, algorithm: unknown): Record<string, unknown> {
    const fixed = { ...rule };
    if (algorithm === "aws:kms" && fixed["bucketKeyEnabled"] !== true && !isUnknown(fixed["bucketKeyEnabled"])) fixed["bucketKeyEnabled"] = true;
    if (blocksSseC(rule) === false) {
        const blocked = Array.isArray(rule["blockedEncryptionTypes"]) ? rule["blockedEncryptionTypes"].filter((t) => t !== "NONE") : [];
        fixed["blockedEncryptionTypes"] = [...blocked, "SSE-C"];
    }
    return fixed;
}

export const bucketKeyAndSseC = resourceControl({
    name: "encryption-bucket-key-and-sse-c",
    title: "Bucket encryption rules enable the bucket key and block SSE-C",
    area: "encryption",
    description:
        "Every default-encryption rule of an S3 bucket (a BucketServerSideEncryptionConfiguration of either generation, or " +
        'inline on the bucket) blocks SSE-C (`blockedEncryptionTypes: ["SSE-C"]`), and rules with `aws:kms` enable the ' +
        "S3 bucket key. Both can be fixed automatically with the `remediate` enforcement level.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"], pciDss: ["3.6.1"], iso27001: ["A.8.24"] },
    remediation: [
        'Add `blockedEncryptionTypes: ["SSE-C"]` to each encryption rule.',
        'Set `bucketKeyEnabled: true` on rules with `sseAlgorithm: "aws:kms"` (DSSE-KMS does not support bucket keys).',
        "Or set this policy to `remediate` and let the pack apply both fixes.",
    ],
    parameters: {},
    appliesTo: [...S3_BUCKET_SSE_CONFIGURATION, ...S3_BUCKET],
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
        const subject = resource.type.startsWith("aws:s3/bucket:") || resource.type === BUCKET_V2 ? `S3 bucket '${resource.name}'` : `encryption configuration '${resource.name}'`;
        if (isUnknown(resource.props["rules"])) {
            findings.undecided(`${subject}: \`rules\` is not known yet.`);
            return;
        }
        for (const { path, rule, algorithm } of declaredRules(resource.type, resource.props)) {
            if (!isRecord(rule)) {
                if (isUnknown(rule)) findings.undecided(`${subject}: \`${path}\` is not known yet.`);
                continue;
            }
            const sseC = blocksSseC(rule);
            if (sseC === "unknown") findings.undecided(`${subject}: \`${path}.blockedEncryptionTypes\` is not known yet.`);
            else if (!sseC) {
                findings.violation(
                    `${subject} does not block SSE-C in \`${path}\` (blockedEncryptionTypes is ${describeValue(rule["blockedEncryptionTypes"])}): ` +
                        'clients could store objects under keys the owner never holds. Add blockedEncryptionTypes: ["SSE-C"].',
                );
            }
            if (isUnknown(algorithm)) findings.undecided(`${subject}: the sseAlgorithm of \`${path}\` is not known yet.`);
            else if (algorithm === "aws:kms") {
                const bucketKey = rule["bucketKeyEnabled"];
                if (isUnknown(bucketKey)) findings.undecided(`${subject}: \`${path}.bucketKeyEnabled\` is not known yet.`);
                else if (bucketKey !== true) {
                    findings.violation(
                        `${subject} uses SSE-KMS in \`${path}\` with bucketKeyEnabled ${describeValue(bucketKey)}; set bucketKeyEnabled: true ` +
                            "so S3 does not call KMS for every object.",
                    );
                }
            }
        }
    },
    remediate(resource) {
        const props = resource.props;
        const fixRules = (rules: unknown, algorithmOf: (rule: Record<string, unknown>) => unknown) =>
            Array.isArray(rules) ? rules.map((rule) => (isRecord(rule) ? hardened(rule, algorithmOf(rule)) : rule)) : rules;
        const defaultAlgorithm = (rule: Record<string, unknown>) => {
            const byDefault = rule["applyServerSideEncryptionByDefault"];
            return isRecord(byDefault) ? byDefault["sseAlgorithm"] : undefined;
        };
        let fixed: Record<string, unknown>;
        if (resource.type === BUCKET_V2) {
            const configurations = props["serverSideEncryptionConfigurations"];
            if (!Array.isArray(configurations)) return undefined;
            fixed = {
                ...props,
                serverSideEncryptionConfigurations: configurations.map((configuration) =>
                    isRecord(configuration)
                        ? {
                              ...configuration,
                              rules: fixRules(configuration["rules"], (rule) => {
                                  const defaults = rule["applyServerSideEncryptionByDefaults"];
                                  return Array.isArray(defaults) && isRecord(defaults[0]) ? defaults[0]["sseAlgorithm"] : undefined;
                              }),
                          }
                        : configuration,
                ),
            };
        } else if (resource.type === BUCKET) {
            const inline = props["serverSideEncryptionConfiguration"];
            if (!isRecord(inline) || !isRecord(inline["rule"])) return undefined;
            fixed = { ...props, serverSideEncryptionConfiguration: { ...inline, rule: hardened(inline["rule"], defaultAlgorithm(inline["rule"])) } };
        } else {
            if (!Array.isArray(props["rules"])) return undefined;
            fixed = { ...props, rules: fixRules(props["rules"], defaultAlgorithm) };
        }
        return JSON.stringify(fixed) === JSON.stringify(props) ? undefined : fixed;
    },
});
