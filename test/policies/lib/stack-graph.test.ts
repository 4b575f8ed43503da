import * as policy from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { KMS_KEY, S3_BUCKET, S3_BUCKET_SSE_CONFIGURATION } from "../../../policies/lib/resource-types";
import {
    graphResourcesOf,
    StackGraph,
    type GraphResource,
    type Reference,
    type SdkStackResource,
} from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const [SSE_CONFIGURATION, SSE_CONFIGURATION_V2] = S3_BUCKET_SSE_CONFIGURATION;
const STORAGE_CONFIG = "aws:connect/instanceStorageConfig:InstanceStorageConfig";
const ROLE = "aws:iam/role:Role";
const STREAM = "aws:kinesis/stream:Stream";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:eu-central-1:111122223333:key/${KEY_ID}`;

const urnOf = (type: string, name: string) => `urn:pulumi:test::proj::${type}::${name}`;

interface Links {
    dependencies?: GraphResource[];
    propertyDependencies?: Record<string, GraphResource[]>;
}

function resource(type: string, name: string, props: Record<string, unknown> = {}, links: Links = {}): GraphResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        props,
        dependencies: (links.dependencies ?? []).map((r) => r.urn),
        propertyDependencies: Object.fromEntries(
            Object.entries(links.propertyDependencies ?? {}).map(([property, resources]) => [property, resources.map((r) => r.urn)]),
        ),
    };
}

function resolveIn(stack: GraphResource[], source: GraphResource, property: string, targets: readonly string[]): Reference {
    return new StackGraph(stack).resolve(source, { property, targets });
}

const pointsAt = (...resources: GraphResource[]): Reference => ({ kind: "resources", resources });

describe("StackGraph", () => {
    const recordings = resource(BUCKET, "recordings", { bucket: "acme-recordings" });
    const logs = resource(BUCKET_V2, "logs", { bucket: "acme-logs" });
    const key = resource(KMS_KEY, "recordings-key", { id: KEY_ID });

    describe("get and ofType", () => {
        const graph = new StackGraph([recordings, logs, key]);

        it("finds a resource by its URN", () => {
            expect(graph.get(recordings.urn)).toBe(recordings);
            expect(graph.get(urnOf(BUCKET, "missing"))).toBeUndefined();
        });

        it("lists the resources of the given types, type by type", () => {
            expect(graph.ofType([BUCKET_V2, BUCKET])).toEqual([logs, recordings]);
            expect(graph.ofType([ROLE])).toEqual([]);
        });
    });

    describe("resolve", () => {
        describe("literal values", () => {
            it.each([
                ["bucket", BUCKET, "acme-recordings"],
                ["id", KMS_KEY, KEY_ID],
                ["arn", KMS_KEY, KEY_ARN],
                ["keyId", KMS_KEY, KEY_ID],
                ["name", STREAM, "acme-contact-trace-records"],
                ["streamArn", STREAM, "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-ctr"],
            ])("finds the resource whose %s the value names", (identity, type, value) => {
                const target = resource(type, "target", { [identity]: value });
                const source = resource(STORAGE_CONFIG, "source", { reference: value });
                expect(resolveIn([target, source], source, "reference", [type])).toEqual(pointsAt(target));
            });

            it("resolves a bucket ARN to the bucket whose bucket is its name", () => {
                const source = resource(STORAGE_CONFIG, "storage", { bucketArn: "arn:aws:s3:::acme-recordings" });
                expect(resolveIn([recordings, source], source, "bucketArn", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("resolves a KMS key ARN to the key whose id is the key id", () => {
                const source = resource(STORAGE_CONFIG, "storage", { kmsKeyArn: KEY_ARN });
                expect(resolveIn([key, source], source, "kmsKeyArn", [KMS_KEY])).toEqual(pointsAt(key));
            });

            it.each([
                ["bucketName", "aws-native:s3:Bucket", "acme-recordings"],
                ["keyId", "aws-native:kms:Key", KEY_ID],
                ["roleName", "aws-native:iam:Role", "recording-reviewer"],
                ["awsId", "aws-native:connect:Instance", "aaaaaaaa-bbbb-cccc-dddd-111111111111"],
                ["logGroupName", "aws-native:logs:LogGroup", "/aws/connect/acme-eu"],
            ])("finds the aws-native resource whose %s the value names", (identity, type, value) => {
                const target = resource(type, "target", { [identity]: value });
                const source = resource(STORAGE_CONFIG, "source", { reference: value });
                expect(resolveIn([target, source], source, "reference", [type])).toEqual(pointsAt(target));
            });

            it("resolves an alias ARN to an aws-native alias, which is known only by its name", () => {
                const alias = resource("aws-native:kms:Alias", "alias", { aliasName: "alias/contact-data", targetKeyId: KEY_ID });
                const source = resource(STORAGE_CONFIG, "storage", { kmsKeyArn: "arn:aws:kms:eu-central-1:111122223333:alias/contact-data" });
                expect(resolveIn([alias, source], source, "kmsKeyArn", ["aws-native:kms:Alias"])).toEqual(pointsAt(alias));
            });

            it("does not index a classic resource by an aws-native identity property it happens to carry", () => {
                const attachment = resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attachment", { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
                const source = resource(STORAGE_CONFIG, "source", { reference: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
                expect(resolveIn([attachment, source], source, "reference", [attachment.type])).toEqual({ kind: "external", value: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
            });

            it("finds only resources of the target types when several share a name", () => {
                const stream = resource(STREAM, "ctr", { name: "acme-recordings" });
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: "acme-recordings" });
                const stack = [stream, recordings, source];
                expect(resolveIn(stack, source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
                expect(resolveIn(stack, source, "bucket", [STREAM])).toEqual(pointsAt(stream));
            });

            it("does not take the referring resource for its target although it carries the bucket's name", () => {
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: "acme-recordings" });
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("reports a literal that names nothing in the stack as external", () => {
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: "someone-elses-bucket" });
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual({
                    kind: "external",
                    value: "someone-elses-bucket",
                });
            });

            it("reports a literal that names only a resource of another type as external", () => {
                const source = resource(STORAGE_CONFIG, "storage", { kmsKeyId: "acme-recordings" });
                expect(resolveIn([recordings, source], source, "kmsKeyId", [KMS_KEY])).toEqual({
                    kind: "external",
                    value: "acme-recordings",
                });
            });

            it("prefers a literal name over the property dependencies", () => {
                const links = { propertyDependencies: { bucket: [logs] } };
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: "acme-recordings" }, links);
                expect(resolveIn([recordings, logs, source], source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("treats a literal that names nothing in the stack as external, whatever the property's dependencies", () => {
                // In a list of rules, dependencies keyed by the top-level property belong to a sibling rule.
                const links = { propertyDependencies: { bucket: [recordings] } };
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: "acme-7f3a" }, links);
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "external", value: "acme-7f3a" });
            });
        });

        describe("unknown values", () => {
            it("resolves an unknown value through the property dependencies", () => {
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN }, { propertyDependencies: { bucket: [recordings] } });
                expect(resolveIn([recordings, logs, source], source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("keeps only the property dependencies of the target types", () => {
                const role = resource(ROLE, "writer");
                const links = { propertyDependencies: { bucket: [role, key, recordings] } };
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN }, links);
                expect(resolveIn([role, key, recordings, source], source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("ignores property dependencies on URNs that are not in the stack", () => {
                const elsewhere = resource(BUCKET, "elsewhere");
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN }, { propertyDependencies: { bucket: [elsewhere] } });
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "unknown" });
            });

            it("resolves a nested value through the dependencies of its top-level property", () => {
                const bucket = resource(
                    BUCKET,
                    "recordings",
                    { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { kmsMasterKeyId: UNKNOWN } } } },
                    { propertyDependencies: { serverSideEncryptionConfiguration: [key] } },
                );
                const reference = new StackGraph([key, bucket]).resolve(bucket, {
                    property: "serverSideEncryptionConfiguration",
                    value: UNKNOWN,
                    targets: [KMS_KEY],
                });
                expect(reference).toEqual(pointsAt(key));
            });

            it("resolves a nested literal by name, not by the top-level property", () => {
                const bucket = resource(BUCKET, "recordings", { serverSideEncryptionConfiguration: { rule: {} } });
                const reference = new StackGraph([key, bucket]).resolve(bucket, {
                    property: "serverSideEncryptionConfiguration",
                    value: KEY_ID,
                    targets: [KMS_KEY],
                });
                expect(reference).toEqual(pointsAt(key));
            });

            it("falls back to the resource-wide dependencies when they hold exactly one candidate", () => {
                const role = resource(ROLE, "writer");
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN }, { dependencies: [role, recordings, key] });
                expect(resolveIn([role, recordings, key, source], source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("falls back to the resource-wide dependencies when the property dependencies cover only other properties", () => {
                const source = resource(
                    SSE_CONFIGURATION,
                    "sse",
                    { bucket: UNKNOWN, rules: [] },
                    { dependencies: [recordings, key], propertyDependencies: { rules: [key] } },
                );
                expect(resolveIn([recordings, key, source], source, "bucket", S3_BUCKET)).toEqual(pointsAt(recordings));
            });

            it("reports unknown when the resource-wide dependencies hold two candidates", () => {
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN }, { dependencies: [recordings, logs] });
                expect(resolveIn([recordings, logs, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "unknown" });
            });

            it("reports a literal as external when the resource-wide dependencies hold two candidates", () => {
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: "acme-archive" }, { dependencies: [recordings, logs] });
                expect(resolveIn([recordings, logs, source], source, "bucket", S3_BUCKET)).toEqual({
                    kind: "external",
                    value: "acme-archive",
                });
            });

            it("does not fall back to the resource-wide dependencies when the property's dependency list is empty", () => {
                const source = resource(
                    SSE_CONFIGURATION,
                    "sse",
                    { bucket: UNKNOWN },
                    { dependencies: [recordings], propertyDependencies: { bucket: [] } },
                );
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "unknown" });
            });

            it("reports unknown when nothing tells where the value comes from", () => {
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN });
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "unknown" });
            });

            it("never indexes a resource under an unknown identity", () => {
                const pending = resource(BUCKET, "pending", { bucket: UNKNOWN });
                const source = resource(SSE_CONFIGURATION, "sse", { bucket: UNKNOWN });
                expect(resolveIn([pending, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "unknown" });
            });
        });

        describe("absent values", () => {
            it.each([
                ["missing", {}],
                ["null", { bucket: null }],
                ["empty", { bucket: "" }],
            ])("reports a %s property as absent, whatever its dependencies", (_what, props) => {
                const links = { dependencies: [recordings], propertyDependencies: { bucket: [recordings] } };
                const source = resource(SSE_CONFIGURATION, "sse", props, links);
                expect(resolveIn([recordings, source], source, "bucket", S3_BUCKET)).toEqual({ kind: "absent" });
            });

            it("reports an explicitly undefined nested value as absent although the top-level property is set", () => {
                const bucket = resource(BUCKET, "recordings", { serverSideEncryptionConfiguration: UNKNOWN });
                const reference = new StackGraph([key, bucket]).resolve(bucket, {
                    property: "serverSideEncryptionConfiguration",
                    value: undefined,
                    targets: [KMS_KEY],
                });
                expect(reference).toEqual({ kind: "absent" });
            });
        });
    });

    describe("referrers", () => {
        it("lists the resources of the given types whose property points at the target, by name or by dependency", () => {
            const byName = resource(SSE_CONFIGURATION, "by-name", { bucket: "acme-recordings" });
            const byDependency = resource(
                SSE_CONFIGURATION_V2,
                "by-dependency",
                { bucket: UNKNOWN },
                { propertyDependencies: { bucket: [recordings] } },
            );
            const forLogs = resource(SSE_CONFIGURATION, "for-logs", { bucket: "acme-logs" });
            const undetermined = resource(SSE_CONFIGURATION, "undetermined", { bucket: UNKNOWN });
            const graph = new StackGraph([recordings, logs, byName, byDependency, forLogs, undetermined]);

            expect(graph.referrers(recordings, S3_BUCKET_SSE_CONFIGURATION, "bucket")).toEqual([byName, byDependency]);
            expect(graph.referrers(logs, S3_BUCKET_SSE_CONFIGURATION, "bucket")).toEqual([forLogs]);
        });

        it("lists only resources of the given types", () => {
            const configuration = resource(SSE_CONFIGURATION, "sse", { bucket: "acme-recordings" });
            const graph = new StackGraph([recordings, configuration]);
            expect(graph.referrers(recordings, ["aws:s3/bucketPolicy:BucketPolicy"], "bucket")).toEqual([]);
            expect(graph.referrers(recordings, [SSE_CONFIGURATION], "bucket")).toEqual([configuration]);
        });
    });
});

describe("graphResourcesOf", () => {
    const proxy = (policy as unknown as { unknownCheckingProxy(props: object): unknown }).unknownCheckingProxy;
    const providerUrn = urnOf("pulumi:providers:aws", "frankfurt");
    const bucketUrn = urnOf(BUCKET, "recordings");
    const stackUrn = urnOf("pulumi:pulumi:Stack", "proj-test");
    const rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }];

    const sdkBucket: SdkStackResource = {
        type: BUCKET,
        urn: bucketUrn,
        name: "recordings",
        props: proxy({ bucket: "acme-recordings" }),
        provider: { type: "pulumi:providers:aws", urn: providerUrn, name: "frankfurt", props: proxy({ region: UNKNOWN }) },
        parent: { urn: stackUrn },
    };
    const sdkConfiguration: SdkStackResource = {
        type: SSE_CONFIGURATION,
        urn: urnOf(SSE_CONFIGURATION, "sse"),
        name: "sse",
        props: proxy({ bucket: UNKNOWN, rules }),
        provider: { type: "pulumi:providers:aws", urn: providerUrn, name: "frankfurt", props: proxy({ region: "eu-central-1" }) },
        dependencies: [{ urn: bucketUrn }, { urn: providerUrn }],
        propertyDependencies: { bucket: [{ urn: bucketUrn }], rules: [] },
    };

    it("converts an SDK resource into a plain one with URNs for references", () => {
        expect(graphResourcesOf([sdkConfiguration])).toEqual([
            {
                urn: urnOf(SSE_CONFIGURATION, "sse"),
                type: SSE_CONFIGURATION,
                name: "sse",
                props: { bucket: UNKNOWN, rules },
                provider: { type: "pulumi:providers:aws", name: "frankfurt", urn: providerUrn, props: { region: "eu-central-1" } },
                parent: undefined,
                dependencies: [bucketUrn, providerUrn],
                propertyDependencies: { bucket: [bucketUrn], rules: [] },
            },
        ]);
    });

    it("leaves out component resources, which the engine sends without a provider", () => {
        const mixin: SdkStackResource = {
            type: "aws:cloudwatch:EventRuleEventSubscription",
            urn: urnOf("aws:cloudwatch:EventRuleEventSubscription", "nightly-purge"),
            name: "nightly-purge",
            props: proxy({}),
        };
        const provider: SdkStackResource = { type: "pulumi:providers:aws", urn: providerUrn, name: "frankfurt", props: proxy({ region: "eu-central-1" }) };
        expect(graphResourcesOf([mixin, provider, sdkBucket]).map((resource) => resource.name)).toEqual(["frankfurt", "recordings"]);
    });

    it("unwraps the provider's properties and keeps the parent's URN", () => {
        const [bucket] = graphResourcesOf([sdkBucket]);
        expect(bucket.provider).toEqual({ type: "pulumi:providers:aws", name: "frankfurt", urn: providerUrn, props: { region: UNKNOWN } });
        expect(bucket.parent).toBe(stackUrn);
    });

    it("gives a resource without dependencies empty dependency lists", () => {
        const [bucket] = graphResourcesOf([sdkBucket]);
        expect(bucket.dependencies).toEqual([]);
        expect(bucket.propertyDependencies).toEqual({});
    });

    it("produces properties whose unknowns read as sentinels instead of throwing", () => {
        const [, configuration] = graphResourcesOf([sdkBucket, sdkConfiguration]);
        expect(configuration.props["bucket"]).toBe(UNKNOWN);
    });

    it("produces resources a StackGraph resolves through their property dependencies", () => {
        const [bucket, configuration] = graphResourcesOf([sdkBucket, sdkConfiguration]);
        expect(resolveIn([bucket, configuration], configuration, "bucket", S3_BUCKET)).toEqual(pointsAt(bucket));
    });
});

describe("an ARN repeated by another resource", () => {
    it("still resolves a key ARN to the key when a grant lists the same ARN", () => {
        const key = resource(KMS_KEY, "recordings-key", { id: KEY_ID });
        const grant = resource("aws:kms/grant:Grant", "connect-grant", { keyId: KEY_ARN });
        const source = resource(STREAM, "ctr", { kmsKeyId: KEY_ARN });
        expect(resolveIn([key, grant, source], source, "kmsKeyId", [KMS_KEY])).toEqual(pointsAt(key));
    });
});
