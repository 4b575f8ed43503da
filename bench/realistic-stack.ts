/**
 * Stacks of any size that look like what teams deploy: many contact centres side by side, each the
 * bundled example `examples/eu-contact-centre` exactly as our components build it, plus unrelated
 * application resources (about 30%).
 *
 * The example is recorded once through the offline engine in one of two forms: resolved (every id and
 * ARN known, as during an update or an audit), or as at a first preview (ids, ARNs and every value
 * derived from them unknown, relations known only through property dependencies, as `ccguard
 * preview` shows the pack by default). Each copy renames, consistently, everything that would
 * clash between two contact centres in one stack: URNs (so parents, dependencies and property
 * dependencies follow), the name prefix that buckets, streams, roles, key aliases, the trail, the
 * instance alias and the log group are named from, and the identifiers AWS assigns (key ids, the
 * instance id, role unique ids, generated names). References therefore resolve within a copy and
 * never across copies. Deterministic: the same size gives the same stack.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PlainResource, StackSnapshot } from "../cli/analyzer/types";
import { loadProject } from "../cli/engine/project";
import { recordProgram } from "../cli/engine/record-program";
import { CONNECT_INSTANCE } from "../policies/lib/resource-types";
import { isUnknown } from "../policies/lib/unknown";
import { applicationResources, type StackContext } from "./application-workloads";

/**
 * What the pack is shown: `resolved` as during `pulumi up` or an audit, `first-preview` as in the
 * first `pulumi preview` of a new stack, the moment that matters most (DESIGN.md, rule 1).
 */
export type StackForm = "resolved" | "first-preview";

export const STACK_FORMS: readonly StackForm[] = ["resolved", "first-preview"];

/** Share of a generated stack that is application resources unrelated to the contact centres. */
const APPLICATION_SHARE = 0.3;

/** One recorded contact centre, cut where each copy differs. */
export interface ContactCentreTemplate {
    form: StackForm;
    project: string;
    stack: string;
    /** The stack resource and the default providers: once per stack, whatever the number of copies. */
    shared: PlainResource[];
    /** Resources of one contact centre. */
    perCopy: number;
    /** The contact centre's resources as JSON text, split so that odd pieces are copy-specific tokens. */
    pieces: string[];
    /** Every copy-specific token, and how a copy renames it. */
    tokens: { text: string; rename: (copy: number) => string }[];
}

const isStackResource = (r: PlainResource) => r.type === "pulumi:pulumi:Stack";
const isDefaultProvider = (r: PlainResource) => r.type.startsWith("pulumi:providers:") && r.name.startsWith("default");

