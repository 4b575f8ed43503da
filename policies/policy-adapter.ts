/**
 * Turns a control into an `@pulumi/policy` policy. All the plumbing that every control would
 * otherwise repeat lives here: the SDK's metadata fields (so the Pulumi CLI and Pulumi Cloud show
 * severity, frameworks and remediation), parameter defaults, unwrapping the unknown-checking proxy,
 * and DESIGN.md rule 1: decided violations are reported, undecidable ones become an explicit
 * "checked again during the update" note on each resource concerned (or a violation, for teams that
 * fail closed), and nothing the control does can throw into the user's preview.
 */
import type {
    PolicyComplianceFramework,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { CheckedResource, Control, ResourceControl, StackControl } from "./control";
import { effectiveRegion } from "./lib/effective-region";
import { isComponent, type GraphResource, type SdkStackResource, type StackGraph } from "./lib/stack-graph";
import type { SecretMask } from "./lib/secret-masking";
import { rawProperties } from "./lib/unknown";
import { secretMaskFor, secretMaskOfStack } from "./message-secrets";
import { packLabel } from "./pack-identity";
import { stackGraphOf } from "./request-graph";
import { visible } from "./lib/visible-text";
import { markValidationTypes } from "./validation-types";
import { applyWaivers, waiversOf } from "./waivers";
import { parameterSchemas, parametersOf, UNKNOWN_VALUES_PARAMETER } from "./config/parameters";

export { UNKNOWN_VALUES_PARAMETER };

export const DOCS_URL = "https://www.npmjs.com/package/contact-centre-guard";

export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

export function toPolicy(control: Control): PackPolicy {
    return control.kind === "resource" ? toResourcePolicy(control) : toStackPolicy(control);
}

function commonFields(control: Control) {
    const { gdpr, pciDss, iso27001 } = control.frameworks;
    const framework: PolicyComplianceFramework = {
        name: "GDPR / PCI DSS / ISO/IEC 27001",
        version: "2016/679 / v4.0.1 / 2022",
        reference: [
            ...gdpr.map((ref) => `GDPR ${ref}`),
            ...pciDss.map((ref) => `PCI DSS ${ref}`),
            ...iso27001.map((ref) => `ISO/IEC 27001 ${ref}`),
        ].join("; "),
        specification: control.title,
    };
    return {
        name: control.name,
        displayName: control.title,
        description: control.description,
        enforcementLevel: control.enforcementLevel,
        severity: control.severity,
        framework,
        tags: [
            `area:${control.area}`,
            ...gdpr.map((ref) => `gdpr:${ref}`),
            ...pciDss.map((ref) => `pci-dss:${ref}`),
            ...iso27001.map((ref) => `iso27001:${ref}`),
        ],
        remediationSteps: control.remediation.map((step, index) => `${index + 1}. ${step}`).join("\n"),
        url: `${DOCS_URL}#${control.name}`,
        configSchema: { properties: parameterSchemas(control) },
    };
}

/**
 * The control's parameters: schema defaults, overridden by what the policy config sets.
 *
 * The engine validates the policy config against each policy's schema before the pack sees it, so
 * a value of the wrong shape only arrives when the pack is driven some other way. Such a value is
 * replaced by the documented default rather than handed to a control that trusts its types.
 */
export function configOf(control: Control, configured: unknown): Record<string, unknown> {
    const given = configured !== null && typeof configured === "object" ? (configured as Record<string, unknown>) : {};
    const config: Record<string, unknown> = {};
    for (const [key, parameter] of parametersOf(control)) {
        const value = safely(() => given[key], undefined);
        config[key] = value !== undefined && fitsParameter(parameter, value) ? value : parameter.default;
    }
    return config;
}

/** The JSON type (and enum) a parameter's schema declares; deeper constraints stay the engine's job. */
function fitsParameter(parameter: PolicyConfigJSONSchema, value: unknown): boolean {
    if (parameter.enum !== undefined && !parameter.enum.includes(value as never)) return false;
    switch (parameter.type) {
        case "string":
            return typeof value === "string";
        case "boolean":
            return typeof value === "boolean";
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "array": {
            if (!Array.isArray(value)) return false;
            const items = parameter.items;
            return items === undefined || typeof items !== "object" || Array.isArray(items) || value.every((item) => fitsParameter(items, item));
        }
        default:
            return true;
    }
}

interface Outcome {
    violations: { urn?: string; message: string }[];
    undecided: { urn: string; message: string }[];
}

/**
 * The SDK's reportViolation also takes a diagnostic object whose enforcement level overrides the
 * policy's (server.js makeReportViolationFun), though its typings show only the string form. Waived
 * violations use it to stay visible as advisory without blocking.
 */
type DiagnosticReporter = (diagnostic: { message: string; urn?: string; enforcementLevel: "advisory" }) => void;

/** The outcome with every secret the control was given masked in its messages. */
/**
 * Messages as the pack sends them: secrets masked, then control characters shown as escapes. A
 * control's message is one line; a line break or terminal escape in it came from a name or value
 * it quotes, and would otherwise reach the Pulumi CLI's output and every report as written.
 */
function reportable(outcome: Outcome, secretMask: () => SecretMask): Outcome {
    if (outcome.violations.length === 0 && outcome.undecided.length === 0) return outcome;
    const mask = secretMask();
    const shown = (message: string) => visible(mask.isEmpty ? message : mask.mask(message));
    return {
        violations: outcome.violations.map((violation) => ({ ...violation, message: shown(violation.message) })),
        undecided: outcome.undecided.map((note) => ({ ...note, message: shown(note.message) })),
    };
}

function report(control: Control, config: Record<string, unknown>, unmasked: Outcome, secretMask: () => SecretMask, reportViolation: ReportViolation) {
    const outcome = reportable(unmasked, secretMask);
    const waivers = waiversOf(config["waivers"]);
    for (const { message, urn } of outcome.violations) {
        const verdict = applyWaivers(waivers, urn ?? "", message);
        if (verdict.waived) {
            (reportViolation as unknown as DiagnosticReporter)({
                message: `${control.description}\n${verdict.message}`,
                urn,
                enforcementLevel: "advisory",
            });
        } else {
            reportViolation(verdict.message, urn);
        }
    }
    if (outcome.undecided.length === 0) return;
    if (config["unknownValues"] === "block") {
        for (const { message, urn } of outcome.undecided) {
            reportViolation(`${message} Blocked at preview because this policy's unknownValues is "block".`, urn);
        }
        return;
    }
    // The SDK's own note for a policy that reads an unknown value names no resource, which a stack
    // policy needs; so every deferral is written here, once per resource, in the SDK's own words.
    for (const [urn, notes] of notesByResource(outcome.undecided)) {
        (reportViolation as unknown as DiagnosticReporter)({ message: deferredNote(control, notes), urn, enforcementLevel: "advisory" });
    }
}

const CHECKED_AT_UPDATE = "Checked again during the update, when the value is known.";

/**
 * Notes quoted per resource. A stack control can defer one check per pair of resources (who can read
 * recordings defers each bucket for every role whose policy document is not known yet): quoted in
 * full, a 10,000-resource first preview carried 27 MB of notes, growing with the square of the stack.
 * The rest are counted; every one of them is checked again during the update.
 */
const MAX_NOTES_PER_RESOURCE = 5;

/**
 * Worded as the SDK words its "can't run ... during preview" notes, so the Pulumi CLI shows ours like
 * any other pack's and ccguard recognises them alike; the engine runs the policy again with every
 * input known before it creates the resource.
 */
function deferredNote(control: Control, notes: string[]): string {
    const quoted = notes.slice(0, MAX_NOTES_PER_RESOURCE).join(" ");
    const more = notes.length - MAX_NOTES_PER_RESOURCE;
    const counted = more > 0 ? ` And ${more} more ${more === 1 ? "check" : "checks"} of this resource that depend on values not known yet.` : "";
    return `can't run policy '${control.name}' from policy pack '${packLabel()}' during preview: ${quoted}${counted} ${CHECKED_AT_UPDATE}`;
}

function notesByResource(undecided: Outcome["undecided"]): Map<string, string[]> {
    const notes = new Map<string, Set<string>>();
    for (const { urn, message } of undecided) notes.set(urn, (notes.get(urn) ?? new Set<string>()).add(message));
    return new Map([...notes].map(([urn, messages]) => [urn, [...messages]]));
}

/** A bug in a control must not abort the user's preview, nor pass silently: it blocks, and says so. */
function internalError(control: Control, error: unknown): string {
    const reason = error instanceof Error ? error.message : String(error);
    return `${control.name} could not evaluate this input (${reason}); treated as a violation so nothing passes unchecked. Please report this to the contact-centre-guard maintainers.`;
}

function toResourcePolicy(control: ResourceControl): ResourceValidationPolicy {
    const types = new Set(control.appliesTo);
    const parameters = parametersOnce(control);
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        // Returning, not throwing the SDK's NotApplicableError: this runs for every resource of every
        // preview, and an exception (with its stack trace) per unrelated resource is paid on the hot path.
        if (!types.has(args.type) || isComponent(args)) return;
        const config = parameters(safely(() => args.getConfig(), {}));
        const outcome: Outcome = { violations: [], undecided: [] };
        try {
            control.check(checkedResource(args), config, {
                violation: (message) => outcome.violations.push({ message, urn: args.urn }),
                undecided: (message) => outcome.undecided.push({ urn: args.urn, message }),
            });
        } catch (error) {
            outcome.violations.push({ message: internalError(control, error) });
        }
        report(control, config, outcome, () => secretMaskFor([args.props, args.provider?.props]), reportViolation);
    };
    // With a single type the SDK skips other resources before calling us at all; with several, the
    // pack's own handlers do (validation-types.ts), since this returns at once for any other type.
    if (control.appliesTo.length === 1) {
        (validateResource as unknown as { __pulumiType: string }).__pulumiType = control.appliesTo[0];
    }
    markValidationTypes(validateResource, types);
    const remediate = control.remediate?.bind(control);
    if (!remediate) return { ...commonFields(control), validateResource };

    const remediateResource = (args: ResourceValidationArgs) => {
        if (!types.has(args.type) || isComponent(args)) args.notApplicable(`applies to ${control.appliesTo.join(", ")} cloud resources`);
        try {
            const config = configOf(control, safely(() => args.getConfig(), {}));
            return remediate(checkedResource(args), config);
        } catch {
            // A fix that cannot be computed is no fix; validation still reports the violation.
            return undefined;
        }
    };
    if (control.appliesTo.length === 1) {
        (remediateResource as unknown as { __pulumiType: string }).__pulumiType = control.appliesTo[0];
    }
    return { ...commonFields(control), validateResource, remediateResource };
}

