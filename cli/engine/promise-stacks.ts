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
import Module = require("node:module");

const SDK_FILE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;
const PATCHED = Symbol.for("contact-centre-guard.promiseStacks");

type DebuggablePromise = (promise: Promise<unknown>, context?: unknown) => Promise<unknown>;
type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown; _resolveFilename(request: string, parent: unknown, isMain: boolean): string };

export function skipUnreadPromiseStacks(environment: NodeJS.ProcessEnv = process.env): void {
    if (environment["PULUMI_DEBUG_PROMISE_LEAKS"]) return;
    const loader = Module as unknown as Loader;
    const load = loader._load;
    loader._load = function (this: unknown, request, parent, isMain) {
        const exports = load.call(this, request, parent, isMain);
        // Every copy of the SDK the program loads (one per installed @pulumi/pulumi) is patched once.
        if (request.endsWith("debuggable") || request.endsWith("debuggable.js")) {
            try {
                if (SDK_FILE.test(loader._resolveFilename(request, parent, isMain))) withoutStacks(exports as Record<string | symbol, unknown>);
            } catch {
                // Not the SDK's module after all: left alone.
            }
        }
        return exports;
    };
}

function withoutStacks(debuggable: Record<string | symbol, unknown>): void {
    const original = debuggable["debuggablePromise"];
    if (debuggable[PATCHED] || typeof original !== "function") return;
    debuggable["debuggablePromise"] = function (this: unknown, promise: Promise<unknown>, context?: unknown) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return (original as DebuggablePromise).call(this, promise, context);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    debuggable[PATCHED] = true;
}
