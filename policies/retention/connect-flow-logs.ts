/**
 * Contact flow logs expire and are encrypted with a customer key.
 *
 * With `contactFlowLogsEnabled`, Amazon Connect logs every block a contact passes through, including
 * what the caller typed or said to the IVR and the contact attributes the flow set: personal data,
 * sometimes card digits. Connect writes them to the CloudWatch log group `/aws/connect/<instance
 * alias>` and, when that group does not exist, creates it itself with retention "never expire" and
 * no customer key. Only a stack that creates the group first, under exactly that name, decides how
 * long the logs live (GDPR storage limitation, PCI DSS retention) and who can decrypt them.
 * Either provider's instance (aws-native: `attributes.contactflowLogs`) and log group (aws-native
 * `logs.LogGroup`, named by `logGroupName`) count, in any combination.
 */
import { stackControl, type StackFindings } from "../control";
import { instanceSetting } from "../lib/connect-instance";
import { ANY_CONNECT_INSTANCE } from "../lib/connect-storage";
import { describeValue } from "../lib/describe";
import { effectiveRegion } from "../lib/effective-region";
import { ANY_CUSTOMER_KEY, CONNECT_INSTANCE, KMS_KEY, NATIVE } from "../lib/resource-types";
import type { GraphResource, StackGraph } from "../lib/stack-graph";
import { isUnknown, UNKNOWN } from "../lib/unknown";

interface Config {
    maxLogRetentionDays: number;
}

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
/** Where each provider's log group takes its name. */
const LOG_GROUP_NAME: Readonly<Record<string, string>> = { [LOG_GROUP]: "name", [NATIVE.LOG_GROUP]: "logGroupName" };
const LOG_GROUPS: readonly string[] = Object.keys(LOG_GROUP_NAME);
const LOG_GROUP_FIX = "an aws.cloudwatch.LogGroup (or aws-native logs.LogGroup with `logGroupName`)";
const FLOW_LOG_GROUP_PREFIX = "/aws/connect/";
const DEFAULT_MAX_RETENTION_DAYS = 400;

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const instance = (props: Record<string, unknown> = {}) => ({
    name: "contact-centre",
    type: CONNECT_INSTANCE,
    props: {
        identityManagementType: "CONNECT_MANAGED",
        inboundCallsEnabled: true,
        outboundCallsEnabled: true,
        instanceAlias: "acme-contact",
        contactFlowLogsEnabled: true,
        ...props,
    },
});

const flowLogGroup = (props: Record<string, unknown> = {}) => ({
    name: "flow-logs",
    type: LOG_GROUP,
    props: { name: "/aws/connect/acme-contact", retentionInDays: 90, kmsKeyId: keyArn, ...props },
});

const nativeInstance = (attributes: Record<string, unknown>, props: Record<string, unknown> = {}) => ({
    name: "contact-centre",
    type: NATIVE.CONNECT_INSTANCE,
    props: { identityManagementType: "SAML", instanceAlias: "acme-contact", attributes: { inboundCalls: true, outboundCalls: true, ...attributes }, ...props },
});

const nativeFlowLogGroup = (props: Record<string, unknown> = {}) => ({
    name: "flow-logs",
    type: NATIVE.LOG_GROUP,
    props: { logGroupName: "/aws/connect/acme-contact", retentionInDays: 90, kmsKeyId: keyArn, ...props },
});

