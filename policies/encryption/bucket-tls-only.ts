/**
 * Every bucket refuses requests that do not use TLS.
 *
 * S3 answers plain-HTTP requests on its regional endpoints unless the bucket policy says otherwise:
 * an SDK or tool configured with an `http://` endpoint sends recordings, transcripts and the
 * credentials' signatures across the network in clear. Default encryption protects data at rest
 * only. The one control the bucket owner has is a bucket-policy statement that denies every S3
 * action to everyone when `aws:SecureTransport` is false. A statement that denies TLS versions
 * below 1.2 (`s3:TlsVersion`) is good practice too, but it does not replace that one: plain HTTP
 * requests carry no TLS version at all, so a version condition never matches them.
 */
import { stackControl, type StackFindings } from "../control";
import { bucketNameOfArn } from "../lib/arn";
import { bucketNameOf } from "../lib/bucket-identity";
import { bucketPoliciesOf, unresolvedBucketPolicies } from "../lib/bucket-policies";
import { describeValue } from "../lib/describe";
import { readPolicyDocument, statementCoversAction, type Condition, type Statement } from "../lib/policy-document";
import { rawStatementsOf } from "../lib/policy-statements";
import { ANY_S3_BUCKET, isNativeType, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { containsUnknown, isUnknown, UNKNOWN, UNKNOWN_SENTINELS } from "../lib/unknown";
import { wildcardCoversAfter } from "../lib/wildcard-patterns";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** Stand-ins for "every S3 action": a statement that denies both reads and writes of objects. */
const REPRESENTATIVE_ACTIONS = ["s3:GetObject", "s3:PutObject"] as const;

const TLS_DENY =
    '`{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], ' +
    'Condition: { Bool: { "aws:SecureTransport": "false" } } }`';

/** The fix, in the bucket's own provider's terms. */
function fixFor(bucket: GraphResource): string {
    return isNativeType(bucket.type)
        ? `Add a statement ${TLS_DENY} to the \`policyDocument\` of the bucket's aws-native s3.BucketPolicy.`
        : `Add a statement ${TLS_DENY} to the bucket policy (an aws.s3.BucketPolicy).`;
}

// --- example documents ------------------------------------------------------------------------

const tlsDenyStatement = (resources: unknown[] = ["arn:aws:s3:::acme-recordings", "arn:aws:s3:::acme-recordings/*"]) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
});

const readerStatement = (principal: unknown = "arn:aws:iam::111122223333:role/recording-reviewer", resource: unknown = "arn:aws:s3:::acme-recordings/*") => ({
    Sid: "ReviewersRead",
    Effect: "Allow",
    Principal: { AWS: principal },
    Action: "s3:GetObject",
    Resource: resource,
});

const documentOf = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });

