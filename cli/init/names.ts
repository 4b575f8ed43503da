/**
 * What `ccguard init` accepts as a project name, stack name and region, checked before anything is
 * written. Names come from the command line and end up in file names and YAML, so a name that
 * Pulumi itself would refuse is refused here, with one line, instead of producing a project that the
 * Pulumi CLI rejects later.
 */
import { UsageError } from "../errors";
import { ADEQUACY_REGIONS, EU_MEMBER_STATE_REGIONS } from "../../policies/lib/regions";
import { visible } from "../visible-text";
import { CONNECT_EUROPEAN_REGIONS } from "../../components/connect-regions";

// Pulumi's rule for project names (pulumi/pulumi sdk/go/common/tokens/project.go, ValidateProjectName,
// with IsName from sdk/go/common/tokens/names.go): 1 to 100 characters, the first a letter, `_` or
// `.`, the rest letters, digits, `_`, `.` and `-`.
const PROJECT_NAME = /^[A-Za-z_.][A-Za-z0-9_.-]*$/;

// Pulumi's rule for stack names (pulumi/pulumi sdk/go/common/tokens/stack_name.go, ParseStackName):
// 1 to 100 letters, digits, `_`, `.` and `-`. The name is also part of the file name
// `Pulumi.<stack>.yaml`, so neither rule lets a separator or control character reach the disk.
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

const MAX_NAME_LENGTH = 100;

/** `fromDirectory`: the name was not given but taken from the directory, so say how to give one. */
export function checkProjectName(name: string, fromDirectory = false): string {
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || !PROJECT_NAME.test(name)) {
        const source = fromDirectory ? " (the directory's name; give another with --name)" : "";
        throw new UsageError(
            `project name "${visible(name)}"${source} is not one Pulumi accepts: use 1 to 100 letters, digits, '_', '.' and '-', starting with a letter, '_' or '.'`,
        );
    }
    return name;
}

export function checkStackName(name: string): string {
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || !STACK_NAME.test(name)) {
        throw new UsageError(`stack name "${visible(name)}" is not one Pulumi accepts: use 1 to 100 letters, digits, '_', '.' and '-'`);
    }
    return name;
}

// The ContactCentre component refuses European regions without Amazon Connect, so a scaffold there
// would not run; the EU Sovereign Cloud region is not one it refuses.
const SCAFFOLD_REGIONS = EU_MEMBER_STATE_REGIONS.filter((region) => !region.startsWith("eu-") || CONNECT_EUROPEAN_REGIONS.includes(region));
/** Outside the EU, where Amazon Connect runs and an adequacy decision allows transfers: London. */
const ADEQUACY_SCAFFOLD_REGIONS = ADEQUACY_REGIONS.filter((region) => CONNECT_EUROPEAN_REGIONS.includes(region));
const ACCEPTED = `${SCAFFOLD_REGIONS.join(", ")}, or ${ADEQUACY_SCAFFOLD_REGIONS.join(", ")} (outside the EU, allowed by an adequacy decision)`;

/**
 * The region of a new contact centre and the region profile its settings need: an EU member-state
 * region the ContactCentre component accepts (profile `eu-member-states`, the pack's default), or
 * London (`eu-plus-adequacy`: lawful under the UK adequacy decision, and a team's explicit choice).
 */
export function checkRegion(region: string): { region: string; regionProfile: "eu-member-states" | "eu-plus-adequacy" } {
    if (ADEQUACY_SCAFFOLD_REGIONS.includes(region)) return { region, regionProfile: "eu-plus-adequacy" };
    if (!EU_MEMBER_STATE_REGIONS.includes(region)) {
        throw new UsageError(`region "${visible(region)}" is outside the regions the pack can allow for Amazon Connect; use ${ACCEPTED}`);
    }
    if (!SCAFFOLD_REGIONS.includes(region)) {
        throw new UsageError(`region "${region}" is in the EU, but Amazon Connect is not offered there; use ${ACCEPTED}`);
    }
    return { region, regionProfile: "eu-member-states" };
}

/**
 * The prefix the components name buckets, the trail and the Connect instance from: S3 bucket names
 * are lower-case letters, digits and hyphens, and a Connect alias may not start with "d-".
 */
export function namePrefixFor(projectName: string): string {
    const prefix = projectName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 40)
        .replace(/-+$/, "");
    return prefix.length >= 3 && !prefix.startsWith("d-") ? prefix : `cc-${prefix || "contact-centre"}`.replace(/-+$/, "");
}

/** An npm package name for the project, when the project name makes one (npm: lower case, no leading `.` or `_`). */
export function npmNameFor(projectName: string): string | undefined {
    const name = projectName.toLowerCase();
    return /^[a-z0-9][a-z0-9._-]*$/.test(name) && name.length <= 214 ? name : undefined;
}
