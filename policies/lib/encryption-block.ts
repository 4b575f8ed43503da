/**
 * The `serverSideEncryption { enabled, ... }` block that DynamoDB tables and Firehose delivery streams
 * share. Without the block, or with `enabled` not true, the service encrypts with a key AWS owns and
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
    /** What the service does with `enabled` not true. */
    whenDisabled: string;
}

/** The block, for the caller to judge its key; undefined when there is no key left to judge. */
export function enabledEncryptionBlock(
    subject: string,
    props: Record<string, unknown>,
    findings: ResourceFindings,
    wording: EncryptionBlockWording,
): Record<string, unknown> | undefined {
    const block = props["serverSideEncryption"];
    if (isUnknown(block)) {
        findings.undecided(`${subject}: \`serverSideEncryption\` is not known yet.`);
        return undefined;
    }
    if (!isRecord(block)) {
        const seen = isAbsent(block) ? "has no `serverSideEncryption`" : `sets \`serverSideEncryption\` to ${describeValue(block)}`;
        findings.violation(`${subject} ${seen}${wording.whenAbsent}. ${wording.fix}.`);
        return undefined;
    }
    const enabled = block["enabled"];
    // An `enabled` not known yet still leaves the key to judge: a wrong key is wrong either way.
    if (isUnknown(enabled)) findings.undecided(`${subject}: \`serverSideEncryption.enabled\` is not known yet.`);
    else if (enabled !== true) {
        findings.violation(`${subject} sets \`serverSideEncryption.enabled\` to ${describeValue(enabled)}${wording.whenDisabled}. ${wording.fix}.`);
        return undefined;
    }
    return block;
}
