/**
 * The storage and recording side of an EU contact centre in Frankfurt, built from the
 * contact-centre-guard components: a customer-managed key for contact data, stores for recordings
 * and reports, Kinesis streams for contact records, the Amazon Connect instance wired to all of
 * them, a Customer Profiles domain, least-privilege roles, a CloudTrail trail and the organisation
 * guardrails.
 * `ccguard preview examples/eu-contact-centre --settings examples/eu-contact-centre/ccguard-settings.yaml`
 * finds nothing to block.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AccessLogBucket,
    AccessRoles,
    AuditTrail,
    ContactCentre,
    ContactDataStreams,
    CustomerProfilesDomain,
    EncryptionKey,
    limitsFromSettings,
    OrganisationGuardrails,
    RecordingStore,
} from "../../components";

// The team's decisions from ccguard-settings.yaml next to Pulumi.yaml (EU member states only,
// contact data kept 180 days): every component builds within them and refuses what they forbid,
// and policy-config.json, generated from the same file, makes the pack judge by them.
const limits = limitsFromSettings();

const config = new pulumi.Config();
const instanceAlias = config.require("instanceAlias");
const namePrefix = instanceAlias;
const trailName = `${namePrefix}-audit`;

// One key for contact data: Connect writes recordings, transcripts and stream records with it,
// CloudWatch Logs encrypts the flow logs with it, and Customer Profiles its profiles and dead letters.
const contactDataKey = new EncryptionKey("contact-data", {
    description: "Contact-centre recordings, transcripts, reports, contact records and customer profiles",
    aliasName: `alias/${namePrefix}-contact-data`,
    allowCustomerProfilesQueues: true,
    limits,
});

// S3 access logs of the stores and the trail's log files share one SSE-S3 bucket, kept 400 days.
const auditLogs = new AccessLogBucket("audit-logs", { namePrefix, cloudTrailNames: [trailName], limits });

const recordings = new RecordingStore("recordings", {
    namePrefix,
    purpose: "recordings",
    key: contactDataKey,
    accessLogBucket: auditLogs,
    // Recordings expire after the settings' maxContactDataRetentionDays; Contact Lens output goes
    // sooner than the recordings it was made from.
    prefixRetentionDays: { "Analysis/": 90 },
    limits,
});
const reports = new RecordingStore("reports", {
    namePrefix,
    purpose: "reports",
    key: contactDataKey,
    accessLogBucket: auditLogs,
    retentionDays: 90,
    limits,
});

const streams = new ContactDataStreams("contact-data-streams", {
    namePrefix,
    key: contactDataKey,
    streams: { contactTraceRecords: true, agentEvents: true, realTimeVoiceSegments: true },
    limits,
});

const contactCentre = new ContactCentre("contact-centre", {
    instanceAlias,
    identity: { type: "SAML" },
    contactLens: true,
    key: contactDataKey,
    flowLogs: { retentionDays: 90 },
    storage: {
        callRecordings: recordings,
        chatTranscripts: recordings,
        scheduledReports: reports,
    },
    streams,
    limits,
});

// Caller profiles for agents: encrypted with the contact-data key, expiring with the settings'
// maxContactDataRetentionDays, failed ingestions in an encrypted dead-letter queue.
const profiles = new CustomerProfilesDomain("customer-profiles", { domainName: `${namePrefix}-customers`, key: contactDataKey, limits });

const trail = new AuditTrail("audit", { namePrefix, trailName, recordingStores: [recordings, reports], logBucket: auditLogs, limits });

// Auditors see settings and audit logs, never contact data; consumers read the streams. A role for
// recording reviewers (`recordingReviewer: { store: recordings, prefix: ... }`) is added once the
// settings list it in `approvedReaders`: who may hear recordings is a decision the pack asks to be
// recorded there.
const roles = new AccessRoles("access", {
    namePrefix,
    auditor: { stores: [recordings, reports], auditTrail: trail },
    streamConsumer: { streams, trust: { service: "lambda.amazonaws.com" } },
    limits,
});

// What no resource of this stack can stop: Connect Global Resiliency copying the instance to London,
// regional actions outside the EU, AI services keeping content elsewhere. Organizations policies are
// managed from the management account (or a delegated administrator); teams whose organisation stack
// already has them leave this out and waive residency-organisation-guardrails for this stack.
new OrganisationGuardrails("guardrails", { namePrefix, limits });

export const recordingsBucket = recordings.bucketName;
export const reportsBucket = reports.bucketName;
export const contactDataKeyArn = contactDataKey.keyArn;
export const instanceArn = contactCentre.instanceArn;
export const flowLogGroup = contactCentre.flowLogGroupName;
export const contactTraceRecordStream = streams.streamArns.contactTraceRecords;
export const customerProfilesDomain = profiles.domainName;
export const auditTrailArn = trail.trailArn;
export const auditorRole = roles.auditorRoleArn;
export const streamConsumerRole = roles.streamConsumerRoleArn;
