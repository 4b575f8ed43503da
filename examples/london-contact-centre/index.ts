/**
 * The storage and recording side of a UK contact centre in London (eu-west-2), built from the
 * contact-centre-guard components: a customer-managed key for contact data, separate stores for call
 * recordings and chat transcripts, a Kinesis stream for contact trace records, the Amazon Connect
 * instance wired to them, an auditor's role, a CloudTrail trail and the organisation guardrails.
 *
 * London is not an EU member-state region, so at the pack's defaults every regional resource here is
 * refused. It is an adequacy region (the European Commission's decision for the United Kingdom, GDPR
 * Art. 45), and one line of ccguard-settings.yaml, `regionProfile: eu-plus-adequacy`, allows it for
 * the pack and the components alike:
 * `ccguard preview examples/london-contact-centre --settings examples/london-contact-centre/ccguard-settings.yaml`
 * finds nothing to block.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AccessLogBucket,
    AccessRoles,
    AuditTrail,
    ContactCentre,
    ContactDataStreams,
    EncryptionKey,
    limitsFromSettings,
    OrganisationGuardrails,
    RecordingStore,
} from "../../components";

// The team's decisions from ccguard-settings.yaml next to Pulumi.yaml: the region profile that
// admits London, and the pack's defaults for everything else. policy-config.json, generated from the
// same file, makes the pack judge by them.
const limits = limitsFromSettings();

const config = new pulumi.Config();
const instanceAlias = config.require("instanceAlias");
const namePrefix = instanceAlias;
const trailName = `${namePrefix}-audit`;

// One key for contact data in London: Connect writes recordings, transcripts and contact trace
// records with it, and CloudWatch Logs encrypts the flow logs with it. Every component takes the
// stack's aws:region, so key, buckets, stream and instance stay together in eu-west-2.
const contactDataKey = new EncryptionKey("contact-data", {
    description: "UK contact-centre recordings, transcripts and contact records",
    aliasName: `alias/${namePrefix}-contact-data`,
    limits,
});

// S3 access logs of the stores and the trail's log files, kept at least the audit minimum.
const auditLogs = new AccessLogBucket("audit-logs", { namePrefix, cloudTrailNames: [trailName], limits });

// Calls and chats are kept apart: recordings a year (the settings' maxContactDataRetentionDays,
// here the pack's default), chat transcripts half that.
const recordings = new RecordingStore("recordings", {
    namePrefix,
    purpose: "recordings",
    key: contactDataKey,
    accessLogBucket: auditLogs,
    limits,
});
const transcripts = new RecordingStore("transcripts", {
    namePrefix,
    purpose: "transcripts",
    key: contactDataKey,
    accessLogBucket: auditLogs,
    retentionDays: 180,
    limits,
});

// Contact trace records only, for the reporting pipeline; kept the 24 hours Kinesis keeps at least.
const streams = new ContactDataStreams("contact-data-streams", {
    namePrefix,
    key: contactDataKey,
    streams: { contactTraceRecords: true, agentEvents: false },
    limits,
});

const contactCentre = new ContactCentre("contact-centre", {
    instanceAlias,
    identity: { type: "SAML" },
    // No conversation analytics in this contact centre: a decision stated, not a default taken.
    contactLens: false,
    key: contactDataKey,
    flowLogs: { retentionDays: 30 },
    storage: {
        callRecordings: recordings,
        chatTranscripts: transcripts,
    },
    streams,
    limits,
});

const trail = new AuditTrail("audit", { namePrefix, trailName, recordingStores: [recordings, transcripts], logBucket: auditLogs, limits });

// Auditors see settings and audit logs, never contact data; the stream's consumer is outside this
// stack. Nobody here may hear recordings: approvedReaders stays empty in the settings.
const roles = new AccessRoles("access", {
    namePrefix,
    auditor: { stores: [recordings, transcripts], auditTrail: trail },
    limits,
});

// Denies Connect Global Resiliency and regions outside the allowed ones (the EU member states and
// the adequacy regions, from the settings) across the organisation; deployed from the management
// account, as in the EU example.
new OrganisationGuardrails("guardrails", { namePrefix, limits });

export const recordingsBucket = recordings.bucketName;
export const transcriptsBucket = transcripts.bucketName;
export const contactDataKeyArn = contactDataKey.keyArn;
export const instanceArn = contactCentre.instanceArn;
export const flowLogGroup = contactCentre.flowLogGroupName;
export const contactTraceRecordStream = streams.streamArns.contactTraceRecords;
export const auditTrailArn = trail.trailArn;
export const auditorRole = roles.auditorRoleArn;
