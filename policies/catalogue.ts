/**
 * Every control of the pack, in the order reports list them. Importing this module has no side
 * effects: tests, the documentation generator and ccguard read it without starting a policy server.
 */
import { iamNoDataWildcards } from "./access/iam-wildcards";
import { keyAdminsSeparate } from "./access/key-separation";
import { accessRecordingReaders } from "./access/recording-readers";
import { noBroadManagedPolicies } from "./access/managed-policies";
import { bucketObjectOwnership } from "./access/object-ownership";
import { bucketPublicAccessBlock } from "./access/public-access-block";
import { publicAccessBlockFlags } from "./access/public-access-block-flags";
import { noUnscopedPublicResourcePolicies } from "./access/resource-policies";
import { screenRecordingAccess } from "./access/screen-recording-access";
import { roleTrustScoped } from "./access/trust-policies";
import { connectContactLensExplicit } from "./connect/contact-lens-explicit";
import { connectFlowRedaction } from "./connect/flow-redaction";
import { connectIdentityManagement } from "./connect/identity-management";
import { connectStorageTypeMatch } from "./connect/storage-type-match";
import { connectVoiceIdEnded } from "./connect/voice-id-ended";
import type { Control } from "./control";
import { bucketCustomerKey } from "./encryption/bucket-customer-key";
import { bucketKeyAndSseC } from "./encryption/bucket-key-and-sse-c";
import { bucketTlsOnly } from "./encryption/bucket-tls-only";
import { connectMediaStreamsKms } from "./encryption/connect-media-streams-kms";
import { connectS3StorageKms } from "./encryption/connect-s3-storage-kms";
import { connectStreamKeyUsable } from "./encryption/connect-stream-key-usable";
import { contactStoresCustomerKey } from "./encryption/contact-stores-customer-key";
import { dataServicesCustomerKey } from "./encryption/data-services-customer-key";
import { firehoseCustomerKey } from "./encryption/firehose-customer-key";
import { kmsKeyRotation } from "./encryption/kms-key-rotation";
import { cloudfrontRecordingsOrigin } from "./residency/cloudfront-recordings-origin";
import { connectColocation } from "./residency/connect-colocation";
import { kmsKeyResidency } from "./residency/kms-key-residency";
import { lexBotRegion } from "./residency/lex-bot-region";
import { organisationGuardrails } from "./residency/organisation-guardrails";
import { cloudtrailDataEvents } from "./logging/cloudtrail";
import { logRetentionMinimum } from "./logging/log-retention-minimum";
import { recordingsAccessLogging } from "./logging/recordings-access-logging";
import { regionAllowList } from "./residency/region-allow-list";
import { replicationDestinations } from "./residency/replication-destinations";
import { boundedRetention } from "./retention/bounded-retention";
import { connectFlowLogs } from "./retention/connect-flow-logs";
import { contactDataExpiry } from "./retention/contact-data-expiry";
import { contactStoresRetention } from "./retention/contact-stores-retention";
import { noncurrentVersions } from "./retention/noncurrent-versions";
import { objectLockErasure } from "./retention/object-lock-erasure";

export const catalogue: readonly Control[] = [
    // Residency
    regionAllowList,
    connectColocation,
    replicationDestinations,
    kmsKeyResidency,
    lexBotRegion,
    cloudfrontRecordingsOrigin,
    organisationGuardrails,
    // Encryption
    connectS3StorageKms,
    connectMediaStreamsKms,
    connectStreamKeyUsable,
    bucketCustomerKey,
    bucketKeyAndSseC,
    bucketTlsOnly,
    kmsKeyRotation,
    dataServicesCustomerKey,
    firehoseCustomerKey,
    contactStoresCustomerKey,
    // Retention
    contactDataExpiry,
    noncurrentVersions,
    objectLockErasure,
    connectFlowLogs,
    boundedRetention,
    contactStoresRetention,
    // Access
    bucketPublicAccessBlock,
    publicAccessBlockFlags,
    bucketObjectOwnership,
    iamNoDataWildcards,
    noBroadManagedPolicies,
    roleTrustScoped,
    noUnscopedPublicResourcePolicies,
    keyAdminsSeparate,
    screenRecordingAccess,
    accessRecordingReaders,
    // Audit logging
    recordingsAccessLogging,
    cloudtrailDataEvents,
    logRetentionMinimum,
    // Amazon Connect hygiene
    connectStorageTypeMatch,
    connectFlowRedaction,
    connectIdentityManagement,
    connectContactLensExplicit,
    connectVoiceIdEnded,
];

export function controlNamed(name: string): Control | undefined {
    return catalogue.find((control) => control.name === name);
}
