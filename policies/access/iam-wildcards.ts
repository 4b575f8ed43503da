/**
 * IAM policies name the data actions and resources a principal needs, never "everything".
 *
 * `s3:*` on a recordings bucket lets a role delete the bucket policy and the recordings with it;
 * `kms:*` lets it schedule the key's deletion; `*` makes it an administrator. An Allow with
 * `NotAction` grants every action it does not list, which is the same wildcard in disguise. Prefix
 * wildcards (`kms:GenerateDataKey*`, `s3:List*`) are ordinary AWS practice and are not findings. The
 * other half of least privilege is the resource: `s3:GetObject` or `kms:Decrypt` on `Resource: "*"`
 * reads every object of every bucket, and decrypts with every key that trusts the account's IAM
 * policies, so a data read must name its buckets and keys. (In a KMS *key* policy `Resource: "*"`
 * means "this key"; key policies are judged by access-no-unscoped-public-resource-policies.)
 */
import { resourceControl, type ResourceFindings } from "../control";
import { describeValue } from "../lib/describe";
import { DOCUMENT_CARRIERS, identityDocumentsOf } from "../lib/iam-resources";
import { statementCoversAction, wildcardActions, type Statement } from "../lib/policy-document";
import { readDocument } from "../lib/policy-statements";
import { NATIVE } from "../lib/resource-types";
import { UNKNOWN } from "../lib/unknown";

interface Config {
    dataServices: string[];
    dataReadActions: string[];
}

const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
const GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
const ROLE = "aws:iam/role:Role";

const SUBJECTS: Record<string, string> = {
    [POLICY]: "IAM policy",
    [ROLE_POLICY]: "IAM role policy",
    [USER_POLICY]: "IAM user policy",
    [GROUP_POLICY]: "IAM group policy",
    [ROLE]: "IAM role",
    [NATIVE.IAM_MANAGED_POLICY]: "IAM managed policy",
    [NATIVE.IAM_ROLE_POLICY]: "IAM role policy",
    [NATIVE.IAM_USER_POLICY]: "IAM user policy",
    [NATIVE.IAM_GROUP_POLICY]: "IAM group policy",
    [NATIVE.IAM_ROLE]: "IAM role",
    [NATIVE.IAM_USER]: "IAM user",
    [NATIVE.IAM_GROUP]: "IAM group",
};

// --- the rule -----------------------------------------------------------------------------------

// `*`, or an ARN naming every bucket, every object or every key: `arn:aws:s3:::*`, `arn:aws:s3:::*/*`, `arn:aws:kms:*:*:key/*`.
function namesEveryResource(pattern: string): boolean {
    if (pattern === "*") return true;
    const arn = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(pattern);
    if (!arn) return false;
    return arn[1] === "s3" || arn[1] === "*" ? /^\*(\/\*)?$/.test(arn[2]) : /^(\*|[a-z-]+[/:]\*)$/i.test(arn[2]);
}

function onEveryResource(statement: Statement): boolean {
    if (statement.resources === undefined) return statement.notResources !== undefined;
    return statement.resources.some(namesEveryResource);
}

/** A configured list, tolerating a hand-edited config that is not one. */
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** What a statement allows that least privilege forbids, read as an Allow. */
function problemsOf(statement: Statement, config: Config): { problems: string[]; dataReads: string[] } {
    const services = new Set(strings(config.dataServices).map((service) => service.toLowerCase()));
    const wildcards = wildcardActions(statement).filter(
        (action) => action === "*" || action === "NotAction" || services.has(action.split(":")[0].toLowerCase()),
    );
    const dataReads = strings(config.dataReadActions).filter((action) => statementCoversAction(statement, action));
    const problems: string[] = [];
    if (wildcards.includes("NotAction")) problems.push("allows every action outside its `NotAction`");
    const listed = wildcards.filter((action) => action !== "NotAction");
    if (listed.length > 0) problems.push(`allows ${listed.map(describeValue).join(", ")}`);
    if (dataReads.length > 0 && onEveryResource(statement)) {
        problems.push(`allows the data read${dataReads.length > 1 ? "s" : ""} ${dataReads.map(describeValue).join(", ")} on every resource`);
    }
    return { problems, dataReads };
}

const FIX =
    "List only the actions needed (e.g. `s3:GetObject`, `kms:Decrypt`, `kms:GenerateDataKey*`) and the ARNs of the buckets, " +
    "objects and keys they apply to.";

