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
import type { EvaluationWarning } from "../engine/program-protocol";
import { isRecord } from "../../policies/lib/describe";
import { UNKNOWN } from "../../policies/lib/unknown";


/**
 * A secret as the engine's own serialisation (`value`), as `pulumi stack export --show-secrets` writes it
 * (`plaintext`, the value as JSON text), or encrypted (`ciphertext`, unreadable offline). Every form
 * stays marked secret, so the pack can judge a readable value while reports mask it. An encrypted
 * value is unknown to the pack, as a value not known yet is during a preview: a check that needs it
 * says it could not run, instead of judging a placeholder (a trust policy "[secret]" is no document,
 * and would be reported as a broken one). `encrypted` is told the top-level property each one is in.
 *
 * Rewritten in place: the parsed document is ccguard's own, and copying every property of a large
 * export would double what it holds in memory while the document is still alive.
 */
function readableSecrets(value: unknown, encrypted: () => void, depth = 0): unknown {
    if (depth > 200) return value;
    if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) value[index] = readableSecrets(value[index], encrypted, depth + 1);
        return value;
    }
    if (!isRecord(value)) return value;
    if (value[SIG_KEY] === SECRET_SIG) {
        if ("value" in value) return { [SIG_KEY]: SECRET_SIG, value: readableSecrets(value["value"], encrypted, depth + 1) };
        if (typeof value["plaintext"] === "string") return { [SIG_KEY]: SECRET_SIG, value: readableSecrets(plaintextOf(value["plaintext"]), encrypted, depth + 1) };
        encrypted();
        return { [SIG_KEY]: SECRET_SIG, value: UNKNOWN };
    }
    return rewriteValues(value, (child) => readableSecrets(child, encrypted, depth + 1));
}

/** Each value of a record replaced by `rewrite(value, key)`, in place. */
function rewriteValues(record: Record<string, unknown>, rewrite: (value: unknown, key: string) => unknown): Record<string, unknown> {
    for (const key of Object.keys(record)) {
        const rewritten = rewrite(record[key], key);
        // Defined, not assigned: a key named `__proto__` stays an ordinary property, as JSON.parse made it.
        if (rewritten !== record[key]) Object.defineProperty(record, key, { value: rewritten, writable: true, enumerable: true, configurable: true });
    }
    return record;
}

/** A resource's property bag with its secrets read; `encryptedIn` gets each property holding an encrypted one. */
function readProperties(bag: unknown, encryptedIn: Set<string>): Record<string, unknown> {
    return isRecord(bag) ? rewriteValues(bag, (value, key) => readableSecrets(value, () => encryptedIn.add(key))) : {};
}

/** One warning per resource with encrypted secrets: what was not judged, and how to judge it. */
function encryptedWarning(resource: PlainResource, properties: ReadonlySet<string>): EvaluationWarning {
    const names = [...properties].sort().map((property) => `\`${property}\``);
    const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    const them = names.length === 1 ? "it" : "them";
    return {
        kind: "encrypted-secret",
        urn: resource.urn,
        message: `${resource.type} '${resource.name}': ${listed} ${names.length === 1 ? "is" : "are"} encrypted in this export and cannot be read offline, so checks that need ${them} were not made; export the stack with --show-secrets to judge ${them} (secrets stay masked in every report)`,
    };
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

    const warnings: EvaluationWarning[] = [];
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
        const encrypted = new Set<string>();
        const inputs = readProperties(raw["inputs"], encrypted);
        const outputs = readProperties(raw["outputs"], encrypted);
        const resource: PlainResource = {
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
        if (encrypted.size > 0) warnings.push(encryptedWarning(resource, encrypted));
        return resource;
    });
    const stack = resources.length > 0 ? resources[0].urn.split("::")[0].replace(/^urn:pulumi:/, "") : "";
    const project = resources.length > 0 ? resources[0].urn.split("::")[1] ?? "" : "";
    return { project, stack, resources, ...(warnings.length > 0 ? { warnings } : {}) };
}
