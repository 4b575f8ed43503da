/**
 * The pack under load, launched as the Pulumi CLI launches it and spoken to over gRPC (the reference
 * path). The engine keeps many Analyze calls in flight during a large preview, sends a whole stack in
 * one AnalyzeStack, and a buggy or future engine may send anything: each answer must be the answer to
 * that request alone, a stack of tens of thousands of resources must be judged in full, and a request
 * the pack cannot read must cost that request only, never the pack that every other call relies on.
 */
import * as grpc from "@grpc/grpc-js";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProvider } from "../../cli/analyzer/evaluate";
import { GrpcAnalyzer } from "../../cli/analyzer/grpc-analyzer";
import { reconcilePolicyConfig } from "../../cli/analyzer/policy-config";
import type { Diagnostic, PackInfo, PlainResource, StackSnapshot } from "../../cli/analyzer/types";
import { catalogue } from "../../policies/catalogue";
import type { ExampleResource } from "../../policies/control";
import { kmsKeyRotation } from "../../policies/encryption/kms-key-rotation";
import { UNKNOWN, UNKNOWN_SENTINELS } from "../../policies/lib/unknown";
import { organisationGuardrails } from "../../policies/residency/organisation-guardrails";
import { defaultProvider, exampleStack, urnOf } from "../support/example-stack";
import { compliantStack, KEY_ARN, policyConfig } from "../support/hand-written-stack";
import { REPO_ROOT } from "../support/paths";
import {
    deeplyNestedAnalyzeRequest,
    rawAnalyzeRequest,
    rawAnalyzeStackRequest,
    RawAnalyzerClient,
    secret,
    SECRET_SIG,
    SIG_KEY,
    type Answer,
    type RawProvider,
    type RawResource,
} from "../support/raw-analyzer";

/** The hand-written stack's guardrails waiver, extended to every copy of its Connect instance. */
const guardrailsWaiver = policyConfig["residency-organisation-guardrails"].waivers[0];
const waivedInEveryCopy = { [organisationGuardrails.name]: { waivers: [{ ...guardrailsWaiver, resource: "contact-centre*" }] } };

let pack: GrpcAnalyzer;
let raw: RawAnalyzerClient;
let infoAtStart: PackInfo;

/** A key with rotation off: the request every test sends to see that the pack still judges correctly. */
const canaryExample = kmsKeyRotation.examples.find((e) => e.title === "a key with rotation explicitly off")!;
const canaryStack = exampleStack(canaryExample);
const canaryKey = canaryStack.resources.find((r) => r.type === "aws:kms/key:Key")!;
const canaryProvider = canaryStack.resources.find(isProvider)!;
const canary = () => pack.analyze(canaryKey, canaryProvider);
let canaryFindings: Diagnostic[];

beforeAll(async () => {
    pack = await GrpcAnalyzer.launch(REPO_ROOT);
    infoAtStart = await pack.info();
    await pack.configure(reconcilePolicyConfig(infoAtStart, waivedInEveryCopy));
    raw = new RawAnalyzerClient(pack.launched.port);
    canaryFindings = await canary();
});
afterAll(async () => {
    raw?.close();
    await pack?.close();
});

it("judges the canary key as blocked for its rotation, before anything else is sent", () => {
    expect(canaryFindings).toEqual([expect.objectContaining({ policyName: kmsKeyRotation.name, enforcementLevel: "mandatory", urn: canaryKey.urn })]);
});

interface AnalyzeCall {
    label: string;
    resource: PlainResource;
    provider: PlainResource | undefined;
}

/** Every resource of every control's examples, as the engine would send it to Analyze. */
function exampleCalls(): AnalyzeCall[] {
    return catalogue.flatMap((control) =>
        control.examples.flatMap((example) => {
            const stack = exampleStack(example);
            const providers = new Map(stack.resources.filter(isProvider).map((p) => [p.urn, p]));
            return stack.resources
                .filter((r) => !isProvider(r))
                .map((resource) => ({
                    label: `${control.name}: ${example.title}: ${resource.name}`,
                    resource,
                    provider: resource.provider ? providers.get(resource.provider) : undefined,
                }));
        }),
    );
}

