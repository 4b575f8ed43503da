import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { effectiveRegion } from "../../../policies/lib/effective-region";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { kmsKeyResidency } from "../../../policies/residency/kms-key-residency";
import { describeControlExamples, findingsOf } from "../../support/control-examples";

const KEY = "aws:kms/key:Key";
const REPLICA = "aws:kms/replicaKey:ReplicaKey";
const REPLICA_EXTERNAL = "aws:kms/replicaExternalKey:ReplicaExternalKey";
const primaryArn = "arn:aws:kms:eu-central-1:111122223333:key/mrk-1234";

async function outcome(resource: ExampleResource, config: Record<string, unknown> = {}, awsRegion?: string | null) {
    const example: ControlExample = { title: "ad hoc", verdict: "violation", resources: [resource], awsRegion };
    const findings = await findingsOf(kmsKeyResidency, example, config);
    return {
        messages: findings.map((f) => `${f.enforcementLevel}: ${f.message}`),
        crashed: findings.some((f) => /could not evaluate/.test(f.message)),
    };
}

const key = (props: Record<string, unknown>): ExampleResource => ({ name: "recordings-key", type: KEY, props });
const replica = (props: Record<string, unknown>, type = REPLICA): ExampleResource => ({ name: "replica", type, props });

describeControlExamples(kmsKeyResidency);

