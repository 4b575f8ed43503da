/**
 * Kinesis streams that Amazon Connect writes to are encrypted with a key Connect can use.
 *
 * Contact trace records, agent events and real-time analysis segments go to Kinesis streams.
 * Connect writes as its service-linked role; if the stream's KMS key does not let that role
 * generate data keys, delivery fails silently and the contact centre loses its records (and the
 * audit trail they are). Connect creates a grant for its role only on the keys named in its S3 and
 * Kinesis Video storage configs; any other key needs a grant or key-policy statement of its own.
 */
import { stackControl, type ExampleResource, type StackFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import { isRecord } from "../lib/describe";
import { readPolicyDocument, statementCoversAction } from "../lib/policy-document";
import { keyBehindAlias, keyReferrers, KEY_OR_ALIAS } from "../lib/key-references";
import { CONNECT_INSTANCE, CONNECT_STORAGE_CONFIG, KMS_ALIAS, KMS_KEY } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const KINESIS_STREAM = "aws:kinesis/stream:Stream";
const KMS_GRANT = "aws:kms/grant:Grant";
const KMS_KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const CONNECT_ROLE_NAME = "AWSServiceRoleForAmazonConnect";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const otherKeyArn = "arn:aws:kms:eu-central-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab";
const instanceId = "aaaaaaaa-bbbb-cccc-dddd-111111111111";
const streamArn = "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-ctr";

const key = (name: string, arn: string): ExampleResource => ({ name, type: KMS_KEY, props: { arn, enableKeyRotation: true } });
const instance: ExampleResource = { name: "contact-centre", type: CONNECT_INSTANCE, props: { id: instanceId, identityManagementType: "SAML" } };
const stream = (kmsKeyId: unknown): ExampleResource => ({ name: "ctr", type: KINESIS_STREAM, props: { name: "acme-ctr", arn: streamArn, encryptionType: "KMS", kmsKeyId } });
const ctrStorage = (arn: unknown = streamArn): ExampleResource => ({
    name: "contact-trace-records",
    type: CONNECT_STORAGE_CONFIG,
    props: { instanceId, resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: arn } } },
});
const recordingsStorage: ExampleResource = {
    name: "call-recordings",
    type: CONNECT_STORAGE_CONFIG,
    props: {
        instanceId,
        resourceType: "CALL_RECORDINGS",
        storageConfig: { storageType: "S3", s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect", encryptionConfig: { encryptionType: "KMS", keyId: keyArn } } },
    },
};

export const connectStreamKeyUsable = stackControl({
    name: "encryption-connect-stream-key-usable",
    title: "Connect's Kinesis streams use a key Connect can use",
    area: "encryption",
    description:
        "A Kinesis stream that an Amazon Connect storage config (contact trace records, agent events, real-time contact " +
        "analysis) points at is defined in the stack, and its KMS key is one Connect's service-linked role can use: the key " +
        "of one of the instance's S3 or Kinesis Video storage configs (Connect grants itself those), a key with an " +
        "`aws.kms.Grant` allowing `GenerateDataKey` to the instance's service role, or a key policy allowing it to that role.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 32(1)(a)", "Art. 32(1)(b)"], pciDss: ["3.6.1", "10.2.1"], iso27001: ["A.8.24"] },
    remediation: [
        "Encrypt the stream with the key already used by the instance's recordings storage config, or",
        'add `new aws.kms.Grant(..., { keyId: key.keyId, granteePrincipal: instance.serviceRole, operations: ["GenerateDataKey"] })`.',
    ],
    parameters: {},
    examples: [
        {
            title: "a CTR stream encrypted with the key of the instance's recordings storage config",
            verdict: "compliant",
            resources: [key("connect-key", keyArn), instance, stream(keyArn), ctrStorage(), recordingsStorage],
        },
        {
            title: "a CTR stream with its own key and a grant for Connect's service role",
            verdict: "compliant",
            resources: [
                key("ctr-key", otherKeyArn),
                { ...instance, props: { ...instance.props, serviceRole: `arn:aws:iam::111122223333:role/aws-service-role/connect.amazonaws.com/${CONNECT_ROLE_NAME}_abc` } },
                stream(otherKeyArn),
                ctrStorage(),
                {
                    name: "connect-ctr-grant",
                    type: KMS_GRANT,
                    props: {
                        keyId: otherKeyArn,
                        granteePrincipal: `arn:aws:iam::111122223333:role/aws-service-role/connect.amazonaws.com/${CONNECT_ROLE_NAME}_abc`,
                        operations: ["GenerateDataKey", "Decrypt"],
                    },
                },
            ],
        },
        {
            title: "a CTR stream with its own key that Connect cannot use",
            verdict: "violation",
            resources: [key("connect-key", keyArn), key("ctr-key", otherKeyArn), instance, stream(otherKeyArn), ctrStorage(), recordingsStorage],
        },
        {
            title: "a CTR stream defined outside the stack, whose encryption cannot be verified",
            verdict: "violation",
            resources: [instance, ctrStorage("arn:aws:kinesis:eu-central-1:111122223333:stream/elsewhere")],
        },
        {
            title: "first preview: stream, key, grant and instance related only through property dependencies",
            verdict: "compliant",
            resources: [
                { name: "ctr-key", type: KMS_KEY, props: { enableKeyRotation: true } },
                { name: "contact-centre", type: CONNECT_INSTANCE, props: { identityManagementType: "SAML" } },
                { name: "ctr", type: KINESIS_STREAM, props: { encryptionType: "KMS", kmsKeyId: UNKNOWN }, propertyDependencies: { kmsKeyId: ["ctr-key"] } },
                {
                    ...ctrStorage(UNKNOWN),
                    props: { instanceId: UNKNOWN, resourceType: "CONTACT_TRACE_RECORDS", storageConfig: { storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: UNKNOWN } } },
                    propertyDependencies: { instanceId: ["contact-centre"], storageConfig: ["ctr"] },
                },
                {
                    name: "connect-ctr-grant",
                    type: KMS_GRANT,
                    props: { keyId: UNKNOWN, granteePrincipal: UNKNOWN, operations: ["GenerateDataKey"] },
                    propertyDependencies: { keyId: ["ctr-key"], granteePrincipal: ["contact-centre"] },
                },
            ],
        },
        {
            title: "first preview: the stream's key is an output that comes from no resource of the stack",
            verdict: "deferred",
            resources: [instance, { name: "ctr", type: KINESIS_STREAM, props: { name: "acme-ctr", arn: streamArn, encryptionType: "KMS", kmsKeyId: UNKNOWN } }, ctrStorage()],
        },
    ],
    judges: [CONNECT_STORAGE_CONFIG],
    check(stack, _config, findings) {
        for (const storage of stack.ofType([CONNECT_STORAGE_CONFIG])) {
            const config = storage.props["storageConfig"];
            const streamConfig = isRecord(config) ? config["kinesisStreamConfig"] : undefined;
            if (!isRecord(streamConfig) && !isUnknown(streamConfig)) continue;
            const target = stack.resolve(storage, {
                property: "storageConfig",
                value: isRecord(streamConfig) ? streamConfig["streamArn"] : streamConfig,
                targets: [KINESIS_STREAM],
            });
            const subject = `Connect storage config '${storage.name}'`;
            if (target.kind === "unknown") findings.undecided(storage, `${subject}: the stream it writes to is not known yet.`);
            if (target.kind === "external") {
                findings.violation(
                    storage,
                    `${subject} writes to stream ${target.value}, which is not defined in this stack, so neither its encryption nor ` +
                        "whether Connect can use its key can be verified. Define the stream in this stack.",
                );
            }
            if (target.kind !== "resources") continue;
            for (const stream of target.resources) judgeStreamKey(stack, storage, stream, findings);
        }
    },
});

