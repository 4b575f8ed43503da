/**
 * No contact-data bucket is a CloudFront origin.
 *
 * CloudFront is a global service: it caches what it serves at edge locations around the world, and
 * no price class keeps it inside the Union (`PriceClass_100` still includes North America). A
 * recordings or transcripts bucket behind a distribution therefore has copies of calls sitting in
 * caches in third countries, whatever region the bucket is in and however the origin is locked
 * down (an origin access control restricts who reaches the bucket, not where copies are cached).
 * Recordings are meant for a few reviewers, who can fetch them from S3 in the bucket's region.
 */
import { stackControl, type ExampleResource } from "../control";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { describeValue, isRecord } from "../lib/describe";
import { CONNECT_STORAGE_CONFIG, S3_BUCKET } from "../lib/resource-types";
import type { GraphResource } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    contactDataBuckets: string[];
}

const DISTRIBUTION_TYPES = ["aws:cloudfront/distribution:Distribution", "aws:cloudfront/multitenantDistribution:MultitenantDistribution"] as const;

/** What follows `<bucket>.` in an S3 endpoint: `s3.amazonaws.com`, `s3.<region>.…`, `s3-<region>.…`, `s3-website…`, `s3.dualstack.…`. */
const S3_ENDPOINT_SUFFIX = /^s3([.-][a-z0-9]+)*\.amazonaws\.com(\.cn)?$/;

/** Is `domain` an S3 endpoint of `bucket`: its own domain outputs, or an endpoint built from its name? */
function isEndpointOf(bucket: GraphResource, domain: string): boolean {
    const host = domain.toLowerCase().replace(/\.$/, "");
    for (const output of ["bucketRegionalDomainName", "bucketDomainName", "websiteEndpoint"]) {
        const known = bucket.props[output];
        if (typeof known === "string" && !isUnknown(known) && known.toLowerCase() === host) return true;
    }
    const name = bucket.props["bucket"];
    if (typeof name !== "string" || name === "" || isUnknown(name)) return false;
    const prefix = `${name.toLowerCase()}.`;
    return host.startsWith(prefix) && S3_ENDPOINT_SUFFIX.test(host.slice(prefix.length));
}

// --- examples -------------------------------------------------------------------------------------

const BUCKET = S3_BUCKET[0];
const recordings: ExampleResource = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const website: ExampleResource = { name: "website", type: BUCKET, props: { bucket: "acme-website" } };
const callRecordings: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: {
        instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111",
        resourceType: "CALL_RECORDINGS",
        storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect" } },
    },
};
const distribution = (domainName: unknown, type: string = DISTRIBUTION_TYPES[0]): ExampleResource => ({
    name: "cdn",
    type,
    props: { enabled: true, priceClass: "PriceClass_100", origins: [{ originId: "origin", domainName, originAccessControlId: "E2QWRUHEXAMPLE" }] },
});

