/**
 * The IAM policy document as the AWS provider models it (terraform-provider-aws
 * `internal/service/iam/policy_model.go`), shared by the offline getPolicyDocument's builder, its
 * reader of merged documents and its writer.
 */

/** The provider refuses these arguments; the message is the provider's. */
export class InvokeArgumentError extends Error {
    override name = "InvokeArgumentError";
}

/** One principal block; `identifiers` is a lone string where the provider collapsed a list of one. */
export interface Principal {
    type: string;
    identifiers: string | string[];
}

export interface Condition {
    test: string;
    variable: string;
    values: string | string[];
}

/** Action, NotAction, Resource and NotResource are untyped in the provider: merged documents pass through. */
export type ElementName = "Action" | "NotAction" | "Resource" | "NotResource";

export interface Statement {
    sid: string;
    effect: string;
    elements: Partial<Record<ElementName, unknown>>;
    principals: Principal[];
    notPrincipals: Principal[];
    conditions: Condition[];
}

export interface PolicyDocument {
    version: string;
    id: string;
    /** `null` is a statement the provider decoded as a nil pointer, which crashes it when touched. */
    statements: (Statement | null)[];
}
