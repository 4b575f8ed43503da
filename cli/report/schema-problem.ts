/** A JSON schema validation failure in one line, as `ccguard` prints every refusal. */
import type { ErrorObject } from "ajv";

/**
 * The first problem: the JSON pointer to the value, and what is wrong with it, in words. `under` is
 * the pointer of the validated value within its document, when it is not the whole document.
 */
export function firstProblem(errors: readonly ErrorObject[] | null | undefined, under = ""): string {
    const error = errors?.[0];
    if (!error) return "does not match its schema";
    let problem = error.message ?? "is invalid";
    // Ajv's own wording does not say which values are allowed; a person fixing the file needs them.
    if (error.keyword === "enum") {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
        problem = `must be one of ${allowed.map((value) => (typeof value === "string" && value !== "" ? value : JSON.stringify(value))).join(", ")}`;
    }
    if (error.keyword === "const") problem = `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
    const pointer = `${under}${error.instancePath}`;
    return pointer === "" ? problem : `${pointer} ${problem}`;
}
