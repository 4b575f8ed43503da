/**
 * Safe HTML building for the report. Every string a report carries (resource names, messages,
 * waiver reasons, owners) was written by whoever wrote the stack or the policy config, so it is
 * escaped wherever it lands: text, attribute values, code spans. Only `Markup` we built ourselves
 * passes through untouched.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Control characters (but tab and newline) and the bidirectional overrides that can make a name
 * read backwards (`\u202E`) are shown as `\uXXXX`, as the text format shows them, so a name cannot
 * pass itself off as another.
 */
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function escapeHtml(text: string): string {
    return text
        .replace(INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)
        .replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** Markup we wrote ourselves; anything else interpolated into `html` is escaped. */
export class Markup {
    constructor(readonly value: string) {}
}

export type Interpolated = Markup | string | number | boolean | null | undefined | readonly Interpolated[];

function interpolate(value: Interpolated): string {
    if (value instanceof Markup) return value.value;
    if (Array.isArray(value)) return value.map(interpolate).join("");
    if (value === null || value === undefined || value === false) return "";
    return escapeHtml(String(value));
}

/** Template tag: the literal parts are ours, every interpolated value is escaped unless it is Markup. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
    return new Markup(strings.reduce((out, literal, i) => out + literal + (i < values.length ? interpolate(values[i]) : ""), ""));
}

export const EMPTY = new Markup("");

/**
 * A code span opens after a space or opening bracket and closes before a space, punctuation or the
 * end, so code that itself holds backticks (`pulumi.interpolate`${arn}/*``) stays one span.
 */
const CODE_SPAN = /(^|[\s(\["'])`(.+?)`(?=$|[\s.,;:!?)'"])/g;

/**
 * Text with `backtick` spans (as messages and remediation steps write code) shown as code, all
 * escaped. Code longer than `blockCodeFrom` characters (a whole statement in a remediation step)
 * gets a line of its own, where it wraps instead of stretching the sentence around it.
 */
export function prose(text: string, blockCodeFrom = Infinity): Markup {
    let out = "";
    let done = 0;
    for (const match of text.matchAll(CODE_SPAN)) {
        const start = match.index + match[1].length;
        const code = match[2];
        const block = code.length >= blockCodeFrom;
        out += escapeHtml(text.slice(done, start)) + (block ? `<code class="block">${escapeHtml(code)}</code>` : `<code>${escapeHtml(code)}</code>`);
        done = start + code.length + 2;
        // A full stop after a block of code would sit alone on its own line.
        if (block && /^[.,;:]\s*$/.test(text.slice(done))) done = text.length;
    }
    return new Markup(out + escapeHtml(text.slice(done)));
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
    return `${count} ${count === 1 ? noun : nouns}`;
}

/** A lookup in a table keyed by report-supplied strings, immune to `__proto__` and friends. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
    return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
