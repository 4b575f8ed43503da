/**
 * A role's trust policy says exactly who may become the role.
 *
 * `Principal: "*"` (or `{"AWS": "*"}`) with no narrowing condition lets any AWS account assume the
 * role. A service principal such as `firehose.amazonaws.com` is the whole service, acting for every
 * AWS customer: without `aws:SourceAccount` / `aws:SourceArn` in the trust policy, another account can
 * point its own delivery stream, Connect instance or job at this role and make the service act here
 * with the role's rights, the cross-service "confused deputy". A few services assume roles only
 * because a principal of this account handed them over with `iam:PassRole` (EC2 instance profiles,
 * Lambda and ECS task roles); they do not send those keys when assuming, so a condition would only
 * break them, and they are exempt by a parameter. A SAML federation trust without `SAML:aud` accepts
 * assertions meant for any other service of the identity provider.
 */
import { resourceControl, type ResourceFindings } from "../control";
import { describeValue } from "../lib/describe";
import { allowsAnyoneUnconditionally, hasScopingCondition, statementCoversAction, type Condition, type Statement } from "../lib/policy-document";
import { trustPolicyProperty } from "../lib/iam-resources";
import { readDocument } from "../lib/policy-statements";
import { NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    servicesWithoutSourceContext: string[];
}

const ROLE = "aws:iam/role:Role";
const SOURCE_KEYS = new Set(["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid"]);
const NARROWING = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;

const knownValues = (condition: Condition) => !condition.values.some(isUnknown);

/** Whether a statement carries a narrowing condition on `keys`: yes, no, or not known yet. */
function narrowedBy(statement: Statement, unknownParts: ReadonlySet<string>, keys: ReadonlySet<string>): "yes" | "no" | "unknown" {
    const relevant = statement.conditions.filter((condition) => keys.has(condition.key.toLowerCase()));
    if (hasScopingCondition({ ...statement, conditions: relevant.filter(knownValues) })) return "yes";
    return unknownParts.has("Condition") ? "unknown" : "no";
}

function hasSamlAudience(statement: Statement): boolean {
    return statement.conditions.some(
        (c) => c.key.toLowerCase() === "saml:aud" && NARROWING.test(c.operator) && c.values.length > 0 && c.values.every((v) => v !== "*" && v !== ""),
    );
}

type Verdict = { violations: string[]; undecided: string[] };

function judgeStatement(statement: Statement, unknownParts: ReadonlySet<string>, where: string, config: Config): Verdict {
    const verdict: Verdict = { violations: [], undecided: [] };
    const problems: string[] = [];
    const pending: string[] = [];

    const openToAnyone = allowsAnyoneUnconditionally({ ...statement, conditions: statement.conditions.filter(knownValues) });
    if (openToAnyone) {
        if (unknownParts.has("Condition")) pending.push("`Condition`");
        else problems.push(
            "lets anyone assume the role with no condition narrowing who. Name the trusted account or role as `Principal`, " +
                "or add a condition on `aws:PrincipalOrgID` or `aws:PrincipalArn`",
        );
    }

    const exempt = new Set((Array.isArray(config.servicesWithoutSourceContext) ? config.servicesWithoutSourceContext : []).map((s) => String(s).toLowerCase()));
    const services = (statement.principals?.service ?? []).filter((service) => !isUnknown(service) && !exempt.has(service.toLowerCase()));
    if (services.length > 0) {
        const scoped = narrowedBy(statement, unknownParts, SOURCE_KEYS);
        if (scoped === "unknown") pending.push("`Condition`");
        else if (scoped === "no") {
            problems.push(
                `lets the service principal${services.length > 1 ? "s" : ""} ${services.map(describeValue).join(", ")} assume the role without ` +
                    "`aws:SourceAccount` or `aws:SourceArn`, so another account's use of the service could act through it (confused deputy). " +
                    'Add `Condition: { StringEquals: { "aws:SourceAccount": "<account id>" } }` or `ArnLike` on `aws:SourceArn`',
            );
        }
    }

    const federated = (statement.principals?.federated ?? []).filter((principal) => !isUnknown(principal));
    if (federated.length > 0) {
        if (unknownParts.has("Action") || unknownParts.has("NotAction")) pending.push("`Action`");
        else if (statementCoversAction(statement, "sts:AssumeRoleWithSAML") && !hasSamlAudience(statement)) {
            if (unknownParts.has("Condition")) pending.push("`Condition`");
            else {
                problems.push(
                    `allows \`sts:AssumeRoleWithSAML\` for ${federated.map(describeValue).join(", ")} without a \`SAML:aud\` condition. ` +
                        'Add `Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }`',
                );
            }
        }
    }
    if (unknownParts.has("Principal") || unknownParts.has("NotPrincipal")) pending.push(unknownParts.has("Principal") ? "`Principal`" : "`NotPrincipal`");

    if (problems.length > 0 && !unknownParts.has("Effect")) verdict.violations.push(...problems.map((problem) => `${where} ${problem}.`));
    else if (problems.length > 0) verdict.undecided.push(`the \`Effect\` of ${where} is not known yet.`);
    else if (pending.length > 0) verdict.undecided.push(`the ${[...new Set(pending)].join(", ")} of ${where} ${pending.length > 1 ? "are" : "is"} not known yet.`);
    return verdict;
}

