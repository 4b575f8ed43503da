/**
 * Application resources that share a stack with contact centres without being part of them: small
 * services (a callback scheduler, a CRM sync, a wallboard...) each with an EC2 host behind a security
 * group, and a Lambda function with its role, log group, DynamoDB table, SNS topic and SQS queue,
 * all encrypted with the service's own customer-managed key and kept in EU regions. They are set up
 * as a careful team would, so the pack sees many resource types it must judge and has nothing to
 * report on them: findings in a generated stack come from the contact centres alone.
 *
 * Resolved as during an update: ids and ARNs come from the offline engine's plausible outputs, so
 * references between a service's resources are literal, as in a deployed stack. As at a first
 * preview: ids and ARNs are unknown, as is every value built from one (a policy document that names
 * an ARN), and the references are known only through property dependencies, as the offline engine
 * records a program in preview.
 */
import type { PlainResource } from "../cli/analyzer/types";
import { plausibleOutputs } from "../cli/engine/plausible-outputs";
import { containsUnknown, UNKNOWN } from "../policies/lib/unknown";
import type { StackForm } from "./realistic-stack";

/** Where application resources are registered: the stack they join and its default AWS provider. */
export interface StackContext {
    form: StackForm;
    project: string;
    stack: string;
    stackUrn: string;
    defaultProvider: PlainResource;
}

const SERVICES = ["callback-scheduler", "crm-sync", "ivr-lookup", "survey", "wallboard", "workforce-planning", "billing-export", "chat-widget"];
/** Spread over EU member states; undefined is the default provider's region. */
const REGIONS = [undefined, "eu-west-1", "eu-west-3"];
/** Infrastructure a platform team provides outside this stack, named literally. */
const VPC_ID = "vpc-0e1d2c3b4a5968770";
const SUBNET_ID = "subnet-04f3e2d1c0b9a8776";
const ARTIFACT_BUCKET = "acme-eu-build-artifacts";

interface Registered {
    resource: PlainResource;
    id: string;
    arn: string;
    name: string;
}

/** What the engine records for one custom resource: inputs, resolved outputs and who it depends on. */
function register(
    context: StackContext,
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    dependsOn: Record<string, Registered[]> = {},
): Registered {
    const providerRegion = String(context.defaultProvider.props["region"] ?? "eu-central-1");
    // At a first preview the engine answers a new resource with its inputs, every other output unknown.
    const { id, state } =
        context.form === "first-preview" ? { id: UNKNOWN, state: inputs } : plausibleOutputs(type, name, inputs, providerRegion);
    const propertyDependencies = Object.fromEntries(Object.keys(inputs).map((key) => [key, (dependsOn[key] ?? []).map((d) => d.resource.urn)]));
    const resource: PlainResource = {
        urn: `urn:pulumi:${context.stack}::${context.project}::${type}::${name}`,
        type,
        name,
        custom: true,
        props: inputs,
        outputs: state,
        parent: context.stackUrn,
        provider: context.defaultProvider.urn,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
        options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false },
    };
    return { resource, id, arn: String(state["arn"] ?? id), name: String(state["name"] ?? id) };
}

/** A document built from outputs (`pulumi.jsonStringify`) is unknown as a whole while any of them is. */
const policyDocument = (statements: object[]) =>
    containsUnknown(statements) ? UNKNOWN : JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** `pulumi.interpolate`: unknown while any output in it is. */
const interpolated = (...parts: string[]) => (parts.some((part) => part === UNKNOWN) ? UNKNOWN : parts.join(""));

/**
 * One service, in registration order: everything a resource refers to comes before it, so a stack
 * cut after any resource still has every reference resolved.
 */
