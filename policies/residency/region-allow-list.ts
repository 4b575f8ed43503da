/**
 * Every AWS resource of the stack lives in an allowed region.
 *
 * Contact-centre data (recordings, transcripts, contact records) may only leave the EU under
 * GDPR Chapter V. The simplest proof of residency is that nothing is created outside the allowed
 * regions: not the buckets, and not the keys, streams or log groups that hold copies or metadata.
 * aws-native resources count too; they take no `region` input and live in their aws-native
 * provider's region, which a stack configures separately (`aws-native:region`) from `aws:region`.
 */
import { stackControl } from "../control";
import { effectiveRegion, isAwsResource } from "../lib/effective-region";
import { allowedRegions } from "../lib/regions";
import { AWS_NATIVE_PROVIDER, AWS_PROVIDER, isNativeType, NATIVE } from "../lib/resource-types";
import { UNKNOWN } from "../lib/unknown";
import type { GraphResource } from "../lib/stack-graph";
import { REGION_PARAMETERS, type RegionConfig } from "./region-parameters";

const bucket = "aws:s3/bucket:Bucket";

/**
 * Where a resource's provider region comes from, as the team wrote it: the engine names the default
 * provider of a package `default_<version>` (pkg/resource/deploy/providers), configured from the
 * stack's `<package>:region`; an explicit provider by the name the program gave it.
 */
function providerOrigin(resource: GraphResource): string {
    const provider = resource.provider;
    if (!provider || /^default(_|$)/.test(provider.name)) {
        const pkg = provider?.type.replace(/^pulumi:providers:/, "") ?? (isNativeType(resource.type) ? "aws-native" : "aws");
        return `the stack's \`${pkg}:region\``;
    }
    return `its provider '${provider.name}'`;
}

