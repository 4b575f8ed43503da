/**
 * One deserialisation of each resource per request, shared by every policy of the pack.
 *
 * `@pulumi/policy` (1.21) turns a resource's protobuf properties into JavaScript, and wraps them in
 * its unknown-checking proxy, once per policy: for each of our stack policies on every AnalyzeStack,
 * and for each multi-type resource policy on every Analyze. On a stack of 10,000 resources that
 * repeated work, and the garbage it leaves, cost more than the protocol itself. The SDK reaches both
 * functions through its modules' exports at every call, and a request's protobuf message hands out
 * the same properties object for as long as the request lives. Remembering the result per
 * properties object therefore gives every policy of one request the same values and the same proxy,
 * and nothing of one request can reach another: a new request is a new message with new objects.
 *
 * Sharing is safe because our policies only read what they are given (a test freezes every copy and
 * runs each control's examples); remediation, whose result the engine applies, asks for its own
 * secret-preserving copy and is left alone. Should a later SDK no longer call through its modules,
 * nothing breaks: every policy simply deserialises again, as before.
 */
import deserialisation = require("@pulumi/policy/deserialize");
import proxies = require("@pulumi/policy/proxy");
import { recordSecrets } from "./deserialised-secrets";

type Deserialise = (properties: object, proxySecrets: boolean) => Record<string, unknown>;
type WrapInProxy = (values: unknown) => unknown;

const INSTALLED = Symbol.for("contact-centre-guard.sharedDeserialisation");

/** Installs the sharing once per SDK module instance; returns whether it is in place. */
export function shareDeserialisedProperties(): boolean {
    const values = replaceExport<Deserialise>(deserialisation, "deserializeProperties", (deserialise) => {
        const remembered = new Remembered<Record<string, unknown>>("deserialised");
        return (properties, proxySecrets) => {
            if (proxySecrets || properties === null || typeof properties !== "object") return deserialise(properties, proxySecrets);
            let deserialised = remembered.get(properties);
            if (deserialised === undefined) {
                deserialised = deserialiseRecordingSecrets(deserialise, properties);
                remembered.set(properties, deserialised);
            }
            return deserialised;
        };
    });
    // The proxy keeps no state of its own, so one per shared object serves every policy.
    replaceExport<WrapInProxy>(proxies, "unknownCheckingProxy", (wrap) => {
        const remembered = new Remembered<unknown>("proxy");
        return (target) => {
            if (target === null || typeof target !== "object") return wrap(target);
            let proxy = remembered.get(target);
            if (proxy === undefined) {
                proxy = wrap(target);
                remembered.set(target, proxy);
            }
            return proxy;
        };
    });
    return values;
}

/**
 * One value remembered per object, for as long as the object lives: on the object itself, under a
 * symbol of this module that is neither enumerable nor writable, so no spread, `Object.keys` or
 * JSON copy sees it; in a WeakMap where the object cannot take it (frozen). Profiled on 50,000
 * resources, a WeakMap alone cost 0.4 s of a preview, and more in garbage collection.
 */
class Remembered<V> {
    private readonly key: symbol;
    private readonly elsewhere = new WeakMap<object, V>();

    constructor(name: string) {
        this.key = Symbol(`contact-centre-guard.${name}`);
    }

    get(object: object): V | undefined {
        return ((object as Record<symbol, V | undefined>)[this.key]) ?? this.elsewhere.get(object);
    }

    set(object: object, value: V): void {
        if (Object.isExtensible(object)) Object.defineProperty(object, this.key, { value });
        else this.elsewhere.set(object, value);
    }
}

interface PropertiesMessage {
    toJavaScript(): unknown;
}

/** The SDK versions whose `deserializeProperties` reads the message only through `toJavaScript()` (deserialize.js, 1.21). */
const READS_ONLY_TO_JAVASCRIPT = /^v?1\.21\./;
const convertsOnce = READS_ONLY_TO_JAVASCRIPT.test((require("@pulumi/policy/package.json") as { version?: string }).version ?? "");

/** A properties message already converted: what the SDK reads of it, without converting it again. */
class ConvertedMessage implements PropertiesMessage {
    constructor(private readonly wire: unknown) {}

    toJavaScript(): unknown {
        return this.wire;
    }
}

function deserialiseRecordingSecrets(deserialise: Deserialise, properties: object): Record<string, unknown> {
    if (typeof (properties as Partial<PropertiesMessage>).toJavaScript !== "function") return deserialise(properties, false);
    const message = properties as PropertiesMessage;
    if (!convertsOnce) {
        const deserialised = deserialise(message, false);
        recordSecrets(deserialised, message.toJavaScript());
        return deserialised;
    }
    const wire = message.toJavaScript();
    const deserialised = deserialise(new ConvertedMessage(wire), false);
    recordSecrets(deserialised, wire);
    return deserialised;
}

/** Puts `share(original)` in place of a module export, once; returns whether it is in place. */
function replaceExport<F>(module: object, name: string, share: (original: F) => F): boolean {
    const exports = module as Record<string | symbol, unknown>;
    const installed = (exports[INSTALLED] ??= new Set<string>()) as Set<string>;
    if (installed.has(name)) return true;
    const original = exports[name];
    if (typeof original !== "function") return false;
    const shared = share(original as F);
    try {
        exports[name] = shared;
    } catch {
        return false;
    }
    if (exports[name] !== shared) return false;
    installed.add(name);
    return true;
}
