import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { contactStoresCustomerKey } from "../../../policies/encryption/contact-stores-customer-key";
import { CUSTOMER_PROFILES_DOMAIN } from "../../../policies/lib/contact-stores";
import { LOG_GROUP, NATIVE, SQS_QUEUE } from "../../../policies/lib/resource-types";
import { StackGraph, type GraphResource } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";

const keyArn = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const queueUrl = "https://sqs.eu-central-1.amazonaws.com/111122223333/acme-profiles-dlq";

async function outcome(resources: ExampleResource[]) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources };
    const findings = await findingsOf(contactStoresCustomerKey, example);
    for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
    return {
        blocking: findings.filter((f) => f.enforcementLevel === "mandatory"),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory" && f.message.includes("not known yet")),
    };
}

const domain = (props: Record<string, unknown>, type = CUSTOMER_PROFILES_DOMAIN, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "profiles",
    type,
    props: { domainName: "acme", defaultExpirationDays: 365, defaultEncryptionKey: keyArn, ...props },
    ...extra,
});
const alias = (conversationLogSettings: unknown, extra: Partial<ExampleResource> = {}): ExampleResource => ({
    name: "live",
    type: NATIVE.LEX_BOT_ALIAS,
    props: { botId: "ABCDEFGHIJ", conversationLogSettings },
    ...extra,
});
const textLogs = (cloudWatchLogGroupArn: unknown, enabled: unknown = true) => ({
    textLogSettings: [{ enabled, destination: { cloudWatch: { cloudWatchLogGroupArn, logPrefix: "t/" } } }],
});

describeControlExamples(contactStoresCustomerKey);

