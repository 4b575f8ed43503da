/**
 * Makes the pack refuse an invalid policy config when the engine configures it, so `pulumi preview`
 * and `pulumi up` stop with the same one line ccguard prints instead of ignoring a misspelt policy
 * or parameter.
 *
 * Why here: the engine validates only the properties each known policy declares (pulumi/pulumi
 * pkg/resource/analyzer/config.go) and passes everything else, unknown policy names and unknown
 * properties included, to the pack's Configure call (sdk/go/common/resource/plugin/analyzer_plugin.go
 * `Configure`). The policy SDK stores that config without looking at it (@pulumi/policy server.js
 * `configure`) and offers no hook, and a policy's schema cannot forbid unknown properties because
 * the engine rebuilds each schema from its `properties` and `required` alone (`convertSchema`). So
 * the pack wraps the SDK's Configure handler as the SDK registers it (`analyzer-service.ts`), and
 * answers an invalid config with INVALID_ARGUMENT, which the engine reports as the error of the run.
 */
import { sdkModule, transformAnalyzerService, type Handler } from "../analyzer-service";
import { oneLine, policyConfigProblems, type ConfigurablePolicy } from "./validate-config";

interface ConfigureRequest {
    getPolicyconfigMap(): { entries(): Iterable<[string, { getProperties(): { toJavaScript(): Record<string, unknown> } | undefined }]> };
}

/** The config the engine sent, as policy name to properties (levels were checked by the engine). */
export function configOfRequest(request: ConfigureRequest): Record<string, Record<string, unknown>> {
    const config: Record<string, Record<string, unknown>> = {};
    for (const [name, policyConfig] of request.getPolicyconfigMap().entries()) {
        // Defined, not assigned: an entry named `__proto__` stays an entry, to be refused by name.
        Object.defineProperty(config, name, { value: policyConfig.getProperties()?.toJavaScript() ?? {}, enumerable: true, writable: true, configurable: true });
    }
    return config;
}

/** The problems of a Configure request; one that cannot be checked is refused, never let through unchecked. */
export function configureProblems(policies: readonly ConfigurablePolicy[], request: ConfigureRequest, today = new Date()): string[] {
    try {
        // Region names are checked against the regions AWS has today only where the config is written
        // (ccguard): here a region AWS opens later would stop every preview until the pack is upgraded.
        return policyConfigProblems(policies, configOfRequest(request), { packRules: true, regionTypos: false, today });
    } catch (error) {
        return [`the policy config could not be checked (${error instanceof Error ? error.message : String(error)})`];
    }
}

/** Installs the check; call once, before the PolicyPack is constructed. */
export function refuseInvalidConfiguration(policies: readonly ConfigurablePolicy[]): void {
    const grpc = sdkModule<{ status: { INVALID_ARGUMENT: number } }>("@grpc/grpc-js");
    transformAnalyzerService((implementation, served) => {
        const configure = implementation["configure"];
        if (typeof configure !== "function") return implementation;
        const checked: Handler = function (this: unknown, call, callback) {
            const problems = configureProblems(policies, call.request as ConfigureRequest);
            if (problems.length > 0) {
                callback({ code: grpc.status.INVALID_ARGUMENT, details: `invalid policy config for ${served.name}: ${oneLine(problems)}` });
                return undefined;
            }
            return configure.call(this, call, callback);
        };
        return { ...implementation, configure: checked };
    });
}
