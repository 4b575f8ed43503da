import { beforeAll, describe, expect, it } from "vitest";
import { AccessRoles, trustPolicy } from "../../components/access-roles";
import { AccessLogBucket } from "../../components/access-log-bucket";
import { AuditTrail } from "../../components/audit-trail";
import { ContactDataStreams } from "../../components/contact-data-streams";
import { RecordingStore } from "../../components/recording-store";
import { wildcardActions, readPolicyDocument } from "../../policies/lib/policy-document";
import { type ComponentRecorder, documentOf, type Recorded, setUpComponentMocks, statementOf, valueOf } from "../support/component-mocks";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TRAIL_KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/7777aaaa-12ab-34cd-56ef-1234567890ab";
const ROLE = "aws:iam/role:Role";
let mocks: ComponentRecorder;
let recordings: RecordingStore;
let reports: RecordingStore;
let streams: ContactDataStreams;
let trail: AuditTrail;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
    await mocks.record(() => {
        const logs = new AccessLogBucket("logs", { namePrefix: "acme", cloudTrailNames: ["acme-audit"] });
        recordings = new RecordingStore("recordings", { namePrefix: "acme", key: KEY_ARN, accessLogBucket: logs });
        reports = new RecordingStore("reports", { namePrefix: "acme", purpose: "reports", key: KEY_ARN, accessLogBucket: logs });
        streams = new ContactDataStreams("streams", { namePrefix: "acme", key: KEY_ARN });
        trail = new AuditTrail("audit", { namePrefix: "acme", recordingStores: [recordings, reports], logBucket: logs, key: TRAIL_KEY_ARN });
    });
});

const roleNamed = (recorded: Recorded, name: string) => {
    const role = recorded.ofType(ROLE).find((r) => r.inputs["name"] === name);
    if (!role) throw new Error(`no role ${name}`);
    return role;
};
const policyOf = (recorded: Recorded, role: string) => {
    const policy = recorded.ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.inputs["role"] === role);
    if (!policy) throw new Error(`no policy for ${role}`);
    return policy.inputs["policy"];
};

