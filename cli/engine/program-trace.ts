/**
 * With CCGUARD_TRACE set (cli/trace.ts), the program's preload marks the moments of its start-up
 * that the SDK's run script does not report: the first load of the TypeScript compiler, ts-node,
 * the SDK and each Pulumi provider package, the program's first own file, and its exit. Only
 * observes `require`; what is loaded and how is unchanged.
 */
import Module = require("node:module");
import { trace, traceEnabled, traceProcessStart } from "../trace";

const MARKED = /node_modules\/(typescript|ts-node|@pulumi\/[^/]+)\/|\.(ts|mts|cts)$/;

export function traceProgramStart(): void {
    if (!traceEnabled()) return;
    traceProcessStart("program");
    trace("program", "preload loaded");
    const seen = new Set<string>();
    const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown; _resolveFilename(request: string, parent: unknown): string };
    const load = loader._load;
    loader._load = function (request: string, parent: unknown, isMain: boolean) {
        let marked: string | undefined;
        try {
            const match = MARKED.exec(loader._resolveFilename(request, parent));
            marked = match?.[1] ?? (match ? "first TypeScript file of the program" : undefined);
        } catch {
            // Unresolvable here: the real load reports it.
        }
        if (marked !== undefined && !seen.has(marked) && !(marked === "first TypeScript file of the program" && /node_modules/.test(request))) {
            seen.add(marked);
            const started = performance.now();
            try {
                return load.call(this, request, parent, isMain);
            } finally {
                trace("program", `loaded ${marked} (${(performance.now() - started).toFixed(0)} ms)`);
            }
        }
        return load.call(this, request, parent, isMain);
    };
    process.once("exit", (code) => trace("program", `exit ${code}`));
}
