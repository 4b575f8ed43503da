import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PLAUSIBLE_ACCOUNT, plausibleOutputs } from "../../../cli/engine/plausible-outputs";
import { SECRET_SIG, SIG_KEY } from "../../../policies/lib/wire-signatures";

/** The output properties a resource class declares in the installed @pulumi/aws-native `*.d.ts`. */
function declaredOutputs(module: string, file: string): Set<string> {
    const packageJson = require.resolve("@pulumi/aws-native/package.json");
    const source = readFileSync(path.join(path.dirname(packageJson), module, `${file}.d.ts`), "utf8");
    const resourceClass = source.slice(source.indexOf("export declare class"), source.indexOf("export interface"));
    return new Set([...resourceClass.matchAll(/readonly (\w+): pulumi\.Output</g)].map((match) => match[1]));
}

describe("plausible outputs of aws-native KMS resources", () => {
    it.each([
        ["aws-native:kms:Key", "key", {}],
        ["aws-native:kms:ReplicaKey", "replicaKey", { primaryKeyArn: "arn:aws:kms:eu-central-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef", keyPolicy: {} }],
        ["aws-native:kms:Alias", "alias", { targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }],
    ])("%s names its outputs as aws-native declares them", (type, file, inputs) => {
        const declared = declaredOutputs("kms", file);
        const { state } = plausibleOutputs(type, "recordings", inputs, "eu-central-1");
        for (const output of Object.keys(state)) expect(declared, `${type} output '${output}'`).toContain(output);
    });

    it("gives a key its id and an ARN in its provider's region", () => {
        const { id, state } = plausibleOutputs("aws-native:kms:Key", "recordings", { enableKeyRotation: true }, "eu-west-1");
        expect(state["keyId"]).toBe(id);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(state["arn"]).toBe(`arn:aws:kms:eu-west-1:${PLAUSIBLE_ACCOUNT}:key/${id}`);
        expect(state["enableKeyRotation"]).toBe(true);
    });

    it.each(["aws-native:kms:Key", "aws:kms/key:Key"])("gives a multi-Region %s an mrk- id, as KMS does", (type) => {
        expect(plausibleOutputs(type, "recordings", { multiRegion: true }, "eu-central-1").id).toMatch(/^mrk-[0-9a-f]{32}$/);
        expect(plausibleOutputs(type, "recordings", { multiRegion: false }, "eu-central-1").id).not.toMatch(/^mrk-/);
    });

    it.each([
        ["aws-native:kms:Key", "aws-native:kms:ReplicaKey"],
        ["aws:kms/key:Key", "aws-native:kms:ReplicaKey"],
        ["aws-native:kms:Key", "aws:kms/replicaKey:ReplicaKey"],
    ])("gives a replica (%s primary, %s) its primary's key id, with its own region in the ARN", (primaryType, replicaType) => {
        const primary = plausibleOutputs(primaryType, "recordings", { multiRegion: true }, "eu-central-1");
        const replica = plausibleOutputs(replicaType, "recordings-replica", { primaryKeyArn: primary.state["arn"] }, "eu-west-1");
        expect(replica.id).toBe(primary.id);
        expect(replica.state["keyId"]).toBe(primary.id);
        expect(replica.state["arn"]).toBe(`arn:aws:kms:eu-west-1:${PLAUSIBLE_ACCOUNT}:key/${primary.id}`);
    });

    it("gives a replica whose primary ARN is not a multi-Region key ARN an mrk- id of its own", () => {
        expect(plausibleOutputs("aws-native:kms:ReplicaKey", "replica", { primaryKeyArn: "not-an-arn" }, "eu-west-1").id).toMatch(/^mrk-[0-9a-f]{32}$/);
        expect(plausibleOutputs("aws-native:kms:ReplicaKey", "replica", { primaryKeyArn: 12 }, "eu-west-1").id).toMatch(/^mrk-[0-9a-f]{32}$/);
    });

    it("identifies an alias by its name (no ARN output in aws-native), generating one under alias/ when none is given", () => {
        const named = plausibleOutputs("aws-native:kms:Alias", "recordings", { aliasName: "alias/recordings", targetKeyId: "k" }, "eu-central-1");
        expect(named).toEqual({ id: "alias/recordings", state: { aliasName: "alias/recordings", targetKeyId: "k" } });
        const generated = plausibleOutputs("aws-native:kms:Alias", "recordings", { targetKeyId: "k" }, "eu-central-1");
        expect(generated.id).toMatch(/^alias\/recordings-[0-9a-f]{7}$/);
        expect(generated.state["aliasName"]).toBe(generated.id);
    });

    it("keeps the alias/ prefix of a generated classic alias name, and its namePrefix", () => {
        expect(plausibleOutputs("aws:kms/alias:Alias", "recordings.key", { targetKeyId: "k" }, "eu-central-1").id).toMatch(/^alias\/recordings-key-[0-9a-f]{7}$/);
        const prefixed = plausibleOutputs("aws:kms/alias:Alias", "recordings", { namePrefix: "alias/Contact_" }, "eu-central-1");
        expect(prefixed.id).toMatch(/^alias\/Contact_[0-9a-f]{7}$/);
        expect(prefixed.state["arn"]).toBe(`arn:aws:kms:eu-central-1:${PLAUSIBLE_ACCOUNT}:${prefixed.id}`);
    });
});

