/**
 * The stack the engine analyzes, assembled registration by registration: everything registered
 * (components, providers and the stack included), not what was only read
 * (pkg/resource/deploy/step_executor.go keeps reads apart from the `news` AnalyzeStack receives),
 * and the engine's default provider of a package before the first resource that needs it.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type { PlainResource, StackSnapshot } from "../analyzer/types";
import type { RecordedRegistration } from "./program-protocol";
import type { PulumiProject } from "./project";
import { providerUrnOf } from "./urn";

/** A registered resource as the engine analyzes it, with its provider resource. */
export interface AnalyzedRegistration {
    resource: PlainResource;
    provider: PlainResource | undefined;
}

function packageVersion(projectDir: string, pkg: string): string | undefined {
    try {
        const require = createRequire(path.join(projectDir, "__ccguard__.js"));
        return (require(`@pulumi/${pkg}/package.json`) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

/** The engine's default provider of a package (pkg/resource/deploy/providers, `DefaultProviderName`: `default_<version>`). */
function defaultProvider(project: PulumiProject, pkg: string, requested: string | undefined): PlainResource {
    const version = requested ?? packageVersion(project.programDir, pkg);
    const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
    const props: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(project.config)) {
        if (key.startsWith(`${pkg}:`)) props[key.slice(pkg.length + 1)] = value;
    }
    if (version) props["version"] = version;
    return {
        urn: `urn:pulumi:${project.stack}::${project.name}::pulumi:providers:${pkg}::${name}`,
        type: `pulumi:providers:${pkg}`,
        name,
        custom: true,
        props,
    };
}

export class StackAssembler {
    private readonly defaults = new Map<string, PlainResource>();
    private readonly resources: PlainResource[] = [];
    private readonly providers = new Map<string, PlainResource>();

    constructor(private readonly project: PulumiProject) {}

    /**
     * The registration as the engine analyzes it, preceded by the default provider it is the first to
     * need; nothing for a resource the program only read.
     */
    add(r: RecordedRegistration): AnalyzedRegistration[] {
        if (r.read) return [];
        const added: AnalyzedRegistration[] = [];
        const isProvider = r.type.startsWith("pulumi:providers:");
        let provider = r.provider ? providerUrnOf(r.provider) : undefined;
        if (!provider && r.custom && !isProvider) {
            const pkg = r.type.split(":")[0];
            const key = `${pkg}@${r.version ?? ""}`;
            let fallback = this.defaults.get(key);
            if (!fallback) {
                fallback = defaultProvider(this.project, pkg, r.version);
                this.defaults.set(key, fallback);
                this.providers.set(fallback.urn, fallback);
                added.push({ resource: fallback, provider: undefined });
            }
            provider = fallback.urn;
        }
        const resource: PlainResource = {
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            props: r.inputs,
            outputs: r.outputs,
            parent: r.parent,
            provider,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            options: r.options,
        };
        this.resources.push(resource);
        if (isProvider) this.providers.set(resource.urn, resource);
        added.push({ resource, provider: provider ? this.providers.get(provider) : undefined });
        return added;
    }

    /** The stack so far: the default providers, then the registrations in the order they came. */
    snapshot(): StackSnapshot {
        return { project: this.project.name, stack: this.project.stack, resources: [...this.defaults.values(), ...this.resources] };
    }
}

/** The stack the engine analyzes once the program has ended, with each component's registered outputs. */
export function snapshotOf(project: PulumiProject, registrations: readonly RecordedRegistration[]): StackSnapshot {
    const assembler = new StackAssembler(project);
    for (const registration of registrations) assembler.add(registration);
    return assembler.snapshot();
}
