/**
 * `contactLensEnabled` defaults to true on an Amazon Connect instance: leave it out and Contact Lens
 * is available to every flow, which can then transcribe, analyse and store every conversation
 * (transcripts, sentiment, redacted and unredacted audio in the recordings bucket). Such processing of
 * voice and chat content needs a decision on record, and usually a data protection impact
 * assessment (GDPR Art. 35); data protection by default (Art. 25(2)) means it does not start only
 * because nobody turned it off. The control asks for the decision to be written down, not for a
 * particular answer.
 *
 * The Terraform-bridged provider fills schema defaults into the inputs it returns from Check and
 * lists them under `__defaults`; a value listed there was not written by anyone. aws-native keeps the
 * switch in `attributes.contactLens` (optional in AWS::Connect::Instance, and Connect's default is
 * the same) and fills in no defaults.
 */
import { resourceControl, type ExampleResource } from "../control";
import { ANY_CONNECT_INSTANCE } from "../lib/connect-storage";
import { instanceSetting } from "../lib/connect-instance";
import { describeValue } from "../lib/describe";
import { CONNECT_INSTANCE, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

/** True when the provider, not the program, supplied the property's value. */
function filledInByProvider(props: Record<string, unknown>, property: string): boolean {
    const defaults = props["__defaults"];
    return Array.isArray(defaults) && defaults.includes(property);
}

function instance(extra: Record<string, unknown> = {}): ExampleResource {
    return {
        name: "contact-centre",
        type: CONNECT_INSTANCE,
        props: { identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: false, instanceAlias: "acme-contact-centre", ...extra },
    };
}

function nativeInstance(attributes: unknown): ExampleResource {
    return { name: "contact-centre", type: NATIVE.CONNECT_INSTANCE, props: { identityManagementType: "SAML", instanceAlias: "acme-contact-centre", attributes } };
}

export const connectContactLensExplicit = resourceControl({
    name: "connect-contact-lens-explicit",
    title: "Contact Lens is switched on or off deliberately",
    area: "connect",
    description:
        "An Amazon Connect instance sets `contactLensEnabled` (aws-native: `attributes.contactLens`) explicitly. Its default is true, so without it " +
        "conversation analytics, transcripts and their storage become available to every flow without anyone " +
        "having decided it. Either value passes: the control asks for a recorded decision (and, for analytics " +
        "on, a data protection impact assessment), not for a particular answer.",
    severity: "low",
    enforcementLevel: "advisory",
    frameworks: {
        gdpr: ["Art. 25(2)", "Art. 35"],
        pciDss: [],
        iso27001: ["A.5.34"],
    },
    remediation: [
        "Set `contactLensEnabled: false` (aws-native: `attributes.contactLens: false`) on the instance unless conversation analytics has been decided on.",
        "If it has, set it to true, record the decision and the data protection impact assessment, and configure redaction in the flows (see connect-flow-redaction).",
    ],
    parameters: {},
    appliesTo: ANY_CONNECT_INSTANCE,
    examples: [
        {
            title: "an instance with Contact Lens explicitly off",
            verdict: "compliant",
            resources: [instance({ contactLensEnabled: false })],
        },
        {
            title: "an instance with Contact Lens explicitly on",
            verdict: "compliant",
            resources: [instance({ contactLensEnabled: true })],
        },
        {
            title: "an instance that leaves Contact Lens to its default (on)",
            verdict: "violation",
            resources: [instance()],
        },
        {
            title: "an instance whose Contact Lens value was filled in by the provider's default",
            verdict: "violation",
            resources: [instance({ contactLensEnabled: true, __defaults: ["contactLensEnabled"] })],
        },
        {
            title: "first preview: the Contact Lens switch comes from an output not known yet",
            verdict: "deferred",
            resources: [instance({ contactLensEnabled: UNKNOWN })],
        },
        {
            title: "aws-native: an instance with attributes.contactLens explicitly off",
            verdict: "compliant",
            resources: [nativeInstance({ inboundCalls: true, outboundCalls: false, contactLens: false })],
        },
        {
            title: "aws-native: an instance whose attributes leave Contact Lens to its default (on)",
            verdict: "violation",
            resources: [nativeInstance({ inboundCalls: true, outboundCalls: false })],
        },
        {
            title: "aws-native first preview: the attributes come from an output not known yet",
            verdict: "deferred",
            resources: [nativeInstance(UNKNOWN)],
        },
    ],
    check(resource, _config, findings) {
        const subject = `Connect instance '${resource.name}'`;
        const { value, path } = instanceSetting(resource, "contactLens");
        if (isUnknown(value)) {
            findings.undecided(`${subject}: \`${path}\` is not known yet.`);
            return;
        }
        if (value === undefined || value === null || filledInByProvider(resource.props, path)) {
            findings.violation(
                `${subject} does not set \`${path}\`, so Contact Lens is on by default and conversations can be transcribed, ` +
                    `analysed and stored without a recorded decision; set \`${path}\` to false, or to true once the analytics ` +
                    "and its impact assessment are decided.",
            );
            return;
        }
        if (typeof value !== "boolean") {
            findings.violation(`${subject} sets \`${path}\` to ${describeValue(value)}; set it to true or false.`);
        }
    },
});