function hexDigest(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/**
 * An identifier AWS assigned (`807f9eb2-49b8-...`, `AROA5B33D6...`, `contact-centre-agent-events-a3fedbd8`)
 * keeps its shape in every copy: its long hexadecimal runs are replaced by others of the same length and case.
 */
function renameAssigned(identifier: string, copy: number): string {
    return identifier.replace(/[0-9a-f]{8,}|[0-9A-F]{8,}/g, (run) => {
        const replacement = hexDigest(`${copy}/${run}`).repeat(2).slice(0, run.length);
        return run === run.toUpperCase() ? replacement.toUpperCase() : replacement;
    });
}

/** Identifiers in a resource's outputs that AWS would assign, and that do not come from the name prefix. */
function assignedIdentifiers(resource: PlainResource, namePrefix: string): string[] {
    const outputs = resource.outputs ?? {};
    const found: string[] = [];
    for (const key of ["keyId", "uniqueId"]) if (typeof outputs[key] === "string") found.push(outputs[key] as string);
    for (const key of ["arn", "serviceRole", "name"]) {
        const value = outputs[key];
        if (typeof value === "string") found.push(value.split(/[/:]/).pop()!);
    }
    // The sentinel of an unknown output looks like an assigned id, but is the same in every copy.
    return found.filter(
        (identifier) => identifier.length >= 8 && !isUnknown(identifier) && !identifier.includes(namePrefix) && /[0-9a-fA-F]{8,}/.test(identifier),
    );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function templateOf(snapshot: StackSnapshot, form: StackForm): ContactCentreTemplate {
    const shared = snapshot.resources.filter((r) => isStackResource(r) || isDefaultProvider(r));
    const copied = snapshot.resources.filter((r) => !isStackResource(r) && !isDefaultProvider(r));
    const namePrefix = copied.find((r) => r.type === CONNECT_INSTANCE)?.props["instanceAlias"];
    if (typeof namePrefix !== "string") throw new Error("the recorded contact centre has no Connect instance with a literal instanceAlias");

    const label = (copy: number) => `cc${copy}`;
    const tokens: ContactCentreTemplate["tokens"] = [
        { text: namePrefix, rename: (copy) => `${namePrefix}-${label(copy)}` },
        ...copied.map((r) => {
            const cut = r.urn.lastIndexOf("::") + 2;
            return { text: r.urn, rename: (copy: number) => `${r.urn.slice(0, cut)}${label(copy)}-${r.urn.slice(cut)}` };
        }),
        ...[...new Set(copied.flatMap((r) => assignedIdentifiers(r, namePrefix)))].map((identifier) => ({
            text: identifier,
            rename: (copy: number) => renameAssigned(identifier, copy),
        })),
    ];
    // Longest first, so a URN or identifier is never cut short by a shorter token it contains.
    const alternatives = tokens.map((t) => escapeRegExp(t.text)).sort((a, b) => b.length - a.length);
    const pieces = JSON.stringify(copied).split(new RegExp(`(${alternatives.join("|")})`));
    return { form, project: snapshot.project, stack: snapshot.stack, shared, perCopy: copied.length, pieces, tokens };
}

/**
 * Records `examples/eu-contact-centre` through the offline engine (a child process, several seconds):
 * `--outputs resolved` for the resolved form, `--outputs unknown` (the default of `ccguard preview`)
 * for the first-preview form.
 */
export async function recordContactCentre(repoRoot: string, form: StackForm = "resolved"): Promise<ContactCentreTemplate> {
    const project = loadProject(path.join(repoRoot, "examples", "eu-contact-centre"), "dev");
    const outputs = form === "resolved" ? "resolved" : "unknown";
    return templateOf(await recordProgram(project, { outputs, typeCheck: false }), form);
}

function contactCentreCopy(template: ContactCentreTemplate, copy: number): PlainResource[] {
    const renamed = new Map(template.tokens.map((token) => [token.text, token.rename(copy)]));
    let text = "";
    for (let index = 0; index < template.pieces.length; index++) {
        text += index % 2 === 1 ? renamed.get(template.pieces[index])! : template.pieces[index];
    }
    const resources = JSON.parse(text) as PlainResource[];
    for (const resource of resources) resource.name = resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
    return resources;
}

export interface RealisticStack {
    snapshot: StackSnapshot;
    contactCentres: number;
    applicationResources: number;
}

/** A stack of about `size` resources: contact centres (about 70%) and application resources (the rest). */
export function realisticStack(template: ContactCentreTemplate, size: number): RealisticStack {
    const contactCentres = Math.max(1, Math.round((size * (1 - APPLICATION_SHARE)) / template.perCopy));
    const applicationCount = Math.max(0, size - template.shared.length - contactCentres * template.perCopy);
    const stackResource = template.shared.find(isStackResource);
    const defaultProvider = template.shared.find((r) => isDefaultProvider(r) && r.type === "pulumi:providers:aws");
    if (!stackResource || !defaultProvider) throw new Error("the recorded contact centre has no stack resource or default AWS provider");
    const context: StackContext = { form: template.form, project: template.project, stack: template.stack, stackUrn: stackResource.urn, defaultProvider };

    const resources: PlainResource[] = [...template.shared];
    for (let copy = 0; copy < contactCentres; copy++) resources.push(...contactCentreCopy(template, copy));
    resources.push(...applicationResources(context, applicationCount));
    return {
        snapshot: { project: template.project, stack: template.stack, resources },
        contactCentres,
        applicationResources: applicationCount,
    };
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const EXPORTED_AT = "2026-01-15T09:30:00.000Z";

function uuidOf(text: string): string {
    const h = hexDigest(text);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What the engine stores as a resource's id: the physical name or ARN AWS knows it by. */
function physicalIdOf(resource: PlainResource): string {
    const outputs = resource.outputs ?? {};
    for (const key of ["bucket", "keyId", "name", "arn"]) if (typeof outputs[key] === "string") return outputs[key] as string;
    return `${resource.name}-${hexDigest(resource.urn).slice(0, 8)}`;
}

/**
 * Writes `snapshot` as `pulumi stack export` does after an update (deployment version 3): inputs and
 * outputs per resource, providers referenced as `<urn>::<id>`, secrets encrypted.
 */
export function writeStackExport(snapshot: StackSnapshot, file: string): void {
    const providerIds = new Map<string, string>();
    for (const r of snapshot.resources) if (r.type.startsWith("pulumi:providers:")) providerIds.set(r.urn, uuidOf(r.urn));
    const resources = snapshot.resources.map((r) => ({
        urn: r.urn,
        custom: r.custom,
        id: r.custom ? (providerIds.get(r.urn) ?? physicalIdOf(r)) : undefined,
        type: r.type,
        inputs: r.props,
        outputs: r.outputs ?? r.props,
        parent: r.parent,
        provider: r.provider ? `${r.provider}::${providerIds.get(r.provider) ?? "unknown"}` : undefined,
        protect: r.options?.protect || undefined,
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
        created: EXPORTED_AT,
        modified: EXPORTED_AT,
    }));
    const document = {
        version: 3,
        deployment: {
            manifest: { time: EXPORTED_AT, magic: "", version: "v3.204.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:YmVuY2g=:v1:YmVuY2hzYWx0:c2FsdA==" } },
            resources,
        },
    };
    // Without --show-secrets the CLI writes each secret as ciphertext; ccguard cannot read it either.
    const encrypted = (_key: string, value: unknown) =>
        value !== null && typeof value === "object" && SECRET_SIG_KEY in value
            ? { [SECRET_SIG_KEY]: (value as Record<string, unknown>)[SECRET_SIG_KEY], ciphertext: `v1:${hexDigest(JSON.stringify(value)).slice(0, 24)}` }
            : value;
    writeFileSync(file, JSON.stringify(document, encrypted));
}
