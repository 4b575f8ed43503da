/**
 * The evaluation a preview feeds as the program runs: Analyze for each resource in the order the
 * engine registered them, never more than the set number at once, then AnalyzeStack with the stack
 * as the program left it.
 */
import { describe, expect, it } from "vitest";
import { evaluate, StackEvaluation } from "../../cli/analyzer/evaluate";
import type { Analyzer, Diagnostic, PackInfo, PlainResource, Remediation } from "../../cli/analyzer/types";

const PACK: PackInfo = {
    name: "test-pack",
    version: "1.0.0",
    supportsConfig: true,
    policies: ["encrypted", "tagged"].map((name) => ({
        name,
        displayName: name,
        description: name,
        enforcementLevel: "mandatory" as const,
        severity: "high" as const,
        policyType: "resource" as const,
        tags: [],
        remediationSteps: "",
        url: "",
    })),
};

function bucket(name: string, props: Record<string, unknown> = {}): PlainResource {
    return { urn: `urn:pulumi:dev::cc::aws:s3/bucket:Bucket::${name}`, type: "aws:s3/bucket:Bucket", name, custom: true, props, outputs: props };
}

function diagnostic(urn: string, message: string): Diagnostic {
    return { policyName: "encrypted", policyPackName: PACK.name, policyPackVersion: PACK.version, description: "", message, enforcementLevel: "mandatory", severity: "high", urn };
}

/** A pack whose answers the test releases one by one, recording what it was asked. */
class HeldAnalyzer implements Analyzer {
    readonly analyzed: PlainResource[] = [];
    readonly providers: (PlainResource | undefined)[] = [];
    readonly stacks: PlainResource[][] = [];
    inFlight = 0;
    mostInFlight = 0;
    private readonly held: (() => void)[] = [];
    fixes = new Map<string, Remediation[]>();
    failOn: string | undefined;

    async info() {
        return PACK;
    }
    async configure() {}
    async remediate(resource: PlainResource) {
        return this.fixes.get(resource.name) ?? [];
    }
    async analyze(resource: PlainResource, provider: PlainResource | undefined): Promise<Diagnostic[]> {
        this.analyzed.push(resource);
        this.providers.push(provider);
        this.inFlight++;
        this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
        await new Promise<void>((release) => this.held.push(release));
        this.inFlight--;
        if (resource.name === this.failOn) throw new Error(`pack ended while analyzing ${resource.name}`);
        return [diagnostic(resource.urn, `analyzed ${resource.name}`)];
    }
    async analyzeStack(resources: readonly PlainResource[]) {
        this.stacks.push([...resources]);
        return [diagnostic("", `stack of ${resources.length}`)];
    }
    async close() {}
    /** Lets every held Analyze answer, last first, until none is held. */
    async releaseAll(): Promise<void> {
        for (let turn = 0; turn < 1000; turn++) {
            await new Promise((resolve) => setImmediate(resolve));
            const release = this.held.pop();
            if (release) release();
            else if (this.inFlight === 0) return;
        }
    }
}

