/**
 * AWS Organizations policies that keep contact data in the allowed regions where no resource of a
 * stack can: a service control policy that denies Amazon Connect Global Resiliency (instance
 * replication and traffic distribution, which pair Frankfurt with London) and every regional action
 * outside the allowed regions, and an AI services opt-out policy so Contact Lens, Lex and Transcribe
 * keep no content for service improvement elsewhere.
 *
 * Organizations policies are managed from the organisation's management account (or a delegated
 * administrator), and take effect in the accounts they are attached to. The management account
 * itself is never restricted by a service control policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { allowedRegions } from "../policies/lib/regions";
import { accountIdOf, policyDocument, requireResourceName } from "./aws-names";
import { limitsWith, type ComplianceLimits } from "./limits";
import { ArgumentCheck } from "./refusals";

export interface OrganisationGuardrailsArgs {
    /** Prefix of the policy names: `<namePrefix>-contact-data-residency`, `<namePrefix>-ai-services-opt-out`. */
    namePrefix: string;
    /** Accounts, organisational units or the root the policies apply to; default the account this stack deploys to. */
    targetIds?: pulumi.Input<string>[];
    /** Global services (IAM action prefixes such as `"waf"`) exempted from the region deny, beyond the built-in list. */
    additionalGlobalServices?: readonly string[];
    limits?: Partial<ComplianceLimits>;
    tags?: Record<string, string>;
}

/** Actions that copy an Amazon Connect instance and its traffic into another region. */
export const GLOBAL_RESILIENCY_ACTIONS: readonly string[] = ["connect:ReplicateInstance", "connect:CreateTrafficDistributionGroup"];

/**
 * Services whose endpoints are global (served from us-east-1): denying them outside the allowed
 * regions would lock the account out of IAM, billing and support.
 */
const GLOBAL_SERVICES: readonly string[] = [
    "account",
    "aws-portal",
    "billing",
    "budgets",
    "ce",
    "cloudfront",
    "cur",
    "globalaccelerator",
    "health",
    "iam",
    "organizations",
    "pricing",
    "route53",
    "route53domains",
    "shield",
    "sts",
    "support",
    "trustedadvisor",
];

/** The opt-out from AWS AI services storing content for service improvement, for every AI service. */
const AI_SERVICES_OPT_OUT = { services: { default: { opt_out_policy: { "@@assign": "optOut" } } } };

export class OrganisationGuardrails extends pulumi.ComponentResource {
    readonly serviceControlPolicy: aws.organizations.Policy;
    readonly aiServicesOptOutPolicy: aws.organizations.Policy;
    readonly allowedRegions: readonly string[];

    constructor(name: string, args: OrganisationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgumentCheck("OrganisationGuardrails", "contact-centre:organizations:OrganisationGuardrails", name);
        const limits = limitsWith(args.limits);
        const regions = allowedRegions(limits.regionProfile, limits.regions);
        const scpName = requireResourceName(check, "namePrefix", `${args.namePrefix}-contact-data-residency`, 128, args.namePrefix);
        const optOutName = requireResourceName(check, "namePrefix", `${args.namePrefix}-ai-services-opt-out`, 128, args.namePrefix);
        if (args.targetIds !== undefined && args.targetIds.length === 0) {
            check.refuse(
                "targetIds",
                [],
                "account or OU ids, or unset for this account",
                "`targetIds` is empty; policies attached nowhere protect nothing. Name the accounts or OUs, or leave it unset for this account",
                { policy: "residency-organisation-guardrails" },
            );
        }
        const extra = args.additionalGlobalServices ?? [];
        for (const service of extra) {
            if (!/^[a-z0-9-]+$/.test(service) || ["connect", "s3", "kinesis", "kms", "logs"].includes(service)) {
                check.refuse(
                    "additionalGlobalServices",
                    service,
                    "global service prefixes, none that holds contact data",
                    `\`additionalGlobalServices\` has "${service}"; name a global service prefix, never one that holds contact data`,
                    { policy: "residency-organisation-guardrails" },
                );
            }
        }
        check.settle();

        super("contact-centre:organizations:OrganisationGuardrails", name, {}, opts);
        this.allowedRegions = regions;
        const exempt = [...new Set([...GLOBAL_SERVICES, ...extra])].sort().map((service) => `${service}:*`);

        this.serviceControlPolicy = new aws.organizations.Policy(
            `${name}-residency-scp`,
            {
                name: scpName,
                type: "SERVICE_CONTROL_POLICY",
                description: "Keeps contact data in the allowed regions: no Connect Global Resiliency, no regional action elsewhere",
                content: policyDocument([
                    { Sid: "DenyConnectGlobalResiliency", Effect: "Deny", Action: [...GLOBAL_RESILIENCY_ACTIONS], Resource: "*" },
                    {
                        Sid: "DenyRegionsOutsideTheAllowList",
                        Effect: "Deny",
                        NotAction: exempt,
                        Resource: "*",
                        Condition: { StringNotEquals: { "aws:RequestedRegion": regions } },
                    },
                ]),
                tags: args.tags,
            },
            { parent: this },
        );
        this.aiServicesOptOutPolicy = new aws.organizations.Policy(
            `${name}-ai-opt-out`,
            {
                name: optOutName,
                type: "AISERVICES_OPT_OUT_POLICY",
                description: "AWS AI services keep no contact-centre content for service improvement",
                content: JSON.stringify(AI_SERVICES_OPT_OUT),
                tags: args.tags,
            },
            { parent: this },
        );
        const targets = args.targetIds ?? [accountIdOf(this)];
        targets.forEach((targetId, index) => {
            for (const [policy, kind] of [
                [this.serviceControlPolicy, "residency-scp"],
                [this.aiServicesOptOutPolicy, "ai-opt-out"],
            ] as const) {
                new aws.organizations.PolicyAttachment(`${name}-${kind}-attachment-${index + 1}`, { policyId: policy.id, targetId }, { parent: this });
            }
        });

        this.registerOutputs({ serviceControlPolicyId: this.serviceControlPolicy.id, aiServicesOptOutPolicyId: this.aiServicesOptOutPolicy.id, allowedRegions: regions });
    }
}
