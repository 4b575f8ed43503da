/**
 * No contact-data bucket is a CloudFront origin.
 *
 * CloudFront is a global service: it caches what it serves at edge locations around the world, and
 * no price class keeps it inside the Union (`PriceClass_100` still includes North America). A
 * recordings or transcripts bucket behind a distribution therefore has copies of calls sitting in
 * caches in third countries, whatever region the bucket is in and however the origin is locked
 * down (an origin access control restricts who reaches the bucket, not where copies are cached).
 * Recordings are meant for a few reviewers, who can fetch them from S3 in the bucket's region.
 *
 * aws-native's `cloudfront:Distribution` (CloudFormation's AWS::CloudFront::Distribution) keeps its
 * origins in `distributionConfig.origins[]` (`domainName`, with `s3OriginConfig` for a bucket), and
 * still accepts the legacy `distributionConfig.s3Origin.dnsName`. The engine keys property
 * dependencies by top-level input, so during a first preview every bucket the whole
 * `distributionConfig` depends on is a candidate origin, including the bucket its standard logs go to.
 */
import { stackControl, type ExampleResource } from "../control";
import { bucketNameOf } from "../lib/bucket-identity";
import { contactDataBuckets, CONTACT_DATA_BUCKETS_PARAMETER } from "../lib/contact-data";
import { describeValue, isRecord } from "../lib/describe";
import { ANY_S3_BUCKET, CONNECT_STORAGE_CONFIG, NATIVE } from "../lib/resource-types";
import type { GraphResource } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    contactDataBuckets: string[];
}

const CLASSIC_DISTRIBUTIONS = ["aws:cloudfront/distribution:Distribution", "aws:cloudfront/multitenantDistribution:MultitenantDistribution"] as const;
const DISTRIBUTION_TYPES = [...CLASSIC_DISTRIBUTIONS, NATIVE.CLOUDFRONT_DISTRIBUTION] as const;

/** Outputs that hold a bucket's S3 endpoint, by provider (checked in each `s3` bucket `.d.ts`). */
const ENDPOINT_OUTPUTS = ["bucketRegionalDomainName", "bucketDomainName", "websiteEndpoint"] as const;
const NATIVE_ENDPOINT_OUTPUTS = ["domainName", "regionalDomainName", "dualStackDomainName"] as const;

/** What follows `<bucket>.` in an S3 endpoint: `s3.amazonaws.com`, `s3.<region>.…`, `s3-<region>.…`, `s3-website…`, `s3.dualstack.…`. */
const S3_ENDPOINT_SUFFIX = /^s3([.-][a-z0-9]+)*\.amazonaws\.com(\.cn)?$/;

/** Is `domain` an S3 endpoint of `bucket`: its own domain outputs, or an endpoint built from its name? */
function isEndpointOf(bucket: GraphResource, domain: string): boolean {
    const host = domain.toLowerCase().replace(/\.$/, "");
    for (const output of bucket.type === NATIVE.S3_BUCKET ? NATIVE_ENDPOINT_OUTPUTS : ENDPOINT_OUTPUTS) {
        const known = bucket.props[output];
        if (typeof known === "string" && !isUnknown(known) && known.toLowerCase() === host) return true;
    }
    const name = bucketNameOf(bucket);
    if (name === undefined) return false;
    const prefix = `${name.toLowerCase()}.`;
    return host.startsWith(prefix) && S3_ENDPOINT_SUFFIX.test(host.slice(prefix.length));
}

/** One origin's domain, with the path to quote. */
interface Origin {
    path: string;
    domain: unknown;
}

/** A distribution's origins, in its provider's shape, and the input its property dependencies are keyed by. */
interface DistributionOrigins {
    origins: Origin[];
    /** The top-level input that holds the origins. */
    dependencyKey: string;
    /** A part not known yet that hides the origins themselves. */
    unknown?: string;
    /**
     * Another bucket reference under the same input that is not known yet (aws-native standard
     * logging, `distributionConfig.logging.bucket`): during preview a bucket dependency may be it.
     */
    otherBucketReference?: string;
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : isRecord(value) || isUnknown(value) ? [value] : []);
const domainOf = (origin: unknown, key: string) => (isUnknown(origin) ? origin : isRecord(origin) ? origin[key] : undefined);