describe("encryption-contact-stores-customer-key", () => {
    describe("Customer Profiles", () => {
        it("reports a domain without a key on the domain, naming the property and the fix", async () => {
            const { blocking } = await outcome([domain({ defaultEncryptionKey: undefined })]);
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(CUSTOMER_PROFILES_DOMAIN, "profiles"));
            expect(blocking[0].message).toContain("Customer Profiles domain 'profiles' has no `defaultEncryptionKey`");
            expect(blocking[0].message).toContain("customer-managed KMS key");
        });

        it("blocks an AWS-managed alias given as an ARN", async () => {
            const { blocking } = await outcome([domain({ defaultEncryptionKey: "arn:aws:kms:eu-central-1:111122223333:alias/aws/profile" }, NATIVE.CUSTOMER_PROFILES_DOMAIN)]);
            expect(blocking[0].message).toMatch(/AWS-managed key/);
        });

        it("blocks a key given as something other than a string", async () => {
            const { blocking } = await outcome([domain({ defaultEncryptionKey: { arn: keyArn } })]);
            expect(blocking[0].message).toContain("sets `defaultEncryptionKey` to an object, which names no KMS key");
        });

        it("finds the dead-letter queue of a deployed stack by its URL", async () => {
            const queue: ExampleResource = { name: "dlq", type: NATIVE.SQS_QUEUE, props: { queueUrl, queueName: "renamed" } };
            const { blocking } = await outcome([queue, domain({ deadLetterQueueUrl: queueUrl })]);
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(CUSTOMER_PROFILES_DOMAIN, "profiles"));
            expect(blocking[0].message).toContain("SQS queue 'dlq' (the `deadLetterQueueUrl` of Customer Profiles domain 'profiles'");
            expect(blocking[0].message).toContain("has no `kmsMasterKeyId`");
        });

        it("accepts a classic dead-letter queue encrypted with a key of the stack during a first preview", async () => {
            const key: ExampleResource = { name: "key", type: NATIVE.KMS_KEY, props: {} };
            const queue: ExampleResource = { name: "dlq", type: SQS_QUEUE, props: { kmsMasterKeyId: UNKNOWN }, propertyDependencies: { kmsMasterKeyId: ["key"] } };
            const { blocking, deferred } = await outcome([key, queue, domain({ deadLetterQueueUrl: UNKNOWN }, CUSTOMER_PROFILES_DOMAIN, { propertyDependencies: { deadLetterQueueUrl: ["dlq"] } })]);
            expect(blocking).toEqual([]);
            expect(deferred).toEqual([]);
        });

        it("defers a dead-letter queue URL that is not known yet and no dependency explains", async () => {
            const { deferred } = await outcome([domain({ deadLetterQueueUrl: UNKNOWN })]);
            expect(deferred[0].message).toContain("`deadLetterQueueUrl` is not known yet");
        });

        it("leaves a dead-letter queue of another stack to that stack", async () => {
            expect((await outcome([domain({ deadLetterQueueUrl: queueUrl })])).blocking).toEqual([]);
        });

        it("lets an object type without its own key use the domain's", async () => {
            const objectType: ExampleResource = { name: "orders", type: NATIVE.CUSTOMER_PROFILES_DOMAIN_OBJECT_TYPE, props: { domainName: "acme", fields: {} } };
            expect((await outcome([domain({}, NATIVE.CUSTOMER_PROFILES_DOMAIN), objectType])).blocking).toEqual([]);
        });

        it("blocks an AppFlow integration whose flow has no kmsArn", async () => {
            const integration: ExampleResource = { name: "salesforce", type: NATIVE.CUSTOMER_PROFILES_INTEGRATION, props: { domainName: "acme", flowDefinition: { flowName: "crm" } } };
            const { blocking } = await outcome([domain({}, NATIVE.CUSTOMER_PROFILES_DOMAIN), integration]);
            expect(blocking[0].message).toContain("Customer Profiles integration 'salesforce' has no `flowDefinition.kmsArn`");
        });

        it("leaves an integration without a flow (an event source by uri) alone", async () => {
            const integration: ExampleResource = { name: "events", type: NATIVE.CUSTOMER_PROFILES_INTEGRATION, props: { domainName: "acme", uri: "arn:aws:connect:eu-central-1:111122223333:instance/x" } };
            expect((await outcome([domain({}, NATIVE.CUSTOMER_PROFILES_DOMAIN), integration])).blocking).toEqual([]);
        });
    });

    describe("Lex conversation logs", () => {
        it("finds the transcripts' log group by an ARN without the :* suffix and reports it on the alias", async () => {
            const group: ExampleResource = { name: "transcripts", type: LOG_GROUP, props: { name: "/aws/lex/acme" } };
            const { blocking } = await outcome([group, alias(textLogs("arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lex/acme"))]);
            expect(blocking).toHaveLength(1);
            expect(blocking[0].urn).toBe(urnOf(NATIVE.LEX_BOT_ALIAS, "live"));
            expect(blocking[0].message).toContain("CloudWatch log group 'transcripts' (where Lex bot alias 'live' logs conversation transcripts) has no `kmsKeyId`");
        });

        it("ignores disabled log settings", async () => {
            const group: ExampleResource = { name: "transcripts", type: NATIVE.LOG_GROUP, props: { logGroupName: "/aws/lex/acme" } };
            expect((await outcome([group, alias(textLogs("arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lex/acme", false))])).blocking).toEqual([]);
        });

        it("defers conversation logs that are not known yet", async () => {
            const { deferred } = await outcome([alias(UNKNOWN)]);
            expect(deferred.map((f) => f.message).join("\n")).toContain("`conversationLogSettings` is not known yet");
        });

        it("relates a log group through property dependencies during a first preview", async () => {
            const group: ExampleResource = { name: "transcripts", type: NATIVE.LOG_GROUP, props: {} };
            const { blocking } = await outcome([group, alias(textLogs(UNKNOWN), { propertyDependencies: { conversationLogSettings: ["transcripts"] } })]);
            expect(blocking[0].message).toContain("aws-native log group 'transcripts'");
        });
    });

    it("judges nothing on Cases domains and outbound campaigns, which take no key", () => {
        for (const type of ["aws-native:cases:Domain", "aws-native:connectcampaignsv2:Campaign"]) expect(contactStoresCustomerKey.judges).not.toContain(type);
        expect(contactStoresCustomerKey.description).toMatch(/Cases domains and outbound campaigns take no key in code/);
    });

    it("never throws on arbitrary property values", () => {
        const value = fc.oneof(fc.constant(UNKNOWN), fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.object({ maxDepth: 3 }));
        const types = contactStoresCustomerKey.judges as readonly string[];
        fc.assert(
            fc.property(fc.constantFrom(...types), fc.dictionary(fc.constantFrom("defaultEncryptionKey", "deadLetterQueueUrl", "encryptionKey", "flowDefinition", "conversationLogSettings", "testBotAliasSettings", "serverSideEncryptionConfiguration", "kmsKey"), value), (type, props) => {
                const resource: GraphResource = { urn: `urn:${type}`, type, name: "r", props, dependencies: [], propertyDependencies: {} };
                contactStoresCustomerKey.check(new StackGraph([resource]), {}, { violation: () => undefined, undecided: () => undefined });
            }),
        );
    });
});