describe("residency-kms-key-residency", () => {
    it("names the key, the property and the fix for a multi-Region key", async () => {
        const { messages } = await outcome(key({ multiRegion: true }));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(/^mandatory: /);
        expect(messages[0]).toContain("KMS key 'recordings-key' sets `multiRegion` to true");
        expect(messages[0]).toContain("Use a single-Region key");
    });

    it.each([false, "false", undefined, null])("accepts multiRegion %s", async (multiRegion) => {
        expect((await outcome(key({ multiRegion }))).messages).toEqual([]);
    });

    it('blocks multiRegion "true" as hand-written state spells it', async () => {
        expect((await outcome(key({ multiRegion: "true" }))).messages[0]).toMatch(/^mandatory: /);
    });

    it("blocks a replica of an imported key outside the allowed regions", async () => {
        const { messages } = await outcome(replica({ primaryKeyArn: primaryArn, region: "ap-southeast-2" }, REPLICA_EXTERNAL));
        expect(messages[0]).toContain("copies the key material to ap-southeast-2");
    });

    it("blocks a replica with no region anywhere", async () => {
        const { messages } = await outcome(replica({ primaryKeyArn: primaryArn }), {}, null);
        expect(messages[0]).toMatch(/^mandatory: [\s\S]*has no region/);
    });

    it("defers a replica whose provider region is not known yet", async () => {
        const resources: ExampleResource[] = [{ name: "p", type: "pulumi:providers:aws", props: { region: UNKNOWN } }, { ...replica({ primaryKeyArn: primaryArn }), provider: "p" }];
        const findings = await findingsOf(kmsKeyResidency, { title: "p", verdict: "deferred", resources });
        expect(findings.map((f) => f.message).join()).toMatch(/its region \(from its provider\) is not known yet/);
        expect(findings.some((f) => f.enforcementLevel === "mandatory")).toBe(false);
    });

    it("reports both a replica outside the allowed regions and its primary outside them", async () => {
        const { messages } = await outcome(replica({ primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/mrk-1", region: "us-west-2" }));
        expect(messages).toHaveLength(2);
    });

    it("lets a team allow an extra region", async () => {
        expect((await outcome(replica({ primaryKeyArn: primaryArn, region: "eu-central-2" }), { regions: ["eu-central-2"] })).messages).toEqual([]);
    });

    it("does not judge aliases or grants", async () => {
        const findings = await findingsOf(kmsKeyResidency, { title: "alias", verdict: "compliant", resources: [{ name: "a", type: "aws:kms/alias:Alias", props: { multiRegion: true } }] });
        expect(findings).toEqual([]);
    });

    describe("aws-native keys", () => {
        const NATIVE_KEY = "aws-native:kms:Key";
        const NATIVE_REPLICA = "aws-native:kms:ReplicaKey";
        const nativeProvider = (region: unknown): ExampleResource => ({ name: "p", type: "pulumi:providers:aws-native", props: region === undefined ? {} : { region } });
        const messagesOf = async (resources: ExampleResource[]) =>
            (await findingsOf(kmsKeyResidency, { title: "ad hoc", verdict: "violation", resources })).map((f) => `${f.enforcementLevel}: ${f.message.split("\n").pop() ?? ""}`);

        it("tells how to leave a multi-Region kms.Key, which CloudFormation will not change in place", async () => {
            const messages = await messagesOf([{ name: "recordings-key", type: NATIVE_KEY, props: { multiRegion: true } }]);
            expect(messages).toEqual([expect.stringMatching(/^mandatory: KMS key 'recordings-key' sets `multiRegion` to true: .*Create a new single-Region `kms.Key`/)]);
        });

        it("blocks a replica whose aws-native provider has no region, naming aws-native:region", async () => {
            const messages = await messagesOf([nativeProvider(undefined), { name: "replica", type: NATIVE_REPLICA, props: { primaryKeyArn: primaryArn }, provider: "p" }]);
            expect(messages).toEqual([expect.stringMatching(/^mandatory: KMS replica key 'replica' has no region \(its `pulumi:providers:aws-native` provider has no `region`\).*`aws-native:region`/)]);
        });

        it("names the aws-native provider as the fix for a replica outside the allowed regions", async () => {
            const messages = await messagesOf([nativeProvider("ap-southeast-2"), { name: "replica", type: NATIVE_REPLICA, props: { primaryKeyArn: primaryArn }, provider: "p" }]);
            expect(messages).toEqual([expect.stringMatching(/copies the key material to ap-southeast-2 \(from its provider\).*with an aws-native provider in an allowed region/)]);
        });

        it("blocks a replica of a primary in us-east-1 named by its literal primaryKeyArn", async () => {
            const messages = await messagesOf([{ name: "replica", type: NATIVE_REPLICA, props: { primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/mrk-1" } }]);
            expect(messages).toEqual([expect.stringMatching(/replicates primary key "arn:aws:kms:us-east-1:.*" in us-east-1/)]);
        });

        it("judges both the classic multi-Region primary and the aws-native replica of it in another provider's region", async () => {
            const messages = await messagesOf([
                { name: "recordings-key", type: KEY, props: { multiRegion: true } },
                nativeProvider("us-east-1"),
                { name: "replica", type: NATIVE_REPLICA, props: { primaryKeyArn: UNKNOWN }, provider: "p", propertyDependencies: { primaryKeyArn: ["recordings-key"] } },
            ]);
            expect(messages).toHaveLength(2);
            expect(messages.join("\n")).toMatch(/KMS key 'recordings-key' sets `multiRegion` to true: .*Use a single-Region key/);
            expect(messages.join("\n")).toMatch(/KMS replica key 'replica' copies the key material to us-east-1/);
        });
    });

    describe("odd input", () => {
        it.each([
            ["a primaryKeyArn that is not an ARN", { primaryKeyArn: "mrk-1234" }],
            ["a primaryKeyArn that is a number", { primaryKeyArn: 12 }],
            ["a primaryKeyArn that is an object", { primaryKeyArn: { arn: primaryArn } }],
            ["a region that is a number", { region: 3, primaryKeyArn: primaryArn }],
        ])("never throws on %s", async (_title, props) => {
            expect((await outcome(replica(props))).crashed).toBe(false);
        });

        it("never throws on arbitrary property bags of every key type", () => {
            const value = fc.oneof(fc.constant(UNKNOWN), fc.constant(primaryArn), fc.anything());
            fc.assert(
                fc.property(fc.constantFrom(...kmsKeyResidency.appliesTo), fc.dictionary(fc.constantFrom("multiRegion", "primaryKeyArn", "region"), value), (type, props) => {
                    const resource = { type, name: "k", urn: "urn:k", props, region: effectiveRegion({ type, props }) };
                    const noop = () => undefined;
                    expect(() => kmsKeyResidency.check(resource, { regionProfile: "eu-member-states", regions: [] }, { violation: noop, undecided: noop })).not.toThrow();
                }),
                { numRuns: 300 },
            );
        });
    });
});
