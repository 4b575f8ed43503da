import { defineConfig } from "vitest/config";

/**
 * Files that judge stacks in process and touch no global state: no mocks, no `setMocks`, no patch
 * of the SDK, no environment. They share one module graph per worker instead of each loading
 * @pulumi/pulumi, @pulumi/policy and the pack again (about a second and a half per file, two thirds
 * of what these files cost when isolated).
 */
const SHARED = [
    "test/policies/*/**/*.test.ts",
    "test/policies/components-not-judged.test.ts",
    "test/policies/examples.test.ts",
    "test/policies/hand-written-stack.test.ts",
    "test/policies/policy-config-values.test.ts",
    "test/policies/waivers.test.ts",
    "test/render/coverage.test.ts",
    "test/render/formats.test.ts",
    "test/render/hostile-text.test.ts",
    "test/render/html.test.ts",
    "test/reliability/never-throws.test.ts",
    "test/reliability/no-silent-pass.test.ts",
    "test/cli/engine/iam-policy-document.test.ts",
    "test/cli/engine/project.test.ts",
    "test/cli/engine/property-values.test.ts",
    "test/cli/engine/program-failure.test.ts",
    "test/cli/read-input.test.ts",
    "test/docs.test.ts",
];

export default defineConfig({
    test: {
        // Launching a pack costs a few seconds of node start-up and TypeScript registration.
        testTimeout: 60_000,
        hookTimeout: 180_000,
        // Vitest runs one file at a time on a two-core machine (cores - 1), but most of our files wait
        // on child processes (programs, launched packs, npm): two at a time finish sooner there.
        maxWorkers: 2,
        projects: [
            {
                extends: true,
                test: { name: "shared", include: SHARED, isolate: false },
            },
            {
                extends: true,
                // Everything else, among them the files that show the SDK before and after the pack's
                // patches (shared-deserialisation, one-view-per-request, message-secrets), wrap its
                // deserialiser (read-only-inputs), mock modules or run components under setMocks.
                test: { name: "isolated", include: ["test/**/*.test.ts"], exclude: SHARED },
            },
        ],
    },
});
