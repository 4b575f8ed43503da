/**
 * Reading an invoke's arguments as the provider's schema types them. A missing required argument or
 * a value of the wrong type fails the invoke, as the provider fails it, with an `InvokeArgumentError`
 * naming the argument (in our words, not the provider's), so the program fails offline where it
 * would fail against AWS.
 */
import type { InvokeContext } from "./answer";
import { InvokeArgumentError } from "./iam-policy-document";

type Args = Record<string, unknown>;

function given(args: Args, name: string): unknown {
    const value = args[name];
    return value === null ? undefined : value;
}

function wrongType(name: string, expected: string, value: unknown): InvokeArgumentError {
    const seen = Array.isArray(value) ? "a list" : typeof value;
    return new InvokeArgumentError(`argument "${name}" must be ${expected}, not ${seen}`);
}

export function optionalString(args: Args, name: string): string | undefined {
    const value = given(args, name);
    if (value === undefined || typeof value === "string") return value;
    throw wrongType(name, "a string", value);
}

export function requiredString(args: Args, name: string): string {
    const value = optionalString(args, name);
    if (value === undefined) throw new InvokeArgumentError(`Missing required argument "${name}"`);
    return value;
}

export function optionalBoolean(args: Args, name: string): boolean | undefined {
    const value = given(args, name);
    if (value === undefined || typeof value === "boolean") return value;
    throw wrongType(name, "a boolean", value);
}

export function optionalStringList(args: Args, name: string): string[] | undefined {
    const value = given(args, name);
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
    throw wrongType(name, "a list of strings", value);
}

export function optionalStringMap(args: Args, name: string): Record<string, string> | undefined {
    const value = given(args, name);
    if (value === undefined) return undefined;
    if (typeof value === "object" && !Array.isArray(value) && Object.values(value as object).every((item) => typeof item === "string")) {
        return value as Record<string, string>;
    }
    throw wrongType(name, "a map of strings", value);
}

/** An EC2 API filter block: `{ name, values }`, every value matched with `*` and `?` wildcards. */
export interface Ec2Filter {
    name: string;
    values: string[];
}

export function optionalFilters(args: Args, name = "filters"): Ec2Filter[] | undefined {
    const value = given(args, name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw wrongType(name, "a list of { name, values } blocks", value);
    return value.map((block) => {
        const entry = typeof block === "object" && block !== null ? (block as Args) : {};
        return { name: requiredString(entry, "name"), values: optionalStringList(entry, "values") ?? [] };
    });
}

/**
 * The region an invoke acts in: its own `region` argument (new in v7, overriding the provider's)
 * or else the provider's region.
 */
export function targetRegion(args: Args, context: InvokeContext): string {
    return optionalString(args, "region") ?? context.region;
}

/**
 * The arguments a data source hands back among its results (the provider returns every input
 * attribute it was given); absent ones stay absent.
 */
export function echoed(args: Args, names: readonly string[]): Args {
    return Object.fromEntries(names.filter((name) => given(args, name) !== undefined).map((name) => [name, args[name]]));
}
