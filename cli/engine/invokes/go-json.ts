/**
 * JSON as Go's encoding/json writes it (json.Marshal, json.MarshalIndent), with Go's string order and
 * the CRC-32 the AWS provider hashes documents with: what a bridged Terraform data source returns
 * is text Go wrote, so an offline answer must be written the same way, byte for byte.
 */

/** A JSON value to write; a Map keeps its keys in the order they were set. */
export type GoJson = null | boolean | number | string | GoJson[] | Map<string, GoJson>;

/** Go writes map keys in byte order. */
export function sortedMap(map: Map<string, GoJson>): Map<string, GoJson> {
    return new Map([...map.entries()].sort(([a], [b]) => byteOrder(a, b)));
}

/** Go's string order is UTF-8 byte order, which is code point order (JavaScript's `<` compares UTF-16 units). */
export function byteOrder(a: string, b: string): number {
    const left = [...a];
    const right = [...b];
    for (let index = 0; index < Math.min(left.length, right.length); index++) {
        const difference = (left[index].codePointAt(0) ?? 0) - (right[index].codePointAt(0) ?? 0);
        if (difference !== 0) return difference;
    }
    return left.length - right.length;
}

/** json.Marshal, or json.MarshalIndent with prefix "" and this indent. */
export function marshal(value: GoJson, indent = "", depth = 0): string {
    const open = indent === "" ? "" : `\n${indent.repeat(depth + 1)}`;
    const close = indent === "" ? "" : `\n${indent.repeat(depth)}`;
    if (value instanceof Map) {
        if (value.size === 0) return "{}";
        const members = [...value].map(([key, item]) => `${open}${goString(key)}:${indent === "" ? "" : " "}${marshal(item, indent, depth + 1)}`);
        return `{${members.join(",")}${close}}`;
    }
    if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        return `[${value.map((item) => open + marshal(item, indent, depth + 1)).join(",")}${close}]`;
    }
    if (typeof value === "string") return goString(value);
    if (typeof value === "number" && Object.is(value, -0)) return "-0";
    return String(value);
}

/**
 * A string as encoding/json writes it: besides JSON's own escapes, `<`, `>`, `&`, U+2028 and U+2029
 * are escaped (so the text is safe inside HTML), and an unpaired surrogate becomes U+FFFD.
 */
export function goString(value: string): string {
    const wellFormed = value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
    return JSON.stringify(wellFormed).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    return crc >>> 0;
});

/** CRC-32 (IEEE) of the text's UTF-8 bytes, as Go's crc32.ChecksumIEEE. */
export function crc32(text: string): number {
    let crc = 0xffffffff;
    for (const byte of new TextEncoder().encode(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}
