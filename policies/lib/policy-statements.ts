/**
 * A policy document read statement by statement, noting which raw parts of each statement are not
 * known yet.
 *
 * `readPolicyDocument` reads a statement the way AWS evaluates it, and so cannot say that, at a
 * preview, its `Principal` or `Resource` was an output not known yet: an unknown entry reads as an
 * ordinary string. A control that must not call a statement wrong because of a part it cannot see
 * yet asks here which parts those are.
 */
import { describeValue, isRecord } from "./describe";
import { readPolicyDocument, type Statement } from "./policy-document";
import { containsUnknown } from "./unknown";

/** A statement as read, with the names of its raw parts (`Effect`, `Action`, ...) not known yet. */
export interface ReadStatement {
    statement: Statement;
    /** `statement "Sid"` or `statement 2`, for messages. */
    label: string;
    unknown: ReadonlySet<string>;
}

export type DocumentReading =
    | { kind: "absent" }
    | { kind: "unknown" }
    | { kind: "malformed"; reason: string }
    | { kind: "document"; statements: ReadStatement[] };

export function readDocument(value: unknown): DocumentReading {
    const reading = readPolicyDocument(value);
    if (reading.kind !== "document") return reading;
    const raws = rawStatementsOf(value);
    return {
        kind: "document",
        statements: reading.statements.map((statement, index) => ({
            statement,
            label: statement.sid ? `statement ${describeValue(statement.sid)}` : `statement ${index + 1}`,
            unknown: new Set(Object.keys(raws[index] ?? {}).filter((part) => containsUnknown(raws[index][part]))),
        })),
    };
}

/**
 * The raw statements of a document, in the order `readPolicyDocument` reads them; a statement that
 * is not an object stands as an empty one. Empty when the document is not readable at all.
 */
export function rawStatementsOf(value: unknown): Record<string, unknown>[] {
    let document = value;
    if (typeof value === "string") {
        try {
            document = JSON.parse(value);
        } catch {
            return [];
        }
    }
    const statements = isRecord(document) ? document["Statement"] : undefined;
    const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
    return list.map((statement) => (isRecord(statement) ? statement : {}));
}
