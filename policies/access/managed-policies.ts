/**
 * No identity in the contact-centre stack holds an AWS-managed "everything" policy, and only approved
 * readers hold one that reads every recording.
 *
 * AWS's job-function and service policies are written for every customer at once, so they grant
 * whole services on every resource: `AmazonS3FullAccess` reads and deletes every recording in the
 * account, `PowerUserAccess` grants every service but IAM administration, and `AdministratorAccess`
 * can rewrite the key policies that protect the data. Least privilege
 * (PCI DSS 7.2.1, ISO 27001 A.8.2) asks for policies written for the job, so these are refused
 * wherever a stack attaches a managed policy: the attachment resources, a role's deprecated
 * `managedPolicyArns`, the exclusive-attachment resources that replace it, and the
 * `managedPolicyArns` of aws-native roles, users and groups.
 *
 * The read-only ones are no narrower on data: `AmazonS3ReadOnlyAccess` and `ReadOnlyAccess` read
 * every object of every bucket (SSE-S3 recordings outright, SSE-KMS ones wherever the key policy
 * delegates Decrypt to IAM), the Kinesis, DynamoDB and CloudWatch Logs read-only policies every
 * record, item and log event. Reading contact data is a decision the team records once, in
 * `approvedReaders` (the same list access-recording-readers uses): a principal listed there may hold
 * a read-only data policy, any other may not. What each policy reads comes from the pack's table of
 * AWS-managed policies (policies/lib/aws-managed-policies.ts).
 */
import { resourceControl, type ResourceFindings } from "../control";
import { parseArn } from "../lib/arn";
import { awsManagedPolicy, awsManagedPolicyName, dataReadsOf } from "../lib/aws-managed-policies";
import { describeValue } from "../lib/describe";
import { iamNameProperty } from "../lib/iam-resources";
import { NATIVE } from "../lib/resource-types";
import { UNKNOWN, isUnknown } from "../lib/unknown";

interface Config {
    allowedManagedPolicies: string[];
    approvedReaders: string[];
}

const ROLE_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const USER_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const GROUP_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const ROLE = "aws:iam/role:Role";
const ROLE_EXCLUSIVE = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
const USER_EXCLUSIVE = "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive";
const GROUP_EXCLUSIVE = "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive";

/**
 * Where each resource type names its managed policies (one ARN, or a list of them) and the principals
 * that get them: properties naming them, or `self` for a role, user or group that lists its own.
 */
const ATTACHED: Record<string, { property: string; list: boolean; subject: string; principals: readonly string[] | "self" }> = {
    [ROLE_ATTACHMENT]: { property: "policyArn", list: false, subject: "Role policy attachment", principals: ["role"] },
    [USER_ATTACHMENT]: { property: "policyArn", list: false, subject: "User policy attachment", principals: ["user"] },
    [GROUP_ATTACHMENT]: { property: "policyArn", list: false, subject: "Group policy attachment", principals: ["group"] },
    [POLICY_ATTACHMENT]: { property: "policyArn", list: false, subject: "Policy attachment", principals: ["roles", "users", "groups"] },
    [ROLE]: { property: "managedPolicyArns", list: true, subject: "IAM role", principals: "self" },
    [ROLE_EXCLUSIVE]: { property: "policyArns", list: true, subject: "Role policy attachments", principals: ["roleName"] },
    [USER_EXCLUSIVE]: { property: "policyArns", list: true, subject: "User policy attachments", principals: ["userName"] },
    [GROUP_EXCLUSIVE]: { property: "policyArns", list: true, subject: "Group policy attachments", principals: ["groupName"] },
    [NATIVE.IAM_ROLE]: { property: "managedPolicyArns", list: true, subject: "IAM role", principals: "self" },
    [NATIVE.IAM_USER]: { property: "managedPolicyArns", list: true, subject: "IAM user", principals: "self" },
    [NATIVE.IAM_GROUP]: { property: "managedPolicyArns", list: true, subject: "IAM group", principals: "self" },
};

/**
 * An AWS-managed policy (account `aws` in the ARN, any partition and path) that grants a whole
 * service or everything: `AdministratorAccess` and its service variants, `PowerUserAccess`, `*FullAccess`.
 */
export function broadManagedPolicy(arnValue: string): string | undefined {
    const name = awsManagedPolicyName(arnValue);
    if (name === undefined) return undefined;
    return /^AdministratorAccess\b/i.test(name) || /^PowerUserAccess$/i.test(name) || /FullAccess$/i.test(name) || awsManagedPolicy(name)?.wholeService ? name : undefined;
}

function reach(name: string): string {
    if (/FullAccess$/i.test(name)) return "a whole service on every resource";
    return /^PowerUserAccess$/i.test(name) ? "every service except IAM administration" : "administrative access to the account";
}

