/** Summaries of repeated measurements. */
export interface Summary {
    runs: number;
    median: number;
    min: number;
    max: number;
}

export function summarise(samples: number[]): Summary {
    const sorted = [...samples].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { runs: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function formatMs(value: number): string {
    return `${value.toFixed(0)} ms`;
}