const recordingsBucket = { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } };
const policyFor = (bucket: unknown, policy: unknown, name = "recordings-policy") => ({ name, type: BUCKET_POLICY, props: { bucket, policy } });
const nativeRecordingsBucket = { name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings" } };
const nativePolicyFor = (bucket: unknown, policyDocument: unknown, name = "recordings-policy") => ({ name, type: NATIVE.S3_BUCKET_POLICY, props: { bucket, policyDocument } });

// --- the control --------------------------------------------------------------------------------

export const bucketTlsOnly = stackControl({
    name: "encryption-bucket-tls-only",
    title: "Buckets deny requests that do not use TLS",
    area: "encryption",
    description:
        "Every S3 bucket has a bucket policy with a statement that denies all S3 actions (`s3:*`) to everyone " +
        '(`Principal: "*"`) on the bucket\'s objects when `aws:SecureTransport` is `"false"` (condition `Bool` or ' +
        "`BoolIfExists`). Without it S3 serves and accepts contact data over plain HTTP. The policy may come from an " +
        "`aws.s3.BucketPolicy` (`policy`), an aws-native `s3.BucketPolicy` (`policyDocument`, object or JSON string), either " +
        "one pointing at a bucket of either provider (related to it by name during updates and by dependency during " +
        "preview), or from a classic bucket's deprecated inline `policy`. Buckets of both providers are judged. A " +
        "statement denying `s3:TlsVersion` below 1.2 is welcome in addition, " +
        "but does not stop plain HTTP and so does not count on its own.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)", "Art. 5(1)(f)"],
        pciDss: ["4.2.1"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        "Give each bucket an `aws.s3.BucketPolicy` or an aws-native `s3.BucketPolicy` (one per bucket: S3 keeps a single policy, so merge it with any existing statements).",
        'Include `{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }` (in the classic `policy`, or the aws-native `policyDocument`).',
        'Optionally add a second statement denying `s3:*` with `Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } }`.',
    ],
    parameters: {},
    examples: [
        {
            title: "a recordings bucket whose BucketPolicy denies requests without TLS",
            verdict: "compliant",
            resources: [recordingsBucket, policyFor("acme-recordings", JSON.stringify(documentOf(tlsDenyStatement(), readerStatement())))],
        },
        {
            title: "a deprecated BucketV2 whose BucketPolicy, given as an object, denies requests without TLS to {\"AWS\": \"*\"}",
            verdict: "compliant",
            resources: [
                { name: "transcripts", type: BUCKET_V2, props: { bucket: "acme-transcripts" } },
                policyFor(
                    "acme-transcripts",
                    documentOf({ ...tlsDenyStatement(["arn:aws:s3:::acme-transcripts/*"]), Principal: { AWS: "*" } }),
                    "transcripts-policy",
                ),
            ],
        },
        {
            title: "two BucketPolicies on one bucket, one with the TLS deny: S3 keeps only the one applied last",
            verdict: "violation",
            resources: [
                recordingsBucket,
                policyFor("acme-recordings", JSON.stringify(documentOf(tlsDenyStatement()))),
                policyFor("acme-recordings", JSON.stringify(documentOf(readerStatement())), "public-read-policy"),
            ],
        },
        {
            title: "a bucket whose deprecated inline policy denies requests without TLS",
            verdict: "compliant",
            resources: [{ name: "recordings", type: BUCKET, props: { bucket: "acme-recordings", policy: JSON.stringify(documentOf(tlsDenyStatement())) } }],
        },
        {
            title: "first preview: the BucketPolicy's bucket is unknown, related by property dependency, and its Resource is a literal ARN",
            verdict: "compliant",
            resources: [
                recordingsBucket,
                {
                    ...policyFor(UNKNOWN, documentOf(tlsDenyStatement(["arn:aws:s3:::acme-recordings/*"]))),
                    propertyDependencies: { bucket: ["recordings"] },
                    dependsOn: ["recordings"],
                },
            ],
        },
        {
            title: "first preview: the TLS statement's Resource is built from the bucket's ARN, not known yet",
            verdict: "deferred",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                {
                    ...policyFor(UNKNOWN, documentOf(tlsDenyStatement([UNKNOWN, UNKNOWN]))),
                    propertyDependencies: { bucket: ["recordings"], policy: ["recordings"] },
                    dependsOn: ["recordings"],
                },
            ],
        },
        {
            title: "first preview: the whole policy document is computed from the bucket's ARN",
            verdict: "deferred",
            resources: [
                { name: "recordings", type: BUCKET_V2, props: {} },
                { ...policyFor(UNKNOWN, UNKNOWN), propertyDependencies: { bucket: ["recordings"], policy: ["recordings"] } },
            ],
        },
        {
            title: "first preview: a BucketPolicy whose bucket is unknown with no dependency may belong to a bucket without a policy",
            verdict: "deferred",
            resources: [recordingsBucket, policyFor(UNKNOWN, documentOf(tlsDenyStatement(["*"])), "some-policy")],
        },
        {
            title: "a bucket with no bucket policy at all",
            verdict: "violation",
            resources: [recordingsBucket],
        },
        {
            title: "a BucketPolicy that only grants reviewers read access",
            verdict: "violation",
            resources: [recordingsBucket, policyFor("acme-recordings", JSON.stringify(documentOf(readerStatement())))],
        },
        {
            title: "first preview: a policy with no TLS statement still blocks although the bucket and reader ARNs are unknown",
            verdict: "violation",
            resources: [
                { name: "recordings", type: BUCKET, props: {} },
                {
                    ...policyFor(UNKNOWN, documentOf(readerStatement(UNKNOWN, UNKNOWN))),
                    propertyDependencies: { bucket: ["recordings"], policy: ["recordings"] },
                },
            ],
        },
        {
            title: "a TLS statement that denies only one role instead of everyone",
            verdict: "violation",
            resources: [
                recordingsBucket,
                policyFor("acme-recordings", documentOf({ ...tlsDenyStatement(), Principal: { AWS: "arn:aws:iam::111122223333:role/uploader" } })),
            ],
        },
        {
            title: "a TLS statement that denies only s3:GetObject",
            verdict: "violation",
            resources: [recordingsBucket, policyFor("acme-recordings", documentOf({ ...tlsDenyStatement(), Action: "s3:GetObject" }))],
        },
        {
            title: "a TLS statement limited to the Analysis/ prefix",
            verdict: "violation",
            resources: [recordingsBucket, policyFor("acme-recordings", documentOf(tlsDenyStatement(["arn:aws:s3:::acme-recordings/Analysis/*"])))],
        },
        {
            title: "only a TLS-version floor (s3:TlsVersion below 1.2), which plain HTTP requests never match",
            verdict: "violation",
            resources: [
                recordingsBucket,
                policyFor(
                    "acme-recordings",
                    documentOf({ ...tlsDenyStatement(), Sid: "DenyOldTls", Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } }),
                ),
            ],
        },
        {
            title: "an inline policy that is not valid JSON",
            verdict: "violation",
            resources: [{ name: "recordings", type: BUCKET, props: { bucket: "acme-recordings", policy: '{"Statement": [' } }],
        },
        {
            title: "two buckets, only one of which denies requests without TLS",
            verdict: "violation",
            resources: [
                recordingsBucket,
                policyFor("acme-recordings", documentOf(tlsDenyStatement())),
                { name: "transcripts", type: BUCKET_V2, props: { bucket: "acme-transcripts" } },
            ],
        },
        {
            title: "aws-native: a bucket whose s3.BucketPolicy policyDocument (an object) denies requests without TLS",
            verdict: "compliant",
            resources: [nativeRecordingsBucket, nativePolicyFor("acme-recordings", documentOf(tlsDenyStatement(), readerStatement()))],
        },
        {
            title: "aws-native: the policyDocument given as a JSON string",
            verdict: "compliant",
            resources: [nativeRecordingsBucket, nativePolicyFor("acme-recordings", JSON.stringify(documentOf(tlsDenyStatement())))],
        },
        {
            title: "mixed providers: an aws-native s3.BucketPolicy on a classic bucket",
            verdict: "compliant",
            resources: [recordingsBucket, nativePolicyFor("acme-recordings", documentOf(tlsDenyStatement()))],
        },
        {
            title: "mixed providers, first preview: a classic BucketPolicy on an aws-native bucket, related by property dependency",
            verdict: "compliant",
            resources: [
                nativeRecordingsBucket,
                { ...policyFor(UNKNOWN, documentOf(tlsDenyStatement(["arn:aws:s3:::acme-recordings/*"]))), propertyDependencies: { bucket: ["recordings"] } },
            ],
        },
        {
            title: "aws-native: a bucket with no bucket policy",
            verdict: "violation",
            resources: [nativeRecordingsBucket],
        },
        {
            title: "aws-native: a policyDocument that only grants reviewers read access",
            verdict: "violation",
            resources: [nativeRecordingsBucket, nativePolicyFor("acme-recordings", documentOf(readerStatement()))],
        },
        {
            title: "aws-native, first preview: the whole policyDocument is computed from the bucket's ARN",
            verdict: "deferred",
            resources: [
                { name: "recordings", type: NATIVE.S3_BUCKET, props: {} },
                { ...nativePolicyFor(UNKNOWN, UNKNOWN), propertyDependencies: { bucket: ["recordings"], policyDocument: ["recordings"] } },
            ],
        },
    ],
    judges: ANY_S3_BUCKET,
    check(stack, _config, findings) {
        const unresolvedPolicies = unresolvedBucketPolicies(stack);
        for (const bucket of stack.ofType(ANY_S3_BUCKET)) judgeBucket(stack, bucket, unresolvedPolicies, findings);
    },
});

