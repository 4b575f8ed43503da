/**
 * Text from programs and configs, made inert for Markdown (pull-request comments render it).
 *
 * A resource name can carry raw HTML (`<img src=x onerror=...>`), a link (`[click](https://…)`), a
 * bare URL GitHub would autolink, or a backtick that ends the code span it was put in. Identifiers
 * go in code spans fenced longer than any backtick run inside them, where nothing is markup; prose
 * has every markup character escaped, and URLs inside it are put in code spans so none is a link.
 */

// Whitespace and control characters: a newline would end a table row or a list item.
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line, table-safe: GitHub splits table cells on `|` even inside code spans unless escaped. */
function flat(text: string): string {
    return text.replace(BREAKS, " ").replace(/\|/g, "\\|");
}

/** An identifier (name, type, URN, stack) as an inline code span that nothing inside can end. */
export function code(text: string): string {
    const content = flat(text);
    const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const padded = content.startsWith("`") || content.endsWith("`") || content === "" ? ` ${content} ` : content;
    return `${fence}${padded}${fence}`;
}

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start markup.
const MARKUP = /[\\`*_{}[\]()<>#+!~|&]/g;
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>]*/gi;

/** Prose (a message, a reason) as plain text: no HTML, no links, no emphasis, no broken tables. */
export function prose(text: string): string {
    const line = text.replace(BREAKS, " ");
    let result = "";
    let last = 0;
    for (const match of line.matchAll(URL_LIKE)) {
        result += escapeMarkup(line.slice(last, match.index)) + code(match[0]);
        last = (match.index ?? 0) + match[0].length;
    }
    return result + escapeMarkup(line.slice(last));
}

function escapeMarkup(text: string): string {
    return text.replace(MARKUP, (char) => `\\${char}`);
}
