/**
 * Buckets disable ACLs: the bucket owner owns every object, and only policies decide access.
 *
 * S3 ACLs are a second, older permission system beside IAM and bucket policies. An object uploaded by
 * another account under `ObjectWriter` ownership belongs to that account, so the recordings account
 * cannot read, encrypt-audit or delete it (GDPR erasure), and an ACL grant to `AllUsers` or
 * `AuthenticatedUsers` publishes data without any policy saying so. `BucketOwnerEnforced` object
 * ownership turns ACLs off: S3 ignores them and refuses requests that try to set anything but the
 * owner-only default. New buckets get it by default since April 2023, but only a declared
 * `BucketOwnershipControls` keeps it for older and imported buckets and reverts drift. During updates
 * and audits S3 reports the owner-only default ACL back as one `FULL_CONTROL` grant to the owner; that
 * grant is what "no ACL" looks like and is not a finding. An aws-native bucket (CloudFormation's
 * AWS::S3::Bucket) carries both settings itself: `ownershipControls.rules[].objectOwnership` and the
 * canned ACL `accessControl`, whose owner-only value is spelled `Private` there.
 */
import { stackControl, type StackFindings } from "../control";
import { describeValue, isRecord } from "../lib/describe";
import { ANY_S3_BUCKET, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const OWNERSHIP_CONTROLS = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const BUCKET_ACL = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"] as const;
const ENFORCED = "BucketOwnerEnforced";
/** The only canned ACL S3 accepts on a bucket whose ACLs are disabled: owner full control, nobody else. */
const OWNER_ONLY_ACL = "private";
/** The same canned ACL as aws-native's `accessControl` spells it (enum `BucketAccessControl`). */
const NATIVE_OWNER_ONLY_ACL = "Private";

const recordingsBucket = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const ownershipFor = (bucket: unknown, objectOwnership: unknown = ENFORCED, name = "recordings-ownership") => ({
    name,
    type: OWNERSHIP_CONTROLS,
    props: { bucket, rule: { objectOwnership } },
});

const nativeBucket = (props: Record<string, unknown>, name = "recordings") => ({ name, type: NATIVE.S3_BUCKET, props: { bucketName: `acme-${name}`, ...props } });
const nativeOwnership = (objectOwnership: unknown = ENFORCED) => ({ ownershipControls: { rules: [{ objectOwnership }] } });

/** The fix for a bucket whose ACLs are not disabled, in its own provider's terms. */
function fixFor(bucket: GraphResource): string {
    return bucket.type === NATIVE.S3_BUCKET
        ? 'Set `ownershipControls: { rules: [{ objectOwnership: "BucketOwnerEnforced" }] }` on the aws-native bucket.'
        : 'Add an aws.s3.BucketOwnershipControls with `bucket: bucket.id` and `rule: { objectOwnership: "BucketOwnerEnforced" }`.';
}

/** Whether an ACL grant list holds anything but the single owner-only grant S3 reports for "no ACL". */
type GrantsJudgement = { kind: "owner-only" } | { kind: "grants-more"; seen: string } | { kind: "unknown" };

function judgeGrants(grants: unknown, ownerId: unknown): GrantsJudgement {
    if (isUnknown(grants)) return { kind: "unknown" };
    const list = Array.isArray(grants) ? grants : grants === undefined || grants === null ? [] : [grants];
    if (list.length === 0) return { kind: "owner-only" };
    if (list.length > 1) return { kind: "grants-more", seen: `${list.length} grants` };
    const grant = list[0];
    if (!isRecord(grant)) return isUnknown(grant) ? { kind: "unknown" } : { kind: "grants-more", seen: `a grant of ${describeValue(grant)}` };
    // Inline bucket grants are flat ({ type, id, uri, permissions }); BucketAcl grants nest the grantee.
    if (isUnknown(grant["grantee"])) return { kind: "unknown" };
    const grantee = isRecord(grant["grantee"]) ? grant["grantee"] : grant;
    const permissions = grant["permissions"] ?? grant["permission"];
    const parts = [grantee["type"], grantee["id"], grantee["uri"], permissions];
    if (parts.some(isUnknown) || (Array.isArray(permissions) && permissions.some(isUnknown))) return { kind: "unknown" };
    const fullControl = permissions === "FULL_CONTROL" || (Array.isArray(permissions) && permissions.length === 1 && permissions[0] === "FULL_CONTROL");
    const toOwner =
        grantee["type"] === "CanonicalUser" &&
        (grantee["uri"] === undefined || grantee["uri"] === null || grantee["uri"] === "") &&
        (typeof ownerId !== "string" || ownerId === "" || isUnknown(ownerId) || grantee["id"] === ownerId);
    return fullControl && toOwner ? { kind: "owner-only" } : { kind: "grants-more", seen: `a grant to ${describeValue(grantee["uri"] || grantee["type"])}` };
}

export const bucketObjectOwnership = stackControl({
    name: "access-bucket-object-ownership",
    title: "Buckets enforce bucket-owner object ownership and use no ACLs",
    area: "access",
    description:
        'Every S3 bucket has an `aws.s3.BucketOwnershipControls` with `rule.objectOwnership: "BucketOwnerEnforced"`, which ' +
        "disables ACLs so that only IAM and bucket policies decide who reads recordings and the bucket owner owns (and can " +
        'erase) every object. No ACL is set: the bucket\'s deprecated inline `acl` is unset or `"private"` and its inline ' +
        "`grants` hold nothing beyond the owner's own full control, and no `BucketAcl` (either generation) grants anything " +
        'beyond `acl: "private"`. Ownership controls are related to their bucket by name during updates and by dependency ' +
        "during preview; an ACL resource is reported on itself, whichever bucket it points at. An aws-native `s3.Bucket` " +
        'declares both itself: `ownershipControls.rules[].objectOwnership` must be "BucketOwnerEnforced" (or a classic ' +
        'BucketOwnershipControls may point at it), and its canned ACL `accessControl` must be unset or `"Private"`.',
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
        pciDss: ["7.2.1"],
        iso27001: ["A.5.15", "A.8.3"],
    },
    remediation: [
        'For each bucket, add `new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } })`.',
        "Remove `aws.s3.BucketAcl` resources and inline `acl` / `grants` on buckets; grant access with bucket policies or IAM policies instead.",
        'For an aws-native `s3.Bucket`, set `ownershipControls: { rules: [{ objectOwnership: "BucketOwnerEnforced" }] }` and remove `accessControl` (or leave it `"Private"`).',
    ],
    parameters: {},
    examples: [
        {
            title: "a recordings bucket whose ownership controls enforce bucket-owner ownership",
            verdict: "compliant",
            resources: [recordingsBucket, ownershipFor("acme-recordings")],
        },
        {
            title: "first preview: bucket name unknown, ownership controls related by property dependency",
            verdict: "compliant",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                { ...ownershipFor(UNKNOWN), propertyDependencies: { bucket: ["recordings"] }, dependsOn: ["recordings"] },
            ],
        },
        {
            title: "during an update: S3 reports the owner-only default ACL as one FULL_CONTROL grant, which is no ACL at all",
            verdict: "compliant",
            resources: [
                { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings", acl: "private", grants: [{ type: "CanonicalUser", id: "79a59df900b949e5", permissions: ["FULL_CONTROL"] }] } },
                ownershipFor("acme-recordings"),
            ],
        },
        {
            title: "a bucket without ownership controls",
            verdict: "violation",
            resources: [recordingsBucket],
        },
        {
            title: "ownership controls with ObjectWriter, where uploaders own their objects",
            verdict: "violation",
            resources: [recordingsBucket, ownershipFor("acme-recordings", "ObjectWriter")],
        },
        {
            title: "a BucketAclV2 that makes the bucket public-read",
            verdict: "violation",
            resources: [
                recordingsBucket,
                ownershipFor("acme-recordings", "BucketOwnerPreferred"),
                { name: "recordings-acl", type: "aws:s3/bucketAclV2:BucketAclV2", props: { bucket: "acme-recordings", acl: "public-read" } },
            ],
        },
        {
            title: "first preview: an inline log-delivery-write ACL still blocks although the ownership controls' bucket is unknown",
            verdict: "violation",
            resources: [
                { name: "access-logs", type: BUCKET_V2, props: { acl: "log-delivery-write" } },
                { ...ownershipFor(UNKNOWN), propertyDependencies: { bucket: ["access-logs"] } },
            ],
        },
        {
            title: "first preview: the ownership controls' bucket is unknown and no dependency says which bucket",
            verdict: "deferred",
            resources: [recordingsBucket, ownershipFor(UNKNOWN, ENFORCED, "some-ownership")],
        },
        {
            title: "first preview: the object ownership setting comes from an output not known yet",
            verdict: "deferred",
            resources: [recordingsBucket, ownershipFor("acme-recordings", UNKNOWN)],
        },
        {
            title: "aws-native: a bucket whose ownershipControls enforce bucket-owner ownership, with the Private canned ACL",
            verdict: "compliant",
            resources: [nativeBucket({ ...nativeOwnership(), accessControl: "Private" })],
        },
        {
            title: "mixed providers: a classic BucketOwnershipControls names an aws-native bucket by its bucketName",
            verdict: "compliant",
            resources: [nativeBucket({}), ownershipFor("acme-recordings")],
        },
        {
            title: "aws-native: a bucket without ownershipControls",
            verdict: "violation",
            resources: [nativeBucket({})],
        },
        {
            title: "aws-native: ownershipControls with BucketOwnerPreferred",
            verdict: "violation",
            resources: [nativeBucket(nativeOwnership("BucketOwnerPreferred"))],
        },
        {
            title: "aws-native: an access-log bucket with the LogDeliveryWrite canned ACL",
            verdict: "violation",
            resources: [nativeBucket({ ...nativeOwnership(), accessControl: "LogDeliveryWrite" }, "access-logs")],
        },
        {
            title: "mixed providers: a classic BucketAclV2 makes an aws-native bucket public-read",
            verdict: "violation",
            resources: [nativeBucket(nativeOwnership()), { name: "recordings-acl", type: "aws:s3/bucketAclV2:BucketAclV2", props: { bucket: "acme-recordings", acl: "public-read" } }],
        },
        {
            title: "aws-native, first preview: the object ownership rule is an output not known yet",
            verdict: "deferred",
            resources: [nativeBucket({ ownershipControls: { rules: [UNKNOWN] } })],
        },
    ],
    judges: ANY_S3_BUCKET,
    check(stack, _config, findings) {
        const unresolved = stack.unresolvedReferrers([OWNERSHIP_CONTROLS], "bucket", ANY_S3_BUCKET);
        for (const bucket of stack.ofType(ANY_S3_BUCKET)) {
            judgeOwnership(stack, bucket, unresolved, findings);
            judgeInlineAcl(bucket, findings);
        }
        for (const acl of stack.ofType(BUCKET_ACL)) judgeAclResource(stack, acl, findings);
    },
});