export const connectFlowLogs = stackControl<Config>({
    name: "retention-connect-flow-logs",
    title: "Connect flow logs go to a pre-created, expiring, encrypted log group",
    area: "retention",
    description:
        "An Amazon Connect instance with `contactFlowLogsEnabled: true` writes contact flow logs (customer input, " +
        "contact attributes) to the log group `/aws/connect/<instanceAlias>`. Connect creates that group itself, " +
        "with no expiry and no customer key, unless the stack creates it first. The stack must therefore contain an " +
        "`aws.cloudwatch.LogGroup` named exactly `/aws/connect/<instanceAlias>`, with `retentionInDays` set (not 0, " +
        "which never expires) and no longer than the configured maximum, and with `kmsKeyId` set to a customer-managed " +
        "key. Instances with flow logs off (the default) are compliant. aws-native instances (`attributes.contactflowLogs`) " +
        "and log groups (`logs.LogGroup` named by `logGroupName`) are judged alike, in any combination of providers.",
    severity: "medium",
    enforcementLevel: "mandatory",
    frameworks: {
        gdpr: ["Art. 5(1)(e)", "Art. 32(1)(a)"],
        pciDss: ["3.2.1"],
        iso27001: ["A.8.10", "A.8.15"],
    },
    remediation: [
        'Create an `aws.cloudwatch.LogGroup` named `pulumi.interpolate`/aws/connect/${instance.instanceAlias}`` (or the literal "/aws/connect/<alias>"; aws-native: a `logs.LogGroup` with that `logGroupName`) before the instance writes flow logs, e.g. with `dependsOn` from the contact flows.',
        "Set its `retentionInDays` to a period within the policy's `maxLogRetentionDays` (CloudWatch accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, ...).",
        "Set its `kmsKeyId` to the ARN of a customer-managed `aws.kms.Key` (or aws-native `kms.Key`) whose key policy allows `logs.<region>.amazonaws.com`.",
        "If the group already exists because Connect created it, import it (`pulumi import aws:cloudwatch/logGroup:LogGroup`) and then set these properties.",
    ],
    parameters: {
        maxLogRetentionDays: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_MAX_RETENTION_DAYS,
            description:
                "Longest retention, in days, allowed for contact flow logs. The default (400, the CloudWatch value just over " +
                "13 months) covers a year of investigations; shorten it to what your records of processing state.",
        },
    },
    examples: [
        {
            title: "flow logs into a pre-created log group that expires after 90 days under a customer key",
            verdict: "compliant",
            resources: [instance(), flowLogGroup()],
        },
        {
            title: "an instance with flow logs left at their default (off) and no log group",
            verdict: "compliant",
            resources: [instance({ contactFlowLogsEnabled: undefined })],
        },
        {
            title: "first preview: the log group's key ARN is the output of a KMS key in the stack",
            verdict: "compliant",
            resources: [
                { name: "flow-logs-key", type: KMS_KEY, props: { enableKeyRotation: true } },
                instance(),
                { ...flowLogGroup({ kmsKeyId: UNKNOWN }), propertyDependencies: { kmsKeyId: ["flow-logs-key"] } },
            ],
        },
        {
            title: "two years of flow logs where the team's limit is 731 days",
            verdict: "compliant",
            config: { maxLogRetentionDays: 731 },
            resources: [instance(), flowLogGroup({ retentionInDays: 731 })],
        },
        {
            title: "flow logs on and no log group in the stack (Connect creates one that never expires)",
            verdict: "violation",
            resources: [instance()],
        },
        {
            title: "a log group for another alias than the instance's",
            verdict: "violation",
            resources: [instance(), flowLogGroup({ name: "/aws/connect/acme-contact-test" })],
        },
        {
            title: "the flow-log group without retentionInDays (never expires)",
            verdict: "violation",
            resources: [instance(), flowLogGroup({ retentionInDays: undefined })],
        },
        {
            title: "the flow-log group keeps logs for ten years",
            verdict: "violation",
            resources: [instance(), flowLogGroup({ retentionInDays: 3653 })],
        },
        {
            title: "the flow-log group without a customer key",
            verdict: "violation",
            resources: [instance(), flowLogGroup({ kmsKeyId: undefined })],
        },
        {
            title: "first preview: a log group that never expires blocks although its key ARN is unknown",
            verdict: "violation",
            resources: [
                { name: "flow-logs-key", type: KMS_KEY, props: {} },
                instance(),
                { ...flowLogGroup({ kmsKeyId: UNKNOWN, retentionInDays: 0 }), propertyDependencies: { kmsKeyId: ["flow-logs-key"] } },
            ],
        },
        {
            title: "first preview: the alias is an output and no log group under /aws/connect/ exists",
            verdict: "violation",
            resources: [instance({ instanceAlias: UNKNOWN })],
        },
        {
            title: "first preview: the alias and the log group's name are both built from outputs",
            verdict: "deferred",
            resources: [
                instance({ instanceAlias: UNKNOWN }),
                { ...flowLogGroup({ name: UNKNOWN }), propertyDependencies: { name: ["contact-centre"] } },
            ],
        },
        {
            title: "first preview: whether flow logs are enabled comes from an output",
            verdict: "deferred",
            resources: [instance({ contactFlowLogsEnabled: UNKNOWN })],
        },
        {
            title: "first preview: the flow-log group's retention comes from an output",
            verdict: "deferred",
            resources: [instance(), flowLogGroup({ retentionInDays: UNKNOWN })],
        },
        {
            title: "aws-native: an instance with attributes.contactflowLogs and its pre-created aws-native log group",
            verdict: "compliant",
            resources: [nativeInstance({ contactflowLogs: true }), nativeFlowLogGroup()],
        },
        {
            title: "aws-native: flow logs on and no log group in the stack",
            verdict: "violation",
            resources: [nativeInstance({ contactflowLogs: true })],
        },
        {
            title: "aws-native: the flow-log group without retentionInDays (never expires)",
            verdict: "violation",
            resources: [nativeInstance({ contactflowLogs: true }), nativeFlowLogGroup({ retentionInDays: undefined })],
        },
        {
            title: "mixed providers: an aws-native instance whose flow logs go to a classic log group",
            verdict: "compliant",
            resources: [nativeInstance({ contactflowLogs: true }), flowLogGroup()],
        },
        {
            title: "mixed providers: a classic instance whose aws-native log group has no customer key",
            verdict: "violation",
            resources: [instance(), nativeFlowLogGroup({ kmsKeyId: undefined })],
        },
        {
            title: "mixed providers, first preview: an aws-native log group keyed by a classic key of the stack",
            verdict: "compliant",
            resources: [
                { name: "flow-logs-key", type: KMS_KEY, props: { enableKeyRotation: true } },
                nativeInstance({ contactflowLogs: true }),
                { ...nativeFlowLogGroup({ kmsKeyId: UNKNOWN }), propertyDependencies: { kmsKeyId: ["flow-logs-key"] } },
            ],
        },
        {
            title: "aws-native first preview: whether flow logs are enabled comes from an output",
            verdict: "deferred",
            resources: [nativeInstance({}, { attributes: UNKNOWN })],
        },
    ],
    judges: ANY_CONNECT_INSTANCE,
    check(stack, config, findings) {
        const maxLogRetentionDays = typeof config.maxLogRetentionDays === "number" ? config.maxLogRetentionDays : DEFAULT_MAX_RETENTION_DAYS;
        const judged = new Set<GraphResource>();
        for (const connect of stack.ofType(ANY_CONNECT_INSTANCE)) {
            for (const logGroup of flowLogGroupsOf(stack, connect, findings)) {
                if (judged.has(logGroup)) continue;
                judged.add(logGroup);
                judgeRetention(logGroup, maxLogRetentionDays, findings);
                judgeKey(stack, logGroup, findings);
            }
        }
    },
});

