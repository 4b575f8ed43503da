/**
 * The program of a new contact-centre project: the smallest stack built from the components that
 * holds recordings and transcripts and passes every control of the pack (see
 * examples/eu-contact-centre for a fuller one, with streams, reports and roles).
 */
import type { ProjectSettings } from "./project-files";

export const COMPONENTS_MODULE = "contact-centre-guard/components";

export function programTs(settings: ProjectSettings): string {
    return `/**
 * The storage and recording side of an Amazon Connect contact centre, built from the
 * contact-centre-guard components: every one of them refuses, when the program runs, what the
 * policy pack would block. Check it offline with \`npm run preview:offline\`.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccessLogBucket, AuditTrail, ContactCentre, EncryptionKey, OrganisationGuardrails, RecordingStore } from "${COMPONENTS_MODULE}";

const config = new pulumi.Config();
// Buckets, the trail and the Connect instance are named from it (Pulumi.${settings.stack}.yaml).
const namePrefix = config.require("namePrefix");
const trailName = \`\${namePrefix}-audit\`;

// One customer-managed key for contact data: rotated every year, 30 days' notice before deletion.
const contactDataKey = new EncryptionKey("contact-data", {
    description: "Contact-centre recordings, transcripts and flow logs",
    aliasName: \`alias/\${namePrefix}-contact-data\`,
});

// S3 access logs of the recordings and the trail's log files, kept 400 days (PCI DSS 10.5.1: a year).
const auditLogs = new AccessLogBucket("audit-logs", { namePrefix, cloudTrailNames: [trailName] });

// Recordings and chat transcripts, encrypted with the key; objects expire after a year (GDPR storage
// limitation), old versions after 30 days.
const recordings = new RecordingStore("recordings", {
    namePrefix,
    purpose: "recordings",
    key: contactDataKey,
    accessLogBucket: auditLogs,
    retentionDays: 365,
});

const contactCentre = new ContactCentre("contact-centre", {
    instanceAlias: namePrefix,
    identity: { type: "SAML" },
    contactLens: true,
    key: contactDataKey,
    flowLogs: { retentionDays: 90 },
    storage: { callRecordings: recordings, chatTranscripts: recordings },
});

// Who read or changed a recording, kept with the access logs.
const trail = new AuditTrail("audit", { namePrefix, trailName, recordingStores: [recordings], logBucket: auditLogs });

// Denies Connect Global Resiliency and regions outside the EU across the organisation. It is deployed
// from the management account: if your organisation's own stack has it, remove this line and waive
// residency-organisation-guardrails in policy-config.json.
new OrganisationGuardrails("guardrails", { namePrefix });

export const recordingsBucket = recordings.bucketName;
export const contactDataKeyArn = contactDataKey.keyArn;
export const instanceArn = contactCentre.instanceArn;
export const auditTrailArn = trail.trailArn;
`;
}
