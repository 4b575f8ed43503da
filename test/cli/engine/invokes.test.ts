/**
 * Offline answers to the invokes programs make: exact where the provider computes the answer itself,
 * documented stand-ins where it would ask the account, and an explicit "unanswered" otherwise.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
    ANSWERED_INVOKE_TOKENS,
    answerInvoke,
    type InvokeAnswer,
    InvokeArgumentError,
    type InvokeContext,
    partitionOfRegion,
} from "../../../cli/engine/invokes";
import { iamPolicyDocument } from "../../../cli/engine/invokes/iam-policy-document";

// The document builder has its own tests; here only its routing and its errors' propagation matter.
vi.mock("../../../cli/engine/invokes/iam-policy-document", async (importOriginal) => {
    const original = await importOriginal<typeof import("../../../cli/engine/invokes/iam-policy-document")>();
    return { ...original, iamPolicyDocument: vi.fn(original.iamPolicyDocument) };
});

const frankfurt: InvokeContext = { region: "eu-central-1", account: "111122223333", partition: "aws" };
const sovereign: InvokeContext = { region: "eusc-de-east-1", account: "111122223333", partition: "aws-eusc" };
const beijing: InvokeContext = { region: "cn-north-1", account: "111122223333", partition: "aws-cn" };

type Row = [should: string, token: string, args: Record<string, unknown>, context: InvokeContext, expected: Record<string, unknown>];

function answered(token: string, args: Record<string, unknown>, context: InvokeContext): Extract<InvokeAnswer, { result: unknown }> {
    const answer = answerInvoke(token, args, context);
    if (answer.kind === "unanswered") throw new Error(`${token} was unanswered: ${answer.reason}`);
    return answer;
}

describe("computed invokes answer exactly as the provider computes them", () => {
    const rows: Row[] = [
        [
            "splits an ARN into its parts",
            "aws:index/getArn:getArn",
            { arn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            frankfurt,
            {
                account: "111122223333",
                arn: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                id: "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                partition: "aws",
                region: "eu-central-1",
                resource: "key/1234abcd-12ab-34cd-56ef-1234567890ab",
                service: "kms",
            },
        ],
        [
            "keeps the colons of a resource part (log group ARNs)",
            "aws:index/getArn:getArn",
            { arn: "arn:aws-eusc:logs:eusc-de-east-1:111122223333:log-group:/aws/connect/centre:*" },
            frankfurt,
            {
                account: "111122223333",
                arn: "arn:aws-eusc:logs:eusc-de-east-1:111122223333:log-group:/aws/connect/centre:*",
                id: "arn:aws-eusc:logs:eusc-de-east-1:111122223333:log-group:/aws/connect/centre:*",
                partition: "aws-eusc",
                region: "eusc-de-east-1",
                resource: "log-group:/aws/connect/centre:*",
                service: "logs",
            },
        ],
        [
            "accepts empty region and account, as S3 bucket ARNs have",
            "aws:index/getArn:getArn",
            { arn: "arn:aws:s3:::recordings" },
            frankfurt,
            { account: "", arn: "arn:aws:s3:::recordings", id: "arn:aws:s3:::recordings", partition: "aws", region: "", resource: "recordings", service: "s3" },
        ],
        [
            "gives the commercial partition's DNS names",
            "aws:index/getPartition:getPartition",
            {},
            frankfurt,
            { dnsSuffix: "amazonaws.com", id: "aws", partition: "aws", reverseDnsPrefix: "com.amazonaws" },
        ],
        [
            "gives the European Sovereign Cloud its own partition and DNS suffix",
            "aws:index/getPartition:getPartition",
            {},
            sovereign,
            { dnsSuffix: "amazonaws.eu", id: "aws-eusc", partition: "aws-eusc", reverseDnsPrefix: "eu.amazonaws" },
        ],
        [
            "gives China its own DNS suffix",
            "aws:index/getPartition:getPartition",
            {},
            beijing,
            { dnsSuffix: "amazonaws.com.cn", id: "aws-cn", partition: "aws-cn", reverseDnsPrefix: "cn.com.amazonaws" },
        ],
        [
            "describes the provider's region when no region is named",
            "aws:index/getRegion:getRegion",
            {},
            frankfurt,
            { description: "Europe (Frankfurt)", endpoint: "ec2.eu-central-1.amazonaws.com", id: "eu-central-1", name: "eu-central-1", region: "eu-central-1" },
        ],
        [
            "describes the region named by the v7 `region` argument",
            "aws:index/getRegion:getRegion",
            { region: "eu-west-3" },
            frankfurt,
            { description: "Europe (Paris)", endpoint: "ec2.eu-west-3.amazonaws.com", id: "eu-west-3", name: "eu-west-3", region: "eu-west-3" },
        ],
        [
            "still honours the deprecated `name` argument",
            "aws:index/getRegion:getRegion",
            { name: "eu-north-1" },
            frankfurt,
            { description: "Europe (Stockholm)", endpoint: "ec2.eu-north-1.amazonaws.com", id: "eu-north-1", name: "eu-north-1", region: "eu-north-1" },
        ],
        [
            "finds a region by its EC2 endpoint",
            "aws:index/getRegion:getRegion",
            { endpoint: "ec2.eu-south-2.amazonaws.com" },
            frankfurt,
            { description: "Europe (Spain)", endpoint: "ec2.eu-south-2.amazonaws.com", id: "eu-south-2", name: "eu-south-2", region: "eu-south-2" },
        ],
        [
            "gives the sovereign region its amazonaws.eu endpoint",
            "aws:index/getRegion:getRegion",
            {},
            sovereign,
            {
                description: "AWS European Sovereign Cloud (Germany)",
                endpoint: "ec2.eusc-de-east-1.amazonaws.eu",
                id: "eusc-de-east-1",
                name: "eusc-de-east-1",
                region: "eusc-de-east-1",
            },
        ],
        [
            "names a service's principal in the provider's region",
            "aws:index/getServicePrincipal:getServicePrincipal",
            { serviceName: "connect" },
            frankfurt,
            { id: "connect.eu-central-1.amazonaws.com", name: "connect.amazonaws.com", region: "eu-central-1", serviceName: "connect", suffix: "amazonaws.com" },
        ],
        [
            "keeps amazonaws.com for principals in the European Sovereign Cloud",
            "aws:index/getServicePrincipal:getServicePrincipal",
            { serviceName: "logs" },
            sovereign,
            { id: "logs.eusc-de-east-1.amazonaws.com", name: "logs.amazonaws.com", region: "eusc-de-east-1", serviceName: "logs", suffix: "amazonaws.com" },
        ],
        [
            "uses China's suffix for the services AWS names that way there",
            "aws:index/getServicePrincipal:getServicePrincipal",
            { serviceName: "logs", region: "cn-northwest-1" },
            frankfurt,
            { id: "logs.cn-northwest-1.amazonaws.com.cn", name: "logs.amazonaws.com.cn", region: "cn-northwest-1", serviceName: "logs", suffix: "amazonaws.com.cn" },
        ],
        [
            "uses amazonaws.com for other services in China",
            "aws:index/getServicePrincipal:getServicePrincipal",
            { serviceName: "s3" },
            beijing,
            { id: "s3.cn-north-1.amazonaws.com", name: "s3.amazonaws.com", region: "cn-north-1", serviceName: "s3", suffix: "amazonaws.com" },
        ],
        [
            "names the billing reports account in the provider's partition",
            "aws:index/getBillingServiceAccount:getBillingServiceAccount",
            {},
            frankfurt,
            { arn: "arn:aws:iam::386209384616:root", id: "386209384616" },
        ],
        [
            "names Frankfurt's load balancer log-delivery account",
            "aws:elb/getServiceAccount:getServiceAccount",
            {},
            frankfurt,
            { arn: "arn:aws:iam::054676820928:root", id: "054676820928", region: "eu-central-1" },
        ],
        [
            "names the log-delivery account of the region asked for",
            "aws:elb/getServiceAccount:getServiceAccount",
            { region: "eu-west-1" },
            frankfurt,
            { arn: "arn:aws:iam::156460612806:root", id: "156460612806", region: "eu-west-1" },
        ],
        [
            "returns a user ARN as its own issuer",
            "aws:iam/getSessionContext:getSessionContext",
            { arn: "arn:aws:iam::111122223333:user/auditor" },
            frankfurt,
            {
                arn: "arn:aws:iam::111122223333:user/auditor",
                id: "arn:aws:iam::111122223333:user/auditor",
                issuerArn: "arn:aws:iam::111122223333:user/auditor",
                issuerId: "",
                issuerName: "",
                sessionName: "",
            },
        ],
    ];

    it.each(rows)("%s", (_should, token, args, context, expected) => {
        const answer = answerInvoke(token, args, context);
        expect(answer).toEqual({ kind: "computed", result: expected });
    });

    it("routes getPolicyDocument to the document builder and returns its document", () => {
        vi.mocked(iamPolicyDocument).mockReturnValueOnce({ id: "doc", json: '{"Version":"2012-10-17","Statement":[]}' });
        const args = { statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] };
        const answer = answerInvoke("aws:iam/getPolicyDocument:getPolicyDocument", args, frankfurt);
        expect(answer).toEqual({ kind: "computed", result: { id: "doc", json: '{"Version":"2012-10-17","Statement":[]}' } });
        expect(iamPolicyDocument).toHaveBeenLastCalledWith(args);
    });

    it("lets the document builder's argument error reach the program", () => {
        vi.mocked(iamPolicyDocument).mockImplementationOnce(() => {
            throw new InvokeArgumentError("statement 0: effect must be Allow or Deny");
        });
        expect(() => answerInvoke("aws:iam/getPolicyDocument:getPolicyDocument", { statements: [{ effect: "Maybe" }] }, frankfurt)).toThrow(
            InvokeArgumentError,
        );
    });
});

describe("computed invokes reject what the provider rejects", () => {
    const rows: [should: string, token: string, args: Record<string, unknown>, context: InvokeContext, message: string | RegExp][] = [
        [
            "rejects an ARN without the arn: prefix",
            "aws:index/getArn:getArn",
            { arn: "aws:s3:::recordings" },
            frankfurt,
            "Invalid ARN Value: The provided value cannot be parsed as an ARN.\n\nPath: arn\nValue: aws:s3:::recordings",
        ],
        [
            "rejects an ARN with fewer than six sections",
            "aws:index/getArn:getArn",
            { arn: "arn:aws:s3:recordings" },
            frankfurt,
            "Invalid ARN Value: The provided value cannot be parsed as an ARN.\n\nPath: arn\nValue: arn:aws:s3:recordings",
        ],
        ["rejects an empty ARN", "aws:index/getArn:getArn", { arn: "" }, frankfurt, /^Invalid ARN Value/],
        ["requires the arn argument", "aws:index/getArn:getArn", {}, frankfurt, /arn/],
        ["rejects an ARN that is no string", "aws:index/getArn:getArn", { arn: 42 }, frankfurt, /"arn" must be a string/],
        ["rejects a region it does not know", "aws:index/getRegion:getRegion", { region: "eu-moon-1" }, frankfurt, "finding Region by name (eu-moon-1): couldn't find resource"],
        [
            "rejects an unknown EC2 endpoint",
            "aws:index/getRegion:getRegion",
            { endpoint: "ec2.eu-moon-1.amazonaws.com" },
            frankfurt,
            "finding Region by endpoint (ec2.eu-moon-1.amazonaws.com): couldn't find resource",
        ],
        ["rejects `name` together with `region`", "aws:index/getRegion:getRegion", { name: "eu-west-1", region: "eu-west-1" }, frankfurt, /Invalid Attribute Combination/],
        [
            "rejects an endpoint and a region that disagree",
            "aws:index/getRegion:getRegion",
            { endpoint: "ec2.eu-west-1.amazonaws.com", region: "eu-west-3" },
            frankfurt,
            /multiple Regions matched/,
        ],
        ["requires a service name for a principal", "aws:index/getServicePrincipal:getServicePrincipal", {}, frankfurt, /serviceName/],
        [
            "rejects a principal in an unknown region",
            "aws:index/getServicePrincipal:getServicePrincipal",
            { serviceName: "s3", region: "xx-nowhere-9" },
            frankfurt,
            "finding Region by name (xx-nowhere-9): couldn't find resource",
        ],
        ["has no log-delivery account for regions opened after August 2022", "aws:elb/getServiceAccount:getServiceAccount", { region: "eu-south-2" }, frankfurt, "unsupported AWS Region: eu-south-2"],
        ["rejects a session context for a string that is no ARN", "aws:iam/getSessionContext:getSessionContext", { arn: "auditor" }, frankfurt, '"arn" (auditor) is an invalid ARN: arn: invalid prefix'],
    ];

    it.each(rows)("%s", (_should, token, args, context, message) => {
        let thrown: unknown;
        try {
            answerInvoke(token, args, context);
        } catch (error) {
            thrown = error;
        }
        expect(thrown).toBeInstanceOf(InvokeArgumentError);
        if (typeof message === "string") expect((thrown as Error).message).toBe(message);
        else expect((thrown as Error).message).toMatch(message);
    });
});

describe("invokes that need an account get documented, deterministic stand-ins", () => {
    const rows: Row[] = [
        [
            "stands in ccguard's account for the caller",
            "aws:index/getCallerIdentity:getCallerIdentity",
            {},
            frankfurt,
            { accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/ccguard", id: "111122223333", userId: "AIDACCGUARDOFFLINE" },
        ],
        [
            "builds the caller's ARN in the sovereign partition",
            "aws:index/getCallerIdentity:getCallerIdentity",
            {},
            sovereign,
            { arn: "arn:aws-eusc:iam::111122223333:user/ccguard" },
        ],
        [
            "lists the regions an account that opted in to nothing may use",
            "aws:index/getRegions:getRegions",
            {},
            frankfurt,
            {
                id: "aws",
                names: [
                    "ap-northeast-1",
                    "ap-northeast-2",
                    "ap-northeast-3",
                    "ap-south-1",
                    "ap-southeast-1",
                    "ap-southeast-2",
                    "ca-central-1",
                    "eu-central-1",
                    "eu-north-1",
                    "eu-west-1",
                    "eu-west-2",
                    "eu-west-3",
                    "sa-east-1",
                    "us-east-1",
                    "us-east-2",
                    "us-west-1",
                    "us-west-2",
                ],
            },
        ],
        [
            "lists opt-in regions too with allRegions, filtered by name",
            "aws:index/getRegions:getRegions",
            { allRegions: true, filters: [{ name: "region-name", values: ["eu-*"] }] },
            frankfurt,
            {
                allRegions: true,
                id: "aws",
                names: ["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
            },
        ],
        [
            "reports opt-in regions as not opted in",
            "aws:index/getRegions:getRegions",
            { allRegions: true, filters: [{ name: "opt-in-status", values: ["not-opted-in"] }, { name: "region-name", values: ["eu-*"] }] },
            frankfurt,
            { names: ["eu-central-2", "eu-south-1", "eu-south-2"] },
        ],
        ["lists the sovereign partition's one region", "aws:index/getRegions:getRegions", {}, sovereign, { id: "aws-eusc", names: ["eusc-de-east-1"] }],
        [
            "gives a region three Availability Zones",
            "aws:index/getAvailabilityZones:getAvailabilityZones",
            {},
            frankfurt,
            {
                groupNames: ["eu-central-1-zg-1"],
                id: "eu-central-1",
                names: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
                region: "eu-central-1",
                zoneIds: ["euc1-az1", "euc1-az2", "euc1-az3"],
            },
        ],
        [
            "leaves out excluded zones and honours the region argument",
            "aws:index/getAvailabilityZones:getAvailabilityZones",
            { region: "eu-west-1", excludeNames: ["eu-west-1b"], excludeZoneIds: ["euw1-az3"] },
            frankfurt,
            { names: ["eu-west-1a"], zoneIds: ["euw1-az1"], region: "eu-west-1" },
        ],
        [
            "filters zones by zone id",
            "aws:index/getAvailabilityZones:getAvailabilityZones",
            { filters: [{ name: "zone-id", values: ["euc1-az2"] }] },
            frankfurt,
            { names: ["eu-central-1b"] },
        ],
        [
            "finds a machine image in the provider's region",
            "aws:ec2/getAmi:getAmi",
            { mostRecent: true, owners: ["amazon"], filters: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }] },
            frankfurt,
            {
                architecture: "x86_64",
                imageOwnerAlias: "amazon",
                mostRecent: true,
                name: "al2023-ami-2023.offline-x86_64",
                ownerId: "111122223333",
                owners: ["amazon"],
                public: true,
                region: "eu-central-1",
                state: "available",
            },
        ],
        ["lists one image id for a search", "aws:ec2/getAmiIds:getAmiIds", { owners: ["self"] }, frankfurt, { owners: ["self"], region: "eu-central-1" }],
        [
            "places the caller in a one-account organisation with no policies enabled",
            "aws:organizations/getOrganization:getOrganization",
            {},
            frankfurt,
            { enabledPolicyTypes: [], featureSet: "ALL", masterAccountId: "111122223333", nonMasterAccounts: [] },
        ],
        [
            "builds an existing role's ARN from its name",
            "aws:iam/getRole:getRole",
            { name: "connect-recordings-reader" },
            frankfurt,
            { arn: "arn:aws:iam::111122223333:role/connect-recordings-reader", id: "connect-recordings-reader", name: "connect-recordings-reader", path: "/" },
        ],
        [
            "reads a managed policy's name and path from its ARN",
            "aws:iam/getPolicy:getPolicy",
            { arn: "arn:aws:iam::aws:policy/service-role/AmazonConnectServiceLinkedRolePolicy" },
            frankfurt,
            {
                arn: "arn:aws:iam::aws:policy/service-role/AmazonConnectServiceLinkedRolePolicy",
                name: "AmazonConnectServiceLinkedRolePolicy",
                path: "/service-role/",
                policy: '{"Version":"2012-10-17","Statement":[]}',
            },
        ],
        [
            "builds a customer policy's ARN from its name and path",
            "aws:iam/getPolicy:getPolicy",
            { name: "recordings-read", pathPrefix: "/contact-centre/" },
            frankfurt,
            { arn: "arn:aws:iam::111122223333:policy/contact-centre/recordings-read", name: "recordings-read", path: "/contact-centre/", pathPrefix: "/contact-centre/" },
        ],
        [
            "treats a key behind an alias/aws/ alias as AWS managed",
            "aws:kms/getKey:getKey",
            { keyId: "alias/aws/s3" },
            frankfurt,
            { keyManager: "AWS", enabled: true, keyState: "Enabled", region: "eu-central-1", awsAccountId: "111122223333" },
        ],
        [
            "takes a key named by ARN from the ARN's region and account",
            "aws:kms/getKey:getKey",
            { keyId: "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            frankfurt,
            {
                arn: "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                awsAccountId: "444455556666",
                id: "1234abcd-12ab-34cd-56ef-1234567890ab",
                keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
                keyManager: "CUSTOMER",
                multiRegion: false,
                region: "eu-west-1",
            },
        ],
        [
            "marks mrk- keys multi-Region",
            "aws:kms/getKey:getKey",
            { keyId: "mrk-1234abcd12ab34cd56ef1234567890ab" },
            frankfurt,
            { multiRegion: true, multiRegionConfigurations: [{ multiRegionKeyType: "PRIMARY", replicaKeys: [] }] },
        ],
        [
            "builds an alias ARN in the look-up's region",
            "aws:kms/getAlias:getAlias",
            { name: "alias/recordings" },
            frankfurt,
            { arn: "arn:aws:kms:eu-central-1:111122223333:alias/recordings", id: "arn:aws:kms:eu-central-1:111122223333:alias/recordings", name: "alias/recordings", region: "eu-central-1" },
        ],
        [
            "places an existing bucket in the look-up's region",
            "aws:s3/getBucket:getBucket",
            { bucket: "contact-recordings" },
            frankfurt,
            {
                arn: "arn:aws:s3:::contact-recordings",
                bucket: "contact-recordings",
                bucketDomainName: "contact-recordings.s3.amazonaws.com",
                bucketRegion: "eu-central-1",
                bucketRegionalDomainName: "contact-recordings.s3.eu-central-1.amazonaws.com",
                hostedZoneId: "Z21DNDUVLTQW6Q",
                id: "contact-recordings",
                region: "eu-central-1",
            },
        ],
        [
            "builds sovereign bucket names under amazonaws.eu",
            "aws:s3/getBucket:getBucket",
            { bucket: "contact-recordings" },
            sovereign,
            { arn: "arn:aws-eusc:s3:::contact-recordings", bucketRegionalDomainName: "contact-recordings.s3.eusc-de-east-1.amazonaws.eu" },
        ],
        [
            "finds the default VPC",
            "aws:ec2/getVpc:getVpc",
            { default: true },
            frankfurt,
            { cidrBlock: "172.31.0.0/16", default: true, enableDnsHostnames: true, enableDnsSupport: true, ownerId: "111122223333", region: "eu-central-1", state: "available" },
        ],
        [
            "gives a VPC looked up by id and tags what it asked for",
            "aws:ec2/getVpc:getVpc",
            { id: "vpc-0123456789abcdef0", tags: { Name: "contact-centre" } },
            frankfurt,
            { default: false, id: "vpc-0123456789abcdef0", tags: { Name: "contact-centre" }, arn: "arn:aws:ec2:eu-central-1:111122223333:vpc/vpc-0123456789abcdef0" },
        ],
        ["lists a subnet per zone", "aws:ec2/getSubnets:getSubnets", { filters: [{ name: "vpc-id", values: ["vpc-0123456789abcdef0"] }] }, frankfurt, { id: "eu-central-1", region: "eu-central-1" }],
        [
            "gives a public image parameter an image id",
            "aws:ssm/getParameter:getParameter",
            { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" },
            frankfurt,
            { arn: "arn:aws:ssm:eu-central-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", type: "String", version: 1 },
        ],
        [
            "gives any other parameter a placeholder naming it",
            "aws:ssm/getParameter:getParameter",
            { name: "contact-centre/queue-arn", withDecryption: true },
            frankfurt,
            {
                arn: "arn:aws:ssm:eu-central-1:111122223333:parameter/contact-centre/queue-arn",
                insecureValue: "ccguard-offline-value:contact-centre/queue-arn",
                value: "ccguard-offline-value:contact-centre/queue-arn",
                withDecryption: true,
            },
        ],
        [
            "finds a Connect instance by alias, with Connect's defaults",
            "aws:connect/getInstance:getInstance",
            { instanceAlias: "contact-centre" },
            frankfurt,
            { instanceAlias: "contact-centre", contactFlowLogsEnabled: false, contactLensEnabled: true, identityManagementType: "CONNECT_MANAGED", status: "ACTIVE", region: "eu-central-1" },
        ],
        [
            "reads the role behind an assumed-role session",
            "aws:iam/getSessionContext:getSessionContext",
            { arn: "arn:aws:sts::111122223333:assumed-role/Auditor/jane" },
            frankfurt,
            { issuerArn: "arn:aws:iam::111122223333:role/Auditor", issuerName: "Auditor", sessionName: "jane" },
        ],
    ];

    it.each(rows)("%s", (_should, token, args, context, expected) => {
        const answer = answered(token, args, context);
        expect(answer.kind).toBe("plausible");
        expect(answer.result).toMatchObject(expected);
        expect(answer.kind === "plausible" && answer.note.length > 20).toBe(true);
    });

    it.each(rows)("gives the same answer twice: %s", (_should, token, args, context) => {
        expect(answerInvoke(token, args, context)).toEqual(answerInvoke(token, args, context));
    });

    it("gives a key looked up by alias the key id the alias points to", () => {
        const alias = answered("aws:kms/getAlias:getAlias", { name: "alias/recordings" }, frankfurt).result;
        const key = answered("aws:kms/getKey:getKey", { keyId: "alias/recordings" }, frankfurt).result;
        expect(key.keyId).toBe(alias.targetKeyId);
        expect(key.arn).toBe(alias.targetKeyArn);
        expect(key.keyManager).toBe("CUSTOMER");
    });

    it("gives getAmi and getAmiIds the same image for the same search", () => {
        const search = { owners: ["amazon"], filters: [{ name: "name", values: ["al2023-ami-*"] }] };
        const image = answered("aws:ec2/getAmi:getAmi", search, frankfurt).result;
        const ids = answered("aws:ec2/getAmiIds:getAmiIds", search, frankfurt).result;
        expect(ids.ids).toEqual([image.id]);
        expect(image.id).toMatch(/^ami-[0-9a-f]{17}$/);
        expect(answered("aws:ec2/getAmi:getAmi", search, sovereign).result.id).not.toBe(image.id);
    });

    it.each([
        ["an unmodelled DescribeRegions filter", "aws:index/getRegions:getRegions", { filters: [{ name: "geography", values: ["EU"] }] }, /geography/],
        ["an unmodelled DescribeAvailabilityZones filter", "aws:index/getAvailabilityZones:getAvailabilityZones", { filters: [{ name: "network-border-group", values: ["x"] }] }, /network-border-group/],
        ["a policy look-up with neither arn nor name", "aws:iam/getPolicy:getPolicy", {}, /arn or a name/],
    ])("leaves %s unanswered", (_what, token, args, reason) => {
        const answer = answerInvoke(token, args, frankfurt);
        expect(answer.kind).toBe("unanswered");
        expect(answer.kind === "unanswered" && answer.reason).toMatch(reason);
    });

    it.each([
        ["an alias name without alias/", "aws:kms/getAlias:getAlias", { name: "recordings" }],
        ["a Connect look-up naming neither id nor alias", "aws:connect/getInstance:getInstance", {}],
        ["a Connect look-up naming both id and alias", "aws:connect/getInstance:getInstance", { instanceId: "x", instanceAlias: "y" }],
        ["a role look-up without a name", "aws:iam/getRole:getRole", {}],
        ["a policy ARN that is no ARN", "aws:iam/getPolicy:getPolicy", { arn: "policy/recordings-read" }],
    ])("rejects %s as the provider does", (_what, token, args) => {
        expect(() => answerInvoke(token, args, frankfurt)).toThrow(InvokeArgumentError);
    });
});

describe("every answer carries the fields the SDK declares", () => {
    // Sample arguments each answered token needs; getPolicyDocument is the document builder's to test.
    const samples: Record<string, Record<string, unknown>> = {
        "aws:index/getArn:getArn": { arn: "arn:aws:s3:::recordings" },
        "aws:index/getServicePrincipal:getServicePrincipal": { serviceName: "s3" },
        "aws:iam/getSessionContext:getSessionContext": { arn: "arn:aws:sts::111122223333:assumed-role/Auditor/jane" },
        "aws:iam/getRole:getRole": { name: "auditor" },
        "aws:iam/getPolicy:getPolicy": { name: "recordings-read" },
        "aws:kms/getKey:getKey": { keyId: "alias/recordings" },
        "aws:kms/getAlias:getAlias": { name: "alias/recordings" },
        "aws:s3/getBucket:getBucket": { bucket: "recordings" },
        "aws:ssm/getParameter:getParameter": { name: "/contact-centre/queue" },
        "aws:connect/getInstance:getInstance": { instanceId: "00000000-0000-4000-a000-000000000000" },
        "aws:ec2/getAmiIds:getAmiIds": { owners: ["amazon"] },
        "aws-native:index:getAzs": { region: "eu-central-1" },
    };

    /** The non-optional fields of the token's `Get…Result` interface in the installed @pulumi/aws or @pulumi/aws-native. */
    function declaredResultFields(token: string): string[] {
        const [, pkg, module, name] = /^(aws|aws-native):([^/:]+)[/:]([^:]+)/.exec(token) ?? [];
        const file = path.join("node_modules", "@pulumi", pkg, ...(module === "index" ? [] : [module]), `${name}.d.ts`);
        const source = readFileSync(file, "utf8");
        const body = new RegExp(`export interface ${name[0].toUpperCase()}${name.slice(1)}Result \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? "";
        return [...body.matchAll(/^ {4}readonly (\w+):/gm)].map((match) => match[1]);
    }

    it.each(ANSWERED_INVOKE_TOKENS.filter((token) => token !== "aws:iam/getPolicyDocument:getPolicyDocument"))("%s", (token) => {
        const fields = declaredResultFields(token);
        expect(fields.length).toBeGreaterThan(0);
        const result = answered(token, samples[token] ?? {}, frankfurt).result;
        expect(Object.keys(result).sort()).toEqual(expect.arrayContaining(fields));
    });
});

describe("invokes without an offline answer are reported, never answered empty", () => {
    it.each([
        "aws:route53/getZone:getZone",
        "aws:secretsmanager/getSecretVersion:getSecretVersion",
        "aws-native:index:getSsmParameterString",
        "kubernetes:yaml:decode",
    ])("leaves %s unanswered, naming the token", (token) => {
        const answer = answerInvoke(token, {}, frankfurt);
        expect(answer.kind).toBe("unanswered");
        expect(answer.kind === "unanswered" && answer.reason).toContain(token);
    });

    it.each(["pulumi:pulumi:getResource", "pulumi:pulumi:getStackResource"])("leaves the engine's own %s unanswered", (token) => {
        const answer = answerInvoke(token, { urn: "urn:pulumi:dev::centre::aws:s3/bucketV2:BucketV2::recordings" }, frankfurt);
        expect(answer.kind).toBe("unanswered");
        expect(answer.kind === "unanswered" && answer.reason).toContain(token);
    });
});

describe("partitionOfRegion", () => {
    it.each([
        ["eu-central-1", "aws"],
        ["eu-west-2", "aws"],
        ["eusc-de-east-1", "aws-eusc"],
        ["cn-northwest-1", "aws-cn"],
        ["us-gov-west-1", "aws-us-gov"],
        ["eu-west-9", "aws"],
        ["eusc-de-west-2", "aws-eusc"],
    ])("puts %s in %s", (region, partition) => {
        expect(partitionOfRegion(region)).toBe(partition);
    });
});
