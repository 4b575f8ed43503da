/**
 * The pack's own messages keep secrets secret (DESIGN rule 6), under the Pulumi CLI as under ccguard.
 *
 * The SDK hands policies secret values as plain ones, so a control may quote a secret region, or a
 * principal from a secret policy document, without knowing it. Before a message leaves the pack, the
 * wire forms of the properties the control was given (see wire-forms.ts) say which values
 * were secret, and every spelling and fragment of them is masked as ccguard masks its reports.
 * Worked out only for a policy that has something to say, and once per properties object.
 */
import { SecretMask, secretsIn } from "./lib/secret-masking";
import { rawProperties } from "./lib/unknown";
import { wireFormOf } from "./wire-forms";

const secretsByWireForm = new WeakMap<object, ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

function secretsOf(props: unknown): ReadonlySet<string> {
    const wire = wireFormOf(rawProperties(props));
    if (wire === undefined) return NONE;
    let secrets = secretsByWireForm.get(wire);
    if (secrets === undefined) {
        try {
            secrets = secretsIn(wire.toJavaScript());
        } catch {
            secrets = NONE;
        }
        secretsByWireForm.set(wire, secrets);
    }
    return secrets;
}

/** A mask for every secret held by these property bags (the SDK's proxies or plain objects). */
export function secretMaskFor(propertyBags: Iterable<unknown>): SecretMask {
    const all = new Set<string>();
    for (const props of propertyBags) for (const secret of secretsOf(props)) all.add(secret);
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
