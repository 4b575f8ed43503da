/**
 * A resource registration as the engine goes on with it (pkg/resource/deploy/source_eval.go,
 * `RegisterResource`): its transforms run, its dependencies settled, its provider resolved.
 */
import type { Callback } from "@pulumi/pulumi/proto/callback_pb";
import * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import { structOf } from "./property-values";
import { outputDependencies, Transforms, upgradedToOutputValues, type TransformGoal } from "./transforms";

/** A registration as the engine goes on with it, after transforms. */
export interface RegisteredGoal extends TransformGoal {
    remote: boolean;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Provider references by package, for a component's children. */
    providers: Record<string, string>;
}

/** The options a transform sees and may change (the engine's `TransformResourceOptions` from the request). */
function transformOptions(request: resourcePb.RegisterResourceRequest): resourcePb.TransformResourceOptions {
    const options = new resourcePb.TransformResourceOptions()
        .setDependsOnList(request.getDependenciesList())
        .setIgnoreChangesList(request.getIgnorechangesList())
        .setReplaceOnChangesList(request.getReplaceonchangesList())
        .setVersion(request.getVersion())
        .setAliasesList(request.getAliasesList())
        .setProvider(request.getProvider())
        .setPluginDownloadUrl(request.getPlugindownloadurl())
        .setDeletedWith(request.getDeletedwith())
        .setAdditionalSecretOutputsList(request.getAdditionalsecretoutputsList());
    if (request.hasProtect()) options.setProtect(request.getProtect()!);
    if (request.hasRetainondelete()) options.setRetainOnDelete(request.getRetainondelete()!);
    if (request.getDeletebeforereplacedefined() || request.getDeletebeforereplace()) options.setDeleteBeforeReplace(request.getDeletebeforereplace());
    if (request.hasCustomtimeouts()) options.setCustomTimeouts(request.getCustomtimeouts());
    request.getProvidersMap().forEach((reference, pkg) => options.getProvidersMap().set(pkg, reference));
    return options;
}

function providersOf(options: resourcePb.TransformResourceOptions): Record<string, string> {
    const providers: Record<string, string> = {};
    options.getProvidersMap().forEach((reference, pkg) => {
        providers[pkg] = reference;
    });
    return providers;
}

/** An error the engine would return to the program (a failing transform), not a failure of ccguard. */
export class ProgramFacingError extends Error {}

export class ResourceGoals {
    readonly transforms = new Transforms();
    private readonly componentProviders = new Map<string, Record<string, string>>();

    /** After a registration: its own transforms apply to its descendants too. */
    remember(urn: string, goal: RegisteredGoal, own: Callback[]): void {
        this.transforms.remember(urn, goal.parent, own);
    }

    /**
     * The registration after its transforms, with its dependencies, as the engine prepares it
     * (pkg/resource/deploy/source_eval.go, `RegisterResource`): property dependencies backfilled
     * from the dependency list when the SDK sent none, properties upgraded to output values when
     * the resource has transforms of its own, and dependencies read back from what they return.
     */
    async prepare(request: resourcePb.RegisterResourceRequest): Promise<RegisteredGoal> {
        const remote = request.getRemote();
        let props = structOf(request.getObject());
        const dependencies = request.getDependenciesList();
        let propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        if (request.getPropertydependenciesMap().getLength() === 0 && !remote) {
            propertyDependencies = Object.fromEntries(Object.keys(props).map((key) => [key, [...dependencies]]));
        }
        const own = request.getTransformsList();
        const parent = request.getParent() || undefined;
        const options = transformOptions(request);
        if (!this.transforms.applies(own, parent)) {
            return { type: request.getType(), name: request.getName(), custom: request.getCustom(), remote, parent, props, options, dependencies, propertyDependencies, providers: providersOf(options) };
        }
        if (own.length > 0) props = upgradedToOutputValues(props, propertyDependencies);
        const goal = await this.transforms
            .transformResource(own, { name: request.getName(), type: request.getType(), custom: request.getCustom(), parent, props, options })
            .catch((error: unknown) => {
                throw new ProgramFacingError(error instanceof Error ? error.message : String(error));
            });
        if (own.length === 0) {
            return { ...goal, remote, dependencies, propertyDependencies, providers: providersOf(goal.options) };
        }
        const transformedDependencies = new Set(goal.options.getDependsOnList());
        const transformedPropertyDependencies: Record<string, string[]> = {};
        for (const [key, value] of Object.entries(goal.props)) {
            const found = [...outputDependencies(value)];
            transformedPropertyDependencies[key] = found;
            for (const urn of found) transformedDependencies.add(urn);
        }
        return { ...goal, remote, dependencies: [...transformedDependencies], propertyDependencies: transformedPropertyDependencies, providers: providersOf(goal.options) };
    }

    /**
     * The provider reference of a custom resource or multi-language component (`resolveProvider`): its
     * own, else its `providers` entry for the package, else the one its component parent was given.
     * Components keep their providers for their children, with their component parent's added.
     */
    providerOf(goal: RegisteredGoal, urn: string): string | undefined {
        const pkg = goal.type.split(":")[0];
        const inherited = goal.parent ? this.componentProviders.get(goal.parent) : undefined;
        if (!goal.custom && !goal.remote) {
            this.componentProviders.set(urn, { ...inherited, ...goal.providers });
            return undefined;
        }
        return goal.options.getProvider() || goal.providers[pkg] || inherited?.[pkg] || undefined;
    }
}
