/**
 * Source and override documents as the AWS provider reads them: Go's encoding/json unmarshalling
 * into the provider's types (terraform-provider-aws `internal/service/iam/policy_model.go`), with
 * its case-insensitive field matching, its conversions and its errors, word for word.
 */
import { byteOrder } from "./go-json";
import { InvokeArgumentError, type Condition, type ElementName, type PolicyDocument, type Principal, type Statement } from "./policy-document-model";

type Args = Record<string, unknown>;

const DOCUMENT_FIELDS = ["Version", "Id", "Statement"];
const STATEMENT_FIELDS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];

/** json.Unmarshal reads on past a value of the wrong type and reports the first such one at the end. */
class TypeErrors {
    first: string | undefined;

    note(message: string): void {
        this.first ??= message;
    }

    /** A string field: null leaves it as it was, any other non-string is a type error. */
    string(value: unknown, field: string): string | undefined {
        if (typeof value === "string") return value;
        if (value !== null) this.note(typeError(value, field, "string"));
        return undefined;
    }
}

/**
 * Reads a source or override document the way json.Unmarshal fills the provider's structs: field
 * names match case-insensitively, unknown fields are ignored, the first value of a wrong type is
 * reported once the whole document has been read.
 */
export function decodeDocument(source: string, prefix: string): PolicyDocument {
    const raw: unknown = JSON.parse(source);
    const document: PolicyDocument = { version: "", id: "", statements: [] };
    if (raw === null) return document;
    if (!isObject(raw)) throw new InvokeArgumentError(prefix + typeError(raw, undefined, "iam.iamPolicyDoc"));
    const typeErrors = new TypeErrors();
    for (const [key, value] of Object.entries(raw)) {
        const field = fieldNamed(key, DOCUMENT_FIELDS);
        if (field === "Version") document.version = typeErrors.string(value, "iamPolicyDoc.Version") ?? document.version;
        if (field === "Id") document.id = typeErrors.string(value, "iamPolicyDoc.Id") ?? document.id;
        if (field === "Statement") {
            if (value === null) document.statements = [];
            else if (!Array.isArray(value)) typeErrors.note(typeError(value, "iamPolicyDoc.Statement", "[]*iam.iamPolicyStatement"));
            else document.statements = value.map((item) => decodeStatement(item, prefix, typeErrors));
        }
    }
    if (typeErrors.first !== undefined) throw new InvokeArgumentError(prefix + typeErrors.first);
    return document;
}

function decodeStatement(raw: unknown, prefix: string, typeErrors: TypeErrors): Statement | null {
    if (raw === null) return null;
    const statement: Statement = { sid: "", effect: "", elements: {}, principals: [], notPrincipals: [], conditions: [] };
    if (!isObject(raw)) {
        typeErrors.note(typeError(raw, "iamPolicyDoc.Statement", "iam.iamPolicyStatement"));
        return statement;
    }
    for (const [key, value] of Object.entries(raw)) {
        const field = fieldNamed(key, STATEMENT_FIELDS);
        if (field === "Sid") statement.sid = typeErrors.string(value, "iamPolicyStatement.Statement.Sid") ?? statement.sid;
        else if (field === "Effect") statement.effect = typeErrors.string(value, "iamPolicyStatement.Statement.Effect") ?? statement.effect;
        else if (field === "Principal") statement.principals = decodePrincipals(value, prefix);
        else if (field === "NotPrincipal") statement.notPrincipals = decodePrincipals(value, prefix);
        else if (field === "Condition") statement.conditions = decodeConditions(value, prefix);
        else if (field !== undefined) {
            const element = field as ElementName;
            if (value === null) delete statement.elements[element];
            else statement.elements[element] = value;
        }
    }
    return statement;
}

/**
 * Principal as the provider reads it: any string is the wildcard `"*"`; a map gives one entry per
 * type, a list of identifiers sorted A to Z (the writer reverses it again).
 */
