/**
 * Pulumi components that build the storage and recording side of an Amazon Connect contact centre
 * compliant by default: a stack built from them passes the contact-centre-guard policy pack.
 */
export { AccessLogBucket, type AccessLogBucketArgs } from "./access-log-bucket";
export { AccessRoles, trustPolicy, type AccessRolesArgs, type RoleTrust } from "./access-roles";
export { AuditTrail, type AuditTrailArgs } from "./audit-trail";
export { ContactCentre, S3_DATA_TYPES, type ContactCentreArgs, type Identity, type S3DataType, type S3Storage } from "./contact-centre";
export { CustomerProfilesDomain, type CustomerProfilesDomainArgs } from "./customer-profiles";
export { CONTACT_DATA_STREAMS, ContactDataStreams, type ContactDataStreamKind, type ContactDataStreamsArgs } from "./contact-data-streams";
export { EncryptionKey, keyPolicyStatements, type EncryptionKeyArgs, type KeyInput } from "./encryption-key";
export { DEFAULT_LIMITS, EU_MEMBER_STATE_REGIONS, limitsWith, type ComplianceLimits } from "./limits";
export { GLOBAL_RESILIENCY_ACTIONS, OrganisationGuardrails, type OrganisationGuardrailsArgs } from "./organisation-guardrails";
export { RecordingStore, type RecordingPurpose, type RecordingStoreArgs } from "./recording-store";
export { limitsFromSettings, limitsOfPolicyConfig } from "./settings";
