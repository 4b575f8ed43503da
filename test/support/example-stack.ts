/**
 * A control's examples as the engine would present them: URNs, a default AWS provider configured
 * from the example's `aws:region`, explicit providers as resources, dependencies by URN.
 */
import type { ControlExample } from "../../policies/control";
import type { PlainResource, StackSnapshot } from "../../cli/analyzer/types";
import type { GraphResource } from "../../policies/lib/stack-graph";

export const PROJECT = "examples";
export const STACK = "test";
export const AWS_VERSION = "7.48.0";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** A stack-graph resource of the example stack, for tests that build a StackGraph by hand. */
export function graphResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies: Record<string, string[]> = {},
    dependencies: string[] = [],
): GraphResource {
    return { urn: urnOf(type, name), type, name, props, dependencies, propertyDependencies };
}

export const AWS_NATIVE_VERSION = "1.79.0";

/** The engine's default provider of a package, configured from the stack's `<package>:region`. */
export function defaultProvider(region: string | null, pkg: "aws" | "aws-native" = "aws"): PlainResource {
    const version = pkg === "aws" ? AWS_VERSION : AWS_NATIVE_VERSION;
    const name = `default_${version.replace(/\./g, "_")}`;
    return {
        urn: urnOf(`pulumi:providers:${pkg}`, name),
        type: `pulumi:providers:${pkg}`,
        name,
        custom: true,
        props: region === null ? { version } : { region, version },
    };
}

/**
 * An example's stack. aws-native resources get the aws-native default provider, configured from the
 * same region as the classic one (a stack sets `aws:region` and `aws-native:region` alike).
 */
export function exampleStack(example: ControlExample): StackSnapshot {
    const region = example.awsRegion === undefined ? "eu-central-1" : example.awsRegion;
    const provider = defaultProvider(region);
    const nativeProvider = defaultProvider(region, "aws-native");
    const usesNative = example.resources.some((r) => r.type.startsWith("aws-native:"));
    const urns = new Map(example.resources.map((r) => [r.name, urnOf(r.type, r.name)]));
    const urn = (name: string) => {
        const found = urns.get(name);
        if (!found) throw new Error(`example '${example.title}' refers to unknown resource '${name}'`);
        return found;
    };
    const resources: PlainResource[] = usesNative ? [provider, nativeProvider] : [provider];
    for (const r of example.resources) {
        const isProvider = r.type.startsWith("pulumi:providers:");
        resources.push({
            urn: urn(r.name),
            type: r.type,
            name: r.name,
            custom: true,
            props: isProvider ? { ...r.props, version: r.type === "pulumi:providers:aws-native" ? AWS_NATIVE_VERSION : AWS_VERSION } : r.props,
            provider: isProvider ? undefined : r.provider ? urn(r.provider) : r.type.startsWith("aws-native:") ? nativeProvider.urn : provider.urn,
            dependencies: (r.dependsOn ?? []).map(urn),
            propertyDependencies: Object.fromEntries(
                Object.entries(r.propertyDependencies ?? {}).map(([property, names]) => [property, names.map(urn)]),
            ),
        });
    }
    return { project: PROJECT, stack: STACK, resources };
}
