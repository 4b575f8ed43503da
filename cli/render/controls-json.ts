/** The control catalogue as JSON (`ccguard controls --format json`), for tools that map controls. */
import type { Control } from "../../policies/control";
import { parameterSchemas } from "../../policies/config/parameters";

export function renderControlsJson(controls: readonly Control[]): string {
    const entries = controls.map((control) => ({
        name: control.name,
        title: control.title,
        area: control.area,
        kind: control.kind,
        appliesTo: control.kind === "resource" ? control.appliesTo : undefined,
        judges: control.kind === "stack" ? control.judges : undefined,
        description: control.description,
        severity: control.severity,
        enforcementLevel: control.enforcementLevel,
        frameworks: control.frameworks,
        remediation: control.remediation,
        parameters: parameterSchemas(control),
    }));
    return `${JSON.stringify({ controls: entries }, null, 2)}\n`;
}