function service(context: StackContext, index: number): PlainResource[] {
    const service = `${SERVICES[index % SERVICES.length]}-${Math.floor(index / SERVICES.length)}`;
    const region = REGIONS[index % REGIONS.length];
    const regional = (inputs: Record<string, unknown>) => (region ? { ...inputs, region } : inputs);

    const key = register(
        context,
        "aws:kms/key:Key",
        `${service}-key`,
        regional({
            description: `${service} application data`,
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            keyUsage: "ENCRYPT_DECRYPT",
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            multiRegion: false,
        }),
    );
    const byKey = (...properties: string[]) => Object.fromEntries(properties.map((p) => [p, [key]]));
    const securityGroup = register(
        context,
        "aws:ec2/securityGroup:SecurityGroup",
        `${service}-host-sg`,
        regional({
            description: `${service} host: HTTPS from the corporate network only`,
            vpcId: VPC_ID,
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"], description: "HTTPS from the corporate network" }],
            egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS to AWS APIs" }],
            revokeRulesOnDelete: true,
        }),
    );
    const host = register(
        context,
        "aws:ec2/instance:Instance",
        `${service}-host`,
        regional({
            ami: "ami-0c7a4976cb6c0a8e1",
            instanceType: "t3.medium",
            subnetId: SUBNET_ID,
            vpcSecurityGroupIds: [securityGroup.id],
            associatePublicIpAddress: false,
            monitoring: true,
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { encrypted: true, kmsKeyId: key.arn, volumeSize: 30, volumeType: "gp3", deleteOnTermination: true },
            tags: { Name: `${service}-host`, service },
        }),
        { ...byKey("rootBlockDevice"), vpcSecurityGroupIds: [securityGroup] },
    );
    const logGroup = register(
        context,
        "aws:cloudwatch/logGroup:LogGroup",
        `${service}-handler-logs`,
        regional({ name: `/aws/lambda/${service}-handler`, retentionInDays: 30, kmsKeyId: key.arn }),
        byKey("kmsKeyId"),
    );
    const table = register(
        context,
        "aws:dynamodb/table:Table",
        `${service}-state`,
        regional({
            name: `${service}-state`,
            billingMode: "PAY_PER_REQUEST",
            hashKey: "pk",
            rangeKey: "sk",
            attributes: [
                { name: "pk", type: "S" },
                { name: "sk", type: "S" },
            ],
            serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
            pointInTimeRecovery: { enabled: true },
            ttl: { attributeName: "expiresAt", enabled: true },
            deletionProtectionEnabled: true,
        }),
        byKey("serverSideEncryption"),
    );
    const topic = register(
        context,
        "aws:sns/topic:Topic",
        `${service}-events`,
        regional({ name: `${service}-events`, kmsMasterKeyId: key.arn }),
        byKey("kmsMasterKeyId"),
    );
    const queue = register(
        context,
        "aws:sqs/queue:Queue",
        `${service}-jobs`,
        regional({
            name: `${service}-jobs`,
            kmsMasterKeyId: key.arn,
            kmsDataKeyReusePeriodSeconds: 300,
            messageRetentionSeconds: 345_600,
            visibilityTimeoutSeconds: 60,
        }),
        byKey("kmsMasterKeyId"),
    );
    const role = register(context, "aws:iam/role:Role", `${service}-handler-role`, {
        name: `${service}-handler`,
        description: `Runs the ${service} Lambda function`,
        assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]),
    });
    const rolePolicy = register(
        context,
        "aws:iam/rolePolicy:RolePolicy",
        `${service}-handler-access`,
        {
            name: `${service}-handler-access`,
            role: role.id,
            policy: policyDocument([
                {
                    Sid: "State",
                    Effect: "Allow",
                    Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
                    Resource: table.arn,
                },
                { Sid: "Events", Effect: "Allow", Action: "sns:Publish", Resource: topic.arn },
                { Sid: "Jobs", Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: queue.arn },
                { Sid: "Key", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.arn },
                { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: interpolated(logGroup.arn, ":*") },
            ]),
        },
        { role: [role], policy: [table, topic, queue, key, logGroup] },
    );
    const handler = register(
        context,
        "aws:lambda/function:Function",
        `${service}-handler`,
        regional({
            name: `${service}-handler`,
            role: role.arn,
            runtime: "nodejs20.x",
            handler: "index.handler",
            s3Bucket: ARTIFACT_BUCKET,
            s3Key: `${service}/handler-1.4.2.zip`,
            architectures: ["arm64"],
            memorySize: 256,
            timeout: 30,
            kmsKeyArn: key.arn,
            environment: { variables: { TABLE_NAME: table.name, TOPIC_ARN: topic.arn, QUEUE_URL: queue.id } },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            tracingConfig: { mode: "Active" },
        }),
        { role: [role], kmsKeyArn: [key], environment: [table, topic, queue], loggingConfig: [logGroup] },
    );
    return [key, securityGroup, host, logGroup, table, topic, queue, role, rolePolicy, handler].map((r) => r.resource);
}

/** `count` application resources, as many whole services as fit and the start of one more. */
export function applicationResources(context: StackContext, count: number): PlainResource[] {
    const resources: PlainResource[] = [];
    for (let index = 0; resources.length < count; index++) resources.push(...service(context, index));
    return resources.slice(0, count);
}
