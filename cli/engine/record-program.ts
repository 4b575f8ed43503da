/**
 * Runs a Pulumi program offline and returns the stack the engine would have seen: the program is
 * started as the Node language host starts it, against the offline engine's services, and the
 * engine's default providers are added for custom resources without an explicit one, configured
 * from the stack's `<package>:*` keys.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ProgramError, UsageError } from "../errors";
import type { StackSnapshot } from "../analyzer/types";
import { startTypeCheck, type StartedTypeCheck } from "./side-type-check";
import { ERROR_ALREADY_REPORTED, runProgram, type ProgramExit } from "./language-host";
import { OfflineEngine } from "./offline-engine";
import { ownDirectory, releaseDirectory } from "../owned-processes";
import type { ComponentRefusal, StackReferenceOutputs } from "./program-protocol";
import { describeProgramFailure } from "./program-failure";
import type { PulumiProject } from "./project";
import { snapshotOf, StackAssembler, type AnalyzedRegistration } from "./stack-snapshot";
import { DEFAULT_TIMEOUT_SECONDS } from "./program-limits";
import { trace } from "../trace";
import { visible } from "../visible-text";

export { DEFAULT_TIMEOUT_SECONDS };

export interface RecordOptions {
    outputs: "unknown" | "resolved";
    typeCheck: boolean;
    /** Stop the program after this many seconds. */
    timeoutSeconds?: number;
    /** Outputs of referenced stacks, by fully qualified stack name. */
    stackReferences?: ReadonlyMap<string, StackReferenceOutputs>;
    /** What the program prints and logs (console output, pulumi.log info and warnings), line by line. */
    onProgramOutput?: (line: string) => void;
    /** Called once the program's process has started: what the caller does then runs beside it. */
    onProgramStarted?: () => void;
    /**
     * Each resource as the engine analyzes it, the moment it is registered (a default provider just
     * before the first resource that needs it), as the engine calls Analyze while the program runs.
     */
    onRegistered?: (registered: AnalyzedRegistration) => void;
}


/** A run of the program, and the verdict that may still refuse it. */
export interface Recording {
    snapshot: StackSnapshot;
    /**
     * Settles once nothing can refuse the run any more: the type check beside it has found no error
     * (it may still be checking when the program has ended) and every supplied stack reference was
     * used. Rejects with the refusal, as `recordProgram` would have thrown it. Always handled, so it
     * may be awaited late.
     */
    accepted: Promise<void>;
}

export async function recordProgram(project: PulumiProject, options: RecordOptions): Promise<StackSnapshot> {
    const recording = await recordBesideTypeCheck(project, options);
    await recording.accepted;
    return recording.snapshot;
}

/**
 * Runs the program and returns its stack as soon as it has ended, while the type check beside it
 * may still run: the caller evaluates the stack meanwhile and awaits `accepted` before it reports.
 */
export async function recordBesideTypeCheck(project: PulumiProject, options: RecordOptions & { startedTypeCheck?: StartedTypeCheck }): Promise<Recording> {
    const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const sideCheck = (options.startedTypeCheck ?? startTypeCheck(project, options)).check;
    let sideCheckSettled = false;
    try {
        const assembler = new StackAssembler(project);
        const engine = new OfflineEngine({
            project: project.name,
            stack: project.stack,
            preview: options.outputs === "unknown",
            defaultRegion: project.config["aws:region"],
            defaultNativeRegion: project.config["aws-native:region"],
            stackReferences: options.stackReferences ?? new Map(),
            onMessage: options.onProgramOutput,
            onRegistered: options.onRegistered && ((registration) => assembler.add(registration).forEach(options.onRegistered!)),
        });
        // The program's components append their refusals here (program-preload.ts), one JSON line each.
        const refusalsDir = mkdtempSync(path.join(tmpdir(), "ccguard-refusals-"));
        ownDirectory(refusalsDir);
        const refusalsFile = path.join(refusalsDir, "refusals.jsonl");
        let exit: ProgramExit;
        let refusals: ComponentRefusal[];
        try {
            const engineAddress = await engine.listen();
            trace("ccguard", "engine listening, program starting");
            const running = runProgram(project, {
                engineAddress,
                dryRun: options.outputs === "unknown",
                typeCheck: options.typeCheck && sideCheck === undefined,
                timeoutSeconds,
                onOutput: options.onProgramOutput,
                refusalsFile,
            });
            options.onProgramStarted?.();
            exit = await running;
            trace("ccguard", `program exited (${engine.registrations.length} registrations)`);
            refusals = readRefusals(refusalsFile);
        } finally {
            engine.close();
            releaseDirectory(refusalsDir);
        }
        if (engine.internalFailure) throw new Error(engine.internalFailure);
        // The program fails on the engine's refusal too, in the SDK's words about a failed registration.
        if (engine.refusal) throw new ProgramError(`the program failed: ${visible(engine.refusal)}`);
        const failure = programFailure(exit, engine.errors, timeoutSeconds, engine.registrations.length);
        if (failure) {
            // ts-node would have refused to run a program that does not compile: its errors come first.
            refuseTypeErrors(sideCheck ? await sideCheck.errors : []);
            throw new ProgramError(failure + refusalsHint(refusals) + unsuppliedReferencesHint(engine.unsuppliedStackReferences));
        }
        const accepted = (sideCheck ? sideCheck.errors : Promise.resolve([])).then((typeErrors) => {
            trace("ccguard", "type check result in");
            refuseTypeErrors(typeErrors);
            if (typeErrors === undefined) {
                throw new ProgramError(
                    `the program could not be type-checked within ${timeoutSeconds} s, or the checker failed; ` +
                        "raise --timeout, or run with --no-type-check to skip the check",
                );
            }
            rejectUnusedReferences(options.stackReferences, engine.referencedStacks);
        });
        accepted.catch(() => undefined).finally(() => sideCheck?.stop());
        sideCheckSettled = true;
        const snapshot = { ...snapshotOf(project, engine.registrations), warnings: engine.warnings, ...(refusals.length > 0 ? { refusals } : {}) };
        return { snapshot, accepted };
    } finally {
        if (!sideCheckSettled) sideCheck?.stop();
    }
}