function judgeDocument(subject: string, path: string, value: unknown, config: Config, findings: ResourceFindings) {
    const reading = readDocument(value);
    if (reading.kind === "absent") return;
    if (reading.kind === "unknown") {
        findings.undecided(`${subject}: \`${path}\` is not known yet.`);
        return;
    }
    if (reading.kind === "malformed") {
        findings.violation(`${subject}: \`${path}\` cannot be read (${reading.reason}), so its permissions cannot be checked. Fix the policy document.`);
        return;
    }
    for (const { statement, label, unknown } of reading.statements) {
        if (statement.effect === "Deny") continue;
        const where = `${label} of \`${path}\``;
        const { problems, dataReads } = problemsOf(statement, config);
        const unknownPart = (parts: string[]) => parts.find((part) => unknown.has(part));
        const action = unknownPart(["Action", "NotAction"]);
        // An unknown Resource is the output of a resource (an ARN), never "*": a wildcard beside it is
        // still seen as a literal. Only an unknown NotResource leaves the reach of a data read open.
        const resource = unknownPart(["NotResource"]);
        if (problems.length > 0 && !unknown.has("Effect")) {
            findings.violation(`${subject}: ${where} ${problems.join(" and ")}. ${FIX}`);
        } else if (problems.length > 0) {
            findings.undecided(`${subject}: the \`Effect\` of ${where}, which ${problems.join(" and ")}, is not known yet.`);
        } else if (action) {
            findings.undecided(`${subject}: the \`${action}\` of ${where} is not known yet.`);
        } else if (dataReads.length > 0 && resource) {
            findings.undecided(`${subject}: the \`${resource}\` of ${where}, which allows data reads, is not known yet.`);
        }
    }
}

const document = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const readRecordings = {
    Sid: "ReadRecordings",
    Effect: "Allow",
    Action: ["s3:GetObject", "s3:ListBucket"],
    Resource: ["arn:aws:s3:::acme-recordings", "arn:aws:s3:::acme-recordings/*"],
};
const useKey = {
    Sid: "UseRecordingsKey",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};
const rolePolicy = (policy: unknown) => ({ name: "reviewer-read", type: ROLE_POLICY, props: { role: "recording-reviewer", policy } });

