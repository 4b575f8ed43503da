#!/usr/bin/env node
/**
 * ccguard: the contact-centre-guard pack's verdict without a cloud account or the Pulumi CLI.
 *
 * Exit codes: 0 no mandatory violation; 1 at least one mandatory violation (a blocked preview);
 * 2 bad usage or unreadable input (one line on standard error, no stack trace).
 */
import { writeFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { PackOptions } from "./commands/evaluate-stack";
import { DEFAULT_TIMEOUT_SECONDS } from "./engine/program-limits";
import { visible } from "./visible-text";
import { releaseOnSignals } from "./owned-processes";
import { isBlocked, verdictOf, type FindingsReport } from "./findings";
import { PACKAGE_ROOT, PACKAGE_VERSION } from "./package-root";
import { progressFor } from "./progress";
import { FORMATS, type Format } from "./render/format-names";
import { fileProblem, inputName, readInputText } from "./read-input";
import { UsageError } from "./errors";
import type { InitOptions } from "./init/init";
import { trace, traceProcessStart } from "./trace";
import { checkOutputTarget } from "./output-target";

export const EXIT = { passed: 0, blocked: 1, usage: 2 } as const;

interface OutputOptions {
    format: Format;
    output?: string;
    quiet?: boolean;
}

function emit(text: string, output: string | undefined) {
    if (output === undefined) {
        process.stdout.write(text);
        return;
    }
    try {
        writeFileSync(output, text);
    } catch (error) {
        throw new UsageError(`cannot write ${output}: ${fileProblem(error)}`);
    }
}

/**
 * Each command loads what it uses when it runs: the renderers, the saved-report validator (ajv), the
 * catalogue and the scaffolding are no part of a preview's start, which they would delay by a
 * quarter of a second before the type check and the program start.
 */
function renderers(): typeof import("./render/formats") {
    return require("./render/formats") as typeof import("./render/formats");
}

function catalogue(): typeof import("../policies/catalogue").catalogue {
    return (require("../policies/catalogue") as typeof import("../policies/catalogue")).catalogue;
}

function finish(report: FindingsReport, options: OutputOptions): number {
    emit(renderers().renderReport(report, options.format), options.output);
    // The report went to a file: the terminal or CI log still gets the verdict, in one line.
    if (options.output !== undefined && options.quiet !== true) {
        const { mandatory, advisory } = report.summary;
        process.stderr.write(`ccguard: ${verdictOf(report)}: ${mandatory} mandatory, ${advisory} advisory finding(s) — report written to ${visible(options.output)}\n`);
    }
    return isBlocked(report) ? EXIT.blocked : EXIT.passed;
}

function packOptions(command: Command) {
    return command
        .option("--policy-pack <dir>", "evaluate another CrossGuard pack directory instead of contact-centre-guard")
        .addOption(new Option("--policy-pack-config <file>", "the standard Pulumi policy config file (JSON)").conflicts("settings"))
        .option("--settings <file>", "the team's settings file (ccguard-settings.yaml), expanded as ccguard config expands it")
        .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
        .option("--output <file>", "write the report to a file instead of standard output")
        .option("--quiet", "no progress on standard error");
}

interface PreviewOptions {
    stack: string;
    outputs: "unknown" | "resolved";
    typeCheck: boolean;
    timeout: number;
    stackReference: string[];
}

function seconds(text: string): number {
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0) || value > 86_400) {
        throw new InvalidArgumentError("must be a number of seconds above 0 and at most 86400");
    }
    return value;
}

