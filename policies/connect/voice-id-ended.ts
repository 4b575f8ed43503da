/**
 * AWS ended support for Amazon Connect Voice ID on 20 May 2026: since then its console, its features
 * in the admin website and the Contact Control Panel, and its resources can no longer be reached
 * (Amazon Connect administrator guide, "Amazon Connect Voice ID end of support"). A program that
 * still declares a Voice ID domain describes a service that no longer answers, and a flow that still
 * streams callers' audio to it (`StartVoiceIdStream`, the Set Voice ID block) or branches on its
 * verdict (`CheckVoiceId`) authenticates nobody. Voiceprints are biometric personal data: a team
 * leaving Voice ID should know that its speakers and watchlists are gone, not assume it.
 *
 * Only aws-native has a Voice ID type (`voiceid:Domain`); flows are read in either provider.
 */
import { resourceControl, type ExampleResource, type ResourceFindings } from "../control";
import { describeValue, isRecord } from "../lib/describe";
import { ANY_CONTACT_FLOW, CONNECT_CONTACT_FLOW, flowDocumentOf, isFlowModule } from "../lib/flow-document";
import { NATIVE } from "../lib/resource-types";
import { UNKNOWN } from "../lib/unknown";

const END_OF_SUPPORT = "AWS ended support for Amazon Connect Voice ID on 20 May 2026";

/** Flow actions that call Voice ID: the Set Voice ID and Check Voice ID blocks. */
const VOICE_ID_ACTIONS: ReadonlySet<string> = new Set(["StartVoiceIdStream", "CheckVoiceId"]);

function judgeVoiceIdDomain(name: string, findings: ResourceFindings) {
    findings.violation(
        `Voice ID domain '${name}': ${END_OF_SUPPORT}, and its resources can no longer be reached. Remove the ` +
            "`aws-native.voiceid.Domain` from the program, and confirm with AWS that the voiceprints it held (biometric personal data) are erased.",
    );
}

/**
 * A flow whose content cannot be read here (from `filename`, or not valid JSON) is reported by
 * connect-flow-redaction, which must read every flow; this control says nothing more about it.
 */
function judgeFlow(subject: string, props: Record<string, unknown>, findings: ResourceFindings) {
    const flow = flowDocumentOf(props);
    if (flow.kind === "unknown") {
        findings.undecided(`${subject}: \`content\` is not known yet, so whether it still calls Voice ID cannot be checked.`);
        return;
    }
    if (flow.kind !== "actions") return;
    flow.actions.forEach((action, index) => {
        if (!isRecord(action) || typeof action["Type"] !== "string" || !VOICE_ID_ACTIONS.has(action["Type"])) return;
        const identifier = typeof action["Identifier"] === "string" ? describeValue(action["Identifier"]) : `#${index}`;
        findings.violation(
            `${subject}: the ${action["Type"]} block ${identifier} in \`content\` (\`Actions[${index}]\`) calls Amazon Connect Voice ID; ` +
                `${END_OF_SUPPORT}. Remove the Set Voice ID and Check Voice ID blocks and authenticate callers another way.`,
        );
    });
}

const flowContent = (...types: string[]) =>
    JSON.stringify({ Version: "2019-10-30", StartAction: "a0", Actions: types.map((Type, index) => ({ Identifier: `a${index}`, Type, Parameters: {}, Transitions: {} })) });
const flow = (name: string, content: unknown, type: string = CONNECT_CONTACT_FLOW): ExampleResource => ({
    name,
    type,
    // The classic flow names its instance by id, the aws-native one by ARN.
    props: type.startsWith("aws-native:")
        ? { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111", name, content }
        : { instanceId: "aaaaaaaa-bbbb-cccc-dddd-111111111111", name, type: "CONTACT_FLOW", content },
});

export const connectVoiceIdEnded = resourceControl({
    name: "connect-voice-id-ended",
    title: "Nothing relies on Amazon Connect Voice ID, which AWS ended on 20 May 2026",
    area: "connect",
    description:
        `${END_OF_SUPPORT}: its resources can no longer be reached. The control reports every aws-native \`voiceid:Domain\` ` +
        "(the only Voice ID type; the classic provider has none) and every contact flow or flow module, of either provider, " +
        "whose `content` still uses the StartVoiceIdStream (Set Voice ID) or CheckVoiceId block. Voiceprints are biometric " +
        "personal data: leaving the service includes making sure they are erased.",
    severity: "medium",
    enforcementLevel: "advisory",
    frameworks: {
        gdpr: ["Art. 5(1)(e)", "Art. 17"],
        pciDss: [],
        iso27001: ["A.5.23", "A.8.10"],
    },
    remediation: [
        "Remove `aws-native.voiceid.Domain` resources from the program.",
        "Remove the Set Voice ID (StartVoiceIdStream) and Check Voice ID (CheckVoiceId) blocks from flows, and authenticate callers another way.",
        "Record that the enrolled speakers' voiceprints and the fraudster watchlists were erased.",
    ],
    parameters: {},
    appliesTo: [NATIVE.VOICEID_DOMAIN, ...ANY_CONTACT_FLOW],
    examples: [
        {
            title: "a flow that authenticates callers without Voice ID",
            verdict: "compliant",
            resources: [flow("inbound", flowContent("MessageParticipant", "DisconnectParticipant"))],
        },
        {
            title: "aws-native: a flow module that hands callers to an agent for authentication",
            verdict: "compliant",
            resources: [flow("authenticate", flowContent("UpdateContactTargetQueue", "TransferContactToQueue"), NATIVE.CONNECT_CONTACT_FLOW_MODULE)],
        },
        {
            title: "aws-native: a Voice ID domain",
            verdict: "violation",
            resources: [
                {
                    name: "voice-id",
                    type: NATIVE.VOICEID_DOMAIN,
                    props: { name: "acme", serverSideEncryptionConfiguration: { kmsKeyId: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" } },
                },
            ],
        },
        {
            title: "a flow that still streams callers' audio to Voice ID and branches on its verdict",
            verdict: "violation",
            resources: [flow("inbound", flowContent("StartVoiceIdStream", "CheckVoiceId", "DisconnectParticipant"))],
        },
        {
            title: "aws-native: a flow module that still checks Voice ID",
            verdict: "violation",
            resources: [flow("authenticate", flowContent("CheckVoiceId"), NATIVE.CONNECT_CONTACT_FLOW_MODULE)],
        },
        {
            title: "first preview: the flow's content is built from outputs not known yet",
            verdict: "deferred",
            resources: [flow("inbound", UNKNOWN, NATIVE.CONNECT_CONTACT_FLOW)],
        },
    ],
    check(resource, _config, findings) {
        if (resource.type === NATIVE.VOICEID_DOMAIN) {
            judgeVoiceIdDomain(resource.name, findings);
            return;
        }
        judgeFlow(`${isFlowModule(resource.type) ? "Contact flow module" : "Contact flow"} '${resource.name}'`, resource.props, findings);
    },
});
