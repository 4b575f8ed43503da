import { beforeAll, describe, expect, it } from "vitest";
import { AccessLogBucket } from "../../components/access-log-bucket";
import { EncryptionKey } from "../../components/encryption-key";
import { DEFAULT_LIMITS } from "../../components/limits";
import { RecordingStore } from "../../components/recording-store";
import { contactDataExpiry } from "../../policies/retention/contact-data-expiry";
import { noncurrentVersions } from "../../policies/retention/noncurrent-versions";
import { type ComponentRecorder, type Recorded, setUpComponentMocks, statementOf } from "../support/component-mocks";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_REGION_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

const settingOf = (recorded: Recorded, type: string, bucket: string) => {
    const found = recorded.ofType(type).filter((r) => r.inputs["bucket"] === bucket);
    expect(found, `${type} for ${bucket}`).toHaveLength(1);
    return found[0].inputs;
};

describe("RecordingStore", () => {
    let recorded: Recorded;
    let store: RecordingStore;

    beforeAll(async () => {
        recorded = await mocks.record(() => {
            store = new RecordingStore("calls", { namePrefix: "acme", key: KEY_ARN, prefixRetentionDays: { "Analysis/": 90 } });
        });
    });

    it("names the bucket literally after the prefix and purpose, without force-destroy, in the stack's region", () => {
        expect(recorded.named("calls-bucket").inputs).toMatchObject({ bucket: "acme-recordings", forceDestroy: false, region: "eu-central-1" });
        expect(store.bucketName).toBe("acme-recordings");
        expect(store.bucketArn).toBe("arn:aws:s3:::acme-recordings");
    });

    it("encrypts with SSE-KMS under the customer key, with the bucket key on and SSE-C blocked", () => {
        expect(settingOf(recorded, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "acme-recordings")["rules"]).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] },
        ]);
    });

    it("blocks all public access, disables ACLs and turns versioning on", () => {
        expect(settingOf(recorded, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "acme-recordings")).toMatchObject({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(settingOf(recorded, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "acme-recordings")["rule"]).toEqual({ objectOwnership: "BucketOwnerEnforced" });
        expect(settingOf(recorded, "aws:s3/bucketVersioning:BucketVersioning", "acme-recordings")["versioningConfiguration"]).toEqual({ status: "Enabled" });
    });

    it("expires the whole bucket (Analysis/ and Evaluations/ included), old versions and uploads within the pack's limits", () => {
        const rules = settingOf(recorded, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "acme-recordings")["rules"] as Record<string, unknown>[];
        expect(rules[0]).toEqual({
            id: "contact-data-retention",
            status: "Enabled",
            filter: {},
            expiration: { days: contactDataExpiry.parameters.maxContactDataRetentionDays.default },
            noncurrentVersionExpiration: { noncurrentDays: noncurrentVersions.parameters.maxNoncurrentDays.default },
            abortIncompleteMultipartUpload: { daysAfterInitiation: noncurrentVersions.parameters.maxIncompleteUploadDays.default },
        });
        expect(rules[1]).toEqual({ id: "shorter-retention-1", status: "Enabled", filter: { prefix: "Analysis/" }, expiration: { days: 90 } });
    });

    it("refuses requests without TLS, for everyone, on the bucket and every object", () => {
        const policy = settingOf(recorded, "aws:s3/bucketPolicy:BucketPolicy", "acme-recordings")["policy"];
        expect(statementOf(policy, "DenyInsecureTransport")).toEqual({
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::acme-recordings", "arn:aws:s3:::acme-recordings/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("logs requests into a separate SSE-S3 access-log bucket of its own by default", () => {
        expect(settingOf(recorded, "aws:s3/bucketLogging:BucketLogging", "acme-recordings")).toMatchObject({
            targetBucket: "acme-recordings-access-logs",
            targetPrefix: "acme-recordings/",
        });
        expect(settingOf(recorded, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "acme-recordings-access-logs")["rules"]).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] },
        ]);
        expect(store.accessLogBucket.bucketName).toBe("acme-recordings-access-logs");
    });

    it("parents every child, the access-log bucket component included, to the store", () => {
        const component = recorded.only("contact-centre:s3:RecordingStore");
        expect(recorded.childrenOf(component).map((r) => r.name).sort()).toEqual([
            "calls-access-logging",
            "calls-access-logs",
            "calls-bucket",
            "calls-encryption",
            "calls-lifecycle",
            "calls-ownership",
            "calls-policy",
            "calls-public-access-block",
            "calls-versioning",
        ]);
        const logs = recorded.named("calls-access-logs");
        expect(logs.type).toBe("contact-centre:s3:AccessLogBucket");
        expect(recorded.treeOf(component)).toHaveLength(recorded.registrations.length);
    });

    it("uses a shared access-log bucket and an EncryptionKey of the stack when given", async () => {
        const shared = await mocks.record(() => {
            const key = new EncryptionKey("shared-key", {});
            const logs = new AccessLogBucket("shared-logs", { namePrefix: "acme-shared" });
            new RecordingStore("transcripts", { namePrefix: "acme", purpose: "transcripts", key, accessLogBucket: logs, retentionDays: 30 });
        });
        expect(shared.ofType("aws:s3/bucket:Bucket").map((r) => r.inputs["bucket"]).sort()).toEqual(["acme-shared-access-logs", "acme-transcripts"]);
        expect(settingOf(shared, "aws:s3/bucketLogging:BucketLogging", "acme-transcripts")["targetBucket"]).toBe("acme-shared-access-logs");
        const rules = settingOf(shared, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "acme-transcripts")["rules"] as Record<string, Record<string, unknown>>[];
        expect(rules[0]["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"]).toMatch(/^arn:aws:kms:eu-central-1:111122223333:key\//);
    });

    it("adds Object Lock in GOVERNANCE mode within the retention period when asked", async () => {
        const locked = await mocks.record(() => new RecordingStore("locked", { namePrefix: "acme-locked", key: KEY_ARN, retentionDays: 180, objectLock: { days: 90 } }));
        expect(locked.named("locked-bucket").inputs["objectLockEnabled"]).toBe(true);
        expect(locked.named("locked-object-lock").inputs["rule"]).toEqual({ defaultRetention: { mode: "GOVERNANCE", days: 90 } });
    });

    describe("refuses at construction", () => {
        const max = DEFAULT_LIMITS.maxContactDataRetentionDays;
        it.each([
            ["a region outside the allow-list", { region: "us-east-1" }, /RecordingStore 's': region "us-east-1" \(from the `region` argument\) is outside the allowed regions/],
            ["a retention above the limit", { retentionDays: 2555 }, new RegExp(`\`retentionDays\` is 2555; it must be a whole number from 1 to ${max}`)],
            ["old versions kept longer than the limit", { noncurrentVersionDays: 90 }, /`noncurrentVersionDays` is 90; it must be a whole number from 1 to 30/],
            ["incomplete uploads kept longer than the limit", { incompleteUploadDays: 30 }, /`incompleteUploadDays` is 30/],
            ["a prefix kept longer than the bucket", { retentionDays: 90, prefixRetentionDays: { "Analysis/": 180 } }, /`prefixRetentionDays\["Analysis\/"\]` is 180/],
            ["a wildcard prefix", { prefixRetentionDays: { "*": 30 } }, /`prefixRetentionDays` has the prefix "\*"/],
            ["Object Lock in COMPLIANCE mode", { objectLock: { mode: "COMPLIANCE" as const, days: 30 } }, /`objectLock.mode` is "COMPLIANCE"; contact data may only be locked in GOVERNANCE mode/],
            ["a lock longer than the retention", { retentionDays: 90, objectLock: { days: 365 } }, /`objectLock.days` is 365; it must be a whole number from 1 to 90/],
            ["a key given by alias", { key: "alias/recordings" }, /`key` is "alias\/recordings"; give an EncryptionKey or the full ARN/],
            ["a key in another region", { key: OTHER_REGION_KEY }, /`key` is a key in eu-west-1, but the component is in eu-central-1/],
            ["a bucket name S3 refuses", { namePrefix: "Acme_Calls" }, /`namePrefix` gives the bucket name "Acme_Calls-recordings", which S3 refuses/],
            // From JavaScript, or past the types: not a bucket "undefined-recordings", nor a TypeError.
            ["no name prefix", { namePrefix: undefined as unknown as string }, /`namePrefix` is missing; give a prefix for the bucket name/],
            ["no key", { key: undefined as unknown as string }, /`key` is missing; give an EncryptionKey or the full ARN of a customer-managed key/],
        ])("%s", (_title, args, message) => {
            expect(() => new RecordingStore("s", { namePrefix: "acme-refused", key: KEY_ARN, ...args })).toThrow(message);
        });

        it("an access-log bucket encrypted with KMS, where S3 cannot deliver logs", async () => {
            let logs!: AccessLogBucket;
            await mocks.record(() => (logs = new AccessLogBucket("kms-logs", { namePrefix: "acme-kms", key: KEY_ARN, cloudTrailNames: ["audit"] })));
            expect(() => new RecordingStore("s", { namePrefix: "acme-refused", key: KEY_ARN, accessLogBucket: logs })).toThrow(
                /`accessLogBucket` 'acme-kms-access-logs' does not accept S3 server access logs from acme-refused-recordings/,
            );
        });

        it("an access-log bucket in another region", async () => {
            let logs!: AccessLogBucket;
            await mocks.record(() => (logs = new AccessLogBucket("dublin-logs", { namePrefix: "acme-dublin", region: "eu-west-1" })));
            expect(() => new RecordingStore("s", { namePrefix: "acme-refused", key: KEY_ARN, accessLogBucket: logs })).toThrow(
                /`accessLogBucket` is in eu-west-1, but the store is in eu-central-1/,
            );
        });
    });
});
