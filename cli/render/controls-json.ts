/** The control catalogue as JSON (`ccguard controls --format json`), for tools that map controls. */
import type { Control } from "../../policies/control";
import { UNKNOWN_VALUES_PARAMETER } from "../../policies/policy-adapter";
import { WAIVERS_PARAMETER } from "../../policies/waivers";

export function renderControlsJson(controls: readonly Control[]): string {
    const entries = controls.map((control) => ({
        name: control.name,
        title: control.title,
        area: control.area,
        kind: control.kind,
        appliesTo: control.kind === "resource" ? control.appliesTo : undefined,
        description: control.description,
        severity: control.severity,
        enforcementLevel: control.enforcementLevel,
        frameworks: control.frameworks,
        remediation: control.remediation,
        parameters: { ...control.parameters, unknownValues: UNKNOWN_VALUES_PARAMETER, waivers: WAIVERS_PARAMETER },
    }));
    return `${JSON.stringify({ controls: entries }, null, 2)}\n`;
}
