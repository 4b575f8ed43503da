import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketObjectOwnership } from "../../../policies/access/object-ownership";
import type { ControlExample, ExampleResource } from "../../../policies/control";
import { NATIVE } from "../../../policies/lib/resource-types";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { arbitraryExample } from "../../support/arbitrary-stacks";
import { describeControlExamples, findingsOf } from "../../support/control-examples";
import { urnOf } from "../../support/example-stack";

const BUCKET = "aws:s3/bucket:Bucket";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const BUCKET_ACL = "aws:s3/bucketAcl:BucketAcl";
const BUCKET_ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2";
const OWNER_ID = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

const bucket = (props: Record<string, unknown> = { bucket: "acme-recordings" }): ExampleResource => ({ name: "recordings", type: BUCKET, props });
const enforced: ExampleResource = { name: "recordings-ownership", type: OWNERSHIP, props: { bucket: "acme-recordings", rule: { objectOwnership: "BucketOwnerEnforced" } } };
const acl = (props: Record<string, unknown>, type = BUCKET_ACL): ExampleResource => ({ name: "recordings-acl", type, props: { bucket: "acme-recordings", ...props } });
const ownerGrant = (id = OWNER_ID) => ({ grantee: { type: "CanonicalUser", id }, permission: "FULL_CONTROL" });
const stack = (...resources: ExampleResource[]): ControlExample => ({ title: "ad hoc", verdict: "violation", resources });

async function outcome(example: ControlExample) {
    const findings = await findingsOf(bucketObjectOwnership, example);
    const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory");
    return {
        findings,
        blocking: mandatory.map((f) => f.message.split("\n").pop() ?? ""),
        urns: mandatory.map((f) => f.urn),
        deferred: findings.filter((f) => f.enforcementLevel === "advisory").map((f) => f.message),
    };
}

describeControlExamples(bucketObjectOwnership);