// --- where a bucket's policy comes from -------------------------------------------------------------

/** One bucket policy document that applies to a bucket, and the bucket's name as far as it is known. */
interface PolicySource {
    /** For messages: "the `policy` of BucketPolicy 'x'", "the `policyDocument` of BucketPolicy 'x'" or "its inline `policy`". */
    label: string;
    document: unknown;
    /** The bucket's name when some input states it; undefined while it is not known. */
    bucketName: string | undefined;
    /** The resource that sets the policy: a bucket policy resource, or the bucket itself (inline). */
    declaredBy: GraphResource;
}

function knownName(value: unknown): string | undefined {
    if (typeof value !== "string" || value === "" || isUnknown(value)) return undefined;
    return bucketNameOfArn(value) ?? value;
}

function policiesOf(stack: StackGraph, bucket: GraphResource): PolicySource[] {
    const ownName = bucketNameOf(bucket);
    return bucketPoliciesOf(stack, bucket).map((source) => ({
        label: source.label,
        document: source.document,
        bucketName: ownName ?? (source.declaredBy === bucket ? undefined : knownName(source.declaredBy.props["bucket"])),
        declaredBy: source.declaredBy,
    }));
}

// --- reading a statement ---------------------------------------------------------------------------

/** Whether one statement is the TLS deny: yes, no (and why), or not decidable while parts are unknown. */
type StatementJudgement = { kind: "yes" } | { kind: "no"; reason: string } | { kind: "unknown"; parts: string[] };

