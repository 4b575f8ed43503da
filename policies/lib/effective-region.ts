/**
 * The region a resource lives in: its own `region` input (new in @pulumi/aws v7) or else its
 * provider's `region`, whether that provider is an explicit `pulumi:providers:aws` (or `aws-native`)
 * resource or the default provider the engine configures from the stack's `aws:region` (`aws-native:region`). A region that is unset or
 * not yet known is reported as such, never guessed: the provider would fall back to the deployer's
 * environment, which no policy can see.
 */
import { isUnknown } from "./unknown";

export interface RegionalResource {
    type: string;
    props: Record<string, unknown>;
    provider?: { type: string; name?: string; urn?: string; props: Record<string, unknown> };
}

export type EffectiveRegion =
    | { kind: "known"; region: string; from: "resource" | "provider" }
    | { kind: "unknown"; from: "resource" | "provider" }
    | { kind: "unset" }
    | { kind: "global" };

/**
 * Services whose resources have no region: their data and configuration are global. IAM and
 * Organizations are control-plane only; CloudFront and Route 53 serve from edges everywhere.
 */
const GLOBAL_MODULES: ReadonlySet<string> = new Set([
    "iam",
    "organizations",
    "cloudfront",
    "route53",
    "route53domains",
    "globalaccelerator",
    "budgets",
    "costexplorer",
    "account",
]);

/** aws-native's names for the same global services (Cost Explorer is `ce` there). */
const GLOBAL_NATIVE_MODULES: ReadonlySet<string> = new Set(["iam", "organizations", "cloudfront", "route53", "globalaccelerator", "budgets", "ce"]);

/**
 * `aws:s3/bucket:Bucket` and `aws-native:s3:Bucket` → `s3`; undefined for tokens outside the two
 * AWS packages.
 */
export function awsModuleOf(type: string): string | undefined {
    const match = /^aws(-native)?:([^/:]+)(\/[^:]*)?:/.exec(type);
    return match ? match[2] : undefined;
}

/** A resource managed by either AWS provider (not a provider, not a component, not another cloud). */
export function isAwsResource(type: string): boolean {
    return awsModuleOf(type) !== undefined;
}

export function isGlobalAwsType(type: string): boolean {
    const module = awsModuleOf(type);
    if (module === undefined) return false;
    // aws-native keeps Route 53 Resolver and Profiles in modules of their own (route53resolver, route53profiles).
    if (type.startsWith("aws-native:")) return GLOBAL_NATIVE_MODULES.has(module);
    if (!GLOBAL_MODULES.has(module)) return false;
    // Route 53 Resolver (endpoints, rules, firewalls) and Route 53 Profiles attach to VPCs, hence to a region.
    return !type.startsWith("aws:route53/resolver") && !type.startsWith("aws:route53/profiles");
}

/**
 * aws-native resources take no `region` input of their own (none in its `*.d.ts`): their provider's
 * `region` decides, the explicit `pulumi:providers:aws-native` resource or the default provider the
 * engine configures from `aws-native:region`.
 */
export function effectiveRegion(resource: RegionalResource): EffectiveRegion {
    if (isGlobalAwsType(resource.type)) return { kind: "global" };
    const own = resource.props["region"];
    if (isUnknown(own)) return { kind: "unknown", from: "resource" };
    const fromProvider = resource.provider?.props["region"];
    // After an update every @pulumi/aws v7 resource has a `region` output, its provider's unless it set
    // its own: the same region as the provider's is credited to the provider, where it was chosen.
    if (typeof own === "string" && own !== "") return { kind: "known", region: own, from: own === fromProvider ? "provider" : "resource" };
    if (isUnknown(fromProvider)) return { kind: "unknown", from: "provider" };
    if (typeof fromProvider === "string" && fromProvider !== "") {
        return { kind: "known", region: fromProvider, from: "provider" };
    }
    return { kind: "unset" };
}
