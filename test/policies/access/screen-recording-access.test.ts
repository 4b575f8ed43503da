import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { screenRecordingAccess } from "../../../policies/access/screen-recording-access";
import type { ControlExample } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const PROFILE = "aws:connect/securityProfile:SecurityProfile";
const profile = (props: Record<string, unknown>): ControlExample => ({
    title: "ad hoc",
    verdict: "violation",
    resources: [{ name: "supervisor", type: PROFILE, props: { instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111", ...props } }],
});

async function outcome(props: Record<string, unknown>, config: Record<string, unknown> = {}) {
    const findings = await findingsOf(screenRecordingAccess, profile(props), config);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.message.split("\n").pop() ?? ""),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(screenRecordingAccess);

describe("access-screen-recording-permission", () => {
    it("names the profile, its name, the permission and the fix", async () => {
        const { blocking } = await outcome({ name: "Supervisor", permissions: ["ScreenRecording.Access"] });
        expect(blocking).toHaveLength(1);
        expect(blocking[0]).toContain(`Connect security profile 'supervisor' (name "Supervisor") grants "ScreenRecording.Access" in \`permissions\``);
        expect(blocking[0]).toContain("approvedProfiles");
    });

    it("matches the permission whatever its case", async () => {
        expect((await outcome({ name: "Supervisor", permissions: ["screenrecording.access"] })).blocking).toHaveLength(1);
    });

    it("does not confuse the redacted screen-recording permissions with the unredacted one", async () => {
        expect((await outcome({ name: "Supervisor", permissions: ["ScreenRecording.Redacted.Access", "ScreenRecording.Redacted.Download"] })).findings).toEqual([]);
    });

    it("approves by the profile's name, not by the Pulumi resource name", async () => {
        expect((await outcome({ name: "QA", permissions: ["ScreenRecording.Access"] }, { approvedProfiles: ["supervisor"] })).blocking).toHaveLength(1);
        expect((await outcome({ name: "QA", permissions: ["ScreenRecording.Access"] }, { approvedProfiles: ["QA"] })).findings).toEqual([]);
    });

    it("falls back to the resource name when the profile sets no name", async () => {
        expect((await outcome({ permissions: ["ScreenRecording.Access"] }, { approvedProfiles: ["supervisor"] })).findings).toEqual([]);
    });

    it("restricts further unredacted-content permissions the team lists", async () => {
        const props = { name: "Supervisor", permissions: ["CallRecordings.Unredacted.Access"] };
        expect((await outcome(props)).findings).toEqual([]);
        const { blocking } = await outcome(props, { restrictedPermissions: ["ScreenRecording.Access", "CallRecordings.Unredacted.Access"] });
        expect(blocking).toEqual([expect.stringContaining('"CallRecordings.Unredacted.Access"')]);
    });

    it("defers a profile whose name is not known yet but grants the permission", async () => {
        const { blocking, deferred } = await outcome({ name: UNKNOWN, permissions: ["ScreenRecording.Access"] });
        expect(blocking).toEqual([]);
        expect(deferred[0]).toMatch(/`name`, which decides whether it is an approved profile, is not known yet/);
    });

    it("passes an unknown name when no restricted permission is granted", async () => {
        expect((await outcome({ name: UNKNOWN, permissions: ["BasicAgentAccess"] })).findings).toEqual([]);
    });

    it("reads a single permission given as a string", async () => {
        expect((await outcome({ name: "Supervisor", permissions: "ScreenRecording.Access" })).blocking).toHaveLength(1);
    });

    it.each<[string, Record<string, unknown>]>([
        ["permissions as an object", { name: "Supervisor", permissions: { ScreenRecording: "Access" } }],
        ["permissions with nulls and numbers", { name: 5, permissions: [null, 3, "ScreenRecording.Access"] }],
        ["no properties", {}],
    ])("never throws on odd input: %s", async (_title, props) => {
        await outcome(props);
    });

    it("never throws on arbitrary property bags", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(screenRecordingAccess), async (example) => {
                const findings = await findingsOf(screenRecordingAccess, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});

describe("access-screen-recording-permission on aws-native security profiles", () => {
    const native = async (props: Record<string, unknown>, config: Record<string, unknown> = {}) => {
        const example: ControlExample = { title: "ad hoc", verdict: "violation", resources: [{ name: "supervisor", type: NATIVE.CONNECT_SECURITY_PROFILE, props: { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/i-1", ...props } }] };
        return (await findingsOf(screenRecordingAccess, example, config)).map((f) => `${f.enforcementLevel}: ${f.message.split("\n").pop() ?? ""}`);
    };

    it("approves by securityProfileName, not by a classic name property", async () => {
        const config = { approvedProfiles: ["QualityAssurance"] };
        expect(await native({ securityProfileName: "QualityAssurance", permissions: ["ScreenRecording.Access"] }, config)).toEqual([]);
        expect(await native({ securityProfileName: "Supervisor", name: "QualityAssurance", permissions: ["ScreenRecording.Access"] }, config)).toEqual([
            expect.stringMatching(/^mandatory: Connect security profile 'supervisor' \(name "Supervisor"\) grants "ScreenRecording.Access"/),
        ]);
    });

    it("defers on a securityProfileName not known yet, naming it", async () => {
        expect(await native({ securityProfileName: UNKNOWN, permissions: ["ScreenRecording.Access"] })).toEqual([
            expect.stringContaining("`securityProfileName`, which decides whether it is an approved profile, is not known yet"),
        ]);
    });
});
