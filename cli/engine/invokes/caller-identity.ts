/**
 * `aws.getCallerIdentity`: who the provider's credentials belong to. The provider asks STS; offline
 * there are no credentials, so ccguard's stand-in account and an IAM user named `ccguard` answer.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";

export function answerGetCallerIdentity(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    return plausible(
        {
            accountId: context.account,
            arn: `arn:${context.partition}:iam::${context.account}:user/ccguard`,
            id: context.account,
            userId: "AIDACCGUARDOFFLINE",
        },
        `account ${context.account} and IAM user "ccguard" stand in for the credentials a real run would use`,
    );
}
