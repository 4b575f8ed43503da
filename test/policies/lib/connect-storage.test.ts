import { describe, expect, it } from "vitest";
import { connectStorage, connectStoragesOfInstance, instanceOfStorage } from "../../../policies/lib/connect-storage";
import { CONNECT_INSTANCE, CONNECT_STORAGE_CONFIG, NATIVE } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";

const s3Config = { bucketName: "acme-recordings", bucketPrefix: "connect", encryptionConfig: { encryptionType: "KMS", keyId: "arn:aws:kms:eu-central-1:111122223333:key/1" } };

const classic = (props: Record<string, unknown>) => connectStorage({ type: CONNECT_STORAGE_CONFIG, props });
const native = (props: Record<string, unknown>) => connectStorage({ type: NATIVE.CONNECT_STORAGE_CONFIG, props });

describe("connectStorage", () => {
    it("reads the classic shape under storageConfig, keyed by storageConfig for property dependencies", () => {
        const storage = classic({ instanceId: "i-1", resourceType: "CALL_RECORDINGS", storageConfig: { storageType: "S3", s3Config } });
        expect(storage.native).toBe(false);
        expect(storage.pathOf("s3Config", "encryptionConfig")).toBe("storageConfig.s3Config.encryptionConfig");
        expect(storage.resourceType).toBe("CALL_RECORDINGS");
        expect(storage.field("storageType")).toEqual({ value: "S3", path: "storageConfig.storageType", property: "storageConfig" });
        expect(storage.field("s3Config", "encryptionConfig", "keyId")).toEqual({
            value: s3Config.encryptionConfig.keyId,
            path: "storageConfig.s3Config.encryptionConfig.keyId",
            property: "storageConfig",
        });
        expect(storage.blocksPresent()).toEqual(["s3Config"]);
        expect(storage.unreadableWrapper).toBeUndefined();
    });

    it("reads the aws-native shape from top-level inputs, keyed by the block for property dependencies", () => {
        const storage = native({ instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/i-1", resourceType: "CALL_RECORDINGS", storageType: "S3", s3Config });
        expect(storage.native).toBe(true);
        expect(storage.pathOf("s3Config", "encryptionConfig")).toBe("s3Config.encryptionConfig");
        expect(storage.field("storageType")).toEqual({ value: "S3", path: "storageType", property: "storageType" });
        expect(storage.field("s3Config", "bucketName")).toEqual({ value: "acme-recordings", path: "s3Config.bucketName", property: "s3Config" });
        expect(storage.blocksPresent()).toEqual(["s3Config"]);
        expect(storage.unreadableWrapper).toBeUndefined();
    });

    it("names the first step that is not known yet", () => {
        expect(classic({ storageConfig: UNKNOWN }).field("s3Config", "bucketName")).toEqual({ value: UNKNOWN, path: "storageConfig", property: "storageConfig" });
        expect(native({ s3Config: UNKNOWN }).field("s3Config", "encryptionConfig", "keyId")).toEqual({ value: UNKNOWN, path: "s3Config", property: "s3Config" });
        expect(native({ s3Config: { encryptionConfig: UNKNOWN } }).field("s3Config", "encryptionConfig", "keyId").path).toBe("s3Config.encryptionConfig");
    });

    it("counts a block whose value is not known yet as present", () => {
        expect(native({ storageType: "S3", s3Config: UNKNOWN, kinesisStreamConfig: { streamArn: "x" } }).blocksPresent()).toEqual(["s3Config", "kinesisStreamConfig"]);
    });

    it("reports an unusable classic wrapper once, and reads nothing through it", () => {
        for (const storageConfig of [undefined, null, "S3", [], UNKNOWN]) {
            const storage = classic({ storageConfig });
            expect(storage.unreadableWrapper).toEqual({ value: storageConfig, path: "storageConfig", property: "storageConfig" });
            expect(storage.blocksPresent()).toEqual([]);
        }
        expect(classic({ storageConfig: "S3" }).field("storageType").value).toBeUndefined();
    });

    it("reads odd nested values without throwing", () => {
        const storage = native({ s3Config: "acme-recordings", kinesisVideoStreamConfig: null });
        expect(storage.field("s3Config", "bucketName")).toEqual({ value: undefined, path: "s3Config.bucketName", property: "s3Config" });
        expect(storage.blocksPresent()).toEqual(["s3Config"]);
    });
});

describe("storage configs and their instances across providers", () => {
    const INSTANCE_ID = "aaaaaaaa-bbbb-4ccc-addd-111111111111";
    const INSTANCE_ARN = `arn:aws:connect:eu-central-1:111122223333:instance/${INSTANCE_ID}`;
    const resource = (type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): GraphResource => ({
        urn: `urn:${name}`,
        type,
        name,
        props,
        dependencies: [],
        propertyDependencies,
    });

    it("relates classic configs by instance id and aws-native configs by instance ARN to an instance of either provider", () => {
        for (const instance of [resource(NATIVE.CONNECT_INSTANCE, "centre", { arn: INSTANCE_ARN, awsId: INSTANCE_ID }), resource(CONNECT_INSTANCE, "centre", { id: INSTANCE_ID, arn: INSTANCE_ARN })]) {
            const classic = resource(CONNECT_STORAGE_CONFIG, "classic", { instanceId: INSTANCE_ID });
            const native = resource(NATIVE.CONNECT_STORAGE_CONFIG, "native", { instanceArn: INSTANCE_ARN });
            const preview = resource(NATIVE.CONNECT_STORAGE_CONFIG, "preview", { instanceArn: UNKNOWN }, { instanceArn: ["urn:centre"] });
            const other = resource(NATIVE.CONNECT_STORAGE_CONFIG, "other", { instanceArn: "arn:aws:connect:eu-central-1:111122223333:instance/other" });
            const stack = new StackGraph([instance, classic, native, preview, other]);
            expect(instanceOfStorage(stack, native)).toEqual({ kind: "resources", resources: [instance] });
            expect(instanceOfStorage(stack, classic)).toEqual({ kind: "resources", resources: [instance] });
            expect(connectStoragesOfInstance(stack, instance).map((r) => r.name).sort()).toEqual(["classic", "native", "preview"]);
        }
    });

    it("finds the configs of an instance outside the stack by the literal they name it with", () => {
        const outside = "arn:aws:connect:eu-central-1:111122223333:instance/outside";
        const first = resource(NATIVE.CONNECT_STORAGE_CONFIG, "first", { instanceArn: outside });
        const second = resource(NATIVE.CONNECT_STORAGE_CONFIG, "second", { instanceArn: outside });
        const stack = new StackGraph([first, second, resource(CONNECT_STORAGE_CONFIG, "elsewhere", { instanceId: "other" })]);
        expect(instanceOfStorage(stack, first)).toEqual({ kind: "external", value: outside });
        expect(connectStoragesOfInstance(stack, outside).map((r) => r.name)).toEqual(["first", "second"]);
    });
});
