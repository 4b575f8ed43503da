/**
 * Every file ccguard reads (report input, stack export, policy config, stack outputs) comes in
 * through here, so each is decoded and refused the same way: UTF-8, with or without a byte order
 * mark, or UTF-16 with one (what Windows PowerShell's `>` redirection writes); anything else is not
 * text and is refused with one line. JSON nested deeper than any real input is refused before it
 * reaches code that recurses (the protobuf Struct conversion of the analyzer protocol overflows
 * the stack at a few thousand levels).
 */
import { readFileSync } from "node:fs";
import { UsageError } from "./errors";

/**
 * Deeper than any stack export, event log or config a real program produces (Go's protobuf
 * decoding in the engine gives up long before: each JSON level is several message levels), and
 * well within what the analyzer protocol's recursive conversion survives.
 */
export const MAX_JSON_NESTING = 512;

// What a person understands of the errno codes that reading or writing a file can end in.
const FILE_ERRORS: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "a part of the path is not a directory",
    ELOOP: "too many symbolic links",
    ENAMETOOLONG: "the file name is too long",
    EMFILE: "too many open files",
    ENFILE: "too many open files",
    ENOSPC: "no space left on the device",
    EROFS: "read-only file system",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error",
    EBUSY: "the file is busy",
    ETXTBSY: "the file is busy",
    EAGAIN: "not ready to be read (a non-blocking descriptor)",
    ENXIO: "no such device",
    ENODEV: "no such device",
    ERR_FS_FILE_TOO_LARGE: "the file is too large",
    ERR_STRING_TOO_LONG: "the file is too large",
};

/** Why a file could not be read or written, in words, never an errno code. */
export function fileProblem(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code !== undefined && FILE_ERRORS[code] !== undefined) return FILE_ERRORS[code];
    // Node's own messages start with the code and end with the call and path: keep the words between.
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^[A-Z][A-Z0-9_]+: /, "").replace(/, (open|read|write|scandir|stat|lstat) '.*'$/, "");
}

/** A file's name for messages: `-` is standard input. */
export function inputName(file: string): string {
    return file === "-" ? "standard input" : file;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
    return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * The text of a file's bytes, decoded by its byte order mark (UTF-8 without one). `label` names the
 * input in the one-line refusal of bytes that are not text in any of those encodings.
 */
export function decodeText(bytes: Uint8Array, label: string): string {
    let text: string;
    try {
        if (startsWith(bytes, UTF8_BOM)) {
            text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3));
        } else if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
            const body = Buffer.from(bytes.subarray(2));
            if (body.length % 2 !== 0) throw new TypeError("odd number of bytes");
            if (startsWith(bytes, UTF16BE_BOM)) body.swap16();
            text = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true }).decode(body);
        } else {
            text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
        }
    } catch {
        throw new UsageError(`${label} is not text: expected UTF-8, or UTF-16 with a byte order mark`);
    }
    // No text format ccguard reads allows a raw NUL; UTF-16 without a byte order mark is full of them.
    if (text.includes("\u0000")) {
        throw new UsageError(`${label} is not text (it contains NUL bytes: binary, or UTF-16 without a byte order mark)`);
    }
    return text;
}

/** The decoded text of a file, or of standard input for `-`; `label` names it in messages. */
export function readInputText(file: string, label = inputName(file)): string {
    return readInput(file, label).text;
}

/** The bytes of a file as read, once, and their decoded text: for inputs a report identifies by digest. */
export function readInput(file: string, label = inputName(file)): { bytes: Buffer; text: string } {
    let bytes: Buffer;
    try {
        bytes = readFileSync(file === "-" ? 0 : file);
    } catch (error) {
        throw new UsageError(`cannot read ${label}: ${fileProblem(error)}`);
    }
    return { bytes, text: decodeText(bytes, label) };
}

function escaped(text: string, quote: number): boolean {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    return backslashes % 2 === 1;
}

/** How deeply arrays and objects nest in JSON text, counted without recursion or parsing. */
export function nestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
    let depth = 0;
    let deepest = 0;
    for (let index = 0; index < text.length; index++) {
        const char = text.charCodeAt(index);
        if (char === 0x22 /* " */) {
            // Skip the string (brackets inside strings do not nest) to its closing quote: the first
            // quote not escaped, that is not preceded by an odd number of backslashes.
            let end = text.indexOf('"', index + 1);
            while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1);
            if (end === -1) return deepest;
            index = end;
        } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
            depth++;
            if (depth > deepest) {
                deepest = depth;
                if (deepest > limit) return deepest;
            }
        } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
            depth--;
        }
    }
    return deepest;
}

/** Refuses JSON text (one document, or JSON lines) nested deeper than MAX_JSON_NESTING. */
export function refuseDeepJson(text: string, label: string): void {
    if (nestingDepth(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) {
        throw new UsageError(`${label} nests arrays or objects more than ${MAX_JSON_NESTING} levels deep, deeper than any real input: refused`);
    }
}

/**
 * One JSON document, refused with one line when it is not JSON or nests deeper than
 * MAX_JSON_NESTING. `label` names the input ("policy config x.json"); `hint` follows "not valid JSON".
 */
export function parseJsonText(text: string, label: string, hint = ""): unknown {
    refuseDeepJson(text, label);
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new UsageError(`${label} is not valid JSON${hint}: ${(error as Error).message.split("\n")[0]}`);
    }
}