const providersOf = (snapshot: StackSnapshot) => new Map(snapshot.resources.filter(isProvider).map((p) => [p.urn, p]));
const blocks = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.enforcementLevel === "mandatory");

describe("many requests in flight at once", () => {
    it("answers hundreds of concurrent Analyze calls, compliant and violating mixed, each exactly as it answers that call alone", async () => {
        const calls = exampleCalls();
        const alone: Diagnostic[][] = [];
        for (const call of calls) alone.push(await pack.analyze(call.resource, call.provider));

        const together = await Promise.all(calls.map((call) => pack.analyze(call.resource, call.provider)));

        expect(calls.length).toBeGreaterThanOrEqual(400);
        expect(alone.filter(blocks).length).toBeGreaterThanOrEqual(100);
        expect(alone.filter((findings) => findings.length === 0).length).toBeGreaterThanOrEqual(100);
        calls.forEach((call, index) => expect(together[index], call.label).toEqual(alone[index]));
    });

    it("answers every example stack's AnalyzeStack, all in flight together with Analyze calls, exactly as alone", async () => {
        const stacks = catalogue.flatMap((control) => control.examples.map((example) => ({ label: `${control.name}: ${example.title}`, snapshot: exampleStack(example) })));
        const alone: Diagnostic[][] = [];
        for (const { snapshot } of stacks) alone.push(await pack.analyzeStack(snapshot.resources, providersOf(snapshot)));

        const [together, canaries] = await Promise.all([
            Promise.all(stacks.map(({ snapshot }) => pack.analyzeStack(snapshot.resources, providersOf(snapshot)))),
            Promise.all(Array.from({ length: 50 }, canary)),
        ]);

        expect(alone.filter(blocks).length).toBeGreaterThanOrEqual(100);
        stacks.forEach((stack, index) => expect(together[index], stack.label).toEqual(alone[index]));
        for (const answer of canaries) expect(answer).toEqual(canaryFindings);
    });
});

interface PlantedMistake {
    mistake: string;
    mutate(copy: ExampleResource[]): ExampleResource[];
    /** Policy and resource (its name in the hand-written stack) of each finding the mistake must draw. */
    findings: [policy: string, resource: string][];
}

const changed = (name: string, update: (props: Record<string, unknown>) => Record<string, unknown>) => (copy: ExampleResource[]) =>
    copy.map((r) => (r.name === name ? { ...r, props: update(r.props) } : r));

const plantedMistakes = new Map<number, PlantedMistake>([
    [
        123,
        {
            mistake: "recordings are kept seven years",
            mutate: changed("recordings-lifecycle", (p) => ({ ...p, rules: [{ ...(p["rules"] as object[])[0], expiration: { days: 2555 } }] })),
            findings: [["retention-contact-data-expiry", "recordings"]],
        },
    ],
    [
        456,
        {
            mistake: "the recordings bucket policy is dropped",
            mutate: (copy) => copy.filter((r) => r.name !== "recordings-policy"),
            findings: [["encryption-bucket-tls-only", "recordings"]],
        },
    ],
    [
        701,
        {
            mistake: "the trail's log bucket is encrypted with SSE-S3",
            mutate: changed("trail-logs-encryption", (p) => ({ ...p, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }] })),
            findings: [["encryption-bucket-customer-key", "trail-logs"]],
        },
    ],
]);

