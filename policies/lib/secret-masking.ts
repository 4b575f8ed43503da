/**
 * Secrecy follows the data (DESIGN, trust in reports): whatever came from a secret is never quoted
 * in a report, whole or in part, however a policy spelt it.
 *
 * A policy sees secrets as plain values (the SDK unwraps them), so its messages may quote one: whole,
 * cut short (ours cut quoted values at 80 characters and end them with `…`), with control characters
 * shown as `?`, JSON-escaped, or a value parsed out of a secret document (a principal inside
 * `pulumi.secret(JSON.stringify(policy))`). Comparing whole strings misses all but the first, so:
 *
 * - every string inside a secret, and every string parsed out of a secret JSON document, is a secret;
 * - each secret is looked for in each of those spellings;
 * - any run of {@link FRAGMENT} or more characters that also occurs in a secret is masked, which
 *   covers truncation and partial quotes by any pack, not only ours.
 */
import { SECRET_SIG, SIG_KEY } from "./wire-signatures";

export const SECRET_MASK = "[secret]";

/** Shorter secrets (a port, `true`) would mask ordinary words and numbers everywhere. */
const MIN_SECRET = 3;
/**
 * The shortest run of characters shared with a secret that counts as quoting part of it: long
 * enough that an ARN prefix (`arn:aws:iam::`) or a service suffix (`.amazonaws.com`) a message
 * writes itself does not count, short enough that a value cut at 80 characters does.
 */
const FRAGMENT = 16;
const MAX_DEPTH = 64;

/**
 * Words of the IAM policy grammar, not data: an `Effect` of `Allow` or an action such as
 * `s3:GetObject` in a secret document says nothing about the secret, and masking them everywhere
 * would make every message about permissions unreadable. Principals, resources and conditions are
 * data and stay secret.
 */
const GRAMMAR_KEYS: ReadonlySet<string> = new Set(["Version", "Effect", "Action", "NotAction"]);

// Control characters and bidirectional overrides, as policies/lib/describe.ts replaces them.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export class SecretMask {
    private readonly whole: string[];
    private readonly fragments: Set<string>;

    constructor(secrets: Iterable<string>) {
        const spellings = new Set<string>();
        const fragmented = new Set<string>();
        for (const secret of secrets) {
            if (secret.length < MIN_SECRET) continue;
            const forms = [secret, secret.replace(HIDDEN, "?"), JSON.stringify(secret).slice(1, -1)];
            for (const form of forms) spellings.add(form);
            // A document's text is mostly its grammar (`"Effect":"Allow"`), which messages also write;
            // its values are secrets of their own (secretsIn parses them out) and are fragmented instead.
            if (documentIn(secret) === undefined) for (const form of forms) fragmented.add(form);
        }
        // Longest first, so a secret containing another is masked whole.
        this.whole = [...spellings].sort((a, b) => b.length - a.length);
        this.fragments = new Set<string>();
        for (const spelling of fragmented) {
            for (let start = 0; start + FRAGMENT <= spelling.length; start++) this.fragments.add(spelling.slice(start, start + FRAGMENT));
        }
    }

    get isEmpty(): boolean {
        return this.whole.length === 0;
    }

    /** The text with every secret, and every part of one, replaced by {@link SECRET_MASK}. */
    mask(text: string): string {
        if (this.whole.length === 0 || text === "") return text;
        let result = text;
        for (const spelling of this.whole) if (result.includes(spelling)) result = result.split(spelling).join(SECRET_MASK);
        if (result.length < FRAGMENT || this.fragments.size === 0) return result;
        return this.maskFragments(result);
    }

    /** Masks every maximal run of text covered by fragments shared with a secret. */
    private maskFragments(text: string): string {
        const covered = new Uint8Array(text.length);
        let any = false;
        for (let start = 0; start + FRAGMENT <= text.length; start++) {
            if (this.fragments.has(text.slice(start, start + FRAGMENT))) {
                covered.fill(1, start, start + FRAGMENT);
                any = true;
            }
        }
        if (!any) return text;
        let result = "";
        for (let index = 0; index < text.length; ) {
            if (covered[index] === 0) {
                result += text[index++];
                continue;
            }
            while (index < text.length && covered[index] === 1) index++;
            if (!result.endsWith(SECRET_MASK)) result += SECRET_MASK;
        }
        return result;
    }

    /** Every string in a JSON-like value masked; keys are structure and kept. */
    maskDeep<T>(value: T, depth = 0): T {
        if (typeof value === "string") return this.mask(value) as T;
        if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
        if (Array.isArray(value)) return value.map((item) => this.maskDeep(item, depth + 1)) as T;
        return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.maskDeep(child, depth + 1)])) as T;
    }
}

/**
 * Whether the engine's secret wrapper occurs anywhere in `value`, as deep as `secretsIn` looks: a
 * walk that allocates nothing, so the many property bags without a secret cost little.
 */
export function holdsSecret(value: unknown, depth = 0): boolean {
    if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return false;
    if (Array.isArray(value)) {
        for (const item of value) if (holdsSecret(item, depth + 1)) return true;
        return false;
    }
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) return true;
    for (const key in record) if (holdsSecret(record[key], depth + 1)) return true;
    return false;
}

/**
 * The secrets a property bag holds: strings and numbers inside the engine's secret wrappers, inside
 * the named secret outputs, and inside JSON documents parsed out of any of them.
 */
export function secretsIn(value: unknown, secretNames: readonly string[] = [], found: Set<string> = new Set()): Set<string> {
    collect(value, false, 0, found);
    if (value !== null && typeof value === "object") {
        for (const name of secretNames) collect((value as Record<string, unknown>)[name], true, 0, found);
    }
    return found;
}

function collect(value: unknown, secret: boolean, depth: number, found: Set<string>, key?: string): void {
    if (depth > MAX_DEPTH || value === null || value === undefined) return;
    if (typeof value === "string" || typeof value === "number") {
        if (!secret || (key !== undefined && GRAMMAR_KEYS.has(key))) return;
        const text = String(value);
        found.add(text);
        const parsed = documentIn(text);
        if (parsed !== undefined) collect(parsed, true, depth + 1, found);
        return;
    }
    if (typeof value !== "object") return;
    if (Array.isArray(value)) {
        for (const item of value) collect(item, secret, depth + 1, found, key);
        return;
    }
    const record = value as Record<string, unknown>;
    const isSecret = secret || record[SIG_KEY] === SECRET_SIG;
    for (const [childKey, child] of Object.entries(record)) {
        if (childKey !== SIG_KEY) collect(child, isSecret, depth + 1, found, record[SIG_KEY] === SECRET_SIG ? key : childKey);
    }
}

/** A JSON object or array held as text (policy documents usually are), else undefined. */
function documentIn(text: string): unknown {
    const trimmed = text.trimStart();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
    try {
        const parsed: unknown = JSON.parse(text);
        return parsed !== null && typeof parsed === "object" ? parsed : undefined;
    } catch {
        return undefined;
    }
}
