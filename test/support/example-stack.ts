/**
 * A control's examples as the engine would present them: URNs, a default AWS provider configured
 * from the example's `aws:region`, explicit providers as resources, dependencies by URN.
 */
import type { ControlExample } from "../../policies/control";
import type { PlainResource, StackSnapshot } from "../../cli/analyzer/types";

export const PROJECT = "examples";
export const STACK = "test";
export const AWS_VERSION = "7.48.0";

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

export function defaultProvider(region: string | null): PlainResource {
    return {
        urn: urnOf("pulumi:providers:aws", `default_${AWS_VERSION.replace(/\./g, "_")}`),
        type: "pulumi:providers:aws",
        name: `default_${AWS_VERSION.replace(/\./g, "_")}`,
        custom: true,
        props: region === null ? { version: AWS_VERSION } : { region, version: AWS_VERSION },
    };
}

export function exampleStack(example: ControlExample): StackSnapshot {
    const provider = defaultProvider(example.awsRegion === undefined ? "eu-central-1" : example.awsRegion);
    const urns = new Map(example.resources.map((r) => [r.name, urnOf(r.type, r.name)]));
    const urn = (name: string) => {
        const found = urns.get(name);
        if (!found) throw new Error(`example '${example.title}' refers to unknown resource '${name}'`);
        return found;
    };
    const resources: PlainResource[] = [provider];
    for (const r of example.resources) {
        const isProvider = r.type.startsWith("pulumi:providers:");
        resources.push({
            urn: urn(r.name),
            type: r.type,
            name: r.name,
            custom: true,
            props: isProvider ? { ...r.props, version: AWS_VERSION } : r.props,
            provider: isProvider ? undefined : r.provider ? urn(r.provider) : provider.urn,
            dependencies: (r.dependsOn ?? []).map(urn),
            propertyDependencies: Object.fromEntries(
                Object.entries(r.propertyDependencies ?? {}).map(([property, names]) => [property, names.map(urn)]),
            ),
        });
    }
    return { project: PROJECT, stack: STACK, resources };
}
