/**
 * The switchable encryption block that DynamoDB tables and Firehose delivery streams share: classic
 * `serverSideEncryption { enabled, ... }`, aws-native DynamoDB `sseSpecification { sseEnabled, ... }`.
 * Without the block, or with its switch not true, the service encrypts with a key AWS owns and
 * ignores any key named in the block; only an enabled block can name a customer key.
 */
import type { ResourceFindings } from "../control";
import { describeValue, isAbsent, isRecord } from "./describe";
import { isUnknown } from "./unknown";

export interface EncryptionBlockWording {
    /** How to set it right, quoted at the end of each violation. */
    fix: string;
    /** What the service does without the block, e.g. ", so DynamoDB encrypts it with a key AWS owns". */
    whenAbsent: string;
    /** What the service does with the switch not true. */
    whenDisabled: string;
}

/** Where a resource type keeps the block and its switch. */
export interface EncryptionBlockShape {
    block: string;
    enabled: string;
}

/** The classic provider's `serverSideEncryption { enabled }` (DynamoDB tables, Firehose delivery streams). */
export const SERVER_SIDE_ENCRYPTION: EncryptionBlockShape = { block: "serverSideEncryption", enabled: "enabled" };

/** The block, for the caller to judge its key; undefined when there is no key left to judge. */
export function enabledEncryptionBlock(
    subject: string,
    props: Record<string, unknown>,
    findings: ResourceFindings,
    wording: EncryptionBlockWording,
    shape: EncryptionBlockShape = SERVER_SIDE_ENCRYPTION,
): Record<string, unknown> | undefined {
    const block = props[shape.block];
    const switchPath = `${shape.block}.${shape.enabled}`;
    if (isUnknown(block)) {
        findings.undecided(`${subject}: \`${shape.block}\` is not known yet.`);
        return undefined;
    }
    if (!isRecord(block)) {
        const seen = isAbsent(block) ? `has no \`${shape.block}\`` : `sets \`${shape.block}\` to ${describeValue(block)}`;
        findings.violation(`${subject} ${seen}${wording.whenAbsent}. ${wording.fix}.`);
        return undefined;
    }
    const enabled = block[shape.enabled];
    // A switch not known yet still leaves the key to judge: a wrong key is wrong either way.
    if (isUnknown(enabled)) findings.undecided(`${subject}: \`${switchPath}\` is not known yet.`);
    else if (enabled !== true) {
        findings.violation(`${subject} sets \`${switchPath}\` to ${describeValue(enabled)}${wording.whenDisabled}. ${wording.fix}.`);
        return undefined;
    }
    return block;
}
