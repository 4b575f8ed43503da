/**
 * The pack masks secrets in its own messages, so `pulumi preview --policy-pack` never prints one
 * either: the diagnostics as the pack sends them, before ccguard's reports mask anything.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import type { Diagnostic, StackSnapshot } from "../../cli/analyzer/types";
import { loadProject } from "../../cli/engine/project";
import { recordProgram } from "../../cli/engine/record-program";
import { secretMaskOfStack } from "../../policies/message-secrets";
import { shareDeserialisedProperties } from "../../policies/shared-deserialisation";
import { inProcessPack } from "../support/in-process";
import { REPO_ROOT } from "../support/paths";

const CANARIES = ["canarylong", "canarytab", "CanarySecretReader", "999988887777", "canarysecretservice", "CanaryKeyUser", "111122223333"];

const snapshots = new Map<string, StackSnapshot>();

beforeAll(async () => {
    shareDeserialisedProperties();
    const project = loadProject(path.join(REPO_ROOT, "test", "fixtures", "programs", "secret-canaries"), "dev");
    for (const outputs of ["unknown", "resolved"] as const) snapshots.set(outputs, await recordProgram(project, { outputs, typeCheck: false }));
}, 120_000);

describe.each(["unknown", "resolved"])("the pack's own diagnostics (outputs %s)", (outputs) => {
    let diagnostics: Diagnostic[];
    beforeAll(async () => {
        diagnostics = (await evaluate(inProcessPack(), snapshots.get(outputs)!)).diagnostics;
    });

    it("quote no secret, whole or in part", () => {
        const leaks = diagnostics.flatMap((d) => CANARIES.filter((canary) => d.message.toLowerCase().includes(canary.toLowerCase())).map((c) => `${d.policyName}: ${c}`));
        expect(leaks).toEqual([]);
    });

    it("still report what the secrets break, naming them [secret]", () => {
        const quoting = diagnostics.filter((d) => d.message.includes("[secret]")).map((d) => d.policyName);
        expect(quoting).toEqual(expect.arrayContaining(["residency-region-allow-list", "access-role-trust-scoped", "access-recording-readers", "access-key-admins-separate"]));
    });
});

describe("the secrets of a stack", () => {
    it("are worked out once per request, however many stack policies have something to say", () => {
        const request = {};
        let gathered = 0;
        const bags = () => {
            gathered++;
            return [];
        };
        const first = secretMaskOfStack(request, bags);
        expect(secretMaskOfStack(request, bags)).toBe(first);
        expect(gathered).toBe(1);
        secretMaskOfStack({}, bags);
        secretMaskOfStack(undefined, bags);
        expect(gathered).toBe(3);
    });
});
