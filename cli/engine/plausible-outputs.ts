/**
 * `--outputs resolved`: the ids, names and ARNs AWS would assign, as they are known during
 * `pulumi up`, so that every control can decide. Deterministic (derived from the resource name) so
 * two runs give the same findings; ARNs follow each service's documented format.
 */
import { revealed } from "./property-values";
import { digest, uuidFrom } from "./stand-in-ids";

export const PLAUSIBLE_ACCOUNT = "111122223333";

function physicalName(name: string, given: unknown, prefix: unknown): string {
    if (typeof given === "string" && given !== "") return given;
    const base = typeof prefix === "string" && prefix !== "" ? prefix : `${name}-`;
    return `${base}${digest(name).slice(0, 7)}`.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
}

type Generator = (name: string, inputs: Record<string, unknown>, region: string) => Record<string, unknown> & { id: string };

const account = PLAUSIBLE_ACCOUNT;

const GENERATORS: Record<string, Generator> = {
    "aws:s3/bucket:Bucket": bucket,
    "aws:s3/bucketV2:BucketV2": bucket,
    "aws:kms/key:Key": kmsKey,
    "aws:kms/replicaKey:ReplicaKey": replicaKey,
    "aws:kms/alias:Alias": (name, inputs, region) => {
        const alias = aliasName(name, inputs["name"], inputs["namePrefix"]);
        return { id: alias, name: alias, arn: `arn:aws:kms:${region}:${account}:${alias}` };
    },
    "aws:kinesis/stream:Stream": (name, inputs, region) => {
        const streamName = physicalName(name, inputs["name"], undefined);
        const arn = `arn:aws:kinesis:${region}:${account}:stream/${streamName}`;
        return { id: arn, name: streamName, arn };
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (name, inputs, region) => {
        const streamName = physicalName(name, inputs["name"], undefined);
        const arn = `arn:aws:firehose:${region}:${account}:deliverystream/${streamName}`;
        return { id: arn, name: streamName, arn };
    },
    "aws:kinesis/videoStream:VideoStream": (name, inputs, region) => {
        const streamName = physicalName(name, inputs["name"], undefined);
        const arn = `arn:aws:kinesisvideo:${region}:${account}:stream/${streamName}/1700000000000`;
        return { id: arn, name: streamName, arn };
    },
    "aws:iam/role:Role": iamNamed("role"),
    "aws:iam/user:User": iamNamed("user"),
    "aws:iam/group:Group": iamNamed("group"),
    "aws:iam/policy:Policy": (name, inputs) => {
        const policyName = physicalName(name, inputs["name"], inputs["namePrefix"]);
        const arn = `arn:aws:iam::${account}:policy/${policyName}`;
        return { id: arn, name: policyName, arn };
    },
    "aws:connect/instance:Instance": (name, _inputs, region) => {
        const id = uuidFrom(name);
        return {
            id,
            arn: `arn:aws:connect:${region}:${account}:instance/${id}`,
            serviceRole: connectServiceRole(name),
        };
    },
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, region) => {
        const groupName = physicalName(name, inputs["name"], inputs["namePrefix"]);
        return { id: groupName, name: groupName, arn: `arn:aws:logs:${region}:${account}:log-group:${groupName}` };
    },
    "aws:cloudtrail/trail:Trail": (name, inputs, region) => {
        const trailName = physicalName(name, inputs["name"], undefined);
        const arn = `arn:aws:cloudtrail:${region}:${account}:trail/${trailName}`;
        return { id: arn, name: trailName, arn };
    },
    "aws:sns/topic:Topic": (name, inputs, region) => {
        const topicName = physicalName(name, inputs["name"], inputs["namePrefix"]);
        const arn = `arn:aws:sns:${region}:${account}:${topicName}`;
        return { id: arn, name: topicName, arn };
    },
    "aws:sqs/queue:Queue": (name, inputs, region) => {
        const queueName = physicalName(name, inputs["name"], inputs["namePrefix"]);
        return {
            id: `https://sqs.${region}.amazonaws.com/${account}/${queueName}`,
            url: `https://sqs.${region}.amazonaws.com/${account}/${queueName}`,
            name: queueName,
            arn: `arn:aws:sqs:${region}:${account}:${queueName}`,
        };
    },
    "aws:dynamodb/table:Table": (name, inputs, region) => {
        const tableName = physicalName(name, inputs["name"], undefined);
        return { id: tableName, name: tableName, arn: `arn:aws:dynamodb:${region}:${account}:table/${tableName}` };
    },
    "aws:lambda/function:Function": (name, inputs, region) => {
        const functionName = physicalName(name, inputs["name"], undefined);
        return { id: functionName, name: functionName, arn: `arn:aws:lambda:${region}:${account}:function:${functionName}` };
    },
    ...nativeGenerators(),
};

