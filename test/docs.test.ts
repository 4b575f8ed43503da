import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderControlsMarkdown } from "../cli/render/controls-markdown";
import { catalogue } from "../policies/catalogue";
import { PROVISIONS, type Framework } from "../policies/frameworks";
import { version } from "../package.json";
import { REPO_ROOT } from "./support/paths";

describe("generated control documentation", () => {
    it("docs/controls.md is what `npm run docs` generates from the catalogue", () => {
        const committed = readFileSync(path.join(REPO_ROOT, "docs", "controls.md"), "utf8");
        expect(committed, "docs/controls.md is stale: run `npm run docs`").toBe(renderControlsMarkdown(catalogue, version));
    });

    it("documents every control with its parameters, regulations and examples", () => {
        const doc = renderControlsMarkdown(catalogue, version);
        for (const control of catalogue) {
            expect(doc).toContain(`## ${control.name}`);
            for (const parameter of Object.keys(control.parameters)) expect(doc).toContain(`\`${parameter}\``);
            for (const example of control.examples) expect(doc).toContain(example.title);
        }
    });

    it("knows the title of every provision a control cites", () => {
        for (const control of catalogue) {
            for (const framework of Object.keys(PROVISIONS) as Framework[]) {
                for (const reference of control.frameworks[framework]) {
                    expect(PROVISIONS[framework][reference], `${control.name} cites ${framework} ${reference}`).toBeDefined();
                }
            }
        }
    });
});