/** One object ownership setting that applies to a bucket, with where it is declared. */
interface OwnershipSetting {
    /** For messages: "`ownershipControls.rules[0].objectOwnership`" or "`rule.objectOwnership` of BucketOwnershipControls 'x'". */
    where: string;
    /** The setting, or the unknown sentinel for a part not known yet. */
    ownership: unknown;
}

/** The aws-native bucket's own `ownershipControls.rules[]`, one setting per rule (no rule: one absent setting). */
function ownOwnership(bucket: GraphResource): OwnershipSetting[] {
    if (bucket.type !== NATIVE.S3_BUCKET) return [];
    const controls = bucket.props["ownershipControls"];
    if (controls === undefined || controls === null) return [];
    if (isUnknown(controls)) return [{ where: "`ownershipControls`", ownership: controls }];
    const rules = isRecord(controls) ? controls["rules"] : undefined;
    if (isUnknown(rules)) return [{ where: "`ownershipControls.rules`", ownership: rules }];
    const list = Array.isArray(rules) ? rules : rules === undefined || rules === null ? [] : [rules];
    if (list.length === 0) return [{ where: "`ownershipControls.rules`", ownership: undefined }];
    return list.map((rule, i) => ({
        where: `\`ownershipControls.rules[${i}].objectOwnership\``,
        ownership: isUnknown(rule) ? rule : isRecord(rule) ? rule["objectOwnership"] : undefined,
    }));
}

