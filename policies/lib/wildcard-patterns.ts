/**
 * IAM wildcard patterns (`*` any run of characters, `?` any one), case-sensitive as for resource
 * ARNs and principal ARNs. Read as a set of positions in the pattern that the input read so far can
 * have reached, so a control can ask not only whether a whole ARN matches but what a pattern says of
 * everything that may follow a prefix: some object of a bucket, or every one.
 *
 * The positions are one flag per pattern position in a reused pair of arrays: bucket policies are
 * judged for every bucket of a stack, and a set allocated per character cost more than the reading.
 */

/** The positions of `pattern` (0 to its length) that reading `input` can reach; index = position. */
export function wildcardStates(pattern: string, input: string): Uint8Array {
    let states = closed(pattern, new Uint8Array(pattern.length + 1), 0);
    let next = new Uint8Array(pattern.length + 1);
    for (let k = 0; k < input.length; k++) {
        const character = input[k];
        next.fill(0);
        let any = false;
        for (let i = 0; i < pattern.length; i++) {
            if (!states[i]) continue;
            const wanted = pattern[i];
            if (wanted === "*") next[i] = 1;
            else if (wanted === "?" || wanted === character) next[i + 1] = 1;
            else continue;
            any = true;
        }
        [states, next] = [closed(pattern, next, -1), states];
        if (!any) break;
    }
    return states;
}

/** Marks `start` (unless -1) and every position a run of `*` lets the reading skip to. */
function closed<T extends Uint8Array>(pattern: string, states: T, start: number): T {
    if (start >= 0) states[start] = 1;
    for (let i = 0; i < pattern.length; i++) if (states[i] && pattern[i] === "*") states[i + 1] = 1;
    return states;
}

/** Whether the whole of `input` matches `pattern`. */
export function wildcardMatches(pattern: string, input: string): boolean {
    return wildcardStates(pattern, input)[pattern.length] === 1;
}

/**
 * What `pattern` says of whatever follows `prefix`: `some` when it can go on to match something
 * after it, `all` when it matches everything after it (the rest of the pattern is one or more `*`).
 */
export function wildcardCoversAfter(pattern: string, prefix: string, mode: "some" | "all"): boolean {
    const states = wildcardStates(pattern, prefix);
    for (let i = 0; i < pattern.length; i++) {
        if (!states[i]) continue;
        if (mode === "some" || onlyStars(pattern, i)) return true;
    }
    return false;
}

function onlyStars(pattern: string, from: number): boolean {
    for (let i = from; i < pattern.length; i++) if (pattern[i] !== "*") return false;
    return true;
}
