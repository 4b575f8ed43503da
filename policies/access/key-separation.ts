/**
 * Whoever administers a key does not also decrypt with it.
 *
 * A principal that can both change a key (its policy, its state, its deletion) and use it on data can
 * read every recording and then erase the evidence or the key itself, alone: PCI DSS asks for split
 * knowledge and dual control over key-management operations (3.6.1) and least privilege in access
 * (7.2.1), ISO 27001 A.8.2 for privileged rights kept apart from ordinary use. In a key policy the
 * account root with `kms:*` is not such a principal: it hands the decision to the account's IAM
 * policies, where access-iam-no-data-wildcards judges it. The grant actions (`kms:CreateGrant`,
 * `kms:ListGrants`, `kms:RevokeGrant`) are not counted as administration: AWS's own default key
 * policy gives them to key *users* so that integrated services (Connect, Kinesis) can work.
 */
import { resourceControl, type ResourceFindings } from "../control";
import { parseArn } from "../lib/arn";
import { describeValue } from "../lib/describe";
import { KEY_POLICY_HOLDERS, keyPolicyHolderName, keyPolicyOf, KMS_KEY_POLICY, type KeyPolicyDocument } from "../lib/key-policies";
import { statementCoversAction, type Statement } from "../lib/policy-document";
import { readDocument, type ReadStatement } from "../lib/policy-statements";
import { KMS_KEY, NATIVE } from "../lib/resource-types";
import { UNKNOWN } from "../lib/unknown";

interface Config {
    keyAdminActions: string[];
    keyDataActions: string[];
}

const DECIDING_PARTS = ["Effect", "Principal", "NotPrincipal", "Action", "NotAction"];

/** The account root (ARN or bare account id): a key policy's way to delegate to IAM. */
function isAccountRoot(principal: string): boolean {
    if (/^\d{12}$/.test(principal)) return true;
    const arn = parseArn(principal);
    return arn !== undefined && arn.service === "iam" && arn.resource === "root";
}