export function buildProgram(setExitCode: (code: number) => void): Command {
    const program = new Command("ccguard")
        .description("Evaluate Pulumi stacks against the contact-centre-guard policy pack, offline.")
        .version(PACKAGE_VERSION)
        .showSuggestionAfterError(false)
        .exitOverride()
        .configureOutput({ outputError: (message, write) => write(`ccguard: ${message.replace(/^error: /, "").trim()}\n`) });

    packOptions(
        program
            .command("preview")
            .description("run a Pulumi TypeScript or JavaScript program offline and evaluate what it would create")
            .argument("<project-dir>", "directory with Pulumi.yaml")
            .option("--stack <name>", "stack whose Pulumi.<stack>.yaml config to use", "dev")
            .addOption(
                new Option("--outputs <mode>", "unknown: as a first pulumi preview; resolved: as pulumi up")
                    .choices(["unknown", "resolved"])
                    .default("unknown"),
            )
            .option("--no-type-check", "skip TypeScript type checking of the program (faster)")
            .option("--timeout <seconds>", "stop the program if it has not finished after this many seconds", seconds, DEFAULT_TIMEOUT_SECONDS)
            .option(
                "--stack-reference <name=file>",
                "outputs of a stack the program references, from pulumi stack output --json (repeatable)",
                (spec: string, specs: string[]) => [...specs, spec],
                [] as string[],
            ),
    ).action(async (projectDir: string, options: OutputOptions & PackOptions & PreviewOptions) => {
        // Loaded when used: the engine and the analyzer client would slow down every other command.
        const { loadProject } = require("./engine/project") as typeof import("./engine/project");
        const { readPolicyConfigInput } = require("./policy-config-input") as typeof import("./policy-config-input");
        trace("ccguard", "preview started");
        const progress = progressFor(options.quiet === true);
        // Before the program runs: a mistake in the config costs one line, not a run.
        const configInput = readPolicyConfigInput(options);
        // So is a --policy-pack that names no pack, and an --output that cannot be written.
        const { checkPackDirectory } = require("./analyzer/launch") as typeof import("./analyzer/launch");
        checkPackDirectory(options.policyPack ?? PACKAGE_ROOT);
        checkOutputTarget(options.output, { projectDir, files: [options.policyPackConfig, options.settings] });
        const project = loadProject(projectDir, options.stack);
        const { readStackReferences } = require("./engine/stack-references") as typeof import("./engine/stack-references");
        const stackReferences = readStackReferences(options.stackReference);
        // The type check is the longest of the work beside the run: it starts before ccguard loads the engine.
        const { startTypeCheck } = require("./engine/side-type-check") as typeof import("./engine/side-type-check");
        const startedTypeCheck = startTypeCheck(project, { typeCheck: options.typeCheck, timeoutSeconds: options.timeout });
        const { recordBesideTypeCheck } = require("./engine/record-program") as typeof import("./engine/record-program");
        const evaluation = () => require("./commands/evaluate-stack") as typeof import("./commands/evaluate-stack");
        let launchedPack: import("./commands/evaluate-stack").LaunchedPack | undefined;
        let begun: import("./commands/evaluate-stack").BegunEvaluation | undefined;
        progress.step(`running ${project.name} (stack ${project.stack}, outputs ${options.outputs})`);
        let recording: Awaited<ReturnType<typeof recordBesideTypeCheck>>;
        try {
            recording = await recordBesideTypeCheck(project, {
                outputs: options.outputs,
                typeCheck: options.typeCheck,
                timeoutSeconds: options.timeout,
                stackReferences,
                startedTypeCheck,
                // The pack comes up while the program runs, started just after it (the program is the longer):
                // neither waits for the other. ccguard waits meanwhile, so the renderers load then too.
                onProgramStarted: () => {
                    launchedPack = evaluation().launchPack(options, progress);
                    begun = evaluation().beginEvaluation(launchedPack, configInput);
                    renderers();
                },
                // Called from the engine's handlers, which run only after the program has started.
                onRegistered: (registered) => {
                    if (!begun) throw new Error(`${registered.resource.urn} was registered before the evaluation began`);
                    begun.analyze(registered);
                },
                onProgramOutput: options.quiet === true ? undefined : (line) => process.stderr.write(`program: ${visible(line)}\n`),
            });
        } catch (error) {
            startedTypeCheck.check?.stop();
            await launchedPack?.discard();
            throw error;
        }
        // The pack judges the stack while the type check may still run; nothing is reported before the
        // check has found the program compiles, and its refusal comes before any other failure, as when
        // ts-node refuses a program before it runs.
        let report: FindingsReport;
        try {
            report = await evaluation().evaluateStack(recording.snapshot, "preview", { ...options, configInput, launchedPack, begun }, progress);
        } catch (error) {
            await recording.accepted;
            throw error;
        }
        await recording.accepted;
        setExitCode(finish(report, options));
        trace("ccguard", "report written");
    });

    packOptions(
        program
            .command("audit")
            .description("evaluate deployed state from `pulumi stack export` (version 3); - reads standard input")
            .argument("<stack-export>", "stack export file, or - for standard input"),
    ).action(async (file: string, options: OutputOptions & PackOptions) => {
        const { parseStackExport } = require("./audit/stack-export") as typeof import("./audit/stack-export");
        const { evaluateStack } = require("./commands/evaluate-stack") as typeof import("./commands/evaluate-stack");
        const progress = progressFor(options.quiet === true);
        checkOutputTarget(options.output, { files: [file, options.policyPackConfig, options.settings] });
        const snapshot = parseStackExport(readInputText(file), inputName(file));
        const report = await evaluateStack(snapshot, "audit", options, progress);
        setExitCode(finish(report, options));
    });

    program
        .command("report")
        .description("render saved findings (ccguard --format json) or a pulumi engine event log in any format")
        .argument("<input>", "findings JSON, or engine events (JSON lines or a JSON array); - reads standard input")
        .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
        .option("--output <file>", "write the report to a file instead of standard output")
        .option("--quiet", "no summary line on standard error")
        .action((file: string, options: OutputOptions) => {
            const { readSavedReport } = require("./report/read-report") as typeof import("./report/read-report");
            checkOutputTarget(options.output, { files: [file] });
            const report = readSavedReport(readInputText(file), inputName(file), PACKAGE_VERSION);
            setExitCode(finish(report, options));
        });

    program
        .command("controls")
        .description("list the controls with their regulations")
        .addOption(new Option("--format <format>", "output format").choices(["md", "json"]).default("md"))
        .action((options: { format: "md" | "json" }) => {
            const { renderControlsJson } = require("./render/controls-json") as typeof import("./render/controls-json");
            const { renderControlsMarkdown } = require("./render/controls-markdown") as typeof import("./render/controls-markdown");
            emit(options.format === "json" ? renderControlsJson(catalogue()) : renderControlsMarkdown(catalogue(), PACKAGE_VERSION), undefined);
            setExitCode(EXIT.passed);
        });

    program
        .command("config")
        .description("expand the team's settings file into the standard Pulumi policy config, or check a policy config against it")
        .argument("[settings-file]", "settings file, YAML or JSON", "ccguard-settings.yaml")
        .option("--output <file>", "write the policy config to a file instead of standard output")
        .option("--check <policy-config>", "exit 1 when this policy config file differs from what the settings expand to")
        .action((file: string, options: { output?: string; check?: string }) => {
            const { checkPolicyConfig, expandedSettingsText } = require("./commands/config") as typeof import("./commands/config");
            if (options.check !== undefined) {
                if (options.output !== undefined) throw new UsageError("--check compares with a file; it writes nothing, so it takes no --output");
                setExitCode(checkPolicyConfig(file, options.check, (line) => process.stderr.write(`ccguard: ${line}\n`)));
                return;
            }
            checkOutputTarget(options.output, { files: [file] });
            emit(expandedSettingsText(file), options.output);
            setExitCode(EXIT.passed);
        });

    program
        .command("init")
        .description("start a contact-centre project that passes the pack, or add the settings file and policy config to a Pulumi project")
        .argument("[dir]", "empty or missing directory for a new project, or a directory with Pulumi.yaml", ".")
        .option("--name <name>", "project name (default: the directory's name)")
        .option("--stack <name>", "stack whose Pulumi.<stack>.yaml to write", "dev")
        .option("--region <region>", "the stack's aws:region: an EU region with Amazon Connect, or eu-west-2 (London), which the settings then allow", "eu-central-1")
        .option("--dry-run", "print the files it would write, and write nothing")
        .action((dir: string, options: InitOptions) => {
            const { runInit } = require("./init/init") as typeof import("./init/init");
            setExitCode(runInit(dir, options, catalogue(), (line) => process.stdout.write(`${line}\n`)));
        });
    return program;
}

