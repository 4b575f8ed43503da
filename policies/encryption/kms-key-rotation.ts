/**
 * Customer-managed keys rotate within the cryptoperiod, and cannot be destroyed in a hurry.
 *
 * KMS leaves automatic rotation off unless asked (`enableKeyRotation` defaults to false), so a key
 * created without it protects every recording for as long as it exists: PCI DSS 3.7.4 requires a
 * defined cryptoperiod. AWS rotates only symmetric keys whose material KMS generates and holds:
 * asymmetric and HMAC keys, and keys in a custom key store (CloudHSM or external), cannot rotate
 * automatically, so demanding it there would be a demand AWS refuses. Deletion is the other end of a
 * key's life: once the waiting period ends, everything encrypted under the key is unreadable for
 * good. A seven-day window lets one mistaken `pulumi destroy` or one compromised admin erase every
 * recording before anyone notices, so the window has a floor for every kind of key.
 */
import { resourceControl, type CheckedResource, type ResourceFindings } from "../control";
import { describeValue, numberOf } from "../lib/describe";
import { KMS_KEY } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    maxRotationPeriodDays: number;
    minDeletionWindowDays: number;
}

/** What KMS applies when the input is left unset. */
const AWS_DEFAULT_ROTATION_PERIOD_DAYS = 365;
const AWS_DEFAULT_DELETION_WINDOW_DAYS = 30;
const SYMMETRIC_SPEC = "SYMMETRIC_DEFAULT";

const key = (props: Record<string, unknown>) => ({ name: "recordings-key", type: KMS_KEY, props });

/** Whether KMS can rotate this key automatically, and if that is not known yet, which input decides. */
type Rotatable = { kind: "yes" } | { kind: "no" } | { kind: "unknown"; property: string };

function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

function rotatable(props: Record<string, unknown>): Rotatable {
    const spec = props["customerMasterKeySpec"];
    if (isUnknown(spec)) return { kind: "unknown", property: "customerMasterKeySpec" };
    // Only a string other than SYMMETRIC_DEFAULT names an asymmetric or HMAC key; anything else
    // (unset, or a value KMS would reject) is judged as the default symmetric key.
    if (typeof spec === "string" && spec !== "" && spec !== SYMMETRIC_SPEC) {
        return { kind: "no" };
    }
    for (const property of ["customKeyStoreId", "xksKeyId"]) {
        const value = props[property];
        if (isUnknown(value)) return { kind: "unknown", property };
        if (isSet(value)) return { kind: "no" };
    }
    return { kind: "yes" };
}

function judgeRotation(subject: string, props: Record<string, unknown>, config: Config, findings: ResourceFindings) {
    const enabled = props["enableKeyRotation"];
    if (isUnknown(enabled)) {
        findings.undecided(`${subject}: \`enableKeyRotation\` is not known yet.`);
        return;
    }
    if (enabled === true) {
        judgeRotationPeriod(subject, props["rotationPeriodInDays"], config, findings);
        return;
    }
    const canRotate = rotatable(props);
    if (canRotate.kind === "no") return;
    if (canRotate.kind === "unknown") {
        findings.undecided(
            `${subject}: \`${canRotate.property}\` is not known yet, and it decides whether this key, whose rotation is off, can and must rotate.`,
        );
        return;
    }
    const seen = isSet(enabled) ? `sets \`enableKeyRotation\` to ${describeValue(enabled)}` : "leaves `enableKeyRotation` unset (KMS default: off)";
    findings.violation(
        `${subject} ${seen}, so its key material never changes. ` +
            `Set \`enableKeyRotation: true\` and \`rotationPeriodInDays\` of at most ${config.maxRotationPeriodDays} (PCI DSS 3.7.4 cryptoperiod).`,
    );
}

function judgeRotationPeriod(subject: string, period: unknown, config: Config, findings: ResourceFindings) {
    if (isUnknown(period)) {
        findings.undecided(`${subject}: \`rotationPeriodInDays\` is not known yet.`);
        return;
    }
    const days = isSet(period) ? numberOf(period) : AWS_DEFAULT_ROTATION_PERIOD_DAYS;
    if (days === undefined) {
        findings.violation(
            `${subject} sets \`rotationPeriodInDays\` to ${describeValue(period)}, which is not a number of days. ` +
                `Set it to a number from 90 to ${config.maxRotationPeriodDays}.`,
        );
    } else if (days > config.maxRotationPeriodDays) {
        const seen = isSet(period) ? `sets \`rotationPeriodInDays\` to ${days}` : `leaves \`rotationPeriodInDays\` unset, so KMS rotates every ${days} days`;
        findings.violation(
            `${subject} ${seen}, longer than the allowed cryptoperiod of ${config.maxRotationPeriodDays} days. ` +
                `Set \`rotationPeriodInDays\` to at most ${config.maxRotationPeriodDays}.`,
        );
    }
}

function judgeDeletionWindow(subject: string, window: unknown, config: Config, findings: ResourceFindings) {
    if (isUnknown(window)) {
        findings.undecided(`${subject}: \`deletionWindowInDays\` is not known yet.`);
        return;
    }
    const days = isSet(window) ? numberOf(window) : AWS_DEFAULT_DELETION_WINDOW_DAYS;
    if (days === undefined) {
        findings.violation(
            `${subject} sets \`deletionWindowInDays\` to ${describeValue(window)}, which is not a number of days. ` +
                `Set it to at least ${config.minDeletionWindowDays}, or leave it unset (30 days).`,
        );
    } else if (days < config.minDeletionWindowDays) {
        findings.violation(
            `${subject} sets \`deletionWindowInDays\` to ${days}: a scheduled deletion would destroy every recording encrypted ` +
                `with it after only ${days} days. Set it to at least ${config.minDeletionWindowDays}, or leave it unset (30 days).`,
        );
    }
}

