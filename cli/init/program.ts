/**
 * The program of a new contact-centre project: the smallest stack built from the components that
 * holds recordings and transcripts and passes every control of the pack (see
 * examples/eu-contact-centre for a fuller one, with streams, reports and roles).
 */
import { SETTINGS_FILE_NAME } from "../../policies/config/settings-file";
import type { ProjectSettings } from "./project-files";

export const COMPONENTS_MODULE = "contact-centre-guard/components";

export function programTs(settings: ProjectSettings): string {
    return `/**
 * The storage and recording side of an Amazon Connect contact centre, built from the
 * contact-centre-guard components: every one of them refuses, when the program runs, what the
 * policy pack would block. Check it offline with \`npm run preview:offline\`.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AccessLogBucket,
    AuditTrail,
    ContactCentre,
    EncryptionKey,
    limitsFromSettings,
    OrganisationGuardrails,
    RecordingStore,
} from "${COMPONENTS_MODULE}";

// The team's decisions (regions, retention, key lifetimes) from ${SETTINGS_FILE_NAME}, the file the
// policy config is generated from: the components refuse what the pack, so configured, would block.
const limits = limitsFromSettings();

const config = new pulumi.Config();
// Buckets, the trail and the Connect instance are named from it (Pulumi.${settings.stack}.yaml).
const namePrefix = config.require("namePrefix");
const trailName = \`\${namePrefix}-audit\`;

// One customer-managed key for contact data, rotated and deleted as the settings allow
// (maxRotationPeriodDays, minDeletionWindowDays).
const contactDataKey = new EncryptionKey("contact-data", {
    description: "Contact-centre recordings, transcripts and flow logs",
    aliasName: \`alias/\${namePrefix}-contact-data\`,
    limits,
});

// S3 access logs of the recordings and the trail's log files, kept 400 days, at least the
// settings' minAuditLogRetentionDays (PCI DSS 10.5.1: a year).
const auditLogs = new AccessLogBucket("audit-logs", { namePrefix, cloudTrailNames: [trailName], limits });

// Recordings and chat transcripts, encrypted with the key; objects expire after the settings'
// maxContactDataRetentionDays (GDPR storage limitation), old versions after maxNoncurrentDays.
const recordings = new RecordingStore("recordings", {
    namePrefix,
    purpose: "recordings",
    key: contactDataKey,
    accessLogBucket: auditLogs,
    limits,
});

const contactCentre = new ContactCentre("contact-centre", {
    instanceAlias: namePrefix,
    identity: { type: "SAML" },
    contactLens: true,
    key: contactDataKey,
    flowLogs: { retentionDays: 90 },
    storage: { callRecordings: recordings, chatTranscripts: recordings },
    limits,
});

// Who read or changed a recording, kept with the access logs.
const trail = new AuditTrail("audit", { namePrefix, trailName, recordingStores: [recordings], logBucket: auditLogs, limits });

// Denies Connect Global Resiliency and regions outside the allowed ones (the settings' regionProfile) across the organisation. It is deployed
// from the management account: if your organisation's own stack has it, remove this line and waive
// residency-organisation-guardrails under \`policies:\` in ${SETTINGS_FILE_NAME}.
new OrganisationGuardrails("guardrails", { namePrefix, limits });

export const recordingsBucket = recordings.bucketName;
export const contactDataKeyArn = contactDataKey.keyArn;
export const instanceArn = contactCentre.instanceArn;
export const auditTrailArn = trail.trailArn;
`;
}
