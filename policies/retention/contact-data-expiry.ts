/**
 * Contact data expires on time (GDPR storage limitation, PCI DSS 3.2.1 retention and disposal).
 *
 * Every bucket contact data lands in (from Amazon Connect, Customer Profiles exports or Lex audio logs,
 * directly or through the Kinesis streams and Firehose they feed) needs an enabled lifecycle rule
 * that expires objects within the retention maximum, for every prefix that data lands under: the
 * storage config's prefix, and the root prefixes Connect writes on its own (`Analysis/` for Contact
 * Lens redacted audio and transcripts, `Evaluations/`). A rule scoped to the recordings prefix
 * alone leaves Contact Lens transcripts forever, a gap peers do not look for.
 */
import { stackControl, type ControlExample, type ExampleResource } from "../control";
import { expiryDaysProperty, lifecycleRules, lifecycleRulesHome, ruleCovers, type LifecycleRule } from "../lib/bucket-lifecycle";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { describeValue } from "../lib/describe";
import { ANY_S3_BUCKET, CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    maxContactDataRetentionDays: number;
    contactDataBuckets: string[];
}

const BUCKET = "aws:s3/bucket:Bucket";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";

const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const callRecordings: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: {
        instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111",
        resourceType: "CALL_RECORDINGS",
        storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect/acme/CallRecordings" } },
    },
};
const lifecycle = (rules: unknown[], bucket: unknown = "acme-recordings"): ExampleResource => ({
    name: "recordings-lifecycle",
    type: LIFECYCLE,
    props: { bucket, rules },
});
/** An aws-native bucket carries its lifecycle rules itself. */
const nativeRecordings = (rules?: unknown): ExampleResource => ({
    name: "recordings",
    type: NATIVE.S3_BUCKET,
    props: { bucketName: "acme-recordings", ...(rules === undefined ? {} : { lifecycleConfiguration: { rules } }) },
});
const expireAll = (days: unknown) => ({ id: "expire-contact-data", status: "Enabled", filter: {}, expiration: { days } });
const example = (title: string, verdict: ControlExample["verdict"], resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({
    title,
    verdict,
    resources,
    config,
});

export const contactDataExpiry = stackControl<Config>({
    name: "retention-contact-data-expiry",
    title: "Contact data buckets expire objects within the retention limit",
    area: "retention",
    description:
        "Every bucket that receives contact data (written by an Amazon Connect S3 storage config, a Customer Profiles export " +
        "or Lex audio conversation logs, or by a Firehose that Connect feeds directly or through a Kinesis stream, or named in " +
        "`contactDataBuckets`) has an enabled lifecycle rule that expires current objects " +
        "within `maxContactDataRetentionDays`, covering each storage prefix and the `Analysis/` and `Evaluations/` prefixes Connect " +
        "writes Contact Lens output and evaluations to. Rules come from `aws.s3.BucketLifecycleConfiguration` (`expiration.days`), " +
        "a classic bucket's inline `lifecycleRules`, or an `aws-native:s3:Bucket`'s `lifecycleConfiguration.rules` " +
        "(`expirationInDays`). Rules narrowed by tags or object size do not count as coverage; expiry on a fixed date is not " +
        "a retention period.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 5(1)(e)", "Art. 25(2)", "Art. 30(1)(f)"], pciDss: ["3.2.1"], iso27001: ["A.8.10", "A.5.33"] },
    remediation: [
        "Add an `aws.s3.BucketLifecycleConfiguration` for the bucket with a rule `{ status: \"Enabled\", filter: {}, expiration: { days: <= maxContactDataRetentionDays } }`.",
        'On an aws-native bucket, add to its `lifecycleConfiguration.rules` `{ status: "Enabled", expirationInDays: <= maxContactDataRetentionDays }` (no `prefix`: the whole bucket).',
        "If different prefixes need different periods, add one rule per prefix, including `Analysis/` and `Evaluations/`.",
    ],
    parameters: {
        maxContactDataRetentionDays: {
            type: "integer",
            minimum: 1,
            default: 365,
            description: "Longest time, in days, contact data may be kept before S3 deletes it.",
        },
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        example("a recordings bucket whose whole content expires after 365 days", "compliant", [recordings, callRecordings, lifecycle([expireAll(365)])]),
        example("a recordings bucket without any lifecycle rule", "violation", [recordings, callRecordings]),
        example("a recordings bucket that keeps contact data for 7 years", "violation", [recordings, callRecordings, lifecycle([expireAll(2555)])]),
        example("a rule for the recordings prefix only, leaving Contact Lens output under Analysis/ forever", "violation", [
            recordings,
            callRecordings,
            lifecycle([{ id: "recordings", status: "Enabled", filter: { prefix: "connect/acme/" }, expiration: { days: 90 } }]),
        ]),
        example("one rule per prefix, Analysis/ and Evaluations/ included", "compliant", [
            recordings,
            callRecordings,
            lifecycle(
                ["connect/acme/", "Analysis/", "Evaluations/"].map((prefix, i) => ({
                    id: `expire-${i}`,
                    status: "Enabled",
                    filter: { prefix },
                    expiration: { days: 180 },
                })),
            ),
        ]),
        example("two lifecycle configurations on one bucket: S3 keeps only the one applied last", "violation", [
            recordings,
            callRecordings,
            lifecycle([expireAll(365)]),
            { ...lifecycle([expireAll(3650)]), name: "override-lifecycle" },
        ]),
        example("a disabled rule does not count", "violation", [recordings, callRecordings, lifecycle([{ ...expireAll(30), status: "Disabled" }])]),
        example("a bucket named in contactDataBuckets without expiry", "violation", [{ name: "exports", type: BUCKET, props: { bucket: "acme-exports" } }], {
            contactDataBuckets: ["acme-exports"],
        }),
        example("an unrelated bucket without lifecycle is not judged", "compliant", [{ name: "artefacts", type: BUCKET, props: { bucket: "acme-artefacts" } }]),
        example("first preview: bucket, instance and lifecycle related only through property dependencies", "compliant", [
            { name: "recordings", type: BUCKET, props: {} },
            {
                ...callRecordings,
                props: {
                    instanceId: UNKNOWN,
                    resourceType: "CALL_RECORDINGS",
                    storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "connect/acme/CallRecordings" } },
                },
                propertyDependencies: { storageConfig: ["recordings"] },
            },
            { ...lifecycle([expireAll(365)], UNKNOWN), propertyDependencies: { bucket: ["recordings"] } },
        ]),
        example("first preview: the expiry period is an output not known yet", "deferred", [recordings, callRecordings, lifecycle([expireAll(UNKNOWN)])]),
        example("an aws-native recordings bucket, written by a classic storage config, whose whole content expires after 365 days", "compliant", [
            nativeRecordings([{ id: "expire-contact-data", status: "Enabled", expirationInDays: 365 }]),
            callRecordings,
        ]),
        example("an aws-native bucket named in contactDataBuckets that keeps contact data for 7 years", "violation", [
            { name: "exports", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-exports", lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 2555 }] } } },
        ], { contactDataBuckets: ["acme-exports"] }),
        example("an aws-native rule for the recordings prefix only, leaving Contact Lens output under Analysis/ forever", "violation", [
            nativeRecordings([{ id: "recordings", status: "Enabled", prefix: "connect/acme/", expirationInDays: 90 }]),
            callRecordings,
        ]),
        example("an aws-native whole-bucket rule narrowed to tagged objects", "violation", [
            nativeRecordings([{ status: "Enabled", expirationInDays: 90, tagFilters: [{ key: "tier", value: "scratch" }] }]),
            callRecordings,
        ]),
        example("an aws-native recordings bucket without lifecycleConfiguration", "violation", [nativeRecordings(), callRecordings]),
        example("first preview: an aws-native bucket's lifecycleConfiguration is an output not known yet", "deferred", [
            { ...nativeRecordings(), props: { bucketName: "acme-recordings", lifecycleConfiguration: UNKNOWN } },
            callRecordings,
        ]),
        example("first preview: a classic storage config writing to an aws-native bucket known only through property dependencies", "compliant", [
            { name: "recordings", type: NATIVE.S3_BUCKET, props: { lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays: 365 }] } } },
            {
                ...callRecordings,
                props: {
                    instanceId: UNKNOWN,
                    resourceType: "CALL_RECORDINGS",
                    storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "connect/acme/CallRecordings" } },
                },
                propertyDependencies: { storageConfig: ["recordings"] },
            },
        ]),
    ],
    judges: ANY_S3_BUCKET,
    check(stack, config, findings) {
        const maxDays = config.maxContactDataRetentionDays;
        const data = contactDataBuckets(stack, config.contactDataBuckets);
        for (const { bucket, prefixes, unknownPrefix, writers } of data.buckets.values()) {
            const subject = `S3 bucket '${bucket.name}'`;
            const declared = lifecycleRules(stack, bucket);
            const rules = declared.items;
            const writtenBy = writers.length > 0 ? ` (written by ${writers.map((w) => `'${w.name}'`).join(", ")})` : "";
            if (declared.setBy.length > 1) {
                findings.violation(
                    bucket,
                    `${subject} holds contact data${writtenBy} but ${declared.setBy.length} resources set its lifecycle configuration (${declared.setBy.map((s) => `'${s.name}'`).join(", ")}). ` +
                        "S3 keeps one per bucket and each replaces it whole when applied, so the rules that hold are whichever was applied last. " +
                        "Keep every rule in one of them.",
                );
            }
            // With the storage prefix unknown, only a whole-bucket rule is known to cover it. The
            // prefixes are the stack's shared lineage: judged on a copy.
            const judged = unknownPrefix ? [...prefixes, ""] : [...prefixes];
            const uncovered: string[] = [];
            const undecided: string[] = [];
            for (const prefix of [...new Set(judged)].sort()) {
                const verdict = coverage(rules, prefix, maxDays);
                if (verdict === "covered") continue;
                if (verdict === "unknown" || declared.unknowns.length > 0) undecided.push(prefix === "" ? "the whole bucket" : `\`${prefix}\``);
                else uncovered.push(prefix === "" ? "the whole bucket" : `\`${prefix}\``);
            }
            if (uncovered.length > 0) {
                const tooLong = rules.filter((r) => r.enabled === true && typeof r.expirationDays === "number" && r.expirationDays > maxDays);
                const why = tooLong.length > 0
                    ? ` '${tooLong[0].declaredBy.name}' ${tooLong[0].path} expires after ${describeValue(tooLong[0].expirationDays)} days.`
                    : rules.length === 0 ? " It has no lifecycle rule at all." : "";
                findings.violation(
                    bucket,
                    `${subject} holds contact data${writtenBy} but nothing expires ${uncovered.join(", ")} within ${maxDays} days.${why} ` +
                        `Add an enabled lifecycle rule with \`${expiryDaysProperty(rules[0]?.declaredBy ?? bucket)}\` <= ${maxDays} covering it in ${lifecycleRulesHome(bucket, rules)}.`,
                );
            } else if (undecided.length > 0) {
                const unknownParts = declared.unknowns.length > 0 ? declared.unknowns.join(", ") : "a lifecycle rule's prefix, status or expiry";
                findings.undecided(bucket, `${subject}: whether ${undecided.join(", ")} expire in time depends on ${unknownParts}, not known yet.`);
            }
        }
        for (const writer of data.unresolvedWriters) {
            findings.undecided(writer, `'${writer.name}' writes contact data to a bucket that is not known yet, so its expiry cannot be checked.`);
        }
    },
});

type Coverage = "covered" | "not-covered" | "unknown";

function coverage(rules: LifecycleRule[], prefix: string, maxDays: number): Coverage {
    let unknown = false;
    for (const rule of rules) {
        const covers = ruleCovers(rule, prefix);
        const facts = [rule.enabled, rule.expirationDays];
        if (covers === "unknown" || facts.some(isUnknown)) {
            unknown = true;
            continue;
        }
        if (covers && rule.enabled === true && typeof rule.expirationDays === "number" && rule.expirationDays >= 1 && rule.expirationDays <= maxDays) {
            return "covered";
        }
    }
    return unknown ? "unknown" : "not-covered";
}