function originsOf(distribution: GraphResource): DistributionOrigins {
    if (distribution.type !== NATIVE.CLOUDFRONT_DISTRIBUTION) {
        const origins = distribution.props["origins"];
        if (isUnknown(origins)) return { origins: [], dependencyKey: "origins", unknown: "`origins`" };
        return { origins: listOf(origins).map((origin, i) => ({ path: `origins[${i}].domainName`, domain: domainOf(origin, "domainName") })), dependencyKey: "origins" };
    }
    const key = "distributionConfig";
    const config = distribution.props[key];
    if (isUnknown(config)) return { origins: [], dependencyKey: key, unknown: `\`${key}\`` };
    const origins = isRecord(config) ? config["origins"] : undefined;
    if (isUnknown(origins)) return { origins: [], dependencyKey: key, unknown: `\`${key}.origins\`` };
    const found = listOf(origins).map((origin, i) => ({ path: `${key}.origins[${i}].domainName`, domain: domainOf(origin, "domainName") }));
    const legacy = isRecord(config) ? config["s3Origin"] : undefined;
    if (legacy !== undefined && legacy !== null) found.push({ path: `${key}.s3Origin.dnsName`, domain: domainOf(legacy, "dnsName") });
    const logging = isRecord(config) ? config["logging"] : undefined;
    const logBucket = isUnknown(logging) ? logging : isRecord(logging) ? logging["bucket"] : undefined;
    return { origins: found, dependencyKey: key, otherBucketReference: isUnknown(logBucket) ? `\`${key}.logging.bucket\`` : undefined };
}

// --- examples -------------------------------------------------------------------------------------

