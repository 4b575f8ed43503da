/**
 * The stack the engine analyzes, assembled as registrations arrive: what a preview hands the pack
 * resource by resource is what AnalyzeStack later sees.
 */
import { describe, expect, it } from "vitest";
import type { RecordedRegistration } from "../../../cli/engine/program-protocol";
import type { PulumiProject } from "../../../cli/engine/project";
import { snapshotOf, StackAssembler } from "../../../cli/engine/stack-snapshot";

const project: PulumiProject = {
    dir: "/nowhere",
    name: "contact-centre",
    stack: "dev",
    programDir: "/nowhere",
    entryPoint: ".",
    runtime: { typescript: true, nodeargs: [] },
    config: { "aws:region": "eu-central-1", "contact-centre:tenants": "2" },
    secretKeys: [],
};

function registration(type: string, name: string, extra: Partial<RecordedRegistration> = {}): RecordedRegistration {
    return {
        urn: `urn:pulumi:dev::contact-centre::${type}::${name}`,
        type,
        name,
        custom: true,
        dependencies: [],
        propertyDependencies: {},
        inputs: { name },
        outputs: { name },
        options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], deleteBeforeReplace: false },
        ...extra,
    };
}

const stack = registration("pulumi:pulumi:Stack", "contact-centre-dev", { custom: false });
const frankfurt = registration("pulumi:providers:aws", "frankfurt", { inputs: { region: "eu-central-1" } });
const recordings = registration("aws:s3/bucket:Bucket", "recordings", { version: "7.10.0" });
const transcripts = registration("aws:s3/bucket:Bucket", "transcripts", { version: "7.10.0" });
const pinned = registration("aws:kms/key:Key", "contact-data", { provider: `${frankfurt.urn}::04da6b54` });
const existing = registration("aws:s3/bucket:Bucket", "legacy", { read: true });

describe("the stack assembled as the program registers", () => {
    it("hands each registration with its provider, a default provider just before the first resource that needs it", () => {
        const assembler = new StackAssembler(project);
        const handed = [stack, frankfurt, recordings, existing, transcripts, pinned].flatMap((r) => assembler.add(r));
        expect(handed.map(({ resource, provider }) => [resource.name, provider?.name])).toEqual([
            ["contact-centre-dev", undefined],
            ["frankfurt", undefined],
            ["default_7_10_0", undefined],
            ["recordings", "default_7_10_0"],
            ["transcripts", "default_7_10_0"],
            ["contact-data", "frankfurt"],
        ]);
        const fallback = handed[2].resource;
        expect(fallback).toMatchObject({ type: "pulumi:providers:aws", urn: "urn:pulumi:dev::contact-centre::pulumi:providers:aws::default_7_10_0" });
        expect(fallback.props).toEqual({ region: "eu-central-1", version: "7.10.0" });
    });

    it("gives AnalyzeStack the same resources, default providers first, without what was only read", () => {
        const registrations = [stack, frankfurt, recordings, existing, transcripts, pinned];
        const assembler = new StackAssembler(project);
        const handed = registrations.flatMap((r) => assembler.add(r)).map(({ resource }) => resource);
        const { resources } = snapshotOf(project, registrations);
        expect(resources.map((r) => r.name)).toEqual(["default_7_10_0", "contact-centre-dev", "frankfurt", "recordings", "transcripts", "contact-data"]);
        expect([...resources].sort((a, b) => a.urn.localeCompare(b.urn))).toEqual([...handed].sort((a, b) => a.urn.localeCompare(b.urn)));
    });
});
