/**
 * Amazon Connect instance settings, in the shape of either provider. The classic
 * `aws:connect/instance` has one boolean input per setting (`contactLensEnabled`,
 * `contactFlowLogsEnabled`, ...); the aws-native `connect:Instance` (AWS::Connect::Instance) groups
 * them under `attributes` with shorter names (`attributes.contactLens`, `attributes.contactflowLogs`).
 * `identityManagementType` and `instanceAlias` have the same name in both.
 */
import { propertyAt, type PropertyAt } from "./property-path";
import { NATIVE } from "./resource-types";

export type InstanceSetting = "contactLens" | "contactFlowLogs" | "inboundCalls" | "outboundCalls";

const CLASSIC_PATHS: Readonly<Record<InstanceSetting, readonly string[]>> = {
    contactLens: ["contactLensEnabled"],
    contactFlowLogs: ["contactFlowLogsEnabled"],
    inboundCalls: ["inboundCallsEnabled"],
    outboundCalls: ["outboundCallsEnabled"],
};

const NATIVE_PATHS: Readonly<Record<InstanceSetting, readonly string[]>> = {
    contactLens: ["attributes", "contactLens"],
    contactFlowLogs: ["attributes", "contactflowLogs"],
    inboundCalls: ["attributes", "inboundCalls"],
    outboundCalls: ["attributes", "outboundCalls"],
};

/** The setting's value and the path to quote (`contactLensEnabled` or `attributes.contactLens`). */
export function instanceSetting(resource: { type: string; props: Record<string, unknown> }, setting: InstanceSetting): PropertyAt {
    const paths = resource.type === NATIVE.CONNECT_INSTANCE ? NATIVE_PATHS : CLASSIC_PATHS;
    return propertyAt(resource.props, paths[setting]);
}
