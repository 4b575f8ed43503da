import { beforeAll, describe, expect, it } from "vitest";
import { AccessLogBucket } from "../../components/access-log-bucket";
import { DEFAULT_LIMITS } from "../../components/limits";
import { type ComponentRecorder, type Recorded, setUpComponentMocks, statementOf } from "../support/component-mocks";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

const settingOf = (recorded: Recorded, type: string, bucket: string) => {
    const found = recorded.ofType(type).filter((r) => r.inputs["bucket"] === bucket);
    expect(found, `${type} for ${bucket}`).toHaveLength(1);
    return found[0].inputs;
};

describe("AccessLogBucket", () => {
    let recorded: Recorded;

    beforeAll(async () => {
        recorded = await mocks.record(() => new AccessLogBucket("audit-logs", { namePrefix: "acme", accessLogSourceBuckets: ["acme-recordings"], cloudTrailNames: ["acme-audit"] }));
    });

    it("uses SSE-S3, as S3 log delivery requires, with SSE-C blocked", () => {
        expect(settingOf(recorded, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "acme-access-logs")["rules"]).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] },
        ]);
    });

    it("keeps logs 400 days, at least the audit minimum", () => {
        const rules = settingOf(recorded, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "acme-access-logs")["rules"] as Record<string, unknown>[];
        expect(rules[0]).toMatchObject({ status: "Enabled", filter: {}, expiration: { days: 400 } });
        expect(DEFAULT_LIMITS.minAuditLogRetentionDays).toBe(365);
    });

    it("lets only the named source buckets and trail of this account deliver, and refuses plain HTTP", () => {
        const policy = settingOf(recorded, "aws:s3/bucketPolicy:BucketPolicy", "acme-access-logs")["policy"];
        expect(statementOf(policy, "DenyInsecureTransport")["Condition"]).toEqual({ Bool: { "aws:SecureTransport": "false" } });
        expect(statementOf(policy, "AllowServerAccessLogDelivery")).toMatchObject({
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::acme-access-logs/*",
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": ["arn:aws:s3:::acme-recordings"] } },
        });
        expect(statementOf(policy, "AllowCloudTrailLogDelivery")).toMatchObject({
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Resource: "arn:aws:s3:::acme-access-logs/AWSLogs/111122223333/*",
            Condition: { StringEquals: { "aws:SourceArn": ["arn:aws:cloudtrail:eu-central-1:111122223333:trail/acme-audit"], "aws:SourceAccount": "111122223333" } },
        });
    });

    it("parents its children to itself", () => {
        const component = recorded.only("contact-centre:s3:AccessLogBucket");
        expect(recorded.childrenOf(component)).toHaveLength(recorded.registrations.length - 1);
        expect(recorded.childrenOf(component).every((r) => r.name.startsWith("audit-logs-"))).toBe(true);
    });

    it("accepts access logs only from the buckets it names", async () => {
        let logs!: AccessLogBucket;
        await mocks.record(() => (logs = new AccessLogBucket("named", { namePrefix: "acme-named", accessLogSourceBuckets: ["acme-recordings"] })));
        expect(logs.acceptsAccessLogsFrom("acme-recordings")).toBe(true);
        expect(logs.acceptsAccessLogsFrom("acme-other")).toBe(false);
    });

    describe("refuses at construction", () => {
        it.each([
            ["logs kept less than the audit minimum", { retentionDays: 90 }, /AccessLogBucket 'l': `retentionDays` is 90; it must be a whole number from 365/],
            ["a KMS key on a bucket that receives access logs", { key: KEY_ARN, accessLogSourceBuckets: ["acme-recordings"] }, /`key` and `accessLogSourceBuckets` exclude each other/],
            ["an empty list of sources", { accessLogSourceBuckets: [] }, /`accessLogSourceBuckets` is empty/],
            ["a lock longer than the logs are kept", { objectLock: { mode: "COMPLIANCE" as const, days: 3650 } }, /`objectLock.days` is 3650/],
            ["a region outside the allow-list", { region: "us-west-2" }, /region "us-west-2" \(from the `region` argument\) is outside the allowed regions/],
        ])("%s", (_title, args, message) => {
            expect(() => new AccessLogBucket("l", { namePrefix: "acme-refused", ...args })).toThrow(message);
        });
    });
});