/**
 * `configOf` for one control, worked out once per configuration object: the pack's handlers hand
 * every resource the same object until the next Configure (one-view-per-request.ts), so a preview
 * does not rebuild the same parameters for every resource. Any other object is worked out afresh.
 */
function parametersOnce(control: Control): (configured: unknown) => Record<string, unknown> {
    const worked = new WeakMap<object, Record<string, unknown>>();
    return (configured) => {
        if (configured === null || typeof configured !== "object") return configOf(control, configured);
        let config = worked.get(configured);
        if (config === undefined) {
            config = configOf(control, configured);
            worked.set(configured, config);
        }
        return config;
    };
}

/**
 * Keyed on the properties the SDK hands every policy of one request (shared-deserialisation.ts), so
 * the resource and its effective region are read once per request, not once per control.
 */
const checkedByProperties = new WeakMap<object, CheckedResource>();

function checkedResource(args: ResourceValidationArgs): CheckedResource {
    const key = args.props as object;
    let checked = checkedByProperties.get(key);
    if (checked === undefined) {
        checked = Object.freeze(readResource(args));
        checkedByProperties.set(key, checked);
    }
    return checked;
}

function readResource(args: ResourceValidationArgs): CheckedResource {
    const props = rawProperties(args.props);
    const provider = args.provider && {
        type: args.provider.type,
        name: args.provider.name,
        urn: args.provider.urn,
        props: rawProperties(args.provider.props),
    };
    return { type: args.type, name: args.name, urn: args.urn, props, provider, region: effectiveRegion({ type: args.type, props, provider }) };
}

function toStackPolicy(control: StackControl): StackValidationPolicy {
    const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const config = configOf(control, safely(() => args.getConfig(), {}));
        const outcome: Outcome = { violations: [], undecided: [] };
        let graph: StackGraph | undefined;
        try {
            graph = stackGraphOf(args.resources as unknown as SdkStackResource[]);
            control.check(graph, config, {
                violation: (resource: GraphResource, message) => outcome.violations.push({ urn: resource.urn, message }),
                undecided: (resource: GraphResource, message) => outcome.undecided.push({ urn: resource.urn, message }),
            });
        } catch (error) {
            outcome.violations.push({ message: internalError(control, error) });
        }
        // One mask per request: the graph is shared by every stack policy of it (request-graph.ts).
        // Controls see the graph's resources only, so their secrets are all a message can quote.
        const secretMask = () =>
            secretMaskOfStack(graph, () => (graph ?? { resources: args.resources }).resources.flatMap((resource) => [resource.props, resource.provider?.props]));
        report(control, config, outcome, secretMask, reportViolation);
    };
    return { ...commonFields(control), validateStack };
}

function safely<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch {
        return fallback;
    }
}
