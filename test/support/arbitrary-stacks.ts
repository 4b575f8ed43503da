/**
 * Arbitrary and malformed inputs for controls, as fast-check generators: property bags with missing
 * fields, nulls, wrong types, deep nesting, huge strings, JSON documents as strings and objects, and
 * unknown values anywhere, on the resource types each control reads (taken from its own examples).
 */
import fc from "fast-check";
import type { Control, ControlExample, ExampleResource } from "../../policies/control";
import { UNKNOWN_SENTINELS } from "../../policies/lib/unknown";

const unknownValue = fc.constantFrom(...Object.values(UNKNOWN_SENTINELS));

/** Property names the control's examples use, so generated bags hit the paths controls read. */
function propertyNamesOf(control: Control): string[] {
    const names = new Set<string>(["region", "bucket", "policy", "name", "id", "arn", "rules"]);
    const walk = (value: unknown, depth: number) => {
        if (depth > 6 || value === null || typeof value !== "object") return;
        for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
            if (!Array.isArray(value)) names.add(key);
            walk(child, depth + 1);
        }
    };
    for (const example of control.examples) for (const resource of example.resources) walk(resource.props, 0);
    return [...names];
}

function valueArbitrary(keys: string[]): fc.Arbitrary<unknown> {
    const key = fc.constantFrom(...keys);
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
        value: fc.oneof(
            { depthSize: "small", withCrossShrink: true },
            fc.constant(null),
            fc.boolean(),
            fc.integer(),
            fc.double(),
            fc.string(),
            unknownValue,
            fc.constantFrom("aws:kms", "AES256", "KMS", "S3", "Enabled", "*", "s3:*", "alias/aws/s3", "arn:aws:kms:eu-central-1:111122223333:key/x", ""),
            fc.array(tie("value"), { maxLength: 4 }),
            fc.dictionary(key, tie("value"), { maxKeys: 5 }),
            // Policy documents arrive as JSON strings too.
            fc.dictionary(key, tie("value"), { maxKeys: 4 }).map((o) => JSON.stringify(o)),
        ),
    }));
    return value;
}

export function arbitraryProps(control: Control): fc.Arbitrary<Record<string, unknown>> {
    const keys = propertyNamesOf(control);
    return fc.dictionary(fc.constantFrom(...keys), valueArbitrary(keys), { maxKeys: 8 });
}

function typesOf(control: Control): string[] {
    const types = new Set<string>(control.kind === "resource" ? control.appliesTo : []);
    for (const example of control.examples) for (const resource of example.resources) types.add(resource.type);
    return [...types];
}

/** A small stack of the control's resource types with arbitrary properties and dependencies. */
export function arbitraryExample(control: Control): fc.Arbitrary<ControlExample> {
    const types = typesOf(control);
    const resource = fc.record({ type: fc.constantFrom(...types), props: arbitraryProps(control) });
    return fc
        .record({
            resources: fc.array(resource, { minLength: 1, maxLength: control.kind === "stack" ? 6 : 1 }),
            awsRegion: fc.constantFrom("eu-central-1", "us-east-1", null),
            dependencies: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("bucket", "rules", "storageConfig", "kmsKeyId", "policy", "targetBucket")), { maxLength: 6 }),
        })
        .map(({ resources, awsRegion, dependencies }) => {
            const named: ExampleResource[] = resources.map((r, i) => ({
                name: `r${i}`,
                type: r.type.startsWith("pulumi:providers:") ? "aws:s3/bucket:Bucket" : r.type,
                props: r.props,
            }));
            for (const [from, to, property] of dependencies) {
                const source = named[from % named.length];
                const target = named[to % named.length];
                source.propertyDependencies = { ...(source.propertyDependencies ?? {}), [property]: [target.name] };
            }
            return { title: "arbitrary", verdict: "compliant" as const, resources: named, awsRegion };
        });
}

/** Huge and deeply nested values that a hostile or generated program could hand a policy. */
export function extremeValues(): unknown[] {
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = i % 2 ? { nested: deep } : [deep];
    const wide = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`key${i}`, i]));
    // Larger than any AWS document quota (IAM managed policies 6,144 characters, key policies 32 KiB).
    return [deep, wide, "x".repeat(100_000), JSON.stringify({ Statement: Array.from({ length: 1_000 }, () => ({ Effect: "Allow", Action: "*", Resource: "*" })) })];
}
