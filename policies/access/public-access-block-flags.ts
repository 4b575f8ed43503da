/**
 * A public access block with a switch off is a door left open on purpose.
 *
 * Each of the four switches of S3 Block Public Access closes a different path: new public ACLs,
 * existing public ACLs, new public bucket policies, and cross-account or anonymous access through a
 * policy that is already public. A switch left unset is false, so a block that names only two of
 * them leaves the other two paths open while looking, at a glance, like protection. Turning all four
 * on never breaks access by the account's own principals or by service principals scoped to the
 * account, which makes it a fix this policy can apply by itself. An aws-native bucket declares the
 * same switches as its own `publicAccessBlockConfiguration`; a bucket that declares none is left to
 * access-bucket-public-access-block, which asks every bucket for a block.
 */
import { resourceControl, type CheckedResource } from "../control";
import { isRecord } from "../lib/describe";
import { NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { judgeFlags, NATIVE_PUBLIC_ACCESS_BLOCK, PUBLIC_ACCESS_BLOCK, PUBLIC_ACCESS_FLAGS, publicAccessSwitchesOf } from "./public-access-block";

const block = (props: Record<string, unknown>) => ({ name: "recordings-public-access", type: PUBLIC_ACCESS_BLOCK, props });
const nativeBucket = (publicAccessBlockConfiguration?: unknown) => ({
    name: "recordings",
    type: NATIVE.S3_BUCKET,
    props: { bucketName: "acme-recordings", ...(publicAccessBlockConfiguration === undefined ? {} : { publicAccessBlockConfiguration }) },
});
const allOn = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** The switches with every one that is known and not on turned on; unknown ones are kept as they are. */
function allTurnedOn(switches: Record<string, unknown>): Record<string, unknown> | undefined {
    const fixes = PUBLIC_ACCESS_FLAGS.filter((flag) => switches[flag] !== true && !isUnknown(switches[flag]));
    return fixes.length === 0 ? undefined : { ...switches, ...Object.fromEntries(fixes.map((flag) => [flag, true])) };
}

export const publicAccessBlockFlags = resourceControl({
    name: "access-public-access-block-flags",
    title: "Public access blocks turn all four switches on",
    area: "access",
    description:
        "Every `aws.s3.BucketPublicAccessBlock`, and every aws-native `s3.Bucket`'s `publicAccessBlockConfiguration`, sets " +
        "`blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and " +
        "`restrictPublicBuckets` to true. A switch that is false or left unset (S3 then reads it as false) lets a " +
        "public ACL or bucket policy expose recordings and transcripts. At the `remediate` level this policy turns the " +
        "switches on itself.",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.15", "A.8.3", "A.8.12"],
    },
    remediation: [
        "Set `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` to true on the BucketPublicAccessBlock, or in the aws-native bucket's `publicAccessBlockConfiguration` (this policy applies that fix at the `remediate` level).",
        "If a bucket must serve public content, move that content to a separate bucket outside the contact-centre stack instead of opening this one.",
    ],
    parameters: {},
    appliesTo: [PUBLIC_ACCESS_BLOCK, NATIVE.S3_BUCKET],
    examples: [
        {
            title: "a block with all four switches on",
            verdict: "compliant",
            resources: [block({ bucket: "acme-recordings", ...allOn })],
        },
        {
            title: "first preview: the bucket is unknown but the switches are literal",
            verdict: "compliant",
            resources: [block({ bucket: UNKNOWN, ...allOn })],
        },
        {
            title: "a block that only blocks ACLs",
            verdict: "violation",
            resources: [block({ bucket: "acme-recordings", blockPublicAcls: true, ignorePublicAcls: true })],
        },
        {
            title: "first preview: `restrictPublicBuckets: false` still blocks although the bucket is unknown",
            verdict: "violation",
            resources: [block({ bucket: UNKNOWN, ...allOn, restrictPublicBuckets: false })],
        },
        {
            title: "first preview: a switch comes from an output not known yet",
            verdict: "deferred",
            resources: [block({ bucket: UNKNOWN, ...allOn, blockPublicPolicy: UNKNOWN })],
        },
        {
            title: "aws-native: a bucket whose publicAccessBlockConfiguration turns all four switches on",
            verdict: "compliant",
            resources: [nativeBucket(allOn)],
        },
        {
            title: "aws-native: a bucket without publicAccessBlockConfiguration (left to access-bucket-public-access-block)",
            verdict: "compliant",
            resources: [nativeBucket()],
        },
        {
            title: "aws-native: publicAccessBlockConfiguration with ignorePublicAcls false",
            verdict: "violation",
            resources: [nativeBucket({ ...allOn, ignorePublicAcls: false })],
        },
        {
            title: "aws-native, first preview: the whole publicAccessBlockConfiguration is an output not known yet",
            verdict: "deferred",
            resources: [nativeBucket(UNKNOWN)],
        },
    ],
    check(resource, _config, findings) {
        const declared = publicAccessSwitchesOf(resource);
        const subject = resource.type === PUBLIC_ACCESS_BLOCK ? `BucketPublicAccessBlock '${resource.name}'` : `S3 bucket '${resource.name}'`;
        if (declared.kind === "unknown") findings.undecided(`${subject}: \`${declared.path}\` is not known yet.`);
        if (declared.kind !== "switches") return;
        const { off, unknown } = judgeFlags(declared.switches, declared.path);
        if (off.length > 0) {
            findings.violation(
                `${subject} leaves ${off.join(", ")}; a public ACL or bucket policy could expose the bucket's objects. ` +
                    "Set `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls` and `restrictPublicBuckets` to true.",
            );
        }
        if (unknown.length > 0) {
            findings.undecided(`${subject}: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not known yet.`);
        }
    },
    remediate(resource: CheckedResource) {
        if (resource.type === PUBLIC_ACCESS_BLOCK) return allTurnedOn(resource.props);
        const configuration = resource.props[NATIVE_PUBLIC_ACCESS_BLOCK];
        // Only a configuration the bucket declares is fixed here; adding one is the stack control's advice.
        if (configuration === undefined || configuration === null || isUnknown(configuration)) return undefined;
        const fixed = allTurnedOn(isRecord(configuration) ? configuration : {});
        return fixed && { ...resource.props, [NATIVE_PUBLIC_ACCESS_BLOCK]: fixed };
    },
});
