/**
 * Text from programs and inputs, made safe for a terminal: control characters shown as escapes, so
 * a name cannot clear a screen, colour a line or start a line of its own (a forged verdict).
 */
export function visible(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
