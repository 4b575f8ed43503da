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
 * bucket that has one to AWS principals of the account). An aws-native bucket carries the same four
 * switches as its own `publicAccessBlockConfiguration` (CloudFormation's AWS::S3::Bucket, where a
 * switch left out is false too); a classic BucketPublicAccessBlock may still point at it.
 */
import { stackControl, type StackFindings } from "../control";
import { describeValue, isRecord } from "../lib/describe";
import { ANY_S3_BUCKET, NATIVE } from "../lib/resource-types";
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

/** The aws-native bucket's own block: `publicAccessBlockConfiguration`, with the four switches inside. */
export const NATIVE_PUBLIC_ACCESS_BLOCK = "publicAccessBlockConfiguration";

/** Where a resource keeps the four switches, for the two places they can be declared. */
export type PublicAccessSwitches =
    | { kind: "switches"; switches: Record<string, unknown>; path: string }
    | { kind: "unknown"; path: string }
    | { kind: "none" };

/**
 * The switches a resource declares: a BucketPublicAccessBlock holds them at its top level, an
 * aws-native bucket in `publicAccessBlockConfiguration`. Any other resource declares none.
 */
export function publicAccessSwitchesOf(resource: { type: string; props: Record<string, unknown> }): PublicAccessSwitches {
    if (resource.type === PUBLIC_ACCESS_BLOCK) return { kind: "switches", switches: resource.props, path: "" };
    if (resource.type !== NATIVE.S3_BUCKET) return { kind: "none" };
    const configuration = resource.props[NATIVE_PUBLIC_ACCESS_BLOCK];
    if (isUnknown(configuration)) return { kind: "unknown", path: NATIVE_PUBLIC_ACCESS_BLOCK };
    if (configuration === undefined || configuration === null) return { kind: "none" };
    // Anything but an object sets no switch, so all four read as false.
    return { kind: "switches", switches: isRecord(configuration) ? configuration : {}, path: `${NATIVE_PUBLIC_ACCESS_BLOCK}.` };
}

export type FlagJudgement = { off: string[]; unknown: string[] };

/** Which switches are not on, and which are not known yet, each named by its path (`path` prefixes them). */
export function judgeFlags(switches: Record<string, unknown>, path = ""): FlagJudgement {
    const judgement: FlagJudgement = { off: [], unknown: [] };
    for (const flag of PUBLIC_ACCESS_FLAGS) {
        const value = switches[flag];
        if (isUnknown(value)) judgement.unknown.push(`\`${path}${flag}\``);
        else if (value !== true) judgement.off.push(`\`${path}${flag}\` (${value === undefined || value === null ? "unset, so false" : describeValue(value)})`);
    }
    return judgement;
}

/** The fix for a bucket without a block, in its own provider's terms. */
function fixFor(bucket: GraphResource): string {
    return bucket.type === NATIVE.S3_BUCKET
        ? "Set `publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }` on the aws-native bucket."
        : "Add an aws.s3.BucketPublicAccessBlock with `bucket: bucket.id` and `blockPublicAcls`, `blockPublicPolicy`, " +
              "`ignorePublicAcls` and `restrictPublicBuckets` all set to true.";
}

const nativeBucket = (props: Record<string, unknown>, name = "recordings") => ({ name, type: NATIVE.S3_BUCKET, props: { bucketName: `acme-${name}`, ...props } });

