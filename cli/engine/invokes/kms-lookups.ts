/**
 * `aws.kms.getKey` and `aws.kms.getAlias`: existing KMS keys, by key id, key ARN, alias name or alias
 * ARN. KMS holds them, so offline an enabled symmetric key stands in. Whether it is AWS managed
 * matters to the encryption controls, and the alias tells: AWS creates the `alias/aws/<service>`
 * aliases for its own managed keys, whose policies the customer cannot write. Any other key is taken
 * to be customer managed. An alias and the key it points to get the same stand-in key id, so
 * `getAlias` and `getKey` agree.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { arnParts } from "./arn";
import { InvokeArgumentError } from "./iam-policy-document";
import { echoed, requiredString, targetRegion } from "./invoke-args";
import { uuidFrom } from "../stand-in-ids";

interface KeyLocation {
    region: string;
    account: string;
    partition: string;
}

function isAwsManagedAlias(alias: string): boolean {
    return alias.startsWith("alias/aws/");
}

function keyIdBehindAlias(alias: string, where: KeyLocation): string {
    return uuidFrom(`kms-alias/${where.partition}/${where.region}/${where.account}/${alias}`);
}

function keyArn(keyId: string, where: KeyLocation): string {
    return `arn:${where.partition}:kms:${where.region}:${where.account}:key/${keyId}`;
}

export function answerGetKey(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const reference = requiredString(args, "keyId");
    const parts = arnParts(reference);
    // A key or alias ARN names its own region and account; a bare id or alias lives where the provider looks.
    const where: KeyLocation = parts
        ? { region: parts.region, account: parts.account, partition: parts.partition }
        : { region: targetRegion(args, context), account: context.account, partition: context.partition };
    const named = parts ? parts.resource : reference;
    const alias = named.startsWith("alias/") ? named : undefined;
    const keyId = alias ? keyIdBehindAlias(alias, where) : named.replace(/^key\//, "");
    const awsManaged = alias !== undefined && isAwsManagedAlias(alias);
    const multiRegion = keyId.startsWith("mrk-");
    const arn = keyArn(keyId, where);

    return plausible(
        {
            ...echoed(args, ["grantTokens"]),
            arn,
            awsAccountId: where.account,
            cloudHsmClusterId: "",
            creationDate: "2025-01-01T00:00:00Z",
            customKeyStoreId: "",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            deletionDate: "",
            description: "",
            enabled: true,
            expirationModel: "",
            id: keyId,
            keyId,
            keyManager: awsManaged ? "AWS" : "CUSTOMER",
            keySpec: "SYMMETRIC_DEFAULT",
            keyState: "Enabled",
            keyUsage: "ENCRYPT_DECRYPT",
            multiRegion,
            // Multi-Region key ids start `mrk-`; the stand-in is the primary, with no replicas.
            multiRegionConfigurations: multiRegion
                ? [{ multiRegionKeyType: "PRIMARY", primaryKeys: [{ arn, region: where.region }], replicaKeys: [] }]
                : [],
            origin: "AWS_KMS",
            pendingDeletionWindowInDays: 0,
            region: where.region,
            validTo: "",
            xksKeyConfigurations: [],
        },
        `an enabled symmetric ${awsManaged ? "AWS managed" : "customer managed"} key in ${where.region}, account ${where.account}; KMS holds the real key`,
    );
}

export function answerGetAlias(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const name = requiredString(args, "name");
    if (!name.startsWith("alias/")) throw new InvokeArgumentError(`argument "name" must begin with 'alias/', got ${JSON.stringify(name)}`);
    const where: KeyLocation = { region: targetRegion(args, context), account: context.account, partition: context.partition };
    const targetKeyId = keyIdBehindAlias(name, where);
    const arn = `arn:${where.partition}:kms:${where.region}:${where.account}:${name}`;
    return plausible(
        { arn, id: arn, name, region: where.region, targetKeyArn: keyArn(targetKeyId, where), targetKeyId },
        `alias ${name} points to a stand-in ${isAwsManagedAlias(name) ? "AWS managed" : "customer managed"} key in ${where.region}`,
    );
}
