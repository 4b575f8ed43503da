import { describe, expect, it } from "vitest";
import { accessLoggingOf, accessLogTargetRole, bucketEncryption, declaredEncryptionRules } from "../../../policies/lib/bucket-settings";
import { NATIVE, S3_BUCKET_LOGGING, S3_BUCKET_SSE_CONFIGURATION } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const NATIVE_BUCKET = NATIVE.S3_BUCKET;
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

interface Links {
    dependencies?: GraphResource[];
    propertyDependencies?: Record<string, GraphResource[]>;
}

function resource(type: string, name: string, props: Record<string, unknown> = {}, links: Links = {}): GraphResource {
    return {
        urn: `urn:pulumi:test::proj::${type}::${name}`,
        type,
        name,
        props,
        dependencies: (links.dependencies ?? []).map((r) => r.urn),
        propertyDependencies: Object.fromEntries(
            Object.entries(links.propertyDependencies ?? {}).map(([property, resources]) => [property, resources.map((r) => r.urn)]),
        ),
    };
}

const kmsDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN };

describe("bucketEncryption", () => {
    describe("inline on aws:s3/bucket:Bucket", () => {
        it("reads the rule of serverSideEncryptionConfiguration", () => {
            const rule = { applyServerSideEncryptionByDefault: kmsDefault, bucketKeyEnabled: true, blockedEncryptionTypes: ["SSE-C"] };
            const bucket = resource(BUCKET, "recordings", { serverSideEncryptionConfiguration: { rule } });
            expect(bucketEncryption(new StackGraph([bucket]), bucket)).toEqual({
                rules: [
                    {
                        declaredBy: bucket,
                        dependencyKey: "serverSideEncryptionConfiguration",
                        path: "serverSideEncryptionConfiguration.rule",
                        byDefaultPath: "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault",
                        blockedEncryptionTypesPath: "serverSideEncryptionConfiguration.rule.blockedEncryptionTypes",
                        declared: rule,
                        algorithm: "aws:kms",
                        kmsKey: KEY_ARN,
                        bucketKeyEnabled: true,
                        blockedEncryptionTypes: ["SSE-C"],
                    },
                ],
                unknowns: [],
            });
        });

        it("reports an unknown serverSideEncryptionConfiguration as unknown, not as a rule", () => {
            const bucket = resource(BUCKET, "recordings", { serverSideEncryptionConfiguration: UNKNOWN });
            expect(bucketEncryption(new StackGraph([bucket]), bucket)).toEqual({
                rules: [],
                unknowns: ["`serverSideEncryptionConfiguration`"],
            });
        });

        it("carries an unknown rule into every field of the rule", () => {
            const bucket = resource(BUCKET, "recordings", { serverSideEncryptionConfiguration: { rule: UNKNOWN } });
            const [rule] = bucketEncryption(new StackGraph([bucket]), bucket).rules;
            expect(rule).toMatchObject({ declared: UNKNOWN, algorithm: UNKNOWN, kmsKey: UNKNOWN, bucketKeyEnabled: UNKNOWN, blockedEncryptionTypes: UNKNOWN });
        });

        it("carries unknown defaults into the algorithm and key but keeps the rule's own fields", () => {
            const bucket = resource(BUCKET, "recordings", {
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: UNKNOWN, bucketKeyEnabled: true } },
            });
            const [rule] = bucketEncryption(new StackGraph([bucket]), bucket).rules;
            expect(rule).toMatchObject({ algorithm: UNKNOWN, kmsKey: UNKNOWN, bucketKeyEnabled: true });
        });
    });

    describe("inline on aws:s3/bucketV2:BucketV2", () => {
        it("reads the default of every rule of every configuration, with its path", () => {
            const kmsRule = { applyServerSideEncryptionByDefaults: [kmsDefault], bucketKeyEnabled: true };
            const sseS3Rule = { applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] };
            const bucket = resource(BUCKET_V2, "recordings", {
                serverSideEncryptionConfigurations: [
                    {
                        rules: [kmsRule, sseS3Rule],
                    },
                ],
            });
            const { rules, unknowns } = bucketEncryption(new StackGraph([bucket]), bucket);
            expect(unknowns).toEqual([]);
            expect(rules).toEqual([
                {
                    declaredBy: bucket,
                    dependencyKey: "serverSideEncryptionConfigurations",
                    path: "serverSideEncryptionConfigurations[0].rules[0]",
                    byDefaultPath: "serverSideEncryptionConfigurations[0].rules[0].applyServerSideEncryptionByDefaults[0]",
                    blockedEncryptionTypesPath: "serverSideEncryptionConfigurations[0].rules[0].blockedEncryptionTypes",
                    declared: kmsRule,
                    algorithm: "aws:kms",
                    kmsKey: KEY_ARN,
                    bucketKeyEnabled: true,
                    blockedEncryptionTypes: undefined,
                },
                {
                    declaredBy: bucket,
                    dependencyKey: "serverSideEncryptionConfigurations",
                    path: "serverSideEncryptionConfigurations[0].rules[1]",
                    byDefaultPath: "serverSideEncryptionConfigurations[0].rules[1].applyServerSideEncryptionByDefaults[0]",
                    blockedEncryptionTypesPath: "serverSideEncryptionConfigurations[0].rules[1].blockedEncryptionTypes",
                    declared: sseS3Rule,
                    algorithm: "AES256",
                    kmsKey: undefined,
                    bucketKeyEnabled: undefined,
                    blockedEncryptionTypes: undefined,
                },
            ]);
        });

        it("reports an unknown serverSideEncryptionConfigurations list as unknown", () => {
            const bucket = resource(BUCKET_V2, "recordings", { serverSideEncryptionConfigurations: UNKNOWN });
            expect(bucketEncryption(new StackGraph([bucket]), bucket).unknowns).toEqual(["`serverSideEncryptionConfigurations`"]);
        });

        it("reads an unknown key in one default as that rule's key", () => {
            const bucket = resource(BUCKET_V2, "recordings", {
                serverSideEncryptionConfigurations: [
                    { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }] }] },
                ],
            });
            const [rule] = bucketEncryption(new StackGraph([bucket]), bucket).rules;
            expect(rule).toMatchObject({ algorithm: "aws:kms", kmsKey: UNKNOWN });
        });
    });

    describe("separate configuration resources", () => {
        const rules = [{ applyServerSideEncryptionByDefault: kmsDefault, bucketKeyEnabled: true }];

        it.each(S3_BUCKET_SSE_CONFIGURATION)("reads the rules of a %s that names the bucket literally", (type) => {
            const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const configuration = resource(type, "recordings-sse", { bucket: "acme-recordings", rules });
            expect(bucketEncryption(new StackGraph([bucket, configuration]), bucket)).toEqual({
                rules: [
                    {
                        declaredBy: configuration,
                        dependencyKey: "rules",
                        path: "rules[0]",
                        byDefaultPath: "rules[0].applyServerSideEncryptionByDefault",
                        blockedEncryptionTypesPath: "rules[0].blockedEncryptionTypes",
                        declared: rules[0],
                        algorithm: "aws:kms",
                        kmsKey: KEY_ARN,
                        bucketKeyEnabled: true,
                        blockedEncryptionTypes: undefined,
                    },
                ],
                unknowns: [],
            });
        });

        it.each(S3_BUCKET_SSE_CONFIGURATION)("reads the rules of a %s whose unknown bucket depends on the bucket", (type) => {
            const bucket = resource(BUCKET_V2, "recordings", { bucket: UNKNOWN });
            const links = { propertyDependencies: { bucket: [bucket] } };
            const configuration = resource(type, "recordings-sse", { bucket: UNKNOWN, rules }, links);
            const { rules: found, unknowns } = bucketEncryption(new StackGraph([bucket, configuration]), bucket);
            expect(found.map((rule) => rule.declaredBy)).toEqual([configuration]);
            expect(unknowns).toEqual([]);
        });

        it("numbers the paths of several rules", () => {
            const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "recordings-sse", {
                bucket: "acme-recordings",
                rules: [
                    { applyServerSideEncryptionByDefault: kmsDefault },
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            });
            const found = bucketEncryption(new StackGraph([bucket, configuration]), bucket).rules;
            expect(found.map((rule) => [rule.path, rule.algorithm])).toEqual([
                ["rules[0]", "aws:kms"],
                ["rules[1]", "AES256"],
            ]);
        });

        it("ignores a configuration that belongs to another bucket", () => {
            const recordings = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const logs = resource(BUCKET, "logs", { bucket: "acme-logs" });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "logs-sse", { bucket: "acme-logs", rules });
            expect(bucketEncryption(new StackGraph([recordings, logs, configuration]), recordings)).toEqual({ rules: [], unknowns: [] });
        });

        it("ignores a configuration of a bucket outside the stack", () => {
            const recordings = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "other-sse", { bucket: "someone-elses-bucket", rules });
            expect(bucketEncryption(new StackGraph([recordings, configuration]), recordings)).toEqual({ rules: [], unknowns: [] });
        });

        it("lists a configuration whose bucket is unknown, with no dependency to tell which, among the unknowns", () => {
            const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[1], "mystery-sse", { bucket: UNKNOWN, rules });
            expect(bucketEncryption(new StackGraph([bucket, configuration]), bucket)).toEqual({
                rules: [],
                unknowns: ["the `bucket` of BucketServerSideEncryptionConfigurationV2 'mystery-sse'"],
            });
        });

        it("lists a configuration of this bucket whose rules are unknown among the unknowns", () => {
            const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "recordings-sse", { bucket: "acme-recordings", rules: UNKNOWN });
            expect(bucketEncryption(new StackGraph([bucket, configuration]), bucket)).toEqual({
                rules: [],
                unknowns: ["the `rules` of 'recordings-sse'"],
            });
        });

        it("collects inline and separate rules together", () => {
            const bucket = resource(BUCKET, "recordings", {
                bucket: "acme-recordings",
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
            });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "recordings-sse", { bucket: "acme-recordings", rules });
            const found = bucketEncryption(new StackGraph([bucket, configuration]), bucket).rules;
            expect(found.map((rule) => [rule.declaredBy.name, rule.algorithm])).toEqual([
                ["recordings", "AES256"],
                ["recordings-sse", "aws:kms"],
            ]);
        });
    });

    describe("on aws-native:s3:Bucket (bucketEncryption.serverSideEncryptionConfiguration)", () => {
        const nativeRule = {
            serverSideEncryptionByDefault: kmsDefault,
            bucketKeyEnabled: true,
            blockedEncryptionTypes: { encryptionType: ["SSE-C"] },
        };

        it("reads each rule with its aws-native paths, the blocked types unwrapped from encryptionType", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", { bucketName: "acme-recordings", bucketEncryption: { serverSideEncryptionConfiguration: [nativeRule] } });
            expect(bucketEncryption(new StackGraph([bucket]), bucket)).toEqual({
                rules: [
                    {
                        declaredBy: bucket,
                        dependencyKey: "bucketEncryption",
                        path: "bucketEncryption.serverSideEncryptionConfiguration[0]",
                        byDefaultPath: "bucketEncryption.serverSideEncryptionConfiguration[0].serverSideEncryptionByDefault",
                        blockedEncryptionTypesPath: "bucketEncryption.serverSideEncryptionConfiguration[0].blockedEncryptionTypes.encryptionType",
                        declared: nativeRule,
                        algorithm: "aws:kms",
                        kmsKey: KEY_ARN,
                        bucketKeyEnabled: true,
                        blockedEncryptionTypes: ["SSE-C"],
                    },
                ],
                unknowns: [],
            });
        });

        it("does not read the classic inline shape on an aws-native bucket", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: kmsDefault } } });
            expect(bucketEncryption(new StackGraph([bucket]), bucket)).toEqual({ rules: [], unknowns: [] });
        });

        it.each([
            ["the whole bucketEncryption", { bucketEncryption: UNKNOWN }, "`bucketEncryption`"],
            ["the rule list", { bucketEncryption: { serverSideEncryptionConfiguration: UNKNOWN } }, "`bucketEncryption.serverSideEncryptionConfiguration`"],
        ])("reports %s as unknown, not as a rule", (_what, props, unknown) => {
            const bucket = resource(NATIVE_BUCKET, "recordings", props);
            expect(bucketEncryption(new StackGraph([bucket]), bucket)).toEqual({ rules: [], unknowns: [unknown] });
        });

        it("carries unknown parts of a rule into its fields", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", {
                bucketEncryption: { serverSideEncryptionConfiguration: [UNKNOWN, { serverSideEncryptionByDefault: UNKNOWN, blockedEncryptionTypes: UNKNOWN }] },
            });
            const [whole, parts] = bucketEncryption(new StackGraph([bucket]), bucket).rules;
            expect(whole).toMatchObject({ declared: UNKNOWN, algorithm: UNKNOWN, blockedEncryptionTypes: UNKNOWN });
            expect(parts).toMatchObject({ algorithm: UNKNOWN, kmsKey: UNKNOWN, blockedEncryptionTypes: UNKNOWN, bucketKeyEnabled: undefined });
        });

        it("reads a blockedEncryptionTypes given in the classic list form as blocking nothing", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", { bucketEncryption: { serverSideEncryptionConfiguration: [{ ...nativeRule, blockedEncryptionTypes: ["SSE-C"] }] } });
            expect(bucketEncryption(new StackGraph([bucket]), bucket).rules[0].blockedEncryptionTypes).toBeUndefined();
        });

        it("adds the rules of a classic configuration that names the aws-native bucket by bucketName", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", { bucketName: "acme-recordings", bucketEncryption: { serverSideEncryptionConfiguration: [nativeRule] } });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "recordings-sse", { bucket: "acme-recordings", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
            const found = bucketEncryption(new StackGraph([bucket, configuration]), bucket).rules;
            expect(found.map((rule) => [rule.declaredBy.name, rule.path, rule.algorithm])).toEqual([
                ["recordings", "bucketEncryption.serverSideEncryptionConfiguration[0]", "aws:kms"],
                ["recordings-sse", "rules[0]", "AES256"],
            ]);
        });

        it("adds the rules of a classic configuration whose unknown bucket depends on the aws-native bucket", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", {});
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[1], "recordings-sse", { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: kmsDefault }] }, { propertyDependencies: { bucket: [bucket] } });
            expect(bucketEncryption(new StackGraph([bucket, configuration]), bucket).rules.map((rule) => rule.declaredBy)).toEqual([configuration]);
        });

        it("lists a classic configuration whose bucket is unknown among an aws-native bucket's unknowns", () => {
            const bucket = resource(NATIVE_BUCKET, "recordings", { bucketName: "acme-recordings" });
            const configuration = resource(S3_BUCKET_SSE_CONFIGURATION[0], "mystery-sse", { bucket: UNKNOWN, rules: [] });
            expect(bucketEncryption(new StackGraph([bucket, configuration]), bucket).unknowns).toEqual([
                "the `bucket` of BucketServerSideEncryptionConfiguration 'mystery-sse'",
            ]);
        });
    });

    it("finds no rules declared by a resource that is neither a bucket nor an encryption configuration", () => {
        expect(declaredEncryptionRules({ type: "aws:s3/bucketPolicy:BucketPolicy", props: { rules: [{ applyServerSideEncryptionByDefault: kmsDefault }] } })).toEqual({ rules: [], unknowns: [] });
    });

    it("finds nothing for a bucket without any encryption settings", () => {
        const bucket = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
        expect(bucketEncryption(new StackGraph([bucket]), bucket)).toEqual({ rules: [], unknowns: [] });
    });
});