/** `copies` hand-written contact centres side by side, bucket, stream and alias names unique per copy. */
function contactCentres(copies: number, mistakes: ReadonlyMap<number, PlantedMistake>): StackSnapshot {
    const template = JSON.stringify(compliantStack());
    const resources: ExampleResource[] = [];
    for (let copy = 0; copy < copies; copy++) {
        const resourcesOfCopy = JSON.parse(template.replace(/acme-/g, `acme${copy}-`)) as ExampleResource[];
        const planted = mistakes.get(copy)?.mutate(resourcesOfCopy) ?? resourcesOfCopy;
        for (const resource of planted) resources.push({ ...resource, name: `${resource.name}-c${copy}` });
    }
    return exampleStack({ title: `${copies} contact centres`, verdict: "compliant", resources });
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

describe("a large stack", () => {
    it("judges 20,000 resources in one AnalyzeStack and reports exactly the mistakes planted among them, serving Analyze meanwhile", async () => {
        const copies = Math.ceil(20_000 / compliantStack().length);
        const snapshot = contactCentres(copies, plantedMistakes);
        expect(snapshot.resources.length).toBeGreaterThanOrEqual(20_000);

        const [findings, ...canaries] = await Promise.all([pack.analyzeStack(snapshot.resources, providersOf(snapshot)), canary(), canary(), canary()]);

        const waived = findings.filter((d) => d.policyName === organisationGuardrails.name && d.enforcementLevel === "advisory" && d.message.includes("Waived:"));
        expect(waived.map((d) => nameOf(d.urn)).sort()).toEqual(Array.from({ length: copies }, (_, copy) => `contact-centre-c${copy}`).sort());
        const planted = [...plantedMistakes].flatMap(([copy, { findings: expected }]) =>
            expected.map(([policy, resource]) => `${policy} mandatory ${resource}-c${copy}`),
        );
        const unwaived = findings.filter((d) => !waived.includes(d)).map((d) => `${d.policyName} ${d.enforcementLevel} ${nameOf(d.urn)}`);
        const mistakes = [...plantedMistakes.values()].map((m) => m.mistake).join("; ");
        expect(unwaived.sort(), `planted: ${mistakes}`).toEqual(planted.sort());
        for (const answer of canaries) expect(answer).toEqual(canaryFindings);
    }, 300_000);
});

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const STORAGE_CONFIG = "aws:connect/instanceStorageConfig:InstanceStorageConfig";
const IAM_POLICY = "aws:iam/policy:Policy";
const CONTACT_FLOW = "aws:connect/contactFlow:ContactFlow";
const KEY = "aws:kms/key:Key";
const FIVE_MIB = 5 * 1024 * 1024;
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";

/** A resource's own fields as they go on the wire, without the engine's options and graph. */
const onTheWire = ({ type, urn, name, props }: PlainResource): RawProvider => ({ type, urn, name, props });
const provider = onTheWire(defaultProvider("eu-central-1"));

const resourceOf = (type: string, name: string, props: Record<string, unknown>, extra: Partial<RawResource> = {}): RawResource => ({
    type,
    urn: urnOf(type, name),
    name,
    props,
    provider,
    ...extra,
});
const bucket = (name: string, extra: Partial<RawResource> = {}) => resourceOf(BUCKET, name, { bucket: name }, extra);

function nested(depth: number): unknown {
    let value: unknown = "bottom";
    for (let level = 0; level < depth; level++) value = level % 2 ? { nested: value } : [value];
    return value;
}

/**
 * `findings`: a well-formed message whose properties have an odd shape is the pack's to judge; an
 * error there would abort the user's whole preview (DESIGN rule 4). `findings or error`: the message
 * itself is broken (fields the engine always sends are missing, or the bytes do not decode).
 */
type Acceptable = "findings" | "findings or error";

interface MalformedCase {
    request: string;
    acceptable: Acceptable;
    send(): Promise<Answer>;
    /** URNs the answer may name: those of the request's own resources. */
    urns: string[];
}

const analyzeCase = (request: string, acceptable: Acceptable, resource: RawResource): MalformedCase => ({
    request,
    acceptable,
    send: () => raw.analyze(rawAnalyzeRequest(resource)),
    urns: [resource.urn ?? ""],
});
const stackCase = (request: string, acceptable: Acceptable, resources: RawResource[]): MalformedCase => ({
    request,
    acceptable,
    send: () => raw.analyzeStack(rawAnalyzeStackRequest(resources)),
    urns: resources.map((r) => r.urn ?? ""),
});
const bytesCase = (request: string, method: "Analyze" | "AnalyzeStack", bytes: () => Uint8Array, urns = [""]): MalformedCase => ({
    request,
    acceptable: "findings or error",
    send: () => raw.send(method, bytes()),
    urns,
});

const brokenMessages: MalformedCase[] = [
    analyzeCase("Analyze without a type", "findings or error", { urn: urnOf(BUCKET, "untyped"), name: "untyped", props: { bucket: "untyped" }, provider }),
    analyzeCase("Analyze without a URN", "findings or error", { type: BUCKET, name: "no-urn", props: { bucket: "no-urn" }, provider }),
    analyzeCase("Analyze without a name", "findings or error", { type: KEY, urn: urnOf(KEY, "nameless"), props: { enableKeyRotation: false }, provider }),
    analyzeCase("Analyze without properties", "findings or error", { type: KEY, urn: urnOf(KEY, "bare"), name: "bare", provider }),
    analyzeCase("Analyze without resource options", "findings or error", { ...resourceOf(KEY, "no-options", {}), options: false }),
    analyzeCase("an empty Analyze request", "findings or error", { options: false }),
    analyzeCase("an unknown value as the resource's name and type", "findings or error", {
        ...resourceOf(KEY, "unknown-name", { enableKeyRotation: false }),
        type: UNKNOWN,
        name: UNKNOWN,
    }),
    analyzeCase("a provider with no properties at all", "findings or error", {
        ...resourceOf(KEY, "bare-provider", { enableKeyRotation: true }),
        provider: { type: provider.type, urn: provider.urn, name: provider.name },
    }),
];

const oddProperties: MalformedCase[] = [
    analyzeCase(
        "strings and numbers where an encryption configuration expects objects",
        "findings",
        resourceOf(SSE, "sse", { bucket: { name: "acme" }, rules: "aws:kms", expectedBucketOwner: [] }),
    ),
    analyzeCase(
        "a storage config whose storageConfig is a string and resourceType a number",
        "findings",
        resourceOf(STORAGE_CONFIG, "storage", { instanceId: 7, resourceType: 7, storageConfig: "S3" }),
    ),
    analyzeCase(
        "a key whose every setting has the wrong type",
        "findings",
        resourceOf(KEY, "odd-key", { enableKeyRotation: "yes", rotationPeriodInDays: "365", deletionWindowInDays: [30], policy: { Statement: "*" }, multiRegion: {} }),
    ),
    analyzeCase("a policy document nested 1,000 levels deep", "findings", resourceOf(IAM_POLICY, "deep", { policy: nested(1_000) })),
    analyzeCase(
        "an IAM policy document of 5 MiB",
        "findings",
        resourceOf(IAM_POLICY, "huge", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "x".repeat(FIVE_MIB) }] }) }),
    ),
    analyzeCase(
        "a contact flow of 5 MiB that is not JSON",
        "findings",
        resourceOf(CONTACT_FLOW, "huge-flow", { instanceId: "i", name: "huge", type: "CONTACT_FLOW", content: "{".repeat(FIVE_MIB) }),
    ),
    analyzeCase("unknown values of every kind as keys, list items and whole blocks", "findings", {
        ...resourceOf(STORAGE_CONFIG, "unknowns", {
            [UNKNOWN]: UNKNOWN,
            instanceId: UNKNOWN_SENTINELS.object,
            resourceType: UNKNOWN_SENTINELS.array,
            storageConfig: { storageType: UNKNOWN_SENTINELS.boolean, s3Config: UNKNOWN_SENTINELS.asset, kinesisStreamConfig: [UNKNOWN_SENTINELS.number] },
            region: UNKNOWN_SENTINELS.archive,
        }),
        provider: { ...provider, props: { region: UNKNOWN, version: UNKNOWN } },
    }),
    analyzeCase("secrets around whole blocks, around unknowns and inside the provider", "findings", {
        ...resourceOf(SSE, "secrets", {
            bucket: secret("acme-recordings"),
            rules: secret([{ applyServerSideEncryptionByDefault: secret({ sseAlgorithm: secret(UNKNOWN), kmsMasterKeyId: secret(KEY_ARN) }) }]),
            region: secret(secret("eu-central-1")),
        }),
        provider: { ...provider, props: { region: secret("us-east-1"), defaultTags: secret(UNKNOWN) } },
    }),
    // The SDK cannot unmarshal these three special values, so it may refuse them.
    analyzeCase("a secret signature without a value", "findings or error", resourceOf(KEY, "secret-no-value", { enableKeyRotation: { [SIG_KEY]: SECRET_SIG } })),
    analyzeCase("a special-value signature the engine never sends", "findings or error", resourceOf(KEY, "odd-signature", { policy: { [SIG_KEY]: "not-a-signature", value: "x" } })),
    analyzeCase("an asset signature where a key policy belongs", "findings or error", resourceOf(KEY, "asset-policy", { policy: { [SIG_KEY]: ASSET_SIG } })),
    analyzeCase("a provider whose properties are garbage", "findings", {
        ...resourceOf(KEY, "garbage-provider", { enableKeyRotation: true }),
        provider: { type: "", urn: "not a urn", name: "", props: { region: 42, version: [], assumeRole: "x".repeat(10_000), defaultTags: "tags", endpoints: { s3: { region: "eu" } } } },
    }),
];