describe("access-bucket-object-ownership", () => {
    it("names the bucket and tells how to disable ACLs", async () => {
        const { blocking, urns } = await outcome(stack(bucket()));
        expect(blocking).toEqual([expect.stringContaining("S3 bucket 'recordings' has no BucketOwnershipControls")]);
        expect(blocking[0]).toContain('objectOwnership: "BucketOwnerEnforced"');
        expect(urns).toEqual([urnOf(BUCKET, "recordings")]);
    });

    describe("does not mistake the owner-only default ACL for an ACL", () => {
        it.each<[string, ExampleResource]>([
            ['a BucketAcl with acl "private"', acl({ acl: "private" })],
            ["a BucketAcl whose only grant is the owner's FULL_CONTROL", acl({ accessControlPolicy: { owner: { id: OWNER_ID }, grants: [ownerGrant()] } })],
            ["a BucketAclV2 with an empty grant list", acl({ accessControlPolicy: { owner: { id: OWNER_ID }, grants: [] } }, BUCKET_ACL_V2)],
        ])("%s", async (_title, aclResource) => {
            expect((await outcome(stack(bucket(), enforced, aclResource))).findings).toEqual([]);
        });

        it("an inline grant list with the owner's FULL_CONTROL, as S3 reports it during updates", async () => {
            const reported = bucket({ bucket: "acme-recordings", grants: [{ type: "CanonicalUser", id: OWNER_ID, permissions: ["FULL_CONTROL"], uri: "" }] });
            expect((await outcome(stack(reported, enforced))).findings).toEqual([]);
        });
    });

    describe("blocks ACLs that grant anything beyond the owner", () => {
        it("a BucketAcl grant to AllUsers, reported on the BucketAcl and naming its bucket", async () => {
            const { blocking, urns } = await outcome(
                stack(bucket(), enforced, acl({ accessControlPolicy: { owner: { id: OWNER_ID }, grants: [{ grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" }] } })),
            );
            expect(blocking).toHaveLength(1);
            expect(blocking[0]).toContain("BucketAcl 'recordings-acl' on S3 bucket 'recordings'");
            expect(blocking[0]).toContain(ALL_USERS);
            expect(urns).toEqual([urnOf(BUCKET_ACL, "recordings-acl")]);
        });

        it("a FULL_CONTROL grant to another account's canonical user", async () => {
            const { blocking } = await outcome(stack(bucket(), enforced, acl({ accessControlPolicy: { owner: { id: OWNER_ID }, grants: [ownerGrant("another-account-canonical-id")] } })));
            expect(blocking).toHaveLength(1);
        });

        it("a BucketAcl on a bucket outside the stack", async () => {
            const { blocking } = await outcome(stack(bucket(), enforced, acl({ bucket: "legacy-bucket", acl: "authenticated-read" })));
            expect(blocking).toEqual([expect.stringContaining('BucketAcl \'recordings-acl\' on bucket "legacy-bucket" sets `acl` to "authenticated-read"')]);
        });

        it("inline grants to a group, next to the owner's own grant", async () => {
            const grants = [
                { type: "CanonicalUser", id: OWNER_ID, permissions: ["FULL_CONTROL"] },
                { type: "Group", uri: ALL_USERS, permissions: ["READ"] },
            ];
            const { blocking } = await outcome(stack(bucket({ bucket: "acme-recordings", grants }), enforced));
            expect(blocking).toEqual([expect.stringContaining("sets inline `grants` (2 grants)")]);
        });

        it("BucketOwnerPreferred, which still honours ACLs", async () => {
            const preferred = { ...enforced, props: { bucket: "acme-recordings", rule: { objectOwnership: "BucketOwnerPreferred" } } };
            expect((await outcome(stack(bucket(), preferred))).blocking).toEqual([expect.stringContaining('`rule.objectOwnership` of BucketOwnershipControls \'recordings-ownership\' is "BucketOwnerPreferred"')]);
        });
    });

    describe("defers what preview cannot know", () => {
        it.each<[string, ExampleResource[]]>([
            ["an inline acl", [bucket({ bucket: "acme-recordings", acl: UNKNOWN }), enforced]],
            ["an inline grant list", [bucket({ bucket: "acme-recordings", grants: UNKNOWN }), enforced]],
            ["a BucketAcl's canned acl", [bucket(), enforced, acl({ acl: UNKNOWN })]],
            ["a BucketAcl grantee", [bucket(), enforced, acl({ accessControlPolicy: { owner: { id: OWNER_ID }, grants: [{ grantee: UNKNOWN, permission: "READ" }] } })]],
        ])("%s not known yet", async (_title, resources) => {
            const { blocking, deferred } = await outcome(stack(...resources));
            expect(blocking).toEqual([]);
            expect(deferred).toHaveLength(1);
            expect(deferred[0]).toMatch(/not known yet/);
        });
    });

    describe("aws-native buckets", () => {
        const nativeBucket = (props: Record<string, unknown> = {}): ExampleResource => ({ name: "recordings", type: NATIVE.S3_BUCKET, props: { bucketName: "acme-recordings", ...props } });
        const ownership = (rules: unknown) => ({ ownershipControls: { rules } });

        it("asks for ownershipControls in aws-native terms, on the bucket's URN", async () => {
            const { blocking, urns } = await outcome(stack(nativeBucket()));
            expect(urns).toEqual([urnOf(NATIVE.S3_BUCKET, "recordings")]);
            expect(blocking).toEqual([expect.stringContaining("has no `ownershipControls` and no BucketOwnershipControls")]);
            expect(blocking[0]).toContain('Set `ownershipControls: { rules: [{ objectOwnership: "BucketOwnerEnforced" }] }`');
        });

        it("names the rule's path and value when it keeps ACLs in force", async () => {
            const { blocking } = await outcome(stack(nativeBucket(ownership([{ objectOwnership: "ObjectWriter" }]))));
            expect(blocking).toEqual([expect.stringContaining('`ownershipControls.rules[0].objectOwnership` is "ObjectWriter"')]);
        });

        it("blocks ownershipControls without any rule", async () => {
            const { blocking } = await outcome(stack(nativeBucket(ownership([]))));
            expect(blocking).toEqual([expect.stringContaining("`ownershipControls.rules` is unset")]);
        });

        it.each([
            ["the whole ownershipControls", { ownershipControls: UNKNOWN }, "`ownershipControls`"],
            ["the rule list", ownership(UNKNOWN), "`ownershipControls.rules`"],
            ["the canned ACL", { ...ownership([{ objectOwnership: "BucketOwnerEnforced" }]), accessControl: UNKNOWN }, "`accessControl`"],
        ])("defers %s not known yet", async (_title, props, path) => {
            const { blocking, deferred } = await outcome(stack(nativeBucket(props)));
            expect(blocking).toEqual([]);
            expect(deferred).toEqual([expect.stringContaining(`${path} is not known yet`)]);
        });

        it("accepts only Private as the canned ACL, as aws-native spells it", async () => {
            const enforcedNative = ownership([{ objectOwnership: "BucketOwnerEnforced" }]);
            expect((await outcome(stack(nativeBucket({ ...enforcedNative, accessControl: "Private" })))).findings).toEqual([]);
            const { blocking } = await outcome(stack(nativeBucket({ ...enforcedNative, accessControl: "PublicRead" })));
            expect(blocking).toEqual([expect.stringContaining('sets the canned ACL `accessControl` to "PublicRead"')]);
            expect(blocking[0]).toContain("Remove `accessControl`");
        });

        it("does not read the classic inline acl or grants on an aws-native bucket", async () => {
            const props = { ...ownership([{ objectOwnership: "BucketOwnerEnforced" }]), acl: "public-read", grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }] };
            expect((await outcome(stack(nativeBucket(props)))).findings).toEqual([]);
        });

        it("blocks a classic BucketOwnershipControls with ObjectWriter on an aws-native bucket whose own rule is enforced", async () => {
            const writer = { ...enforced, props: { bucket: "acme-recordings", rule: { objectOwnership: "ObjectWriter" } } };
            const { blocking } = await outcome(stack(nativeBucket(ownership([{ objectOwnership: "BucketOwnerEnforced" }])), writer));
            expect(blocking).toEqual([expect.stringContaining("of BucketOwnershipControls 'recordings-ownership' is \"ObjectWriter\"")]);
        });
    });

    it.each<[string, ExampleResource[]]>([
        ["a rule given as a string", [bucket(), { ...enforced, props: { bucket: "acme-recordings", rule: "BucketOwnerEnforced" } }]],
        ["a rule list", [bucket(), { ...enforced, props: { bucket: "acme-recordings", rule: [{ objectOwnership: "BucketOwnerEnforced" }] } }]],
        ["grants as a string and an ACL as a number", [bucket({ bucket: "acme-recordings", grants: "FULL_CONTROL", acl: 7 }), enforced]],
        ["an access control policy as a list, grants with nulls", [bucket(), enforced, acl({ accessControlPolicy: [null] }), { ...acl({ accessControlPolicy: { grants: [null] } }), name: "acl-2" }]],
    ])("never throws on odd input, and blocks rather than passes: %s", async (_title, resources) => {
        const { findings, blocking } = await outcome(stack(...resources));
        for (const finding of findings) expect(finding.message).not.toMatch(/could not evaluate/);
        expect(blocking.length).toBeGreaterThan(0);
    });

    it("never throws on arbitrary stacks", async () => {
        await fc.assert(
            fc.asyncProperty(arbitraryExample(bucketObjectOwnership), async (example) => {
                const findings = await findingsOf(bucketObjectOwnership, example);
                expect(findings.filter((f) => /could not evaluate/.test(f.message))).toEqual([]);
            }),
            { numRuns: 30 },
        );
    }, 120_000);
});
