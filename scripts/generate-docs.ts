/**
 * Regenerates docs/controls.md from the catalogue (`npm run docs`). A test fails when the committed
 * file differs from what this would write.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { catalogue } from "../policies/catalogue";
import { renderControlsMarkdown } from "../cli/render/controls-markdown";
import { PACKAGE_VERSION as version } from "../cli/package-root";

const CONTROLS_DOC = path.join("docs", "controls.md");

const root = path.resolve(__dirname, "..", "..");
writeFileSync(path.join(root, CONTROLS_DOC), renderControlsMarkdown(catalogue, version));
console.log(`wrote ${CONTROLS_DOC} (${catalogue.length} controls)`);
