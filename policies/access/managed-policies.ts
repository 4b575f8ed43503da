/**
 * No identity in the contact-centre stack holds an AWS-managed "everything" policy.
 *
 * AWS's job-function and service policies are written for every customer at once, so they grant
 * whole services on every resource: `AmazonS3FullAccess` reads and deletes every recording in the
 * account, `PowerUserAccess` grants every service but IAM administration, and `AdministratorAccess`
 * can rewrite the key policies that protect the data. Least privilege
 * (PCI DSS 7.2.1, ISO 27001 A.8.2) asks for policies written for the job, so these are refused
 * wherever a stack attaches a managed policy: the attachment resources, a role's deprecated
 * `managedPolicyArns`, and the exclusive-attachment resources that replace it.
 */
import { resourceControl, type ResourceFindings } from "../control";
import { parseArn } from "../lib/arn";
import { describeValue } from "../lib/describe";
import { NATIVE } from "../lib/resource-types";
import { UNKNOWN, isUnknown } from "../lib/unknown";

interface Config {
    allowedManagedPolicies: string[];
}

const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const USER_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const GROUP_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const ROLE = "aws:iam/role:Role";
const ROLE_EXCLUSIVE = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
const USER_EXCLUSIVE = "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive";
const GROUP_EXCLUSIVE = "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive";

/** Where each resource type names its managed policies: one ARN, or a list of them. */
const ATTACHED: Record<string, { property: string; list: boolean; subject: string }> = {
    [ROLE_ATTACHMENT]: { property: "policyArn", list: false, subject: "Role policy attachment" },
    [USER_ATTACHMENT]: { property: "policyArn", list: false, subject: "User policy attachment" },
    [GROUP_ATTACHMENT]: { property: "policyArn", list: false, subject: "Group policy attachment" },
    [POLICY_ATTACHMENT]: { property: "policyArn", list: false, subject: "Policy attachment" },
    [ROLE]: { property: "managedPolicyArns", list: true, subject: "IAM role" },
    [ROLE_EXCLUSIVE]: { property: "policyArns", list: true, subject: "Role policy attachments" },
    [USER_EXCLUSIVE]: { property: "policyArns", list: true, subject: "User policy attachments" },
    [GROUP_EXCLUSIVE]: { property: "policyArns", list: true, subject: "Group policy attachments" },
    [NATIVE.IAM_ROLE]: { property: "managedPolicyArns", list: true, subject: "IAM role" },
    [NATIVE.IAM_USER]: { property: "managedPolicyArns", list: true, subject: "IAM user" },
    [NATIVE.IAM_GROUP]: { property: "managedPolicyArns", list: true, subject: "IAM group" },
};

/**
 * An AWS-managed policy (account `aws` in the ARN, any partition and path) that grants a whole
 * service or everything: `AdministratorAccess` and its service variants, `PowerUserAccess`, `*FullAccess`.
 */
export function broadManagedPolicy(arnValue: string): string | undefined {
    const arn = parseArn(arnValue);
    if (!arn || arn.service !== "iam" || arn.account !== "aws" || arn.resourceType !== "policy") return undefined;
    const name = arn.resourceId.split("/").pop() ?? "";
    return /^AdministratorAccess\b/i.test(name) || /^PowerUserAccess$/i.test(name) || /FullAccess$/i.test(name) ? name : undefined;
}

function reach(name: string): string {
    if (/FullAccess$/i.test(name)) return "a whole service on every resource";
    return /^PowerUserAccess$/i.test(name) ? "every service except IAM administration" : "administrative access to the account";
}

function isAllowed(arnValue: string, name: string, config: Config): boolean {
    const allowed = Array.isArray(config.allowedManagedPolicies) ? config.allowedManagedPolicies : [];
    return allowed.some((entry) => entry === arnValue || entry === name);
}

function judgeArn(subject: string, path: string, value: unknown, config: Config, findings: ResourceFindings) {
    if (isUnknown(value)) {
        findings.undecided(`${subject}: \`${path}\` is not known yet.`);
        return;
    }
    if (typeof value !== "string") return;
    const name = broadManagedPolicy(value);
    if (name === undefined || isAllowed(value, name, config)) return;
    findings.violation(
        `${subject} attaches the AWS-managed policy ${describeValue(value)} in \`${path}\`, which grants ${reach(name)}. Attach a customer-managed policy listing only the actions and resources needed, or add it to \`allowedManagedPolicies\` with a reason.`,
    );
}

const attachment = (type: string, policyArn: unknown, name = "reviewer-policy") => ({ name, type, props: { role: "recording-reviewer", policyArn } });

