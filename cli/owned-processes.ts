/**
 * ccguard owns the processes it starts (the user's program, the policy pack) and the temporary
 * directories it makes: whether it finishes, fails or is interrupted, none is left behind.
 *
 * Children are started in their own process group, so stopping one stops whatever it started too.
 * On SIGINT or SIGTERM everything owned is stopped and removed, a line says so, and ccguard exits
 * with the usage exit code.
 */
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

const processes = new Set<ChildProcess>();
const directories = new Set<string>();
let exitHooked = false;

/** Kills the child's whole process group (it was spawned `detached`), or the child alone where that fails. */
export function killTree(child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
        process.kill(-child.pid, "SIGKILL");
    } catch {
        child.kill("SIGKILL");
    }
}

function releaseAll(): void {
    for (const child of processes) killTree(child);
    processes.clear();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    directories.clear();
}

function releaseOnExit(): void {
    if (exitHooked) return;
    exitHooked = true;
    process.once("exit", releaseAll);
}

/** For the command line only: a library must not take over its host's signals. */
export function releaseOnSignals(): void {
    releaseOnExit();
    let interrupted = false;
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        // Kept registered: a second signal while stopping (a terminal's repeated Ctrl-C, `timeout`
        // signalling the whole group) must not kill ccguard before it has said what happened.
        process.on(signal, () => {
            if (interrupted) return;
            interrupted = true;
            releaseAll();
            process.stderr.write(`ccguard: interrupted (${signal}); the program and policy pack were stopped\n`);
            process.exit(2);
        });
    }
}

/** Stops the child when ccguard exits (or is interrupted, see `releaseOnSignals`); forgotten when the child exits by itself. */
export function ownProcess(child: ChildProcess): void {
    releaseOnExit();
    processes.add(child);
    child.once("exit", () => processes.delete(child));
}

/** Removes the directory when ccguard exits or is interrupted, unless `releaseDirectory` removed it first. */
export function ownDirectory(directory: string): void {
    releaseOnExit();
    directories.add(directory);
}

export function releaseDirectory(directory: string): void {
    rmSync(directory, { recursive: true, force: true });
    directories.delete(directory);
}
