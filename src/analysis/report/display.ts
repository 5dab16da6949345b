/**
 * Rich display for notebooks: in a tslab kernel, tables appear as HTML and figures as interactive
 * Plotly charts (plotly.js inlined from node_modules once per kernel session; offline, no CDN).
 * Outside a kernel (node, tsx, the REPL) tables print as Markdown and figures as one line, so the
 * same one-line cells work everywhere.
 * @example
 *   import * as melab from '..';
 *   melab.showTable(melab.someTable(labels));   // HTML table in Jupyter
 *   melab.showFigure(melab.someFigure(labels)); // interactive Plotly chart in Jupyter
 */
import { figureDiv, plotlyScriptTag } from '../figures/render';
import type { FigureSpec } from '../figures/style';
import { isFailedSection, isSkippedSection, type SectionResult } from './section';
import { tableToHtml, tableToMarkdown, type TableColumn, type TableSpec } from './table';

interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
}

/** tslab's display when this code runs inside a live tslab kernel; undefined elsewhere. */
export function tslabDisplay(): TslabDisplay | undefined {
  let jupyterPath: string;
  try {
    jupyterPath = require.resolve('tslab/dist/jupyter');
  } catch {
    return undefined;
  }
  // The kernel has loaded tslab's Jupyter server and set its display writer; never load tslab ourselves.
  const jupyter = require.cache[jupyterPath]?.exports as { lastWriteDisplayData?: unknown } | undefined;
  if (!jupyter || jupyter.lastWriteDisplayData == null) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require('tslab') as { display: TslabDisplay }).display;
}

/** True inside a tslab Jupyter kernel. */
export function inNotebook(): boolean {
  return tslabDisplay() !== undefined;
}

/** Booktabs-like CSS for melab tables (shared by notebooks and the HTML report). */
export const TABLE_CSS = `
table.melab-table{border-collapse:collapse;margin:0.8em 0;font:13px/1.4 Arial,Helvetica,sans-serif;color:#222}
table.melab-table caption{caption-side:top;text-align:left;padding:0 0 0.4em 0;max-width:60em}
table.melab-table thead th{border-top:2px solid #222;border-bottom:1px solid #222;padding:3px 10px;font-weight:bold}
table.melab-table tbody td{padding:2px 10px;white-space:nowrap}
div.melab-scroll{overflow-x:auto;max-width:100%}
table.melab-table tbody tr:last-child td{border-bottom:2px solid #222}
p.melab-note{margin:0.2em 0;color:#444}`.trim();

let plotlyLoaded = false;

/** The HTML a notebook shows for a table: the table with its caption and notes, styled. */
export function tableDisplayHtml(spec: TableSpec): string {
  return `<div class="melab-table-block melab-scroll" data-table-id="${spec.id}"><style>${TABLE_CSS}</style>\n${tableToHtml(spec)}</div>`;
}

/** Shows a table: HTML in a notebook, Markdown on stdout elsewhere. */
export function showTable(spec: TableSpec): void {
  const display = tslabDisplay();
  if (display) display.html(tableDisplayHtml(spec));
  else process.stdout.write(tableToMarkdown(spec) + '\n');
}

/** Shows several tables in order. */
export function showTables(specs: TableSpec[]): void {
  for (const spec of specs) showTable(spec);
}

/**
 * Shows a figure: an interactive Plotly chart in a notebook (the first figure of a kernel session
 * carries plotly.js itself), a one-line description elsewhere (use `melab report` for files).
 */
export function showFigure(spec: FigureSpec): void {
  const display = tslabDisplay();
  if (!display) {
    process.stdout.write(`[figure ${spec.id}: ${spec.title}, ${spec.data.length} trace(s); render with figureToHtml or melab report]\n`);
    return;
  }
  const loader = plotlyLoaded ? '' : plotlyScriptTag() + '\n';
  plotlyLoaded = true;
  display.html(loader + figureDiv(spec, `melab-fig-${spec.id}-${Math.random().toString(36).slice(2, 10)}`));
}

/** Shows several figures in order. */
export function showFigures(specs: FigureSpec[]): void {
  for (const spec of specs) showFigure(spec);
}

/** Shows Markdown text (a computed sentence, a list of skipped rows) in a notebook, plain text elsewhere. */
export function showMarkdown(text: string): void {
  const display = tslabDisplay();
  if (display) display.markdown(text);
  else process.stdout.write(text + '\n');
}

/**
 * A TableSpec from plain objects (a split summary, a list of results): one column per key of the
 * first object, numbers right-aligned with `digits` decimals where they are not integers.
 * @example showTable(recordsTable('folds', 'Test folds', splitSummary(split)))
 */
export function recordsTable(id: string, title: string, rows: readonly Record<string, unknown>[], opts: { digits?: number; caption?: string } = {}): TableSpec {
  const keys = rows.length ? Object.keys(rows[0]) : [];
  const columns: TableColumn[] = keys.map((key) => {
    const values = rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined);
    const numeric = values.length > 0 && values.every((v) => typeof v === 'number');
    const integer = numeric && values.every((v) => Number.isInteger(v));
    return {
      key, label: key, align: numeric ? 'r' : 'l',
      ...(numeric && !integer ? { digits: opts.digits ?? 3 } : {}),
    };
  });
  const flat = rows.map((r) => Object.fromEntries(keys.map((k) => {
    const v = r[k];
    return [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v];
  })));
  return { id, title, caption: opts.caption, columns, rows: flat };
}

/** Shows one report section (its text, tables and figures, or why it was skipped) in a notebook. */
export function showSection(section: SectionResult): void {
  if (isSkippedSection(section)) {
    showMarkdown(`**${section.title}**: skipped (${section.skipped})`);
    return;
  }
  if (isFailedSection(section)) {
    showMarkdown(`**${section.title}**: failed: ${section.failed}`);
    return;
  }
  showMarkdown([`### ${section.title}`, ...section.text].join('\n\n'));
  showTables(section.tables);
  showFigures(section.figures);
}