const oddStacks: MalformedCase[] = [
    stackCase("an empty AnalyzeStack", "findings", []),
    stackCase("AnalyzeStack with three resources under one URN", "findings", [bucket("twin"), { ...bucket("twin"), props: { bucket: "other" } }, { ...bucket("twin"), type: KEY, props: {} }]),
    stackCase("AnalyzeStack whose parents are missing, themselves, or each other", "findings", [
        bucket("orphan", { parent: urnOf("contact-centre:s3:RecordingStore", "gone") }),
        bucket("own-parent", { parent: urnOf(BUCKET, "own-parent") }),
        bucket("loop-a", { parent: urnOf(BUCKET, "loop-b") }),
        bucket("loop-b", { parent: urnOf(BUCKET, "loop-a") }),
    ]),
    stackCase("AnalyzeStack whose dependencies and property dependencies name nothing in the stack, or go round in circles", "findings", [
        resourceOf(SSE, "dangling-sse", { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN } }] }, {
            dependencies: [urnOf(BUCKET, "gone"), "", "not a urn"],
            propertyDependencies: { bucket: [urnOf(BUCKET, "gone")], rules: ["garbage", ""], "": [], unknownProperty: [urnOf(KEY, "gone")] },
        }),
        bucket("cycle-a", { dependencies: [urnOf(BUCKET, "cycle-b")], propertyDependencies: { bucket: [urnOf(BUCKET, "cycle-b"), urnOf(BUCKET, "cycle-a")] } }),
        bucket("cycle-b", { dependencies: [urnOf(BUCKET, "cycle-a")] }),
    ]),
    stackCase("AnalyzeStack with strings where objects belong, deep nesting and a garbage provider", "findings", [
        resourceOf(STORAGE_CONFIG, "storage", { storageConfig: "S3", resourceType: ["CALL_RECORDINGS"] }, {
            propertyDependencies: { storageConfig: [urnOf(BUCKET, "named")] },
        }),
        bucket("named", { provider: { type: "pulumi:providers:aws", urn: "", props: { region: { region: "eu-central-1" } } } }),
        resourceOf(IAM_POLICY, "deep", { policy: nested(200), tags: [nested(200)] }),
    ]),
    stackCase("AnalyzeStack with a resource that has no type, URN or name", "findings or error", [{ props: { bucket: "anonymous" }, provider }, bucket("named")]),
    stackCase("AnalyzeStack with a resource that has no properties", "findings or error", [{ type: BUCKET, urn: urnOf(BUCKET, "bare"), name: "bare", provider }, bucket("named")]),
];