export const cloudfrontRecordingsOrigin = stackControl<Config>({
    name: "residency-no-cloudfront-recordings-origin",
    title: "No CloudFront distribution serves contact data",
    area: "residency",
    description:
        "No CloudFront distribution (`aws.cloudfront.Distribution`, `aws.cloudfront.MultitenantDistribution`) has an origin " +
        "that is a bucket receiving contact data (the target of an Amazon Connect S3 storage config or of a Firehose delivery " +
        "stream, or named in `contactDataBuckets`). The origin's `domainName` is matched against the bucket's S3 endpoints, or " +
        "during preview through the dependency of `origins` on the bucket. CloudFront caches at edge locations outside the EU " +
        "whatever the price class, and an origin access control does not change where copies are cached.",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 44"], pciDss: [], iso27001: ["A.5.23", "A.8.12"] },
    remediation: [
        "Remove the contact-data bucket from the distribution's origins.",
        "Give reviewers access to recordings from the bucket's own region (the Connect console, or short-lived presigned S3 URLs).",
    ],
    parameters: {
        contactDataBuckets: CONTACT_DATA_BUCKETS_PARAMETER,
    },
    examples: [
        { title: "a distribution serving the website bucket, not the recordings bucket", verdict: "compliant", resources: [recordings, website, callRecordings, distribution("acme-website.s3.eu-central-1.amazonaws.com")] },
        { title: "a distribution whose origin is the recordings bucket's regional endpoint", verdict: "violation", resources: [recordings, callRecordings, distribution("acme-recordings.s3.eu-central-1.amazonaws.com")] },
        { title: "a distribution whose origin is the recordings bucket's global endpoint", verdict: "violation", resources: [recordings, callRecordings, distribution("acme-recordings.s3.amazonaws.com")] },
        { title: "a multi-tenant distribution serving the recordings bucket", verdict: "violation", resources: [recordings, callRecordings, distribution("acme-recordings.s3.eu-central-1.amazonaws.com", DISTRIBUTION_TYPES[1])] },
        {
            title: "a distribution serving a bucket named in contactDataBuckets",
            verdict: "violation",
            config: { contactDataBuckets: ["acme-exports"] },
            resources: [{ name: "exports", type: BUCKET, props: { bucket: "acme-exports" } }, distribution("acme-exports.s3.eu-central-1.amazonaws.com")],
        },
        { title: "a distribution in front of an application load balancer", verdict: "compliant", resources: [recordings, callRecordings, distribution("api.acme.example")] },
        {
            title: "first preview: the origin is the recordings bucket's domain output",
            verdict: "violation",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                { ...callRecordings, props: { ...callRecordings.props, storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "connect" } } }, propertyDependencies: { storageConfig: ["recordings"] } },
                { ...distribution(UNKNOWN), propertyDependencies: { origins: ["recordings"] } },
            ],
        },
        {
            title: "first preview: the origin is the website bucket's domain output",
            verdict: "compliant",
            resources: [recordings, website, callRecordings, { ...distribution(UNKNOWN), propertyDependencies: { origins: ["website"] } }],
        },
        { title: "first preview: the origin domain is an output that comes from no resource of the stack", verdict: "deferred", resources: [recordings, callRecordings, distribution(UNKNOWN)] },
    ],
    judges: DISTRIBUTION_TYPES,
    check(stack, config, findings) {
        const data = contactDataBuckets(stack, config.contactDataBuckets);
        const holdsContactData = (bucket: GraphResource) => data.buckets.has(bucket);
        const writers = (bucket: GraphResource) => data.buckets.get(bucket)?.writers.map((w) => `'${w.name}'`).join(", ") ?? "";
        for (const distribution of stack.ofType(DISTRIBUTION_TYPES)) {
            const subject = `CloudFront distribution '${distribution.name}'`;
            const origins = distribution.props["origins"];
            if (isUnknown(origins)) {
                findings.undecided(distribution, `${subject}: \`origins\` is not known yet.`);
                continue;
            }
            const list = Array.isArray(origins) ? origins : isRecord(origins) ? [origins] : [];
            // During preview several unknown origins may share the same dependencies: one finding per bucket.
            const judged = new Set<GraphResource>();
            list.forEach((origin, i) => {
                const path = `origins[${i}].domainName`;
                const domain = isUnknown(origin) ? origin : isRecord(origin) ? origin["domainName"] : undefined;
                let buckets: GraphResource[];
                if (typeof domain === "string" && !isUnknown(domain)) {
                    buckets = stack.ofType(S3_BUCKET).filter((bucket) => isEndpointOf(bucket, domain));
                } else if (isUnknown(domain)) {
                    const reference = stack.resolve(distribution, { property: "origins", value: domain, targets: S3_BUCKET });
                    // An unknown domain from some other resource of the stack (a load balancer, an API) is no bucket.
                    const fromStack = (distribution.propertyDependencies["origins"] ?? []).length > 0;
                    if (reference.kind !== "resources" && !fromStack) {
                        findings.undecided(distribution, `${subject}: \`${path}\` is not known yet and comes from no resource of this stack.`);
                    }
                    buckets = reference.kind === "resources" ? reference.resources : [];
                } else return;
                for (const bucket of buckets) {
                    if (judged.has(bucket)) continue;
                    judged.add(bucket);
                    if (holdsContactData(bucket)) {
                        findings.violation(
                            distribution,
                            `${subject} serves S3 bucket '${bucket.name}', which holds contact data${writers(bucket) ? ` written by ${writers(bucket)}` : ""}, ` +
                                `through \`${path}\`${typeof domain === "string" && !isUnknown(domain) ? ` (${describeValue(domain)})` : ""}. CloudFront caches ` +
                                "what it serves at edge locations outside the EU, whatever the price class. Remove this origin and let reviewers fetch recordings from S3 in its region.",
                        );
                    } else if (data.unresolvedWriters.length > 0) {
                        findings.undecided(
                            distribution,
                            `${subject}: whether its origin bucket '${bucket.name}' holds contact data is not known yet (the bucket of ${data.unresolvedWriters.map((w) => `'${w.name}'`).join(", ")} is unknown).`,
                        );
                    }
                }
            });
        }
    },
});
