/**
 * Kinesis streams that Amazon Connect writes to are encrypted with a key Connect can use.
 *
 * Contact trace records, agent events and real-time analysis segments go to Kinesis streams.
 * Connect writes as its service-linked role; if the stream's KMS key does not let that role
 * generate data keys, delivery fails silently and the contact centre loses its records (and the
 * audit trail they are). Connect creates a grant for its role only on the keys named in its S3 and
 * Kinesis Video storage configs; any other key needs a grant or key-policy statement of its own.
 * Storage configs, instances, streams and keys of either provider count, and relations cross them: an
 * aws-native storage config may point at a classic stream encrypted with an aws-native key. aws-native
 * has no KMS grant resource, so grants are always `aws.kms.Grant`.
 */
import { stackControl, type ExampleResource, type StackFindings } from "../control";
import { isAwsManagedKeyAlias } from "../lib/arn";
import { ANY_CONNECT_INSTANCE, ANY_CONNECT_STORAGE_CONFIG, connectStorage, connectStoragesOfInstance, instanceOfStorage } from "../lib/connect-storage";
import { keyPolicyOf, KMS_KEY_POLICY } from "../lib/key-policies";
import { readPolicyDocument, statementCoversAction } from "../lib/policy-document";
import { propertyAt, type PropertyAt } from "../lib/property-path";
import { keyBehindAlias, keyReferrers, KEY_OR_ALIAS } from "../lib/key-references";
import { CONNECT_INSTANCE, CONNECT_STORAGE_CONFIG, KMS_KEY, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

const KINESIS_STREAM = "aws:kinesis/stream:Stream";
const KINESIS_STREAMS: readonly string[] = [KINESIS_STREAM, NATIVE.KINESIS_STREAM];
const KMS_GRANT = "aws:kms/grant:Grant";
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

const instanceArn = `arn:aws:connect:eu-central-1:111122223333:instance/${instanceId}`;
const nativeKey = (name: string, arn: string): ExampleResource => ({ name, type: NATIVE.KMS_KEY, props: { arn, keyId: arn.split("/")[1], enableKeyRotation: true } });
const nativeInstance: ExampleResource = {
    name: "contact-centre",
    type: NATIVE.CONNECT_INSTANCE,
    props: { arn: instanceArn, identityManagementType: "SAML", attributes: { inboundCalls: true, outboundCalls: true } },
};
const nativeStream = (keyId: unknown): ExampleResource => ({
    name: "ctr",
    type: NATIVE.KINESIS_STREAM,
    props: { name: "acme-ctr", arn: streamArn, streamEncryption: { encryptionType: "KMS", keyId } },
});
const nativeCtrStorage = (arn: unknown = streamArn): ExampleResource => ({
    name: "contact-trace-records",
    type: NATIVE.CONNECT_STORAGE_CONFIG,
    props: { instanceArn, resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: arn } },
});
const nativeRecordingsStorage: ExampleResource = {
    name: "call-recordings",
    type: NATIVE.CONNECT_STORAGE_CONFIG,
    props: {
        instanceArn,
        resourceType: "CALL_RECORDINGS",
        storageType: "S3",
        s3Config: { bucketName: "acme-recordings", bucketPrefix: "connect", encryptionConfig: { encryptionType: "KMS", keyId: keyArn } },
    },
};

