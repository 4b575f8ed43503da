/**
 * `aws.getArn`: an ARN split into its parts. The provider computes this without calling AWS.
 *
 * It parses as the AWS SDK for Go does (aws-sdk-go-v2 `aws/arn`): a string is an ARN when it starts
 * with `arn:` and has at least five colons; the sixth part onwards, colons included, is the resource.
 * Empty parts are accepted, unlike `policies/lib/arn.ts`, which reads ARNs for controls and is stricter
 * on purpose. terraform-provider-aws `internal/service/meta/arn_data_source.go` validates the argument
 * with `fwtypes.ARNType`, whose error this module reproduces.
 */
import { computed, type InvokeAnswer } from "./answer";
import { InvokeArgumentError } from "./iam-policy-document";
import { requiredString } from "./invoke-args";

export interface ArnParts {
    partition: string;
    service: string;
    region: string;
    account: string;
    resource: string;
}

/** Why the SDK's `arn.Parse` rejects a string, in its words; undefined when it parses. */
function parseFailure(text: string): string | undefined {
    if (!text.startsWith("arn:")) return "arn: invalid prefix";
    if (text.split(":").length < 6) return "arn: not enough sections";
    return undefined;
}

export function arnParts(text: string): ArnParts | undefined {
    if (parseFailure(text)) return undefined;
    const sections = text.split(":");
    const [, partition, service, region, account] = sections;
    return { partition, service, region, account, resource: sections.slice(5).join(":") };
}

/** `aws.getArn`'s diagnostic (`fwtypes.ARNType`) for an argument that is no ARN. */
export function invalidArn(value: string): InvokeArgumentError {
    return new InvokeArgumentError(`Invalid ARN Value: The provided value cannot be parsed as an ARN.\n\nPath: arn\nValue: ${value}`);
}

/**
 * An ARN argument of a data source that validates with the provider's older validator
 * (`verify.ValidARN`), rejected in its words when the SDK cannot parse it. (That validator also
 * checks the partition, region and account formats; those checks are not reproduced here.)
 */
export function arnArgument(argument: string, value: string): ArnParts {
    const parts = arnParts(value);
    if (!parts) throw new InvokeArgumentError(`"${argument}" (${value}) is an invalid ARN: ${parseFailure(value)}`);
    return parts;
}

export function answerGetArn(args: Record<string, unknown>): InvokeAnswer {
    const arn = requiredString(args, "arn");
    const parts = arnParts(arn);
    if (!parts) throw invalidArn(arn);
    return computed({ ...parts, arn, id: arn });
}
