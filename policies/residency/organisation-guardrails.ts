/**
 * Organisation guardrails keep Amazon Connect from copying contact data out of the allowed regions.
 *
 * Some transfers no resource of a stack expresses. Connect Global Resiliency replicates an instance
 * (`connect:ReplicateInstance`) and spreads traffic across the pair
 * (`connect:CreateTrafficDistributionGroup`); from Frankfurt its only partner is London, outside the
 * Union. Anyone with those permissions can start it from the console, and @pulumi/aws has no resource
 * to check. AWS AI services (Contact Lens, Lex, Transcribe) may store content for service improvement
 * in other regions unless the organisation opts out. Only AWS Organizations policies stop both for
 * every account: a service control policy denying the replication actions and every action outside
 * the allowed regions (`aws:RequestedRegion`), and an AI services opt-out policy.
 *
 * Advisory, because those policies usually live in the organisation's management stack, not in the
 * contact-centre stack this pack judges: a finding here is a prompt to check they exist there.
 * aws-native `organizations.Policy` (AWS::Organizations::Policy) counts like the classic one; its
 * `content` is usually an object rather than a JSON string.
 */
import { stackControl, type ExampleResource } from "../control";
import { isRecord } from "../lib/describe";
import { readPolicyDocument, statementCoversAction, type Statement } from "../lib/policy-document";
import { allowedRegions } from "../lib/regions";
import { ANY_CONNECT_INSTANCE } from "../lib/connect-storage";
import { CONNECT_INSTANCE, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";
import { REGION_PARAMETERS, type RegionConfig } from "./region-parameters";

interface Config extends RegionConfig {
    deniedActions: string[];
}

const ORGANIZATIONS_POLICY = "aws:organizations/policy:Policy";
const ORGANIZATIONS_POLICIES: readonly string[] = [ORGANIZATIONS_POLICY, "aws-native:organizations:Policy"];
const SCP = "SERVICE_CONTROL_POLICY";
const AI_OPT_OUT = "AISERVICES_OPT_OUT_POLICY";
/** A region deny must reach the services that hold contact data, not only a few named actions. */
const REGION_DENY_PROBES = ["connect:CreateInstance", "s3:PutObject", "kinesis:CreateStream"];
const NEGATED_STRING_OPERATORS = new Set(["stringnotequals", "stringnotequalsifexists", "stringnotlike", "stringnotlikeifexists"]);

const isRequestedRegion = (key: string) => key.toLowerCase() === "aws:requestedregion";
const limitedByRegion = (statement: Statement) => statement.conditions.some((c) => isRequestedRegion(c.key));

/** Denies everything outside a list of regions that are all allowed (wildcards would let others through). */
function deniesOtherRegions(statement: Statement, allowed: string[]): boolean {
    if (statement.effect !== "Deny" || !REGION_DENY_PROBES.every((action) => statementCoversAction(statement, action))) return false;
    return statement.conditions.some(
        (c) => NEGATED_STRING_OPERATORS.has(c.operator.toLowerCase()) && isRequestedRegion(c.key) && c.values.length > 0 && c.values.every((r) => allowed.includes(r)),
    );
}

/** `{"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}`: every AI service, present and future. */
function optsOutOfEveryAiService(content: unknown): boolean {
    let document = content;
    if (typeof content === "string") {
        try {
            document = JSON.parse(content);
        } catch {
            return false;
        }
    }
    const services = isRecord(document) ? document["services"] : undefined;
    const byDefault = isRecord(services) ? services["default"] : undefined;
    const optOut = isRecord(byDefault) ? byDefault["opt_out_policy"] : undefined;
    return isRecord(optOut) && optOut["@@assign"] === "optOut";
}

// --- examples -------------------------------------------------------------------------------------

const instance: ExampleResource = { name: "contact-centre", type: CONNECT_INSTANCE, props: { instanceAlias: "acme", identityManagementType: "SAML", inboundCallsEnabled: true, outboundCallsEnabled: true } };
const denyReplication = { Sid: "DenyConnectGlobalResiliency", Effect: "Deny", Action: ["connect:ReplicateInstance", "connect:CreateTrafficDistributionGroup"], Resource: "*" };
const denyRegions = (regions: string[]) => ({
    Sid: "DenyOutsideAllowedRegions",
    Effect: "Deny",
    NotAction: ["iam:*", "organizations:*", "route53:*", "cloudfront:*", "sts:*", "support:*"],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": regions } },
});
const scp = (...statements: unknown[]): ExampleResource => ({
    name: "residency-scp",
    type: ORGANIZATIONS_POLICY,
    props: { name: "contact-centre-residency", type: SCP, content: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
});
const aiOptOut = (service = "default"): ExampleResource => ({
    name: "ai-opt-out",
    type: ORGANIZATIONS_POLICY,
    props: { name: "ai-opt-out", type: AI_OPT_OUT, content: JSON.stringify({ services: { [service]: { opt_out_policy: { "@@assign": "optOut" } } } }) },
});
const eu = ["eu-central-1", "eu-west-1"];
const nativeInstance: ExampleResource = {
    name: "contact-centre",
    type: NATIVE.CONNECT_INSTANCE,
    props: { instanceAlias: "acme", identityManagementType: "SAML", attributes: { inboundCalls: true, outboundCalls: true } },
};
/** aws-native takes the policy document as an object. */
const nativeScp = (...statements: unknown[]): ExampleResource => ({
    name: "residency-scp",
    type: "aws-native:organizations:Policy",
    props: { name: "contact-centre-residency", type: SCP, content: { Version: "2012-10-17", Statement: statements } },
});
const nativeAiOptOut: ExampleResource = {
    name: "ai-opt-out",
    type: "aws-native:organizations:Policy",
    props: { name: "ai-opt-out", type: AI_OPT_OUT, content: { services: { default: { opt_out_policy: { "@@assign": "optOut" } } } } },
};

export const organisationGuardrails = stackControl<Config>({
    name: "residency-organisation-guardrails",
    title: "Organisation policies stop Connect replication and AI data use outside allowed regions",
    area: "residency",
    description:
        "When the stack has an Amazon Connect instance, it should also have (usually they live in the organisation's " +
        "management stack, which is why this control is advisory) a service control policy (`aws.organizations.Policy`, type " +
        "SERVICE_CONTROL_POLICY) that denies `connect:ReplicateInstance` and `connect:CreateTrafficDistributionGroup` without a " +
        "region condition (Connect Global Resiliency pairs Frankfurt with London) and denies every action outside the allowed " +
        "regions (`StringNotEquals` on `aws:RequestedRegion` listing only allowed regions), and an AI services opt-out policy " +
        "(type AISERVICES_OPT_OUT_POLICY) opting out by `default`. aws-native instances and `organizations.Policy` resources " +
        "(whose `content` may be an object) count alike.",
    severity: "low",
    enforcementLevel: "advisory",
    frameworks: { gdpr: ["Art. 44", "Art. 25(1)"], pciDss: [], iso27001: ["A.5.23"] },
    remediation: [
        "In the organisation's management account, attach an SCP (`aws.organizations.Policy` or aws-native `organizations.Policy`) with a Deny of `connect:ReplicateInstance` and `connect:CreateTrafficDistributionGroup` on `*`.",
        'Add a Deny with `NotAction` for global services and `Condition: { StringNotEquals: { "aws:RequestedRegion": [<allowed regions>] } }`.',
        'Attach an AI services opt-out policy `{"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}`.',
        "If these live in another stack, disable this advisory control for this stack or record a waiver naming that stack.",
    ],
    parameters: {
        ...REGION_PARAMETERS,
        deniedActions: {
            type: "array",
            items: { type: "string" },
            default: ["connect:ReplicateInstance", "connect:CreateTrafficDistributionGroup"],
            description: "Actions a service control policy must deny outright (no region condition), because they copy contact data across regions.",
        },
    },
    examples: [
        { title: "an instance with the SCP and the AI opt-out in the same stack", verdict: "compliant", resources: [instance, scp(denyReplication, denyRegions(eu)), aiOptOut()] },
        { title: "an instance and no organisation policy at all", verdict: "violation", resources: [instance] },
        { title: "a region deny that also lets London through", verdict: "violation", resources: [instance, scp(denyReplication, denyRegions([...eu, "eu-west-2"])), aiOptOut()] },
        {
            title: "replication denied only outside the allowed regions (ReplicateInstance is called in Frankfurt)",
            verdict: "violation",
            resources: [instance, scp({ ...denyReplication, Condition: { StringNotEquals: { "aws:RequestedRegion": eu } } }, denyRegions(eu)), aiOptOut()],
        },
        { title: "an AI opt-out for Lex only", verdict: "violation", resources: [instance, scp(denyReplication, denyRegions(eu)), aiOptOut("lex")] },
        {
            title: "a London region deny under the eu-plus-adequacy profile",
            verdict: "compliant",
            config: { regionProfile: "eu-plus-adequacy" },
            resources: [instance, scp(denyReplication, denyRegions([...eu, "eu-west-2"])), aiOptOut()],
        },
        { title: "a stack without a Connect instance needs no guardrail here", verdict: "compliant", resources: [{ name: "recordings", type: "aws:s3/bucket:Bucket", props: {} }] },
        {
            title: "first preview: the SCP's content is built from an output not known yet",
            verdict: "deferred",
            resources: [instance, { ...scp(), props: { type: SCP, content: UNKNOWN } }, aiOptOut()],
        },
        {
            title: "aws-native: an instance with aws-native SCP and AI opt-out policies whose content is an object",
            verdict: "compliant",
            resources: [nativeInstance, nativeScp(denyReplication, denyRegions(eu)), nativeAiOptOut],
        },
        { title: "aws-native: an instance and no organisation policy at all", verdict: "violation", resources: [nativeInstance] },
        {
            title: "mixed providers: a classic instance, an aws-native SCP that lets London through and a classic AI opt-out",
            verdict: "violation",
            resources: [instance, nativeScp(denyReplication, denyRegions([...eu, "eu-west-2"])), aiOptOut()],
        },
        {
            title: "aws-native first preview: the SCP's content is built from an output not known yet",
            verdict: "deferred",
            resources: [nativeInstance, { ...nativeScp(), props: { type: SCP, content: UNKNOWN } }, nativeAiOptOut],
        },
    ],
    judges: ANY_CONNECT_INSTANCE,
    check(stack, config, findings) {
        const instances = stack.ofType(ANY_CONNECT_INSTANCE);
        if (instances.length === 0) return;
        const allowed = allowedRegions(config.regionProfile, config.regions);
        const deniedActions = Array.isArray(config.deniedActions) ? config.deniedActions.filter((a): a is string => typeof a === "string") : [];
        const denied = new Set<string>();
        let regionDeny = false;
        let aiOptOutFound = false;
        const unknowns: string[] = [];

        for (const policy of stack.ofType(ORGANIZATIONS_POLICIES)) {
            const type = policy.props["type"] ?? SCP;
            const content = policy.props["content"];
            if (isUnknown(type) || ((type === SCP || type === AI_OPT_OUT) && isUnknown(content))) {
                unknowns.push(`the \`${isUnknown(type) ? "type" : "content"}\` of organisation policy '${policy.name}'`);
                continue;
            }
            if (type === AI_OPT_OUT) aiOptOutFound ||= optsOutOfEveryAiService(content);
            if (type !== SCP) continue;
            const document = readPolicyDocument(content);
            if (document.kind !== "document") continue;
            for (const statement of document.statements) {
                if (statement.effect !== "Deny") continue;
                if (!limitedByRegion(statement)) for (const action of deniedActions) if (statementCoversAction(statement, action)) denied.add(action);
                regionDeny ||= deniesOtherRegions(statement, allowed);
            }
        }

        const notDenied = deniedActions.filter((action) => !denied.has(action));
        const missing = [
            ...(notDenied.length === 0 ? [] : [`a service control policy denying ${notDenied.map((a) => `\`${a}\``).join(" and ")} without a region condition`]),
            ...(regionDeny ? [] : [`a service control policy denying every action when \`aws:RequestedRegion\` is not one of ${allowed.join(", ")}`]),
            ...(aiOptOutFound ? [] : ['an AI services opt-out policy with `{"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}`']),
        ];
        if (missing.length === 0) return;
        for (const instance of instances) {
            const subject = `Connect instance '${instance.name}'`;
            if (unknowns.length > 0) {
                findings.undecided(instance, `${subject}: whether the organisation guardrails exist depends on ${unknowns.join(", ")}, not known yet.`);
                continue;
            }
            findings.violation(
                instance,
                `${subject}: this stack is missing ${missing.join("; and ")}. Without them Connect Global Resiliency or AI service improvement can copy ` +
                    "contact data out of the allowed regions. If the organisation's management stack has these policies, this advisory finding can be waived for this stack.",
            );
        }
    },
});
