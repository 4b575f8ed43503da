/**
 * Who can read recordings: a principal reads a recording only when it may both get the object and
 * decrypt it with the bucket's key. Each row keeps the statements that granted it (`via`), so an
 * auditor can check it by hand.
 */
import type { ReaderRow } from "../../../policies/access/recording-readers-matrix";
import type { FindingsReport } from "../../findings";
import { EMPTY, html, type Markup } from "./markup";

function yesNo(value: unknown): Markup {
    if (value === "unknown") return html`<span class="unknown">decided at the update</span>`;
    return value === true ? html`<span class="yes">yes</span>` : html`<span class="no">no</span>`;
}

function assessment(reader: ReaderRow): { alert: boolean; text: string } {
    if (reader.canGetObject === false) return { alert: false, text: "cannot get objects" };
    if (reader.canDecrypt === false) return { alert: false, text: "cannot decrypt: cannot read recordings" };
    const reads = reader.canGetObject === true && reader.canDecrypt === true;
    if (reads) return reader.approved === true ? { alert: false, text: "approved reader" } : { alert: true, text: "⚠ reads recordings but is not an approved reader" };
    return { alert: false, text: reader.approved === true ? "approved reader; access decided at the update" : "may read recordings: decided at the update; not an approved reader" };
}

export function readersSection(report: FindingsReport): Markup {
    const readers = report.readers;
    if (!Array.isArray(readers)) return EMPTY;
    return html`
<section id="readers" aria-labelledby="readers-title">
  <h2 id="readers-title">Who can read recordings</h2>
  <p>A principal reads a recording only when it may both get the object from the bucket and decrypt it with the bucket's key.</p>
  ${
      readers.length === 0
          ? html`<p>No principal of the stack can get objects from a contact data bucket.</p>`
          : html`<table class="stack">
    <thead><tr><th scope="col">Bucket</th><th scope="col">Principal</th><th scope="col">s3:GetObject</th><th scope="col">kms:Decrypt</th><th scope="col">Approved</th><th scope="col">Assessment</th></tr></thead>
    <tbody>${readers.map((reader) => {
        const { alert, text } = assessment(reader);
        const via = Array.isArray(reader.via) ? reader.via.map(String) : [];
        return html`<tr class="${alert ? "alert" : ""}"><td data-label="Bucket" class="wrap"><code>${String(reader.bucket)}</code></td><td data-label="Principal" class="wrap"><code>${String(reader.principal)}</code></td><td data-label="s3:GetObject">${yesNo(reader.canGetObject)}</td><td data-label="kms:Decrypt">${yesNo(reader.canDecrypt)}</td><td data-label="Approved">${yesNo(reader.approved)}</td><td data-label="Assessment">${text}${
            via.length > 0 ? html`<ul class="via">${via.map((line) => html`<li>${line}</li>`)}</ul>` : ""
        }</td></tr>`;
    })}</tbody>
  </table>`
  }
</section>`;
}