describe("accessLogTargetRole", () => {
    const recordings = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
    const accessLogs = resource(BUCKET, "access-logs", { bucket: "acme-access-logs" });

    describe("through BucketLogging resources", () => {
        it.each(S3_BUCKET_LOGGING)("finds the bucket a %s names literally as its targetBucket", (type) => {
            const logging = resource(type, "recordings-logging", { bucket: "acme-recordings", targetBucket: "acme-access-logs" });
            const stack = new StackGraph([recordings, accessLogs, logging]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "log-target", loggedBy: logging });
            expect(accessLogTargetRole(stack, recordings)).toEqual({ kind: "not-log-target" });
        });

        it.each(S3_BUCKET_LOGGING)("finds the bucket an unknown targetBucket of a %s depends on", (type) => {
            const logging = resource(
                type,
                "recordings-logging",
                { bucket: UNKNOWN, targetBucket: UNKNOWN },
                { propertyDependencies: { bucket: [recordings], targetBucket: [accessLogs] } },
            );
            const stack = new StackGraph([recordings, accessLogs, logging]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "log-target", loggedBy: logging });
            expect(accessLogTargetRole(stack, recordings)).toEqual({ kind: "not-log-target" });
        });

        it("reports unknown when a logging configuration's target is unknown and nothing tells which bucket it is", () => {
            const logging = resource(S3_BUCKET_LOGGING[0], "recordings-logging", { bucket: "acme-recordings", targetBucket: UNKNOWN });
            const stack = new StackGraph([recordings, accessLogs, logging]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "unknown", configuration: logging });
        });

        it("prefers a known log target over another configuration's unknown target", () => {
            const undetermined = resource(S3_BUCKET_LOGGING[0], "a-undetermined", { bucket: "acme-recordings", targetBucket: UNKNOWN });
            const known = resource(S3_BUCKET_LOGGING[1], "b-known", { bucket: "acme-other", targetBucket: "acme-access-logs" });
            const stack = new StackGraph([recordings, accessLogs, undetermined, known]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "log-target", loggedBy: known });
        });

        it("does not count a bucket as a log target because its logs go to an external bucket", () => {
            const logging = resource(S3_BUCKET_LOGGING[0], "recordings-logging", {
                bucket: "acme-recordings",
                targetBucket: "central-audit-logs",
            });
            const stack = new StackGraph([recordings, accessLogs, logging]);
            expect(accessLogTargetRole(stack, recordings)).toEqual({ kind: "not-log-target" });
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "not-log-target" });
        });
    });

    describe("through inline logging of another bucket", () => {
        it("finds the bucket an aws:s3/bucket:Bucket names in logging.targetBucket", () => {
            const source = resource(BUCKET, "recordings", { bucket: "acme-recordings", logging: { targetBucket: "acme-access-logs" } });
            const stack = new StackGraph([source, accessLogs]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "log-target", loggedBy: source });
            expect(accessLogTargetRole(stack, source)).toEqual({ kind: "not-log-target" });
        });

        it("finds the bucket an aws:s3/bucketV2:BucketV2 names in loggings[].targetBucket", () => {
            const source = resource(BUCKET_V2, "recordings", {
                bucket: "acme-recordings",
                loggings: [{ targetBucket: "acme-elsewhere" }, { targetBucket: "acme-access-logs" }],
            });
            const stack = new StackGraph([source, accessLogs]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "log-target", loggedBy: source });
        });

        it("finds the bucket an unknown inline targetBucket depends on through the logging property", () => {
            const source = resource(
                BUCKET,
                "recordings",
                { bucket: "acme-recordings", logging: { targetBucket: UNKNOWN } },
                { propertyDependencies: { logging: [accessLogs] } },
            );
            const stack = new StackGraph([source, accessLogs]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "log-target", loggedBy: source });
        });

        it("reports unknown when an inline targetBucket is unknown and nothing tells which bucket it is", () => {
            const source = resource(BUCKET_V2, "recordings", { bucket: "acme-recordings", loggings: [{ targetBucket: UNKNOWN }] });
            const stack = new StackGraph([source, accessLogs]);
            expect(accessLogTargetRole(stack, accessLogs)).toEqual({ kind: "unknown", configuration: source });
        });
    });

    describe("through an aws-native bucket's loggingConfiguration", () => {
        const nativeLogs = resource(NATIVE_BUCKET, "native-logs", { bucketName: "acme-native-logs" });

        it.each([
            ["an aws-native", nativeLogs],
            ["a classic", accessLogs],
        ])("finds %s bucket that destinationBucketName names", (_provider, target) => {
            const destination = target === nativeLogs ? "acme-native-logs" : "acme-access-logs";
            const source = resource(NATIVE_BUCKET, "native-recordings", { bucketName: "acme-native-recordings", loggingConfiguration: { destinationBucketName: destination } });
            const stack = new StackGraph([source, accessLogs, nativeLogs]);
            expect(accessLogTargetRole(stack, target)).toEqual({ kind: "log-target", loggedBy: source });
            expect(accessLogTargetRole(stack, source)).toEqual({ kind: "not-log-target" });
        });

        it("makes the bucket its own log target when loggingConfiguration names no destination, as CloudFormation does", () => {
            const source = resource(NATIVE_BUCKET, "native-recordings", { loggingConfiguration: { logFilePrefix: "logs/" } });
            expect(accessLogTargetRole(new StackGraph([source, accessLogs]), source)).toEqual({ kind: "log-target", loggedBy: source });
        });

        it("does not make a bucket without loggingConfiguration a log target", () => {
            const source = resource(NATIVE_BUCKET, "native-recordings", { loggingConfiguration: null });
            expect(accessLogTargetRole(new StackGraph([source]), source)).toEqual({ kind: "not-log-target" });
        });

        it("finds the bucket an unknown destinationBucketName depends on through loggingConfiguration", () => {
            const source = resource(NATIVE_BUCKET, "native-recordings", { loggingConfiguration: { destinationBucketName: UNKNOWN } }, { propertyDependencies: { loggingConfiguration: [accessLogs] } });
            expect(accessLogTargetRole(new StackGraph([source, accessLogs]), accessLogs)).toEqual({ kind: "log-target", loggedBy: source });
        });

        it("reports unknown when destinationBucketName is unknown and nothing tells which bucket it is", () => {
            const source = resource(NATIVE_BUCKET, "native-recordings", { loggingConfiguration: { destinationBucketName: UNKNOWN } });
            expect(accessLogTargetRole(new StackGraph([source, nativeLogs]), nativeLogs)).toEqual({ kind: "unknown", configuration: source });
        });

        it("finds the aws-native bucket a classic BucketLogging names as its targetBucket", () => {
            const logging = resource(S3_BUCKET_LOGGING[0], "recordings-logging", { bucket: "acme-recordings", targetBucket: "acme-native-logs" });
            expect(accessLogTargetRole(new StackGraph([recordings, nativeLogs, logging]), nativeLogs)).toEqual({ kind: "log-target", loggedBy: logging });
        });

        it("finds the aws-native bucket a classic bucket's inline logging names", () => {
            const source = resource(BUCKET, "recordings", { bucket: "acme-recordings", logging: { targetBucket: "acme-native-logs" } });
            expect(accessLogTargetRole(new StackGraph([source, nativeLogs]), nativeLogs)).toEqual({ kind: "log-target", loggedBy: source });
        });
    });

    it("reports a bucket that no logging configuration names as not a log target", () => {
        expect(accessLogTargetRole(new StackGraph([recordings, accessLogs]), accessLogs)).toEqual({ kind: "not-log-target" });
    });
});