export const regionAllowList = stackControl<RegionConfig>({
    name: "residency-region-allow-list",
    title: "Resources stay in allowed regions",
    area: "residency",
    description:
        "Every AWS resource's effective region (its own `region` input, else its provider's region, explicit or " +
        "the default provider configured from `aws:region`) is in the allow-list. A resource whose region is unset " +
        "would fall back to the deployer's environment and is a violation; global services (IAM, CloudFront, " +
        "Route 53, Organizations) have no region and are skipped. aws-native resources have no `region` input: their " +
        "region is their `pulumi:providers:aws-native` provider's, explicit or the default one configured from " +
        "`aws-native:region`, which a mixed stack must set as carefully as `aws:region`.",
    severity: "critical",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 44", "Art. 45", "Art. 46", "Art. 5(1)(f)"],
        pciDss: [],
        iso27001: ["A.5.23", "A.5.34"],
    },
    remediation: [
        "Set the stack's `aws:region` to an allowed region (for Amazon Connect in the EU: eu-central-1).",
        "Give explicit providers and per-resource `region` inputs an allowed region.",
        "For aws-native resources set `aws-native:region` (or the `region` of the explicit `aws-native.Provider`) to the same allowed region.",
        "If the region is lawful for your data (for example under an adequacy decision), add it through this policy's `profile` or `regions` parameters and record why.",
    ],
    parameters: REGION_PARAMETERS,
    examples: [
        {
            title: "a bucket in Frankfurt through the default provider",
            verdict: "compliant",
            awsRegion: "eu-central-1",
            resources: [{ name: "recordings", type: bucket, props: {} }],
        },
        {
            title: "a bucket in us-east-1 through the default provider",
            verdict: "violation",
            awsRegion: "us-east-1",
            resources: [{ name: "recordings", type: bucket, props: {} }],
        },
        {
            title: "a bucket whose own region input overrides an EU provider with us-east-1",
            verdict: "violation",
            awsRegion: "eu-central-1",
            resources: [{ name: "recordings", type: bucket, props: { region: "us-east-1" } }],
        },
        {
            title: "a stack without aws:region whose resources all use an explicit EU provider",
            verdict: "compliant",
            awsRegion: null,
            resources: [
                { name: "frankfurt", type: AWS_PROVIDER, props: { region: "eu-central-1" } },
                { name: "recordings", type: bucket, props: {}, provider: "frankfurt" },
            ],
        },
        {
            title: "a bucket with no region anywhere (the provider would use the deployer's environment)",
            verdict: "violation",
            awsRegion: null,
            resources: [{ name: "recordings", type: bucket, props: {} }],
        },
        {
            title: "a London bucket under the eu-plus-adequacy profile",
            verdict: "compliant",
            awsRegion: "eu-west-2",
            config: { regionProfile: "eu-plus-adequacy" },
            resources: [{ name: "recordings", type: bucket, props: {} }],
        },
        {
            title: "an IAM role, which has no region, in a us-east-1 stack",
            verdict: "compliant",
            awsRegion: "us-east-1",
            resources: [{ name: "reviewer", type: "aws:iam/role:Role", props: { assumeRolePolicy: "{}" } }],
        },
        {
            title: "a bucket whose region input is an output not known during preview",
            verdict: "deferred",
            awsRegion: "eu-central-1",
            resources: [{ name: "recordings", type: bucket, props: { region: UNKNOWN } }],
        },
        {
            title: "aws-native: a bucket under an explicit aws-native provider in us-east-1",
            verdict: "violation",
            resources: [
                { name: "virginia", type: AWS_NATIVE_PROVIDER, props: { region: "us-east-1" } },
                { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" }, provider: "virginia" },
            ],
        },
        {
            title: "aws-native: a bucket under the default aws-native provider with no aws-native:region",
            verdict: "violation",
            awsRegion: null,
            resources: [{ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" } }],
        },
        {
            title: "mixed providers: a classic bucket and an aws-native key and role, all in Frankfurt",
            verdict: "compliant",
            resources: [
                { name: "recordings", type: bucket, props: {} },
                { name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true } },
                { name: "reviewer", type: NATIVE.IAM_ROLE, props: { assumeRolePolicyDocument: {} } },
            ],
        },
        {
            title: "mixed providers: a classic bucket in Frankfurt keyed by an aws-native key under a provider in us-east-1",
            verdict: "violation",
            resources: [
                { name: "virginia", type: AWS_NATIVE_PROVIDER, props: { region: "us-east-1" } },
                { name: "recordings", type: bucket, props: {} },
                { name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true }, provider: "virginia" },
            ],
        },
        {
            title: "aws-native first preview: the explicit aws-native provider's region is an output not known yet",
            verdict: "deferred",
            resources: [
                { name: "regional", type: AWS_NATIVE_PROVIDER, props: { region: UNKNOWN } },
                { name: "recordings", type: NATIVE.S3_BUCKET, props: {}, provider: "regional" },
            ],
        },
    ],
    judges: "every cloud resource",
    check(stack, config, findings) {
        const allowed = allowedRegions(config.regionProfile, config.regions);
        const allowedList = allowed.join(", ");
        for (const resource of stack.resources) {
            if (!isAwsResource(resource.type)) continue;
            const region = effectiveRegion(resource);
            const subject = `${resource.type} '${resource.name}'`;
            const native = isNativeType(resource.type);
            const where = (from: "resource" | "provider") => (from === "resource" ? "its `region` input" : providerOrigin(resource));
            switch (region.kind) {
                case "global":
                    break;
                case "known":
                    if (!allowed.includes(region.region)) {
                        findings.violation(
                            resource,
                            `${subject} is in ${region.region} (from ${where(region.from)}), outside the allowed regions ` +
                                `(${allowedList}). Deploy it in an allowed region, e.g. set ` +
                                (native ? "aws-native:region or the region of its aws-native provider." : "aws:region or the resource's `region`."),
                        );
                    }
                    break;
                case "unknown":
                    findings.undecided(resource, `${subject}: the region from ${where(region.from)} is not known yet.`);
                    break;
                case "unset":
                    findings.violation(
                        resource,
                        native
                            ? `${subject} has no region: its aws-native provider has none (aws-native:region is not set), so the provider ` +
                                  `would use the deployer's environment. Set aws-native:region to one of ${allowedList}.`
                            : `${subject} has no region: neither a \`region\` input nor a provider region (aws:region) is set, so ` +
                                  `the provider would use the deployer's environment. Set aws:region to one of ${allowedList}.`,
                    );
                    break;
            }
        }
    },
});
