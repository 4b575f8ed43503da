import { describe, expect, it } from "vitest";
import {
    awsModuleOf,
    effectiveRegion,
    isAwsResource,
    isGlobalAwsType,
    type RegionalResource,
} from "../../../policies/lib/effective-region";
import { UNKNOWN } from "../../../policies/lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";

function resource(props: Record<string, unknown>, providerProps?: Record<string, unknown>, type = BUCKET): RegionalResource {
    return {
        type,
        props,
        provider: providerProps && {
            type: "pulumi:providers:aws",
            name: "default_7_48_0",
            urn: "urn:pulumi:test::proj::pulumi:providers:aws::default_7_48_0",
            props: providerProps,
        },
    };
}

describe("awsModuleOf", () => {
    it.each([
        ["aws:s3/bucket:Bucket", "s3"],
        ["aws:kms/key:Key", "kms"],
        ["aws:route53/resolverEndpoint:ResolverEndpoint", "route53"],
        ["aws:connect/instanceStorageConfig:InstanceStorageConfig", "connect"],
        ["aws-native:s3:Bucket", "s3"],
        ["aws-native:customerprofiles:Domain", "customerprofiles"],
    ])("reads the module of %s as %s", (type, module) => {
        expect(awsModuleOf(type)).toBe(module);
    });

    it.each(["pulumi:providers:aws", "pulumi:providers:aws-native", "awsx:ec2:Vpc", "gcp:storage/bucket:Bucket"])("has no aws module for %s", (type) => {
        expect(awsModuleOf(type)).toBeUndefined();
    });
});

describe("isAwsResource", () => {
    it.each([BUCKET, "aws:kms/key:Key", "aws:connect/instance:Instance", "aws:iam/role:Role", "aws-native:s3:Bucket", "aws-native:wisdom:Assistant"])("is true for %s", (type) => {
        expect(isAwsResource(type)).toBe(true);
    });

    it.each([
        ["the AWS provider itself", "pulumi:providers:aws"],
        ["the aws-native provider itself", "pulumi:providers:aws-native"],
        ["a component", "contact-centre:storage:RecordingStore"],
        ["a stack", "pulumi:pulumi:Stack"],
        ["another cloud's bucket", "gcp:storage/bucket:Bucket"],
        ["another cloud's storage account", "azure-native:storage:StorageAccount"],
        ["an awsx component", "awsx:ec2:Vpc"],
    ])("is false for %s", (_what, type) => {
        expect(isAwsResource(type)).toBe(false);
    });
});

describe("isGlobalAwsType", () => {
    it.each([
        "aws:iam/role:Role",
        "aws:iam/policy:Policy",
        "aws:cloudfront/distribution:Distribution",
        "aws:route53/zone:Zone",
        "aws:route53/record:Record",
        "aws:organizations/account:Account",
        "aws-native:iam:Role",
        "aws-native:cloudfront:Distribution",
        "aws-native:route53:HostedZone",
    ])("treats %s as global", (type) => {
        expect(isGlobalAwsType(type)).toBe(true);
    });

    it.each([
        "aws:route53/resolverEndpoint:ResolverEndpoint",
        "aws:route53/resolverRule:ResolverRule",
        "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup",
        BUCKET,
        "aws:kms/key:Key",
        "pulumi:providers:aws",
        "aws-native:route53resolver:ResolverEndpoint",
        "aws-native:s3:Bucket",
        "aws-native:connect:Instance",
    ])("treats %s as regional", (type) => {
        expect(isGlobalAwsType(type)).toBe(false);
    });
});

describe("effectiveRegion", () => {
    it("takes an aws-native resource's region from its aws-native provider", () => {
        const bucket: RegionalResource = {
            type: "aws-native:s3:Bucket",
            props: {},
            provider: { type: "pulumi:providers:aws-native", name: "default_1_79_0", urn: "urn:pulumi:test::proj::pulumi:providers:aws-native::default_1_79_0", props: { region: "us-east-1" } },
        };
        expect(effectiveRegion(bucket)).toEqual({ kind: "known", region: "us-east-1", from: "provider" });
        expect(effectiveRegion({ ...bucket, provider: { ...bucket.provider!, props: {} } })).toEqual({ kind: "unset" });
    });

    it("prefers the resource's own region input over its provider's", () => {
        expect(effectiveRegion(resource({ region: "us-east-1" }, { region: "eu-central-1" }))).toEqual({
            kind: "known",
            region: "us-east-1",
            from: "resource",
        });
    });

    it("credits its provider with a region output equal to the provider's, as every v7 resource has after an update", () => {
        expect(effectiveRegion(resource({ region: "us-east-1" }, { region: "us-east-1" }))).toEqual({ kind: "known", region: "us-east-1", from: "provider" });
    });

    it("uses the resource's own region when it has no provider", () => {
        expect(effectiveRegion(resource({ region: "eu-west-1" }))).toEqual({ kind: "known", region: "eu-west-1", from: "resource" });
    });

    it.each([
        ["has no region input", {}],
        ["has an empty region input", { region: "" }],
        ["has a region input that is not a string", { region: 42 }],
    ])("uses the provider's region when the resource %s", (_what, props) => {
        expect(effectiveRegion(resource(props, { region: "eu-central-1" }))).toEqual({
            kind: "known",
            region: "eu-central-1",
            from: "provider",
        });
    });

    it("reports an unknown region input as unknown from the resource, whatever the provider says", () => {
        expect(effectiveRegion(resource({ region: UNKNOWN }, { region: "eu-central-1" }))).toEqual({ kind: "unknown", from: "resource" });
    });

    it("reports an unknown provider region as unknown from the provider", () => {
        expect(effectiveRegion(resource({}, { region: UNKNOWN }))).toEqual({ kind: "unknown", from: "provider" });
    });

    it.each([
        ["has no provider", undefined],
        ["has a provider without a region", {}],
        ["has a provider with an empty region", { region: "" }],
    ])("reports a region as unset when the resource has none and %s", (_what, providerProps) => {
        expect(effectiveRegion(resource({}, providerProps))).toEqual({ kind: "unset" });
    });

    it.each([
        "aws:iam/role:Role",
        "aws:cloudfront/distribution:Distribution",
        "aws:route53/zone:Zone",
        "aws:organizations/organization:Organization",
    ])("reports %s as global even in a provider outside the EU", (type) => {
        expect(effectiveRegion(resource({}, { region: "us-east-1" }, type))).toEqual({ kind: "global" });
    });

    it("reports a Route 53 Resolver endpoint in the region of its provider", () => {
        const endpoint = resource({}, { region: "us-east-1" }, "aws:route53/resolverEndpoint:ResolverEndpoint");
        expect(effectiveRegion(endpoint)).toEqual({ kind: "known", region: "us-east-1", from: "provider" });
    });
});

describe("Route 53 Profiles", () => {
    it.each(["aws:route53/profilesProfile:ProfilesProfile", "aws:route53/profilesAssociation:ProfilesAssociation"])(
        "judges %s by its region, as it attaches to VPCs",
        (type) => {
            expect(effectiveRegion(resource({ region: "us-east-1" }, undefined, type))).toEqual({ kind: "known", region: "us-east-1", from: "resource" });
        },
    );
});
