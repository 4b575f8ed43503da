/**
 * `ccguard init [dir]`: start a contact-centre project that passes the pack, or add the team's
 * settings file and the policy config it expands into to an existing Pulumi project.
 *
 * A directory without a Pulumi.yaml gets a whole project; one with a Pulumi.yaml gets only the
 * settings file and the policy config, and nothing else of the team's is touched. Nothing is ever overwritten: every file is
 * checked before the first is written, and a file that appears in between (the write is exclusive)
 * undoes what was written.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ADEQUACY_REGIONS } from "../../policies/lib/regions";
import { parse as parseYaml } from "yaml";
import type { Control } from "../../policies/control";
import { UsageError } from "../errors";
import { PACKAGE_ROOT } from "../package-root";
import { fileProblem } from "../read-input";
import { visible } from "../visible-text";
import { checkProjectName, checkRegion, checkStackName, namePrefixFor } from "./names";
import { programTs } from "./program";
import {
    gitignore,
    packageJson,
    OFFLINE_PREVIEW,
    POLICY_CONFIG_FILE,
    projectReadme,
    pulumiYaml,
    stackYaml,
    tsconfigJson,
    type DependencyVersions,
    type ProjectSettings,
} from "./project-files";
import { settingsFiles } from "./settings-file";

export interface InitOptions {
    name?: string;
    stack: string;
    region: string;
    dryRun?: boolean;
}

export interface PlannedFile {
    /** Relative to the project directory. */
    path: string;
    content: string;
}

export interface InitPlan {
    mode: "new" | "existing";
    dir: string;
    files: PlannedFile[];
    nextSteps: string[];
}

// contact-centre-guard is installed from the team's copy: a version range alone would make npm look
// the name up in the public registry, where nobody vouches for what it finds.
const INSTALL_OURS = "npm install --save-dev <contact-centre-guard .tgz or git URL>";

// The Pulumi CLI reads either spelling of the project file.
const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** The versions this package is built with, from its own manifest: a new project gets the same. */
export function ownDependencyVersions(): DependencyVersions {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
    };
    const versionOf = (name: string) =>
        manifest.dependencies?.[name] ?? manifest.peerDependencies?.[name] ?? manifest.devDependencies?.[name] ?? "*";
    return {
        pulumi: versionOf("@pulumi/pulumi"),
        aws: versionOf("@pulumi/aws"),
        typescript: versionOf("typescript"),
        typesNode: versionOf("@types/node"),
    };
}

/** The `aws:region` of an existing stack's config file, when it sets one. */
function configuredRegion(dir: string, stack: string): string | undefined {
    for (const file of [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`]) {
        try {
            const config = (parseYaml(readFileSync(path.join(dir, file), "utf8")) as { config?: Record<string, unknown> } | null)?.config;
            const region = config?.["aws:region"];
            if (typeof region === "string") return region;
        } catch {
            // No such file, or not YAML: the stack's region is not known, so the settings keep the default profile.
        }
    }
    return undefined;
}

function isDirectory(dir: string): boolean {
    try {
        return statSync(dir).isDirectory();
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw new UsageError(`cannot read ${visible(dir)}: ${fileProblem(error)}`);
    }
}

/** The directory itself, or the closest of its parents that exists: where writing would begin. */
function nearestExisting(dir: string): string {
    let current = path.resolve(dir);
    while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
    return current;
}

/** A path as a POSIX shell reads it back, for next steps a reader can paste. */
function shellWord(text: string): string {
    return /^[A-Za-z0-9_./:@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function dependsOnUs(dir: string): boolean {
    try {
        const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, Record<string, unknown> | undefined>;
        return ["dependencies", "devDependencies"].some((field) => manifest[field]?.["contact-centre-guard"] !== undefined);
    } catch {
        return false;
    }
}

export function planInit(dir: string, options: InitOptions, controls: readonly Control[], versions: DependencyVersions): InitPlan {
    const stack = checkStackName(options.stack);
    const { region, regionProfile } = checkRegion(options.region);
    const existing = nearestExisting(dir);
    if (!isDirectory(existing)) throw new UsageError(`${visible(existing)} is not a directory`);
    const existingProject = PROJECT_FILES.some((file) => existsSync(path.join(dir, file)));
    // An existing stack already says where it runs: a London stack needs the adequacy profile too.
    const stackRegion = existingProject ? configuredRegion(dir, stack) : undefined;
    const profile = stackRegion !== undefined && ADEQUACY_REGIONS.includes(stackRegion) ? "eu-plus-adequacy" : regionProfile;
    const teamFiles = settingsFiles(controls, new Date(), { regionProfile: profile });
    const settingsAndPolicyConfig: PlannedFile[] = [teamFiles.settings, teamFiles.policyConfig];
    const enterProject = dir === "." ? [] : [`cd ${shellWord(dir)}`];
    const pulumiPreview = `pulumi preview --policy-pack node_modules/contact-centre-guard --policy-pack-config ${POLICY_CONFIG_FILE}`;

    if (existingProject) {
        return {
            mode: "existing",
            dir,
            files: settingsAndPolicyConfig,
            nextSteps: [
                ...enterProject,
                ...(dependsOnUs(dir) ? [] : [`${INSTALL_OURS} (your team's copy, not the npm registry)`]),
                `npx --no-install ${OFFLINE_PREVIEW}`,
                pulumiPreview,
            ],
        };
    }

    const fromDirectory = options.name === undefined;
    const name = checkProjectName(options.name ?? path.basename(path.resolve(dir)), fromDirectory);
    const settings: ProjectSettings = { name, stack, region, namePrefix: namePrefixFor(name) };
    return {
        mode: "new",
        dir,
        files: [
            { path: "Pulumi.yaml", content: pulumiYaml(settings) },
            { path: `Pulumi.${stack}.yaml`, content: stackYaml(settings) },
            { path: "package.json", content: packageJson(settings, versions) },
            { path: "tsconfig.json", content: tsconfigJson() },
            { path: "index.ts", content: programTs(settings) },
            ...settingsAndPolicyConfig,
            { path: ".gitignore", content: gitignore() },
            { path: "README.md", content: projectReadme(settings) },
        ],
        nextSteps: [
            ...enterProject,
            `${INSTALL_OURS} (your team's copy, not the npm registry)`,
            "npm install",
            `npx --no-install ${OFFLINE_PREVIEW}`,
            pulumiPreview,
        ],
    };
}

