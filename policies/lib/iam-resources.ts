/**
 * Where IAM resources of either provider carry their policy documents, managed-policy ARNs, trust
 * policies and names.
 *
 * The classic provider calls a document `policy` and a role's inline policies `inlinePolicies[].{name,
 * policy}`; aws-native follows CloudFormation: `policyDocument`, and `policies[].{policyName,
 * policyDocument}` on a Role, User or Group, `assumeRolePolicyDocument` for the trust policy, and names
 * in `roleName`, `userName`, `groupName`, `managedPolicyName` (checked in @pulumi/aws-native 1.79
 * `iam/*.d.ts` and `types/input.d.ts`). aws-native documents are usually objects, sometimes JSON
 * strings; both read the same.
 */
import { isRecord } from "./describe";
import { NATIVE } from "./resource-types";
import { isUnknown } from "./unknown";

export const IAM = {
    ROLE: "aws:iam/role:Role",
    USER: "aws:iam/user:User",
    GROUP: "aws:iam/group:Group",
    POLICY: "aws:iam/policy:Policy",
    ROLE_POLICY: "aws:iam/rolePolicy:RolePolicy",
    USER_POLICY: "aws:iam/userPolicy:UserPolicy",
    GROUP_POLICY: "aws:iam/groupPolicy:GroupPolicy",
    ROLE_POLICY_ATTACHMENT: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    USER_POLICY_ATTACHMENT: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    GROUP_POLICY_ATTACHMENT: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    POLICY_ATTACHMENT: "aws:iam/policyAttachment:PolicyAttachment",
} as const;

/** Roles of either provider. */
export const ANY_IAM_ROLE: readonly string[] = [IAM.ROLE, NATIVE.IAM_ROLE];
/** Users of either provider. */
export const ANY_IAM_USER: readonly string[] = [IAM.USER, NATIVE.IAM_USER];
/** Groups of either provider. */
export const ANY_IAM_GROUP: readonly string[] = [IAM.GROUP, NATIVE.IAM_GROUP];
/** Customer-managed policies of either provider, which an ARN may name. */
export const ANY_MANAGED_POLICY: readonly string[] = [IAM.POLICY, NATIVE.IAM_MANAGED_POLICY];

/** A policy document a resource carries, and how messages and the graph name it. */
export interface CarriedDocument {
    /** Property path for messages: `policy`, `inlinePolicies[0].policy`, `policies[1].policyDocument`. */
    path: string;
    /** Top-level property, which the engine keys property dependencies by. */
    property: string;
    /** The inline policy's own name, when it has a literal one. */
    name?: string;
    /** The document; an unknown list or entry stands as the unknown value itself. */
    value: unknown;
}

/** A resource type's single document property, or its list of named inline policies. */
const SINGLE_DOCUMENT: Readonly<Record<string, string>> = {
    [IAM.POLICY]: "policy",
    [IAM.ROLE_POLICY]: "policy",
    [IAM.USER_POLICY]: "policy",
    [IAM.GROUP_POLICY]: "policy",
    [NATIVE.IAM_MANAGED_POLICY]: "policyDocument",
    [NATIVE.IAM_ROLE_POLICY]: "policyDocument",
    [NATIVE.IAM_USER_POLICY]: "policyDocument",
    [NATIVE.IAM_GROUP_POLICY]: "policyDocument",
};
const INLINE_LIST: Readonly<Record<string, { property: string; name: string; document: string }>> = {
    [IAM.ROLE]: { property: "inlinePolicies", name: "name", document: "policy" },
    [NATIVE.IAM_ROLE]: { property: "policies", name: "policyName", document: "policyDocument" },
    [NATIVE.IAM_USER]: { property: "policies", name: "policyName", document: "policyDocument" },
    [NATIVE.IAM_GROUP]: { property: "policies", name: "policyName", document: "policyDocument" },
};

/** Resource types that carry identity-policy documents. */
export const DOCUMENT_CARRIERS: readonly string[] = [...Object.keys(SINGLE_DOCUMENT), ...Object.keys(INLINE_LIST)];

/** The identity-policy documents a resource carries (nothing for other types). */
export function identityDocumentsOf(type: string, props: Record<string, unknown>): CarriedDocument[] {
    const single = SINGLE_DOCUMENT[type];
    if (single !== undefined) return props[single] === undefined ? [] : [{ path: single, property: single, value: props[single] }];
    const inline = INLINE_LIST[type];
    if (inline === undefined) return [];
    const list = props[inline.property];
    if (isUnknown(list)) return [{ path: inline.property, property: inline.property, value: list }];
    const entries = Array.isArray(list) ? list : isRecord(list) ? [list] : [];
    return entries.map((entry, index) => {
        const name = isRecord(entry) && typeof entry[inline.name] === "string" && !isUnknown(entry[inline.name]) ? (entry[inline.name] as string) : undefined;
        const value = isUnknown(entry) ? entry : isRecord(entry) ? entry[inline.document] : undefined;
        return { path: `${inline.property}[${index}].${inline.document}`, property: inline.property, name, value };
    });
}

/** The trust policy's property on a role of either provider. */
export function trustPolicyProperty(type: string): string {
    return type === NATIVE.IAM_ROLE ? "assumeRolePolicyDocument" : "assumeRolePolicy";
}

/** The property that holds an IAM principal's or policy's own name. */
export function iamNameProperty(type: string): string {
    switch (type) {
        case NATIVE.IAM_ROLE:
            return "roleName";
        case NATIVE.IAM_USER:
            return "userName";
        case NATIVE.IAM_GROUP:
            return "groupName";
        case NATIVE.IAM_MANAGED_POLICY:
            return "managedPolicyName";
        default:
            return "name";
    }
}
