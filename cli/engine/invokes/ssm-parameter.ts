/**
 * `aws.ssm.getParameter`: a value kept in SSM Parameter Store. The value exists only in the
 * account, so offline a placeholder stands in and the note says so. AWS's public parameters under
 * `/aws/service/` that name the latest machine image (the usual reason programs read one) get an
 * image id in the form EC2 expects; they belong to no account, so their ARN has none.
 */
import { type InvokeAnswer, type InvokeContext, plausible } from "./answer";
import { echoed, requiredString, targetRegion } from "./invoke-args";
import { ec2StyleId } from "../stand-in-ids";

const PUBLIC_PREFIX = "/aws/service/";

export function answerGetParameter(args: Record<string, unknown>, context: InvokeContext): InvokeAnswer {
    const name = requiredString(args, "name");
    const region = targetRegion(args, context);
    const isPublic = name.startsWith(PUBLIC_PREFIX);
    const namesImage = isPublic && /ami/i.test(name);
    const value = namesImage ? ec2StyleId("ami", `${region}/${name}`) : `ccguard-offline-value:${name}`;
    const owner = isPublic ? "" : context.account;
    const path = name.startsWith("/") ? name : `/${name}`;

    return plausible(
        {
            arn: `arn:${context.partition}:ssm:${region}:${owner}:parameter${path}`,
            id: name,
            insecureValue: value,
            name,
            region,
            type: "String",
            value,
            version: 1,
            ...echoed(args, ["withDecryption"]),
        },
        namesImage
            ? `public parameter ${name} holds a stand-in image id`
            : `parameter ${name} holds a placeholder string of type String; Parameter Store holds the real value`,
    );
}
