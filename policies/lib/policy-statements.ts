/**
 * A policy document read statement by statement, noting which raw parts of each statement are not
 * known yet.
 *
 * `readPolicyDocument` reads a statement the way AWS evaluates it, and so cannot say that, at a
 * preview, its `Principal` or `Resource` was an output not known yet: an unknown entry reads as an
 * ordinary string. A control that must not call a statement wrong because of a part it cannot see
 * yet asks here which parts those are.
 */
import { BoundedMemo } from "./bounded-memo";
import { describeValue, isRecord } from "./describe";
import { MAX_DOCUMENT_CHARS, readPolicyDocument, type Statement } from "./policy-document";
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

/** Read once per text, as readPolicyDocument reads its documents: several controls read each. */
const readTexts = new BoundedMemo<DocumentReading>(20_000);

export function readDocument(value: unknown): DocumentReading {
    return typeof value === "string" ? readTexts.get(value, readStatements) : readStatements(value);
}

function readStatements(value: unknown): DocumentReading {
    // A document's text is parsed once here, for both readings, when it holds a JSON object; any
    // other text goes to readPolicyDocument as it is, which says what is wrong with it.
    const parsed = parsedObject(value);
    const reading = readPolicyDocument(parsed ?? value);
    if (reading.kind !== "document") return reading;
    const raws = rawStatementsOf(parsed ?? value);
    return {
        kind: "document",
        statements: reading.statements.map((statement, index) => ({
            statement,
            label: statement.sid ? `statement ${describeValue(statement.sid)}` : `statement ${index + 1}`,
            unknown: new Set(Object.keys(raws[index] ?? {}).filter((part) => containsUnknown(raws[index][part]))),
        })),
    };
}

function parsedObject(value: unknown): Record<string, unknown> | undefined {
    if (typeof value !== "string" || value.length > MAX_DOCUMENT_CHARS) return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        return isRecord(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
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