/** Who a statement names; `*` for anyone, also for an Allow with `NotPrincipal`. */
function principalsOf(statement: Statement): string[] {
    const p = statement.principals;
    if (p === undefined) return statement.notPrincipals !== undefined ? ["*"] : [];
    return [...(p.anyone ? ["*"] : []), ...p.aws.filter((a) => a !== "*"), ...p.service, ...p.federated, ...p.canonicalUser];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
const sample = (actions: Set<string>) => [...actions].slice(0, 3).join(", ") + (actions.size > 3 ? ", ..." : "");
const covered = (statement: Statement, actions: string[]) => actions.filter((action) => statementCoversAction(statement, action));

interface Rights {
    admin: Set<string>;
    data: Set<string>;
    statements: Set<string>;
}

function rightsByPrincipal(statements: ReadStatement[], config: Config): Map<string, Rights> {
    const rights = new Map<string, Rights>();
    for (const { statement, label } of statements.filter((s) => s.statement.effect === "Allow")) {
        const admin = covered(statement, strings(config.keyAdminActions));
        const data = covered(statement, strings(config.keyDataActions));
        if (admin.length === 0 && data.length === 0) continue;
        for (const principal of principalsOf(statement).filter((p) => !isAccountRoot(p))) {
            const entry = rights.get(principal) ?? { admin: new Set(), data: new Set(), statements: new Set() };
            admin.forEach((action) => entry.admin.add(action));
            data.forEach((action) => entry.data.add(action));
            entry.statements.add(label);
            rights.set(principal, entry);
        }
    }
    // An unconditional Deny takes the actions it covers away again (for everyone when its principal is "*").
    for (const { statement } of statements.filter((s) => s.statement.effect === "Deny" && s.statement.conditions.length === 0)) {
        const denied = principalsOf(statement);
        for (const [principal, entry] of rights) {
            if (!denied.includes("*") && !denied.includes(principal)) continue;
            for (const set of [entry.admin, entry.data]) for (const action of [...set]) if (statementCoversAction(statement, action)) set.delete(action);
        }
    }
    return rights;
}

function judgeKeyPolicy(subject: string, { property, value }: KeyPolicyDocument, config: Config, findings: ResourceFindings) {
    const reading = readDocument(value);
    if (reading.kind === "absent") return;
    if (reading.kind === "unknown") {
        findings.undecided(`${subject}: \`${property}\` is not known yet.`);
        return;
    }
    if (reading.kind === "malformed") {
        findings.violation(`${subject}: \`${property}\` cannot be read (${reading.reason}), so who administers and who uses the key cannot be checked. Fix the key policy.`);
        return;
    }
    const certain = reading.statements.filter((s) => !DECIDING_PARTS.some((part) => s.unknown.has(part)));
    const uncertain = reading.statements.filter((s) => DECIDING_PARTS.some((part) => s.unknown.has(part)));
    const rights = [...rightsByPrincipal(certain, config)];
    const conflicts = rights.filter(([, r]) => r.admin.size > 0 && r.data.size > 0);

    const mayDeny = uncertain.some((s) => s.unknown.has("Effect") || s.statement.effect === "Deny");
    if (conflicts.length > 0 && !mayDeny) {
        for (const [principal, r] of conflicts) {
            const who = principal === "*" ? 'everyone (`Principal` "*")' : `the principal ${describeValue(principal)}`;
            findings.violation(
                `${subject}: ${who} may both administer the key (${sample(r.admin)}) and use it on data (${sample(r.data)}) ` +
                    `through ${[...r.statements].join(", ")} of \`${property}\`. ` +
                    "Give key administration and data use to different principals; only the account root may keep `kms:*`, to delegate to IAM.",
            );
        }
        return;
    }
    // Statements not known yet matter only if some principal other than the root could end up with both kinds of right.
    const mayAllow = uncertain.filter(
        (s) => s.statement.effect === "Allow" && (s.unknown.has("Principal") || s.unknown.has("NotPrincipal") || principalsOf(s.statement).some((p) => !isAccountRoot(p))),
    );
    const unknownActions = (s: ReadStatement) => s.unknown.has("Action") || s.unknown.has("NotAction");
    const grantedSomewhere = (kind: "admin" | "data", actions: string[]) =>
        rights.some(([, r]) => r[kind].size > 0) || mayAllow.some((s) => unknownActions(s) || covered(s.statement, actions).length > 0);
    const mixed = grantedSomewhere("admin", strings(config.keyAdminActions)) && grantedSomewhere("data", strings(config.keyDataActions));
    if (conflicts.length > 0 || (mayAllow.length > 0 && mixed)) {
        const parts = [...new Set(uncertain.flatMap((s) => DECIDING_PARTS.filter((part) => s.unknown.has(part)).map((part) => `the \`${part}\` of ${s.label}`)))];
        findings.undecided(`${subject}: ${parts.join(", ")} of \`${property}\` ${parts.length > 1 ? "are" : "is"} not known yet, and decide whether a key administrator can also use the key on data.`);
    }
}

const ROOT = "arn:aws:iam::111122223333:root";
const ADMIN_ROLE = "arn:aws:iam::111122223333:role/key-admin";
const CONNECT_ROLE = "arn:aws:iam::111122223333:role/connect-storage";
const statementsOf = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const rootStatement = { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const adminStatement = (principal: unknown = ADMIN_ROLE) => ({
    Sid: "KeyAdministrators",
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
    Resource: "*",
});
const userStatement = (principal: unknown = CONNECT_ROLE) => ({
    Sid: "KeyUsers",
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: "*",
});
const userGrantsStatement = {
    Sid: "KeyUsersGrantsForAwsResources",
    Effect: "Allow",
    Principal: { AWS: CONNECT_ROLE },
    Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
    Resource: "*",
    Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
};
const key = (policy: unknown) => ({ name: "recordings-key", type: KMS_KEY, props: { enableKeyRotation: true, ...(policy === undefined ? {} : { policy }) } });
const nativeKey = (keyPolicy: unknown) => ({ name: "recordings-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true, ...(keyPolicy === undefined ? {} : { keyPolicy }) } });

export const keyAdminsSeparate = resourceControl<Config>({
    name: "access-key-admins-separate",
    title: "Key administrators and key users are different principals",
    area: "access",
    description:
        "In a KMS key policy (the classic `Key`, `ReplicaKey` or `ExternalKey` `policy` and `KeyPolicy`; the aws-native `kms.Key` or " +
        "`kms.ReplicaKey` `keyPolicy`, an object or a JSON string), no principal other than the account root is allowed both key " +
        "administration (`kms:Create*`, `kms:Put*`, `kms:Enable*`, `kms:Disable*`, `kms:Update*`, `kms:Delete*`, " +
        "`kms:ScheduleKeyDeletion`, `kms:CancelKeyDeletion`, `kms:TagResource`, ... or `kms:*`) and data use (`kms:Decrypt`, " +
        "`kms:Encrypt`, `kms:GenerateDataKey*`, `kms:ReEncrypt*`). Prefix wildcards and `NotAction` are expanded; an unconditional " +
        "Deny removes what it covers. The grant actions AWS gives key users in its default policy are not administration. A key " +
        "without a policy of its own gets the AWS default policy (account root only) and is compliant.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(b)"],
        pciDss: ["3.6.1", "7.2.1"],
        iso27001: ["A.8.2", "A.8.24"],
    },
    remediation: [
        "Give key administration (`kms:Create*`, `kms:Put*`, `kms:Enable*`, `kms:Disable*`, `kms:Update*`, `kms:Delete*`, `kms:ScheduleKeyDeletion`, ...) to a dedicated key-admin role.",
        "Give data use (`kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`) to the roles and services that process recordings, in a separate statement.",
        "Replace `kms:*` for any principal other than the account root with one of those two lists.",
        "With aws-native, the key policy is the `keyPolicy` of `kms.Key` (an object); the same separation applies there.",
    ],
    parameters: {
        keyAdminActions: {
            type: "array",
            items: { type: "string" },
            default: [
                "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:PutKeyPolicy", "kms:EnableKey", "kms:DisableKey",
                "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
                "kms:UpdateKeyDescription", "kms:UpdatePrimaryRegion", "kms:ReplicateKey", "kms:ImportKeyMaterial", "kms:DeleteImportedKeyMaterial",
                "kms:TagResource", "kms:UntagResource",
            ],
            description: "KMS actions that administer a key. A statement whose `Action` pattern (or `NotAction`) covers one of them grants administration.",
        },
        keyDataActions: {
            type: "array",
            items: { type: "string" },
            default: [
                "kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
                "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext",
            ],
            description: "KMS actions that use a key on data. A statement whose `Action` pattern (or `NotAction`) covers one of them grants data use.",
        },
    },
    appliesTo: KEY_POLICY_HOLDERS,
    examples: [
        {
            title: "the AWS console's key policy: root, a key-admin role, and a key-user role with grants for AWS resources",
            verdict: "compliant",
            resources: [key(JSON.stringify(statementsOf(rootStatement, adminStatement(), userStatement(), userGrantsStatement)))],
        },
        {
            title: "a key without a policy, which gets the AWS default policy (account root only)",
            verdict: "compliant",
            resources: [key(undefined)],
        },
        {
            title: "a role allowed kms:* in the key policy",
            verdict: "violation",
            resources: [key(JSON.stringify(statementsOf(rootStatement, { Effect: "Allow", Principal: { AWS: CONNECT_ROLE }, Action: "kms:*", Resource: "*" })))],
        },
        {
            title: "the key-admin role is also listed as a key user (KeyPolicy resource)",
            verdict: "violation",
            resources: [
                {
                    name: "recordings-key-policy",
                    type: KMS_KEY_POLICY,
                    props: { keyId: UNKNOWN, policy: JSON.stringify(statementsOf(rootStatement, adminStatement(), userStatement([CONNECT_ROLE, ADMIN_ROLE]))) },
                },
            ],
        },
        {
            title: "first preview: a role with kms:* still blocks although the key users' role ARN is unknown",
            verdict: "violation",
            resources: [key(statementsOf(rootStatement, { ...adminStatement(), Action: "kms:*" }, userStatement(UNKNOWN)))],
        },
        {
            title: "first preview: the key policy is computed from role ARNs not known yet",
            verdict: "deferred",
            resources: [key(UNKNOWN)],
        },
        {
            title: "aws-native: a kms.Key whose keyPolicy object separates the key-admin role from the key-user role",
            verdict: "compliant",
            resources: [nativeKey(statementsOf(rootStatement, adminStatement(), userStatement(), userGrantsStatement))],
        },
        {
            title: "aws-native: a kms.Key whose keyPolicy gives a role kms:*",
            verdict: "violation",
            resources: [nativeKey(statementsOf(rootStatement, { Effect: "Allow", Principal: { AWS: CONNECT_ROLE }, Action: "kms:*", Resource: "*" }))],
        },
        {
            title: "aws-native: a kms.ReplicaKey whose keyPolicy, a JSON string, lists the key-admin role as a key user",
            verdict: "violation",
            resources: [
                {
                    name: "recordings-key-replica",
                    type: NATIVE.KMS_REPLICA_KEY,
                    props: { primaryKeyArn: UNKNOWN, keyPolicy: JSON.stringify(statementsOf(rootStatement, adminStatement(), userStatement([CONNECT_ROLE, ADMIN_ROLE]))) },
                },
            ],
        },
        {
            title: "mixed providers: a classic KeyPolicy on an aws-native key gives the key-admin role data use too",
            verdict: "violation",
            resources: [
                nativeKey(undefined),
                {
                    name: "recordings-key-policy",
                    type: KMS_KEY_POLICY,
                    props: { keyId: UNKNOWN, policy: JSON.stringify(statementsOf(rootStatement, adminStatement(), userStatement(ADMIN_ROLE))) },
                    propertyDependencies: { keyId: ["recordings-key"] },
                },
            ],
        },
        {
            title: "aws-native first preview: the keyPolicy object names roles whose ARNs are not known yet",
            verdict: "deferred",
            resources: [nativeKey(statementsOf(rootStatement, adminStatement(UNKNOWN), userStatement(UNKNOWN)))],
        },
        {
            title: "first preview: the administrators' and users' role ARNs are not known yet and may be the same role",
            verdict: "deferred",
            resources: [key(statementsOf(rootStatement, adminStatement(UNKNOWN), userStatement(UNKNOWN)))],
        },
    ],
    check(resource, config, findings) {
        const document = keyPolicyOf(resource);
        if (document) judgeKeyPolicy(keyPolicyHolderName(resource), document, config, findings);
    },
});