describe("a stack evaluation fed as the program registers", () => {
    it("analyzes resources in the order handed, no more than the concurrency at once, then the stack", async () => {
        const analyzer = new HeldAnalyzer();
        const evaluation = await StackEvaluation.begin(analyzer, { concurrency: 2 });
        const resources = ["a", "b", "c", "d", "e"].map((name) => bucket(name));
        for (const resource of resources) evaluation.analyze(resource, undefined);
        expect(analyzer.analyzed.map((r) => r.name)).toEqual(["a", "b"]);
        const finished = evaluation.finish({ project: "cc", stack: "dev", resources });
        await analyzer.releaseAll();
        const { diagnostics } = await finished;
        expect(analyzer.analyzed.map((r) => r.name)).toEqual(["a", "b", "c", "d", "e"]);
        expect(analyzer.mostInFlight).toBe(2);
        // Released last first, reported in the order registered, the stack's after all of them.
        expect(diagnostics.map((d) => d.message)).toEqual(["analyzed a", "analyzed b", "analyzed c", "analyzed d", "analyzed e", "stack of 5"]);
    });

    it("waits for analyses still in flight before it analyzes the stack", async () => {
        const analyzer = new HeldAnalyzer();
        const evaluation = await StackEvaluation.begin(analyzer);
        evaluation.analyze(bucket("recordings"), undefined);
        let finished = false;
        const done = evaluation.finish({ project: "cc", stack: "dev", resources: [bucket("recordings")] }).then(() => (finished = true));
        await new Promise((resolve) => setImmediate(resolve));
        expect(finished).toBe(false);
        expect(analyzer.stacks).toEqual([]);
        await analyzer.releaseAll();
        await done;
        expect(analyzer.stacks).toHaveLength(1);
    });

    it("gives AnalyzeStack the stack as the program left it, with each resource's fixes applied", async () => {
        const analyzer = new HeldAnalyzer();
        const evaluation = await StackEvaluation.begin(analyzer, { policyConfig: { encrypted: "remediate" } });
        analyzer.fixes.set("recordings", [{ policyName: "encrypted", properties: { serverSideEncryption: "aws:kms" }, diagnostic: "" }]);
        evaluation.analyze(bucket("recordings", { acl: "private" }), undefined);
        // The outputs it ended with (a component registers them after its children, for instance).
        const finalState = { ...bucket("recordings", { acl: "private" }), outputs: { acl: "private", arn: "arn:aws:s3:::recordings" } };
        const done = evaluation.finish({ project: "cc", stack: "dev", resources: [finalState] });
        await analyzer.releaseAll();
        const { remediations } = await done;
        expect(analyzer.analyzed[0].props).toEqual({ serverSideEncryption: "aws:kms" });
        expect(analyzer.stacks[0][0].props).toEqual({ serverSideEncryption: "aws:kms" });
        expect(analyzer.stacks[0][0].outputs).toEqual({ acl: "private", arn: "arn:aws:s3:::recordings", serverSideEncryption: "aws:kms" });
        expect(remediations.get(finalState.urn)?.map((fix) => fix.policyName)).toEqual(["encrypted"]);
    });

    it("fails with the first failed analysis, starts no more, and never analyzes the stack", async () => {
        const analyzer = new HeldAnalyzer();
        analyzer.failOn = "a";
        const evaluation = await StackEvaluation.begin(analyzer, { concurrency: 1 });
        for (const name of ["a", "b", "c"]) evaluation.analyze(bucket(name), undefined);
        const refused = expect(evaluation.finish({ project: "cc", stack: "dev", resources: [] })).rejects.toThrow("pack ended while analyzing a");
        await analyzer.releaseAll();
        await refused;
        expect(analyzer.analyzed.map((r) => r.name)).toEqual(["a"]);
        expect(analyzer.stacks).toEqual([]);
    });

    it("finishes a stack with nothing registered", async () => {
        const analyzer = new HeldAnalyzer();
        const { diagnostics } = await (await StackEvaluation.begin(analyzer)).finish({ project: "cc", stack: "dev", resources: [] });
        expect(diagnostics.map((d) => d.message)).toEqual(["stack of 0"]);
    });

    it("is what evaluate does with a whole stack, each resource with its provider", async () => {
        const analyzer = new HeldAnalyzer();
        const provider: PlainResource = { urn: "urn:pulumi:dev::cc::pulumi:providers:aws::eu", type: "pulumi:providers:aws", name: "eu", custom: true, props: { region: "eu-central-1" } };
        const done = evaluate(analyzer, { project: "cc", stack: "dev", resources: [provider, { ...bucket("recordings"), provider: provider.urn }] });
        await analyzer.releaseAll();
        expect((await done).diagnostics).toHaveLength(3);
        expect(analyzer.providers).toEqual([undefined, provider]);
    });
});
