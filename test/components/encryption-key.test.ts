import { beforeAll, describe, expect, it } from "vitest";
import { EncryptionKey, keyPolicyStatements } from "../../components/encryption-key";
import { DEFAULT_LIMITS } from "../../components/limits";
import { kmsKeyRotation } from "../../policies/encryption/kms-key-rotation";
import { type ComponentRecorder, documentOf, setUpComponentMocks, statementOf, valueOf } from "../support/component-mocks";

const KEY = "aws:kms/key:Key";
const ACCOUNT = "111122223333";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

describe("EncryptionKey", () => {
    it("builds a symmetric, rotating, single-region key with a 30-day deletion window and an alias, in the stack's region", async () => {
        const recorded = await mocks.record(() => new EncryptionKey("contact-data", { aliasName: "alias/acme-contact-data" }));
        const key = recorded.only(KEY).inputs;
        expect(key).toMatchObject({
            enableKeyRotation: true,
            rotationPeriodInDays: 365,
            deletionWindowInDays: 30,
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            keyUsage: "ENCRYPT_DECRYPT",
            multiRegion: false,
            region: "eu-central-1",
        });
        expect(recorded.only("aws:kms/alias:Alias").inputs).toMatchObject({ name: "alias/acme-contact-data", region: "eu-central-1" });
    });

    it("takes its rotation maximum and deletion floor from the pack's own defaults", () => {
        expect(DEFAULT_LIMITS.maxRotationPeriodDays).toBe(kmsKeyRotation.parameters.maxRotationPeriodDays.default);
        expect(DEFAULT_LIMITS.minDeletionWindowDays).toBe(kmsKeyRotation.parameters.minDeletionWindowDays.default);
    });

    it("names and parents its children after their role", async () => {
        const recorded = await mocks.record(() => new EncryptionKey("audit-key", {}));
        const component = recorded.only("contact-centre:kms:EncryptionKey");
        expect(recorded.childrenOf(component).map((r) => r.name).sort()).toEqual(["audit-key-alias", "audit-key-key"]);
    });

    it("exposes the key ARN and an alias ARN that is known from the alias name", async () => {
        let key!: EncryptionKey;
        await mocks.record(() => (key = new EncryptionKey("outputs", { aliasName: "alias/acme-outputs" })));
        expect(await valueOf(key.keyArn)).toMatch(/^arn:aws:kms:eu-central-1:111122223333:key\//);
        expect(await valueOf(key.aliasArn)).toBe("arn:aws:kms:eu-central-1:111122223333:alias/acme-outputs");
        expect(key.region).toBe("eu-central-1");
    });

    describe("key policy", () => {
        const admin = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
        const user = `arn:aws:iam::${ACCOUNT}:role/recordings-writer`;
        let policy: unknown;

        beforeAll(async () => {
            const recorded = await mocks.record(
                () =>
                    new EncryptionKey("policy", {
                        administratorArns: [admin],
                        userArns: [user],
                        allowCloudWatchLogs: ["/aws/connect/acme"],
                        allowCloudTrailNames: ["acme-audit"],
                    }),
            );
            policy = recorded.named("policy-key").inputs["policy"];
        });

        it("delegates to the account's IAM policies through the root", () => {
            expect(statementOf(policy, "EnableIamPoliciesOfThisAccount")).toMatchObject({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*" });
        });

        it("gives administrators administration only and users data use only", () => {
            const admins = statementOf(policy, "KeyAdministrators");
            expect(admins["Principal"]).toEqual({ AWS: [admin] });
            expect(admins["Action"]).toContain("kms:ScheduleKeyDeletion");
            expect(admins["Action"]).not.toContain("kms:Decrypt");
            expect((admins["Action"] as string[]).some((a) => a.startsWith("kms:GenerateDataKey") || a === "kms:CreateGrant")).toBe(false);
            const users = statementOf(policy, "KeyUsers");
            expect(users["Principal"]).toEqual({ AWS: [user] });
            expect(users["Action"]).toEqual(expect.arrayContaining(["kms:Decrypt", "kms:GenerateDataKey*"]));
            expect((users["Action"] as string[]).some((a) => /Put|Schedule|Delete|Disable/.test(a))).toBe(false);
        });

        it("lets Connect's service-linked role in only through conditions naming this account's role", () => {
            expect(statementOf(policy, "AmazonConnectServiceLinkedRole")).toMatchObject({
                Principal: { AWS: "*" },
                Condition: {
                    ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_*` },
                    StringEquals: { "kms:CallerAccount": ACCOUNT },
                },
            });
        });

        it("lets CloudWatch Logs of this region encrypt only the named log groups of this account", () => {
            expect(statementOf(policy, "CloudWatchLogsOfThisAccount")).toMatchObject({
                Principal: { Service: "logs.eu-central-1.amazonaws.com" },
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws:logs:arn": [`arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/connect/acme`] },
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                },
            });
        });

        it("lets CloudTrail encrypt only for the named trail of this account", () => {
            expect(statementOf(policy, "CloudTrailEncryptsLogFiles")).toMatchObject({
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Condition: { StringEquals: { "aws:SourceArn": [`arn:aws:cloudtrail:eu-central-1:${ACCOUNT}:trail/acme-audit`], "aws:SourceAccount": ACCOUNT } },
            });
        });

        it("leaves out the service statements that were not asked for", () => {
            const statements = keyPolicyStatements({
                region: "eu-central-1",
                accountId: ACCOUNT,
                administrators: [],
                users: [],
                allowConnect: false,
                logGroupPatterns: [],
                trailNames: [],
            });
            expect(statements.map((s) => (s as { Sid: string }).Sid)).toEqual(["EnableIamPoliciesOfThisAccount"]);
            expect(documentOf(policy).Statement.every((s) => s["Effect"] === "Allow")).toBe(true);
        });
    });

    it("reports which log groups and trails it lets in", async () => {
        let key!: EncryptionKey;
        await mocks.record(() => (key = new EncryptionKey("scoped", { allowCloudWatchLogs: ["/aws/connect/*"], allowCloudTrailNames: ["audit"] })));
        expect(key.allowsLogGroup("/aws/connect/acme")).toBe(true);
        expect(key.allowsLogGroup("/aws/lambda/acme")).toBe(false);
        expect(key.allowsCloudTrail("audit")).toBe(true);
        expect(key.allowsCloudTrail("other")).toBe(false);
    });

    describe("refuses at construction", () => {
        it.each([
            ["a region outside the allow-list", { region: "us-east-1" }, /EncryptionKey 'k': region "us-east-1" \(from the `region` argument\) is outside the allowed regions; use one of eu-west-1, .*eu-central-1/],
            ["a region of an adequacy country under the default profile", { region: "eu-west-2" }, /outside the allowed regions/],
            ["a rotation period above the cryptoperiod", { rotationPeriodInDays: 730 }, /`rotationPeriodInDays` is 730; it must be a whole number from 90 to 365/],
            ["a rotation period KMS refuses", { rotationPeriodInDays: 30 }, /`rotationPeriodInDays` is 30/],
            ["a deletion window below the floor", { deletionWindowInDays: 7 }, /`deletionWindowInDays` is 7; it must be a whole number from 30 to 30/],
            ["an AWS-reserved alias", { aliasName: "alias/aws/s3" }, /`aliasName` is "alias\/aws\/s3"/],
            ["a principal that both administers and uses the key", { administratorArns: ["arn:aws:iam::111122223333:role/x"], userArns: ["arn:aws:iam::111122223333:role/x"] }, /is in both `administratorArns` and `userArns`/],
            ["a wildcard principal", { userArns: ["arn:aws:iam::111122223333:role/*"] }, /is not the ARN of one IAM role or user/],
        ])("%s", (_title, args, message) => {
            expect(() => new EncryptionKey("k", args)).toThrow(message);
        });

        it("a stack without any region", () => {
            const before = process.env["AWS_REGION"];
            delete process.env["AWS_REGION"];
            try {
                expect(() => new EncryptionKey("k", { region: "" })).toThrow(/EncryptionKey 'k': no region: set the `region` argument or the stack's aws:region/);
            } finally {
                if (before !== undefined) process.env["AWS_REGION"] = before;
            }
        });

        it("but accepts a region the team added through `limits`, explicitly", async () => {
            const recorded = await mocks.record(() => new EncryptionKey("london", { region: "eu-west-2", limits: { regionProfile: "eu-plus-adequacy" } }));
            expect(recorded.only(KEY).inputs["region"]).toBe("eu-west-2");
        });
    });
});
