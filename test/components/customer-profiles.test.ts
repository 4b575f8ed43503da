import { beforeAll, describe, expect, it } from "vitest";
import { CustomerProfilesDomain } from "../../components/customer-profiles";
import { EncryptionKey, keyPolicyStatements } from "../../components/encryption-key";
import { type ComponentRecorder, documentOf, type Recorded, setUpComponentMocks, statementOf, valueOf } from "../support/component-mocks";

const DOMAIN = "aws:customerprofiles/domain:Domain";
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

describe("CustomerProfilesDomain", () => {
    let recorded: Recorded;
    let profiles: CustomerProfilesDomain;

    beforeAll(async () => {
        recorded = await mocks.record(() => {
            const key = new EncryptionKey("profiles-key", { aliasName: "alias/acme-profiles", allowCustomerProfilesQueues: true });
            profiles = new CustomerProfilesDomain("profiles", { domainName: "acme-customers", key });
        });
    });

    it("encrypts profiles with the customer key and expires them at the team's contact-data limit", () => {
        expect(recorded.only(DOMAIN).inputs).toMatchObject({
            domainName: "acme-customers",
            defaultEncryptionKey: expect.stringMatching(/^arn:aws:kms:eu-central-1:111122223333:key\//),
            defaultExpirationDays: 365,
            region: "eu-central-1",
        });
        expect(profiles.expirationDays).toBe(365);
    });

    it("sends failed ingestions to a dead-letter queue encrypted with the same key, kept four days", () => {
        const queue = recorded.only(QUEUE).inputs;
        expect(queue).toMatchObject({ name: "acme-customers-dead-letters", messageRetentionSeconds: 345_600, region: "eu-central-1" });
        expect(queue["kmsMasterKeyId"]).toBe(recorded.only(DOMAIN).inputs["defaultEncryptionKey"]);
        expect(recorded.only(DOMAIN).inputs["deadLetterQueueUrl"]).toBeDefined();
    });

    it("lets only Customer Profiles of this account and domain write to the queue, by a policy known before the queue exists", async () => {
        const statement = statementOf(recorded.only(QUEUE_POLICY).inputs["policy"], "CustomerProfilesOfThisDomain");
        expect(statement).toMatchObject({
            Effect: "Allow",
            Principal: { Service: "profile.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: "arn:aws:sqs:eu-central-1:111122223333:acme-customers-dead-letters",
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": "111122223333",
                    "aws:SourceArn": "arn:aws:profile:eu-central-1:111122223333:domains/acme-customers",
                },
            },
        });
        expect(await valueOf(profiles.domainName)).toBe("acme-customers");
    });

    it("creates the domain after the queue policy, so its first dead letter is accepted", () => {
        const domain = recorded.only(DOMAIN);
        expect(domain.dependencies).toContain(recorded.only(QUEUE_POLICY).urn);
    });

    it("builds no queue when asked not to", async () => {
        const bare = await mocks.record(() => new CustomerProfilesDomain("bare", { domainName: "acme-bare", key: KEY_ARN, deadLetterQueue: false, expirationDays: 30 }));
        expect(bare.ofType(QUEUE)).toEqual([]);
        expect(bare.only(DOMAIN).inputs).toMatchObject({ defaultEncryptionKey: KEY_ARN, defaultExpirationDays: 30 });
        expect(bare.only(DOMAIN).inputs["deadLetterQueueUrl"]).toBeUndefined();
    });

    describe("refuses at construction", () => {
        it.each([
            ["an expiry beyond the team's limit", { expirationDays: 400 }, /CustomerProfilesDomain 'd': `expirationDays` is 400; it must be a whole number from 1 to 365/],
            ["an expiry of zero days", { expirationDays: 0 }, /`expirationDays` is 0/],
            ["a domain name Customer Profiles refuses", { domainName: "acme customers" }, /`domainName` is "acme customers"/],
            ["a key in another region", { key: "arn:aws:kms:eu-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, /`key` is a key in eu-north-1/],
            ["a region outside the allow-list", { region: "us-east-1" }, /region "us-east-1" \(from the `region` argument\) is outside the allowed regions/],
        ])("%s", (_title, args, message) => {
            expect(() => new CustomerProfilesDomain("d", { domainName: "acme-refused", key: KEY_ARN, deadLetterQueue: false, ...args })).toThrow(message);
        });

        it("a tighter team limit", () => {
            expect(() => new CustomerProfilesDomain("d", { domainName: "acme-tight", key: KEY_ARN, expirationDays: 200, limits: { maxContactDataRetentionDays: 180 } })).toThrow(
                /`expirationDays` is 200; it must be a whole number from 1 to 180/,
            );
        });

        it("a dead-letter queue under a key that does not let Customer Profiles use it", async () => {
            let message = "";
            await mocks.record(() => {
                const key = new EncryptionKey("plain-key", { aliasName: "alias/acme-plain" });
                try {
                    new CustomerProfilesDomain("d", { domainName: "acme-plain", key });
                } catch (error) {
                    message = (error as Error).message;
                }
            });
            expect(message).toMatch(/set `allowCustomerProfilesQueues: true` on the EncryptionKey, or `deadLetterQueue: false`/);
        });
    });
});

describe("EncryptionKey allowCustomerProfilesQueues", () => {
    const facts = { region: "eu-central-1", accountId: "111122223333", administrators: [], users: [], allowConnect: false, logGroupPatterns: [], trailNames: [] };

    it("lets Customer Profiles of this account generate and decrypt data keys for its queue", () => {
        const statement = documentOf(JSON.stringify({ Statement: keyPolicyStatements({ ...facts, customerProfilesQueues: true }) })).Statement.find(
            (s) => s["Sid"] === "CustomerProfilesDeadLetterQueue",
        );
        expect(statement).toEqual({
            Sid: "CustomerProfilesDeadLetterQueue",
            Effect: "Allow",
            Principal: { Service: "profile.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        });
    });

    it("adds nothing by default", () => {
        expect(keyPolicyStatements(facts).map((s) => (s as { Sid: string }).Sid)).not.toContain("CustomerProfilesDeadLetterQueue");
    });
});
