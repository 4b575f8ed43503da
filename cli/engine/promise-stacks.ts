/**
 * Loaded into the Pulumi program's process by program-preload.ts: the SDK's debuggable promises
 * without the stack trace nobody reads.
 *
 * The SDK passes every output and registration promise through `debuggablePromise`
 * (sdk/nodejs/runtime/debuggable.ts), which stores `new Error().stack` on the promise. Reading
 * `.stack` formats the trace there and then, and under ts-node every frame is mapped through the
 * program's source maps: on the corpus's 2,001-resource program that was half of the program's run
 * (28–30 s against 14–15 s without it). The stored trace is read in one place only, the report of
 * promises still pending at exit, and only when `PULUMI_DEBUG_PROMISE_LEAKS` is set. Unless it is
 * set, the trace is captured empty (`Error.stackTraceLimit` 0 while the SDK's own function runs):
 * the promise, its context, the leak detection and everything the engine receives stay the SDK's.
 * With the variable set, nothing is changed.
 */
import { patchSdkModule, type ModuleExports } from "./module-patches";

type DebuggablePromise = (promise: Promise<unknown>, context?: unknown) => Promise<unknown>;

export function skipUnreadPromiseStacks(environment: NodeJS.ProcessEnv = process.env): void {
    if (environment["PULUMI_DEBUG_PROMISE_LEAKS"]) return;
    patchSdkModule("runtime/debuggable.js", withoutStacks);
}

function withoutStacks(debuggable: ModuleExports): boolean {
    const original = debuggable["debuggablePromise"];
    if (typeof original !== "function") return false;
    debuggable["debuggablePromise"] = function (this: unknown, promise: Promise<unknown>, context?: unknown) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return (original as DebuggablePromise).call(this, promise, context);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    return true;
}
