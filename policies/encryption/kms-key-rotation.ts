/**
 * Customer-managed keys rotate within the cryptoperiod, and cannot be destroyed in a hurry.
 *
 * KMS leaves automatic rotation off unless asked (`enableKeyRotation` defaults to false), so a key
 * created without it protects every recording for as long as it exists: PCI DSS 3.7.4 requires a
 * defined cryptoperiod. AWS rotates only symmetric keys whose material KMS generates and holds:
 * asymmetric and HMAC keys, keys with imported material, and keys in a custom key store (CloudHSM or
 * external) cannot rotate automatically, so demanding it there would be a demand AWS refuses. Deletion is the other end of a
 * key's life: once the waiting period ends, everything encrypted under the key is unreadable for
 * good. A seven-day window lets one mistaken `pulumi destroy` or one compromised admin erase every
 * recording before anyone notices, so the window has a floor for every kind of key.
 */
import { resourceControl, type CheckedResource, type ResourceFindings } from "../control";
import { describeValue, numberOf } from "../lib/describe";
import { KMS_KEY, NATIVE } from "../lib/resource-types";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    maxRotationPeriodDays: number;
    minDeletionWindowDays: number;
}

/** What KMS applies when the input is left unset. */
const AWS_DEFAULT_ROTATION_PERIOD_DAYS = 365;
const AWS_DEFAULT_DELETION_WINDOW_DAYS = 30;
const SYMMETRIC_SPEC = "SYMMETRIC_DEFAULT";
const ENCRYPTION_USAGE = "ENCRYPT_DECRYPT";

/** An input that, when set as given, makes the key one KMS cannot rotate automatically. */
interface RotationBar {
    property: string;
    bars(value: unknown): boolean;
}

/**
 * Only a string other than the default names another kind of key; anything else (unset, or a value
 * KMS would reject) is judged as the default symmetric encryption key.
 */
const otherThan = (defaultValue: string) => (value: unknown) => typeof value === "string" && value !== "" && value !== defaultValue;
const isSet = (value: unknown) => value !== undefined && value !== null && value !== "";

/** How each provider spells what this control reads. Both call rotation `enableKeyRotation` and `rotationPeriodInDays`. */
interface KeyInputs {
    rotationBars: readonly RotationBar[];
    deletionWindow: string;
}

const KEY_INPUTS: Readonly<Record<string, KeyInputs>> = {
    [KMS_KEY]: {
        rotationBars: [
            { property: "customerMasterKeySpec", bars: otherThan(SYMMETRIC_SPEC) },
            { property: "keyUsage", bars: otherThan(ENCRYPTION_USAGE) },
            // A CloudHSM or external key store holds material KMS cannot replace.
            { property: "customKeyStoreId", bars: isSet },
            { property: "xksKeyId", bars: isSet },
        ],
        deletionWindow: "deletionWindowInDays",
    },
    // CloudFormation cannot create a key in a custom key store; imported material (`origin: EXTERNAL`)
    // is the aws-native way to a key KMS cannot rotate on its own.
    [NATIVE.KMS_KEY]: {
        rotationBars: [
            { property: "keySpec", bars: otherThan(SYMMETRIC_SPEC) },
            { property: "keyUsage", bars: otherThan(ENCRYPTION_USAGE) },
            { property: "origin", bars: otherThan("AWS_KMS") },
        ],
        deletionWindow: "pendingWindowInDays",
    },
};

const key = (props: Record<string, unknown>) => ({ name: "recordings-key", type: KMS_KEY, props });
const nativeKey = (props: Record<string, unknown>) => ({ name: "recordings-key", type: NATIVE.KMS_KEY, props });

/** Whether KMS can rotate this key automatically, and if that is not known yet, which input decides. */
type Rotatable = { kind: "yes" } | { kind: "no" } | { kind: "unknown"; property: string };

/**
 * A known bar decides even while another input is unknown. `enabled: false` is no bar: KMS keeps
 * a disabled key's rotation status and rotates overdue material as soon as the key is enabled
 * again, so the setting still decides the key's cryptoperiod.
 */
function rotatable(inputs: KeyInputs, props: Record<string, unknown>): Rotatable {
    let unknown: string | undefined;
    for (const { property, bars } of inputs.rotationBars) {
        const value = props[property];
        if (isUnknown(value)) unknown ??= property;
        else if (bars(value)) return { kind: "no" };
    }
    return unknown === undefined ? { kind: "yes" } : { kind: "unknown", property: unknown };
}