type PartJudgement = true | false | "unknown";

/**
 * True when any string in the value is, or contains, an unknown sentinel. A sentinel can sit inside a
 * string when a document was serialised after interpolating an output that was not known yet.
 */
function mentionsUnknown(value: unknown): boolean {
    if (containsUnknown(value)) return true;
    const sentinels = Object.values(UNKNOWN_SENTINELS) as string[];
    const visit = (node: unknown, depth: number): boolean => {
        if (typeof node === "string") return sentinels.some((sentinel) => node.includes(sentinel));
        if (depth > 64 || node === null || typeof node !== "object") return false;
        return Object.values(node as object).some((child) => visit(child, depth + 1));
    };
    return visit(value, 0);
}

/**
 * Does an IAM resource pattern cover every object of the bucket? The pattern is matched against
 * `arn:<partition>:s3:::<bucket>/*` in which the trailing `*` can only be met by a `*` of the pattern,
 * so `…/Analysis/*` or `…/?` do not count. S3 refuses a bucket policy whose resources name another
 * bucket, so when the bucket's name is not known the pattern's own bucket part stands for it.
 */
export function coversBucketObjects(pattern: string, bucketName: string | undefined): boolean {
    if (pattern === "*") return true;
    const match = /^arn:([^:]*):s3:::(.*)$/.exec(pattern);
    if (!match) return false;
    const [, partition, path] = match;
    const name = bucketName ?? path.split("/")[0];
    return wildcardCoversAfter(pattern, `arn:${partition}:s3:::${name}/`, "all");
}

function isOperator(condition: Condition, ...operators: string[]): boolean {
    return operators.some((operator) => operator.toLowerCase() === condition.operator.toLowerCase());
}

/** `Bool` (or `BoolIfExists`) `aws:SecureTransport` = "false": the request did not use TLS. */
export function isSecureTransportFalse(condition: Condition): boolean {
    return (
        isOperator(condition, "Bool", "BoolIfExists") &&
        condition.key.toLowerCase() === "aws:securetransport" &&
        condition.values.some((value) => value.toLowerCase() === "false")
    );
}

/** `NumericLessThan` `s3:TlsVersion` "1.2": an additional floor on the TLS version. */
export function isTlsVersionFloor(condition: Condition): boolean {
    return isOperator(condition, "NumericLessThan") && condition.key.toLowerCase() === "s3:tlsversion";
}