const undecodable: MalformedCase[] = [
    bytesCase("bytes that are not a protobuf message, sent to Analyze", "Analyze", () => Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x99])),
    bytesCase("plain text sent to AnalyzeStack", "AnalyzeStack", () => Buffer.from("this is not an AnalyzeStackRequest")),
    bytesCase(
        "a document nested 100,000 levels deep, beyond what the protobuf library can decode",
        "Analyze",
        () => deeplyNestedAnalyzeRequest(resourceOf(IAM_POLICY, "abyss", {}), "policy", 100_000),
        [urnOf(IAM_POLICY, "abyss")],
    ),
];

/** The request's own answer or error, while a well-formed request sent at the same time and one sent after are judged as ever. */
async function expectServedAlone(malformed: MalformedCase): Promise<void> {
    const [answer, during] = await Promise.all([malformed.send(), canary()]);

    if (malformed.acceptable === "findings") expect(answer, JSON.stringify(answer).slice(0, 500)).toMatchObject({ kind: "findings" });
    if (answer.kind === "error") {
        // UNAVAILABLE would mean the connection, or the pack behind it, is gone.
        expect(answer.code).not.toBe(grpc.status.UNAVAILABLE);
        expect(answer.details).not.toBe("");
    } else {
        for (const finding of answer.diagnostics) {
            expect(policyNames).toContain(finding.policyName);
            // The SDK drops the URN of a stack policy's "can't run ... during preview" note.
            const deferredNote = finding.message.includes("can't run policy");
            expect(deferredNote ? [...malformed.urns, ""] : malformed.urns).toContain(finding.urn);
            expect(finding.message).not.toMatch(/could not evaluate/);
        }
    }
    expect(during).toEqual(canaryFindings);
    expect(await canary()).toEqual(canaryFindings);
}

