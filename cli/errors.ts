/**
 * Errors that ccguard reports as one line with exit code 2 (bad usage or unreadable input), as
 * opposed to violations (exit code 1) and bugs (which still must not print a stack trace).
 */
export class UsageError extends Error {
    override name = "UsageError";
}

/** A policy pack that could not be started or did not answer the analyzer protocol. */
export class PackLaunchError extends Error {
    override name = "PackLaunchError";
}

/** A policy config file that does not fit the pack's policies or their schemas. */
export class PolicyConfigError extends Error {
    override name = "PolicyConfigError";
}

/** A pack that answered an analyzer call with an error. */
export class AnalyzerError extends Error {
    override name = "AnalyzerError";
}

/** The user's Pulumi program failed: it threw, does not compile, or cannot load a module. */
export class ProgramError extends Error {
    override name = "ProgramError";
}