/**
 * aws-native's outputs, named as its `*.d.ts` names them: the physical name under the resource's own
 * name property (`bucketName`, `roleName`, ...), the ARN under `arn` (`topicArn` and `policyArn`
 * where SNS and IAM managed policies say so), a Connect instance's id under `awsId`.
 */
function nativeGenerators(): Record<string, Generator> {
    const named = (nameProperty: string, arnOf: (physical: string, region: string) => string, extra: (physical: string, region: string) => Record<string, unknown> = () => ({})): Generator =>
        (name, inputs, region) => {
            const physical = physicalName(name, inputs[nameProperty], undefined);
            const arn = arnOf(physical, region);
            return { id: physical, [nameProperty]: physical, arn, ...extra(physical, region) };
        };
    return {
        "aws-native:s3:Bucket": (name, inputs, region) => {
            const bucketName = physicalName(name, inputs["bucketName"], inputs["bucketNamePrefix"]);
            return {
                id: bucketName,
                bucketName,
                arn: `arn:aws:s3:::${bucketName}`,
                domainName: `${bucketName}.s3.amazonaws.com`,
                regionalDomainName: `${bucketName}.s3.${region}.amazonaws.com`,
            };
        },
        "aws-native:kms:Key": kmsKey,
        "aws-native:kms:ReplicaKey": replicaKey,
        // An alias has no ARN output in aws-native; CloudFormation identifies it by its name.
        "aws-native:kms:Alias": (name, inputs) => {
            const alias = aliasName(name, inputs["aliasName"], undefined);
            return { id: alias, aliasName: alias };
        },
        "aws-native:kinesis:Stream": named("name", (n, r) => `arn:aws:kinesis:${r}:${account}:stream/${n}`),
        "aws-native:kinesisfirehose:DeliveryStream": named("deliveryStreamName", (n, r) => `arn:aws:firehose:${r}:${account}:deliverystream/${n}`),
        "aws-native:kinesisvideo:Stream": named("name", (n, r) => `arn:aws:kinesisvideo:${r}:${account}:stream/${n}/1700000000000`),
        "aws-native:logs:LogGroup": named("logGroupName", (n, r) => `arn:aws:logs:${r}:${account}:log-group:${n}:*`),
        "aws-native:iam:Role": named("roleName", (n) => `arn:aws:iam::${account}:role/${n}`, (n) => ({ roleId: `AROA${digest(n).slice(0, 17).toUpperCase()}` })),
        "aws-native:iam:User": named("userName", (n) => `arn:aws:iam::${account}:user/${n}`),
        "aws-native:iam:Group": named("groupName", (n) => `arn:aws:iam::${account}:group/${n}`),
        "aws-native:iam:ManagedPolicy": (name, inputs) => {
            const policyName = physicalName(name, inputs["managedPolicyName"], undefined);
            const policyArn = `arn:aws:iam::${account}:policy/${policyName}`;
            return { id: policyArn, policyArn, managedPolicyName: policyName };
        },
        "aws-native:connect:Instance": (name, _inputs, region) => {
            const awsId = uuidFrom(name);
            const arn = `arn:aws:connect:${region}:${account}:instance/${awsId}`;
            return { id: arn, awsId, arn, serviceRole: connectServiceRole(name) };
        },
        // Connect's sub-resources live under their instance's ARN: `<instance ARN>/security-profile/<id>`,
        // `<instance ARN>/contact-flow/<id>`, `<instance ARN>/flow-module/<id>`.
        "aws-native:connect:SecurityProfile": (name, inputs, region) => {
            const securityProfileName = physicalName(name, inputs["securityProfileName"], undefined);
            const securityProfileArn = `${instanceArnOf(inputs, region)}/security-profile/${uuidFrom(name)}`;
            return { id: securityProfileArn, securityProfileArn, securityProfileName, lastModifiedRegion: region, lastModifiedTime: 1_700_000_000 };
        },
        "aws-native:connect:ContactFlow": (name, inputs, region) => {
            const contactFlowArn = `${instanceArnOf(inputs, region)}/contact-flow/${uuidFrom(name)}`;
            return { id: contactFlowArn, contactFlowArn };
        },
        "aws-native:connect:ContactFlowModule": (name, inputs, region) => {
            const contactFlowModuleArn = `${instanceArnOf(inputs, region)}/flow-module/${uuidFrom(name)}`;
            return { id: contactFlowModuleArn, contactFlowModuleArn, status: "PUBLISHED" };
        },
        // Cloud Control identifies associations by several properties, which aws-native joins with "|" into the id.
        "aws-native:connect:InstanceStorageConfig": (name, inputs, region) => {
            const associationId = digest(`storage/${name}`).slice(0, 64);
            return { id: [instanceArnOf(inputs, region), associationId, String(inputs["resourceType"])].join("|"), associationId };
        },
        "aws-native:connect:IntegrationAssociation": (name, inputs) => {
            const integrationAssociationId = uuidFrom(`integration/${name}`);
            return { id: [inputs["instanceId"], inputs["integrationType"], inputs["integrationArn"]].map(String).join("|"), integrationAssociationId };
        },
        "aws-native:sns:Topic": (name, inputs, region) => {
            const topicName = physicalName(name, inputs["topicName"], undefined);
            const topicArn = `arn:aws:sns:${region}:${account}:${topicName}`;
            return { id: topicArn, topicName, topicArn };
        },
        "aws-native:sqs:Queue": (name, inputs, region) => {
            const queueName = physicalName(name, inputs["queueName"], undefined);
            const queueUrl = `https://sqs.${region}.amazonaws.com/${account}/${queueName}`;
            return { id: queueUrl, queueName, queueUrl, arn: `arn:aws:sqs:${region}:${account}:${queueName}` };
        },
        "aws-native:dynamodb:Table": named("tableName", (n, r) => `arn:aws:dynamodb:${r}:${account}:table/${n}`),
        "aws-native:lambda:Function": named("functionName", (n, r) => `arn:aws:lambda:${r}:${account}:function:${n}`),
        "aws-native:cloudtrail:Trail": named("trailName", (n, r) => `arn:aws:cloudtrail:${r}:${account}:trail/${n}`),
        "aws-native:customerprofiles:Domain": (name, inputs) => {
            const domainName = physicalName(name, inputs["domainName"], undefined);
            return { id: domainName, domainName };
        },
    };
}

