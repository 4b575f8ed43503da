import * as path from "node:path";

/** The repository root, which is also the policy pack's directory. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