/** The log group's name, when it is a literal; unknown when it is an output; undefined when auto-named. */
function logGroupName(logGroup: GraphResource): string | "unknown" | undefined {
    const name = logGroup.props[LOG_GROUP_NAME[logGroup.type] ?? "name"];
    if (isUnknown(name)) return "unknown";
    return typeof name === "string" && name !== "" ? name : undefined;
}

/** The stack's log groups by literal name, those whose name is not known yet, and those under the flow-log prefix. */
function logGroupsByName(stack: StackGraph) {
    const byName = new Map<string, GraphResource[]>();
    const unnamed: GraphResource[] = [];
    const flowLogGroups: GraphResource[] = [];
    for (const logGroup of stack.ofType(LOG_GROUPS)) {
        const name = logGroupName(logGroup);
        if (name === "unknown") unnamed.push(logGroup);
        if (typeof name !== "string" || name === "unknown") continue;
        byName.set(name, [...(byName.get(name) ?? []), logGroup]);
        if (name.startsWith(FLOW_LOG_GROUP_PREFIX)) flowLogGroups.push(logGroup);
    }
    return { byName, unnamed, flowLogGroups };
}

/** Connect writes to the group in its own region; a group of that name elsewhere is another group. */
function inRegionOf(connect: GraphResource, logGroup: GraphResource): boolean {
    const instanceRegion = effectiveRegion(connect);
    const groupRegion = effectiveRegion(logGroup);
    return !(instanceRegion.kind === "known" && groupRegion.kind === "known" && instanceRegion.region !== groupRegion.region);
}

/**
 * The stack's log groups that receive this instance's flow logs. Reports a missing group on the
 * instance, or says what is not known yet.
 */
