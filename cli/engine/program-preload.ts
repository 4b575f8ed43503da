/**
 * Loaded into the Pulumi program's process (`--require` through NODE_OPTIONS), before the SDK.
 *
 * The SDK's run script describes every uncaught error with `util.inspect(error, { colors: true })`
 * (sdk/nodejs/cmd/run/error.ts, `defaultErrorMessage`), also for errors it has already reported.
 * On Node 20, colouring a stack whose frames the SDK's source maps place under
 * `node_modules/@pulumi/*.ts` runs for half a minute and gigabytes before it fails (the fallback
 * then succeeds), so a missing config value, the commonest mistake, stalls the run. ccguard strips
 * colours from the message anyway: errors are inspected without them.
 *
 * It also installs the collector of component refusals (components/refusals.ts) when ccguard names
 * a file for them: the components then record what they refuse instead of throwing, and each
 * refusal is appended to the file as one JSON line the moment it is recorded, so ccguard has them
 * also when the program fails afterwards.
 *
 * And it keeps the SDK from formatting a stack trace for every promise that nothing reads
 * (promise-stacks.ts), and from waiting for the engine to answer each debug message, which it
 * drops (debug-logs.ts); and ts-node from transpiling again a file it transpiled for an earlier
 * preview (transpile-cache.ts).
 */
import { appendFileSync } from "node:fs";
import util = require("node:util");
import { answerDebugLogsInProgram } from "./debug-logs";
import { traceProgramStart } from "./program-trace";
import { skipUnreadPromiseStacks } from "./promise-stacks";
import { rememberTranspiles } from "./transpile-cache";

traceProgramStart();
skipUnreadPromiseStacks();
answerDebugLogsInProgram();
rememberTranspiles();

const original = util.inspect;

function inspectWithoutColouredErrors(this: unknown, value: unknown, ...rest: unknown[]): string {
    const [options] = rest;
    if (value instanceof Error && options !== null && typeof options === "object" && (options as util.InspectOptions).colors === true) {
        rest[0] = { ...(options as util.InspectOptions), colors: false };
    }
    return (original as (...args: unknown[]) => string).call(this, value, ...rest);
}

// The same statics (custom, defaultOptions, colors, styles), shared with the original.
for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(original))) {
    if (!["length", "name", "prototype"].includes(key)) Object.defineProperty(inspectWithoutColouredErrors, key, descriptor);
}
(util as { inspect: typeof util.inspect }).inspect = inspectWithoutColouredErrors as unknown as typeof util.inspect;

/** The environment variable naming the file of refusals (cli/engine/record-program.ts). */
const REFUSALS_FILE = process.env["CCGUARD_REFUSALS_FILE"];
if (REFUSALS_FILE) {
    const collector: unknown[] = [];
    Object.defineProperty(collector, "push", {
        value(...refusals: unknown[]): number {
            for (const refusal of refusals) appendFileSync(REFUSALS_FILE, `${JSON.stringify(refusal)}\n`);
            return Array.prototype.push.apply(collector, refusals);
        },
    });
    (globalThis as Record<symbol, unknown>)[Symbol.for("contact-centre-guard.refusals")] = collector;
}
