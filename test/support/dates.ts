/** Waiver expiry dates relative to the day the tests run, so they stay within the pack's waiver lifetime. */
export function daysFromToday(days: number): string {
    const today = new Date();
    return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days)).toISOString().slice(0, 10);
}
