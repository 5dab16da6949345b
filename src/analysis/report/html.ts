/**
 * The HTML report: one self-contained, offline file (plotly.js inlined once, every figure interactive,
 * every table as HTML), with a contents list and the skipped sections named with their reasons.
 */
import { figureDiv, plotlyScriptTag } from '../figures/render';
import { TABLE_CSS } from './display';
import { isFailedSection, isSkippedSection, type SectionResult } from './section';
import { tableToHtml } from './table';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ReportMeta {
  title: string;
  /** Where the labels came from (file names, or the embedded default data). */
  inputs: string[];
  created: string;
  version: string;
}

const PAGE_CSS = `
body{font:15px/1.5 Arial,Helvetica,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1.5em}
h1{font-size:1.6em;margin-bottom:0.2em} h2{font-size:1.3em;border-bottom:1px solid #ccc;padding-bottom:0.2em;margin-top:2em}
.melab-meta{color:#555;font-size:0.9em} .melab-skipped{color:#8a4b00;background:#fff4e5;padding:0.5em 0.8em;border-left:4px solid #E69F00}
.melab-failed{color:#8b0000;background:#fdecea;padding:0.5em 0.8em;border-left:4px solid #D55E00}
.melab-figure{margin:1em 0} nav ul{columns:2} .melab-ids{color:#777;font-size:0.85em}`.trim();

/** The whole report page. */
export function reportToHtml(sections: SectionResult[], meta: ReportMeta): string {
  const toc = sections
    .map((s) => `<li><a href="#section-${esc(s.id)}">${esc(s.title)}</a>${isSkippedSection(s) ? ' <em>(skipped)</em>' : isFailedSection(s) ? ' <em>(failed)</em>' : ''}</li>`)
    .join('\n');
  const body = sections.map((s) => {
    const head = `<section id="section-${esc(s.id)}">\n<h2>${esc(s.title)}</h2>`;
    if (isSkippedSection(s)) return `${head}\n<p class="melab-skipped"><b>Skipped:</b> ${esc(s.skipped)}</p>\n</section>`;
    if (isFailedSection(s)) return `${head}\n<p class="melab-failed"><b>Failed:</b> ${esc(s.failed)}</p>\n</section>`;
    const text = s.text.map((p) => `<p>${esc(p)}</p>`).join('\n');
    const tables = s.tables.map((t) => (t.only === 'csv'
      ? `<p class="melab-csv-link">${esc(t.title)}: <a href="tables/${esc(t.id)}.csv">tables/${esc(t.id)}.csv</a> (${t.rows.length} rows, CSV only)</p>`
      : `<div class="melab-scroll melab-table-box">${tableToHtml(t)}</div>`)).join('\n');
    const figures = s.figures.map((f) => `<div class="melab-scroll">${figureDiv(f)}</div>`).join('\n');
    const ids = [...s.tables.map((t) => (t.only === 'csv' ? `tables/${t.id}.csv` : `tables/${t.id}.{md,tex,csv}`)), ...s.figures.map((f) => `figures/${f.id}.{png,svg,pdf}`)];
    return [head, text, tables, figures, ids.length ? `<p class="melab-ids">Files: ${esc(ids.join(', '))}</p>` : '', '</section>']
      .filter(Boolean).join('\n');
  }).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(meta.title)}</title>`,
    `<style>${PAGE_CSS}\n${TABLE_CSS}</style>`,
    plotlyScriptTag(),
    '</head><body>',
    `<h1>${esc(meta.title)}</h1>`,
    `<p class="melab-meta">Labels: ${esc(meta.inputs.join(', '))}<br>Written ${esc(meta.created)} by melab ${esc(meta.version)}. ` +
      'Figures are interactive (hover, zoom; the camera icon saves a PNG); plotly.js is embedded, so the file works offline.</p>',
    `<nav><ul>\n${toc}\n</ul></nav>`,
    body,
    '</body></html>',
  ].join('\n') + '\n';
}
