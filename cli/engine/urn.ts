/**
 * Resource URNs as the engine makes them (sdk/go/common/resource/urn.go, `NewURN`):
 * `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type is the
 * parent's qualified type, `$`, then the resource's own type; children of the stack resource
 * (`pulumi:pulumi:Stack`) carry only their own type.
 */

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN: the part between the project and the name. */
export function qualifiedTypeOf(urn: string): string {
    // The name may itself contain "::", so the type is the third field counted from the front.
    return urn.split("::")[2] ?? "";
}

/** The provider URN of a provider reference `<provider urn>::<provider id>` (the id may itself be unknown). */
export function providerUrnOf(reference: string): string {
    const separator = reference.lastIndexOf("::");
    return separator > 0 ? reference.slice(0, separator) : reference;
}

export function newUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const parentType = parentUrn ? qualifiedTypeOf(parentUrn) : "";
    const qualified = parentType !== "" && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