describe("AccessRoles", () => {
    let recorded: Recorded;
    let roles: AccessRoles;

    beforeAll(async () => {
        recorded = await mocks.record(() => {
            roles = new AccessRoles("access", {
                namePrefix: "acme",
                recordingReviewer: { store: recordings, prefix: "connect/acme/CallRecordings/" },
                auditor: { stores: [recordings, reports], auditTrail: trail },
                streamConsumer: { streams, trust: { service: "lambda.amazonaws.com" } },
            });
        });
    });

    describe("recording reviewer", () => {
        it("reads one prefix of one store and decrypts only through S3", () => {
            const policy = policyOf(recorded, "acme-recording-reviewer");
            expect(statementOf(policy, "ReadOnePrefix")).toEqual({ Sid: "ReadOnePrefix", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-recordings/connect/acme/CallRecordings/*" });
            expect(statementOf(policy, "ListOnePrefix")).toMatchObject({
                Action: "s3:ListBucket",
                Resource: "arn:aws:s3:::acme-recordings",
                Condition: { StringLike: { "s3:prefix": "connect/acme/CallRecordings/*" } },
            });
            expect(statementOf(policy, "DecryptThroughS3Only")).toEqual({
                Sid: "DecryptThroughS3Only",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: KEY_ARN,
                Condition: { StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } },
            });
        });

        it("may be assumed only by this account's principals with MFA", () => {
            expect(documentOf(roleNamed(recorded, "acme-recording-reviewer").inputs["assumeRolePolicy"]).Statement).toEqual([
                {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::111122223333:root" },
                    Action: "sts:AssumeRole",
                    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
                },
            ]);
            expect(roleNamed(recorded, "acme-recording-reviewer").inputs["maxSessionDuration"]).toBe(3600);
        });
    });

    describe("auditor", () => {
        it("reads settings of the stores and the trail's log files, but no recording", () => {
            const policy = policyOf(recorded, "acme-auditor");
            const text = JSON.stringify(policy);
            expect(text).not.toContain("arn:aws:s3:::acme-recordings/");
            expect(text).not.toContain("arn:aws:s3:::acme-reports/");
            expect(statementOf(policy, "ReadBucketSettings")["Resource"]).toEqual(["arn:aws:s3:::acme-recordings", "arn:aws:s3:::acme-reports", "arn:aws:s3:::acme-access-logs"]);
            expect(statementOf(policy, "ReadBucketSettings")["Action"]).not.toContain("s3:GetObject");
            expect(statementOf(policy, "ReadAuditLogs")).toMatchObject({ Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-access-logs/AWSLogs/*" });
            expect(statementOf(policy, "DecryptAuditLogsThroughS3Only")).toMatchObject({ Resource: TRAIL_KEY_ARN, Condition: { StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } } });
        });
    });

    describe("stream consumer", () => {
        it("reads the contact-data streams and decrypts only through Kinesis", () => {
            const policy = policyOf(recorded, "acme-stream-consumer");
            expect(statementOf(policy, "ReadContactDataStreams")["Resource"]).toEqual([
                "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-contact-trace-records",
                "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-agent-events",
                "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-contact-trace-records/consumer/*",
                "arn:aws:kinesis:eu-central-1:111122223333:stream/acme-agent-events/consumer/*",
            ]);
            expect(statementOf(policy, "DecryptThroughKinesisOnly")).toMatchObject({ Resource: KEY_ARN, Condition: { StringEquals: { "kms:ViaService": "kinesis.eu-central-1.amazonaws.com" } } });
        });

        it("trusts Lambda without a source condition, which Lambda would not send", () => {
            expect(documentOf(roleNamed(recorded, "acme-stream-consumer").inputs["assumeRolePolicy"]).Statement).toEqual([
                { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
            ]);
        });
    });

    it("grants no wildcard action on a data service and no data read on every resource", () => {
        for (const policy of recorded.ofType("aws:iam/rolePolicy:RolePolicy")) {
            const reading = readPolicyDocument(policy.inputs["policy"]);
            if (reading.kind !== "document") throw new Error(`unreadable policy ${policy.name}`);
            for (const statement of reading.statements) {
                expect(wildcardActions(statement), policy.name).toEqual([]);
                const reads = (statement.actions ?? []).some((action) => action === "s3:GetObject" || action === "kms:Decrypt");
                if (reads) expect(statement.resources, policy.name).not.toContain("*");
            }
        }
    });

    it("exposes role ARNs built from the literal role names", async () => {
        expect(await valueOf(roles.recordingReviewerRoleArn)).toBe("arn:aws:iam::111122223333:role/acme-recording-reviewer");
        expect(await valueOf(roles.auditorRoleArn)).toBe("arn:aws:iam::111122223333:role/acme-auditor");
        expect(await valueOf(roles.streamConsumerRoleArn)).toBe("arn:aws:iam::111122223333:role/acme-stream-consumer");
    });

    it("parents roles and policies to the component", () => {
        const component = recorded.only("contact-centre:iam:AccessRoles");
        expect(recorded.childrenOf(component).map((r) => r.name).sort()).toEqual([
            "access-auditor",
            "access-auditor-policy",
            "access-recording-reviewer",
            "access-recording-reviewer-policy",
            "access-stream-consumer",
            "access-stream-consumer-policy",
        ]);
    });

    it("scopes other service principals to this account", () => {
        expect(JSON.parse(trustPolicy("eu-central-1", "111122223333", { service: "firehose.amazonaws.com", sourceArn: "arn:aws:firehose:eu-central-1:111122223333:deliverystream/x" })).Statement[0]).toMatchObject({
            Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:firehose:eu-central-1:111122223333:deliverystream/x" } },
        });
    });

    describe("refuses at construction", () => {
        it.each([
            ["a reviewer prefix with a wildcard", () => ({ recordingReviewer: { store: recordings, prefix: "connect/*" } }), /AccessRoles 'r': `recordingReviewer.prefix` is "connect\/\*"/],
            ["an empty reviewer prefix", () => ({ recordingReviewer: { store: recordings, prefix: "" } }), /`recordingReviewer.prefix` is ""/],
            ["anyone as a trusted principal", () => ({ auditor: { trust: { principalArns: ["*"] } } }), /`auditor.trust.principalArns` has "\*"/],
            ["a wildcard role as a trusted principal", () => ({ recordingReviewer: { store: recordings, prefix: "a/", trust: { principalArns: ["arn:aws:iam::111122223333:role/*"] } } }), /has "arn:aws:iam::111122223333:role\/\*"/],
            ["something that is not a service principal", () => ({ streamConsumer: { streams, trust: { service: "*" } } }), /`streamConsumer.trust.service` is "\*"/],
            ["a source ARN for a service that sends none", () => ({ streamConsumer: { streams, trust: { service: "lambda.amazonaws.com", sourceArn: "arn:aws:lambda:eu-central-1:111122223333:function:f" } } }), /cannot be used with lambda.amazonaws.com/],
            ["sessions longer than IAM allows", () => ({ maxSessionHours: 24 }), /`maxSessionHours` is 24/],
            ["a region outside the allow-list", () => ({ region: "us-east-1" }), /region "us-east-1" \(from the `region` argument\) is outside the allowed regions/],
            ["a reviewer for a store of another region", () => ({ region: "eu-west-1", recordingReviewer: { store: recordings, prefix: "a/" } }), /`recordingReviewer.store` is in eu-central-1, but the roles are for eu-west-1/],
        ])("%s", (_title, args, message) => {
            expect(() => new AccessRoles("r", { namePrefix: "acme-refused", ...args() })).toThrow(message);
        });
    });
});
