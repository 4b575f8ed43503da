/**
 * Reading IAM, bucket and key policy documents the way AWS evaluates them.
 *
 * Documents reach a policy as JSON strings (the usual `JSON.stringify(...)` or an `aws.iam.getPolicyDocument`
 * result) or as objects. `Statement`, `Action`, `Resource` and `Principal` values may each be one string or
 * an array; `NotAction`, `NotResource` and `NotPrincipal` invert meaning. Nothing here throws: a document
 * that cannot be read is reported as malformed so the control can say so.
 */
import { BoundedMemo } from "./bounded-memo";
import { containsUnknown, isUnknown } from "./unknown";

export type Effect = "Allow" | "Deny";

/** Who a statement applies to. `anyone` is `"*"` or `{"AWS": "*"}`. */
export interface Principals {
    anyone: boolean;
    aws: string[];
    service: string[];
    federated: string[];
    canonicalUser: string[];
}

export interface Condition {
    operator: string;
    key: string;
    values: string[];
}

export interface Statement {
    sid?: string;
    effect: Effect;
    /** Present when the statement lists `Action`; `NotAction` lands in `notActions`. */
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: Principals;
    notPrincipals?: Principals;
    conditions: Condition[];
    /** Some part of the statement is an output not known during preview. */
    hasUnknowns: boolean;
}

export type PolicyDocumentReading =
    | { kind: "absent" }
    | { kind: "unknown" }
    | { kind: "malformed"; reason: string }
    | { kind: "document"; statements: Statement[] };

// Documents bigger than IAM's largest quota (a 20 KiB managed policy, 10 KiB+ for bucket policies,
// 32 KiB for key policies) are refused rather than parsed, so a hostile input cannot stall a preview.
export const MAX_DOCUMENT_CHARS = 1024 * 1024;

/**
 * Read once per text: every control that judges a document (the TLS deny, public grants, who can read
 * recordings) reads the same text, and on a stack of 50,000 resources parsing it again for each
 * took a third of a second. 20,000 texts hold the documents of such a stack.
 */
const readTexts = new BoundedMemo<PolicyDocumentReading>(20_000);

export function readPolicyDocument(value: unknown): PolicyDocumentReading {
    if (value === undefined || value === null || value === "") return { kind: "absent" };
    if (isUnknown(value)) return { kind: "unknown" };
    return typeof value === "string" ? readTexts.get(value, readDocumentValue) : readDocumentValue(value);
}

function readDocumentValue(value: unknown): PolicyDocumentReading {
    let document: unknown = value;
    if (typeof value === "string") {
        if (value.length > MAX_DOCUMENT_CHARS) return { kind: "malformed", reason: "document larger than 1 MiB" };
        try {
            document = JSON.parse(value);
        } catch {
            return { kind: "malformed", reason: "not valid JSON" };
        }
    }
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
        return { kind: "malformed", reason: "not a JSON object" };
    }
    const rawStatements = (document as Record<string, unknown>)["Statement"];
    if (isUnknown(rawStatements)) return { kind: "unknown" };
    const list = rawStatements === undefined ? [] : Array.isArray(rawStatements) ? rawStatements : [rawStatements];
    const statements: Statement[] = [];
    for (const raw of list) {
        // A statement built from an output not known yet makes the whole document undecidable.
        if (isUnknown(raw)) return { kind: "unknown" };
        const statement = readStatement(raw);
        if (typeof statement === "string") return { kind: "malformed", reason: statement };
        statements.push(statement);
    }
    return { kind: "document", statements };
}

function readStatement(raw: unknown): Statement | string {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return "a statement is not an object";
    const s = raw as Record<string, unknown>;
    const effect = s["Effect"];
    if (effect !== "Allow" && effect !== "Deny") {
        if (!isUnknown(effect)) return `a statement has Effect ${JSON.stringify(effect) ?? "undefined"}`;
    }
    return {
        sid: typeof s["Sid"] === "string" ? s["Sid"] : undefined,
        // An unknown Effect is read as Allow: the reading that can only add findings, never hide them.
        effect: effect === "Deny" ? "Deny" : "Allow",
        actions: stringList(s["Action"]),
        notActions: stringList(s["NotAction"]),
        resources: stringList(s["Resource"]),
        notResources: stringList(s["NotResource"]),
        principals: readPrincipals(s["Principal"]),
        notPrincipals: readPrincipals(s["NotPrincipal"]),
        conditions: readConditions(s["Condition"]),
        hasUnknowns: containsUnknown(raw),
    };
}

