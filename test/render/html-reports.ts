/**
 * Reports the HTML tests render: the saved fixtures, the leaky one with the context a current
 * `ccguard preview` adds (evaluated, disabled, not applicable, a deferred note), and a hand-made
 * audit report with hostile text in every field a stack or a policy config can write.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Finding, FindingsReport } from "../../cli/findings";
import { REPO_ROOT } from "../support/paths";

export const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test/fixtures/reports", `${name}.json`), "utf8")) as FindingsReport;

export const leaky = sample("leaky-preview");
export const eu = sample("eu-preview");

export const DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/** The leaky stack as the lead's buildReport now describes it: what was evaluated, two policies off, one check deferred. */
export const leakyInContext: FindingsReport = {
    ...leaky,
    evaluated: { project: "leaky-contact-centre", outputs: "unknown", policyConfig: { path: "policy-config.json", sha256: DIGEST } },
    disabledPolicies: ["connect-flow-redaction", "retention-object-lock-erasure"],
    notApplicable: ["residency-lex-bot-region", "residency-no-cloudfront-recordings-origin"],
    findings: [
        ...leaky.findings,
        {
            policy: "encryption-connect-stream-key-usable",
            enforcementLevel: "advisory",
            severity: "high",
            urn: "urn:pulumi:dev::leaky-contact-centre::aws:kinesis/stream:Stream::ctr-stream",
            resourceType: "aws:kinesis/stream:Stream",
            resourceName: "ctr-stream",
            message: "can't run policy 'encryption-connect-stream-key-usable' from policy pack 'contact-centre-guard@v0.1.0' during preview: Kinesis stream 'ctr-stream': `kmsKeyId` is not known until the key exists.",
            frameworks: { gdpr: ["Art. 32(1)(a)"], pciDss: ["3.5.1"], iso27001: ["A.8.24"] },
            deferred: true,
        },
    ],
    summary: { ...leaky.summary, advisory: leaky.summary.advisory + 1, deferred: 1, disabled: 2 },
};

export const HOSTILE = {
    script: `<script>alert("pwned")</script>`,
    attribute: `x" onload="alert(1)`,
    url: "javascript:alert(document.domain)",
    image: "<img src=x onerror=alert(1)>",
};

export const LEGACY_URN = "urn:pulumi:prod::cc::aws:s3/bucket:Bucket::legacy-recordings";
const HOSTILE_URN = `urn:pulumi:prod::cc::aws:s3/bucket:Bucket::${HOSTILE.image}`;

const finding = (overrides: Partial<Finding>): Finding => ({
    policy: "encryption-bucket-tls-only",
    enforcementLevel: "mandatory",
    severity: "high",
    urn: LEGACY_URN,
    resourceType: "aws:s3/bucket:Bucket",
    resourceName: "legacy-recordings",
    message: "S3 bucket 'legacy-recordings' has no bucket policy.",
    frameworks: { gdpr: ["Art. 32(1)(a)"], pciDss: ["4.2.1"], iso27001: ["A.8.24"] },
    deferred: false,
    ...overrides,
});

/** An audit with findings in a shuffled order, a waiver, unused waivers, readers, a warning, and hostile text everywhere. */
export const handMade: FindingsReport = {
    tool: { name: "ccguard", version: "0.1.0" },
    pack: { name: "contact-centre-guard", version: "0.1.0" },
    mode: "audit",
    stack: `prod"><b>stack</b>`,
    generatedAt: "2026-11-25T10:00:00.000Z",
    policies: ["encryption-bucket-tls-only", "encryption-kms-key-rotation", "retention-contact-data-expiry", "connect-contact-lens-explicit", "custom-team-rule"],
    resources: [
        { urn: LEGACY_URN, type: "aws:s3/bucket:Bucket", name: "legacy-recordings" },
        { urn: HOSTILE_URN, type: "aws:s3/bucket:Bucket", name: HOSTILE.image },
        { urn: "urn:pulumi:prod::cc::aws:kms/key:Key::recordings-key", type: "aws:kms/key:Key", name: "recordings-key" },
    ],
    findings: [
        finding({ policy: "custom-team-rule", enforcementLevel: "advisory", severity: "low", message: "Tag `cost-centre` is missing.", frameworks: { gdpr: [], pciDss: [], iso27001: [] } }),
        finding({
            policy: "connect-contact-lens-explicit",
            enforcementLevel: "advisory",
            severity: "low",
            urn: HOSTILE_URN,
            resourceName: HOSTILE.image,
            message: `${HOSTILE.script} and \`<b>not bold</b>\` see ${HOSTILE.url}`,
        }),
        finding({ urn: HOSTILE_URN, resourceName: HOSTILE.image, severity: "critical", message: `Owner ${HOSTILE.attribute}` }),
        finding({
            policy: "encryption-kms-key-rotation",
            urn: "urn:pulumi:prod::cc::aws:kms/key:Key::recordings-key",
            resourceType: "aws:kms/key:Key",
            resourceName: "recordings-key",
            message: "KMS key 'recordings-key' has enableKeyRotation false.",
            remediatedByUpdate: true,
        }),
        finding({}),
    ],
    waivers: [
        {
            policy: "retention-contact-data-expiry",
            urn: LEGACY_URN,
            reason: `Legacy archive </td></tr></table>${HOSTILE.script} kept until migration, see ${HOSTILE.url}`,
            owner: `dpo@acme.example" onmouseover="alert(1)`,
            expires: "2026-12-31",
        },
    ],
    unusedWaivers: [
        { policy: "encryption-bucket-customer-key", resource: "old-*", owner: "platform@acme.example", expires: "2025-01-31", status: "expired" },
        { policy: "encryption-bucket-tls-only", resource: HOSTILE.attribute, owner: "", expires: "", status: "incomplete" },
    ],
    readers: [
        { bucket: "acme-recordings", principal: "arn:aws:iam::111122223333:role/recording-reviewer", canGetObject: true, canDecrypt: true, approved: true, via: ["RolePolicy 'reviewer' allows s3:GetObject"] },
        { bucket: "acme-recordings", principal: `arn:aws:iam::111122223333:role/${HOSTILE.script}`, canGetObject: true, canDecrypt: true, approved: false, via: [HOSTILE.image] },
        { bucket: "acme-recordings", principal: "arn:aws:iam::111122223333:role/backup", canGetObject: true, canDecrypt: false, approved: false, via: [] },
    ],
    warnings: [{ kind: "stack-reference", message: `Outputs of ${HOSTILE.script} are unknown`, urn: HOSTILE_URN }],
    evaluated: { project: HOSTILE.attribute, policyConfig: { path: `${HOSTILE.url}<x>.json`, sha256: DIGEST } },
    disabledPolicies: [HOSTILE.script],
    notApplicable: ["connect-flow-redaction"],
    summary: { resources: 3, policies: 5, mandatory: 3, advisory: 2, waived: 1, deferred: 0, disabled: 1 },
};
