/**
 * Plain data to and from the analyzer protocol's protobuf messages (pulumi/proto/analyzer.proto),
 * shaped as the engine shapes them: unknowns as sentinel strings, property dependencies per top-level
 * property, the provider of each resource attached with its configuration.
 */
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type {
    Diagnostic,
    EnforcementLevel,
    PackInfo,
    PlainResource,
    PolicyConfig,
    PolicyInfo,
    Remediation,
    Severity,
} from "./types";

const enforcementLevels: Record<number, EnforcementLevel> = {
    [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};

const severities: Record<number, Severity> = {
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerPb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export function enforcementLevelToProto(level: EnforcementLevel): analyzerPb.EnforcementLevel {
    const entry = Object.entries(enforcementLevels).find(([, name]) => name === level);
    return Number(entry?.[0] ?? analyzerPb.EnforcementLevel.ADVISORY) as analyzerPb.EnforcementLevel;
}

/** Structs hold JSON values only; `undefined` members are dropped as the engine drops them. */
export function toStruct(props: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(props ?? {})));
}

function resourceOptions(resource: PlainResource): analyzerPb.AnalyzerResourceOptions {
    const options = new analyzerPb.AnalyzerResourceOptions();
    const given = resource.options ?? {};
    options.setProtect(given.protect ?? false);
    options.setIgnorechangesList(given.ignoreChanges ?? []);
    options.setDeletebeforereplace(given.deleteBeforeReplace ?? false);
    options.setDeletebeforereplacedefined(given.deleteBeforeReplace !== undefined);
    options.setAdditionalsecretoutputsList(given.additionalSecretOutputs ?? []);
    options.setAliasesList(given.aliases ?? []);
    if (resource.parent) options.setParent(resource.parent);
    return options;
}

function providerResource(provider: PlainResource): analyzerPb.AnalyzerProviderResource {
    const message = new analyzerPb.AnalyzerProviderResource();
    message.setType(provider.type);
    message.setUrn(provider.urn);
    message.setName(provider.name);
    message.setProperties(toStruct(provider.props));
    return message;
}

export function analyzeRequest(resource: PlainResource, provider: PlainResource | undefined): analyzerPb.AnalyzeRequest {
    const request = new analyzerPb.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setProperties(toStruct(resource.props));
    request.setOptions(resourceOptions(resource));
    if (provider) request.setProvider(providerResource(provider));
    return request;
}

/** One resource of an AnalyzeStack request, with its outputs (the engine sends the stack after the update). */
function analyzerResource(resource: PlainResource, providers: ReadonlyMap<string, PlainResource>): analyzerPb.AnalyzerResource {
    const message = new analyzerPb.AnalyzerResource();
    message.setType(resource.type);
    message.setUrn(resource.urn);
    message.setName(resource.name);
    message.setProperties(toStruct(resource.outputs ?? resource.props));
    message.setOptions(resourceOptions(resource));
    if (resource.parent) message.setParent(resource.parent);
    message.setDependenciesList(resource.dependencies ?? []);
    const dependencies = message.getPropertydependenciesMap();
    for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        const entry = new analyzerPb.AnalyzerPropertyDependencies();
        entry.setUrnsList(urns);
        dependencies.set(property, entry);
    }
    const provider = resource.provider ? providers.get(resource.provider) : undefined;
    if (provider) message.setProvider(providerResource(provider));
    return message;
}

export function analyzeStackRequest(
    resources: readonly PlainResource[],
    providers: ReadonlyMap<string, PlainResource>,
): analyzerPb.AnalyzeStackRequest {
    const request = new analyzerPb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((resource) => analyzerResource(resource, providers)));
    return request;
}

/** Field 1 (`resources`), length-delimited: the tag byte of each element of AnalyzeStackRequest's only field. */
const RESOURCES_TAG = (1 << 3) | 2;

function varint(value: number): number[] {
    const bytes: number[] = [];
    while (value > 0x7f) {
        bytes.push((value & 0x7f) | 0x80);
        value = Math.floor(value / 128);
    }
    bytes.push(value);
    return bytes;
}

/**
 * The serialised AnalyzeStackRequest, the same bytes as `analyzeStackRequest(...).serializeBinary()`,
 * built one resource at a time. The whole request as protobuf objects costs about 13 KB a resource
 * (1.3 GB for 100,000 resources) and its serialisation over a minute, where each resource's message
 * lives only until its bytes are written: the stack's request then costs little more than its bytes.
 */
export function analyzeStackRequestBytes(resources: readonly PlainResource[], providers: ReadonlyMap<string, PlainResource>): Buffer {
    const chunks: Uint8Array[] = [];
    for (const resource of resources) {
        const bytes = analyzerResource(resource, providers).serializeBinary();
        chunks.push(Uint8Array.from([RESOURCES_TAG, ...varint(bytes.length)]), bytes);
    }
    return Buffer.concat(chunks);
}

export function configureRequest(config: PolicyConfig): analyzerPb.ConfigureAnalyzerRequest {
    const request = new analyzerPb.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [policy, { enforcementLevel, properties }] of Object.entries(config)) {
        const entry = new analyzerPb.PolicyConfig();
        entry.setEnforcementlevel(enforcementLevelToProto(enforcementLevel));
        entry.setProperties(toStruct(properties));
        map.set(policy, entry);
    }
    return request;
}

export function diagnosticsOf(response: analyzerPb.AnalyzeResponse, defaultUrn = ""): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: enforcementLevels[d.getEnforcementlevel()] ?? "advisory",
        severity: severities[d.getSeverity()] ?? "",
        urn: d.getUrn() || defaultUrn,
    }));
}

export function packInfoOf(info: analyzerPb.AnalyzerInfo): PackInfo {
    const policies: PolicyInfo[] = info.getPoliciesList().map((p) => {
        const framework = p.getFramework();
        const schema = p.getConfigschema();
        const policyType = p.getPolicyType();
        return {
            name: p.getName(),
            displayName: p.getDisplayname(),
            description: p.getDescription(),
            enforcementLevel: enforcementLevels[p.getEnforcementlevel()] ?? "advisory",
            severity: severities[p.getSeverity()] ?? "",
            policyType:
                policyType === analyzerPb.PolicyType.POLICY_TYPE_RESOURCE
                    ? "resource"
                    : policyType === analyzerPb.PolicyType.POLICY_TYPE_STACK
                      ? "stack"
                      : "unknown",
            framework: framework && {
                name: framework.getName(),
                version: framework.getVersion(),
                reference: framework.getReference(),
                specification: framework.getSpecification(),
            },
            tags: p.getTagsList(),
            remediationSteps: p.getRemediationSteps(),
            url: p.getUrl(),
            configSchema: schema && {
                properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
                required: schema.getRequiredList(),
            },
        };
    });
    const initialConfig: Record<string, unknown> = {};
    info.getInitialconfigMap().forEach((config: analyzerPb.PolicyConfig, key: string) => {
        const level = enforcementLevels[config.getEnforcementlevel()];
        initialConfig[key] = { ...((config.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>), ...(level ? { enforcementLevel: level } : {}) };
    });
    return { name: info.getName(), version: info.getVersion(), supportsConfig: info.getSupportsconfig(), policies, initialConfig };
}

export function remediationsOf(response: analyzerPb.RemediateResponse): Remediation[] {
    return response.getRemediationsList().map((r) => ({
        policyName: r.getPolicyname(),
        properties: r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
        diagnostic: r.getDiagnostic(),
    }));
}
