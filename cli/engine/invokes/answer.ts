/**
 * What an offline run says in place of a provider when a program makes an invoke (a data-source
 * look-up such as `aws.getRegion()`), and how sure it is.
 */

/** Where the program runs: its provider's region and partition, and the account ccguard stands in for. */
export interface InvokeContext {
    region: string;
    account: string;
    /** `aws`, `aws-eusc`, `aws-cn` or `aws-us-gov`. */
    partition: string;
}

export type InvokeAnswer =
    /** What the provider computes without calling AWS: exactly the provider's answer. */
    | { kind: "computed"; result: Record<string, unknown> }
    /** What needs an account: a documented, deterministic stand-in; `note` says what was assumed. */
    | { kind: "plausible"; result: Record<string, unknown>; note: string }
    /** What cannot be answered offline; ccguard reports it as a warning. */
    | { kind: "unanswered"; reason: string };

/** Answers one invoke token. Throws `InvokeArgumentError` where the provider rejects the arguments. */
export type InvokeHandler = (args: Record<string, unknown>, context: InvokeContext) => InvokeAnswer;

export function computed(result: Record<string, unknown>): InvokeAnswer {
    return { kind: "computed", result };
}

export function plausible(result: Record<string, unknown>, note: string): InvokeAnswer {
    return { kind: "plausible", result, note };
}

export function unanswered(reason: string): InvokeAnswer {
    return { kind: "unanswered", reason };
}
