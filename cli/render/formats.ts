/** Every output format of ccguard, one renderer each. */
import type { FindingsReport } from "../findings";
import { renderCsv } from "./csv";
import { renderHtml } from "./html";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

import type { Format } from "./format-names";

export { FORMATS, type Format } from "./format-names";

export function renderReport(report: FindingsReport, format: Format): string {
    switch (format) {
        case "text":
            return renderText(report);
        case "json":
            return `${JSON.stringify(report, null, 2)}\n`;
        case "md":
            return renderMarkdown(report);
        case "html":
            return renderHtml(report);
        case "sarif":
            return renderSarif(report);
        case "junit":
            return renderJunit(report);
        case "csv":
            return renderCsv(report);
    }
}
