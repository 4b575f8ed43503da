/** Command-line flags of the benchmark scripts: a bad value stops the run with one line and exit 2. */

/** The whole number after `flag`, or `fallback` when the flag is absent. */
export function positiveInteger(flag: string, fallback: number): number {
    const index = process.argv.indexOf(flag);
    const value = index > 0 ? Number(process.argv[index + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) {
        console.error(`bench: ${flag} needs a positive whole number`);
        process.exit(2);
    }
    return value;
}
