/**
 * Every bucket carries its own public access block with all four switches on.
 *
 * One bucket policy statement with `Principal: "*"` or one `public-read` ACL publishes every
 * recording in a bucket to the internet. S3 Block Public Access is the guard that stops both, no
 * matter what a later policy or ACL says. New buckets get it by default since April 2023, but a
 * default the stack does not declare is not enforced by the stack: older or imported buckets lack
 * it, a console change is never reverted, and an auditor has no evidence in the code. So each bucket
 * needs a `BucketPublicAccessBlock` that turns on all four switches: two for ACLs (refuse new public
 * ACLs, ignore existing ones) and two for policies (refuse public policies, restrict access to a
 * bucket that has one to AWS principals of the account).
 */
import { stackControl, type StackFindings } from "../control";
import { describeValue } from "../lib/describe";
import { S3_BUCKET } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";

/** The four switches; each defaults to false when a BucketPublicAccessBlock leaves it unset. */
export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";

const allOn = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const recordingsBucket = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const blockFor = (bucket: unknown, flags: Record<string, unknown> = allOn, name = "recordings-public-access") => ({
    name,
    type: PUBLIC_ACCESS_BLOCK,
    props: { bucket, ...flags },
});

export type FlagJudgement = { off: string[]; unknown: string[] };

/** Which switches of a public access block are not on, and which are not known yet. */
export function judgeFlags(props: Record<string, unknown>): FlagJudgement {
    const judgement: FlagJudgement = { off: [], unknown: [] };
    for (const flag of PUBLIC_ACCESS_FLAGS) {
        const value = props[flag];
        if (isUnknown(value)) judgement.unknown.push(flag);
        else if (value !== true) judgement.off.push(`\`${flag}\` (${value === undefined || value === null ? "unset, so false" : describeValue(value)})`);
    }
    return judgement;
}

const FIX =
    "Add an aws.s3.BucketPublicAccessBlock with `bucket: bucket.id` and `blockPublicAcls`, `blockPublicPolicy`, " +
    "`ignorePublicAcls` and `restrictPublicBuckets` all set to true.";

export const bucketPublicAccessBlock = stackControl({
    name: "access-bucket-public-access-block",
    title: "Every bucket has a public access block with all four switches on",
    area: "access",
    description:
        "Every S3 bucket (`Bucket` or the deprecated `BucketV2`) has an `aws.s3.BucketPublicAccessBlock` pointing at it " +
        "with `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` all true, so no " +
        "bucket policy or ACL can make recordings or transcripts public. AWS turns Block Public Access on for new " +
        "buckets, but only a block declared in the stack keeps it on for older and imported buckets and reverts a " +
        "change made outside the stack. The block is related to its bucket by name during updates and by dependency " +
        "during preview.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.15", "A.8.3", "A.8.12"],
    },
    remediation: [
        "For each bucket, add `new aws.s3.BucketPublicAccessBlock(name, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true })`.",
        "If a block exists, set every one of its four switches to true (access-public-access-block-flags applies that fix at the `remediate` level).",
    ],
    parameters: {},
    examples: [
        {
            title: "a recordings bucket with a public access block whose four switches are on",
            verdict: "compliant",
            resources: [recordingsBucket, blockFor("acme-recordings")],
        },
        {
            title: "first preview: bucket name unknown, the block related to its bucket by property dependency",
            verdict: "compliant",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                { ...blockFor(UNKNOWN), propertyDependencies: { bucket: ["recordings"] }, dependsOn: ["recordings"] },
            ],
        },
        {
            title: "a bucket without any public access block",
            verdict: "violation",
            resources: [recordingsBucket],
        },
        {
            title: "a block that leaves `restrictPublicBuckets` unset (false)",
            verdict: "violation",
            resources: [recordingsBucket, blockFor("acme-recordings", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true })],
        },
        {
            title: "first preview: a block with `blockPublicPolicy: false` still blocks although the bucket name is unknown",
            verdict: "violation",
            resources: [
                { name: "recordings", type: BUCKET_V2, props: {} },
                { ...blockFor(UNKNOWN, { ...allOn, blockPublicPolicy: false }), propertyDependencies: { bucket: ["recordings"] } },
            ],
        },
        {
            title: "two buckets, only the recordings bucket blocked",
            verdict: "violation",
            resources: [recordingsBucket, blockFor("acme-recordings"), { name: "transcripts", type: BUCKET_V2, props: { bucket: "acme-transcripts" } }],
        },
        {
            title: "first preview: the block's bucket is unknown and no dependency says which bucket",
            verdict: "deferred",
            resources: [recordingsBucket, blockFor(UNKNOWN, allOn, "some-public-access-block")],
        },
        {
            title: "first preview: a switch comes from an output not known yet",
            verdict: "deferred",
            resources: [recordingsBucket, blockFor("acme-recordings", { ...allOn, ignorePublicAcls: UNKNOWN })],
        },
    ],
    judges: S3_BUCKET,
    check(stack, _config, findings) {
        const unresolved = stack.unresolvedReferrers([PUBLIC_ACCESS_BLOCK], "bucket", S3_BUCKET);
        for (const bucket of stack.ofType(S3_BUCKET)) judgeBucket(stack, bucket, unresolved, findings);
    },
});

function judgeBucket(stack: StackGraph, bucket: GraphResource, unresolved: readonly GraphResource[], findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const own = stack.referrers(bucket, [PUBLIC_ACCESS_BLOCK], "bucket", S3_BUCKET);
    if (own.length === 0) {
        if (unresolved.length > 0) {
            const names = unresolved.map((block) => `'${block.name}'`).join(", ");
            findings.undecided(bucket, `${subject} has no public access block of its own; the \`bucket\` of BucketPublicAccessBlock ${names} is not known yet and may be this one.`);
        } else {
            findings.violation(bucket, `${subject} has no BucketPublicAccessBlock, so a bucket policy or ACL can make its objects public. ${FIX}`);
        }
        return;
    }
    for (const block of own) {
        const { off, unknown } = judgeFlags(block.props);
        if (off.length > 0) {
            findings.violation(
                bucket,
                `${subject}: its BucketPublicAccessBlock '${block.name}' leaves ${off.join(", ")}; a public policy or ACL could expose its objects. ` +
                    "Set all four switches to true.",
            );
        } else if (unknown.length > 0) {
            const flags = unknown.map((flag) => `\`${flag}\``).join(", ");
            findings.undecided(bucket, `${subject}: ${flags} of BucketPublicAccessBlock '${block.name}' ${unknown.length > 1 ? "are" : "is"} not known yet.`);
        }
    }
}
