/**
 * `aws.organizations.getOrganization`: the AWS Organization the account belongs to. Offline the
 * stand-in account manages a one-account organisation with all features and no policy types
 * enabled, so nothing in the answer suggests a service control policy guards the stack.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { echoed, optionalBoolean } from "./invoke-args";
import { digest } from "../stand-in-ids";

export function answerGetOrganization(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const organizationOnly = optionalBoolean(args, "returnOrganizationOnly");
    const { account, partition } = context;
    const organizationId = `o-${digest(`organization/${account}`).slice(0, 10)}`;
    const rootId = `r-${digest(`root/${account}`).slice(0, 4)}`;
    const organizationArn = `arn:${partition}:organizations::${account}:organization/${organizationId}`;
    const managementAccountArn = `arn:${partition}:organizations::${account}:account/${organizationId}/${account}`;
    const managementAccount = {
        arn: managementAccountArn,
        email: "ccguard-offline@example.com",
        id: account,
        joinedMethod: "CREATED",
        joinedTimestamp: "2025-01-01T00:00:00Z",
        name: "ccguard offline",
        state: "ACTIVE",
        status: "ACTIVE",
    };
    // With returnOrganizationOnly the provider skips the calls that list accounts, roots and services.
    const members = organizationOnly
        ? { accounts: [], awsServiceAccessPrincipals: [], enabledPolicyTypes: [], nonMasterAccounts: [], roots: [] }
        : {
              accounts: [managementAccount],
              awsServiceAccessPrincipals: [],
              enabledPolicyTypes: [],
              nonMasterAccounts: [],
              roots: [{ arn: `arn:${partition}:organizations::${account}:root/${organizationId}/${rootId}`, id: rootId, name: "Root", policyTypes: [] }],
          };
    return plausible(
        {
            ...members,
            arn: organizationArn,
            featureSet: "ALL",
            id: organizationId,
            masterAccountArn: managementAccountArn,
            masterAccountEmail: managementAccount.email,
            masterAccountId: account,
            masterAccountName: managementAccount.name,
            ...echoed(args, ["returnOrganizationOnly"]),
        },
        `a one-account organisation managed by ${account}, all features, no policy types (no service control policies) enabled`,
    );
}