export const connectStreamKeyUsable = stackControl({
    name: "encryption-connect-stream-key-usable",
    title: "Connect's Kinesis streams use a key Connect can use",
    area: "encryption",
    description:
        "A Kinesis stream (`aws.kinesis.Stream` or aws-native `kinesis.Stream`) that an Amazon Connect storage config of " +
        "either provider (contact trace records, agent events, real-time contact " +
        "analysis) points at is defined in the stack, and its KMS key is one Connect's service-linked role can use: the key " +
        "of one of the instance's S3 or Kinesis Video storage configs (Connect grants itself those), a key with an " +
        "`aws.kms.Grant` allowing `GenerateDataKey` to the instance's service role, or a key policy (`policy`, aws-native " +
        "`keyPolicy`, or an `aws.kms.KeyPolicy`) allowing it to that role. aws-native has no grant resource: a grant is always " +
        "an `aws.kms.Grant`, which may name an aws-native key and an aws-native instance's `serviceRole`.",
    severity: "high",
    enforcementLevel: "mandatory",
    frameworks: { gdpr: ["Art. 32(1)(a)", "Art. 32(1)(b)"], pciDss: ["3.6.1", "10.2.1"], iso27001: ["A.8.24"] },
    remediation: [
        "Encrypt the stream (classic `kmsKeyId`, aws-native `streamEncryption.keyId`) with the key already used by the instance's recordings storage config, or",
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
        {
            title: "aws-native: a CTR stream encrypted with the key of the instance's recordings storage config",
            verdict: "compliant",
            resources: [nativeKey("connect-key", keyArn), nativeInstance, nativeStream(keyArn), nativeCtrStorage(), nativeRecordingsStorage],
        },
        {
            title: "aws-native: a CTR stream with its own aws-native key that Connect cannot use",
            verdict: "violation",
            resources: [nativeKey("connect-key", keyArn), nativeKey("ctr-key", otherKeyArn), nativeInstance, nativeStream(otherKeyArn), nativeCtrStorage(), nativeRecordingsStorage],
        },
        {
            title: "aws-native key policy allowing Connect's service-linked role to generate data keys",
            verdict: "compliant",
            resources: [
                {
                    ...nativeKey("ctr-key", otherKeyArn),
                    props: {
                        ...nativeKey("ctr-key", otherKeyArn).props,
                        keyPolicy: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: { AWS: `arn:aws:iam::111122223333:role/aws-service-role/connect.amazonaws.com/${CONNECT_ROLE_NAME}_abc` },
                                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                                    Resource: "*",
                                },
                            ],
                        },
                    },
                },
                nativeInstance,
                nativeStream(otherKeyArn),
                nativeCtrStorage(),
            ],
        },
        {
            title: "mixed providers, first preview: an aws-native storage config, a classic stream, an aws-native key and a classic grant for the aws-native instance",
            verdict: "compliant",
            resources: [
                { name: "ctr-key", type: NATIVE.KMS_KEY, props: { enableKeyRotation: true } },
                { name: "contact-centre", type: NATIVE.CONNECT_INSTANCE, props: { identityManagementType: "SAML", attributes: { inboundCalls: true, outboundCalls: true } } },
                { name: "ctr", type: KINESIS_STREAM, props: { encryptionType: "KMS", kmsKeyId: UNKNOWN }, propertyDependencies: { kmsKeyId: ["ctr-key"] } },
                {
                    ...nativeCtrStorage(UNKNOWN),
                    props: { instanceArn: UNKNOWN, resourceType: "CONTACT_TRACE_RECORDS", storageType: "KINESIS_STREAM", kinesisStreamConfig: { streamArn: UNKNOWN } },
                    propertyDependencies: { instanceArn: ["contact-centre"], kinesisStreamConfig: ["ctr"] },
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
            title: "aws-native first preview: the stream's streamEncryption.keyId comes from no resource of the stack",
            verdict: "deferred",
            resources: [nativeInstance, nativeStream(UNKNOWN), nativeCtrStorage()],
        },
    ],
    judges: ANY_CONNECT_STORAGE_CONFIG,
    check(stack, _config, findings) {
        for (const storage of stack.ofType(ANY_CONNECT_STORAGE_CONFIG)) {
            const reader = connectStorage(storage);
            if (!reader.blocksPresent().includes("kinesisStreamConfig")) continue;
            const streamArn = reader.field("kinesisStreamConfig", "streamArn");
            const target = stack.resolve(storage, { property: streamArn.property, value: streamArn.value, targets: KINESIS_STREAMS });
            const subject = `Connect storage config '${storage.name}'`;
            if (target.kind === "unknown") findings.undecided(storage, `${subject}: the stream it writes to (\`${streamArn.path}\`) is not known yet.`);
            if (target.kind === "external") {
                findings.violation(
                    storage,
                    `${subject} writes to stream ${target.value} (\`${streamArn.path}\`), which is not defined in this stack, so neither its ` +
                        "encryption nor whether Connect can use its key can be verified. Define the stream in this stack.",
                );
            }
            if (target.kind !== "resources") continue;
            for (const stream of target.resources) judgeStreamKey(stack, storage, stream, findings);
        }
    },
});

/** Where a Kinesis stream says how it is encrypted, and the input its key's property dependencies are keyed by. */
interface StreamEncryption {
    encryptionType: PropertyAt;
    key: PropertyAt;
    keyProperty: string;
}

