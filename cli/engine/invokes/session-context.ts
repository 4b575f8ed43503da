/**
 * `aws.iam.getSessionContext`: the IAM role behind an STS assumed-role ARN (terraform-provider-aws
 * `internal/service/iam/session_context_data_source.go`). Any other ARN is returned as its own issuer
 * without calling AWS. For an assumed role the provider reads the role from IAM to learn its path
 * and unique id; offline the role is taken to sit at path `/`.
 */
import { computed, type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { arnArgument } from "./arn";
import { requiredString } from "./invoke-args";
import { iamUniqueId } from "../stand-in-ids";

// The provider's pattern for an assumed-role resource: `assumed-role/<role>/<session>`.
const ASSUMED_ROLE = /^assumed-role\/.{1,}\/.{2,}/;

export function answerGetSessionContext(args: Record<string, unknown>, _context: InvokeContext): InvokeAnswer {
    const arn = requiredString(args, "arn");
    const parts = arnArgument("arn", arn);

    if (parts.service !== "sts" || !ASSUMED_ROLE.test(parts.resource)) {
        return computed({ arn, id: arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" });
    }
    const segments = parts.resource.split("/");
    const roleName = segments[segments.length - 2];
    const sessionName = segments[segments.length - 1];
    const issuerArn = `arn:${parts.partition}:iam::${parts.account}:role/${roleName}`;
    return plausible(
        { arn, id: arn, issuerArn, issuerId: iamUniqueId("AROA", issuerArn), issuerName: roleName, sessionName },
        `role ${roleName} is assumed to have path "/" and a stand-in unique id; the provider would read both from IAM`,
    );
}