function judgeRotation(subject: string, inputs: KeyInputs, props: Record<string, unknown>, config: Config, findings: ResourceFindings) {
    const enabled = props["enableKeyRotation"];
    if (isUnknown(enabled)) {
        findings.undecided(`${subject}: \`enableKeyRotation\` is not known yet.`);
        return;
    }
    if (enabled === true) {
        judgeRotationPeriod(subject, props["rotationPeriodInDays"], config, findings);
        return;
    }
    const canRotate = rotatable(inputs, props);
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

function judgeDeletionWindow(subject: string, property: string, window: unknown, config: Config, findings: ResourceFindings) {
    if (isUnknown(window)) {
        findings.undecided(`${subject}: \`${property}\` is not known yet.`);
        return;
    }
    const days = isSet(window) ? numberOf(window) : AWS_DEFAULT_DELETION_WINDOW_DAYS;
    if (days === undefined) {
        findings.violation(
            `${subject} sets \`${property}\` to ${describeValue(window)}, which is not a number of days. ` +
                `Set it to at least ${config.minDeletionWindowDays}, or leave it unset (30 days).`,
        );
    } else if (days < config.minDeletionWindowDays) {
        findings.violation(
            `${subject} sets \`${property}\` to ${days}: a scheduled deletion would destroy every recording encrypted ` +
                `with it after only ${days} days. Set it to at least ${config.minDeletionWindowDays}, or leave it unset (30 days).`,
        );
    }
}

export const kmsKeyRotation = resourceControl<Config>({
    name: "encryption-kms-key-rotation",
    title: "KMS keys rotate within the cryptoperiod and keep a safe deletion window",
    area: "encryption",
    description:
        "A symmetric encryption customer-managed KMS key (classic `aws.kms.Key` with `customerMasterKeySpec` unset or " +
        "`SYMMETRIC_DEFAULT`; aws-native `kms.Key` with `keySpec` likewise, and `keyUsage` unset or `ENCRYPT_DECRYPT`) has " +
        "`enableKeyRotation: true`, and its `rotationPeriodInDays` (365 when unset) is at most the configured " +
        "cryptoperiod. Asymmetric and HMAC keys, keys with imported material (aws-native `origin: EXTERNAL`) and keys in a " +
        "custom key store cannot rotate automatically and are not asked to; a disabled key (`enabled: false`) is, since its " +
        "rotation setting takes effect again as soon as it is enabled. Every key keeps a deletion waiting period (`deletionWindowInDays`, aws-native " +
        "`pendingWindowInDays`; 30 when unset) of at least the configured floor, so a scheduled deletion can be noticed and " +
        "cancelled before the data encrypted with the key is lost.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 32(1)(a)"],
        pciDss: ["3.6.1", "3.7.4"],
        iso27001: ["A.8.24"],
    },
    remediation: [
        "Set `enableKeyRotation: true` on every symmetric `aws.kms.Key` or aws-native `kms.Key` (this policy applies that fix at the `remediate` level).",
        "Leave `rotationPeriodInDays` unset (365 days) or set it no longer than the `maxRotationPeriodDays` parameter.",
        "Leave `deletionWindowInDays` (aws-native: `pendingWindowInDays`) unset (30 days) or set it to at least the `minDeletionWindowDays` parameter.",
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
                "(KMS accepts 7 to 30, and uses 30 when `deletionWindowInDays`, aws-native `pendingWindowInDays`, is unset).",
        },
    },
    appliesTo: Object.keys(KEY_INPUTS),
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
        {
            title: "aws-native: a kms.Key rotated every 180 days with the default 30-day pending window",
            verdict: "compliant",
            resources: [nativeKey({ description: "Call recordings", enableKeyRotation: true, rotationPeriodInDays: 180, keySpec: SYMMETRIC_SPEC, keyUsage: ENCRYPTION_USAGE })],
        },
        {
            title: "aws-native: a kms.Key without enableKeyRotation",
            verdict: "violation",
            resources: [nativeKey({ description: "Call recordings", keyPolicy: { Version: "2012-10-17", Statement: [] } })],
        },
        {
            title: "aws-native: a kms.Key with the 7-day minimum pendingWindowInDays",
            verdict: "violation",
            resources: [nativeKey({ enableKeyRotation: true, pendingWindowInDays: 7 })],
        },
        {
            title: "aws-native: an HMAC kms.Key, which cannot rotate, with the default pending window",
            verdict: "compliant",
            resources: [nativeKey({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" })],
        },
        {
            title: "aws-native: a kms.Key for imported key material (origin EXTERNAL), which KMS cannot rotate",
            verdict: "compliant",
            resources: [nativeKey({ origin: "EXTERNAL", enabled: false })],
        },
        {
            title: "aws-native: a disabled kms.Key with rotation off (KMS rotates it once it is enabled again)",
            verdict: "violation",
            resources: [nativeKey({ enabled: false, enableKeyRotation: false })],
        },
        {
            title: "aws-native first preview: the keySpec of a kms.Key with rotation off comes from an output not known yet",
            verdict: "deferred",
            resources: [nativeKey({ keySpec: UNKNOWN, keyPolicy: UNKNOWN })],
        },
    ],
    check(resource, config, findings) {
        const inputs = KEY_INPUTS[resource.type];
        if (!inputs) return;
        const subject = `KMS key '${resource.name}'`;
        judgeRotation(subject, inputs, resource.props, config, findings);
        judgeDeletionWindow(subject, inputs.deletionWindow, resource.props[inputs.deletionWindow], config, findings);
    },
    remediate(resource: CheckedResource) {
        const inputs = KEY_INPUTS[resource.type];
        const enabled = resource.props["enableKeyRotation"];
        if (!inputs || enabled === true || isUnknown(enabled)) return undefined;
        if (rotatable(inputs, resource.props).kind !== "yes") return undefined;
        return { ...resource.props, enableKeyRotation: true };
    },
});