/** ts-node's refusal of a program that does not compile, in its words. */
function refuseTypeErrors(typeErrors: string[] | undefined): void {
    if (typeErrors !== undefined && typeErrors.length > 0) throw new ProgramError(describeProgramFailure(typeErrors.join("\n")));
}

// More than any program has components' arguments: a runaway loop must not exhaust ccguard.
const MAX_REFUSALS = 10_000;

/** What the components refused, as the preload wrote it; lines that are not a refusal are ignored. */
function readRefusals(file: string): ComponentRefusal[] {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch {
        return [];
    }
    const refusals: ComponentRefusal[] = [];
    for (const line of text.split("\n")) {
        if (line.trim() === "" || refusals.length >= MAX_REFUSALS) continue;
        let parsed: unknown;
        try {
            parsed = JSON.parse(line);
        } catch {
            continue;
        }
        if (isRefusal(parsed)) refusals.push(parsed);
    }
    return refusals;
}

function isRefusal(value: unknown): value is ComponentRefusal {
    if (value === null || typeof value !== "object") return false;
    const r = value as Record<string, unknown>;
    const strings = ["component", "type", "name", "argument", "allowed", "message"].every((key) => typeof r[key] === "string" && r[key] !== "");
    const optional = ["setting", "policy"].every((key) => r[key] === undefined || typeof r[key] === "string");
    return strings && optional && "value" in r;
}

/** A program that fails after a component refused an argument may fail because of that argument. */
function refusalsHint(refusals: readonly ComponentRefusal[]): string {
    if (refusals.length === 0) return "";
    const first = refusals[0];
    const more = refusals.length > 1 ? ` and ${refusals.length - 1} more` : "";
    return ` (before that, components refused arguments: ${first.component}: ${first.message}${more})`;
}

/** As the language host judges a run: a non-zero exit fails it; so does an error the program logged. */
function programFailure(exit: ProgramExit, loggedErrors: readonly string[], timeoutSeconds: number, registered: number): string | undefined {
    if (exit.code === 0 && loggedErrors.length === 0 && !exit.timedOut) return undefined;
    // An error the program reported is the cause, also when the program then failed to exit.
    if (loggedErrors.length > 0) return describeProgramFailure(loggedErrors[0]);
    if (exit.timedOut) {
        // Loading @pulumi/aws alone takes seconds: a program stopped before its first resource was most likely still starting.
        if (registered === 0) return `the program did not finish within ${timeoutSeconds} s and was stopped before it registered any resource; raise --timeout, it may only be slow to start`;
        return `the program did not finish within ${timeoutSeconds} s and was stopped (a timer, open handle or unresolved promise keeps it running); raise --timeout if it is only slow`;
    }
    if (exit.code === ERROR_ALREADY_REPORTED && exit.stderr.trim() !== "") return describeProgramFailure(exit.stderr);
    const leaked = leakedPromises(exit.stderr);
    if (leaked) return leaked;
    if (exit.signal) return `the program was killed by ${exit.signal}`;
    const last = exit.stderr.trim().split("\n").filter(Boolean).pop();
    return `the program exited with code ${exit.code}${last ? `: ${describeProgramFailure(last).replace(/^the program failed: /, "")}` : ""}`;
}

/** A supplied stack the program never references is a typo, and the stack it meant went unsupplied. */
function rejectUnusedReferences(supplied: ReadonlyMap<string, StackReferenceOutputs> | undefined, referenced: ReadonlySet<string>): void {
    for (const name of supplied?.keys() ?? []) {
        if (referenced.has(name)) continue;
        const known = [...referenced];
        throw new UsageError(`--stack-reference ${name} matches no stack the program references${known.length > 0 ? ` (it references ${known.join(", ")})` : " (it references none)"}`);
    }
}

/** A failure may come from outputs ccguard could not know; say which, and how to supply them. */
function unsuppliedReferencesHint(stacks: readonly string[]): string {
    if (stacks.length === 0) return "";
    return ` (the program read outputs of ${stacks.join(", ")}, which are not known offline: supply them with --stack-reference <name>=<file of pulumi stack output --json>)`;
}

/**
 * The SDK's own verdict when the event loop empties with outputs still waiting
 * (sdk/nodejs/runtime/debuggable.ts, `leakedPromises`): exit code 1 and a message on standard error.
 */
function leakedPromises(stderr: string): string | undefined {
    const count = /The Pulumi runtime detected that (\d+) promises? (?:was|were) still active/.exec(stderr)?.[1];
    if (count === undefined) return undefined;
    return `the program ended with ${count} output${count === "1" ? "" : "s"} still waiting (a dependency cycle, or a promise that never settles), so what depends on them was never registered`;
}