export const iamNoDataWildcards = resourceControl<Config>({
    name: "access-iam-no-data-wildcards",
    title: "IAM policies grant no wildcards on data services and no data reads on every resource",
    area: "access",
    description:
        "IAM policies of either provider (classic `Policy`, `RolePolicy`, `UserPolicy`, `GroupPolicy` and a role's `inlinePolicies`; " +
        "aws-native `ManagedPolicy`, `RolePolicy`, `UserPolicy`, `GroupPolicy` `policyDocument` and the `policies[].policyDocument` " +
        "of a `Role`, `User` or `Group`) contain no Allow " +
        "statement with `Action: \"*\"`, a whole-service wildcard such as `s3:*` or `kms:*` on a data service, or " +
        "`NotAction` (which grants everything it does not list). Prefix wildcards such as `kms:GenerateDataKey*` are " +
        "fine. Data reads (`s3:GetObject`, `s3:GetObjectVersion`, `kms:Decrypt`, configurable) must name their resources: " +
        'an Allow of them on `Resource: "*"`, an ARN naming every bucket or key, or `NotResource` is a violation. A ' +
        "document that cannot be read is a violation; parts not known during preview are checked again during the update.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1", "7.2.6"],
        iso27001: ["A.5.15", "A.8.2", "A.8.3"],
    },
    remediation: [
        "Replace `*` and service wildcards such as `s3:*` with the actions the principal uses (`s3:GetObject`, `s3:PutObject`, `kms:Decrypt`, ...).",
        "Replace `NotAction` Allows with an explicit `Action` list.",
        "Give data reads the ARNs of the buckets (`${bucket.arn}/*`) and keys (`key.arn`) they need instead of `\"*\"`.",
        "In aws-native write the same in `policyDocument` (an object or JSON string) of the `ManagedPolicy`, `RolePolicy`, `UserPolicy` or `GroupPolicy`, or in `policies[].policyDocument` of the `Role`, `User` or `Group`.",
    ],
    parameters: {
        dataServices: {
            type: "array",
            items: { type: "string" },
            // The other stores of contact data by their IAM prefixes: Customer Profiles (`profile`), Amazon Q in
            // Connect (`wisdom`), Voice ID, AppIntegrations (`app-integrations`) and Connect Cases.
            default: [
                "s3", "kms", "connect", "kinesis", "kinesisvideo", "firehose", "logs", "dynamodb", "sqs", "sns", "transcribe", "lex",
                "profile", "wisdom", "voiceid", "app-integrations", "cases",
            ],
            description:
                "Service prefixes that hold or reach contact data; a whole-service wildcard (`<service>:*`) on any of them is a " +
                'violation. `"*"` and `NotAction` are violations whatever this list says.',
        },
        dataReadActions: {
            type: "array",
            items: { type: "string" },
            default: ["s3:GetObject", "s3:GetObjectVersion", "kms:Decrypt"],
            description: 'Actions that read contact data; an Allow that covers one of them (also through a prefix wildcard) may not apply to `Resource: "*"`.',
        },
    },
    appliesTo: DOCUMENT_CARRIERS,
    examples: [
        {
            title: "a reviewer role policy that reads one bucket and decrypts with one key",
            verdict: "compliant",
            resources: [rolePolicy(document(readRecordings, useKey))],
        },
        {
            title: "a role whose inline policy lists actions and resources, with a prefix wildcard on kms:GenerateDataKey*",
            verdict: "compliant",
            resources: [
                {
                    name: "connect-export",
                    type: ROLE,
                    props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "export", policy: document(useKey, { ...readRecordings, Action: "s3:PutObject" }) }] },
                },
            ],
        },
        {
            title: "a policy that allows s3:* on the recordings bucket",
            verdict: "violation",
            resources: [{ name: "uploader", type: POLICY, props: { policy: document({ ...readRecordings, Action: "s3:*" }) } }],
        },
        {
            title: 'a policy that allows kms:Decrypt on Resource "*"',
            verdict: "violation",
            resources: [rolePolicy(document({ ...useKey, Resource: "*" }))],
        },
        {
            title: "a user policy with a NotAction Allow",
            verdict: "violation",
            resources: [{ name: "operator", type: USER_POLICY, props: { user: "operator", policy: document({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) } }],
        },
        {
            title: "a CRM integration that may do anything with Customer Profiles (profile:*)",
            verdict: "violation",
            resources: [rolePolicy(document({ Effect: "Allow", Action: "profile:*", Resource: "*" }))],
        },
        {
            title: "first preview: a kinesis:* Allow still blocks although its Resource is the stream's unknown ARN",
            verdict: "violation",
            resources: [rolePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kinesis:*", Resource: UNKNOWN }] })],
        },
        {
            title: "a policy document that is not valid JSON",
            verdict: "violation",
            resources: [rolePolicy('{"Statement": [')],
        },
        {
            title: "first preview: the whole policy document is computed from ARNs not known yet",
            verdict: "deferred",
            resources: [rolePolicy(UNKNOWN)],
        },
        {
            title: "first preview: an s3:GetObject Allow on a bucket ARN not known yet (an output, never *)",
            verdict: "compliant",
            resources: [rolePolicy({ Version: "2012-10-17", Statement: [{ ...readRecordings, Resource: UNKNOWN }] })],
        },
        {
            title: "first preview: an s3:GetObject Allow on everything but a NotResource not known yet",
            verdict: "violation",
            resources: [rolePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", NotResource: UNKNOWN }] })],
        },
        {
            title: "aws-native: a Role whose inline policy (an object) reads one bucket and decrypts with one key",
            verdict: "compliant",
            resources: [
                {
                    name: "recording-reviewer",
                    type: NATIVE.IAM_ROLE,
                    props: {
                        assumeRolePolicyDocument: {},
                        policies: [{ policyName: "review", policyDocument: { Version: "2012-10-17", Statement: [readRecordings, useKey] } }],
                    },
                },
            ],
        },
        {
            title: "aws-native: a ManagedPolicy whose policyDocument allows s3:* on the recordings bucket",
            verdict: "violation",
            resources: [
                {
                    name: "uploader",
                    type: NATIVE.IAM_MANAGED_POLICY,
                    props: { roles: ["recording-uploader"], policyDocument: { Version: "2012-10-17", Statement: [{ ...readRecordings, Action: "s3:*" }] } },
                },
            ],
        },
        {
            title: "aws-native: a User whose inline policy, a JSON string, reads objects on every resource",
            verdict: "violation",
            resources: [
                {
                    name: "analyst",
                    type: NATIVE.IAM_USER,
                    props: { policies: [{ policyName: "analysis", policyDocument: document({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }] },
                },
            ],
        },
        {
            title: "aws-native first preview: a RolePolicy whose policyDocument is built from outputs not known yet",
            verdict: "deferred",
            resources: [{ name: "reviewer-read", type: NATIVE.IAM_ROLE_POLICY, props: { roleName: "recording-reviewer", policyName: "read", policyDocument: UNKNOWN } }],
        },
    ],
    check(resource, config, findings) {
        const subject = `${SUBJECTS[resource.type] ?? resource.type} '${resource.name}'`;
        for (const { path, name, value } of identityDocumentsOf(resource.type, resource.props)) {
            judgeDocument(`${subject}${name === undefined ? "" : ` (inline policy ${describeValue(name)})`}`, path, value, config, findings);
        }
    },
});
