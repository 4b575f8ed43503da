/**
 * DESIGN rule 6: a value marked secret never appears in a message or a report. The canary program
 * puts secrets where a control quotes them (a resource's region) and every format is searched.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ccguard } from "../support/ccguard";

const program = path.join("test", "fixtures", "programs", "secret-region");
const canaries = ["us-west-2", "ap-south-1", "AAABAJunkCipherText"];

describe("secrets in reports", () => {
    it.each(["unknown", "resolved"])("are masked in every format (outputs %s)", async (outputs) => {
        const dir = mkdtempSync(path.join(tmpdir(), "ccguard-secrets-"));
        const saved = path.join(dir, "findings.json");
        const preview = await ccguard(["preview", program, "--no-type-check", "--quiet", "--outputs", outputs, "--format", "json", "--output", saved]);
        expect(preview.code, preview.stderr).toBe(1);
        const texts = [readFileSync(saved, "utf8")];
        for (const format of ["text", "md", "html", "sarif", "junit", "csv"]) {
            texts.push((await ccguard(["report", saved, "--format", format])).stdout);
        }
        for (const text of texts) for (const canary of canaries) expect(text).not.toContain(canary);
        expect(texts[0]).toContain("[secret]");
    });
});
