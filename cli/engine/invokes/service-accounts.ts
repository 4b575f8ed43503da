/**
 * AWS-owned accounts that deliver into a customer's resources, named in a bucket or key policy to let
 * them write: the billing reports account and the regional Elastic Load Balancing log-delivery
 * accounts. The provider answers both from constants, without calling AWS.
 *
 * Sources: terraform-provider-aws `internal/service/meta/billing_service_account_data_source.go` and
 * `internal/service/elb/service_account_data_source.go` (AWS docs: "Enable access logs for your
 * Classic Load Balancer", "Access logs for your Application Load Balancer"). Regions opened after
 * August 2022 have no ELB account: their buckets grant the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal instead, and the provider rejects them.
 */
import { computed, type InvokeAnswer, type InvokeContext } from "./answer";
import { InvokeArgumentError } from "./iam-policy-document";
import { targetRegion } from "./invoke-args";

const BILLING_ACCOUNT = "386209384616";

const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
    "eu-central-1": "054676820928",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-gov-east-1": "190560391635",
    "us-gov-west-1": "048591011584",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
};

function accountRoot(partition: string, account: string): string {
    return `arn:${partition}:iam::${account}:root`;
}

export function answerGetBillingServiceAccount(_args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    return computed({ arn: accountRoot(context.partition, BILLING_ACCOUNT), id: BILLING_ACCOUNT });
}

export function answerGetElbServiceAccount(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const region = targetRegion(args, context);
    const account = Object.prototype.hasOwnProperty.call(ELB_LOG_DELIVERY_ACCOUNTS, region) ? ELB_LOG_DELIVERY_ACCOUNTS[region] : undefined;
    if (!account) throw new InvokeArgumentError(`unsupported AWS Region: ${region}`);
    // The ARN takes the provider's partition, as the provider builds it, even when `region` names another.
    return computed({ arn: accountRoot(context.partition, account), id: account, region });
}