/** The service-linked role Connect creates for each instance, as both providers report it. */
const connectServiceRole = (name: string) =>
    `arn:aws:iam::${account}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_${digest(name).slice(0, 20)}`;

/** The instance a Connect sub-resource names by ARN; a stand-in in the resource's region while it is not known. */
function instanceArnOf(inputs: Record<string, unknown>, region: string): string {
    const given = inputs["instanceArn"];
    return typeof given === "string" && given.startsWith("arn:") ? given : `arn:aws:connect:${region}:${account}:instance/${uuidFrom("instance")}`;
}

/**
 * KMS keys of either provider (both name their outputs `keyId` and `arn`). A multi-Region key's id
 * starts `mrk-`; its replicas share that id, with only the region in their ARN differing, so a
 * replica takes its id from its `primaryKeyArn`.
 */
function kmsKey(name: string, inputs: Record<string, unknown>, region: string) {
    const keyId = inputs["multiRegion"] === true ? multiRegionKeyId(name) : uuidFrom(name);
    return { id: keyId, keyId, arn: `arn:aws:kms:${region}:${account}:key/${keyId}` };
}

function replicaKey(name: string, inputs: Record<string, unknown>, region: string) {
    const primary = inputs["primaryKeyArn"];
    const keyId = (typeof primary === "string" ? /:key\/(mrk-[0-9a-f]+)$/.exec(primary)?.[1] : undefined) ?? multiRegionKeyId(name);
    return { id: keyId, keyId, arn: `arn:aws:kms:${region}:${account}:key/${keyId}` };
}

