/**
 * Stacks built from the components, in configurations the example does not use, evaluated by the
 * whole pack with every output resolved (as during `pulumi up`).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../cli/analyzer/evaluate";
import { EncryptionKey } from "../../components/encryption-key";
import { RecordingStore } from "../../components/recording-store";
import { AccessRoles } from "../../components/access-roles";
import { inProcessPack } from "../support/in-process";
import { type ComponentRecorder, setUpComponentMocks, stackSnapshotOf } from "../support/component-mocks";
import { approvingReviewer, buildEverything } from "./full-stack";

let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

const findings = async (build: () => void, policyConfig?: unknown) => {
    const recorded = await mocks.record(build);
    const { diagnostics } = await evaluate(inProcessPack(), stackSnapshotOf(recorded.registrations), { policyConfig });
    return diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn.split("::").pop()}: ${d.message}`);
};

describe("stacks built from the components pass the whole pack", () => {
    it("with separate stream and recording keys, a locked store, media streams and a Firehose archive fed by the stream", async () => {
        expect(await findings(() => buildEverything("acme-a", "firehose-from-stream"), approvingReviewer("acme-a"))).toEqual([]);
    });

    it("with contact trace records sent by Connect straight to an encrypted Firehose", async () => {
        expect(await findings(() => buildEverything("acme-b", "firehose-direct"), approvingReviewer("acme-b"))).toEqual([]);
    });

    it("except that the pack asks for every recording reader to be approved in its config", async () => {
        const unapproved = await findings(() => {
            const key = new EncryptionKey("c-key", {});
            const store = new RecordingStore("c-recordings", { namePrefix: "acme-c", key });
            new AccessRoles("c-access", { namePrefix: "acme-c", recordingReviewer: { store, prefix: "calls/" } });
        }, { "access-recording-readers": { contactDataBuckets: ["acme-c-recordings"] } });
        const readers = unapproved.filter((finding) => finding.includes("access-recording-readers"));
        expect(readers).toHaveLength(1);
        expect(readers[0]).toMatch(/^mandatory access-recording-readers c-recordings-bucket: .*acme-c-recording-reviewer.*approvedReaders/s);
    });
});