function ownershipSettingsOf(stack: StackGraph, bucket: GraphResource): OwnershipSetting[] {
    const settings = ownOwnership(bucket);
    for (const c of stack.referrers(bucket, [OWNERSHIP_CONTROLS], "bucket", ANY_S3_BUCKET)) {
        const rule = c.props["rule"];
        settings.push({ where: `\`rule.objectOwnership\` of BucketOwnershipControls '${c.name}'`, ownership: isUnknown(rule) ? rule : isRecord(rule) ? rule["objectOwnership"] : undefined });
    }
    return settings;
}

function judgeOwnership(stack: StackGraph, bucket: GraphResource, unresolved: readonly GraphResource[], findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const settings = ownershipSettingsOf(stack, bucket);
    if (settings.length === 0) {
        if (unresolved.length > 0) {
            const names = unresolved.map((c) => `'${c.name}'`).join(", ");
            findings.undecided(bucket, `${subject} has no ownership controls of its own; the \`bucket\` of BucketOwnershipControls ${names} is not known yet and may be this one.`);
        } else {
            const missing = bucket.type === NATIVE.S3_BUCKET ? "no `ownershipControls` and no BucketOwnershipControls" : "no BucketOwnershipControls";
            findings.violation(bucket, `${subject} has ${missing}, so ACLs are not disabled by the stack. ${fixFor(bucket)}`);
        }
        return;
    }
    for (const { where, ownership } of settings) {
        if (isUnknown(ownership)) {
            findings.undecided(bucket, `${subject}: ${where} is not known yet.`);
        } else if (ownership !== ENFORCED) {
            findings.violation(
                bucket,
                `${subject}: ${where} is ${ownership === undefined || ownership === null ? "unset" : describeValue(ownership)}, which keeps ACLs in force. ` +
                    `Set it to "${ENFORCED}".`,
            );
        }
    }
}

