/**
 * One deserialisation of each resource per request, shared by every policy of the pack.
 *
 * `@pulumi/policy` (1.21) turns a resource's protobuf properties into JavaScript once per policy:
 * for each of our stack policies on every AnalyzeStack, and for each multi-type resource policy on
 * every Analyze. On a stack of 10,000 resources that repeated work costs more than the protocol
 * itself. The SDK reaches the function through its module's exports at every call, and the protobuf
 * message hands out the same properties object for as long as the request lives, so remembering the
 * result per properties object gives every policy of one request the same plain values, and nothing
 * of one request can reach another: a new request is a new message with new objects.
 *
 * Sharing is safe because our policies only read what they are given (the stack graph and every
 * control take values, never assign to them); remediation, whose result the engine applies, asks for
 * its own secret-preserving copy and is left alone. Should a later SDK no longer call through the
 * module, nothing breaks: every policy simply deserialises again, as before.
 */
import deserialisation = require("@pulumi/policy/deserialize");

type Deserialise = (properties: object, proxySecrets: boolean) => Record<string, unknown>;

const INSTALLED = Symbol.for("contact-centre-guard.sharedDeserialisation");

/** Installs the sharing once per SDK module instance; returns whether it is in place. */
export function shareDeserialisedProperties(): boolean {
    const sdk = deserialisation as unknown as Record<string | symbol, unknown>;
    if (sdk[INSTALLED] === true) return true;
    const original = sdk["deserializeProperties"];
    if (typeof original !== "function") return false;
    const deserialise = original as Deserialise;
    const remembered = new WeakMap<object, Record<string, unknown>>();
    const shared: Deserialise = (properties, proxySecrets) => {
        if (proxySecrets || properties === null || typeof properties !== "object") return deserialise(properties, proxySecrets);
        let values = remembered.get(properties);
        if (values === undefined) {
            values = deserialise(properties, proxySecrets);
            remembered.set(properties, values);
        }
        return values;
    };
    try {
        sdk["deserializeProperties"] = shared;
        sdk[INSTALLED] = true;
    } catch {
        return false;
    }
    return sdk["deserializeProperties"] === shared;
}
