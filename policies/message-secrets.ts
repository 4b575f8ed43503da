/**
 * The pack's own messages keep secrets secret (DESIGN rule 6), under the Pulumi CLI as under ccguard.
 *
 * The SDK hands policies secret values as plain ones, so a control may quote a secret region, or a
 * principal from a secret policy document, without knowing it. Before a message leaves the pack, the
 * secrets recorded when the properties the control was given were deserialised
 * (deserialised-secrets.ts) are masked, in every spelling and fragment, as ccguard masks its reports.
 * Worked out only for a policy that has something to say.
 */
import { SecretMask } from "./lib/secret-masking";
import { rawProperties } from "./lib/unknown";
import { secretsOf } from "./deserialised-secrets";

/** A mask for every secret held by these property bags (the SDK's proxies or plain objects). */
export function secretMaskFor(propertyBags: Iterable<unknown>): SecretMask {
    const all = new Set<string>();
    for (const props of propertyBags) for (const secret of secretsOf(rawProperties(props))) all.add(secret);
    return new SecretMask(all);
}

const masksByRequest = new WeakMap<object, SecretMask>();

/**
 * The mask for every secret of a stack, worked out once per AnalyzeStack request however many stack
 * policies have something to say: `request` is the request's shared stack graph, when there is one.
 */
export function secretMaskOfStack(request: object | undefined, propertyBags: () => Iterable<unknown>): SecretMask {
    if (request === undefined) return secretMaskFor(propertyBags());
    let mask = masksByRequest.get(request);
    if (mask === undefined) {
        mask = secretMaskFor(propertyBags());
        masksByRequest.set(request, mask);
    }
    return mask;
}
