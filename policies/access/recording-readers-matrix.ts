/**
 * Who can read recordings: the principals that can both fetch a contact data object (s3:GetObject)
 * and decrypt it with the bucket's KMS key (kms:Decrypt). Either permission alone reads nothing.
 *
 * The model is deliberately small and same-account, so that auditors can follow every row:
 * - Principals are the IAM roles and users of the stack, plus every principal ARN (and `*`) named
 *   in the bucket or key policy. Principals defined outside the stack are governed by IAM policies
 *   the stack cannot see; they are assumed to allow what the resource policies let them do.
 * - GetObject: an identity policy (inline, RolePolicy / UserPolicy, attached managed policy; an AWS
 *   managed policy grants what the pack's table of them says, policies/lib/aws-managed-policies.ts) or the
 *   bucket policy allows it on some object of the bucket, and no unconditional Deny of the bucket
 *   or identity policy takes all objects away. A Deny whose only condition is a negated
 *   `aws:PrincipalArn` match ("everyone except ...") counts; other conditional Denies do not,
 *   because they hold only for some requests. On Allows, `aws:PrincipalArn` conditions say who
 *   (the usual way to admit a service-linked role through `Principal: "*"`); other conditions
 *   narrow when, not who, and are ignored.
 * - Decrypt: needed only when default encryption uses a customer-managed key. The key policy
 *   allows Decrypt to the principal; or it delegates to the account (the root principal, as the
 *   AWS default key policy does, which also applies to keys created without a policy and to keys
 *   outside the stack) and an identity policy allows Decrypt on the key; or a KMS grant allows it.
 * - Every value is true, false or "unknown" (a value not known yet during preview); `via` says
 *   which statement granted what, so a row can be checked by hand.
 */
import { bucketNameOfArn, isAwsManagedKeyAlias, parseArn } from "../lib/arn";
import { awsManagedPolicy, awsManagedPolicyName, documentOf as managedPolicyDocument } from "../lib/aws-managed-policies";
import { BUCKET_POLICY_DOCUMENT_PROPERTY } from "../lib/bucket-policies";
import { bucketEncryption } from "../lib/bucket-settings";
import { contactDataBuckets } from "../lib/contact-data";
import { isRecord, listOf } from "../lib/describe";
import { ANY_IAM_GROUP, ANY_IAM_ROLE, ANY_IAM_USER, ANY_MANAGED_POLICY, IAM, iamNameProperty, identityDocumentsOf } from "../lib/iam-resources";
import { keyPolicyOf, KMS_KEY_POLICY } from "../lib/key-policies";
import { keyBehindAlias, keyReferrers, KEY_OR_ALIAS } from "../lib/key-references";
import { readPolicyDocument, statementCoversAction, type Condition, type PolicyDocumentReading, type Statement } from "../lib/policy-document";
import { NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN_SENTINELS } from "../lib/unknown";
import { wildcardCoversAfter, wildcardMatches } from "../lib/wildcard-patterns";

export type Tri = boolean | "unknown";

/** One line of the readers matrix, as ccguard renders it for auditors. */
export interface ReaderRow {
    /** The contact data bucket (its resource name). */
    bucket: string;
    /** The principal's ARN when known, else its IAM name, else its resource name; `*` for anyone. */
    principal: string;
    canGetObject: Tri;
    canDecrypt: Tri;
    /** Whether `approvedReaders` names it. */
    approved: Tri;
    /** Which statement granted (or may grant) what. */
    via: string[];
}

export interface ReadersConfig {
    approvedReaders?: unknown;
    contactDataBuckets?: unknown;
}

export const IAM_ROLE = IAM.ROLE;
export const IAM_ROLE_POLICY = IAM.ROLE_POLICY;
export const IAM_ROLE_POLICY_ATTACHMENT = IAM.ROLE_POLICY_ATTACHMENT;
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const KMS_GRANT = "aws:kms/grant:Grant";

/** Roles and users of either provider: the principals of the stack. */
const PRINCIPAL_TYPES: readonly string[] = [...ANY_IAM_ROLE, ...ANY_IAM_USER];

// --- three-valued results with their reasons -----------------------------------------------------

interface Finding {
    value: Tri;
    via: string[];
}
const NO: Finding = { value: false, via: [] };
const yes = (via: string): Finding => ({ value: true, via: [via] });
const maybe = (via: string): Finding => ({ value: "unknown", via: [via] });

/** True with the reasons of every sure finding, else unknown with those of every open one, else false. */
function anyOf(findings: Finding[]): Finding {
    // One pass without intermediate lists: it runs several times for every bucket and candidate reader.
    let sure: string[] | undefined;
    let open: string[] | undefined;
    for (const finding of findings) {
        if (finding.value === true) {
            sure ??= [];
            for (const reason of finding.via) sure.push(reason);
        } else if (finding.value === "unknown" && sure === undefined) {
            open ??= [];
            for (const reason of finding.via) open.push(reason);
        }
    }
    if (sure !== undefined) return { value: true, via: sure };
    return open !== undefined ? { value: "unknown", via: open } : NO;
}
function both(a: Finding, b: Finding): Finding {
    if (a.value === false || b.value === false) return NO;
    return { value: a.value === true && b.value === true ? true : "unknown", via: [...a.via, ...b.via] };
}
/** `allowed` unless `denied`: a sure Deny wins, a possible one leaves the outcome open. */
function unless(allowed: Finding, denied: Finding): Finding {
    if (allowed.value === false || denied.value === false) return allowed;
    if (denied.value === true) return { value: false, via: [] };
    return { value: "unknown", via: [...allowed.via, ...denied.via] };
}

// --- principals ---------------------------------------------------------------------------------

interface Principal {
    kind: "role" | "user" | "external" | "anyone" | "unknown";
    id: string;
    label: string;
    resource?: GraphResource;
    arn?: string;
    iamName?: string;
}

const known = (value: unknown): string | undefined => (typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined);
const SENTINELS: readonly string[] = Object.values(UNKNOWN_SENTINELS);
const mentionsUnknown = (value: string) => SENTINELS.some((sentinel) => value.includes(sentinel));
const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const isAccountPrincipal = (entry: string) => /^\d{12}$/.test(entry) || /^arn:[a-z-]+:iam::\d{12}:root$/.test(entry);
const accountOf = (arn: string | undefined) => (arn === undefined ? undefined : parseArn(arn)?.account);

function stackPrincipal(resource: GraphResource): Principal {
    const kind = ANY_IAM_ROLE.includes(resource.type) ? "role" : "user";
    const arn = known(resource.props["arn"]);
    const iamName = known(resource.props[iamNameProperty(resource.type)]);
    const id = arn ?? iamName ?? resource.name;
    return { kind, id, label: `${kind} '${resource.name}'${id !== resource.name ? ` (${id})` : ""}`, resource, arn, iamName };
}

