/**
 * Outputs of referenced stacks, supplied by the user as `--stack-reference <name>=<file>`, where the
 * file is what `pulumi stack output --json` prints for that stack. Without `--show-secrets` that
 * command prints each secret output as `"[secret]"`; such an output stays secret, with the
 * placeholder as its value, as it would be a secret in the referencing program.
 */
import { isRecord } from "../../policies/lib/describe";
import { UsageError } from "../errors";
import { parseJsonText, readInputText } from "../read-input";
import type { StackReferenceOutputs } from "./program-protocol";

const HIDDEN_SECRET = "[secret]";

export function readStackReferences(specs: readonly string[]): Map<string, StackReferenceOutputs> {
    const references = new Map<string, StackReferenceOutputs>();
    for (const spec of specs) {
        const separator = spec.lastIndexOf("=");
        const name = spec.slice(0, separator).trim();
        const file = spec.slice(separator + 1).trim();
        if (separator <= 0 || name === "" || file === "") {
            throw new UsageError(`--stack-reference ${JSON.stringify(spec)} must be <stack name>=<file of pulumi stack output --json>`);
        }
        if (references.has(name)) throw new UsageError(`--stack-reference ${name} is given twice`);
        const label = `stack outputs ${file} for ${name}`;
        const outputs = parseJsonText(readInputText(file, label), label);
        if (!isRecord(outputs)) throw new UsageError(`${label} must be a JSON object, as pulumi stack output --json prints`);
        const secretOutputNames = Object.entries(outputs)
            .filter(([, value]) => value === HIDDEN_SECRET)
            .map(([key]) => key);
        references.set(name, { outputs, secretOutputNames });
    }
    return references;
}
