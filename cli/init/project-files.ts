/**
 * The files of a new contact-centre project, apart from its program and policy config: what the
 * Pulumi CLI needs to run it (Pulumi.yaml, the stack's config), what npm and TypeScript need
 * (package.json, tsconfig.json), and a README with the three commands that check it.
 */
import { stringify as yaml } from "yaml";
import { npmNameFor } from "./names";

export interface ProjectSettings {
    name: string;
    stack: string;
    region: string;
    namePrefix: string;
}

/** Versions the project depends on: the ones this package is built and tested with. */
export interface DependencyVersions {
    pulumi: string;
    aws: string;
    typescript: string;
    /** `@types/node`, which the project's tsconfig names in `types`, as Pulumi's own TypeScript template does. */
    typesNode: string;
    /** This package's own version, as a range (`^0.1.0`). */
    contactCentreGuard: string;
}

export const POLICY_CONFIG_FILE = "policy-config.json";

/** The offline check, with the team's policy config, so it judges as `pulumi preview --policy-pack` does. */
export const OFFLINE_PREVIEW = `ccguard preview . --policy-pack-config ${POLICY_CONFIG_FILE}`;

export function pulumiYaml(settings: ProjectSettings): string {
    return yaml({
        name: settings.name,
        runtime: "nodejs",
        description: "The storage and recording side of an Amazon Connect contact centre, checked by contact-centre-guard.",
    }, { lineWidth: 0 });
}

export function stackYaml(settings: ProjectSettings): string {
    return yaml({
        config: {
            "aws:region": settings.region,
            // S3 bucket names are global: the prefix makes this project's buckets its own.
            [`${settings.name}:namePrefix`]: settings.namePrefix,
        },
    }, { lineWidth: 0 });
}

export function packageJson(settings: ProjectSettings, versions: DependencyVersions): string {
    const npmName = npmNameFor(settings.name);
    const manifest = {
        ...(npmName === undefined ? {} : { name: npmName }),
        private: true,
        scripts: { "preview:offline": OFFLINE_PREVIEW },
        dependencies: { "@pulumi/aws": versions.aws, "@pulumi/pulumi": versions.pulumi },
        devDependencies: { "@types/node": versions.typesNode, "contact-centre-guard": versions.contactCentreGuard, typescript: versions.typescript },
    };
    return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function tsconfigJson(): string {
    const tsconfig = {
        compilerOptions: {
            strict: true,
            target: "ES2020",
            module: "node16",
            moduleResolution: "node16",
            skipLibCheck: true,
            types: ["node"],
        },
        files: ["index.ts"],
    };
    return `${JSON.stringify(tsconfig, null, 2)}\n`;
}

export function gitignore(): string {
    return "node_modules/\nbin/\n";
}

export function projectReadme(settings: ProjectSettings): string {
    return `# ${settings.name}

The storage and recording side of an Amazon Connect contact centre in ${settings.region}, built from the
contact-centre-guard components so that it passes the contact-centre-guard policy pack: a customer-managed KMS key, a recordings store that expires
contact data, access logs and an audit trail kept a year, the Connect instance with SAML sign-in.

contact-centre-guard comes from your team's copy (a \`.tgz\` made with \`npm pack\`, or a git URL), not
from the npm registry: install it from there first (\`npm install --save-dev <.tgz or git URL>\`), which
replaces the version range in \`package.json\` with where it comes from. Then:

\`\`\`sh
npm install
npx --no-install ${OFFLINE_PREVIEW}
pulumi preview --policy-pack node_modules/contact-centre-guard --policy-pack-config ${POLICY_CONFIG_FILE}
\`\`\`

The second command runs the program offline (no cloud account, no Pulumi CLI) and evaluates what it
would create against the pack; \`npm run preview:offline\` does the same. Always run ccguard with
\`--no-install\`: it then runs the copy this project installed, never a package fetched by name.

Stack \`${settings.stack}\` (\`Pulumi.${settings.stack}.yaml\`) sets \`aws:region\` and \`namePrefix\`, which names
the buckets, trail and Connect instance; S3 bucket names are global, so choose a prefix of your own.

## Policy config

\`${POLICY_CONFIG_FILE}\` is the standard Pulumi policy config file. It states, at the pack's defaults, what
a team decides once: the allowed regions (\`profile\`, \`regions\`), how long contact data, old versions,
streams and logs are kept, key rotation, and who may hear recordings (\`approvedReaders\`). Each entry
is a policy name; an entry can also set \`enforcementLevel\` (\`advisory\`, \`mandatory\`, \`remediate\`,
\`disabled\`) and \`waivers\`, and \`"all"\` sets the level of every policy. For example:

\`\`\`json
{
    "all": "mandatory",
    "retention-contact-data-expiry": { "maxRetentionDays": 180 },
    "access-recording-readers": { "approvedReaders": ["acme-eu-recording-reviewer"] }
}
\`\`\`

The components refuse what the pack would block, against the same defaults. If you change a limit
here, pass the same value to the components as \`limits\`, for example
\`new RecordingStore("recordings", { ..., limits: { maxContactDataRetentionDays: 180 } })\`.
\`npx --no-install ccguard controls\` lists every control and parameter.
`;
}
