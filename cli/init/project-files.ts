/**
 * The files of a new contact-centre project, apart from its program, settings and policy config: what the
 * Pulumi CLI needs to run it (Pulumi.yaml, the stack's config), what npm and TypeScript need
 * (package.json, tsconfig.json), and a README with the three commands that check it.
 */
import { stringify as yaml } from "yaml";
import { SETTINGS_FILE_NAME } from "../../policies/config/settings-file";
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
}

export const POLICY_CONFIG_FILE = "policy-config.json";

/**
 * The offline check, with the team's settings expanded as `ccguard config` expands them into the
 * policy config, so it judges as `pulumi preview --policy-pack` does with that file.
 */
export const OFFLINE_PREVIEW = `ccguard preview . --settings ${SETTINGS_FILE_NAME}`;

/** Regenerates the policy config from the settings, after the team changes them. */
export const REGENERATE_POLICY_CONFIG = `ccguard config --output ${POLICY_CONFIG_FILE}`;

/** Fails (exit 1) when the committed policy config no longer says what the settings say: for CI. */
export const CHECK_POLICY_CONFIG = `ccguard config --check ${POLICY_CONFIG_FILE}`;

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
        // Not contact-centre-guard: the name is not published on the npm registry, so a range here would make a
        // plain `npm install` ask the registry for it, and install whatever someone publishes under that name.
        // The next step, `npm install --save-dev <your team's .tgz or git URL>`, adds it from the team's copy.
        devDependencies: { "@types/node": versions.typesNode, typescript: versions.typescript },
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
would create against the pack, configured by the team's settings (below); \`npm run preview:offline\`
does the same. The third runs the real preview with the policy config generated from those settings. Always run ccguard with
\`--no-install\`: it then runs the copy this project installed, never a package fetched by name.

Stack \`${settings.stack}\` (\`Pulumi.${settings.stack}.yaml\`) sets \`aws:region\` and \`namePrefix\`, which names
the buckets, trail and Connect instance; S3 bucket names are global, so choose a prefix of your own.

## Settings

\`${SETTINGS_FILE_NAME}\` is where the team writes down, once, what it decides: where contact data may
live (\`regionProfile\`, \`regions\`), how long contact data, old versions, streams and logs are kept,
how keys age, which buckets hold contact data and who may hear recordings (\`approvedReaders\`). Each
setting starts at the pack's default and reaches every policy that takes it; the program reads the
same file (\`limitsFromSettings()\`) and passes it to every component as \`limits\`, so the components
refuse what the pack, so configured, would block. For example, contact data kept 180 days and the UK
allowed besides the EU:

\`\`\`yaml
settings:
  regionProfile: eu-plus-adequacy
  maxContactDataRetentionDays: 180
  approvedReaders: [acme-eu-recording-reviewer]
policies:
  connect-identity-management: mandatory
\`\`\`

\`policies:\` takes standard Pulumi policy config entries, which apply over the settings: an
enforcement level (\`advisory\`, \`mandatory\`, \`remediate\`, \`disabled\`), or an entry with
\`enforcementLevel\`, parameters and \`waivers\` (each with \`resource\`, \`reason\`, \`owner\` and
\`expires\`); \`all\` sets the level of every policy.

The Pulumi CLI reads the standard policy config file, \`${POLICY_CONFIG_FILE}\`, which is generated
from the settings. After changing them, regenerate it and commit both files:

\`\`\`sh
npx --no-install ${REGENERATE_POLICY_CONFIG}
\`\`\`

In CI, \`npx --no-install ${CHECK_POLICY_CONFIG}\` fails (exit 1) when \`${POLICY_CONFIG_FILE}\` no longer
says what \`${SETTINGS_FILE_NAME}\` says. \`npx --no-install ccguard controls\` lists every control and
parameter.
`;
}
