import { beforeAll, describe, expect, it } from "vitest";
import { AccessLogBucket } from "../../components/access-log-bucket";
import { AuditTrail } from "../../components/audit-trail";
import { RecordingStore } from "../../components/recording-store";
import { type ComponentRecorder, type Recorded, setUpComponentMocks, statementOf, valueOf } from "../support/component-mocks";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;
let recordings: RecordingStore;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
    await mocks.record(() => {
        recordings = new RecordingStore("recordings", { namePrefix: "acme", key: KEY_ARN });
    });
});

describe("AuditTrail", () => {
    let recorded: Recorded;
    let own: AuditTrail;

    beforeAll(async () => {
        recorded = await mocks.record(() => {
            own = new AuditTrail("own", { namePrefix: "acme-own", recordingStores: [recordings] });
        });
    });

    it("records management events in every region and object reads and writes of the stores, with validated, encrypted log files", () => {
        const trailInputs = recorded.only("aws:cloudtrail/trail:Trail").inputs;
        expect(trailInputs).toMatchObject({
            name: "acme-own-audit",
            s3BucketName: "acme-own-audit-logs",
            enableLogFileValidation: true,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogging: true,
            region: "eu-central-1",
            eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::acme-recordings/"] }] }],
        });
        expect(trailInputs["kmsKeyId"]).toMatch(/^arn:aws:kms:eu-central-1:111122223333:key\//);
    });

    it("creates its own key, usable only by this trail, and its own log bucket encrypted with it and kept 400 days", () => {
        const keyPolicy = recorded.only("aws:kms/key:Key").inputs["policy"];
        expect(statementOf(keyPolicy, "CloudTrailEncryptsLogFiles")["Condition"]).toMatchObject({
            StringEquals: { "aws:SourceArn": ["arn:aws:cloudtrail:eu-central-1:111122223333:trail/acme-own-audit"] },
        });
        expect(() => statementOf(keyPolicy, "AmazonConnectServiceLinkedRole")).toThrow();
        const rules = recorded.ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[0].inputs["rules"] as Record<string, Record<string, unknown>>[];
        expect(rules[0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"]).toBe("aws:kms");
        expect(rules[0]["bucketKeyEnabled"]).toBe(true);
        const lifecycle = recorded.only("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs["rules"] as Record<string, unknown>[];
        expect(lifecycle[0]["expiration"]).toEqual({ days: 400 });
        expect(statementOf(recorded.only("aws:s3/bucketPolicy:BucketPolicy").inputs["policy"], "AllowCloudTrailLogDelivery")["Condition"]).toMatchObject({
            StringEquals: { "aws:SourceArn": ["arn:aws:cloudtrail:eu-central-1:111122223333:trail/acme-own-audit"], "aws:SourceAccount": "111122223333" },
        });
    });

    it("waits for the bucket policy before creating the trail, and parents everything to itself", () => {
        const component = recorded.only("contact-centre:cloudtrail:AuditTrail");
        expect(recorded.childrenOf(component).map((r) => r.name).sort()).toEqual(["own-key", "own-logs", "own-trail"]);
        expect(recorded.treeOf(component)).toHaveLength(recorded.registrations.length);
        expect(recorded.only("aws:cloudtrail/trail:Trail").dependencies).toContain(recorded.only("aws:s3/bucketPolicy:BucketPolicy").urn);
    });

    it("exposes the trail ARN built from its literal name", async () => {
        expect(await valueOf(own.trailArn)).toBe("arn:aws:cloudtrail:eu-central-1:111122223333:trail/acme-own-audit");
        expect(own.logBucketName).toBe("acme-own-audit-logs");
    });

    describe("refuses at construction", () => {
        it("a trail without recording stores", () => {
            expect(() => new AuditTrail("t", { namePrefix: "acme-refused", recordingStores: [] })).toThrow(/AuditTrail 't': `recordingStores` is empty/);
        });

        it("a log bucket that does not let the trail write", async () => {
            let logs!: AccessLogBucket;
            await mocks.record(() => (logs = new AccessLogBucket("other-logs", { namePrefix: "acme-other" })));
            expect(() => new AuditTrail("t", { namePrefix: "acme-refused", recordingStores: [recordings], logBucket: logs })).toThrow(
                /`logBucket` 'acme-other-access-logs' does not let the trail "acme-refused-audit" write; add it to the AccessLogBucket's `cloudTrailNames`/,
            );
        });

        it("logs kept less than the audit minimum", () => {
            expect(() => new AuditTrail("t", { namePrefix: "acme-refused", recordingStores: [recordings], logRetentionDays: 90 })).toThrow(/AuditTrail 't': `logRetentionDays` is 90; it must be a whole number from 365/);
        });

        it("a trail name that cannot name its log bucket", () => {
            expect(() => new AuditTrail("t", { namePrefix: "acme-refused", trailName: "Acme_Audit", recordingStores: [recordings] })).toThrow(
                /`trailName` gives the bucket name "Acme_Audit-logs", which S3 refuses/,
            );
        });

        it("a region outside the allow-list", () => {
            expect(() => new AuditTrail("t", { namePrefix: "acme-refused", recordingStores: [recordings], region: "us-east-2" })).toThrow(/region "us-east-2"/);
        });
    });
});
