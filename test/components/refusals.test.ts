/**
 * Components refuse every bad argument at once: one error under `pulumi preview`, and under ccguard
 * (its collector installed) a record of each refusal and a component built with the values as given.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { EncryptionKey } from "../../components/encryption-key";
import { ContactCentre, type ContactCentreArgs } from "../../components/contact-centre";
import { RecordingStore } from "../../components/recording-store";
import { jsonSafe, REFUSALS_KEY, type Refusal } from "../../components/refusals";
import { type ComponentRecorder, setUpComponentMocks } from "../support/component-mocks";

const KEY_ARN = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let mocks: ComponentRecorder;

beforeAll(async () => {
    mocks = await setUpComponentMocks();
});

const globals = globalThis as Record<symbol, unknown>;
afterEach(() => {
    delete globals[REFUSALS_KEY];
});

const tooLong = { namePrefix: "acme-refused", key: KEY_ARN, retentionDays: 400, noncurrentVersionDays: 90 };

describe("component refusals without ccguard's collector (pulumi preview)", () => {
    it("throws one error whose first line names both refused arguments, then one line for each", () => {
        let message = "";
        try {
            new RecordingStore("calls", tooLong);
        } catch (error) {
            message = (error as Error).message;
        }
        const [summary, ...details] = message.split("\n");
        expect(summary).toBe("RecordingStore 'calls': 2 arguments refused: retentionDays, noncurrentVersionDays");
        expect(details).toEqual([
            expect.stringMatching(/^ {2}- `retentionDays` is 400; it must be a whole number from 1 to 365/),
            expect.stringMatching(/^ {2}- `noncurrentVersionDays` is 90; it must be a whole number from 1 to 30/),
        ]);
    });

    it("keeps the one-line error of a single refusal", () => {
        expect(() => new EncryptionKey("k", { rotationPeriodInDays: 3000 })).toThrow(
            /^EncryptionKey 'k': `rotationPeriodInDays` is 3000; it must be a whole number from 90 to 365 \(/,
        );
    });

    it("does not repeat a refused region as a key in another region", () => {
        expect(() => new RecordingStore("calls", { namePrefix: "acme-refused", key: KEY_ARN, region: "us-east-1" })).toThrow(
            /^RecordingStore 'calls': region "us-east-1" \(from the `region` argument\) is outside the allowed regions; use one of [a-z0-9-, ]+$/,
        );
    });
});

describe("component refusals with ccguard's collector installed", () => {
    it("records every refusal with its argument, value, allowed values, setting and control, and builds the component as given", async () => {
        const collector: Refusal[] = [];
        globals[REFUSALS_KEY] = collector;
        const recorded = await mocks.record(() => new RecordingStore("calls", tooLong));
        expect(collector).toEqual([
            {
                component: "RecordingStore 'calls'",
                type: "contact-centre:s3:RecordingStore",
                name: "calls",
                argument: "retentionDays",
                value: 400,
                allowed: "a whole number from 1 to 365",
                setting: "maxContactDataRetentionDays",
                policy: "retention-contact-data-expiry",
                message: expect.stringMatching(/^`retentionDays` is 400; it must be a whole number from 1 to 365/),
            },
            expect.objectContaining({ argument: "noncurrentVersionDays", value: 90, allowed: "a whole number from 1 to 30", policy: "retention-noncurrent-versions" }),
        ]);
        // Built with the values as given, so the pack judges what the program asked for too.
        const lifecycle = recorded.named("calls-lifecycle").inputs as { rules: { expiration?: { days: number }; noncurrentVersionExpiration?: { noncurrentDays: number } }[] };
        expect(lifecycle.rules[0]).toMatchObject({ expiration: { days: 400 }, noncurrentVersionExpiration: { noncurrentDays: 90 } });
        expect(recorded.ofType("contact-centre:s3:RecordingStore")).toHaveLength(1);
    });

    it("finds the collector through Symbol.for, as a second copy of the package would", () => {
        const collector: Refusal[] = [];
        globals[Symbol.for("contact-centre-guard.refusals")] = collector;
        expect(() => new EncryptionKey("k", { rotationPeriodInDays: 3000 })).not.toThrow();
        expect(collector.map((r) => [r.component, r.argument, r.value])).toEqual([["EncryptionKey 'k'", "rotationPeriodInDays", 3000]]);
    });

    it("gives values JSON can carry: unset as null, numbers JSON has no word for as text, resources by their kind", async () => {
        const collector: Refusal[] = [];
        globals[REFUSALS_KEY] = collector;
        new RecordingStore("odd", { namePrefix: "acme-refused", key: KEY_ARN, retentionDays: Number.NaN });
        new ContactCentre("odd", { instanceAlias: "acme-refused", identity: { type: "SAML" }, key: KEY_ARN } as ContactCentreArgs);
        expect(collector.map((r) => [r.argument, r.value])).toEqual([
            ["retentionDays", "NaN"],
            ["contactLens", null],
        ]);
        expect(JSON.parse(JSON.stringify(collector))).toEqual(collector);
        let key!: EncryptionKey;
        await mocks.record(() => (key = new EncryptionKey("kind")));
        expect(jsonSafe({ key, limit: Infinity, unset: undefined })).toEqual({ key: "(EncryptionKey)", limit: "Infinity", unset: null });
    });
});
