/**
 * Amazon Connect users can live in Connect itself (CONNECT_MANAGED), in a SAML identity provider, or
 * in an existing AWS Directory Service directory. Users kept in Connect sit outside the organisation's
 * joiner-mover-leaver process and its multi-factor authentication policy: a leaver's agent account,
 * with access to recordings and contact history, survives until someone remembers it. The choice is
 * made once: `identityManagementType` cannot be changed after the instance is created. The aws-native
 * instance (AWS::Connect::Instance) names the input the same, and requires it.
 */
import { resourceControl, type ExampleResource } from "../control";
import { ANY_CONNECT_INSTANCE } from "../lib/connect-storage";
import { describeValue } from "../lib/describe";
import { CONNECT_INSTANCE, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    allowedIdentityManagementTypes: string[];
}

const DEFAULT_ALLOWED = ["SAML", "EXISTING_DIRECTORY"];

function allowedTypes(config: Config): string[] {
    const configured = config.allowedIdentityManagementTypes;
    return Array.isArray(configured) ? configured.filter((type): type is string => typeof type === "string") : DEFAULT_ALLOWED;
}

function instance(identityManagementType: unknown, extra: Record<string, unknown> = {}): ExampleResource {
    return {
        name: "contact-centre",
        type: CONNECT_INSTANCE,
        props: { identityManagementType, inboundCallsEnabled: true, outboundCallsEnabled: false, instanceAlias: "acme-contact-centre", ...extra },
    };
}

function nativeInstance(identityManagementType: unknown): ExampleResource {
    return {
        name: "contact-centre",
        type: NATIVE.CONNECT_INSTANCE,
        props: { identityManagementType, instanceAlias: "acme-contact-centre", attributes: { inboundCalls: true, outboundCalls: false } },
    };
}

export const connectIdentityManagement = resourceControl<Config>({
    name: "connect-identity-management",
    title: "Connect users come from the organisation's identity provider",
    area: "connect",
    description:
        "An Amazon Connect instance (`aws.connect.Instance` or aws-native `connect.Instance`) takes its users from SAML federation or an existing directory " +
        "(`identityManagementType` `SAML` or `EXISTING_DIRECTORY`) rather than storing them in Connect " +
        "(`CONNECT_MANAGED`), so that agents and supervisors are created, changed and removed with the " +
        "organisation's identity lifecycle and sign in with its multi-factor authentication. The setting cannot be " +
        "changed after the instance exists, so it is checked before the instance is created.",
    severity: "medium",
    enforcementLevel: "advisory",
    frameworks: {
        gdpr: ["Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.16", "A.5.15"],
    },
    remediation: [
        'Set `identityManagementType` to "SAML" and federate Connect with the organisation\'s identity provider (with MFA), or to "EXISTING_DIRECTORY" with a `directoryId`.',
        "The type cannot be changed on an existing instance: create a new instance and move phone numbers, flows and users to it.",
    ],
    parameters: {
        allowedIdentityManagementTypes: {
            type: "array",
            items: { type: "string", enum: ["SAML", "EXISTING_DIRECTORY", "CONNECT_MANAGED"] },
            default: DEFAULT_ALLOWED,
            description: "Identity management types an instance may use.",
        },
    },
    appliesTo: ANY_CONNECT_INSTANCE,
    examples: [
        {
            title: "an instance federated through SAML",
            verdict: "compliant",
            resources: [instance("SAML")],
        },
        {
            title: "an instance using an existing directory",
            verdict: "compliant",
            resources: [instance("EXISTING_DIRECTORY", { directoryId: "d-1234567890" })],
        },
        {
            title: "an instance with users stored in Connect",
            verdict: "violation",
            resources: [instance("CONNECT_MANAGED")],
        },
        {
            title: "an instance without an identity management type",
            verdict: "violation",
            resources: [instance(undefined)],
        },
        {
            title: "a Connect-managed sandbox instance allowed through the policy configuration",
            verdict: "compliant",
            config: { allowedIdentityManagementTypes: ["SAML", "EXISTING_DIRECTORY", "CONNECT_MANAGED"] },
            resources: [instance("CONNECT_MANAGED")],
        },
        {
            title: "first preview: the identity management type comes from an output not known yet",
            verdict: "deferred",
            resources: [instance(UNKNOWN)],
        },
        {
            title: "aws-native: an instance federated through SAML",
            verdict: "compliant",
            resources: [nativeInstance("SAML")],
        },
        {
            title: "aws-native: an instance with users stored in Connect",
            verdict: "violation",
            resources: [nativeInstance("CONNECT_MANAGED")],
        },
        {
            title: "aws-native first preview: the identity management type comes from an output not known yet",
            verdict: "deferred",
            resources: [nativeInstance(UNKNOWN)],
        },
    ],
    check(resource, config, findings) {
        const subject = `Connect instance '${resource.name}'`;
        const type = resource.props["identityManagementType"];
        if (isUnknown(type)) {
            findings.undecided(`${subject}: \`identityManagementType\` is not known yet.`);
            return;
        }
        const allowed = allowedTypes(config);
        if (typeof type === "string" && allowed.includes(type)) return;
        const why =
            type === "CONNECT_MANAGED"
                ? "keeps its users in Connect, outside the organisation's identity lifecycle and multi-factor authentication"
                : type === undefined || type === null
                  ? "does not set `identityManagementType`"
                  : `sets \`identityManagementType\` to ${describeValue(type)}`;
        findings.violation(
            `${subject} ${why}; set \`identityManagementType\` to ${allowed.map((t) => `"${t}"`).join(" or ") || "an allowed type"} ` +
                "(it cannot be changed once the instance exists).",
        );
    },
});