function judgeStreamKey(stack: StackGraph, storage: GraphResource, stream: GraphResource, findings: StackFindings) {
    const subject = `Kinesis stream '${stream.name}'`;
    const encryption = stream.props["encryptionType"];
    if (isUnknown(encryption)) {
        findings.undecided(stream, `${subject}: \`encryptionType\` is not known yet.`);
        return;
    }
    // Unencrypted streams are encryption-data-services-customer-key's finding; AWS-managed keys need no grant.
    if (encryption !== "KMS" || isAwsManagedKeyAlias(stream.props["kmsKeyId"])) return;
    const reference = stack.resolve(stream, { property: "kmsKeyId", targets: [KMS_KEY, KMS_ALIAS] });
    if (reference.kind === "unknown") {
        findings.undecided(stream, `${subject}: its \`kmsKeyId\` is not known yet and comes from no KMS key of this stack.`);
        return;
    }
    if (reference.kind === "absent") return;
    const keys = reference.kind === "resources" ? reference.resources.map((k) => keyOrAlias(stack, k)) : [];
    const literal = reference.kind === "external" ? reference.value : undefined;
    const usable = connectCanUse(stack, storage, keys, literal);
    if (usable === "unknown") {
        findings.undecided(stream, `${subject}: whether Connect's service-linked role may use its key depends on values not known yet.`);
    } else if (!usable) {
        findings.violation(
            stream,
            `${subject} receives ${describeData(storage)} from Connect but is encrypted with a key that Connect's service-linked role ` +
                "cannot use, so delivery would fail silently. Encrypt it with the key of the instance's recordings storage config, or add " +
                'an aws.kms.Grant with operations ["GenerateDataKey"] for the instance\'s serviceRole.',
        );
    }
}