describe("accessLoggingOf", () => {
    const recordings = resource(NATIVE_BUCKET, "recordings", { bucketName: "acme-recordings", loggingConfiguration: { destinationBucketName: "acme-access-logs", logFilePrefix: "recordings/" } });
    const accessLogs = resource(BUCKET, "access-logs", { bucket: "acme-access-logs" });

    it("reads an aws-native bucket's own delivery with its path, target and prefix", () => {
        const { deliveries, undetermined } = accessLoggingOf(new StackGraph([recordings, accessLogs]), recordings);
        expect(undetermined).toEqual([]);
        expect(deliveries).toEqual([
            {
                declaredBy: recordings,
                source: { kind: "resources", resources: [recordings] },
                label: "its `loggingConfiguration`",
                targetPath: "loggingConfiguration.destinationBucketName",
                targetValue: "acme-access-logs",
                target: { kind: "resources", resources: [accessLogs] },
                prefix: "recordings/",
            },
        ]);
    });

    it("counts a classic BucketLogging whose bucket is an aws-native bucket's bucketName as that bucket's", () => {
        const plain = resource(NATIVE_BUCKET, "transcripts", { bucketName: "acme-transcripts" });
        const logging = resource(S3_BUCKET_LOGGING[1], "transcripts-logging", { bucket: "acme-transcripts", targetBucket: "acme-access-logs", targetPrefix: "t/" });
        const { deliveries } = accessLoggingOf(new StackGraph([plain, accessLogs, logging]), plain);
        expect(deliveries.map((d) => [d.label, d.targetPath, d.target, d.prefix])).toEqual([
            ["BucketLoggingV2 'transcripts-logging'", "targetBucket", { kind: "resources", resources: [accessLogs] }, "t/"],
        ]);
    });

    it("reads a loggingConfiguration not known yet as a delivery whose target is not known, naming the whole block", () => {
        const plain = resource(NATIVE_BUCKET, "transcripts", { bucketName: "acme-transcripts", loggingConfiguration: UNKNOWN });
        const [delivery] = accessLoggingOf(new StackGraph([plain, accessLogs]), plain).deliveries;
        expect(delivery).toMatchObject({ targetPath: "loggingConfiguration", target: { kind: "unknown" } });
    });

    it("lists BucketLoggings whose bucket is not known yet as undetermined", () => {
        const plain = resource(NATIVE_BUCKET, "transcripts", { bucketName: "acme-transcripts" });
        const logging = resource(S3_BUCKET_LOGGING[0], "some-logging", { bucket: UNKNOWN, targetBucket: "acme-access-logs" });
        expect(accessLoggingOf(new StackGraph([plain, accessLogs, logging]), plain)).toEqual({ deliveries: [], undetermined: [logging] });
    });
});