function judgeInlineAcl(bucket: GraphResource, findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const native = bucket.type === NATIVE.S3_BUCKET;
    const property = native ? "accessControl" : "acl";
    const acl = bucket.props[property];
    if (isUnknown(acl)) findings.undecided(bucket, `${subject}: its \`${property}\` is not known yet.`);
    else if (acl !== undefined && acl !== null && acl !== "" && acl !== (native ? NATIVE_OWNER_ONLY_ACL : OWNER_ONLY_ACL)) {
        const fix = native
            ? `Remove \`accessControl\` (or set it to "${NATIVE_OWNER_ONLY_ACL}"), grant access through policies, and keep ACLs disabled with BucketOwnerEnforced ownership.`
            : "Remove `acl`, grant access through policies, and keep ACLs disabled with BucketOwnerEnforced ownership.";
        findings.violation(bucket, `${subject} sets the ${native ? "canned ACL `accessControl`" : "inline `acl`"} to ${describeValue(acl)}; ACLs grant access outside every policy. ${fix}`);
    }
    // aws-native buckets take no grant list: Cloud Control's AWS::S3::Bucket has only the canned ACL.
    if (native) return;
    const grants = judgeGrants(bucket.props["grants"], undefined);
    if (grants.kind === "unknown") findings.undecided(bucket, `${subject}: its inline \`grants\` are not known yet.`);
    else if (grants.kind === "grants-more") {
        findings.violation(bucket, `${subject} sets inline \`grants\` (${grants.seen}); ACL grants give access outside every policy. Remove \`grants\`, grant access through policies, and keep ACLs disabled with BucketOwnerEnforced ownership.`);
    }
}

function judgeAclResource(stack: StackGraph, acl: GraphResource, findings: StackFindings) {
    const target = stack.resolve(acl, { property: "bucket", targets: ANY_S3_BUCKET });
    const where = target.kind === "resources" ? ` on S3 bucket '${target.resources[0].name}'` : target.kind === "external" ? ` on bucket ${describeValue(target.value)}` : "";
    const subject = `BucketAcl '${acl.name}'${where}`;
    const canned = acl.props["acl"];
    if (isUnknown(canned)) findings.undecided(acl, `${subject}: \`acl\` is not known yet.`);
    else if (canned !== undefined && canned !== null && canned !== "" && canned !== OWNER_ONLY_ACL) {
        findings.violation(acl, `${subject} sets \`acl\` to ${describeValue(canned)}; ACLs grant access outside every policy. Remove the BucketAcl and grant access through bucket or IAM policies.`);
    }
    const policy = acl.props["accessControlPolicy"];
    if (isUnknown(policy)) {
        findings.undecided(acl, `${subject}: \`accessControlPolicy\` is not known yet.`);
        return;
    }
    if (!isRecord(policy)) return;
    const owner = policy["owner"];
    const grants = judgeGrants(policy["grants"], isRecord(owner) ? owner["id"] : undefined);
    if (grants.kind === "unknown") findings.undecided(acl, `${subject}: \`accessControlPolicy.grants\` are not known yet.`);
    else if (grants.kind === "grants-more") {
        findings.violation(acl, `${subject} grants ${grants.seen} in \`accessControlPolicy.grants\`; ACL grants give access outside every policy. Remove the BucketAcl and grant access through bucket or IAM policies.`);
    }
}
