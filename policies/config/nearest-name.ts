/**
 * "Did you mean ...?" for names in configuration files: the valid name a mistyped one was most
 * likely meant to be, by case-insensitive equality first, then by edit distance.
 */

/** Edit distance (insertions, deletions, substitutions) between two short names, case-insensitive. */
function distance(a: string, b: string): number {
    const left = a.toLowerCase();
    const right = b.toLowerCase();
    let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
    for (let i = 1; i <= left.length; i++) {
        const current = [i];
        for (let j = 1; j <= right.length; j++) {
            const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[right.length];
}

/**
 * The candidate closest to `name`, or undefined when none is close enough to be a plausible typo:
 * within a third of the name's length, so `regoins` finds `regions` but `colour` finds nothing.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const d = distance(name, candidate);
        if (best === undefined || d < best.distance) best = { candidate, distance: d };
    }
    if (best === undefined) return undefined;
    return best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.candidate : undefined;
}

/** `; did you mean "x"?`, or nothing when no name is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
    const nearest = nearestName(name, candidates);
    return nearest === undefined ? "" : `; did you mean ${JSON.stringify(nearest)}?`;
}
