import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Launching a pack costs a few seconds of node start-up and TypeScript registration.
        testTimeout: 60_000,
        hookTimeout: 180_000,
    },
});