/** What a policy reads, for messages: its contact-data reads on every resource, and what it still lacks. */
function readsOf(name: string): string | undefined {
    const policy = awsManagedPolicy(name);
    const reads = policy ? dataReadsOf(policy) : [];
    if (reads.length === 0) return undefined;
    const lacksDecrypt = reads.some((action) => action.startsWith("s3:")) && !reads.includes("kms:Decrypt");
    return (
        `${reads.join(", ")} on every resource of the account, contact data included` +
        (lacksDecrypt ? " (recordings under a customer-managed key also need kms:Decrypt, which a key policy delegating to IAM grants to any policy that allows it)" : "")
    );
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

function isAllowed(arnValue: string, name: string, config: Config): boolean {
    return strings(config.allowedManagedPolicies).some((entry) => entry === arnValue || entry === name);
}

/** The principals that get the policy: their names as written (unknown while not known yet). */
interface Recipients {
    names: { name: string; where: string }[];
    unknown: string[];
}

function recipientsOf(type: string, resourceName: string, props: Record<string, unknown>): Recipients {
    const recipients: Recipients = { names: [], unknown: [] };
    const where = ATTACHED[type]?.principals ?? [];
    if (where === "self") {
        // A role, user or group is approved by its IAM name or by its Pulumi resource name.
        const property = iamNameProperty(type);
        const own = props[property];
        if (isUnknown(own)) recipients.unknown.push(property);
        else if (typeof own === "string" && own !== "") recipients.names.push({ name: own, where: `\`${property}\`` });
        recipients.names.push({ name: resourceName, where: "resource name" });
        return recipients;
    }
    for (const property of where) {
        const value = props[property];
        if (isUnknown(value)) recipients.unknown.push(property);
        const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
        entries.forEach((entry, index) => {
            const path = Array.isArray(value) ? `${property}[${index}]` : property;
            if (isUnknown(entry)) recipients.unknown.push(path);
            else if (typeof entry === "string" && entry !== "") recipients.names.push({ name: entry, where: `\`${path}\`` });
        });
    }
    return recipients;
}

/** Whether `approvedReaders` names the principal: by name, or by an ARN whose last segment is the name. */
function isApprovedReader(name: string, approved: readonly string[]): boolean {
    const last = (entry: string) => (parseArn(entry) ? entry.slice(entry.lastIndexOf("/") + 1) : entry);
    return approved.some((entry) => entry === name || last(entry) === last(name));
}

function judgeArn(subject: string, path: string, value: unknown, recipients: Recipients, self: boolean, config: Config, findings: ResourceFindings) {
    if (isUnknown(value)) {
        findings.undecided(`${subject}: \`${path}\` is not known yet.`);
        return;
    }
    if (typeof value !== "string") return;
    const name = awsManagedPolicyName(value);
    if (name === undefined || isAllowed(value, name, config)) return;
    const attaches = `${subject} attaches the AWS-managed policy ${describeValue(value)} in \`${path}\``;
    const reads = readsOf(name);
    if (broadManagedPolicy(value) !== undefined) {
        findings.violation(
            `${attaches}, which grants ${reach(name)}${reads ? ` and reads ${reads}` : ""}. Attach a customer-managed policy listing only the actions and resources needed, or add it to \`allowedManagedPolicies\` with a reason.`,
        );
        return;
    }
    if (reads === undefined) return;
    // A read-only data policy is the team's decision to let a principal read contact data: only approved readers hold one.
    const approved = strings(config.approvedReaders);
    const fix = `Attach a customer-managed policy naming only the buckets, streams and tables needed, or list the principal in \`approvedReaders\` if it must read contact data.`;
    // A principal's own list is approved by any of its names; an attachment needs every principal it names approved.
    const unapproved = recipients.names.filter((recipient) => !isApprovedReader(recipient.name, approved));
    const allApproved = self
        ? unapproved.length < recipients.names.length
        : recipients.names.length > 0 && unapproved.length === 0 && recipients.unknown.length === 0;
    if (allApproved) return;
    // A name not known yet can only turn the verdict when some reader is approved and no known name already fails.
    if (approved.length > 0 && recipients.unknown.length > 0 && (self || unapproved.length === 0)) {
        findings.undecided(`${subject}: whether the principal in \`${recipients.unknown[0]}\` that gets ${describeValue(value)} (which reads ${reads}) is in \`approvedReaders\` is not known yet.`);
        return;
    }
    const named = self ? unapproved.slice(0, 1) : unapproved;
    const who = named.length > 0 ? ` to ${named.map((r) => `${describeValue(r.name)} (${r.where})`).join(", ")}, which ${named.length > 1 ? "are" : "is"} not in \`approvedReaders\`` : "";
    findings.violation(`${attaches}${who}; it reads ${reads}. ${fix}`);
}

const attachment = (type: string, policyArn: unknown, name = "reviewer-policy") => ({ name, type, props: { role: "recording-reviewer", policyArn } });

export const noBroadManagedPolicies = resourceControl<Config>({
    name: "access-no-broad-managed-policies",
    title: "No AdministratorAccess, PowerUserAccess or *FullAccess managed policies, and data-reading read-only ones only for approved readers",
    area: "access",
    description:
        "No role, user or group gets the AWS-managed policies `AdministratorAccess` (or a service variant such as " +
        "`AdministratorAccess-Amplify`), `PowerUserAccess`, or any AWS-managed policy whose name ends in `FullAccess` " +
        "(`AmazonS3FullAccess`, `AmazonConnect_FullAccess`, ...). Checked on `RolePolicyAttachment`, `UserPolicyAttachment`, " +
        "`GroupPolicyAttachment`, `PolicyAttachment`, the `*PolicyAttachmentsExclusive` resources, a role's deprecated " +
        "`managedPolicyArns`, and the `managedPolicyArns` of aws-native `Role`, `User` and `Group`. An AWS-managed policy that reads " +
        "contact data on every resource without granting whole services (`AmazonS3ReadOnlyAccess`, `ReadOnlyAccess`, " +
        "`AmazonKinesisReadOnlyAccess`, `AmazonDynamoDBReadOnlyAccess`, `CloudWatchLogsReadOnlyAccess`, ...; the pack's table of " +
        "AWS-managed policies, from the AWS Managed Policy Reference Guide, says what each reads) may be held only by a principal " +
        "listed in `approvedReaders`; `ViewOnlyAccess`, which reads no objects, and `AWSKeyManagementServicePowerUser`, which does " +
        "not decrypt, pass. Customer-managed policies are judged by access-iam-no-data-wildcards instead. A policy ARN or " +
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
        "Replace read-only data policies (`AmazonS3ReadOnlyAccess`, `ReadOnlyAccess`, `AmazonKinesisReadOnlyAccess`, ...) with a policy naming the buckets, streams and tables the principal needs; a principal that must read contact data (an auditor) goes into `approvedReaders`.",
        "In aws-native the same applies to `managedPolicyArns` of a `Role`, `User` or `Group`; write the replacement as an `aws-native:iam:ManagedPolicy` or the role's `policies`.",
    ],
    parameters: {
        allowedManagedPolicies: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "AWS-managed policies to exempt, by full ARN or by policy name (e.g. `AmazonConnectReadOnlyAccess` needs no entry; `AmazonS3FullAccess` would).",
        },
        approvedReaders: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
                "Principals allowed to read contact data (the same list as access-recording-readers): IAM role, user or group names (Pulumi resource name or IAM name) or ARNs. Only these may hold a read-only AWS-managed policy that reads data on every resource.",
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
            title: "ViewOnlyAccess (job-function path), which lists buckets but reads no object",
            verdict: "compliant",
            resources: [attachment(ROLE_ATTACHMENT, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")],
        },
        {
            title: "AmazonS3ReadOnlyAccess on an approved reader",
            verdict: "compliant",
            config: { approvedReaders: ["recording-auditor"] },
            resources: [{ name: "auditor-s3", type: ROLE_ATTACHMENT, props: { role: "recording-auditor", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" } }],
        },
        {
            title: "AmazonS3ReadOnlyAccess on a role nobody approved to read recordings",
            verdict: "violation",
            resources: [attachment(ROLE_ATTACHMENT, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")],
        },
        {
            title: "aws-native: a Role with ReadOnlyAccess in its managedPolicyArns, which reads every object, record and item",
            verdict: "violation",
            config: { approvedReaders: ["recording-auditor"] },
            resources: [{ name: "analytics", type: NATIVE.IAM_ROLE, props: { roleName: "analytics", assumeRolePolicyDocument: {}, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } }],
        },
        {
            title: "first preview: AmazonKinesisReadOnlyAccess attached to a role whose name is not known yet, while some readers are approved",
            verdict: "deferred",
            config: { approvedReaders: ["recording-auditor"] },
            resources: [{ name: "stream-reader", type: ROLE_ATTACHMENT, props: { role: UNKNOWN, policyArn: "arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess" } }],
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
        const recipients = recipientsOf(resource.type, resource.name, resource.props);
        const self = where.principals === "self";
        const value = resource.props[where.property];
        if (!where.list || isUnknown(value)) {
            judgeArn(subject, where.property, value, recipients, self, config, findings);
            return;
        }
        const arns = Array.isArray(value) ? value : [value];
        arns.forEach((arn, index) => judgeArn(subject, `${where.property}[${index}]`, arn, recipients, self, config, findings));
    },
});
