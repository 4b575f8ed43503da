/**
 * `pulumi stack export` files (deployment version 3) as the stack the engine would analyze after an
 * update: Analyze sees each resource's inputs, AnalyzeStack its outputs. Encrypted secrets cannot be
 * read offline; they stay secret with a placeholder so the SDK can still deserialise them.
 */
import { UsageError } from "../errors";
import { refuseResourcesBeyondBudget, refuseTextBeyondHeap } from "./budget";
import { parseJsonText } from "../read-input";
import type { PlainResource, StackSnapshot } from "../analyzer/types";
import { SECRET_SIG, SIG_KEY } from "../engine/property-values";
import { isRecord } from "../../policies/lib/describe";


/**
 * A secret as the engine's own serialisation (`value`), as `pulumi stack export --show-secrets` writes it
 * (`plaintext`, the value as JSON text), or encrypted (`ciphertext`, unreadable offline). Every form
 * stays marked secret, so the pack can judge a readable value while reports mask it.
 *
 * Rewritten in place: the parsed document is ccguard's own, and copying every property of a large
 * export would double what it holds in memory while the document is still alive.
 */
function readableSecrets(value: unknown, depth = 0): unknown {
    if (depth > 200) return value;
    if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) value[index] = readableSecrets(value[index], depth + 1);
        return value;
    }
    if (!isRecord(value)) return value;
    if (value[SIG_KEY] === SECRET_SIG) {
        const plain = "value" in value ? value["value"] : typeof value["plaintext"] === "string" ? plaintextOf(value["plaintext"]) : "[secret]";
        return { [SIG_KEY]: SECRET_SIG, value: readableSecrets(plain, depth + 1) };
    }
    for (const key of Object.keys(value)) {
        const readable = readableSecrets(value[key], depth + 1);
        // Defined, not assigned: a key named `__proto__` stays an ordinary property, as JSON.parse made it.
        if (readable !== value[key]) Object.defineProperty(value, key, { value: readable, writable: true, enumerable: true, configurable: true });
    }
    return value;
}

function plaintextOf(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function parseStackExport(text: string, source: string): StackSnapshot {
    if (text.trim() === "") throw new UsageError(`${source} is empty`);
    refuseTextBeyondHeap(text, source);
    const document = parseJsonText(text, source, " (truncated or not a stack export)");
    if (!isRecord(document)) throw new UsageError(`${source} is not a stack export: expected a JSON object`);
    if (isRecord(document["tool"]) && document["tool"]["name"] === "ccguard") {
        throw new UsageError(`${source} is a ccguard findings report, not a stack export: render it with ccguard report`);
    }
    if (document["version"] === undefined || !isRecord(document["deployment"])) {
        throw new UsageError(`${source} is not a stack export: expected "version" and "deployment" as pulumi stack export writes them`);
    }
    if (document["version"] !== 3) {
        throw new UsageError(`${source} is a stack export of version ${JSON.stringify(document["version"])}; ccguard reads version 3 (pulumi stack export)`);
    }
    const deployment = document["deployment"];
    if (!isRecord(deployment)) throw new UsageError(`${source} has no deployment`);
    const rawResources = deployment["resources"] ?? [];
    if (!Array.isArray(rawResources)) throw new UsageError(`${source}: deployment.resources is not a list`);
    refuseResourcesBeyondBudget(rawResources.length, source);

    const resources: PlainResource[] = rawResources.map((raw, index) => {
        if (!isRecord(raw) || typeof raw["urn"] !== "string" || typeof raw["type"] !== "string") {
            throw new UsageError(`${source}: resource ${index} has no urn or type`);
        }
        const urn = raw["urn"];
        const provider = typeof raw["provider"] === "string" && raw["provider"] !== "" ? raw["provider"] : undefined;
        const propertyDependencies: Record<string, string[]> = {};
        if (isRecord(raw["propertyDependencies"])) {
            for (const [key, urns] of Object.entries(raw["propertyDependencies"])) propertyDependencies[key] = strings(urns);
        }
        const inputs = readableSecrets(isRecord(raw["inputs"]) ? raw["inputs"] : {}) as Record<string, unknown>;
        const outputs = readableSecrets(isRecord(raw["outputs"]) ? raw["outputs"] : {}) as Record<string, unknown>;
        return {
            urn,
            type: raw["type"],
            name: urn.split("::").slice(3).join("::"),
            custom: raw["custom"] !== false,
            props: inputs,
            outputs: { ...inputs, ...outputs },
            parent: typeof raw["parent"] === "string" ? raw["parent"] : undefined,
            provider: provider ? provider.slice(0, provider.lastIndexOf("::")) : undefined,
            dependencies: strings(raw["dependencies"]),
            propertyDependencies,
            options: {
                protect: raw["protect"] === true,
                additionalSecretOutputs: strings(raw["additionalSecretOutputs"]),
            },
        };
    });
    const stack = resources.length > 0 ? resources[0].urn.split("::")[0].replace(/^urn:pulumi:/, "") : "";
    const project = resources.length > 0 ? resources[0].urn.split("::")[1] ?? "" : "";
    return { project, stack, resources };
}
