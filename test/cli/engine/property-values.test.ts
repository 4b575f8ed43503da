/** Values as the engine hands them to analyzers (sdk/go/common/resource/plugin/rpc.go, KeepResources and KeepOutputValues off). */
import { describe, expect, it } from "vitest";
import { lowered, OUTPUT_VALUE_SIG, RESOURCE_SIG, secret, SIG_KEY, withSecretOutputs } from "../../../cli/engine/property-values";
import { newUrn } from "../../../cli/engine/urn";
import { UNKNOWN } from "../../../policies/lib/unknown";

const bucketUrn = "urn:pulumi:dev::acme::aws:s3/bucket:Bucket::recordings";
const reference = (id?: string) => ({ [SIG_KEY]: RESOURCE_SIG, urn: bucketUrn, ...(id === undefined ? {} : { id }), packageVersion: "7.48.0" });

describe("lowered", () => {
    it.each([
        ["a custom resource reference with a known ID becomes the ID", reference("acme-recordings"), "acme-recordings"],
        ["a custom resource reference whose ID is not known yet becomes the unknown sentinel", reference(UNKNOWN), UNKNOWN],
        ["a reference with an empty ID (unknown to the engine) becomes the unknown sentinel", reference(""), UNKNOWN],
        ["a component reference, which has no ID, becomes the URN", reference(), bucketUrn],
        ["a known output value becomes its element", { [SIG_KEY]: OUTPUT_VALUE_SIG, value: "x", dependencies: [bucketUrn] }, "x"],
        ["an unknown output value becomes the unknown sentinel", { [SIG_KEY]: OUTPUT_VALUE_SIG, dependencies: [bucketUrn] }, UNKNOWN],
        ["a secret output value stays secret", { [SIG_KEY]: OUTPUT_VALUE_SIG, value: "x", secret: true }, secret("x")],
        ["a secret holding a reference keeps the secret and lowers the reference", secret(reference("b")), secret("b")],
        ["references nested in lists and objects", { rules: [{ bucket: reference("b") }] }, { rules: [{ bucket: "b" }] }],
    ])("%s", (_case, value, expected) => {
        expect(lowered(value)).toEqual(expected);
    });
});

describe("withSecretOutputs", () => {
    it("wraps the named top-level outputs as secrets, once", () => {
        expect(withSecretOutputs({ a: 1, b: secret(2), c: 3 }, ["a", "b", "missing"])).toEqual({ a: secret(1), b: secret(2), c: 3 });
    });
});

describe("newUrn", () => {
    it.each([
        ["a resource at the top of the stack", undefined, "urn:pulumi:dev::acme::aws:s3/bucket:Bucket::recordings"],
        ["a child of the stack resource", "urn:pulumi:dev::acme::pulumi:pulumi:Stack::acme-dev", "urn:pulumi:dev::acme::aws:s3/bucket:Bucket::recordings"],
        [
            "a child of a component nested in a component",
            "urn:pulumi:dev::acme::contact-centre:storage:RecordingStore$contact-centre:kms:Key::store::key",
            "urn:pulumi:dev::acme::contact-centre:storage:RecordingStore$contact-centre:kms:Key$aws:s3/bucket:Bucket::recordings",
        ],
    ])("%s", (_case, parent, expected) => {
        expect(newUrn("dev", "acme", parent, "aws:s3/bucket:Bucket", "recordings")).toBe(expected);
    });
});
