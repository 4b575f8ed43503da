/**
 * How long a program may run before ccguard stops it, apart from the engine that enforces it, so the
 * command line can show the default without loading the engine.
 */
export const DEFAULT_TIMEOUT_SECONDS = 300;
