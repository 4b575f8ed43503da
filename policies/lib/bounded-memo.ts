/**
 * Results remembered by text, for values a stack repeats or several controls read: a policy document
 * is parsed by each control that judges it, and an action pattern recurs in every copy of a document.
 * Bounded, so a pack serving a long run of requests never holds every text it has seen: when full, it
 * starts again empty. Remembered results are shared, so callers only read them.
 */
export class BoundedMemo<V> {
    private readonly remembered = new Map<string, V>();

    constructor(private readonly capacity: number) {}

    get(text: string, compute: (text: string) => V): V {
        let value = this.remembered.get(text);
        if (value === undefined && !this.remembered.has(text)) {
            value = compute(text);
            if (this.remembered.size >= this.capacity) this.remembered.clear();
            this.remembered.set(text, value);
        }
        return value as V;
    }
}
