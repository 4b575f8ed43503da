import { describe, expect, it } from "vitest";
import { instanceSetting } from "../../../policies/lib/connect-instance";
import { CONNECT_INSTANCE, NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";

describe("instanceSetting", () => {
    it("reads the classic boolean inputs", () => {
        const instance = { type: CONNECT_INSTANCE, props: { contactLensEnabled: false, contactFlowLogsEnabled: true } };
        expect(instanceSetting(instance, "contactLens")).toEqual({ value: false, path: "contactLensEnabled", property: "contactLensEnabled" });
        expect(instanceSetting(instance, "contactFlowLogs")).toEqual({ value: true, path: "contactFlowLogsEnabled", property: "contactFlowLogsEnabled" });
    });

    it("reads the aws-native attributes, and names attributes when it is not known yet", () => {
        const instance = { type: NATIVE.CONNECT_INSTANCE, props: { attributes: { contactLens: true, contactflowLogs: false, inboundCalls: true } } };
        expect(instanceSetting(instance, "contactLens")).toEqual({ value: true, path: "attributes.contactLens", property: "attributes" });
        expect(instanceSetting(instance, "contactFlowLogs")).toEqual({ value: false, path: "attributes.contactflowLogs", property: "attributes" });
        expect(instanceSetting({ type: NATIVE.CONNECT_INSTANCE, props: { attributes: UNKNOWN } }, "contactLens")).toEqual({ value: UNKNOWN, path: "attributes", property: "attributes" });
        expect(instanceSetting({ type: NATIVE.CONNECT_INSTANCE, props: { contactLensEnabled: true } }, "contactLens").value).toBeUndefined();
    });
});