export const kmsKeyRotation = resourceControl<Config>({
    name: "encryption-kms-key-rotation",
    title: "KMS keys rotate within the cryptoperiod and keep a safe deletion window",
    area: "encryption",
    description:
        "A symmetric customer-managed KMS key (`customerMasterKeySpec` unset or `SYMMETRIC_DEFAULT`) has " +
        "`enableKeyRotation: true`, and its `rotationPeriodInDays` (365 when unset) is at most the configured " +
        "cryptoperiod. Asymmetric and HMAC keys, and keys in a custom key store, cannot rotate automatically and are " +
        "not asked to. Every key keeps a `deletionWindowInDays` (30 when unset) of at least the configured floor, so " +
        "a scheduled deletion can be noticed and cancelled before the data encrypted with the key is lost.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)"],
        pciDss: ["3.6.1", "3.7.4"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        "Set `enableKeyRotation: true` on every symmetric `aws.kms.Key` (this policy applies that fix at the `remediate` level).",
        "Leave `rotationPeriodInDays` unset (365 days) or set it no longer than the `maxRotationPeriodDays` parameter.",
        "Leave `deletionWindowInDays` unset (30 days) or set it to at least the `minDeletionWindowDays` parameter.",
    ],
    parameters: {
        maxRotationPeriodDays: {
            type: "integer",
            minimum: 90,
            maximum: 2560,
            default: 365,
            description:
                "Longest allowed cryptoperiod, in days, for automatically rotated keys (PCI DSS 3.7.4). KMS accepts 90 to 2560 " +
                "and rotates every 365 days when `rotationPeriodInDays` is unset.",
        },
        minDeletionWindowDays: {
            type: "integer",
            minimum: 7,
            maximum: 30,
            default: 30,
            description:
                "Shortest allowed waiting period, in days, between scheduling a key's deletion and KMS destroying it " +
                "(KMS accepts 7 to 30, and uses 30 when `deletionWindowInDays` is unset).",
        },
    },
    appliesTo: [KMS_KEY],
    examples: [
        {
            title: "a symmetric key with rotation on and the KMS defaults for period and deletion window",
            verdict: "compliant",
            resources: [key({ description: "Call recordings", enableKeyRotation: true })],
        },
        {
            title: "a key rotated every 180 days with a 30-day deletion window",
            verdict: "compliant",
            resources: [key({ enableKeyRotation: true, rotationPeriodInDays: 180, deletionWindowInDays: 30 })],
        },
        {
            title: "a key without enableKeyRotation (KMS leaves rotation off)",
            verdict: "violation",
            resources: [key({ description: "Call recordings" })],
        },
        {
            title: "a key with rotation explicitly off",
            verdict: "violation",
            resources: [key({ enableKeyRotation: false, customerMasterKeySpec: SYMMETRIC_SPEC })],
        },
        {
            title: "a key rotated only every 730 days",
            verdict: "violation",
            resources: [key({ enableKeyRotation: true, rotationPeriodInDays: 730 })],
        },
        {
            title: "a key left at the 365-day default when the team's cryptoperiod is 180 days",
            verdict: "violation",
            config: { maxRotationPeriodDays: 180 },
            resources: [key({ enableKeyRotation: true })],
        },
        {
            title: "a key whose deletion window is the 7-day minimum",
            verdict: "violation",
            resources: [key({ enableKeyRotation: true, deletionWindowInDays: 7 })],
        },
        {
            title: "an asymmetric signing key, which cannot rotate, with the default deletion window",
            verdict: "compliant",
            resources: [key({ customerMasterKeySpec: "RSA_3072", keyUsage: "SIGN_VERIFY" })],
        },
        {
            title: "an HMAC key, which cannot rotate, but with a 10-day deletion window",
            verdict: "violation",
            resources: [key({ customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", deletionWindowInDays: 10 })],
        },
        {
            title: "a symmetric key in a CloudHSM key store, which KMS cannot rotate",
            verdict: "compliant",
            resources: [key({ customKeyStoreId: "cks-1234567890abcdef0" })],
        },
        {
            title: "first preview: rotation comes from a stack output not known yet",
            verdict: "deferred",
            resources: [key({ enableKeyRotation: UNKNOWN, policy: UNKNOWN })],
        },
        {
            title: "first preview: a key in a custom key store created in the same stack, rotation off",
            verdict: "deferred",
            resources: [key({ customKeyStoreId: UNKNOWN })],
        },
        {
            title: "first preview: a 7-day deletion window still blocks although the key policy is not known yet",
            verdict: "violation",
            resources: [key({ enableKeyRotation: true, deletionWindowInDays: 7, policy: UNKNOWN })],
        },
    ],
    check(resource, config, findings) {
        const subject = `KMS key '${resource.name}'`;
        judgeRotation(subject, resource.props, config, findings);
        judgeDeletionWindow(subject, resource.props["deletionWindowInDays"], config, findings);
    },
    remediate(resource: CheckedResource) {
        const enabled = resource.props["enableKeyRotation"];
        if (enabled === true || isUnknown(enabled)) return undefined;
        if (rotatable(resource.props).kind !== "yes") return undefined;
        return { ...resource.props, enableKeyRotation: true };
    },
});
