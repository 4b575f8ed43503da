/**
 * Answers to the invokes (data-source look-ups) a Pulumi program makes, given offline in place of
 * the provider. Each token is answered as the provider would answer it where the provider computes
 * the answer itself (`computed`), with a documented stand-in where it would ask the account
 * (`plausible`), or not at all (`unanswered`), never with a silent empty result.
 *
 * Tokens and result fields follow the installed @pulumi/aws (v7) and @pulumi/aws-native: the token
 * strings in their `.js` files, the fields in their `.d.ts` files.
 */
import type { InvokeAnswer, InvokeContext, InvokeHandler } from "./answer";
import { computed, unanswered } from "./answer";
import { answerGetAmi, answerGetAmiIds } from "./ami";
import { answerGetArn } from "./arn";
import { answerNativeGetAccountId, answerNativeGetAzs, answerNativeGetPartition, answerNativeGetRegion, answerNativeGetUrlSuffix } from "./aws-native-context";
import { answerGetAvailabilityZones } from "./availability-zones";
import { answerGetCallerIdentity } from "./caller-identity";
import { answerGetConnectInstance } from "./connect-instance";
import { answerGetSubnets, answerGetVpc } from "./default-vpc";
import { iamPolicyDocument } from "./iam-policy-document";
import { answerGetPolicy, answerGetRole } from "./iam-lookups";
import { answerGetAlias, answerGetKey } from "./kms-lookups";
import { answerGetOrganization } from "./organization";
import { answerGetPartition } from "./partition";
import { partitionFactsOfRegion } from "./partitions";
import { answerGetRegion } from "./region";
import { answerGetRegions } from "./regions";
import { answerGetBucket } from "./s3-bucket";
import { answerGetBillingServiceAccount, answerGetElbServiceAccount } from "./service-accounts";
import { answerGetServicePrincipal } from "./service-principal";
import { answerGetSessionContext } from "./session-context";
import { answerGetParameter } from "./ssm-parameter";

export type { InvokeAnswer, InvokeContext } from "./answer";
export { InvokeArgumentError } from "./iam-policy-document";

const HANDLERS: Readonly<Record<string, InvokeHandler>> = {
    // Computed by the provider without calling AWS.
    "aws:iam/getPolicyDocument:getPolicyDocument": (args) => computed(iamPolicyDocument(args)),
    "aws:index/getArn:getArn": answerGetArn,
    "aws:index/getPartition:getPartition": answerGetPartition,
    "aws:index/getRegion:getRegion": answerGetRegion,
    "aws:index/getServicePrincipal:getServicePrincipal": answerGetServicePrincipal,
    "aws:index/getBillingServiceAccount:getBillingServiceAccount": answerGetBillingServiceAccount,
    "aws:elb/getServiceAccount:getServiceAccount": answerGetElbServiceAccount,
    "aws:iam/getSessionContext:getSessionContext": answerGetSessionContext,
    // Answered by the account: stand-ins.
    "aws:index/getCallerIdentity:getCallerIdentity": answerGetCallerIdentity,
    "aws:index/getRegions:getRegions": answerGetRegions,
    "aws:index/getAvailabilityZones:getAvailabilityZones": answerGetAvailabilityZones,
    "aws:ec2/getAmi:getAmi": answerGetAmi,
    "aws:ec2/getAmiIds:getAmiIds": answerGetAmiIds,
    "aws:ec2/getVpc:getVpc": answerGetVpc,
    "aws:ec2/getSubnets:getSubnets": answerGetSubnets,
    "aws:organizations/getOrganization:getOrganization": answerGetOrganization,
    "aws:iam/getRole:getRole": answerGetRole,
    "aws:iam/getPolicy:getPolicy": answerGetPolicy,
    "aws:kms/getKey:getKey": answerGetKey,
    "aws:kms/getAlias:getAlias": answerGetAlias,
    "aws:s3/getBucket:getBucket": answerGetBucket,
    "aws:ssm/getParameter:getParameter": answerGetParameter,
    "aws:connect/getInstance:getInstance": answerGetConnectInstance,
    "aws-native:index:getRegion": answerNativeGetRegion,
    "aws-native:index:getPartition": answerNativeGetPartition,
    "aws-native:index:getUrlSuffix": answerNativeGetUrlSuffix,
    "aws-native:index:getAccountId": answerNativeGetAccountId,
    "aws-native:index:getAzs": answerNativeGetAzs,
};

/** The invoke tokens answered offline (computed or plausible); every other token is unanswered. */
export const ANSWERED_INVOKE_TOKENS: readonly string[] = Object.keys(HANDLERS);

/**
 * Answers one invoke. Throws `InvokeArgumentError` where the provider would reject the arguments,
 * so the program fails as it would against AWS.
 */
export function answerInvoke(token: string, args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, token) ? HANDLERS[token] : undefined;
    if (handler) return handler(args, context);
    if (token === "pulumi:pulumi:getResource") {
        return unanswered(`${token} reads a resource's state from the engine, which an offline run does not hold`);
    }
    if (token.startsWith("pulumi:")) {
        return unanswered(`${token} is answered by the Pulumi engine itself, which ccguard does not run`);
    }
    return unanswered(`no offline answer for invoke ${token}`);
}

/** The partition a region belongs to (`eusc-de-east-1` → `aws-eusc`); the commercial one when unknown. */
export function partitionOfRegion(region: string): string {
    return partitionFactsOfRegion(region)?.id ?? "aws";
}
