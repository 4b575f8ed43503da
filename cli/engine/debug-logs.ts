/**
 * Loaded into the Pulumi program's process by program-preload.ts: the SDK's debug messages answered
 * where they are sent, not carried to an engine that drops them.
 *
 * The SDK logs three debug messages for every resource it registers (sdk/nodejs/runtime/resource.ts,
 * "Registering resource", "RegisterResource RPC prepared", "RegisterResource RPC finished"), and it
 * sends every message in turn, each one waiting for the engine's answer to the one before
 * (sdk/nodejs/log/index.ts, `log`), and the program does not end before the last is answered.
 * The Pulumi CLI shows debug messages only with `--debug` (the engine's `Log` maps them to
 * `diag.Debug`, sdk/go/common/resource/plugin/host_server.go), and ccguard's offline engine shows
 * none (offline-engine.ts). Over a loopback gRPC connection to a Node engine, 6,000 answers in a row
 * kept the corpus's 2,001-resource program running 6 s after its last registration.
 *
 * So a debug message is answered at once by the program's own engine client: the SDK's promise chain,
 * its order and its wait for messages in flight are unchanged, and every info, warning and error
 * message still reaches the engine in the order the program logged it.
 */
import { patchSdkModule, type ModuleExports } from "./module-patches";

/** `LogSeverity.DEBUG` (proto/pulumi/engine.proto). */
const DEBUG = 0;

type LogRequest = { getSeverity?(): number };
type UnaryCallback = (error: Error | null, response?: unknown) => void;
type EngineClientClass = { prototype: { log?: (request: LogRequest, ...rest: unknown[]) => unknown } };

export function answerDebugLogsInProgram(): void {
    patchSdkModule("proto/engine_grpc_pb.js", answerDebugLogs);
}

function answerDebugLogs(engineGrpc: ModuleExports): boolean {
    const client = engineGrpc["EngineClient"] as EngineClientClass | undefined;
    const send = client?.prototype.log;
    if (typeof send !== "function") return false;
    client!.prototype.log = function (this: unknown, request: LogRequest, ...rest: unknown[]) {
        const callback = rest[rest.length - 1];
        if (request.getSeverity?.() !== DEBUG || typeof callback !== "function") return send.call(this, request, ...rest);
        // Asynchronously, as an answer from the engine would come.
        setImmediate(() => (callback as UnaryCallback)(null, undefined));
        return undefined;
    };
    return true;
}
