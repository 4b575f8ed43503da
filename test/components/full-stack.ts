/**
 * Stacks built from every component, in configurations the example does not use, for the tests
 * that run them through the whole pack.
 */
import { AccessLogBucket } from "../../components/access-log-bucket";
import { AccessRoles } from "../../components/access-roles";
import { AuditTrail } from "../../components/audit-trail";
import { ContactCentre } from "../../components/contact-centre";
import { ContactDataStreams } from "../../components/contact-data-streams";
import { EncryptionKey } from "../../components/encryption-key";
import { OrganisationGuardrails } from "../../components/organisation-guardrails";
import { RecordingStore } from "../../components/recording-store";

export type Variant = "firehose-from-stream" | "firehose-direct";

/**
 * Separate keys for recordings and streams (so Connect needs a grant), a locked store with its own
 * access-log bucket, media streaming, a Firehose archive, every role, a trail with its own key and
 * bucket, and the organisation guardrails.
 */
export function buildEverything(prefix: string, variant: Variant): void {
    const recordingsKey = new EncryptionKey(`${prefix}-recordings-key`, { aliasName: `alias/${prefix}-recordings` });
    const streamsKey = new EncryptionKey(`${prefix}-streams-key`, { aliasName: `alias/${prefix}-streams`, allowCloudWatchLogs: false, rotationPeriodInDays: 180 });
    const shared = new AccessLogBucket(`${prefix}-logs`, { namePrefix: prefix, retentionDays: 731 });
    const recordings = new RecordingStore(`${prefix}-recordings`, {
        namePrefix: prefix,
        key: recordingsKey,
        retentionDays: 180,
        prefixRetentionDays: { "Analysis/": 30 },
        objectLock: { days: 30 },
    });
    const evaluations = new RecordingStore(`${prefix}-evaluations`, { namePrefix: prefix, purpose: "evaluations", key: recordingsKey, accessLogBucket: shared });
    const archive = new RecordingStore(`${prefix}-archive`, { namePrefix: prefix, purpose: "reports", key: recordingsKey, accessLogBucket: shared, retentionDays: 90 });
    const streams = new ContactDataStreams(`${prefix}-streams`, {
        namePrefix: prefix,
        key: streamsKey,
        retentionHours: 48,
        streams:
            variant === "firehose-direct"
                ? { contactTraceRecords: false, agentEvents: true }
                : { contactTraceRecords: true, agentEvents: true, realTimeVoiceSegments: true, realTimeChatSegments: true },
        firehose: { store: archive },
    });
    new ContactCentre(`${prefix}-centre`, {
        instanceAlias: prefix,
        identity: { type: "EXISTING_DIRECTORY", directoryId: "d-1234567890" },
        contactLens: true,
        key: recordingsKey,
        flowLogs: { retentionDays: 30 },
        storage: {
            callRecordings: recordings,
            chatTranscripts: { store: recordings, prefix: `connect/${prefix}/Chats` },
            screenRecordings: recordings,
            contactEvaluations: evaluations,
            scheduledReports: archive,
        },
        mediaStreams: { retentionHours: 24 },
        streams,
    });
    const trail = new AuditTrail(`${prefix}-audit`, { namePrefix: prefix, recordingStores: [recordings, evaluations, archive] });
    new AccessRoles(`${prefix}-access`, {
        namePrefix: prefix,
        recordingReviewer: { store: recordings, prefix: `connect/${prefix}/CallRecordings/` },
        auditor: { stores: [recordings, evaluations, archive], auditTrail: trail },
        streamConsumer: { streams, trust: { principalArns: ["arn:aws:iam::111122223333:role/analytics"] } },
    });
    new OrganisationGuardrails(`${prefix}-guardrails`, { namePrefix: prefix, targetIds: ["ou-abcd-12345678"] });
}

/** The policy config a team writes once it has approved the reviewer role of `buildEverything`. */
export function approvingReviewer(prefix: string): Record<string, unknown> {
    return { "access-recording-readers": { approvedReaders: [`${prefix}-recording-reviewer`] } };
}