/** Does one principal entry of a resource policy (`Principal.AWS`, a grantee) name `principal`? */
function entryNames(stack: StackGraph, holder: GraphResource, property: string, entry: string, principal: Principal): Tri {
    if (entry === "*") return true;
    if (isUnknown(entry) || mentionsUnknown(entry)) {
        const reference = stack.resolve(holder, { property, value: UNKNOWN_SENTINELS.string, targets: PRINCIPAL_TYPES });
        if (principal.kind === "unknown") return reference.kind !== "resources" && principal.id === unknownGranteeId(holder);
        if (reference.kind !== "resources" || !principal.resource || !reference.resources.includes(principal.resource)) return false;
        return reference.resources.length === 1 ? true : "unknown";
    }
    if (isAccountPrincipal(entry) || principal.kind === "anyone" || principal.kind === "unknown") return false;
    if (principal.arn !== undefined) return principal.arn === entry;
    if (!principal.resource || parseArn(entry)?.resourceType !== principal.kind) return false;
    if (principal.iamName !== undefined) return lastSegment(entry) === principal.iamName;
    // An auto-named role is `<resource name>-<random suffix>`: only such an ARN may be it.
    return lastSegment(entry).startsWith(`${principal.resource.name}-`) ? "unknown" : false;
}

const unknownGranteeId = (holder: GraphResource) => `(a principal of '${holder.name}' not known yet)`;

// --- policy documents -----------------------------------------------------------------------------

interface Source {
    label: string;
    holder: GraphResource;
    property: string;
    reading: PolicyDocumentReading;
    /** Raw `Effect` of each statement: the shared reader reads an unknown Effect as Allow. */
    effects: unknown[];
    /** False when the document may or may not apply (its target is not known yet). */
    certain: boolean;
    /** A bucket policy: S3 accepts only its own bucket in its `Resource`, so a pattern's bucket is this one. */
    ofBucket?: boolean;
    /** Why the document cannot be read at all (defined outside the stack), instead of "not known yet". */
    opaque?: string;
    /** What each statement says of an action on a target, whoever asks (see `scopeOf`); filled as asked. */
    scopes?: Map<Statement, Map<string, Tri>>;
}

function sourceOf(label: string, holder: GraphResource, property: string, document: unknown, certain = true): Source {
    const reading = readPolicyDocument(document);
    let effects: unknown[] = [];
    if (reading.kind === "document") {
        try {
            const parsed: unknown = typeof document === "string" ? JSON.parse(document) : document;
            const statements = isRecord(parsed) ? parsed["Statement"] : undefined;
            effects = (Array.isArray(statements) ? statements : [statements]).map((s) => (isRecord(s) ? s["Effect"] : undefined));
        } catch {
            effects = [];
        }
    }
    return { label, holder, property, reading, effects, certain };
}

const statementName = (statement: Statement, index: number) => (statement.sid ? `statement '${statement.sid}'` : `statement ${index + 1}`);

/**
 * Findings of every statement of `effect` in the sources for which `applies` is not false. A document
 * not known yet (or defined outside the stack) may say anything, unless `unseenSayNothing`.
 */
function statementsThat(
    sources: Source[],
    effect: "Allow" | "Deny",
    what: string | ((statement: Statement) => string),
    applies: (statement: Statement, source: Source) => Tri,
    unseenSayNothing = false,
): Finding {
    const found: Finding[] = [];
    for (const source of sources) {
        if (source.opaque !== undefined || source.reading.kind === "unknown") {
            if (unseenSayNothing) continue;
            found.push(maybe(source.opaque ?? `${source.label}: its \`${source.property}\` is not known yet`));
            continue;
        }
        if (source.reading.kind !== "document") continue;
        source.reading.statements.forEach((statement, index) => {
            const effectUnknown = isUnknown(source.effects[index]);
            if (!effectUnknown && statement.effect !== effect) return;
            let value = applies(statement, source);
            if (value === false) return;
            if (effectUnknown || !source.certain) value = "unknown";
            const granted = typeof what === "string" ? what : what(statement);
            const where = `${source.label} ${statementName(statement, index)} ${effect === "Allow" ? "allows" : "denies"} ${granted}`;
            found.push(value === true ? yes(where) : maybe(`${where} (parts not known yet)`));
        });
    }
    return anyOf(found);
}

function actionPart(statement: Statement, action: string): Tri {
    if (statementCoversAction(statement, action)) return true;
    const listed = [...(statement.actions ?? []), ...(statement.notActions ?? [])];
    return listed.some(mentionsUnknown) ? "unknown" : false;
}

// --- resources: "some object of the bucket", "every object of the bucket", "the key" ------------------

interface Target {
    resource: GraphResource;
    /** `arn:<partition>:s3:::<bucket>/` for objects, the key ARN for a key; undefined while not known. */
    known: string | undefined;
    /** Stands for "every bucket" or "every key" when the real one is not known yet. */
    probe: string;
    service: "s3" | "kms";
}

const ANY = "\u0000";

/**
 * Does a Resource pattern cover some (`some`) or all (`all`) objects of the bucket, or the key?
 * Unknown patterns count as possibly covering, unless the engine's property dependencies show
 * the document was built without the target.
 */
