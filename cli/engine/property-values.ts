/**
 * Property values on the wire between a Pulumi program, the engine and an analyzer.
 *
 * The Node SDK sends the engine special objects marked by a signature key: secrets, resource
 * references, output values, assets and archives (sdk/nodejs/runtime/rpc.ts, `specialSigKey`).
 * The engine keeps some of them and lowers others before a value reaches a provider or an analyzer
 * (sdk/go/common/resource/plugin/rpc.go, `MarshalPropertyValue`). The analyzer plugin marshals with
 * `KeepUnknowns` and `KeepSecrets` but not `KeepResources` or `KeepOutputValues`
 * (sdk/go/common/resource/plugin/analyzer_plugin.go), so an analyzer never sees a resource
 * reference or an output value: a reference becomes its resource's ID when it has one (the unknown
 * sentinel while that ID is not known yet), otherwise its URN; an output value becomes its element,
 * the unknown sentinel when it has none, wrapped as a secret when it is secret.
 */
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { isRecord } from "../../policies/lib/describe";
import { UNKNOWN } from "../../policies/lib/unknown";

import { OUTPUT_VALUE_SIG, RESOURCE_SIG, SECRET_SIG, SIG_KEY } from "../../policies/lib/wire-signatures";

export { OUTPUT_VALUE_SIG, RESOURCE_SIG, SECRET_SIG, SIG_KEY };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A protobuf Struct as the plain object it encodes, wire signatures intact. */
export function structOf(struct: Struct | undefined): Record<string, unknown> {
    return (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
}

export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecretValue(value: unknown): value is { value: unknown } {
    return isRecord(value) && value[SIG_KEY] === SECRET_SIG;
}

/** A resource reference as a provider or analyzer that does not accept references sees it. */
function referenceLowered(reference: Record<string, unknown>): unknown {
    const id = reference["id"];
    // A component has no ID and is referred to by its URN; a custom resource whose ID is not
    // known yet (a first preview) is the unknown sentinel, as the engine marshals a computed ID.
    if (id === undefined || id === null) return reference["urn"];
    return id === "" ? UNKNOWN : id;
}

/**
 * The value as the engine passes it to analyzers and to providers that accept neither resource
 * references nor output values (every bridged AWS provider): references and output values lowered,
 * secrets and unknowns kept, assets and archives unchanged.
 */
export function lowered(value: unknown, depth = 0): Json {
    if (depth > 256) return null;
    if (Array.isArray(value)) return value.map((element) => lowered(element, depth + 1));
    if (!isRecord(value)) return (value ?? null) as Json;
    switch (value[SIG_KEY]) {
        case RESOURCE_SIG:
            return lowered(referenceLowered(value), depth + 1);
        case OUTPUT_VALUE_SIG: {
            const element = "value" in value ? lowered(value["value"], depth + 1) : UNKNOWN;
            return value["secret"] === true ? (secret(element) as Json) : element;
        }
        case SECRET_SIG:
            return secret(lowered(value["value"], depth + 1)) as Json;
        default: {
            const result: Record<string, Json> = {};
            for (const [key, child] of Object.entries(value)) {
                if (child !== undefined) result[key] = key === SIG_KEY ? (child as Json) : lowered(child, depth + 1);
            }
            return result;
        }
    }
}

/** The value with every secret unwrapped: what a provider computes with. */
export function revealed(value: unknown, depth = 0): unknown {
    if (depth > 256) return null;
    if (Array.isArray(value)) return value.map((element) => revealed(element, depth + 1));
    if (!isRecord(value)) return value;
    if (value[SIG_KEY] === SECRET_SIG) return revealed(value["value"], depth + 1);
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, revealed(child, depth + 1)]));
}

/** True when a secret appears anywhere in the value. */
export function containsSecret(value: unknown, depth = 0): boolean {
    if (depth > 256 || value === null || typeof value !== "object") return false;
    if (isSecretValue(value)) return true;
    return (Array.isArray(value) ? value : Object.values(value)).some((child) => containsSecret(child, depth + 1));
}

/** The top-level properties listed as additional secret outputs, wrapped as secrets (the engine's `additionalSecretOutputs`). */
export function withSecretOutputs(state: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
    if (names.length === 0) return state;
    const result = { ...state };
    for (const name of names) {
        if (name in result && !isSecretValue(result[name])) result[name] = secret(result[name]);
    }
    return result;
}