/** Judges the trust policy in `property` (`assumeRolePolicy`, aws-native `assumeRolePolicyDocument`). */
function judgeTrustPolicy(subject: string, property: string, value: unknown, config: Config, findings: ResourceFindings) {
    const reading = readDocument(value);
    if (reading.kind === "absent") return;
    if (reading.kind === "unknown") {
        findings.undecided(`${subject}: \`${property}\` is not known yet.`);
        return;
    }
    if (reading.kind === "malformed") {
        findings.violation(`${subject}: \`${property}\` cannot be read (${reading.reason}), so who may assume the role cannot be checked. Fix the trust policy document.`);
        return;
    }
    for (const { statement, label, unknown } of reading.statements) {
        if (statement.effect === "Deny") continue;
        const verdict = judgeStatement(statement, unknown, `${label} of \`${property}\``, config);
        for (const message of verdict.violations) findings.violation(`${subject}: ${message}`);
        for (const message of verdict.undecided) findings.undecided(`${subject}: ${message}`);
    }
}

const trust = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const role = (assumeRolePolicy: unknown, name = "ctr-delivery") => ({ name, type: ROLE, props: { assumeRolePolicy } });
const nativeRole = (assumeRolePolicyDocument: unknown, name = "ctr-delivery") => ({ name, type: NATIVE.IAM_ROLE, props: { assumeRolePolicyDocument } });
const firehoseTrust = (condition?: unknown) => ({
    Effect: "Allow",
    Principal: { Service: "firehose.amazonaws.com" },
    Action: "sts:AssumeRole",
    ...(condition === undefined ? {} : { Condition: condition }),
});
const samlTrust = (condition?: unknown) => ({
    Effect: "Allow",
    Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/corporate-idp" },
    Action: "sts:AssumeRoleWithSAML",
    ...(condition === undefined ? {} : { Condition: condition }),
});