/** Classic `encryptionType` and `kmsKeyId`; aws-native `streamEncryption { encryptionType, keyId }`, absent meaning unencrypted. */
function streamEncryptionOf(stream: GraphResource): StreamEncryption {
    if (stream.type === NATIVE.KINESIS_STREAM) {
        return {
            encryptionType: propertyAt(stream.props, ["streamEncryption", "encryptionType"]),
            key: propertyAt(stream.props, ["streamEncryption", "keyId"]),
            keyProperty: "streamEncryption",
        };
    }
    return { encryptionType: propertyAt(stream.props, ["encryptionType"]), key: propertyAt(stream.props, ["kmsKeyId"]), keyProperty: "kmsKeyId" };
}

function judgeStreamKey(stack: StackGraph, storage: GraphResource, stream: GraphResource, findings: StackFindings) {
    const subject = `Kinesis stream '${stream.name}'`;
    const { encryptionType, key, keyProperty } = streamEncryptionOf(stream);
    if (isUnknown(encryptionType.value)) {
        findings.undecided(stream, `${subject}: \`${encryptionType.path}\` is not known yet.`);
        return;
    }
    // Unencrypted streams are encryption-data-services-customer-key's finding; AWS-managed keys need no grant.
    if (encryptionType.value !== "KMS" || isAwsManagedKeyAlias(key.value)) return;
    const reference = stack.resolve(stream, { property: keyProperty, value: key.value, targets: KEY_OR_ALIAS });
    if (reference.kind === "unknown") {
        findings.undecided(stream, `${subject}: its \`${key.path}\` is not known yet and comes from no KMS key of this stack.`);
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
            `${subject} receives ${describeData(storage)} from Connect but is encrypted with a key (\`${key.path}\`) that Connect's ` +
                "service-linked role cannot use, so delivery would fail silently. Encrypt it with the key of the instance's recordings " +
                'storage config, or add an aws.kms.Grant with operations ["GenerateDataKey"] for the instance\'s serviceRole.',
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
        const reader = connectStorage(other);
        for (const block of ["s3Config", "kinesisVideoStreamConfig"]) {
            const keyId = reader.field(block, "encryptionConfig", "keyId");
            if (keyId.value !== undefined && pointsAtKey(stack, other, keyId.property, keyId.value, keys, literal)) return true;
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
    // (c) A key policy statement allowing the role to generate data keys: the key's own (`policy`, aws-native
    // `keyPolicy`) or a separate aws.kms.KeyPolicy.
    for (const key of keys) {
        const holders = [key, ...keyReferrers(stack, key, [KMS_KEY_POLICY], "keyId")];
        for (const holder of holders) {
            const policy = keyPolicyOf(holder);
            if (!policy) continue;
            const document = readPolicyDocument(policy.value);
            if (document.kind === "unknown") unknown = true;
            if (document.kind !== "document") continue;
            for (const statement of document.statements) {
                if (statement.effect !== "Allow" || !statementCoversAction(statement, "kms:GenerateDataKey")) continue;
                if ((statement.principals?.aws ?? []).some((p) => isConnectRole(stack, holder, policy.property, p))) return true;
                if (statement.hasUnknowns) unknown = true;
            }
        }
    }
    return unknown ? "unknown" : false;
}

/** The storage configs of the instance `storage` belongs to, itself included. */
function storagesOfSameInstance(stack: StackGraph, storage: GraphResource): readonly GraphResource[] {
    const reference = instanceOfStorage(stack, storage);
    if (reference.kind === "resources") return connectStoragesOfInstance(stack, reference.resources[0]);
    if (reference.kind === "external") return connectStoragesOfInstance(stack, reference.value);
    return [];
}

/** The principal is Connect's service-linked role, by name or because it comes from the instance's `serviceRole`. */
function isConnectRole(stack: StackGraph, holder: GraphResource, property: string, principal: unknown): boolean {
    if (typeof principal === "string" && !isUnknown(principal) && principal.includes(CONNECT_ROLE_NAME)) return true;
    if (!isUnknown(principal)) return false;
    const reference = stack.resolve(holder, { property, value: principal, targets: ANY_CONNECT_INSTANCE });
    return reference.kind === "resources";
}
