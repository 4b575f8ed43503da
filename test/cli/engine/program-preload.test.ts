/** The preload ccguard gives the program: errors inspected without colours, nothing else changed. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/paths";

const preload = path.join(REPO_ROOT, "dist", "cli", "engine", "program-preload.js");

function inspectUnderPreload(script: string): string {
    const run = spawnSync(process.execPath, ["--require", preload, "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    return run.stdout;
}

describe("program preload", () => {
    it("inspects errors without colours even when asked for them, as the SDK asks", () => {
        const out = inspectUnderPreload(`const util = require("util"); process.stdout.write(util.inspect(new Error("agentCount missing"), { colors: true }));`);
        expect(out).toMatch(/^Error: agentCount missing\n\s+at /);
        expect(out).not.toContain("\u001b[");
    });

    it("keeps colours for other values and the inspect statics", () => {
        const out = inspectUnderPreload(
            `const util = require("util"); process.stdout.write(JSON.stringify([util.inspect(42, { colors: true }), typeof util.inspect.custom, util.inspect.defaultOptions.depth]));`,
        );
        expect(JSON.parse(out)).toEqual(["\u001b[33m42\u001b[39m", "symbol", 2]);
    });
});

describe("the SDK's debuggable promises under the preload", () => {
    // The installed SDK's own function, as the program's modules call it through their exports.
    const script = `
        const debuggable = require("@pulumi/pulumi/runtime/debuggable");
        const promise = Promise.resolve(42);
        debuggable.debuggablePromise(promise, "register aws:s3/bucket:Bucket").then((value) => {
            process.stdout.write(JSON.stringify({ value, context: promise._debugCtx, trace: String(promise._debugStackTrace) }));
        });`;
    const run = (environment: Record<string, string>) => {
        const result = spawnSync(process.execPath, ["--require", preload, "-e", script], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...environment } });
        expect(result.stderr).toBe("");
        return JSON.parse(result.stdout) as { value: number; context: string; trace: string };
    };

    it("keep their value and context but format no stack trace, which only the leak report reads", () => {
        const { PULUMI_DEBUG_PROMISE_LEAKS: _unset, ...environment } = process.env as Record<string, string>;
        expect(run({ ...environment, PULUMI_DEBUG_PROMISE_LEAKS: "" })).toEqual({ value: 42, context: "register aws:s3/bucket:Bucket", trace: "Error" });
    });

    it("keep their stack trace when PULUMI_DEBUG_PROMISE_LEAKS asks the SDK to report it", () => {
        const { trace } = run({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
        expect(trace).toMatch(/^Error\n\s+at /);
    });
});

describe("the SDK's log messages under the preload", () => {
    // The installed SDK's own `log` module, talking to an engine served in the same process.
    const script = `
        const grpc = require("@grpc/grpc-js");
        const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
        const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
        const received = [];
        const server = new grpc.Server();
        server.addService(EngineService, {
            log: (call, done) => { received.push(call.request.getSeverity() + " " + call.request.getMessage()); done(null, new Empty()); },
        });
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), async (error, port) => {
            process.env.PULUMI_NODEJS_ENGINE = "127.0.0.1:" + port;
            const log = require("@pulumi/pulumi/log");
            await Promise.all([log.debug("registering a"), log.info("tenant a"), log.debug("registered a"), log.warn("key rotation off")]);
            process.stdout.write(JSON.stringify(received));
            server.forceShutdown();
            process.exit(0);
        });`;
    const run = (nodeArgs: string[]) => {
        const result = spawnSync(process.execPath, [...nodeArgs, "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
        expect(result.stderr).toBe("");
        return JSON.parse(result.stdout) as string[];
    };

    it("answer debug messages in the program, which the engine drops, and send the others in order", () => {
        expect(run(["--require", preload])).toEqual(["1 tenant a", "2 key rotation off"]);
    });

    it("all reach the engine without the preload, as the SDK sends them", () => {
        expect(run([])).toEqual(["0 registering a", "1 tenant a", "0 registered a", "2 key rotation off"]);
    });
});