function flowLogGroupsOf(stack: StackGraph, connect: GraphResource, findings: StackFindings): GraphResource[] {
    const subject = `Connect instance '${connect.name}'`;
    const flowLogs = instanceSetting(connect, "contactFlowLogs");
    if (isUnknown(flowLogs.value)) {
        findings.undecided(connect, `${subject}: \`${flowLogs.path}\` is not known yet.`);
        return [];
    }
    if (flowLogs.value !== true && flowLogs.value !== "true") return [];
    const enabled = `\`${flowLogs.path}\` true`;

    const logGroups = stack.derived(logGroupsByName);
    const unnamed = logGroups.unnamed.filter((logGroup) => inRegionOf(connect, logGroup));
    const alias = connect.props["instanceAlias"];
    const fix = `Create ${LOG_GROUP_FIX} with that name, \`retentionInDays\` and \`kmsKeyId\` in the stack.`;

    if (isUnknown(alias)) {
        const candidates = [...unnamed, ...logGroups.flowLogGroups.filter((logGroup) => inRegionOf(connect, logGroup))];
        if (candidates.length > 0) {
            findings.undecided(connect, `${subject}: \`instanceAlias\` is not known yet, so which log group receives its flow logs cannot be told.`);
        } else {
            findings.violation(
                connect,
                `${subject} has ${enabled} but the stack creates no log group under ${FLOW_LOG_GROUP_PREFIX}, so Connect ` +
                    `creates \`/aws/connect/<instanceAlias>\` itself, never expiring and without a customer key. ${fix}`,
            );
        }
        return [];
    }
    if (typeof alias !== "string" || alias === "") {
        const seen = alias === undefined || alias === null || alias === "" ? "no `instanceAlias`" : `\`instanceAlias\` ${describeValue(alias)}`;
        findings.violation(
            connect,
            `${subject} has ${enabled} and ${seen}, so the name of the log group Connect ` +
                "creates for its flow logs (`/aws/connect/<alias>`) cannot be known and the group cannot be created beforehand. " +
                "Set `instanceAlias` and create that log group in the stack, or turn flow logs off.",
        );
        return [];
    }

    const expected = `${FLOW_LOG_GROUP_PREFIX}${alias}`;
    const named = logGroups.byName.get(expected) ?? [];
    const matches = named.filter((logGroup) => inRegionOf(connect, logGroup));
    if (matches.length > 0) return matches;
    if (unnamed.length > 0) {
        const names = unnamed.map((logGroup) => `'${logGroup.name}'`).join(", ");
        findings.undecided(connect, `${subject}: the name of log group ${names} is not known yet; it may be ${expected}.`);
        return [];
    }
    const elsewhere = named[0];
    const note = elsewhere ? ` (log group '${elsewhere.name}' has that name but lives in another region than the instance)` : "";
    findings.violation(
        connect,
        `${subject} has ${enabled} but the stack creates no log group named ${describeValue(expected)}${note}, so ` +
            `Connect creates it itself, never expiring and without a customer key. ${fix}`,
    );
    return [];
}

function judgeRetention(logGroup: GraphResource, maxLogRetentionDays: number, findings: StackFindings) {
    const subject = `Log group '${logGroup.name}' (Connect flow logs)`;
    const retention = logGroup.props["retentionInDays"];
    if (isUnknown(retention)) {
        findings.undecided(logGroup, `${subject}: \`retentionInDays\` is not known yet.`);
        return;
    }
    const days = typeof retention === "string" && /^\d+$/.test(retention) ? Number(retention) : retention;
    if (days === undefined || days === null || days === 0) {
        const seen = days === 0 ? "`retentionInDays` 0" : "no `retentionInDays`";
        findings.violation(logGroup, `${subject} has ${seen}, so the flow logs never expire. Set \`retentionInDays\` to at most ${maxLogRetentionDays}.`);
    } else if (typeof days !== "number" || !Number.isFinite(days) || days < 0) {
        findings.violation(logGroup, `${subject} has \`retentionInDays\` ${describeValue(retention)}, which is not a number of days. Set it to at most ${maxLogRetentionDays}.`);
    } else if (days > maxLogRetentionDays) {
        findings.violation(
            logGroup,
            `${subject} keeps flow logs for ${days} days (\`retentionInDays\`), longer than the allowed ${maxLogRetentionDays}. ` +
                `Lower \`retentionInDays\` to at most ${maxLogRetentionDays}, or raise this policy's maxLogRetentionDays if your records of processing justify it.`,
        );
    }
}

function judgeKey(stack: StackGraph, logGroup: GraphResource, findings: StackFindings) {
    const subject = `Log group '${logGroup.name}' (Connect flow logs)`;
    const key = logGroup.props["kmsKeyId"];
    if (isUnknown(key)) {
        // An output of a key in this stack is a customer key; any other output must be seen first.
        const reference = stack.resolve(logGroup, { property: "kmsKeyId", targets: ANY_CUSTOMER_KEY });
        if (reference.kind !== "resources") {
            findings.undecided(logGroup, `${subject}: \`kmsKeyId\` is not known yet and comes from no KMS key of this stack.`);
        }
        return;
    }
    if (typeof key !== "string" || key === "") {
        findings.violation(
            logGroup,
            `${subject} ${key === undefined || key === null || key === "" ? "has no `kmsKeyId`" : `has \`kmsKeyId\` ${describeValue(key)}`}, so CloudWatch encrypts the flow logs with keys AWS owns. ` +
                "Set `kmsKeyId` to the ARN of a customer-managed key (aws.kms.Key or aws-native kms.Key).",
        );
    }
}
