import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasNothingToJudge } from "../../../policies/applicability";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { logRetentionMinimum } from "../../../policies/logging/log-retention-minimum";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { firstPreviewOf } from "../../support/first-preview";
import { graphResource, urnOf } from "../../support/example-stack";
import { reconciledConfig } from "../../support/reconciled-config";
import { TRAIL } from "../../../policies/lib/resource-types";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const trailLogs: ExampleResource = { name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail-logs" } };
const trail = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "audit", type: TRAIL, props: { s3BucketName: "acme-trail-logs", ...props } });
const lifecycle = (...rules: Record<string, unknown>[]): ExampleResource => ({ name: "log-lifecycle", type: LIFECYCLE, props: { bucket: "acme-trail-logs", rules } });
const rule = (extra: Record<string, unknown>) => ({ id: "rule", status: "Enabled", filter: {}, ...extra });
const logGroup = (props: Record<string, unknown>): ExampleResource => ({ name: "trail-events", type: LOG_GROUP, props: { name: "/aws/cloudtrail/acme", ...props } });
const GROUP_ARN = "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/cloudtrail/acme:*";
const stack = (resources: ExampleResource[], config?: Record<string, unknown>): ControlExample => ({ title: "ad hoc", verdict: "violation", resources, config });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(logRetentionMinimum, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        findings,
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

describeControlExamples(logRetentionMinimum);

describe("logging-log-retention-minimum with aws-native senders, log buckets and log groups", () => {
    const NATIVE_BUCKET = "aws-native:s3:Bucket";
    const NATIVE_TRAIL = "aws-native:cloudtrail:Trail";
    const NATIVE_LOG_GROUP = "aws-native:logs:LogGroup";
    const nativeTrail = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "audit", type: NATIVE_TRAIL, props: { s3BucketName: "acme-trail-logs", isLogging: true, ...props } });
    const nativeBucket = (name: string, props: Record<string, unknown>): ExampleResource => ({ name, type: NATIVE_BUCKET, props });
    const expireAfter = (expirationInDays: unknown, prefix?: string) => ({ lifecycleConfiguration: { rules: [{ status: "Enabled", expirationInDays, ...(prefix === undefined ? {} : { prefix }) }] } });
    const nativeGroup = (props: Record<string, unknown>): ExampleResource => ({ name: "trail-events", type: NATIVE_LOG_GROUP, props: { logGroupName: "/aws/cloudtrail/acme", ...props } });

    it.each([NATIVE_BUCKET, NATIVE_TRAIL, NATIVE_LOG_GROUP])("has something to judge in a stack with only %s", (type) => {
        expect(hasNothingToJudge(logRetentionMinimum, new Set([type]))).toBe(false);
    });

    it("names the aws-native rule and its expirationInDays in the fix", async () => {
        const { blocking } = await outcome(stack([nativeTrail(), nativeBucket("trail-logs", { bucketName: "acme-trail-logs", ...expireAfter(30) })]));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toMatch(/S3 bucket 'trail-logs' receives logs of CloudTrail trail 'audit' under `AWSLogs\/`, but 'trail-logs' lifecycleConfiguration\.rules\[0\] expires objects after 30 days/);
        expect(blocking[0].message).toMatch(/Set `expirationInDays` to 365 or more/);
    });

    it("says an aws-native expiry that is not a number is not a number of days", async () => {
        const { blocking } = await outcome(stack([nativeTrail(), nativeBucket("trail-logs", { bucketName: "acme-trail-logs", ...expireAfter("thirty") })]));
        expect(blocking[0].message).toMatch(/has `expirationInDays` "thirty", not a number of days/);
    });

    it("follows the aws-native trail's s3KeyPrefix", async () => {
        const logs = nativeBucket("trail-logs", { bucketName: "acme-trail-logs", ...expireAfter(30, "scratch/") });
        expect((await outcome(stack([nativeTrail({ s3KeyPrefix: "scratch" }), logs]))).blocking).toHaveLength(1);
        expect((await outcome(stack([nativeTrail({ s3KeyPrefix: "trail" }), logs]))).findings).toEqual([]);
    });

    it("treats an aws-native loggingConfiguration without destination as logs written into the bucket itself", async () => {
        const { blocking } = await outcome(stack([nativeBucket("recordings", { bucketName: "acme-recordings", loggingConfiguration: { logFilePrefix: "access/" }, ...expireAfter(30) })]));
        expect(blocking).toHaveLength(1);
        expect(blocking[0].message).toMatch(/S3 bucket 'recordings' receives logs of S3 bucket 'recordings' \(`loggingConfiguration`\) under `access\/`/);
    });

    it("leaves an aws-native bucket without loggingConfiguration alone", async () => {
        expect((await outcome(stack([nativeBucket("recordings", { bucketName: "acme-recordings", ...expireAfter(30) })]))).findings).toEqual([]);
    });

    it("blocks an aws-native bucket logging into a bucket outside the stack", async () => {
        const { blocking } = await outcome(stack([nativeBucket("recordings", { bucketName: "acme-recordings", loggingConfiguration: { destinationBucketName: "org-access-logs" } })]));
        expect(blocking[0].message).toMatch(/S3 bucket 'recordings' \(`loggingConfiguration`\) writes logs to bucket "org-access-logs", which is not in this stack/);
    });

    it("defers an aws-native loggingConfiguration not known yet that comes from no bucket", async () => {
        const { blocking, deferred } = await outcome(stack([nativeBucket("recordings", { bucketName: "acme-recordings", loggingConfiguration: UNKNOWN })]));
        expect(blocking).toEqual([]);
        expect(deferred[0].message).toMatch(/the bucket it writes logs to is not known yet/);
    });

    it("finds the aws-native log bucket of an unknown destinationBucketName through its property dependency", async () => {
        const resources = [
            { ...nativeBucket("recordings", { loggingConfiguration: { destinationBucketName: UNKNOWN, logFilePrefix: "recordings/" } }), propertyDependencies: { loggingConfiguration: ["access-logs"] } },
            nativeBucket("access-logs", expireAfter(30)),
        ];
        expect((await outcome(stack(resources))).blocking[0].message).toMatch(/S3 bucket 'access-logs' receives logs of S3 bucket 'recordings'/);
    });

    it("reads an aws-native trail's cloudWatchLogsLogGroupArn, not the classic cloudWatchLogsGroupArn", async () => {
        const logs = { name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail-logs" } };
        expect((await outcome(stack([nativeTrail({ cloudWatchLogsLogGroupArn: GROUP_ARN }), logs, nativeGroup({ retentionInDays: 30 })]))).blocking).toHaveLength(1);
        expect((await outcome(stack([nativeTrail({ cloudWatchLogsGroupArn: GROUP_ARN }), logs, nativeGroup({ retentionInDays: 30 })]))).findings).toEqual([]);
    });

    it("tells an aws-native log group's owner to leave retentionInDays unset to keep events for good", async () => {
        const logs = { name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail-logs" } };
        const { blocking } = await outcome(stack([nativeTrail({ cloudWatchLogsLogGroupArn: GROUP_ARN }), logs, nativeGroup({ retentionInDays: 90 })]));
        expect(blocking[0].urn).toBe(urnOf(NATIVE_LOG_GROUP, "trail-events"));
        expect(blocking[0].message).toMatch(/has `retentionInDays` 90; .*Set it to 365 or more \(or leave it unset to never expire\)/);
    });

    it("finds an aws-native log group through the trail's property dependency at first preview", async () => {
        const logs = { name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail-logs" } };
        const resources = [{ ...nativeTrail({ cloudWatchLogsLogGroupArn: UNKNOWN }), propertyDependencies: { cloudWatchLogsLogGroupArn: ["trail-events"] } }, logs, nativeGroup({ logGroupName: UNKNOWN, retentionInDays: 30 })];
        expect((await outcome(stack(resources))).blocking).toHaveLength(1);
    });

    it("defers an aws-native trail's log group ARN that comes from no log group of the stack", async () => {
        const logs = { name: "trail-logs", type: BUCKET, props: { bucket: "acme-trail-logs" } };
        const { deferred } = await outcome(stack([nativeTrail({ cloudWatchLogsLogGroupArn: UNKNOWN }), logs]));
        expect(deferred[0].message).toMatch(/its `cloudWatchLogsLogGroupArn` is not known yet/);
    });
});

describe("logging-log-retention-minimum", () => {
    describe("lifecycle rules on log buckets", () => {
        it.each([
            ["a disabled 30-day rule", rule({ status: "Disabled", expiration: { days: 30 } })],
            ["a rule that only expires noncurrent versions", rule({ noncurrentVersionExpiration: { noncurrentDays: 30 } })],
            ["a rule that only aborts incomplete uploads", rule({ abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })],
            ["a rule of exactly the minimum", rule({ expiration: { days: 365 } })],
            ["a short rule for a sibling prefix", rule({ filter: { prefix: "AWSLogsArchive-tmp/" }, expiration: { days: 1 } })],
        ])("keeps trail logs with %s", async (_title, r) => {
            expect((await outcome(stack([trail(), trailLogs, lifecycle(r)]))).findings).toEqual([]);
        });

        it.each([
            ["a rule for a sub-prefix of the logs", rule({ filter: { prefix: "AWSLogs/111122223333/" }, expiration: { days: 90 } }), /expires objects after 90 days/],
            ["a rule narrowed by a tag, which still deletes tagged logs", rule({ filter: { and: { prefix: "", tags: { tier: "tmp" } } }, expiration: { days: 30 } }), /after 30 days/],
            ["an expiry on a fixed date", rule({ expiration: { date: "2026-01-01" } }), /on the fixed date "2026-01-01"/],
            ["an expiry that is not a number", rule({ expiration: { days: "thirty" } }), /not a number of days/],
        ])("blocks %s", async (_title, r, message) => {
            const { blocking } = await outcome(stack([trail(), trailLogs, lifecycle(r)]));
            expect(blocking).toHaveLength(1);
            expect(blocking[0].message).toMatch(message);
        });

        it("blocks the inline lifecycle rules of a deprecated BucketV2 log bucket", async () => {
            const bucket = { name: "trail-logs", type: BUCKET_V2, props: { bucket: "acme-trail-logs", lifecycleRules: [{ enabled: true, prefix: "", expirations: [{ days: 30 }] }] } };
            expect((await outcome(stack([trail(), bucket]))).blocking).toHaveLength(1);
        });

        it("follows minAuditLogRetentionDays", async () => {
            const resources = [trail(), trailLogs, lifecycle(rule({ expiration: { days: 365 } }))];
            expect((await outcome(stack(resources, { minAuditLogRetentionDays: 400 }))).blocking).toHaveLength(1);
        });

        it("treats an absent targetPrefix as the whole bucket and names the sender", async () => {
            const resources = [
                { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings", logging: { targetBucket: "acme-access-logs" } } },
                { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } },
                { ...lifecycle(rule({ filter: { prefix: "old/" }, expiration: { days: 30 } })), props: { bucket: "acme-access-logs", rules: [rule({ filter: { prefix: "old/" }, expiration: { days: 30 } })] } },
            ];
            const { blocking } = await outcome(stack(resources));
            expect(blocking[0].message).toMatch(/receives logs of S3 bucket 'recordings' \(inline `logging`\)/);
        });

        it("leaves a BucketLogging whose prefix does not meet a short rule alone", async () => {
            const resources = [
                { name: "recordings", type: BUCKET, props: { bucket: "acme-recordings" } },
                { name: "recordings-logging", type: LOGGING, props: { bucket: "acme-recordings", targetBucket: "acme-access-logs", targetPrefix: "recordings/" } },
                { name: "access-logs", type: BUCKET, props: { bucket: "acme-access-logs" } },
                { ...lifecycle(), props: { bucket: "acme-access-logs", rules: [rule({ filter: { prefix: "scratch/" }, expiration: { days: 1 } })] } },
            ];
            expect((await outcome(stack(resources))).findings).toEqual([]);
        });

        it("defers when a rule's prefix is not known yet", async () => {
            const { blocking, deferred } = await outcome(stack([trail(), trailLogs, lifecycle(rule({ filter: { prefix: UNKNOWN }, expiration: { days: 30 } }))]));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
        });

        it("defers when the trail's key prefix is not known yet and a rule could meet it", async () => {
            const { blocking, deferred } = await outcome(stack([trail({ s3KeyPrefix: UNKNOWN }), trailLogs, lifecycle(rule({ filter: { prefix: "trail/" }, expiration: { days: 30 } }))]));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
        });
    });

    describe("CloudWatch log groups behind trails", () => {
        it.each([
            ["0 (never expire)", 0],
            ["unset", undefined],
            ["731 days", 731],
        ])("accepts retention %s", async (_title, retentionInDays) => {
            expect((await outcome(stack([trail({ cloudWatchLogsGroupArn: GROUP_ARN }), trailLogs, logGroup({ retentionInDays })]))).findings).toEqual([]);
        });

        it("finds the log group through its property dependency at first preview", async () => {
            const group = { ...logGroup({ retentionInDays: 14 }), props: { retentionInDays: 14 } };
            const resources = [{ ...trail({ cloudWatchLogsGroupArn: UNKNOWN }), propertyDependencies: { cloudWatchLogsGroupArn: ["trail-events"] } }, trailLogs, group];
            expect((await outcome(stack(resources))).blocking[0].message).toMatch(/`retentionInDays` 14/);
        });

        it("defers when the retention is not known yet", async () => {
            const { blocking, deferred } = await outcome(stack([trail({ cloudWatchLogsGroupArn: GROUP_ARN }), trailLogs, logGroup({ retentionInDays: UNKNOWN })]));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
        });

        it("blocks a log group outside the stack unless listed as external", async () => {
            const resources = [trail({ cloudWatchLogsGroupArn: GROUP_ARN }), trailLogs];
            expect((await outcome(stack(resources))).blocking[0].message).toMatch(/log group ".*", which is not in this stack/);
            expect((await outcome(stack(resources, { externalLogDestinations: ["/aws/cloudtrail/acme"] }))).findings).toEqual([]);
        });
    });

    describe("odd input never throws", () => {
        it.each([
            ["rules as a string", { bucket: "acme-trail-logs", rules: "expire" }],
            ["rules with null and numbers", { bucket: "acme-trail-logs", rules: [null, 4] }],
            ["a rule whose expiration is a list", { bucket: "acme-trail-logs", rules: [{ status: "Enabled", expiration: [{ days: 1 }] }] }],
        ])("handles %s", async (_title, props) => {
            await outcome(stack([trail({ s3KeyPrefix: 7 }), trailLogs, { ...lifecycle(), props }]));
        });

        it("never throws, whatever the log destinations and rules", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant("acme-trail-logs"), fc.constant(30), fc.anything());
            const resource = graphResource;
            fc.assert(
                fc.property(value, value, value, value, value, (target, prefix, days, rules, external) => {
                    const resources = [
                        resource(BUCKET, "trail-logs", { bucket: "acme-trail-logs", logging: target, lifecycleRules: rules }),
                        resource(TRAIL, "audit", { s3BucketName: target, s3KeyPrefix: prefix, cloudWatchLogsGroupArn: target }),
                        resource(LOGGING, "logging", { targetBucket: target, targetPrefix: prefix }),
                        resource(LIFECYCLE, "lifecycle", { bucket: "acme-trail-logs", rules: [{ status: "Enabled", filter: { prefix }, expiration: { days, date: rules } }] }),
                        resource(LOG_GROUP, "group", { name: "acme-trail-logs", retentionInDays: days }),
                        resource("aws-native:s3:Bucket", "native-logs", { bucketName: target, loggingConfiguration: rules, lifecycleConfiguration: { rules: [{ status: "Enabled", prefix, expirationInDays: days, expirationDate: rules }] } }),
                        resource("aws-native:s3:Bucket", "native-sender", { loggingConfiguration: { destinationBucketName: target, logFilePrefix: prefix }, lifecycleConfiguration: rules }),
                        resource("aws-native:cloudtrail:Trail", "native-audit", { s3BucketName: target, s3KeyPrefix: prefix, cloudWatchLogsLogGroupArn: target }),
                        resource("aws-native:logs:LogGroup", "native-group", { logGroupName: "acme-trail-logs", retentionInDays: days }),
                    ];
                    const noop = () => undefined;
                    const config = reconciledConfig(logRetentionMinimum, { minAuditLogRetentionDays: days, externalLogDestinations: external });
                    expect(() => logRetentionMinimum.check(new StackGraph(resources), config, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});

describe("logRetentionMinimum in a first preview and on arbitrary stacks", () => {
    it.each(logRetentionMinimum.examples.filter((e) => e.verdict === "compliant").map((e) => [e.title, e] as const))(
        "does not block the first-preview form of the compliant example: %s",
        async (_title, example) => {
            const findings = await findingsOf(logRetentionMinimum, firstPreviewOf(example));
            expect(findings.filter((f) => f.enforcementLevel === "mandatory")).toEqual([]);
        },
    );

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(logRetentionMinimum), async (example) => {
                const findings = await findingsOf(logRetentionMinimum, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 40 },
        );
    }, 120_000);
});