function decodePrincipals(raw: unknown, prefix: string): Principal[] {
    if (typeof raw === "string") return [{ type: "*", identifiers: ["*"] }];
    if (!isObject(raw)) throw new InvokeArgumentError(`${prefix}Unsupported data type ${goType(raw)} for IAMPolicyStatementPrincipalSet`);
    return Object.entries(raw).map(([type, identifiers]) => {
        if (typeof identifiers === "string") return { type, identifiers };
        if (!Array.isArray(identifiers)) {
            throw new InvokeArgumentError(`${prefix}Unsupported data type ${goType(identifiers)} for IAMPolicyStatementPrincipalSet.Identifiers`);
        }
        identifiers.forEach((identifier, index) => {
            if (typeof identifier !== "string") {
                throw new InvokeArgumentError(
                    `${prefix}Unsupported element type ${goType(identifier)} for IAMPolicyStatementPrincipalSet.Identifiers[${index}] (principal type ${JSON.stringify(type)}): must be string`,
                );
            }
        });
        return { type, identifiers: [...(identifiers as string[])].sort(byteOrder) };
    });
}

/**
 * Condition as the provider reads it: a string value becomes a list of one, a boolean the string
 * "true" or "false", a list is kept; any other value (a number, say) is silently dropped.
 */
function decodeConditions(raw: unknown, prefix: string): Condition[] {
    if (raw === null) return [];
    const field = "iamPolicyStatement.Statement.Condition";
    if (!isObject(raw)) throw new InvokeArgumentError(prefix + typeError(raw, field, "map[string]map[string]interface {}"));
    const misfit = Object.values(raw).find((variables) => variables !== null && !isObject(variables));
    if (misfit !== undefined) throw new InvokeArgumentError(prefix + typeError(misfit, field, "map[string]interface {}"));
    const conditions: Condition[] = [];
    for (const [test, variables] of Object.entries(raw)) {
        for (const [variable, values] of Object.entries((variables ?? {}) as Args)) {
            if (typeof values === "string") conditions.push({ test, variable, values: [values] });
            else if (typeof values === "boolean") conditions.push({ test, variable, values: String(values) });
            else if (Array.isArray(values)) {
                const misfitValue = values.find((value) => typeof value !== "string");
                if (misfitValue !== undefined) {
                    const dynamicType = misfitValue === null ? "nil" : goType(misfitValue);
                    throw new InvokeArgumentError(`panic: interface conversion: interface {} is ${dynamicType}, not string`);
                }
                conditions.push({ test, variable, values: values as string[] });
            }
        }
    }
    return conditions;
}

/** encoding/json matches a key to a field exactly or under Unicode simple case folding. */
function fieldNamed(key: string, fields: string[]): string | undefined {
    const folded = foldName(key);
    return fields.find((field) => field === key) ?? fields.find((field) => foldName(field) === folded);
}

function foldName(name: string): string {
    // ASCII letters fold to upper case; ſ (long s) and K (Kelvin sign) fold to S and K as in Go.
    return [...name].map((char) => (char <= "\u007f" ? char.toUpperCase() : char === "\u017f" ? "S" : char === "\u212a" ? "K" : char)).join("");
}

export function isObject(value: unknown): value is Args {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The kind of JSON value json.UnmarshalTypeError names. */
function jsonKind(value: unknown): string {
    if (Array.isArray(value)) return "array";
    if (value === null) return "null";
    if (typeof value === "boolean") return "bool";
    return typeof value === "object" ? "object" : typeof value;
}

function typeError(value: unknown, field: string | undefined, type: string): string {
    const target = field === undefined ? "Go value" : `Go struct field ${field}`;
    return `json: cannot unmarshal ${jsonKind(value)} into ${target} of type ${type}`;
}

/** What Go's %T prints for a value json.Unmarshal decoded into `any`. */
function goType(value: unknown): string {
    if (value === null) return "<nil>";
    if (Array.isArray(value)) return "[]interface {}";
    if (typeof value === "number") return "float64";
    if (typeof value === "object") return "map[string]interface {}";
    return typeof value === "boolean" ? "bool" : "string";
}
