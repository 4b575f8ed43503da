/**
 * Text from programs and inputs, made safe for a terminal: control characters shown as escapes, so
 * a message cannot rewrite the terminal it is printed on.
 */
export function visible(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
