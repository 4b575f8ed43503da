/**
 * `aws.iam.getPolicyDocument` answered offline, exactly as @pulumi/aws 7.48 answers it: the bridged
 * `aws_iam_policy_document` data source of terraform-provider-aws, which builds the document from its
 * arguments alone and never calls AWS. The behaviour below was read from these sources (no code is
 * copied; each rule's comment names the behaviour it reproduces):
 *
 * - hashicorp/terraform-provider-aws `internal/service/iam/policy_document_data_source.go`: schema
 *   defaults and validation, merge order (source documents, then statements, then overrides),
 *   duplicate-Sid errors, `&{` → `${`, `json.MarshalIndent(doc, "", "  ")`, `minified_json`,
 *   `id = create.StringHashcode(json)`.
 * - `internal/service/iam/policy_model.go`: field order and `omitempty`, `Merge` by Sid, one value
 *   becoming a string, reverse sorting, how Principal and Condition are read and written.
 * - `internal/create/hashcode.go`: the id is the CRC-32 (IEEE) of the json, in decimal.
 * - `internal/service/iam/policy_document_data_source_test.go`: the expected json our tests compare.
 * - hashicorp/terraform-plugin-sdk `helper/schema/set.go` and `serialize.go`: the order in which a
 *   set's elements reach the provider; `helper/validation/strings.go`: the wording of rejections.
 * - pulumi/pulumi-terraform-bridge `pkg/tfshim/sdk-v2` (`ReadDataApply`, `instance_state.go`): the
 *   arguments come back in the result as the data source's state holds them.
 */
import { byteOrder, crc32, marshal, sortedMap, type GoJson } from "./go-json";
import { InvokeArgumentError, type Condition, type PolicyDocument, type Principal, type Statement } from "./policy-document-model";
import { decodeDocument, isObject } from "./policy-document-decoding";

export { InvokeArgumentError };


type Args = Record<string, unknown>;


/** A `statement` argument as the provider's schema hands it over: sets deduplicated and in set order. */
interface StatementBlock {
    actions: string[];
    conditions: ConditionBlock[];
    effect: string;
    notActions: string[];
    notPrincipals: PrincipalBlock[];
    notResources: string[];
    principals: PrincipalBlock[];
    resources: string[];
    sid: string;
}

interface PrincipalBlock {
    identifiers: string[];
    type: string;
}

interface ConditionBlock {
    test: string;
    values: string[];
    variable: string;
}

const DEFAULT_VERSION = "2012-10-17";
const VERSIONS = ["2008-10-17", "2012-10-17"];
const EFFECTS = ["Allow", "Deny"];
/** The Sid rule the data source validates, with its own message. */
const SID_PATTERN = /^[a-zA-Z0-9]*$/;

/**
 * The provider's answer to aws:iam/getPolicyDocument:getPolicyDocument for these invoke arguments
 * (plain JSON values, camelCase as the Pulumi SDK sends them). Throws `InvokeArgumentError` with the
 * provider's own wording where the provider rejects the arguments.
 */
export function iamPolicyDocument(args: Args): Record<string, unknown> {
    const version = text(args["version"], "version") ?? DEFAULT_VERSION;
    if (!VERSIONS.includes(version)) throw notOneOf("version", VERSIONS, version);
    rejectDeprecatedJson(args["sourceJson"], "source_json");
    rejectDeprecatedJson(args["overrideJson"], "override_json");
    const sources = policyDocuments(args["sourcePolicyDocuments"], "source_policy_documents");
    const overrides = policyDocuments(args["overridePolicyDocuments"], "override_policy_documents");
    const blocks = list(args["statements"], "statement").map((block, index) => statementBlock(block, `statement.${index}`));
    const policyId = text(args["policyId"], "policy_id") ?? "";

    const merged: PolicyDocument = { version: "", id: "", statements: [] };
    // The provider's order: source documents, then these statements, then override documents.
    mergeSourceDocuments(merged, sources);
    mergeDocument(merged, { version, id: policyId, statements: statementsFrom(blocks, version) });
    overrides.forEach((document, index) => {
        if (document !== undefined) mergeDocument(merged, decodeDocument(document, `writing IAM Policy Document: merging override document ${index}: `));
    });

    const json = marshal(documentJson(merged), "  ");
    return {
        ...echoedArguments(args, version, policyId, blocks),
        id: String(crc32(json)),
        json,
        minifiedJson: marshal(documentJson(merged)),
    };
}

// ---- arguments, as the schema reads and validates them ----

function text(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    throw new InvokeArgumentError(`expected type of ${path} to be string`);
}

function list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    throw new InvokeArgumentError(`${path}: should be a list`);
}