const BUCKET = ANY_S3_BUCKET[0];
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
const nativeRecordings: ExampleResource = { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" } };
const nativeDistribution = (domainName: unknown, config: Record<string, unknown> = {}): ExampleResource => ({
    name: "cdn",
    type: NATIVE.CLOUDFRONT_DISTRIBUTION,
    props: {
        distributionConfig: {
            enabled: true,
            priceClass: "PriceClass_100",
            defaultCacheBehavior: { targetOriginId: "origin", viewerProtocolPolicy: "https-only" },
            origins: [{ id: "origin", domainName, s3OriginConfig: { originAccessIdentity: "" }, originAccessControlId: "E2QWRUHEXAMPLE" }],
            ...config,
        },
    },
});

export const cloudfrontRecordingsOrigin = stackControl<Config>({
    name: "residency-no-cloudfront-recordings-origin",
    title: "No CloudFront distribution serves contact data",
    area: "residency",
    description:
        "No CloudFront distribution (`aws.cloudfront.Distribution`, `aws.cloudfront.MultitenantDistribution`, aws-native " +
        "`cloudfront.Distribution` with `distributionConfig.origins[]` or the legacy `distributionConfig.s3Origin`) has an origin " +
        "that is a bucket receiving contact data (from an Amazon Connect S3 storage config, a Customer Profiles export, Lex " +
        "audio logs or a Firehose they feed, or named in `contactDataBuckets`), of either provider. The origin's `domainName` is matched against the bucket's " +
        "S3 endpoints, or during preview through the dependency of `origins` (aws-native: `distributionConfig`) on the bucket. " +
        "CloudFront caches at edge locations outside the EU " +
        "whatever the price class, and an origin access control does not change where copies are cached.",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 44"], pciDss: [], iso27001: ["A.5.23", "A.8.12"] },
    remediation: [
        "Remove the contact-data bucket from the distribution's origins (aws-native: from `distributionConfig.origins`).",
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
        {
            title: "aws-native: a distribution whose distributionConfig.origins serve the website bucket",
            verdict: "compliant",
            resources: [nativeRecordings, { ...website, type: NATIVE.S3_BUCKET, props: { bucketName: "acme-website" } }, callRecordings, nativeDistribution("acme-website.s3.eu-central-1.amazonaws.com")],
        },
        {
            title: "aws-native: a distribution whose origin is the aws-native recordings bucket's regional endpoint",
            verdict: "violation",
            resources: [nativeRecordings, callRecordings, nativeDistribution("acme-recordings.s3.eu-central-1.amazonaws.com")],
        },
        {
            title: "mixed providers: an aws-native distribution serving a classic recordings bucket through the legacy s3Origin",
            verdict: "violation",
            resources: [recordings, callRecordings, nativeDistribution("cdn.acme.example", { origins: undefined, s3Origin: { dnsName: "acme-recordings.s3.amazonaws.com" } })],
        },
        {
            title: "aws-native, first preview: the origin is the recordings bucket's regionalDomainName, not known yet",
            verdict: "violation",
            resources: [
                { ...nativeRecordings, props: {} },
                { ...callRecordings, props: { ...callRecordings.props, storageConfig: { storageType: "S3", s3Config: { bucketName: UNKNOWN, bucketPrefix: "connect" } } }, propertyDependencies: { storageConfig: ["recordings"] } },
                { ...nativeDistribution(UNKNOWN), propertyDependencies: { distributionConfig: ["recordings"] } },
            ],
        },
        {
            title: "aws-native, first preview: the distributionConfig depends on the recordings bucket and on its log bucket, whose name is not known either",
            verdict: "deferred",
            resources: [
                nativeRecordings,
                { name: "cdn-logs", type: NATIVE.S3_BUCKET, props: {} },
                callRecordings,
                {
                    ...nativeDistribution(UNKNOWN, { logging: { bucket: UNKNOWN, prefix: "cdn/" } }),
                    propertyDependencies: { distributionConfig: ["recordings", "cdn-logs"] },
                },
            ],
        },
    ],
    judges: DISTRIBUTION_TYPES,
    check(stack, config, findings) {
        const data = contactDataBuckets(stack, config.contactDataBuckets);
        const holdsContactData = (bucket: GraphResource) => data.buckets.has(bucket);
        const writers = (bucket: GraphResource) => data.buckets.get(bucket)?.writers.map((w) => `'${w.name}'`).join(", ") ?? "";
        for (const distribution of stack.ofType(DISTRIBUTION_TYPES)) {
            const subject = `CloudFront distribution '${distribution.name}'`;
            const { origins, dependencyKey, unknown, otherBucketReference } = originsOf(distribution);
            if (unknown) {
                findings.undecided(distribution, `${subject}: ${unknown} is not known yet.`);
                continue;
            }
            // During preview several unknown origins may share the same dependencies: one finding per bucket.
            const judged = new Set<GraphResource>();
            for (const { path, domain } of origins) {
                let buckets: readonly GraphResource[];
                let attributed = true;
                if (typeof domain === "string" && !isUnknown(domain)) {
                    buckets = stack.ofType(ANY_S3_BUCKET).filter((bucket) => isEndpointOf(bucket, domain));
                } else if (isUnknown(domain)) {
                    const reference = stack.resolve(distribution, { property: dependencyKey, value: domain, targets: ANY_S3_BUCKET });
                    // An unknown domain from some other resource of the stack (a load balancer, an API) is no bucket.
                    const fromStack = (distribution.propertyDependencies[dependencyKey] ?? []).length > 0;
                    if (reference.kind !== "resources" && !fromStack) {
                        findings.undecided(distribution, `${subject}: \`${path}\` is not known yet and comes from no resource of this stack.`);
                    }
                    buckets = reference.kind === "resources" ? reference.resources : [];
                    attributed = otherBucketReference === undefined;
                } else continue;
                for (const bucket of buckets) {
                    if (judged.has(bucket)) continue;
                    judged.add(bucket);
                    if (holdsContactData(bucket) && !attributed) {
                        findings.undecided(
                            distribution,
                            `${subject}: \`${path}\` is not known yet; it or ${otherBucketReference} comes from S3 bucket '${bucket.name}', which holds contact data.`,
                        );
                    } else if (holdsContactData(bucket)) {
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
            }
        }
    },
});