function effectPart(statement: Statement, raw: Record<string, unknown>): PartJudgement {
    if (statement.effect === "Deny") return true;
    return mentionsUnknown(raw["Effect"]) ? "unknown" : false;
}

function principalPart(statement: Statement, raw: Record<string, unknown>): PartJudgement {
    if (statement.principals?.anyone === true) return true;
    return mentionsUnknown(raw["Principal"]) ? "unknown" : false;
}

function actionPart(statement: Statement, raw: Record<string, unknown>): PartJudgement {
    if (REPRESENTATIVE_ACTIONS.every((action) => statementCoversAction(statement, action))) return true;
    return mentionsUnknown(raw["Action"]) || mentionsUnknown(raw["NotAction"]) ? "unknown" : false;
}

function resourcePart(statement: Statement, bucketName: string | undefined): PartJudgement {
    const resources = statement.resources ?? [];
    if (resources.some((pattern) => !mentionsUnknown(pattern) && coversBucketObjects(pattern, bucketName))) return true;
    return resources.some((pattern) => mentionsUnknown(pattern)) ? "unknown" : false;
}

function conditionPart(statement: Statement, raw: Record<string, unknown>): PartJudgement {
    const plainHttp = statement.conditions.filter(isSecureTransportFalse);
    // Conditions are ANDed: any other one narrows the deny to fewer requests than "all without TLS".
    const narrowing = statement.conditions.filter((condition) => !isSecureTransportFalse(condition));
    if (plainHttp.length > 0) return narrowing.length === 0;
    return mentionsUnknown(raw["Condition"]) ? "unknown" : false;
}

function reasonNotTlsDeny(statement: Statement, failed: string, bucketName: string | undefined): string {
    const which = statement.sid ? `statement '${statement.sid}'` : "the statement with `aws:SecureTransport`";
    switch (failed) {
        case "Effect":
            return `${which} has Effect "Allow", not "Deny"`;
        case "Principal":
            return statement.notPrincipals
                ? `${which} uses NotPrincipal instead of Principal "*"`
                : `${which} applies to named principals, not to everyone (Principal "*")`;
        case "Action":
            return `${which} does not deny every S3 action (Action ${describeValue(statement.actions?.join(", ") ?? "NotAction")}; use "s3:*")`;
        case "Resource":
            return statement.resources === undefined
                ? `${which} uses NotResource, or no Resource, instead of the bucket's objects`
                : `${which} does not cover all objects of the bucket (Resource ${describeValue(statement.resources.join(", "))}; ` +
                      `use "arn:aws:s3:::${bucketName ?? "<bucket>"}/*")`;
        default:
            return `${which} has further conditions that narrow it to fewer requests than all those without TLS`;
    }
}

/** Is this statement the deny of plain-HTTP requests, for everyone, on every object of the bucket? */
export function judgeTlsDenyStatement(statement: Statement, raw: Record<string, unknown>, bucketName: string | undefined): StatementJudgement {
    const parts: [string, PartJudgement][] = [
        ["Effect", effectPart(statement, raw)],
        ["Principal", principalPart(statement, raw)],
        ["Action", actionPart(statement, raw)],
        ["Resource", resourcePart(statement, bucketName)],
        ["Condition", conditionPart(statement, raw)],
    ];
    const failed = parts.find(([, judgement]) => judgement === false);
    if (failed) return { kind: "no", reason: reasonNotTlsDeny(statement, failed[0], bucketName) };
    const unknown = parts.filter(([, judgement]) => judgement === "unknown").map(([part]) => part);
    return unknown.length > 0 ? { kind: "unknown", parts: unknown } : { kind: "yes" };
}

// --- judging a bucket --------------------------------------------------------------------------------

type DocumentVerdict =
    | { kind: "denies-plain-http" }
    | { kind: "malformed"; reason: string }
    | { kind: "unknown"; what: string }
    | { kind: "no-tls-deny"; hint?: string };

