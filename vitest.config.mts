import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Launching a pack costs a few seconds of node start-up and TypeScript registration.
        testTimeout: 60_000,
        hookTimeout: 180_000,
        // Vitest runs one file at a time on a two-core machine (cores - 1), but most of our files wait
        // on child processes (programs, launched packs, npm): two at a time finish sooner there.
        maxWorkers: 2,
    },
});