const multiRegionKeyId = (name: string) => `mrk-${digest(name).slice(0, 32)}`;

/** KMS alias names start `alias/` and keep letters, digits, `/`, `_` and `-` (case included). */
function aliasName(name: string, given: unknown, prefix: unknown): string {
    if (typeof given === "string" && given !== "") return given;
    const base = typeof prefix === "string" && prefix.startsWith("alias/") ? prefix : `alias/${name}-`;
    return `${base}${digest(name).slice(0, 7)}`.replace(/[^A-Za-z0-9/_-]/g, "-");
}

function bucket(name: string, inputs: Record<string, unknown>, region: string) {
    const bucketName = physicalName(name, inputs["bucket"], inputs["bucketPrefix"]);
    return {
        id: bucketName,
        bucket: bucketName,
        arn: `arn:aws:s3:::${bucketName}`,
        bucketDomainName: `${bucketName}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucketName}.s3.${region}.amazonaws.com`,
        region,
    };
}

function iamNamed(kind: "role" | "user" | "group"): Generator {
    return (name, inputs) => {
        const iamName = physicalName(name, inputs["name"], inputs["namePrefix"]);
        return { id: iamName, name: iamName, arn: `arn:aws:iam::${account}:${kind}/${iamName}`, uniqueId: `AROA${digest(name).slice(0, 17).toUpperCase()}` };
    };
}

function generic(type: string, name: string, region: string): Record<string, unknown> & { id: string } {
    const id = `${name}-${digest(`${type}/${name}`).slice(0, 8)}`;
    const match = /^aws:([^/:]+)\/([^:]+):/.exec(type) ?? /^aws-native:([^:]+):([^:]+)$/.exec(type);
    if (!match) return { id };
    const kind = match[2].replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return { id, arn: `arn:aws:${match[1]}:${region}:${account}:${kind}/${id}` };
}

export function plausibleOutputs(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    /** The region of the resource's provider (explicit, or the default from aws:region). */
    providerRegion: string,
): { id: string; state: Record<string, unknown> } {
    // The provider gets secret inputs as their values and answers with plain ids and ARNs; the engine
    // then marks secret each output named like a secret input (pkg/resource/plugin/provider_plugin.go,
    // `annotateSecrets`), which the inputs laid over the outputs below do. Generating from the wrapped
    // secret would name a bucket with a secret name after the resource instead, so that nothing
    // attached to it by `bucket.id` would find it.
    const given = revealed(inputs) as Record<string, unknown>;
    const region = typeof given["region"] === "string" ? given["region"] : providerRegion;
    if (type.startsWith("pulumi:providers:")) return { id: uuidFrom(`${type}/${name}`), state: inputs };
    const generated = (GENERATORS[type] ?? ((n: string) => generic(type, n, region)))(name, given, region);
    const { id, ...outputs } = generated;
    return { id, state: { ...outputs, ...inputs } };
}