/** The first file of the plan that is already there (a dangling symbolic link counts: writing would follow it). */
export function firstConflict(plan: InitPlan): string | undefined {
    for (const file of plan.files) {
        const target = path.join(plan.dir, file.path);
        try {
            lstatSync(target);
            return target;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
                throw new UsageError(`cannot check ${visible(target)}: ${fileProblem(error)}; nothing was written`);
            }
        }
    }
    return undefined;
}

export function writePlan(plan: InitPlan): void {
    const conflict = firstConflict(plan);
    if (conflict !== undefined) throw new UsageError(`${visible(conflict)} already exists; nothing was written`);
    let createdFrom: string | undefined;
    const written: string[] = [];
    try {
        createdFrom = mkdirSync(plan.dir, { recursive: true });
        for (const file of plan.files) {
            const target = path.join(plan.dir, file.path);
            // Exclusive: a file created since the check above is not overwritten.
            writeFileSync(target, file.content, { flag: "wx" });
            written.push(target);
        }
    } catch (error) {
        for (const target of written.reverse()) unlinkSync(target);
        if (createdFrom !== undefined) removeEmptyDirectories(path.resolve(plan.dir), path.resolve(createdFrom));
        const where = (error as { path?: string }).path ?? plan.dir;
        throw new UsageError(`cannot write ${visible(where)}: ${fileProblem(error)}; nothing was written`);
    }
}

/** Directories this run created, from the deepest up to the first one, if nothing else is in them. */
function removeEmptyDirectories(deepest: string, first: string): void {
    for (let dir = deepest; dir.startsWith(first); dir = path.dirname(dir)) {
        try {
            rmdirSync(dir);
        } catch {
            return;
        }
        if (dir === first) return;
    }
}

/** Runs the command; every line it reports goes to `say`. Returns the exit code. */
export function runInit(dir: string, options: InitOptions, controls: readonly Control[], say: (line: string) => void): number {
    const plan = planInit(dir, options, controls, ownDependencyVersions());
    if (options.dryRun === true) {
        const conflict = firstConflict(plan);
        if (conflict !== undefined) throw new UsageError(`${visible(conflict)} already exists; nothing would be written`);
        for (const file of plan.files) say(`would write ${visible(path.join(dir, file.path))}`);
        return 0;
    }
    writePlan(plan);
    for (const file of plan.files) say(`wrote ${visible(path.join(dir, file.path))}`);
    if (plan.mode === "existing") say(`existing Pulumi project: only ${plan.files.map((file) => file.path).join(" and ")} were added`);
    for (const step of plan.nextSteps) say(`next: ${visible(step)}`);
    return 0;
}