const policyNames = catalogue.map((c) => c.name);
const named = (cases: MalformedCase[]) => cases.map((c) => [c.request, c] as const);

describe("malformed requests", () => {
    it.each(named(brokenMessages))("keeps serving after %s, answered or refused on its own", (_request, malformed) => expectServedAlone(malformed));
    it.each(named(oddProperties))("keeps serving after %s, judged on its own", (_request, malformed) => expectServedAlone(malformed));
    it.each(named(oddStacks))("keeps serving after %s, judged on its own", (_request, malformed) => expectServedAlone(malformed));
    it.each(named(undecodable))("keeps serving after %s, refused or answered on its own", (_request, malformed) => expectServedAlone(malformed));

    it("writes deeply nested requests that the protobuf library reads back as written", () => {
        const bytes = deeplyNestedAnalyzeRequest(resourceOf(IAM_POLICY, "three", {}), "policy", 3);
        const decoded = analyzerPb.AnalyzeRequest.deserializeBinary(bytes);
        expect(decoded.getProperties()?.toJavaScript()).toEqual({ policy: [[["bottom"]]] });
        expect(decoded.getUrn()).toBe(urnOf(IAM_POLICY, "three"));
    });
});

it("is still the same live pack at the end: it takes new connections, describes itself as at the start and judges as before", async () => {
    expect(await pack.info()).toEqual(infoAtStart);
    expect(await canary()).toEqual(canaryFindings);
    const newcomer = new RawAnalyzerClient(pack.launched.port);
    try {
        const answer = await newcomer.analyze(rawAnalyzeRequest({ ...onTheWire(canaryKey), provider: onTheWire(canaryProvider) }));
        expect(answer).toEqual({ kind: "findings", diagnostics: canaryFindings });
    } finally {
        newcomer.close();
    }
});
