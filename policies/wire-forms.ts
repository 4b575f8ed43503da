/**
 * What the SDK deserialised each properties object from: its wire form, secrets still marked. Kept
 * apart from the deserialisation hook that fills it (shared-deserialisation.ts, which loads the SDK),
 * so the controls' adapter can read it without loading the SDK into ccguard.
 */
export interface WireProperties {
    toJavaScript(): unknown;
}

const wireForms = new WeakMap<object, WireProperties>();

export function rememberWireForm(deserialised: object, wire: WireProperties): void {
    wireForms.set(deserialised, wire);
}

/**
 * The wire form a deserialised properties object came from, while its request lives: the SDK hands
 * policies secrets as plain values, and only the wire form still says which values were secret.
 */
export function wireFormOf(deserialised: unknown): WireProperties | undefined {
    return deserialised !== null && typeof deserialised === "object" ? wireForms.get(deserialised) : undefined;
}
