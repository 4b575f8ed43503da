/**
 * The pack's one-view-per-request handlers answer every request exactly as the SDK's own handlers
 * do: byte for byte, for policies that take every path of the SDK's loop, and for the whole pack on
 * every control's examples under several configs. Errors match up to their stack traces, which name
 * the functions the error passed through.
 */
import type { Policy, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { describe, expect, it } from "vitest";
import { analyzeRequest, analyzeStackRequest, configureRequest } from "../../cli/analyzer/protocol";
import type { PlainResource, PolicyConfig, StackSnapshot } from "../../cli/analyzer/types";
import { catalogue } from "../../policies/catalogue";
import { followedSdk } from "../../policies/one-view-per-request";
import { PACK_NAME, packArgs } from "../../policies/pack";
import { markValidationTypes } from "../../policies/validation-types";
import { answer, bothHandlers, type Answer, type BothHandlers } from "../support/both-handlers";
import { exampleStack } from "../support/example-stack";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const urn = (type: string, name: string) => `urn:pulumi:dev::calls::${type}::${name}`;
const PROVIDER = urn("pulumi:providers:aws", "eu");

const resources: PlainResource[] = [
    { urn: PROVIDER, type: "pulumi:providers:aws", name: "eu", custom: true, props: { region: "eu-west-1", version: "7.48.0" } },
    { urn: urn("acme:index:ContactCentre", "cc"), type: "acme:index:ContactCentre", name: "cc", custom: false, props: {} },
    {
        urn: urn(KEY, "recordings"),
        type: KEY,
        name: "recordings",
        custom: true,
        props: { enableKeyRotation: true, policy: UNKNOWN },
        parent: urn("acme:index:ContactCentre", "cc"),
        provider: PROVIDER,
        options: { protect: true, ignoreChanges: ["description"], aliases: ["urn:pulumi:dev::calls::aws:kms/key:Key::old"] },
    },
    {
        urn: urn(BUCKET, "recordings"),
        type: BUCKET,
        name: "recordings",
        custom: true,
        props: { bucket: "acme-recordings", tags: { owner: UNKNOWN }, secret: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" } },
        outputs: { bucket: "acme-recordings", arn: "arn:aws:s3:::acme-recordings", tags: { owner: "voice" } },
        parent: urn("acme:index:ContactCentre", "cc"),
        provider: PROVIDER,
        dependencies: [urn(KEY, "recordings"), urn("pulumi:providers:aws", "missing")],
        propertyDependencies: { serverSideEncryptionConfiguration: [urn(KEY, "recordings")], nothing: [] },
        options: { deleteBeforeReplace: true, additionalSecretOutputs: ["secret"] },
    },
];
const providers = new Map([[PROVIDER, resources[0]]]);

/** Everything a policy is given, as text, so that any difference in the arguments changes the response. */
function describeArguments(args: object): string {
    const seen = new WeakSet<object>();
    return JSON.stringify(args, (key, value: unknown) => {
        if (typeof value === "function") return key === "getConfig" ? (value as () => unknown)() : `function ${key}`;
        if (value !== null && typeof value === "object") {
            // Parents and dependencies are resource objects; their URN identifies them.
            if (seen.has(value) && "urn" in value) return `resource ${(value as { urn: string }).urn}`;
            seen.add(value);
        }
        return value;
    });
}

function stackPolicy(name: string, validate: StackValidationPolicy["validateStack"], extra: Partial<StackValidationPolicy> = {}): StackValidationPolicy {
    return { name, description: `${name} description`, enforcementLevel: "mandatory", validateStack: validate, ...extra };
}

function resourcePolicy(name: string, validate: ResourceValidationPolicy["validateResource"], extra: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
    return { name, description: `${name} description`, enforcementLevel: "advisory", validateResource: validate, ...extra };
}

const typed = <F extends object>(type: string, validate: F): F => Object.assign(validate, { __pulumiType: type });

/** Policies that take every path of the SDK's loops. */
function everyPathPolicies(): Policy[] {
    return [
        stackPolicy("describes-the-stack", (args, report) => {
            for (const resource of args.resources) report(describeArguments({ ...resource, props: undefined, provider: resource.provider && { ...resource.provider, props: undefined } }), resource.urn);
            report(describeArguments({ tags: [...args.stackTags.entries()], config: args.getConfig() }));
            report("");
        }, { severity: "high" }),
        stackPolicy("reports-objects", (_args, report) => {
            const asObject = report as unknown as (info: object) => void;
            asObject({ message: "as an object", urn: urn(BUCKET, "recordings") });
            asObject({ name: "another-name", description: "another description", enforcementLevel: "advisory", severity: "critical" });
            asObject({});
        }),
        stackPolicy("typed-present", typed(BUCKET, (_args: unknown, report: ReportViolation) => report("typed and present"))),
        stackPolicy("typed-absent", typed("aws:sqs/queue:Queue", (_args: unknown, report: ReportViolation) => report("never"))),
        stackPolicy("trips-over-unknown", (args, report) => {
            const key = args.resources.find((resource) => resource.type === KEY);
            report(String((key?.props as Record<string, unknown>)["policy"]));
        }, { severity: "low", remediationSteps: "wait" }),
        stackPolicy("not-applicable-with-reason", (args) => args.notApplicable("no queues here")),
        stackPolicy("not-applicable-without-reason", (args) => args.notApplicable()),
        stackPolicy("later", async (args, report) => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            report(`after a while: ${args.resources.length}`);
        }),
        stackPolicy("off-unless-enabled", (_args, report) => report("enabled"), { enforcementLevel: "disabled" }),
        stackPolicy("remediating-stack", (_args, report) => report("remediate becomes mandatory"), { enforcementLevel: "remediate" }),
        stackPolicy("pack-level", (_args, report) => report("level of the pack"), { enforcementLevel: undefined }),
        resourcePolicy("describes-each-resource", (args, report) => {
            report(describeArguments({ ...args, props: undefined, provider: args.provider && { ...args.provider, props: undefined }, isBucket: args.isType({ __pulumiType: BUCKET } as never) }));
        }),
        resourcePolicy("several-validations", [
            (args, report) => report(String((args.props as Record<string, unknown>)["policy"] ?? (args.props as Record<string, unknown>)["tags"])),
            (args, report) => report(`second for ${args.name}`, args.urn),
        ]),
        resourcePolicy("buckets-only", typed(BUCKET, (args: { name: string }, report: ReportViolation) => report(`bucket ${args.name}`))),
        resourcePolicy("keys-only-in-an-array", [typed(KEY, (args: { name: string }, report: ReportViolation) => report(`key ${args.name}`))]),
        resourcePolicy("refuses-keys", (args, report) => {
            if (args.type === KEY) args.notApplicable("keys are not ours");
            if (args.type === "pulumi:providers:aws") args.notApplicable();
            report("applies", args.urn);
        }, { severity: "medium" }),
        { name: "remediation-only", description: "fixes only", enforcementLevel: "remediate", remediateResource: () => undefined } as ResourceValidationPolicy,
        resourcePolicy("remediating-resource", (_args, report) => report("remediate becomes mandatory"), { enforcementLevel: "remediate" }),
        resourcePolicy("off-resource", (_args, report) => report("enabled"), { enforcementLevel: "disabled" }),
    ];
}

async function answers(both: BothHandlers, method: "analyze" | "analyzeStack", request: () => unknown): Promise<[Answer, Answer]> {
    return [await answer(both.sdk[method], request()), await answer(both.ours[method], request())];
}

/** The error message without its stack trace, which names the functions it passed through. */
const withoutStack = (answer: Answer): Answer => (answer.error === undefined ? answer : { error: answer.error.split("\n    at ")[0] });

/** The diagnostics and not-applicable entries of every answer compared, to show the comparisons were not empty. */
const tally = { diagnostics: 0, notApplicable: 0, errors: 0 };

function count(answer: Answer): void {
    if (answer.bytes === undefined) {
        tally.errors++;
        return;
    }
    const response = analyzerPb.AnalyzeResponse.deserializeBinary(answer.bytes);
    tally.diagnostics += response.getDiagnosticsList().length;
    tally.notApplicable += response.getNotApplicableList().length;
}

async function expectSameAnswers(both: BothHandlers, stack: { resources: readonly PlainResource[]; providers: ReadonlyMap<string, PlainResource> }): Promise<number> {
    let compared = 0;
    for (const resource of stack.resources.filter((r) => r.custom)) {
        const provider = resource.provider ? stack.providers.get(resource.provider) : undefined;
        const [sdk, ours] = await answers(both, "analyze", () => analyzeRequest(resource, provider));
        expect(withoutStack(ours), `Analyze ${resource.urn}`).toEqual(withoutStack(sdk));
        count(sdk);
        compared++;
    }
    const [sdk, ours] = await answers(both, "analyzeStack", () => analyzeStackRequest(stack.resources, stack.providers));
    expect(withoutStack(ours), "AnalyzeStack").toEqual(withoutStack(sdk));
    count(sdk);
    return compared + 1;
}

async function configure(both: BothHandlers, config: PolicyConfig): Promise<void> {
    // Through our handler, which hands the request to the SDK's: both then hold the config.
    const configured = await answer(both.ours["configure"], configureRequest(config));
    expect(configured.error).toBeUndefined();
}

async function configureStack(both: BothHandlers, tags: Record<string, string>): Promise<void> {
    const request = new analyzerPb.AnalyzerStackConfigureRequest();
    for (const [key, value] of Object.entries(tags)) request.getTagsMap().set(key, value);
    expect((await answer(both.ours["configureStack"], request)).error).toBeUndefined();
}

describe("one view per request answers as the SDK does", () => {
    it("is in place on the installed SDK (a version it does not follow would silently fall back)", () => {
        expect(followedSdk()).toBeDefined();
    });

    it("for policies that take every path of the SDK's loops, before and after configuration", async () => {
        const both = bothHandlers("every-path", "1.2.3", { policies: everyPathPolicies(), enforcementLevel: "advisory" });
        Object.assign(tally, { diagnostics: 0, notApplicable: 0, errors: 0 });
        let compared = await expectSameAnswers(both, { resources, providers });
        await configureStack(both, { team: "voice", "pulumi:project": "calls" });
        await configure(both, {
            "describes-the-stack": { enforcementLevel: "advisory", properties: { maxDays: 30, regions: ["eu-west-1"] } },
            "off-unless-enabled": { enforcementLevel: "mandatory", properties: {} },
            "off-resource": { enforcementLevel: "advisory", properties: {} },
            "several-validations": { enforcementLevel: "disabled", properties: {} },
            "typed-present": { enforcementLevel: "remediate", properties: {} },
            "no-such-policy": { enforcementLevel: "mandatory", properties: { anything: true } },
        });
        compared += await expectSameAnswers(both, { resources, providers });
        await configure(both, { "describes-each-resource": { enforcementLevel: "mandatory", properties: { note: "reconfigured" } } });
        compared += await expectSameAnswers(both, { resources, providers });
        // Three custom resources and the stack, in three rounds; every round full of findings and skips.
        expect(compared).toBe(3 * 4);
        expect(tally).toEqual({ diagnostics: expect.toSatisfy((n: number) => n > 60), notApplicable: expect.toSatisfy((n: number) => n > 20), errors: 0 });
    });

    it("for resources no validation is called for, answered without the SDK building their arguments", async () => {
        const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
        const typedOnly = [
            resourcePolicy("buckets-only", typed(BUCKET, (args: { name: string }, report: ReportViolation) => report(`bucket ${args.name}`))),
            resourcePolicy(
                "keys-and-buckets",
                markValidationTypes((args: { type: string; name: string }, report: ReportViolation) => {
                    if (args.type === KEY || args.type === BUCKET) report(`judged ${args.name}`);
                }, new Set([KEY, BUCKET])) as ResourceValidationPolicy["validateResource"],
            ),
            // Marked validations keep the mark's promise: nothing for other types.
            resourcePolicy("marked-in-an-array", [markValidationTypes((args: { type: string }, report: ReportViolation) => args.type === KEY && report("a key"), new Set([KEY])) as never]),
            { name: "remediation-only", description: "fixes only", enforcementLevel: "remediate", remediateResource: () => undefined } as ResourceValidationPolicy,
            // Reads the resource, so an answer given without building the arguments would show.
            resourcePolicy("off", (args, report) => report(`enabled for ${args.name} of ${args.type}`), { enforcementLevel: "disabled" }),
        ];
        const both = bothHandlers("typed-only", "2.0.0", { policies: typedOnly });
        Object.assign(tally, { diagnostics: 0, notApplicable: 0, errors: 0 });
        const group = { urn: urn(SECURITY_GROUP, "web"), type: SECURITY_GROUP, name: "web", custom: true, props: { ingress: [{ cidrBlocks: ["0.0.0.0/0"] }] }, provider: PROVIDER };
        const compared = await expectSameAnswers(both, { resources: [...resources, group], providers });
        await configure(both, { off: { enforcementLevel: "mandatory", properties: {} } });
        await expectSameAnswers(both, { resources: [...resources, group], providers });
        expect(compared).toBe(5);
        expect(tally.diagnostics).toBeGreaterThan(4);
        expect(tally.notApplicable).toBeGreaterThan(8);
    });

    it("for a policy that fails: the same error, naming the policy", async () => {
        const failing = [
            resourcePolicy("first", (_args, report) => report("before the failure")),
            resourcePolicy("fails", (args) => {
                if (args.type === BUCKET) throw new Error("cannot read this bucket");
            }),
            stackPolicy("fails-too", () => {
                throw "not even an Error";
            }),
            stackPolicy("never-reached", (_args, report) => report("unreachable")),
        ];
        const both = bothHandlers("failing", "0.0.1", { policies: failing });
        await expectSameAnswers(both, { resources, providers });
        const [, ours] = await answers(both, "analyze", () => analyzeRequest(resources[3], resources[0]));
        expect(ours.error).toMatch(/^Error validating resource with policy 'fails' from policy pack 'failing@v0.0.1':\nError: cannot read this bucket/);
    });

    it("for the whole pack on every control's examples, at the defaults and as each example configures it", async () => {
        const both = bothHandlers(PACK_NAME, "0.1.0", packArgs());
        Object.assign(tally, { diagnostics: 0, notApplicable: 0, errors: 0 });
        let compared = 0;
        for (const control of catalogue) {
            for (const example of control.examples) {
                const snapshot: StackSnapshot = exampleStack(example);
                const stack = { resources: snapshot.resources, providers: new Map(snapshot.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r])) };
                await configure(both, {});
                compared += await expectSameAnswers(both, stack);
                if (example.config !== undefined) {
                    const { enforcementLevel = "mandatory", ...properties } = example.config as Record<string, unknown>;
                    await configure(both, { [control.name]: { enforcementLevel: enforcementLevel as "mandatory", properties } });
                    compared += await expectSameAnswers(both, stack);
                }
            }
        }
        await configure(both, Object.fromEntries(catalogue.map((control, index) => [control.name, { enforcementLevel: (["disabled", "advisory", "mandatory"] as const)[index % 3], properties: {} }])));
        const unrelated: PlainResource[] = ["aws:ec2/securityGroup:SecurityGroup", "aws:kms/alias:Alias", "aws:organizations/policy:Policy", "aws:ec2/instance:Instance"].map((type, index) => ({
            urn: urn(type, `unrelated-${index}`),
            type,
            name: `unrelated-${index}`,
            custom: true,
            props: { name: `unrelated-${index}`, tags: { team: "web" } },
            provider: PROVIDER,
        }));
        compared += await expectSameAnswers(both, { resources: [resources[0], ...unrelated], providers });
        for (const control of catalogue.slice(0, 8)) {
            const snapshot = exampleStack(control.examples[0]);
            compared += await expectSameAnswers(both, { resources: snapshot.resources, providers: new Map(snapshot.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r])) });
        }
        expect(compared).toBeGreaterThan(500);
        expect(tally.diagnostics).toBeGreaterThan(200);
        expect(tally.errors).toBe(0);
    });
});
