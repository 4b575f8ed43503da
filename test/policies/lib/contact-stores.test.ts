import { describe, expect, it } from "vitest";
import {
    customerProfilesExports,
    firehoseSourceStream,
    isWriting,
    lexConversationLogs,
    resolveLogGroupArn,
    resolveQueueUrl,
} from "../../../policies/lib/contact-stores";
import { FIREHOSE_DELIVERY_STREAM, LOG_GROUP, NATIVE, SQS_QUEUE } from "../../../policies/lib/resource-types";
import { StackGraph } from "../../../policies/lib/stack-graph";
import { UNKNOWN } from "../../../policies/lib/unknown";
import { propertyAt } from "../../../policies/lib/property-path";
import { graphResource as resource } from "../../support/example-stack";


describe("propertyAt", () => {
    it("walks names and list indexes, quoting the path and naming the top-level input", () => {
        expect(propertyAt({ a: { b: [{ c: 1 }] } }, ["a", "b", 0, "c"])).toEqual({ value: 1, path: "a.b[0].c", property: "a" });
    });

    it("stops at the first step not known yet", () => {
        expect(propertyAt({ a: { b: UNKNOWN } }, ["a", "b", 0, "c"])).toEqual({ value: UNKNOWN, path: "a.b", property: "a" });
    });

    it("gives undefined through missing steps and wrong types", () => {
        expect(propertyAt({ a: "text" }, ["a", "b"]).value).toBeUndefined();
        expect(propertyAt({ a: { b: 3 } }, ["a", "b", 0]).value).toBeUndefined();
    });
});

describe("customerProfilesExports", () => {
    it("reads the exports of both matching kinds and skips those without s3Exporting", () => {
        const exports = customerProfilesExports({
            props: {
                matching: { enabled: true, exportingConfig: {} },
                ruleBasedMatching: { enabled: true, exportingConfig: { s3Exporting: { s3BucketName: "b", s3KeyName: "k/" } } },
            },
        });
        expect(exports.map((e) => [e.bucketName.path, e.bucketName.value, e.keyName.value])).toEqual([["ruleBasedMatching.exportingConfig.s3Exporting.s3BucketName", "b", "k/"]]);
    });
});

describe("lexConversationLogs", () => {
    const settings = { audioLogSettings: [{ enabled: false, destination: { s3Bucket: { s3BucketArn: "arn:aws:s3:::b" } } }] };

    it("reads a bot's draft alias under testBotAliasSettings and an alias directly", () => {
        const bot = lexConversationLogs(resource(NATIVE.LEX_BOT, "bot", { testBotAliasSettings: { conversationLogSettings: settings } }), "audioLogSettings");
        const alias = lexConversationLogs(resource(NATIVE.LEX_BOT_ALIAS, "alias", { conversationLogSettings: settings }), "audioLogSettings");
        expect(bot.settings[0].destination("s3Bucket", "s3BucketArn")).toEqual({
            value: "arn:aws:s3:::b",
            path: "testBotAliasSettings.conversationLogSettings.audioLogSettings[0].destination.s3Bucket.s3BucketArn",
            property: "testBotAliasSettings",
        });
        expect(alias.settings[0].path).toBe("conversationLogSettings.audioLogSettings[0]");
        expect(isWriting(alias.settings[0])).toBe(false);
    });

    it("reports a list not known yet, and reads nothing from a list that is not one", () => {
        expect(lexConversationLogs(resource(NATIVE.LEX_BOT_ALIAS, "a", { conversationLogSettings: { textLogSettings: UNKNOWN } }), "textLogSettings").unknown?.path).toBe(
            "conversationLogSettings.textLogSettings",
        );
        expect(lexConversationLogs(resource(NATIVE.LEX_BOT_ALIAS, "a", { conversationLogSettings: { textLogSettings: "x" } }), "textLogSettings")).toEqual({ settings: [] });
    });
});

describe("firehoseSourceStream", () => {
    it("reads the source stream in each provider's spelling", () => {
        expect(firehoseSourceStream(resource(FIREHOSE_DELIVERY_STREAM, "f", { kinesisSourceConfiguration: { kinesisStreamArn: "s" } })).value).toBe("s");
        expect(firehoseSourceStream(resource(NATIVE.FIREHOSE, "f", { kinesisStreamSourceConfiguration: { kinesisStreamArn: "s" } })).value).toBe("s");
    });
});

describe("references by URL and ARN", () => {
    const url = "https://sqs.eu-central-1.amazonaws.com/111122223333/acme-dlq";
    const source = resource("aws:customerprofiles/domain:Domain", "profiles", {});

    it("finds a deployed queue by its URL, and one of the program by the URL's last segment", () => {
        const deployed = resource(SQS_QUEUE, "deployed", { id: url });
        const named = resource(NATIVE.SQS_QUEUE, "named", { queueName: "acme-dlq" });
        expect(resolveQueueUrl(new StackGraph([deployed, named]), source, { value: url, path: "deadLetterQueueUrl", property: "deadLetterQueueUrl" })).toEqual({ kind: "resources", resources: [deployed] });
        expect(resolveQueueUrl(new StackGraph([named]), source, { value: `${url}/`, path: "deadLetterQueueUrl", property: "deadLetterQueueUrl" })).toEqual({ kind: "resources", resources: [named] });
        expect(resolveQueueUrl(new StackGraph([]), source, { value: url, path: "deadLetterQueueUrl", property: "deadLetterQueueUrl" }).kind).toBe("external");
    });

    it("finds a log group by an ARN that ends in :*", () => {
        const group = resource(LOG_GROUP, "transcripts", { name: "/aws/lex/acme" });
        const at = { value: "arn:aws:logs:eu-central-1:111122223333:log-group:/aws/lex/acme:*", path: "x", property: "x" };
        expect(resolveLogGroupArn(new StackGraph([group]), source, at)).toEqual({ kind: "resources", resources: [group] });
    });
});
