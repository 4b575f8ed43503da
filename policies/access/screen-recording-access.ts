/**
 * Only approved security profiles may play screen recordings, because they carry unredacted audio.
 *
 * Amazon Connect's `ScreenRecording.Access` permission opens the screen-recording player on the
 * contact details page. Unless rule-based redaction of screen recordings is set up, Connect merges the
 * video with the *unredacted* call recording, so whoever holds the permission hears what Contact Lens
 * redacted elsewhere: card numbers read out before a pause, names, health details. AWS documents this
 * in its list of security profile permissions. Access to it is therefore a decision a team makes for
 * named profiles (quality assurance, fraud), not a default for supervisors. The aws-native profile
 * (AWS::Connect::SecurityProfile) lists the same permission names in `permissions` and takes its name
 * as `securityProfileName`.
 */
import { resourceControl } from "../control";
import { describeValue } from "../lib/describe";
import { NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    approvedProfiles: string[];
    restrictedPermissions: string[];
}

const SECURITY_PROFILE = "aws:connect/securityProfile:SecurityProfile";

/** Where each provider's security profile takes the name teams approve. */
const NAME_PROPERTY: Readonly<Record<string, string>> = { [SECURITY_PROFILE]: "name", [NATIVE.CONNECT_SECURITY_PROFILE]: "securityProfileName" };

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

const profile = (name: unknown, permissions: unknown, resourceName = "supervisor") => ({
    name: resourceName,
    type: SECURITY_PROFILE,
    props: { instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111", name, permissions },
});

const nativeProfile = (securityProfileName: unknown, permissions: unknown) => ({
    name: "supervisor",
    type: NATIVE.CONNECT_SECURITY_PROFILE,
    props: { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111", securityProfileName, permissions },
});

export const screenRecordingAccess = resourceControl<Config>({
    name: "access-screen-recording-permission",
    title: "Only approved security profiles can play screen recordings (unredacted audio)",
    area: "access",
    description:
        "An Amazon Connect security profile (`aws.connect.SecurityProfile`, or aws-native `connect.SecurityProfile` named by " +
        "`securityProfileName`) grants `ScreenRecording.Access` only when its name is listed in `approvedProfiles`. " +
        "The permission plays screen recordings merged with the unredacted call audio unless rule-based redaction is set up, so " +
        "it exposes exactly what redaction and pause-and-resume were meant to hide. Teams can add further permissions that show " +
        "unredacted content (`CallRecordings.Unredacted.Access`, `ContactTranscripts.Unredacted.Access`, the legacy " +
        "`ListenCallRecordings`) to `restrictedPermissions`.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(2)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1", "7.2.6"],
        iso27001: ["A.5.15", "A.8.3", "A.8.11"],
    },
    remediation: [
        "Remove `ScreenRecording.Access` from the profile's `permissions`; grant `ScreenRecording.Redacted.Access` with rule-based redaction instead.",
        "If the profile must hear unredacted audio, add its name (`name`, aws-native `securityProfileName`) to `approvedProfiles` and record who holds it and why.",
    ],
    parameters: {
        approvedProfiles: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Names of security profiles (their `name` input, aws-native `securityProfileName`) allowed to hold the restricted permissions.",
        },
        restrictedPermissions: {
            type: "array",
            items: { type: "string" },
            default: ["ScreenRecording.Access"],
            description:
                "Security profile permissions (API names) that expose unredacted recordings and need approval. Candidates to add: " +
                "`CallRecordings.Unredacted.Access`, `ContactTranscripts.Unredacted.Access`, `ListenCallRecordings`.",
        },
    },
    appliesTo: Object.keys(NAME_PROPERTY),
    examples: [
        {
            title: "a supervisor profile with redacted screen recordings only",
            verdict: "compliant",
            resources: [profile("Supervisor", ["BasicAgentAccess", "ScreenRecording.Redacted.Access", "ContactSearch.View"])],
        },
        {
            title: "a quality-assurance profile approved for screen recordings",
            verdict: "compliant",
            config: { approvedProfiles: ["QualityAssurance"] },
            resources: [profile("QualityAssurance", ["ScreenRecording.Access", "ContactSearch.View"], "quality-assurance")],
        },
        {
            title: "a supervisor profile with ScreenRecording.Access, not approved",
            verdict: "violation",
            resources: [profile("Supervisor", ["ContactSearch.View", "ScreenRecording.Access"])],
        },
        {
            title: "first preview: a literal ScreenRecording.Access still blocks next to a permission not known yet",
            verdict: "violation",
            resources: [profile("Supervisor", [UNKNOWN, "ScreenRecording.Access"])],
        },
        {
            title: "first preview: the permission list comes from an output not known yet",
            verdict: "deferred",
            resources: [profile("Supervisor", UNKNOWN)],
        },
        {
            title: "aws-native: a supervisor profile with redacted screen recordings only",
            verdict: "compliant",
            resources: [nativeProfile("Supervisor", ["BasicAgentAccess", "ScreenRecording.Redacted.Access"])],
        },
        {
            title: "aws-native: a quality-assurance profile approved by its securityProfileName",
            verdict: "compliant",
            config: { approvedProfiles: ["QualityAssurance"] },
            resources: [nativeProfile("QualityAssurance", ["ScreenRecording.Access"])],
        },
        {
            title: "aws-native: a supervisor profile with ScreenRecording.Access, not approved",
            verdict: "violation",
            resources: [nativeProfile("Supervisor", ["ContactSearch.View", "ScreenRecording.Access"])],
        },
        {
            title: "aws-native first preview: the profile's securityProfileName is not known yet",
            verdict: "deferred",
            resources: [nativeProfile(UNKNOWN, ["ScreenRecording.Access"])],
        },
    ],
    check(resource, config, findings) {
        const nameProperty = NAME_PROPERTY[resource.type] ?? "name";
        const profileName = resource.props[nameProperty];
        const subject = `Connect security profile '${resource.name}'`;
        const permissions = resource.props["permissions"];
        if (isUnknown(permissions)) {
            findings.undecided(`${subject}: \`permissions\` is not known yet.`);
            return;
        }
        const list: unknown[] = Array.isArray(permissions) ? permissions : typeof permissions === "string" ? [permissions] : [];
        const restricted = new Set(strings(config.restrictedPermissions).map((p) => p.toLowerCase()));
        const granted = list.filter((p): p is string => typeof p === "string" && restricted.has(p.toLowerCase()));
        const hasUnknown = list.some(isUnknown);
        if (granted.length === 0 && !hasUnknown) return;

        if (isUnknown(profileName)) {
            findings.undecided(`${subject}: \`${nameProperty}\`, which decides whether it is an approved profile, is not known yet.`);
            return;
        }
        const approvedName = typeof profileName === "string" && profileName !== "" ? profileName : resource.name;
        if (strings(config.approvedProfiles).includes(approvedName)) return;
        if (granted.length > 0) {
            findings.violation(
                `${subject} (name ${describeValue(approvedName)}) grants ${granted.map(describeValue).join(", ")} in \`permissions\`, which plays ` +
                    "recordings with unredacted audio. Remove it (use `ScreenRecording.Redacted.Access` with rule-based redaction), or add " +
                    "the profile's name to `approvedProfiles`.",
            );
        }
        if (hasUnknown) findings.undecided(`${subject}: an entry of \`permissions\` is not known yet.`);
    },
});