function judgeDocument(source: PolicySource): DocumentVerdict {
    const reading = readPolicyDocument(source.document);
    if (reading.kind === "unknown") return { kind: "unknown", what: "the document" };
    if (reading.kind === "malformed") return { kind: "malformed", reason: reading.reason };
    if (reading.kind === "absent") return { kind: "no-tls-deny", hint: "it is empty" };

    const raws = rawStatementsOf(source.document);
    const judgements = reading.statements.map((statement, index) => ({
        statement,
        judgement: judgeTlsDenyStatement(statement, raws[index] ?? {}, source.bucketName),
    }));
    if (judgements.some(({ judgement }) => judgement.kind === "yes")) return { kind: "denies-plain-http" };
    const undecided = judgements.find(({ judgement }) => judgement.kind === "unknown");
    if (undecided && undecided.judgement.kind === "unknown") {
        const which = undecided.statement.sid ? `statement '${undecided.statement.sid}'` : "a statement that may deny requests without TLS";
        return { kind: "unknown", what: `the ${undecided.judgement.parts.map((part) => `\`${part}\``).join(", ")} of ${which}` };
    }
    const nearMiss = judgements.find(({ statement }) => statement.conditions.some(isSecureTransportFalse));
    if (nearMiss && nearMiss.judgement.kind === "no") return { kind: "no-tls-deny", hint: nearMiss.judgement.reason };
    if (reading.statements.some((statement) => statement.effect === "Deny" && statement.conditions.some(isTlsVersionFloor))) {
        return { kind: "no-tls-deny", hint: "it denies old TLS versions, but plain HTTP requests carry no TLS version and are not denied" };
    }
    return { kind: "no-tls-deny" };
}

function judgeBucket(stack: StackGraph, bucket: GraphResource, unresolvedPolicies: readonly GraphResource[], findings: StackFindings) {
    const subject = `S3 bucket '${bucket.name}'`;
    const sources = policiesOf(stack, bucket);
    if (sources.length === 0) {
        if (unresolvedPolicies.length > 0) {
            const names = unresolvedPolicies.map((policy) => `'${policy.name}'`).join(", ");
            findings.undecided(bucket, `${subject} has no bucket policy of its own; the \`bucket\` of BucketPolicy ${names} is not known yet and may be this one.`);
        } else {
            findings.violation(bucket, `${subject} has no bucket policy, so S3 accepts requests over plain HTTP. ${fixFor(bucket)}`);
        }
        return;
    }
    // S3 keeps one policy per bucket, and each of these replaces it when applied: the TLS deny of one
    // holds only if it was applied last, which the stack does not decide.
    const declarers = [...new Set(sources.map((source) => source.declaredBy))];
    if (declarers.length > 1) {
        findings.violation(
            bucket,
            `${subject} has ${declarers.length} bucket policies (${declarers.map((d) => (d === bucket ? "its inline `policy`" : `'${d.name}'`)).join(", ")}). ` +
                "S3 keeps one policy per bucket and each replaces it when applied, so whether requests over plain HTTP are denied depends on which was applied last. " +
                `Merge them into one bucket policy with the statement ${TLS_DENY}.`,
        );
        return;
    }
    const verdicts = sources.map((source) => ({ source, verdict: judgeDocument(source) }));
    if (verdicts.some(({ verdict }) => verdict.kind === "denies-plain-http")) return;

    let decided = false;
    for (const { source, verdict } of verdicts) {
        if (verdict.kind === "malformed") {
            decided = true;
            findings.violation(bucket, `${subject}: ${source.label} cannot be read (${verdict.reason}), so it cannot be shown to deny requests without TLS. Fix the document. ${fixFor(bucket)}`);
        } else if (verdict.kind === "unknown") {
            decided = true;
            findings.undecided(bucket, `${subject}: ${verdict.what} in ${source.label} is not known yet.`);
        }
    }
    if (decided) return;
    for (const { source, verdict } of verdicts) {
        if (verdict.kind !== "no-tls-deny") continue;
        const hint = verdict.hint ? ` (${verdict.hint})` : "";
        findings.violation(bucket, `${subject}: ${source.label} has no statement that denies requests without TLS${hint}. ${fixFor(bucket)}`);
    }
}