export const roleTrustScoped = resourceControl<Config>({
    name: "access-role-trust-scoped",
    title: "Role trust policies name who may assume the role, and scope service principals to this account",
    area: "access",
    description:
        "A role's trust policy (classic `assumeRolePolicy`, aws-native `assumeRolePolicyDocument`) has no Allow for `Principal: \"*\"` or `{\"AWS\": \"*\"}` (or `NotPrincipal`) without a condition " +
        "that narrows who. An Allow for a service principal (`Service: \"firehose.amazonaws.com\"`) carries `aws:SourceAccount`, " +
        "`aws:SourceArn` or `aws:SourceOrgID`: this is confused-deputy protection, because a service acts on behalf of resources of " +
        "every AWS customer and without those keys another account's resource could make the service assume this role. Services " +
        "that assume a role only after a principal of this account passed it to them (`iam:PassRole`), and that do not send those " +
        "keys, are listed in `servicesWithoutSourceContext` and exempt. A SAML federation Allow of `sts:AssumeRoleWithSAML` " +
        "carries a `SAML:aud` condition.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.15", "A.5.16", "A.8.2"],
    },
    remediation: [
        "Name the trusted principal: an account root ARN, a role ARN, or a service principal; never `\"*\"` without `aws:PrincipalOrgID` or `aws:PrincipalArn`.",
        'For service principals add `Condition: { StringEquals: { "aws:SourceAccount": "<account id>" }, ArnLike: { "aws:SourceArn": "<resource ARN>" } }`.',
        'For SAML federation add `Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }`.',
        "In aws-native the trust policy is the role's `assumeRolePolicyDocument` (an object or JSON string); the same statements apply.",
    ],
    parameters: {
        servicesWithoutSourceContext: {
            type: "array",
            items: { type: "string" },
            default: ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "edgelambda.amazonaws.com"],
            description:
                "Service principals exempt from the `aws:SourceAccount` / `aws:SourceArn` requirement: services that assume a role only " +
                "after a principal of this account passed it to them (`iam:PassRole`) and do not send those keys when they assume it.",
        },
    },
    appliesTo: [ROLE, NATIVE.IAM_ROLE],
    examples: [
        {
            title: "a Firehose delivery role scoped to the account with aws:SourceAccount",
            verdict: "compliant",
            resources: [role(trust(firehoseTrust({ StringEquals: { "aws:SourceAccount": "111122223333" } })))],
        },
        {
            title: "a Lambda execution role, whose service sends no source keys, and the account root",
            verdict: "compliant",
            resources: [
                role(
                    trust(
                        { Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: "sts:AssumeRole" },
                        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" },
                    ),
                    "transcribe-trigger",
                ),
            ],
        },
        {
            title: "a SAML federation role restricted to the AWS sign-in audience",
            verdict: "compliant",
            resources: [role(trust(samlTrust({ StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } })), "supervisor")],
        },
        {
            title: 'a role anyone can assume (Principal {"AWS": "*"}, no condition)',
            verdict: "violation",
            resources: [role(trust({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }), "open-role")],
        },
        {
            title: "a Firehose delivery role without aws:SourceAccount or aws:SourceArn",
            verdict: "violation",
            resources: [role(trust(firehoseTrust()))],
        },
        {
            title: "a SAML federation role without SAML:aud",
            verdict: "violation",
            resources: [role(trust(samlTrust()), "supervisor")],
        },
        {
            title: "first preview: an unscoped Connect service trust still blocks although the other statement's principal is unknown",
            verdict: "violation",
            resources: [
                role({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Principal: { Service: "connect.amazonaws.com" }, Action: "sts:AssumeRole" },
                        { Effect: "Allow", Principal: { AWS: UNKNOWN }, Action: "sts:AssumeRole" },
                    ],
                }),
            ],
        },
        {
            title: "first preview: the trust policy is computed from outputs not known yet",
            verdict: "deferred",
            resources: [role(UNKNOWN)],
        },
        {
            title: "aws-native: a Firehose delivery Role whose assumeRolePolicyDocument (an object) is scoped with aws:SourceAccount",
            verdict: "compliant",
            resources: [nativeRole({ Version: "2012-10-17", Statement: [firehoseTrust({ StringEquals: { "aws:SourceAccount": "111122223333" } })] })],
        },
        {
            title: "aws-native: a Role whose assumeRolePolicyDocument lets the Connect service assume it without aws:SourceArn",
            verdict: "violation",
            resources: [nativeRole({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "connect.amazonaws.com" }, Action: "sts:AssumeRole" }] })],
        },
        {
            title: "aws-native: a Role anyone can assume, its assumeRolePolicyDocument given as a JSON string",
            verdict: "violation",
            resources: [nativeRole(trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }), "open-role")],
        },
        {
            title: "aws-native first preview: the Role's assumeRolePolicyDocument is computed from outputs not known yet",
            verdict: "deferred",
            resources: [nativeRole(UNKNOWN)],
        },
        {
            title: "first preview: the aws:SourceArn of a Firehose trust is the stream's ARN, not known yet",
            verdict: "deferred",
            resources: [role({ Version: "2012-10-17", Statement: [firehoseTrust({ ArnLike: { "aws:SourceArn": UNKNOWN } })] })],
        },
    ],
    check(resource, config, findings) {
        const property = trustPolicyProperty(resource.type);
        judgeTrustPolicy(`IAM role '${resource.name}'`, property, resource.props[property], config, findings);
    },
});