describe("plausible outputs of aws-native Connect resources", () => {
    const instanceArn = `arn:aws:connect:eu-central-1:${PLAUSIBLE_ACCOUNT}:instance/aaaaaaaa-bbbb-4ccc-addd-111111111111`;

    it.each([
        ["aws-native:connect:Instance", "instance", { identityManagementType: "SAML", attributes: { inboundCalls: true, outboundCalls: true } }],
        ["aws-native:connect:SecurityProfile", "securityProfile", { instanceArn, permissions: ["BasicAgentAccess"] }],
        ["aws-native:connect:ContactFlow", "contactFlow", { instanceArn, name: "inbound", type: "CONTACT_FLOW", content: "{}" }],
        ["aws-native:connect:ContactFlowModule", "contactFlowModule", { instanceArn, name: "payment", content: "{}" }],
        ["aws-native:connect:InstanceStorageConfig", "instanceStorageConfig", { instanceArn, resourceType: "CALL_RECORDINGS", storageType: "S3" }],
        ["aws-native:connect:IntegrationAssociation", "integrationAssociation", { instanceId: instanceArn, integrationType: "LEX_BOT", integrationArn: "arn:aws:lex:eu-central-1:1:bot-alias/B/A" }],
    ])("%s names its outputs as aws-native declares them", (type, file, inputs) => {
        const declared = declaredOutputs("connect", file);
        const { state } = plausibleOutputs(type, "contact-centre", inputs, "eu-central-1");
        for (const output of Object.keys(state)) expect(declared, `${type} output '${output}'`).toContain(output);
    });

    it("gives an aws-native instance the service-linked role Connect creates for it, as the classic instance reports it", () => {
        const native = plausibleOutputs("aws-native:connect:Instance", "contact-centre", {}, "eu-central-1").state;
        const classic = plausibleOutputs("aws:connect/instance:Instance", "contact-centre", {}, "eu-central-1").state;
        expect(native["serviceRole"]).toMatch(/^arn:aws:iam::\d{12}:role\/aws-service-role\/connect\.amazonaws\.com\/AWSServiceRoleForAmazonConnect_/);
        expect(native["serviceRole"]).toBe(classic["serviceRole"]);
    });

    it("places a security profile and flows under their instance's ARN", () => {
        expect(plausibleOutputs("aws-native:connect:SecurityProfile", "qa", { instanceArn, securityProfileName: "QualityAssurance" }, "eu-central-1").state).toMatchObject({
            securityProfileArn: expect.stringMatching(new RegExp(`^${instanceArn}/security-profile/`)),
            securityProfileName: "QualityAssurance",
        });
        expect(plausibleOutputs("aws-native:connect:ContactFlow", "inbound", { instanceArn }, "eu-central-1").state["contactFlowArn"]).toMatch(new RegExp(`^${instanceArn}/contact-flow/`));
    });

    it("identifies associations as Cloud Control does, by their identifying properties joined with |", () => {
        const storage = plausibleOutputs("aws-native:connect:InstanceStorageConfig", "recordings", { instanceArn, resourceType: "CALL_RECORDINGS" }, "eu-central-1");
        expect(storage.id).toBe(`${instanceArn}|${storage.state["associationId"]}|CALL_RECORDINGS`);
        const integrationArn = "arn:aws:lex:eu-central-1:111122223333:bot-alias/B/A";
        const integration = plausibleOutputs("aws-native:connect:IntegrationAssociation", "bot", { instanceId: instanceArn, integrationType: "LEX_BOT", integrationArn }, "eu-central-1");
        expect(integration.id).toBe(`${instanceArn}|LEX_BOT|${integrationArn}`);
        expect(integration.state["integrationAssociationId"]).toMatch(/^[0-9a-f-]{36}$/);
    });
});

describe("plausible outputs of resources named by secrets", () => {
    const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

    it("name the bucket by the secret's value, keep the `bucket` output secret and the id plain, as the engine does", () => {
        const { id, state } = plausibleOutputs("aws:s3/bucket:Bucket", "recordings", { bucket: secret("acme-hidden") }, "eu-central-1");
        expect(id).toBe("acme-hidden");
        expect(state["arn"]).toBe("arn:aws:s3:::acme-hidden");
        expect(state["bucket"]).toEqual(secret("acme-hidden"));
    });

    it("name a role by the secret's value, so that policies attached by its id find it", () => {
        const { id, state } = plausibleOutputs("aws:iam/role:Role", "reviewer", { name: secret("Reviewer") }, "eu-central-1");
        expect(id).toBe("Reviewer");
        expect(state["arn"]).toBe(`arn:aws:iam::${PLAUSIBLE_ACCOUNT}:role/Reviewer`);
        expect(state["name"]).toEqual(secret("Reviewer"));
    });

    it("read a secret region as the resource's region", () => {
        const { state } = plausibleOutputs("aws:sqs/queue:Queue", "events", { name: "events", region: secret("eu-west-1") }, "eu-central-1");
        expect(state["arn"]).toBe(`arn:aws:sqs:eu-west-1:${PLAUSIBLE_ACCOUNT}:events`);
    });
});
