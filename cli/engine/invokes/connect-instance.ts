/**
 * `aws.connect.getInstance`: an existing Amazon Connect instance, by id or alias. Offline it is an
 * active instance with Connect's defaults for what the look-up cannot tell: Connect-managed users,
 * inbound and outbound calls on, contact flow logs off and Contact Lens on (the
 * `aws.connect.Instance` defaults, DOMAIN.md §1). Its service-linked role follows Connect's naming.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { InvokeArgumentError } from "./iam-policy-document";
import { optionalString, optionalStringMap, targetRegion } from "./invoke-args";
import { digest, uuidFrom } from "../stand-in-ids";

export function answerGetConnectInstance(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const idGiven = optionalString(args, "instanceId");
    const aliasGiven = optionalString(args, "instanceAlias");
    // The provider takes exactly one of the two.
    if ((idGiven === undefined) === (aliasGiven === undefined)) {
        throw new InvokeArgumentError('exactly one of "instanceId" or "instanceAlias" must be given');
    }
    const region = targetRegion(args, context);
    const instanceId = idGiven ?? uuidFrom(`connect/${region}/${context.account}/${aliasGiven}`);
    const instanceAlias = aliasGiven ?? `ccguard-offline-${instanceId.slice(0, 8)}`;
    const { partition, account } = context;

    return plausible(
        {
            arn: `arn:${partition}:connect:${region}:${account}:instance/${instanceId}`,
            autoResolveBestVoicesEnabled: true,
            contactFlowLogsEnabled: false,
            contactLensEnabled: true,
            createdTime: "2025-01-01T00:00:00Z",
            earlyMediaEnabled: true,
            id: instanceId,
            identityManagementType: "CONNECT_MANAGED",
            inboundCallsEnabled: true,
            instanceAlias,
            instanceId,
            multiPartyConferenceEnabled: false,
            outboundCallsEnabled: true,
            region,
            serviceRole: `arn:${partition}:iam::${account}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${digest(instanceId).slice(0, 20)}`,
            status: "ACTIVE",
            tags: optionalStringMap(args, "tags") ?? {},
        },
        `an active instance in ${region} with Connect's defaults (flow logs off, Contact Lens on); Connect holds its real settings`,
    );
}
