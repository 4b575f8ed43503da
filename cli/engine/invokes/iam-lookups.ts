/**
 * `aws.iam.getRole` and `aws.iam.getPolicy`: existing IAM roles and managed policies. IAM holds them,
 * so offline the ARN is built from the arguments in the stand-in account; what only IAM knows (a
 * role's trust policy, a policy's document) gets a minimal stand-in the note names.
 */
import { type InvokeAnswer, type InvokeContext, plausible, unanswered } from "./answer";
import { arnArgument } from "./arn";
import { echoed, optionalString, optionalStringMap, requiredString } from "./invoke-args";
import { iamUniqueId } from "../stand-in-ids";

const CREATED = "2025-01-01T00:00:00Z";

export function answerGetRole(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const name = requiredString(args, "name");
    const arn = `arn:${context.partition}:iam::${context.account}:role/${name}`;
    const trustPolicy = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:${context.partition}:iam::${context.account}:root` }, Action: "sts:AssumeRole" }],
    };
    return plausible(
        {
            arn,
            assumeRolePolicy: JSON.stringify(trustPolicy),
            createDate: CREATED,
            description: "",
            id: name,
            maxSessionDuration: 3600,
            name,
            path: "/",
            permissionsBoundary: "",
            roleLastUseds: [],
            tags: optionalStringMap(args, "tags") ?? {},
            uniqueId: iamUniqueId("AROA", arn),
        },
        `role ${name} at path "/" in account ${context.account}, trusting only its own account; IAM holds its real trust policy`,
    );
}

// An empty document: it grants nothing, so a control that reads it finds no access to judge.
const UNKNOWN_DOCUMENT = JSON.stringify({ Version: "2012-10-17", Statement: [] });

export function answerGetPolicy(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const arnGiven = optionalString(args, "arn");
    const nameGiven = optionalString(args, "name");
    const pathPrefix = optionalString(args, "pathPrefix");

    let arn: string;
    let name: string;
    let path: string;
    if (arnGiven) {
        // `arn:aws:iam::<account or "aws">:policy/<path>/<name>`
        const resource = arnArgument("arn", arnGiven).resource;
        const segments = resource.split("/");
        name = segments[segments.length - 1];
        path = segments.length > 2 ? `/${segments.slice(1, -1).join("/")}/` : "/";
        arn = arnGiven;
    } else if (nameGiven) {
        name = nameGiven;
        path = pathPrefix ?? "/";
        arn = `arn:${context.partition}:iam::${context.account}:policy${path}${name}`;
    } else {
        return unanswered("without an arn or a name the look-up matches every policy in the account, which IAM rejects as ambiguous");
    }

    const awsManaged = arn.split(":")[4] === "aws";
    return plausible(
        {
            arn,
            attachmentCount: 0,
            description: "",
            id: arn,
            name,
            path,
            ...echoed(args, ["pathPrefix"]),
            policy: UNKNOWN_DOCUMENT,
            policyId: iamUniqueId("ANPA", arn),
            tags: optionalStringMap(args, "tags") ?? {},
        },
        `${awsManaged ? "AWS managed" : "customer managed"} policy ${name}; IAM holds its document, so an empty document stands in`,
    );
}