/** The whole cause on one line: an error whose first line ends at a colon would otherwise hide it. */
function oneLine(message: string): string {
    return message
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !/^at /.test(line))
        .join(" ");
}

export async function main(argv: string[]): Promise<number> {
    let exitCode: number = EXIT.passed;
    const program = buildProgram((code) => {
        exitCode = code;
    });
    try {
        if (argv.length === 0) {
            program.outputHelp({ error: true });
            return EXIT.usage;
        }
        await program.parseAsync(argv, { from: "user" });
        return exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            return ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code) ? EXIT.passed : EXIT.usage;
        }
        const message = error instanceof Error ? error.message : String(error);
        const known = error instanceof Error && ["UsageError", "ProgramError", "PackLaunchError", "PolicyConfigError", "AnalyzerError"].includes(error.name);
        process.stderr.write(`ccguard: ${known ? "" : "internal error: "}${visible(oneLine(message))}\n`);
        return EXIT.usage;
    }
}

/**
 * A reader that stops early (`ccguard controls | head`) closes the pipe; Node then reports EPIPE as
 * an unhandled error with a stack trace. Nothing is left to say to a reader that has gone, so the
 * remaining output is dropped and ccguard ends as it would have: its exit code is still the verdict.
 */
function dropOutputToClosedPipes(): void {
    for (const stream of [process.stdout, process.stderr]) {
        stream.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
            throw error;
        });
    }
}

if (require.main === module) {
    traceProcessStart("ccguard");
    trace("ccguard", "modules loaded");
    releaseOnSignals();
    dropOutputToClosedPipes();
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
