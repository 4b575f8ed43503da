/**
 * Progress lines on standard error, only for people watching a terminal. Messages name projects,
 * stacks and directories, which may hold control characters: they are shown, never sent.
 */
import { visible } from "./visible-text";

export interface Progress {
    step(message: string): void;
}

export function progressFor(quiet: boolean): Progress {
    const enabled = !quiet && process.stderr.isTTY === true;
    const started = Date.now();
    return {
        step(message) {
            if (enabled) process.stderr.write(`ccguard [${((Date.now() - started) / 1000).toFixed(1)}s] ${visible(message)}\n`);
        },
    };
}
