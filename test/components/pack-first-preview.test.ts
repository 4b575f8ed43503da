/**
 * The same component stacks as pack.test.ts, as a first `pulumi preview` shows them: every id and
 * ARN AWS assigns is unknown. Nothing may block, and the only notes are checks that need the ARN of
 * a key created in the same stack where AWS accepts nothing else.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import { inProcessPack } from "../support/in-process";
import { type ComponentRecorder, setUpComponentMocks, stackSnapshotOf } from "../support/component-mocks";
import { approvingReviewer, buildEverything, type Variant } from "./full-stack";

/** Controls that judge a property only the key ARN can fill: Connect storage, log groups, Firehose, IAM statements. */
const NEEDS_KEY_ARN = new Set([
    "encryption-connect-s3-storage-kms",
    "encryption-connect-media-streams-kms",
    "encryption-data-services-customer-key",
    "encryption-firehose-customer-key",
    "access-iam-no-data-wildcards",
]);

let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks({ preview: true });
});

describe("component stacks at a first preview", () => {
    it.each<Variant>(["firehose-from-stream", "firehose-direct"])("block nothing and defer only key-ARN checks (%s)", async (variant) => {
        const prefix = variant === "firehose-direct" ? "acme-d" : "acme-s";
        const recorded = await mocks.record(() => buildEverything(prefix, variant));
        const { diagnostics } = await evaluate(inProcessPack(), stackSnapshotOf(recorded.registrations), { policyConfig: approvingReviewer(prefix) });
        expect(diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`)).toEqual([]);
        // The Connect storage configs name their key by ARN, which AWS assigns only when it creates the key.
        expect(diagnostics.some((d) => d.policyName === "encryption-connect-s3-storage-kms")).toBe(true);
        for (const diagnostic of diagnostics) {
            expect(diagnostic.message, diagnostic.policyName).toMatch(/during preview: .*not known yet/);
            expect(NEEDS_KEY_ARN.has(diagnostic.policyName), `${diagnostic.policyName}: ${diagnostic.message}`).toBe(true);
        }
    });
});