function describeData(storage: GraphResource): string {
    const kind = storage.props["resourceType"];
    return typeof kind === "string" && !isUnknown(kind) ? kind : "contact data";
}

/** The key behind an alias; an alias whose target is not known yet stands for itself. */
const keyOrAlias = (stack: StackGraph, resource: GraphResource): GraphResource => keyBehindAlias(stack, resource) ?? resource;

/** Is `resource.props[property]` the given key (resolved in the stack) or the given literal? */
function pointsAtKey(stack: StackGraph, resource: GraphResource, property: string, value: unknown, keys: GraphResource[], literal?: string) {
    if (literal !== undefined && value === literal) return true;
    const reference = stack.resolve(resource, { property, value, targets: KEY_OR_ALIAS });
    return reference.kind === "resources" && reference.resources.some((r) => keys.includes(keyOrAlias(stack, r)));
}

function connectCanUse(stack: StackGraph, storage: GraphResource, keys: GraphResource[], literal?: string): boolean | "unknown" {
    let unknown = false;
    // (a) Connect grants itself the keys named in the instance's S3 and Kinesis Video storage configs.
    for (const other of storagesOfSameInstance(stack, storage)) {
        if (other === storage) continue;
        const config = other.props["storageConfig"];
        for (const block of ["s3Config", "kinesisVideoStreamConfig"]) {
            const keyId = isRecord(config) && isRecord(config[block]) ? (config[block] as Record<string, unknown>)["encryptionConfig"] : undefined;
            const value = isRecord(keyId) ? keyId["keyId"] : undefined;
            if (value !== undefined && pointsAtKey(stack, other, "storageConfig", value, keys, literal)) return true;
        }
    }
    // (b) A grant for the service-linked role that allows generating data keys.
    const grants = new Set(keys.flatMap((key) => keyReferrers(stack, key, [KMS_GRANT], "keyId")));
    if (literal !== undefined) for (const grant of stack.externalReferrers(literal, [KMS_GRANT], "keyId", KEY_OR_ALIAS)) grants.add(grant);
    for (const grant of grants) {
        const operations = grant.props["operations"];
        const grantee = grant.props["granteePrincipal"];
        if (isUnknown(operations)) {
            unknown = true;
            continue;
        }
        const allowsDataKeys = Array.isArray(operations) && operations.some((op) => typeof op === "string" && op.startsWith("GenerateDataKey"));
        if (!allowsDataKeys) continue;
        if (isConnectRole(stack, grant, "granteePrincipal", grantee)) return true;
        if (isUnknown(grantee)) unknown = true;
    }
    // (c) A key policy statement allowing the role to generate data keys.
    for (const key of keys) {
        const policies = [{ holder: key, value: key.props["policy"] }];
        for (const keyPolicy of keyReferrers(stack, key, [KMS_KEY_POLICY], "keyId")) policies.push({ holder: keyPolicy, value: keyPolicy.props["policy"] });
        for (const { holder, value } of policies) {
            const document = readPolicyDocument(value);
            if (document.kind === "unknown") unknown = true;
            if (document.kind !== "document") continue;
            for (const statement of document.statements) {
                if (statement.effect !== "Allow" || !statementCoversAction(statement, "kms:GenerateDataKey")) continue;
                if ((statement.principals?.aws ?? []).some((p) => isConnectRole(stack, holder, "policy", p))) return true;
                if (statement.hasUnknowns) unknown = true;
            }
        }
    }
    return unknown ? "unknown" : false;
}

/** The storage configs of the instance `storage` belongs to, itself included. */
function storagesOfSameInstance(stack: StackGraph, storage: GraphResource): readonly GraphResource[] {
    const reference = stack.resolve(storage, { property: "instanceId", targets: CONNECT_INSTANCES });
    if (reference.kind === "resources") return stack.referrers(reference.resources[0], [CONNECT_STORAGE_CONFIG], "instanceId", CONNECT_INSTANCES);
    if (reference.kind === "external") return stack.externalReferrers(reference.value, [CONNECT_STORAGE_CONFIG], "instanceId", CONNECT_INSTANCES);
    return [];
}

const CONNECT_INSTANCES: readonly string[] = [CONNECT_INSTANCE];

/** The principal is Connect's service-linked role, by name or because it comes from the instance's `serviceRole`. */
function isConnectRole(stack: StackGraph, holder: GraphResource, property: string, principal: unknown): boolean {
    if (typeof principal === "string" && !isUnknown(principal) && principal.includes(CONNECT_ROLE_NAME)) return true;
    if (!isUnknown(principal)) return false;
    const reference = stack.resolve(holder, { property, value: principal, targets: [CONNECT_INSTANCE] });
    return reference.kind === "resources";
}