function stringList(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value : [value];
    return items.filter((item): item is string => typeof item === "string");
}

function readPrincipals(value: unknown): Principals | undefined {
    if (value === undefined || value === null) return undefined;
    const principals: Principals = { anyone: false, aws: [], service: [], federated: [], canonicalUser: [] };
    if (value === "*") {
        principals.anyone = true;
        return principals;
    }
    if (typeof value !== "object" || Array.isArray(value)) return principals;
    const byKind = value as Record<string, unknown>;
    principals.aws = stringList(byKind["AWS"]) ?? [];
    principals.service = stringList(byKind["Service"]) ?? [];
    principals.federated = stringList(byKind["Federated"]) ?? [];
    principals.canonicalUser = stringList(byKind["CanonicalUser"]) ?? [];
    principals.anyone = principals.aws.includes("*");
    return principals;
}

function readConditions(value: unknown): Condition[] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
    const conditions: Condition[] = [];
    for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
        if (block === null || typeof block !== "object" || Array.isArray(block)) continue;
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            const list = Array.isArray(values) ? values : [values];
            conditions.push({ operator, key, values: list.map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? "")) });
        }
    }
    return conditions;
}

/**
 * Does an IAM action pattern (`s3:Get*`, `kms:*`, `*`) cover `action`? Matching is case-insensitive,
 * as in IAM; `*` matches any run of characters and `?` one character.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
    return actionPatternRegExp(pattern).test(action);
}

/**
 * Compiled once per pattern: a stack repeats the same few patterns in every copy of a document, and
 * stack controls match them once per principal and bucket, so compiling at each match cost more than
 * the matching.
 */
const compiledActionPatterns = new BoundedMemo<RegExp>(10_000);

function actionPatternRegExp(pattern: string): RegExp {
    return compiledActionPatterns.get(pattern, () => {
        const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        return new RegExp(`^${escaped}$`, "i");
    });
}

/** Does the statement grant or deny `action` (taking `NotAction` into account)? */
export function statementCoversAction(statement: Statement, action: string): boolean {
    if (statement.actions) return statement.actions.some((pattern) => actionPatternMatches(pattern, action));
    if (statement.notActions) return !statement.notActions.some((pattern) => actionPatternMatches(pattern, action));
    return false;
}

/**
 * Whether an action list is a wildcard over a whole service (`*`, `s3:*`) rather than a prefix
 * such as `kms:GenerateDataKey*`, which is ordinary AWS practice. An Allow with `NotAction` grants
 * everything else and is treated as a wildcard.
 */
export function wildcardActions(statement: Statement): string[] {
    if (statement.effect !== "Allow") return [];
    if (statement.notActions !== undefined && statement.actions === undefined) return ["NotAction"];
    return (statement.actions ?? []).filter((action) => action === "*" || /^[a-z0-9-]+:\*$/i.test(action));
}

/** Condition keys that tie an otherwise open principal to one account, organisation or source. */
export const SCOPING_CONDITION_KEYS: readonly string[] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceVpce",
    "aws:SourceVpc",
    "kms:CallerAccount",
];

/**
 * Operators that narrow a request to the listed values. Negated operators (`StringNotEquals`), the
 * `...IfExists` forms (which pass when the key is absent, as it is for direct callers) and `Null`
 * narrow nothing for this purpose.
 */
const NARROWING_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;

export function hasScopingCondition(statement: Statement): boolean {
    const keys = new Set(SCOPING_CONDITION_KEYS.map((key) => key.toLowerCase()));
    return statement.conditions.some(
        (condition) =>
            keys.has(condition.key.toLowerCase()) &&
            NARROWING_OPERATOR.test(condition.operator) &&
            condition.values.length > 0 &&
            condition.values.every((value) => value !== "*" && value !== ""),
    );
}

/**
 * A statement that lets anyone in, with nothing to narrow who: `"*"` or `{"AWS": "*"}`, or an Allow with
 * `NotPrincipal`, which AWS documents as granting every principal except those named.
 */
export function allowsAnyoneUnconditionally(statement: Statement): boolean {
    if (statement.effect !== "Allow" || hasScopingCondition(statement)) return false;
    return statement.principals?.anyone === true || (statement.notPrincipals !== undefined && statement.principals === undefined);
}