function required(value: unknown, path: string): unknown {
    if (value === undefined || value === null) throw new InvokeArgumentError(`"${path}": required field is not set`);
    return value;
}

function requiredText(value: unknown, path: string): string {
    return text(required(value, path), path) as string;
}

/** validation.StringInSlice's wording: the choices printed with Go's %q. */
function notOneOf(path: string, choices: string[], got: string): InvokeArgumentError {
    return new InvokeArgumentError(`expected ${path} to be one of [${choices.map((choice) => JSON.stringify(choice)).join(" ")}], got ${got}`);
}

/** source_json and override_json survive only as names: the schema accepts nothing but "". */
function rejectDeprecatedJson(value: unknown, name: string): void {
    const given = text(value, name);
    if (given) throw new InvokeArgumentError(`expected "${name}" to be an empty string: got ${given}`);
}

/**
 * A list of documents, each validated as JSON (validation.StringIsJSON, which lets "" through). An
 * empty string reaches the provider as nil, which it skips: the SDK's diff has no entry for "".
 */
function policyDocuments(value: unknown, name: string): (string | undefined)[] {
    return list(value, name).map((item, index) => {
        const document = text(item, `${name}.${index}`);
        if (document === undefined || document === "") return undefined;
        try {
            JSON.parse(document);
        } catch (error) {
            throw new InvokeArgumentError(`"${name}.${index}" contains an invalid JSON: ${goSyntaxError(error, document)}`);
        }
        return document;
    });
}

/**
 * Go's wording for a document cut short, the common case (V8 reports it at the text's end, or as an
 * unterminated string); V8's own wording for other syntax errors, where Go's differs.
 */
function goSyntaxError(error: unknown, document: string): string {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? -1);
    const cutShort = /end of JSON input|Unterminated string/i.test(message) || position >= document.length;
    return cutShort ? "unexpected end of JSON input" : message;
}

function statementBlock(value: unknown, path: string): StatementBlock {
    const block = (value ?? {}) as Args;
    const effect = text(block["effect"], `${path}.effect`) ?? "Allow";
    if (!EFFECTS.includes(effect)) throw notOneOf(`${path}.effect`, EFFECTS, effect);
    const sid = text(block["sid"], `${path}.sid`) ?? "";
    if (!SID_PATTERN.test(sid)) throw new InvokeArgumentError(`invalid value for ${path}.sid (must only include alphanumeric characters)`);
    return {
        actions: stringSet(block["actions"], `${path}.actions`),
        conditions: conditionBlocks(block["conditions"], `${path}.condition`),
        effect,
        notActions: stringSet(block["notActions"], `${path}.not_actions`),
        notPrincipals: principalBlocks(block["notPrincipals"], `${path}.not_principals`),
        notResources: stringSet(block["notResources"], `${path}.not_resources`),
        principals: principalBlocks(block["principals"], `${path}.principals`),
        resources: stringSet(block["resources"], `${path}.resources`),
        sid,
    };
}

function strings(value: unknown, path: string): string[] {
    return list(value, path).map((item, index) => text(item, `${path}.${index}`) ?? "");
}

/**
 * A TypeSet of strings: duplicates collapse, and "" is dropped (the SDK's diff holds no entry for an
 * empty string, so the set read back from it lacks one). Members are hashed as `value;`.
 */
function stringSet(value: unknown, path: string): string[] {
    return inSetOrder(
        strings(value, path).filter((item) => item !== ""),
        (item) => `${item};`,
    );
}

function principalBlocks(value: unknown, path: string): PrincipalBlock[] {
    const blocks = list(value, path).map((item, index) => {
        const block = (item ?? {}) as Args;
        const type = requiredText(block["type"], `${path}.${index}.type`);
        const identifiers = stringSet(required(block["identifiers"], `${path}.${index}.identifiers`), `${path}.${index}.identifiers`);
        return { identifiers, type };
    });
    // serialize.go: a block is its attributes in name order, a nested set in braces.
    return inSetOrder(blocks, (block) => `identifiers:{${block.identifiers.map((id) => `${id};`).join("")}};type:${block.type};`);
}

function conditionBlocks(value: unknown, path: string): ConditionBlock[] {
    const blocks = list(value, path).map((item, index) => {
        const block = (item ?? {}) as Args;
        return {
            test: requiredText(block["test"], `${path}.${index}.test`),
            // A list, not a set: order and empty strings are kept (expandStringListKeepEmpty).
            values: strings(required(block["values"], `${path}.${index}.values`), `${path}.${index}.values`),
            variable: requiredText(block["variable"], `${path}.${index}.variable`),
        };
    });
    // serialize.go: a list in parentheses, each member followed by `;`.
    return inSetOrder(blocks, (block) => `test:${block.test};values:(${block.values.map((item) => `${item};`).join("")});variable:${block.variable};`);
}

