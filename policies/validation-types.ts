/**
 * The types a resource validation can say anything about, marked on the validation itself.
 *
 * The SDK knows a policy's type only when it takes a single one (`__pulumiType`); for a policy on
 * several types it builds the arguments, deserialised properties included, and calls it for every
 * resource of the stack. Our adapter's validations return at once, reporting and throwing nothing,
 * for a type outside their control's `appliesTo`. Marked with those types, a validation need not be
 * called for any other: the response is the same, and a resource no validation is called for need
 * not be deserialised at all (`one-view-per-request.ts`).
 */
const TYPES = Symbol.for("contact-centre-guard.validationTypes");

type Marked = { [TYPES]?: ReadonlySet<string> };

/** Marks `validation` as reporting nothing and throwing nothing for resources of other types. */
export function markValidationTypes<F extends object>(validation: F, types: ReadonlySet<string>): F {
    (validation as Marked)[TYPES] = types;
    return validation;
}

/** False only when the validation is marked and `type` is not one of its types. */
export function mayJudgeType(validation: unknown, type: string): boolean {
    const types = (validation as Marked | undefined)?.[TYPES];
    return types === undefined || types.has(type);
}