function patternCovers(pattern: string, target: Target, source: Source, mode: "some" | "all"): Tri {
    if (mentionsUnknown(pattern)) {
        const dependencies = source.holder.propertyDependencies[source.property];
        return dependencies !== undefined && !dependencies.includes(target.resource.urn) ? false : "unknown";
    }
    const judge = (subject: string): boolean => (target.service === "kms" ? wildcardMatches(pattern, subject) : wildcardCoversAfter(pattern, subject, mode));
    const ownBucket = source.ofBucket ? /^arn:([^:]*):s3:::([^/*?]+)\//.exec(pattern) : null;
    const subject = target.known ?? (ownBucket ? `arn:${ownBucket[1]}:s3:::${ownBucket[2]}/` : undefined);
    if (subject !== undefined) return judge(subject);
    if (judge(target.probe)) return true;
    return new RegExp(`^arn:[^:]*:${target.service}:`).test(pattern) && parseArn(pattern)?.resourceType !== "alias" ? "unknown" : false;
}

function resourcePart(statement: Statement, target: Target, source: Source, mode: "some" | "all"): Tri {
    if (statement.resources) return statement.resources.map((p) => patternCovers(p, target, source, mode)).reduce<Tri>(anyTri, false);
    // NotResource: everything except the patterns; it misses the target only when a pattern takes all of it.
    if (statement.notResources) {
        const excluded = statement.notResources.map((p) => patternCovers(p, target, source, mode === "some" ? "all" : "some")).reduce<Tri>(anyTri, false);
        return excluded === true ? false : excluded === false ? true : "unknown";
    }
    return false;
}

const anyTri = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === "unknown" || b === "unknown" ? "unknown" : false);
const allTri = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : "unknown");

// --- who a resource-policy statement applies to ------------------------------------------------------

function statementNames(stack: StackGraph, statement: Statement, source: Source, principal: Principal): Tri {
    const entries = (principals: Statement["principals"]) => (principals?.anyone ? ["*"] : principals?.aws ?? []);
    if (statement.principals) return entries(statement.principals).map((e) => entryNames(stack, source.holder, source.property, e, principal)).reduce<Tri>(anyTri, false);
    if (statement.notPrincipals) {
        const excepted = entries(statement.notPrincipals).filter((e) => e !== "*").map((e) => entryNames(stack, source.holder, source.property, e, principal)).reduce<Tri>(anyTri, false);
        return excepted === true ? false : excepted === false ? !statement.notPrincipals.anyone : "unknown";
    }
    return false;
}

/** The statement's principal is an account (root), which hands the decision to that account's IAM policies. */
function delegatesTo(statement: Statement, principal: Principal): boolean {
    if (principal.kind === "anyone" || principal.kind === "unknown") return false;
    const own = accountOf(principal.arn);
    return (statement.principals?.aws ?? []).some((entry) => isAccountPrincipal(entry) && (own === undefined || entry.includes(own)));
}


/** Does one of the `aws:PrincipalArn` condition values match the principal? */
function principalArnMatches(values: string[], principal: Principal): Tri {
    if (principal.kind === "anyone") return values.includes("*");
    if (principal.kind === "unknown" || (principal.arn === undefined && principal.iamName === undefined)) return "unknown";
    const matches = (value: string) => {
        if (principal.arn !== undefined) return wildcardMatches(value, principal.arn);
        const otherKind = principal.kind === "role" ? ":user/" : ":role/";
        return !value.includes(otherKind) && wildcardMatches(lastSegment(value), principal.iamName as string);
    };
    if (values.some((v) => !mentionsUnknown(v) && matches(v))) return true;
    return values.some(mentionsUnknown) ? "unknown" : false;
}

const isPrincipalArnKey = (condition: Condition) => condition.key.toLowerCase() === "aws:principalarn";
const NEGATED_MATCH = /^(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike)(IgnoreCase)?$/i;
const POSITIVE_MATCH = /^(ForAnyValue:)?(StringEquals|StringLike|ArnEquals|ArnLike)(IgnoreCase)?$/i;

/**
 * Who an Allow applies to, as far as its conditions say: `aws:PrincipalArn` conditions name the
 * principals (the usual way to let a service-linked role with an unknown suffix in through
 * `Principal: "*"`); other conditions narrow when, not who, and are ignored.
 */
function allowConditionHolds(conditions: Condition[], principal: Principal): Tri {
    return conditions
        .filter((c) => isPrincipalArnKey(c) && POSITIVE_MATCH.test(c.operator))
        .map((c) => principalArnMatches(c.values, principal))
        .reduce<Tri>(allTri, true);
}

/** Does a Deny's condition hold for the principal? Only "everyone except these ARNs" is understood. */
function denyConditionHolds(conditions: Condition[], principal: Principal): Tri {
    if (conditions.length === 0) return true;
    if (!conditions.every((c) => isPrincipalArnKey(c) && NEGATED_MATCH.test(c.operator))) return false;
    const excepted = principalArnMatches(conditions.flatMap((c) => c.values), principal);
    return excepted === "unknown" ? "unknown" : !excepted;
}


// --- where the documents come from ---------------------------------------------------------------

const shortType = (resource: GraphResource) => resource.type.split(":").pop() ?? resource.type;

/**
 * Resources of `type` whose `property` (or one of its entries, for a list) points at `target`: surely,
 * or perhaps because it is not known yet. From the graph's reverse index, never a scan per target.
 */
function pointingAt(stack: StackGraph, type: string, property: string, target: GraphResource): { holder: GraphResource; applies: Tri }[] {
    const targets = [target.type];
    const sure = stack.referrers(target, [type], property, targets);
    const perhaps = stack.unresolvedReferrers([type], property, targets).filter((holder) => !sure.includes(holder));
    return [...sure.map((holder) => ({ holder, applies: true as Tri })), ...perhaps.map((holder) => ({ holder, applies: "unknown" as Tri }))];
}

/** The documents behind a managed-policy ARN: a policy of the stack (either provider), an AWS managed policy, or unknown. */
function managedSources(stack: StackGraph, holder: GraphResource, property: string, value: unknown, label: string, certain: boolean): Source[] {
    const reference = stack.resolve(holder, { property, value, targets: ANY_MANAGED_POLICY });
    if (reference.kind === "resources") {
        return reference.resources.flatMap((policy) =>
            identityDocumentsOf(policy.type, policy.props).map((document) =>
                sourceOf(`${shortType(policy)} '${policy.name}' (attached by ${label})`, policy, document.property, document.value, certain),
            ),
        );
    }
    if (reference.kind === "unknown") return [sourceOf(label, holder, property, value, false)];
    if (reference.kind !== "external") return [];
    // An AWS managed policy grants what the pack's table says it grants on every resource; one the
    // table does not know scopes its data reads to its own service's resources and grants nothing here.
    const awsManaged = awsManagedPolicyName(reference.value);
    if (awsManaged !== undefined) {
        const policy = awsManagedPolicy(awsManaged);
        return policy ? [sourceOf(`AWS managed policy ${awsManaged} (attached by ${label})`, holder, property, managedPolicyDocument(policy), certain)] : [];
    }
    const outside = sourceOf(label, holder, property, undefined, certain);
    return [{ ...outside, opaque: `${label} attaches ${reference.value}, a policy defined outside this stack whose document cannot be read here` }];
}

/**
 * Resources that give a role, user or group a policy by naming it, in either provider: the property
 * that names it, and whether they carry documents or attach a managed policy by `policyArn`.
 */
const GRANTORS: Readonly<Record<"role" | "user" | "group", readonly { type: string; names: string; attaches?: true }[]>> = {
    role: [
        { type: IAM.ROLE_POLICY, names: "role" },
        { type: NATIVE.IAM_ROLE_POLICY, names: "roleName" },
        { type: NATIVE.IAM_MANAGED_POLICY, names: "roles" },
        { type: IAM.ROLE_POLICY_ATTACHMENT, names: "role", attaches: true },
        { type: IAM.POLICY_ATTACHMENT, names: "roles", attaches: true },
    ],
    user: [
        { type: IAM.USER_POLICY, names: "user" },
        { type: NATIVE.IAM_USER_POLICY, names: "userName" },
        { type: NATIVE.IAM_MANAGED_POLICY, names: "users" },
        { type: IAM.USER_POLICY_ATTACHMENT, names: "user", attaches: true },
        { type: IAM.POLICY_ATTACHMENT, names: "users", attaches: true },
    ],
    group: [
        { type: IAM.GROUP_POLICY, names: "group" },
        { type: NATIVE.IAM_GROUP_POLICY, names: "groupName" },
        { type: NATIVE.IAM_MANAGED_POLICY, names: "groups" },
        { type: IAM.GROUP_POLICY_ATTACHMENT, names: "group", attaches: true },
        { type: IAM.POLICY_ATTACHMENT, names: "groups", attaches: true },
    ],
};

/** The identity policies of a role, user or group: its own, and those other resources give it. */
function identitySources(stack: StackGraph, principal: GraphResource, certain = true, owner = principalOwner(principal)): Source[] {
    const sources: Source[] = [];
    identityDocumentsOf(principal.type, principal.props).forEach((document, index) => {
        const name = document.name !== undefined ? `'${document.name}'` : `${index + 1}`;
        sources.push(sourceOf(`inline policy ${name} of ${owner}`, principal, document.property, document.value, certain));
    });
    for (const arn of listOf(principal.props["managedPolicyArns"])) sources.push(...managedSources(stack, principal, "managedPolicyArns", arn, `\`managedPolicyArns\` of ${owner}`, certain));
    const kind = ANY_IAM_ROLE.includes(principal.type) ? "role" : ANY_IAM_USER.includes(principal.type) ? "user" : "group";
    for (const grantor of GRANTORS[kind]) {
        for (const { holder, applies } of pointingAt(stack, grantor.type, grantor.names, principal)) {
            const label = `${shortType(holder)} '${holder.name}'`;
            const sure = certain && applies === true;
            if (grantor.attaches) sources.push(...managedSources(stack, holder, "policyArn", holder.props["policyArn"], label, sure));
            else for (const document of identityDocumentsOf(holder.type, holder.props)) sources.push(sourceOf(label, holder, document.property, document.value, sure));
        }
    }
    // The policies of a user's groups apply to it as its own.
    if (ANY_IAM_USER.includes(principal.type)) {
        for (const { holder, property, value, applies } of membershipsOf(stack, principal)) {
            const reference = stack.resolve(holder, { property, value, targets: ANY_IAM_GROUP });
            const sure = certain && applies === true;
            if (reference.kind === "unknown") sources.push(sourceOf(`${shortType(holder)} '${holder.name}'`, holder, property, UNKNOWN_SENTINELS.string, false));
            if (reference.kind !== "resources") continue;
            for (const group of reference.resources) sources.push(...identitySources(stack, group, sure, `group '${group.name}' of ${owner}`));
        }
    }
    return sources;
}

const USER_GROUP_MEMBERSHIP = "aws:iam/userGroupMembership:UserGroupMembership";
const GROUP_MEMBERSHIP = "aws:iam/groupMembership:GroupMembership";

/**
 * Where a user's groups are named: an aws-native User's own `groups`, a classic `UserGroupMembership`
 * (`user`, `groups`) or `GroupMembership` (`users`, `group`), each entry with the resource and property
 * that name the group.
 */
function membershipsOf(stack: StackGraph, user: GraphResource): { holder: GraphResource; property: string; value: unknown; applies: Tri }[] {
    const found: { holder: GraphResource; property: string; value: unknown; applies: Tri }[] = [];
    if (user.type === NATIVE.IAM_USER) for (const value of listOf(user.props["groups"])) found.push({ holder: user, property: "groups", value, applies: true });
    for (const { holder, applies } of pointingAt(stack, USER_GROUP_MEMBERSHIP, "user", user)) {
        for (const value of listOf(holder.props["groups"])) found.push({ holder, property: "groups", value, applies });
    }
    for (const { holder, applies } of pointingAt(stack, GROUP_MEMBERSHIP, "users", user)) found.push({ holder, property: "group", value: holder.props["group"], applies });
    return found;
}

const principalOwner = (principal: GraphResource) => `${ANY_IAM_ROLE.includes(principal.type) ? "role" : "user"} '${principal.name}'`;

function bucketPolicySources(stack: StackGraph, bucket: GraphResource): Source[] {
    const sources: Source[] = [];
    if (bucket.props["policy"] !== undefined && bucket.props["policy"] !== null) {
        sources.push({ ...sourceOf(`the inline \`policy\` of bucket '${bucket.name}'`, bucket, "policy", bucket.props["policy"]), ofBucket: true });
    }
    for (const [type, property] of Object.entries(BUCKET_POLICY_DOCUMENT_PROPERTY)) {
        for (const { holder: policy, applies } of pointingAt(stack, type, "bucket", bucket)) {
            sources.push({ ...sourceOf(`BucketPolicy '${policy.name}'`, policy, property, policy.props[property], applies === true), ofBucket: true });
        }
    }
    return sources;
}

/** What it takes to decrypt the bucket's objects. */
type KeyGate =
    | { kind: "none"; why: string }
    | { kind: "unknown"; why: string }
    | { kind: "key"; label: string; target: Target; policies: Source[]; grants: GraphResource[]; defaultPolicy: string | undefined };

const KEY_PROBE = `arn:aws:kms:${ANY}:${ANY}:key/${ANY}`;

function keyGateOf(stack: StackGraph, bucket: GraphResource): KeyGate {
    const encryption = bucketEncryption(stack, bucket);
    const kmsRule = encryption.rules.find((r) => isUnknown(r.algorithm) || (typeof r.algorithm === "string" && r.algorithm.startsWith("aws:kms")));
    if (!kmsRule) {
        if (encryption.unknowns.length > 0) return { kind: "unknown", why: `the default encryption of bucket '${bucket.name}' (${encryption.unknowns.join(", ")}) is not known yet` };
        return { kind: "none", why: `bucket '${bucket.name}' uses SSE-S3, so S3 decrypts for whoever may GetObject` };
    }
    const where = `'${kmsRule.declaredBy.name}' \`${kmsRule.path}\``;
    if (isUnknown(kmsRule.algorithm)) return { kind: "unknown", why: `the sseAlgorithm of ${where} is not known yet` };
    const keyValue = kmsRule.kmsKey;
    if (keyValue === undefined || keyValue === null || keyValue === "" || isAwsManagedKeyAlias(keyValue)) {
        return { kind: "none", why: `bucket '${bucket.name}' uses the AWS managed key aws/s3, which every principal of the account may use through S3` };
    }
    const reference = stack.resolve(kmsRule.declaredBy, { property: kmsRule.dependencyKey, value: keyValue, targets: KEY_OR_ALIAS });
    const key = reference.kind === "resources" ? keyBehindAlias(stack, reference.resources[0]) : undefined;
    if (reference.kind === "unknown" || (reference.kind === "resources" && !key)) return { kind: "unknown", why: `the KMS key of ${where} is not known yet` };
    if (!key) {
        const arn = known(keyValue);
        const target: Target = { resource: bucket, known: arn !== undefined && parseArn(arn)?.resourceType === "key" ? arn : undefined, probe: KEY_PROBE, service: "kms" };
        return { kind: "key", label: `key ${arn}`, target, policies: [], grants: [], defaultPolicy: `key ${arn} is outside this stack (read as having the default key policy, which delegates to IAM policies)` };
    }
    const policies: Source[] = [];
    // A key's own policy (classic `policy`, aws-native `keyPolicy`); without one KMS attaches the default policy.
    const own = keyPolicyOf(key);
    if (own && own.value !== undefined && own.value !== null) policies.push(sourceOf(`the key policy of '${key.name}'`, key, own.property, own.value));
    for (const { holder: keyPolicy, applies } of pointingAt(stack, KMS_KEY_POLICY, "keyId", key)) {
        policies.push(sourceOf(`KeyPolicy '${keyPolicy.name}'`, keyPolicy, "policy", keyPolicy.props["policy"], applies === true));
    }
    const grants = keyReferrers(stack, key, [KMS_GRANT], "keyId");
    return {
        kind: "key",
        label: `key '${key.name}'`,
        target: { resource: key, known: known(key.props["arn"]), probe: KEY_PROBE, service: "kms" },
        policies,
        grants,
        defaultPolicy: policies.length === 0 ? `key '${key.name}' has no key policy of its own (the AWS default policy delegates to IAM policies)` : undefined,
    };
}

// --- the matrix ------------------------------------------------------------------------------------

const ASSUMED = "its own IAM policies, outside this stack (assumed to allow)";

function principalsNamedIn(stack: StackGraph, sources: Source[], grants: GraphResource[], stackPrincipals: Principal[]): Principal[] {
    const found = new Map<string, Principal>();
    const consider = (holder: GraphResource, property: string, entry: string) => {
        if (isAccountPrincipal(entry)) return;
        if (entry === "*") {
            found.set("*", { kind: "anyone", id: "*", label: "anyone (`*`)" });
            return;
        }
        const unknownEntry = isUnknown(entry) || mentionsUnknown(entry);
        if (unknownEntry && stack.resolve(holder, { property, value: UNKNOWN_SENTINELS.string, targets: PRINCIPAL_TYPES }).kind !== "resources") {
            const id = unknownGranteeId(holder);
            found.set(id, { kind: "unknown", id, label: id });
            return;
        }
        if (unknownEntry || stackPrincipals.some((p) => entryNames(stack, holder, property, entry, p) !== false)) return;
        found.set(entry, { kind: "external", id: entry, label: `principal ${entry}`, arn: entry });
    };
    for (const source of sources) {
        if (source.reading.kind !== "document") continue;
        for (const statement of source.reading.statements) {
            if (statement.principals?.anyone) consider(source.holder, source.property, "*");
            for (const entry of statement.principals?.aws ?? []) consider(source.holder, source.property, entry);
        }
    }
    for (const grant of grants) {
        const grantee = grant.props["granteePrincipal"];
        if (typeof grantee === "string" && grantee !== "") consider(grant, "granteePrincipal", grantee);
    }
    return [...found.values()];
}

/**
 * Amazon Connect's own service-linked role (one per instance, with a suffix): only Connect can assume
 * it, and Connect uses it to write recordings and play them back in its console. A key or bucket
 * policy that names it lets Connect work; the people who hear recordings there are decided by
 * Connect's security profiles (access-screen-recording-permission), so it needs no approval. The
 * matrix still lists it. (The EncryptionKey component grants it by an `aws:PrincipalArn` pattern.)
 */
const CONNECT_SERVICE_LINKED_ROLE = /^arn:[a-z-]+:iam::\d{12}:role\/aws-service-role\/connect\.amazonaws\.com\/AWSServiceRoleForAmazonConnect_[A-Za-z0-9_-]+$/;

function approval(principal: Principal, approved: readonly string[]): Tri {
    if (principal.kind === "anyone") return approved.includes("*");
    if ([principal.id, principal.arn].some((value) => value !== undefined && CONNECT_SERVICE_LINKED_ROLE.test(value))) return true;
    if (principal.kind === "unknown") return "unknown";
    const names = [principal.id, principal.arn, principal.iamName, principal.resource?.name].filter((n): n is string => n !== undefined);
    if (approved.some((entry) => names.includes(entry))) return true;
    if (principal.resource && principal.arn === undefined) {
        const byArn = approved.filter((entry) => parseArn(entry)?.resourceType === principal.kind).map(lastSegment);
        if (principal.iamName !== undefined) return byArn.includes(principal.iamName);
        const autoNamed = [...byArn, ...approved].some((name) => name.startsWith(`${principal.resource?.name}-`));
        return autoNamed ? "unknown" : false;
    }
    return false;
}

export interface ReaderEntry {
    bucket: GraphResource;
    /** For messages: "role 'reviewer' (arn:...)". */
    principalLabel: string;
    row: ReaderRow;
}

function bucketTarget(bucket: GraphResource): Target {
    const arn = known(bucket.props["arn"]);
    const name = known(bucket.props["bucket"]) ?? known(bucket.props["bucketName"]) ?? bucketNameOfArn(arn);
    const partition = parseArn(arn)?.partition ?? "aws";
    return { resource: bucket, known: name === undefined ? undefined : `arn:${partition}:s3:::${name}/`, probe: `arn:${partition}:s3:::${ANY}/`, service: "s3" };
}

/** What one bucket's readers are judged against. */
interface BucketContext {
    stack: StackGraph;
    objects: Target;
    bucketPolicies: Source[];
    gate: KeyGate;
    /** Whether `scopeOf` remembers its answers (always, but for tests that check the remembering). */
    rememberScopes: boolean;
}

/** A principal's identity policies: undefined for principals outside the stack, whose IAM is not visible. */
type Identity = Source[] | undefined;

function identityAllows(identity: Identity, principal: Principal, action: string, target: Target, what = action): Finding {
    if (identity === undefined) return principal.kind === "external" || principal.kind === "unknown" ? yes(`${action}: ${ASSUMED}`) : NO;
    return statementsThat(identity, "Allow", what, (st, src) =>
        allOf(
            () => actionPart(st, action),
            () => resourcePart(st, target, src, "some"),
            () => allowConditionHolds(st.conditions, principal),
        ),
    );
}

/**
 * Explicit Denies in the principal's own policies. An identity document not known yet (or defined
 * outside the stack) is read as denying nothing: within one account a bucket policy or key policy
 * that names the principal grants on its own, and an identity policy can take that away only by an
 * explicit Deny, which nobody writes next to such a grant. So a principal the resource policies name
 * literally is a reader at the first preview, not only at the update, where a blocked `pulumi up`
 * would leave the stack half applied. Denies written in known documents still count.
 */
function identityDenies(identity: Identity, principal: Principal, action: string, target: Target): Finding {
    return statementsThat(
        identity ?? [],
        "Deny",
        action,
        (st, src) =>
            allOf(
                () => actionPart(st, action),
                () => resourcePart(st, target, src, "all"),
                () => denyConditionHolds(st.conditions, principal),
            ),
        true,
    );
}

/**
 * The parts of a statement joined as `allTri` joins them, stopping at the first that is surely false:
 * a false part decides alone, so the parts after it (pattern matching, principal lookups) need not run.
 */
function allOf(...parts: (() => Tri)[]): Tri {
    let joined: Tri = true;
    for (const part of parts) {
        joined = allTri(joined, part());
        if (joined === false) return false;
    }
    return joined;
}

/**
 * Whether a statement covers `action` (on `target`, when given), whoever the principal. A bucket's and
 * its key's policies are judged against every candidate reader of the bucket, and in a first preview
 * that is every principal whose identity document is not known yet, so this is worked out once per
 * source, statement and target, not once per principal.
 */
function scopeOf(ctx: BucketContext, source: Source, statement: Statement, action: string, target: Target | undefined, mode: "some" | "all"): Tri {
    const workOut = () =>
        allOf(
            () => actionPart(statement, action),
            () => (target ? resourcePart(statement, target, source, mode) : true),
        );
    if (!ctx.rememberScopes) return workOut();
    source.scopes ??= new Map();
    let byQuestion = source.scopes.get(statement);
    if (!byQuestion) {
        byQuestion = new Map();
        source.scopes.set(statement, byQuestion);
    }
    const question = `${action}|${mode}|${target === undefined ? "" : targetKey(target)}`;
    let scope = byQuestion.get(question);
    if (scope === undefined) {
        scope = workOut();
        byQuestion.set(question, scope);
    }
    return scope;
}

/** Every target object is one bucket's objects or one key: numbered once, so a question names it cheaply. */
const targetKeys = new WeakMap<Target, string>();
let targetsNumbered = 0;

function targetKey(target: Target): string {
    let key = targetKeys.get(target);
    if (key === undefined) {
        key = String(targetsNumbered++);
        targetKeys.set(target, key);
    }
    return key;
}

/** Bucket or key policy statements of `effect` on `action` that name the principal. Key policies need no target. */
function resourcePolicyOn(ctx: BucketContext, sources: Source[], principal: Principal, effect: "Allow" | "Deny", action: string, target?: Target): Finding {
    // A statement open to everyone names nobody: the finding says so rather than crediting it to one principal.
    const what = (st: Statement) =>
        effect !== "Allow" ? action : st.principals?.anyone ? `${action} to anyone (\`Principal: "*"\`), ${principal.id} included` : `${action} to ${principal.id}`;
    return statementsThat(sources, effect, what, (st, src) =>
        allOf(
            () => scopeOf(ctx, src, st, action, target, effect === "Allow" ? "some" : "all"),
            () => statementNames(ctx.stack, st, src, principal),
            () => (effect === "Deny" ? denyConditionHolds(st.conditions, principal) : allowConditionHolds(st.conditions, principal)),
        ),
    );
}

function canFetch(ctx: BucketContext, principal: Principal, identity: Identity): Finding {
    const allowed = anyOf([
        identityAllows(identity, principal, "s3:GetObject", ctx.objects),
        resourcePolicyOn(ctx, ctx.bucketPolicies, principal, "Allow", "s3:GetObject", ctx.objects),
    ]);
    const denied = anyOf([
        resourcePolicyOn(ctx, ctx.bucketPolicies, principal, "Deny", "s3:GetObject", ctx.objects),
        identityDenies(identity, principal, "s3:GetObject", ctx.objects),
    ]);
    return unless(allowed, denied);
}

function canDecrypt(ctx: BucketContext, principal: Principal, identity: Identity): Finding {
    const gate = ctx.gate;
    if (gate.kind === "none") return yes(gate.why);
    if (gate.kind === "unknown") return maybe(gate.why);
    const delegated =
        gate.defaultPolicy !== undefined && principal.kind !== "anyone"
            ? yes(gate.defaultPolicy)
            : statementsThat(gate.policies, "Allow", "kms:Decrypt to the account's IAM policies", (st, src) =>
                  allOf(
                      () => scopeOf(ctx, src, st, "kms:Decrypt", undefined, "some"),
                      () => delegatesTo(st, principal),
                  ),
              );
    const granted = gate.grants.map((grant): Finding => {
        const operations = grant.props["operations"];
        const grantee = grant.props["granteePrincipal"];
        const allowsDecrypt: Tri = isUnknown(operations) ? "unknown" : listOf(operations).includes("Decrypt");
        const names: Tri = typeof grantee === "string" && grantee !== "" ? entryNames(ctx.stack, grant, "granteePrincipal", grantee, principal) : false;
        const value = allTri(allowsDecrypt, names);
        return value === true ? yes(`Grant '${grant.name}' allows Decrypt`) : value === "unknown" ? maybe(`Grant '${grant.name}' may allow Decrypt (parts not known yet)`) : NO;
    });
    const allowed = anyOf([
        resourcePolicyOn(ctx, gate.policies, principal, "Allow", "kms:Decrypt"),
        both(delegated, identityAllows(identity, principal, "kms:Decrypt", gate.target, `kms:Decrypt on ${gate.label}`)),
        ...granted,
    ]);
    const denied = anyOf([resourcePolicyOn(ctx, gate.policies, principal, "Deny", "kms:Decrypt"), identityDenies(identity, principal, "kms:Decrypt", gate.target)]);
    return unless(allowed, denied);
}

// --- who may be a reader at all ------------------------------------------------------------------
//
// Judging every stack principal against every contact data bucket is quadratic in a stack of many
// contact centres. Most pairs cannot be readers: the principal's policies name other buckets and
// keys. A principal's reach (what its identity policies may cover) and a bucket's named principals
// (whom its bucket and key policies and grants may name) are read once; only pairs that meet are
// judged. Both are conservative: anything not understood here reaches everything.

/** What a principal's identity policies may cover: everything, or these `s3:<bucket>`, `kms:<key id>`, `urn:<urn>` marks. */
type Reach = "everything" | Set<string>;

// IAM's `*` matches across colons too, so only a pattern whose partition is literal is read by part.
const S3_PATTERN = /^arn:[^:*?]*:s3:::([^/]*)/;
const KMS_KEY_PATTERN = /^arn:[^:*?]*:kms:[^:]*:[^:]*:key\/(.+)$/;
const hasWildcard = (text: string) => /[*?]/.test(text);

function reachOf(identity: Identity): Reach {
    const marks = new Set<string>();
    for (const source of identity ?? []) {
        if (source.opaque !== undefined || source.reading.kind === "unknown") return "everything";
        if (source.reading.kind !== "document") continue;
        for (const statement of source.reading.statements) {
            if (statement.effect === "Deny" || !mayRead(statement)) continue;
            if (!statement.resources) {
                if (statement.notResources) return "everything";
                continue;
            }
            for (const pattern of statement.resources) {
                if (mentionsUnknown(pattern)) {
                    const dependencies = source.holder.propertyDependencies[source.property];
                    if (dependencies === undefined) return "everything";
                    for (const urn of dependencies) marks.add(`urn:${urn}`);
                    continue;
                }
                const bucket = S3_PATTERN.exec(pattern);
                const key = KMS_KEY_PATTERN.exec(pattern);
                if (bucket) marks.add(hasWildcard(bucket[1]) ? "s3:*" : `s3:${bucket[1]}`);
                else if (key) marks.add(hasWildcard(key[1]) ? "kms:*" : `kms:${key[1]}`);
                else if (hasWildcard(pattern) && !/^arn:[^:*?]*:[a-z0-9-]+:/.test(pattern)) return "everything";
            }
        }
    }
    return marks.has("s3:*") && marks.has("kms:*") ? "everything" : marks;
}

/** The marks a bucket's objects and key go by; a name not known yet is met by any literal of its service. */
function marksOf(ctx: BucketContext): string[] {
    const marks = [`urn:${ctx.objects.resource.urn}`, "s3:*", "kms:*"];
    const name = ctx.objects.known === undefined ? undefined : bucketNameOfArn(ctx.objects.known.slice(0, -1));
    marks.push(name === undefined ? "s3:?" : `s3:${name}`);
    if (ctx.gate.kind === "key") {
        marks.push(`urn:${ctx.gate.target.resource.urn}`);
        const keyId = ctx.gate.target.known === undefined ? undefined : parseArn(ctx.gate.target.known)?.resourceId;
        marks.push(keyId === undefined ? "kms:?" : `kms:${keyId}`);
    }
    return marks;
}

/**
 * Stack principals the bucket's policies, its key's policies and grants may name in a statement that
 * may let them read, or everyone. `literal` says some entry is an ARN, which may also be the ARN of a
 * principal whose name is not known yet.
 */
function namedByResourcePolicies(
    stack: StackGraph,
    ctx: BucketContext,
    admittedByCondition: (values: string[]) => readonly GraphResource[],
): { resources: Set<GraphResource>; literal: boolean } | "everyone" {
    const resources = new Set<GraphResource>();
    let literal = false;
    /** False when the entry may name anyone. */
    const note = (holder: GraphResource, property: string, entry: string): boolean => {
        if (entry === "*") return false;
        if (isAccountPrincipal(entry)) return true;
        if (isUnknown(entry) || mentionsUnknown(entry)) {
            const reference = stack.resolve(holder, { property, value: UNKNOWN_SENTINELS.string, targets: PRINCIPAL_TYPES });
            if (reference.kind === "resources") for (const resource of reference.resources) resources.add(resource);
            return true;
        }
        literal = true;
        for (const resource of stack.identifiedBy(entry, PRINCIPAL_TYPES)) resources.add(resource);
        for (const resource of stack.identifiedBy(lastSegment(entry), PRINCIPAL_TYPES)) resources.add(resource);
        return true;
    };
    const keyPolicies = ctx.gate.kind === "key" ? ctx.gate.policies : [];
    for (const source of [...ctx.bucketPolicies, ...keyPolicies]) {
        if (source.opaque !== undefined || source.reading.kind === "unknown") return "everyone";
        if (source.reading.kind !== "document") continue;
        for (const statement of source.reading.statements) {
            if (statement.effect === "Deny" || !mayRead(statement)) continue;
            if (statement.notPrincipals) return "everyone";
            if (statement.principals?.anyone) {
                // `Principal: "*"` narrowed by an `aws:PrincipalArn` condition names whom that condition admits.
                const admitting = statement.conditions.find((c) => isPrincipalArnKey(c) && POSITIVE_MATCH.test(c.operator) && !c.values.some(mentionsUnknown));
                if (!admitting) return "everyone";
                for (const resource of admittedByCondition(admitting.values)) resources.add(resource);
                continue;
            }
            for (const entry of statement.principals?.aws ?? []) if (!note(source.holder, source.property, entry)) return "everyone";
        }
    }
    for (const grant of ctx.gate.kind === "key" ? ctx.gate.grants : []) {
        const grantee = grant.props["granteePrincipal"];
        if (typeof grantee === "string" && grantee !== "" && !note(grant, "granteePrincipal", grantee)) return "everyone";
    }
    return { resources, literal };
}


const mayRead = (statement: Statement) => actionPart(statement, "s3:GetObject") !== false || actionPart(statement, "kms:Decrypt") !== false;

/**
 * Whether a principal's identity grants are wholly unknown (every document of it not known yet, as on
 * a first preview where each is built from ARNs) and its ARN too. Such principals differ, for any one
 * bucket, only where the bucket's or key's policies single them out (see `singledOut`).
 */
function isUnseen(principal: Principal, identity: Identity): boolean {
    return principal.arn === undefined && identity !== undefined && identity.length > 0 && identity.every((source) => source.opaque === undefined && source.reading.kind === "unknown");
}

/** Which stack principals to judge against each bucket: an index of their reaches, built once. */
class ReaderCandidates {
    private readonly everything: Principal[] = [];
    /** Principals whose identity grants are wholly unknown, when they are judged as one class per bucket. */
    readonly unseen: Principal[] = [];
    private readonly unseenSet = new Set<Principal>();
    private readonly byMark = new Map<string, Principal[]>();
    /** Principals whose IAM name and ARN are not known: an ARN in a resource policy may be theirs. */
    private readonly unnamed: Principal[];
    private readonly byResource: Map<GraphResource, Principal>;
    private readonly order: Map<Principal, number>;

    constructor(
        private readonly stack: StackGraph,
        private readonly principals: Principal[],
        identities: Map<Principal, Identity>,
        groupUnseen: boolean,
    ) {
        this.order = new Map(principals.map((p, i) => [p, i]));
        this.byResource = new Map(principals.map((p) => [p.resource as GraphResource, p]));
        this.unnamed = principals.filter((p) => p.arn === undefined && p.iamName === undefined);
        for (const principal of principals) {
            const identity = identities.get(principal);
            if (groupUnseen && isUnseen(principal, identity)) {
                this.unseen.push(principal);
                this.unseenSet.add(principal);
                continue;
            }
            const reach = reachOf(identity);
            if (reach === "everything") {
                this.everything.push(principal);
                continue;
            }
            const marks = new Set(reach);
            for (const mark of reach) marks.add(mark.startsWith("s3:") ? "s3:?" : mark.startsWith("kms:") ? "kms:?" : mark);
            for (const mark of marks) {
                const list = this.byMark.get(mark);
                if (list) list.push(principal);
                else this.byMark.set(mark, [principal]);
            }
        }
    }

    private readonly admitted = new Map<string, GraphResource[]>();

    /** Stack principals an `aws:PrincipalArn` condition may admit; each distinct condition is matched once. */
    private admittedBy(values: string[]): readonly GraphResource[] {
        const key = JSON.stringify(values);
        let found = this.admitted.get(key);
        if (!found) {
            found = this.principals.filter((p) => principalArnMatches(values, p) !== false).map((p) => p.resource as GraphResource);
            this.admitted.set(key, found);
        }
        return found;
    }

    /**
     * The stack principals that may read the bucket, in stack order; the others certainly cannot. Unseen
     * principals are left to their class unless the bucket's documents single them out (`singledOut`).
     */
    of(ctx: BucketContext, singledOut: ReadonlySet<Principal>): Principal[] {
        const named = namedByResourcePolicies(this.stack, ctx, (values) => this.admittedBy(values));
        if (named === "everyone") return this.unseen.length === 0 ? this.principals : this.principals.filter((p) => !this.unseenSet.has(p) || singledOut.has(p));
        const found = new Set<Principal>(this.everything);
        for (const principal of singledOut) if (this.unseenSet.has(principal)) found.add(principal);
        for (const mark of marksOf(ctx)) for (const principal of this.byMark.get(mark) ?? []) found.add(principal);
        for (const resource of named.resources) {
            const principal = this.byResource.get(resource);
            if (principal) found.add(principal);
        }
        if (named.literal) for (const principal of this.unnamed) found.add(principal);
        return [...found].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    }

    /**
     * The stack principals a bucket's and its key's policies and grants single out, in a statement of
     * any effect: named as `Principal` or excepted by `NotPrincipal` (literally, or through an output
     * not known yet), matched or perhaps matched by an `aws:PrincipalArn` condition, or a grant's
     * grantee. For every other principal those documents say the same thing: `*` applies to all of
     * them, an account principal delegates for all of them alike (while their ARNs are unknown), and
     * a document not known yet may apply to any of them. Principals whose own grants are wholly unknown
     * and who are not singled out are therefore judged once for the bucket, as a class.
     */
    singledOut(ctx: BucketContext): Set<Principal> {
        const found = new Set<Principal>();
        if (this.unseen.length === 0) return found;
        let literal = false;
        const add = (resources: readonly GraphResource[]) => {
            for (const resource of resources) {
                const principal = this.byResource.get(resource);
                if (principal) found.add(principal);
            }
        };
        const note = (holder: GraphResource, property: string, entry: string) => {
            if (entry === "*" || isAccountPrincipal(entry)) return;
            if (isUnknown(entry) || mentionsUnknown(entry)) {
                // An output not known yet names whichever principal the engine's dependencies say it comes from.
                const reference = this.stack.resolve(holder, { property, value: UNKNOWN_SENTINELS.string, targets: PRINCIPAL_TYPES });
                if (reference.kind === "resources") add(reference.resources);
                return;
            }
            literal = true;
            add(this.stack.identifiedBy(entry, PRINCIPAL_TYPES));
            add(this.stack.identifiedBy(lastSegment(entry), PRINCIPAL_TYPES));
        };
        const keyPolicies = ctx.gate.kind === "key" ? ctx.gate.policies : [];
        for (const source of [...ctx.bucketPolicies, ...keyPolicies]) {
            if (source.reading.kind !== "document") continue;
            for (const statement of source.reading.statements) {
                for (const entry of [...(statement.principals?.aws ?? []), ...(statement.notPrincipals?.aws ?? [])]) note(source.holder, source.property, entry);
                for (const condition of statement.conditions) if (isPrincipalArnKey(condition)) add(this.admittedBy(condition.values));
            }
        }
        for (const grant of ctx.gate.kind === "key" ? ctx.gate.grants : []) {
            const grantee = grant.props["granteePrincipal"];
            if (typeof grantee === "string" && grantee !== "") note(grant, "granteePrincipal", grantee);
        }
        // A literal ARN may be that of a principal whose name is not known yet (an auto-named role).
        if (literal) for (const principal of this.unnamed) found.add(principal);
        return found;
    }
}

const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export interface MatrixOptions {
    /** Judge every stack principal against every bucket, without the reach index (for tests that check the index). */
    judgeEveryPrincipal?: boolean;
    /** Work out each statement's scope anew for every principal, as `scopeOf` would without remembering (for tests). */
    recomputeScopes?: boolean;
}

/**
 * Principals whose own IAM grants are all unknown, judged together for one bucket: whether they can
 * read it is undecided for each of them alike (see `ReaderCandidates.singledOut`).
 */
export interface UnseenReaders {
    bucket: GraphResource;
    /** The first few of them that are not approved readers, for the message. */
    labels: string[];
    /** How many more there are. */
    more: number;
    /** Why it is undecided, as judged for the first of them. */
    judgedAs: string;
    via: string[];
    /** Every principal the note stands for, the approved readers left out (for tests; lists them all). */
    members(): string[];
}

/** How many members a class note names; the rest it counts. */
const NAMED_MEMBERS = 3;

/**
 * The matrix's entries one at a time, bucket after bucket: the auditors' matrix, one entry per bucket
 * and principal that holds either half of a read.
 */
export function readerEntries(stack: StackGraph, config: ReadersConfig, options: MatrixOptions = {}): Generator<ReaderEntry> {
    return judgeReaders(stack, config, options, false) as Generator<ReaderEntry>;
}

/**
 * What the control needs, one bucket at a time: an entry for each principal judged alone, and one
 * `UnseenReaders` per bucket for the principals whose own grants are wholly unknown. On a first
 * preview those are most roles of a stack, and judging each against each contact data bucket made
 * the pairs grow with the square of the stack (1.84 million on 50,000 resources); as a class they
 * cost one judgement per bucket. Every decided verdict is the one the pairs give: a class member
 * the bucket's documents single out is judged alone, and when the class judges as a sure reader
 * (the bucket policy lets anyone read, say) every member is judged alone too.
 */
export function readerVerdicts(stack: StackGraph, config: ReadersConfig): Generator<ReaderEntry | UnseenReaders> {
    return judgeReaders(stack, config, {}, true);
}

function* judgeReaders(stack: StackGraph, config: ReadersConfig, options: MatrixOptions, groupUnseen: boolean): Generator<ReaderEntry | UnseenReaders> {
    const approved = stringsOf(config.approvedReaders);
    const stackPrincipals = stack.ofType(PRINCIPAL_TYPES).map(stackPrincipal);
    const identities = new Map<Principal, Identity>(stackPrincipals.map((p) => [p, identitySources(stack, p.resource as GraphResource)]));
    const candidates = new ReaderCandidates(stack, stackPrincipals, identities, groupUnseen && !options.judgeEveryPrincipal);
    const approvals = new Map<Principal, Tri>();
    const approvalOf = (principal: Principal): Tri => {
        let value = approvals.get(principal);
        if (value === undefined) {
            value = approval(principal, approved);
            approvals.set(principal, value);
        }
        return value;
    };
    // The class members a note may name: those not approved, in stack order.
    const unseenUnapproved = candidates.unseen.filter((p) => approvalOf(p) !== true);
    const unseenUnapprovedSet = new Set(unseenUnapproved);

    for (const { bucket } of contactDataBuckets(stack, stringsOf(config.contactDataBuckets)).buckets.values()) {
        const ctx: BucketContext = {
            stack,
            objects: bucketTarget(bucket),
            bucketPolicies: bucketPolicySources(stack, bucket),
            gate: keyGateOf(stack, bucket),
            rememberScopes: !options.recomputeScopes,
        };
        const keyPolicies = ctx.gate.kind === "key" ? ctx.gate.policies : [];
        const grants = ctx.gate.kind === "key" ? ctx.gate.grants : [];
        const singledOut = candidates.singledOut(ctx);
        const judged = options.judgeEveryPrincipal ? stackPrincipals : candidates.of(ctx, singledOut);
        const entryOf = (principal: Principal): ReaderEntry | undefined => {
            const identity = identities.get(principal);
            const fetch = canFetch(ctx, principal, identity);
            const decrypt = canDecrypt(ctx, principal, identity);
            // Half-readers stay in the matrix when a customer key is involved: auditors want to see who holds the key.
            if (fetch.value === false && (ctx.gate.kind !== "key" || decrypt.value === false)) return undefined;
            return {
                bucket,
                principalLabel: principal.label,
                row: {
                    bucket: bucket.name,
                    principal: principal.id,
                    canGetObject: fetch.value,
                    canDecrypt: decrypt.value,
                    approved: approvalOf(principal),
                    via: [...new Set([...fetch.via, ...decrypt.via])],
                },
            };
        };
        for (const principal of [...judged, ...principalsNamedIn(stack, [...ctx.bucketPolicies, ...keyPolicies], grants, stackPrincipals)]) {
            const entry = entryOf(principal);
            if (entry) yield entry;
        }
        if (candidates.unseen.length === 0) continue;

        const members = () => candidates.unseen.filter((p) => !singledOut.has(p));
        const first = candidates.unseen.find((p) => !singledOut.has(p));
        if (first === undefined) continue;
        const sample = entryOf(first);
        const reads = readsOf(sample?.row);
        if (reads === false) continue;
        if (reads === true) {
            // A sure reader without a grant of its own: the resource policies let everyone of the class read.
            for (const principal of members()) {
                const entry = principal === first ? sample : entryOf(principal);
                if (entry) yield entry;
            }
            continue;
        }
        const labels: string[] = [];
        for (const principal of unseenUnapproved) {
            if (labels.length === NAMED_MEMBERS) break;
            if (!singledOut.has(principal)) labels.push(principal.label);
        }
        let singledOutUnapproved = 0;
        for (const principal of singledOut) if (unseenUnapprovedSet.has(principal)) singledOutUnapproved++;
        const count = unseenUnapproved.length - singledOutUnapproved;
        if (count === 0 || !sample) continue;
        yield {
            bucket,
            labels,
            more: count - labels.length,
            judgedAs: first.label,
            via: sample.row.via,
            members: () => unseenUnapproved.filter((p) => !singledOut.has(p)).map((p) => p.id),
        };
    }
}

/** Whether a row is a read: both halves sure, either surely missing, or undecided. */
export function readsOf(row: ReaderRow | undefined): Tri {
    if (row === undefined || row.canGetObject === false || row.canDecrypt === false) return false;
    return row.canGetObject === true && row.canDecrypt === true ? true : "unknown";
}

/** Who can read each contact data bucket's objects: the matrix auditors get, one row per bucket and principal. */
export function recordingReaders(stack: StackGraph, config: ReadersConfig, options: MatrixOptions = {}): ReaderRow[] {
    return Array.from(readerEntries(stack, config, options), (entry) => entry.row);
}