/**
 * The elements of a TypeSet in the order terraform-plugin-sdk lists them (set.go): one element per
 * hash code, the CRC-32 of the element's serialisation, sorted as decimal text. This order decides
 * how identifiers of several principal blocks of one type, and values of repeated conditions, line up.
 */
function inSetOrder<T>(items: T[], serialise: (item: T) => string): T[] {
    const byCode = new Map<string, T>();
    for (const item of items) {
        const code = String(crc32(serialise(item)));
        if (!byCode.has(code)) byCode.set(code, item);
    }
    return [...byCode.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

/** The inputs among the results, as the data source's state holds them; absent ones stay absent. */
function echoedArguments(args: Args, version: string, policyId: string, blocks: StatementBlock[]): Args {
    const echoed: Args = { version };
    if (policyId !== "") echoed["policyId"] = policyId;
    for (const name of ["sourcePolicyDocuments", "overridePolicyDocuments"]) {
        if (list(args[name], name).length > 0) echoed[name] = args[name];
    }
    if (blocks.length > 0) echoed["statements"] = blocks;
    return echoed;
}

// ---- the document, as the data source builds and merges it ----

function statementsFrom(blocks: StatementBlock[], version: string): Statement[] {
    const sids = new Set<string>();
    return blocks.map((block) => {
        if (sids.has(block.sid)) throw new InvokeArgumentError(`writing IAM Policy Document: duplicate Sid (${block.sid}). Remove the Sid or ensure the Sid is unique.`);
        if (block.sid !== "") sids.add(block.sid);
        const statement: Statement = { sid: block.sid, effect: block.effect, elements: {}, principals: [], notPrincipals: [], conditions: [] };
        // Actions keep `&{`: the provider substitutes policy variables only in resources, principals and conditions.
        if (block.actions.length > 0) statement.elements.Action = oneOrReverseSorted(block.actions);
        if (block.notActions.length > 0) statement.elements.NotAction = oneOrReverseSorted(block.notActions);
        if (block.resources.length > 0) statement.elements.Resource = withPolicyVariables(oneOrReverseSorted(block.resources), version, "reading resources");
        if (block.notResources.length > 0) {
            statement.elements.NotResource = withPolicyVariables(oneOrReverseSorted(block.notResources), version, "reading not_resources");
        }
        statement.principals = principalsFrom(block.principals, version, "reading principals");
        statement.notPrincipals = principalsFrom(block.notPrincipals, version, "reading not_principals");
        statement.conditions = block.conditions.map((condition) => {
            const values = withPolicyVariables(condition.values, version, "reading condition: reading values");
            return { test: condition.test, variable: condition.variable, values: values.length === 1 ? values[0] : values };
        });
        return statement;
    });
}

function principalsFrom(blocks: PrincipalBlock[], version: string, context: string): Principal[] {
    return blocks.map((block) => ({
        type: block.type,
        identifiers: withPolicyVariables(oneOrReverseSorted(block.identifiers), version, `${context}: reading identifiers`),
    }));
}

/** policyDecodeConfigStrings: a single value stands alone; several are sorted in reverse (Z to A). */
function oneOrReverseSorted(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : [...values].sort(byteOrder).reverse();
}

/**
 * `&{aws:username}` becomes `${aws:username}`, the form IAM reads, since `${` is taken by the
 * configuration language. Version 2008-10-17 has no policy variables, so there it is an error.
 */
function withPolicyVariables<T extends string | string[]>(values: T, version: string, context: string): T {
    const replace = (value: string): string => {
        if (version === "2008-10-17" && value.includes("&{")) {
            throw new InvokeArgumentError(`${context}: found &{ sequence in (${value}), which is not supported in document version 2008-10-17`);
        }
        return value.split("&{").join("${");
    };
    return (typeof values === "string" ? replace(values) : values.map(replace)) as T;
}

/** Source documents merge in order, and no two of their statements may share a Sid. */
function mergeSourceDocuments(merged: PolicyDocument, sources: (string | undefined)[]): void {
    const sids = new Set<string>();
    sources.forEach((source, sourceIndex) => {
        if (source === undefined) return;
        const prefix = `writing IAM Policy Document: merging source document ${sourceIndex}: `;
        const document = decodeDocument(source, prefix);
        document.statements.forEach((statement, statementIndex) => {
            const { sid } = present(statement);
            if (sid === "") return;
            if (sids.has(sid)) {
                throw new InvokeArgumentError(
                    `${prefix}duplicate Sid (${sid}) in source_policy_documents (statement ${statementIndex}). Remove the Sid or ensure Sids are unique.`,
                );
            }
            sids.add(sid);
        });
        mergeDocument(merged, document);
    });
}

/**
 * policy_model.go Merge: a later Id wins, the later Version wins if it sorts higher, a statement
 * replaces the one with its Sid, and a statement without Sid (or with a new one) is appended.
 */
function mergeDocument(into: PolicyDocument, from: PolicyDocument): void {
    if (from.id !== "") into.id = from.id;
    if (byteOrder(from.version, into.version) > 0) into.version = from.version;
    for (const statement of from.statements) {
        const { sid } = present(statement);
        const existing = sid === "" ? -1 : into.statements.findIndex((other) => present(other).sid === sid);
        if (existing === -1) into.statements.push(statement);
        else into.statements[existing] = statement;
    }
}

/** A `null` statement in a merged document is a nil pointer to the provider, which then panics. */
function present(statement: Statement | null): Statement {
    if (statement === null) throw new InvokeArgumentError("panic: runtime error: invalid memory address or nil pointer dereference");
    return statement;
}

// ---- the document, as the provider writes it ----

/** iamPolicyDoc: Version, Id, Statement, each left out when empty. */
function documentJson(document: PolicyDocument): Map<string, GoJson> {
    const json = new Map<string, GoJson>();
    if (document.version !== "") json.set("Version", document.version);
    if (document.id !== "") json.set("Id", document.id);
    if (document.statements.length > 0) json.set("Statement", document.statements.map((statement) => statementJson(present(statement))));
    return json;
}

/** iamPolicyStatement's field order; Sid and Effect are left out when "", the rest when absent. */
function statementJson(statement: Statement): Map<string, GoJson> {
    const json = new Map<string, GoJson>();
    if (statement.sid !== "") json.set("Sid", statement.sid);
    if (statement.effect !== "") json.set("Effect", statement.effect);
    for (const element of ["Action", "NotAction", "Resource", "NotResource"] as const) {
        if (statement.elements[element] !== undefined) json.set(element, plainJson(statement.elements[element]));
    }
    if (statement.principals.length > 0) json.set("Principal", principalsJson(statement.principals));
    if (statement.notPrincipals.length > 0) json.set("NotPrincipal", principalsJson(statement.notPrincipals));
    if (statement.conditions.length > 0) json.set("Condition", conditionsJson(statement.conditions));
    return json;
}

/**
 * Principal as the provider writes it. Only a lone `*` type with identifier `*` becomes `"*"`: IAM
 * rejects `"*"` in role trust policies but accepts `{"AWS": "*"}`, so that one is kept as a map.
 * Blocks of one type join in set order, each block's list sorted Z to A; a type met twice becomes a list.
 */
function principalsJson(principals: Principal[]): GoJson {
    if (principals.length === 1 && principals[0].type === "*") {
        const { identifiers } = principals[0];
        if (identifiers === "*" || (Array.isArray(identifiers) && identifiers.length === 1 && identifiers[0] === "*")) return "*";
    }
    const byType = new Map<string, string | string[]>();
    for (const { type, identifiers } of principals) {
        const sofar = byType.get(type);
        if (Array.isArray(identifiers)) {
            const start = sofar === undefined ? [] : typeof sofar === "string" ? [sofar] : sofar;
            byType.set(type, [...start, ...[...identifiers].sort(byteOrder).reverse()]);
        } else {
            byType.set(type, sofar === undefined ? identifiers : typeof sofar === "string" ? [sofar, identifiers] : [...sofar, identifiers]);
        }
    }
    return sortedMap(byType);
}

/** Condition as the provider writes it: grouped by test, then variable, values in order; one value stands alone. */
function conditionsJson(conditions: Condition[]): GoJson {
    const byTest = new Map<string, Map<string, string[]>>();
    for (const { test, variable, values } of conditions) {
        const byVariable = byTest.get(test) ?? new Map<string, string[]>();
        byTest.set(test, byVariable);
        byVariable.set(variable, [...(byVariable.get(variable) ?? []), ...(typeof values === "string" ? [values] : values)]);
    }
    const json = new Map<string, GoJson>();
    for (const [test, byVariable] of byTest) {
        const variables = new Map<string, GoJson>();
        for (const [variable, values] of byVariable) variables.set(variable, values.length === 1 ? values[0] : values);
        json.set(test, sortedMap(variables));
    }
    return sortedMap(json);
}

/** A value decoded into Go's `any`: objects come back as maps, which Go writes with sorted keys. */
function plainJson(value: unknown): GoJson {
    if (Array.isArray(value)) return value.map(plainJson);
    if (isObject(value)) return sortedMap(new Map(Object.entries(value).map(([key, item]) => [key, plainJson(item)])));
    return value as GoJson;
}