export const noBroadManagedPolicies = resourceControl<Config>({
    name: "access-no-broad-managed-policies",
    title: "No AdministratorAccess, PowerUserAccess or *FullAccess managed policies",
    area: "access",
    description:
        "No role, user or group gets the AWS-managed policies `AdministratorAccess` (or a service variant such as " +
        "`AdministratorAccess-Amplify`), `PowerUserAccess`, or any AWS-managed policy whose name ends in `FullAccess` " +
        "(`AmazonS3FullAccess`, `AmazonConnect_FullAccess`, ...). Checked on `RolePolicyAttachment`, `UserPolicyAttachment`, " +
        "`GroupPolicyAttachment`, `PolicyAttachment`, the `*PolicyAttachmentsExclusive` resources and a role's deprecated " +
        "`managedPolicyArns`. Customer-managed policies are judged by access-iam-no-data-wildcards instead. A policy ARN or " +
        "name listed in `allowedManagedPolicies` is exempt.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.15", "A.5.18", "A.8.2"],
    },
    remediation: [
        "Replace the managed policy with an `aws.iam.Policy` (or `RolePolicy`) that lists only the actions and resource ARNs the identity needs.",
        "Where a broad AWS policy is truly required (a break-glass administrator outside the data path), add its ARN or name to `allowedManagedPolicies` and record why.",
    ],
    parameters: {
        allowedManagedPolicies: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "AWS-managed policies to exempt, by full ARN or by policy name (e.g. `AmazonConnectReadOnlyAccess` needs no entry; `AmazonS3FullAccess` would).",
        },
    },
    appliesTo: Object.keys(ATTACHED),
    examples: [
        {
            title: "a role attachment of a read-only AWS-managed policy",
            verdict: "compliant",
            resources: [attachment(ROLE_ATTACHMENT, "arn:aws:iam::aws:policy/AmazonConnectReadOnlyAccess")],
        },
        {
            title: "a role attachment of a customer-managed policy named like an AWS one",
            verdict: "compliant",
            resources: [attachment(ROLE_ATTACHMENT, "arn:aws:iam::111122223333:policy/RecordingsFullAccess")],
        },
        {
            title: "AmazonS3FullAccess exempted by the team's configuration",
            verdict: "compliant",
            config: { allowedManagedPolicies: ["AmazonS3FullAccess"] },
            resources: [attachment(ROLE_ATTACHMENT, "arn:aws:iam::aws:policy/AmazonS3FullAccess")],
        },
        {
            title: "AdministratorAccess attached to a role",
            verdict: "violation",
            resources: [attachment(ROLE_ATTACHMENT, "arn:aws:iam::aws:policy/AdministratorAccess")],
        },
        {
            title: "a role with AmazonS3FullAccess in its deprecated managedPolicyArns",
            verdict: "violation",
            resources: [
                {
                    name: "recording-reviewer",
                    type: ROLE,
                    props: { assumeRolePolicy: "{}", managedPolicyArns: [UNKNOWN, "arn:aws:iam::aws:policy/AmazonS3FullAccess"] },
                },
            ],
        },
        {
            title: "PowerUserAccess in the European Sovereign Cloud partition, attached to a group",
            verdict: "violation",
            resources: [{ name: "operators", type: GROUP_ATTACHMENT, props: { group: "operators", policyArn: "arn:aws-eusc:iam::aws:policy/PowerUserAccess" } }],
        },
        {
            title: "aws-native: a Group with AmazonConnectReadOnlyAccess in its managedPolicyArns",
            verdict: "compliant",
            resources: [{ name: "supervisors", type: NATIVE.IAM_GROUP, props: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonConnectReadOnlyAccess"] } }],
        },
        {
            title: "aws-native: a Role with AdministratorAccess in its managedPolicyArns",
            verdict: "violation",
            resources: [{ name: "ops", type: NATIVE.IAM_ROLE, props: { assumeRolePolicyDocument: {}, managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } }],
        },
        {
            title: "aws-native first preview: a User's managedPolicyArns is not known yet",
            verdict: "deferred",
            resources: [{ name: "operator", type: NATIVE.IAM_USER, props: { managedPolicyArns: UNKNOWN } }],
        },
        {
            title: "first preview: the attached policy is created in the same stack and its ARN is not known yet",
            verdict: "deferred",
            resources: [attachment(ROLE_ATTACHMENT, UNKNOWN)],
        },
    ],
    check(resource, config, findings) {
        const where = ATTACHED[resource.type];
        if (!where) return;
        const subject = `${where.subject} '${resource.name}'`;
        const value = resource.props[where.property];
        if (!where.list || isUnknown(value)) {
            judgeArn(subject, where.property, value, config, findings);
            return;
        }
        const arns = Array.isArray(value) ? value : [value];
        arns.forEach((arn, index) => judgeArn(subject, `${where.property}[${index}]`, arn, config, findings));
    },
});