export const bucketPublicAccessBlock = stackControl({
    name: "access-bucket-public-access-block",
    title: "Every bucket has a public access block with all four switches on",
    area: "access",
    description:
        "Every S3 bucket (`Bucket` or the deprecated `BucketV2`) has an `aws.s3.BucketPublicAccessBlock` pointing at it, " +
        "and every aws-native `s3.Bucket` its own `publicAccessBlockConfiguration` (or such a BucketPublicAccessBlock), " +
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
        "For an aws-native `s3.Bucket`, set `publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }` on the bucket.",
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
        {
            title: "aws-native: a bucket whose own publicAccessBlockConfiguration turns the four switches on",
            verdict: "compliant",
            resources: [nativeBucket({ publicAccessBlockConfiguration: allOn })],
        },
        {
            title: "mixed providers: a classic BucketPublicAccessBlock names an aws-native bucket by its bucketName",
            verdict: "compliant",
            resources: [nativeBucket({}), blockFor("acme-recordings")],
        },
        {
            title: "mixed providers, first preview: a classic BucketPublicAccessBlock related to an aws-native bucket by property dependency",
            verdict: "compliant",
            resources: [{ name: "recordings", type: NATIVE.S3_BUCKET, props: {} }, { ...blockFor(UNKNOWN), propertyDependencies: { bucket: ["recordings"] } }],
        },
        {
            title: "aws-native: a bucket without publicAccessBlockConfiguration",
            verdict: "violation",
            resources: [nativeBucket({})],
        },
        {
            title: "aws-native: publicAccessBlockConfiguration blocks public policies but not public ACLs",
            verdict: "violation",
            resources: [nativeBucket({ publicAccessBlockConfiguration: { blockPublicPolicy: true, restrictPublicBuckets: true } })],
        },
        {
            title: "aws-native, first preview: a switch of publicAccessBlockConfiguration is an output not known yet",
            verdict: "deferred",
            resources: [nativeBucket({ publicAccessBlockConfiguration: { ...allOn, restrictPublicBuckets: UNKNOWN } })],
        },
    ],
    judges: ANY_S3_BUCKET,
    check(stack, _config, findings) {
        const unresolved = stack.unresolvedReferrers([PUBLIC_ACCESS_BLOCK], "bucket", ANY_S3_BUCKET);
        for (const bucket of stack.ofType(ANY_S3_BUCKET)) judgeBucket(stack, bucket, unresolved, findings);
    },
});

/** One place a bucket's four switches are declared: its own configuration, or a BucketPublicAccessBlock. */
interface DeclaredBlock {
    /** For messages: "its `publicAccessBlockConfiguration`" or "its BucketPublicAccessBlock 'x'". */
    label: string;
    /** What the switches' paths belong to, when they are not the bucket's own: " of BucketPublicAccessBlock 'x'". */
    of: string;
    switches: PublicAccessSwitches;
}

function blocksOf(stack: StackGraph, bucket: GraphResource): DeclaredBlock[] {
    const declared: DeclaredBlock[] = [];
    const own = publicAccessSwitchesOf(bucket);
    if (own.kind !== "none") declared.push({ label: `its \`${NATIVE_PUBLIC_ACCESS_BLOCK}\``, of: "", switches: own });
    for (const block of stack.referrers(bucket, [PUBLIC_ACCESS_BLOCK], "bucket", ANY_S3_BUCKET)) {
        declared.push({ label: `its BucketPublicAccessBlock '${block.name}'`, of: ` of BucketPublicAccessBlock '${block.name}'`, switches: publicAccessSwitchesOf(block) });
    }
    return declared;
}

function judgeBucket(stack: StackGraph, bucket: GraphResource, unresolved: readonly GraphResource[], findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const declared = blocksOf(stack, bucket);
    if (declared.length === 0) {
        if (unresolved.length > 0) {
            const names = unresolved.map((block) => `'${block.name}'`).join(", ");
            findings.undecided(bucket, `${subject} has no public access block of its own; the \`bucket\` of BucketPublicAccessBlock ${names} is not known yet and may be this one.`);
        } else {
            const missing = bucket.type === NATIVE.S3_BUCKET ? `no \`${NATIVE_PUBLIC_ACCESS_BLOCK}\` and no BucketPublicAccessBlock` : "no BucketPublicAccessBlock";
            findings.violation(bucket, `${subject} has ${missing}, so a bucket policy or ACL can make its objects public. ${fixFor(bucket)}`);
        }
        return;
    }
    for (const { label, of, switches } of declared) {
        if (switches.kind === "unknown") {
            findings.undecided(bucket, `${subject}: \`${switches.path}\` is not known yet.`);
            continue;
        }
        if (switches.kind !== "switches") continue;
        const { off, unknown } = judgeFlags(switches.switches, switches.path);
        if (off.length > 0) {
            findings.violation(
                bucket,
                `${subject}: ${label} leaves ${off.join(", ")}; a public policy or ACL could expose its objects. ` + "Set all four switches to true.",
            );
        } else if (unknown.length > 0) {
            findings.undecided(bucket, `${subject}: ${unknown.join(", ")}${of} ${unknown.length > 1 ? "are" : "is"} not known yet.`);
        }
    }
}
