/**
 * Rich display for notebooks: in a tslab kernel, tables appear as HTML (wide ones scroll in their own
 * box) and figures as interactive Plotly charts that fit the notebook's width. Each figure output also
 * carries Plotly's static SVG, inside its HTML and as an `image/svg+xml` part, so a notebook
 * opened later, untrusted, exported to HTML, on GitHub or nbviewer still shows every figure. plotly.js
 * (4.8 MB, from node_modules; offline, no CDN) goes to the live page once per kernel session, and each
 * figure's data once per figure; both are then replaced in the saved notebook by what it keeps (Jupyter
 * display updates), so executed notebooks stay small. Outside a kernel (node, tsx, the REPL) tables print as Markdown and figures
 * as one line, so the same one-line cells work everywhere.
 * @example
 *   import * as melab from '..';
 *   melab.showTable(melab.someTable(labels));   // HTML table in Jupyter
 *   melab.showFigure(melab.someFigure(labels)); // interactive Plotly chart in Jupyter
 */
import { DRILL_SCRIPT, plotlyConfig, plotlyScriptTag, scriptJson } from '../figures/render';
import type { FigureSpec } from '../figures/style';
import { figureSvgSync } from './figure-image';
import { isFailedSection, isSkippedSection, type SectionResult } from './section';
import { tableToHtml, tableToMarkdown, type TableColumn, type TableSpec } from './table';

interface TslabDisplay {
  html(s: string): void;
  markdown(s: string): void;
}

/** One Jupyter display message: a mime bundle, optionally with a display id to update it later. */
export interface DisplayMessage {
  data: Record<string, string>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

type WriteDisplayData = (message: DisplayMessage, update: boolean) => void;

/** tslab's writer of display messages for the cell now running (several mime types in one output). */
function tslabWriter(): WriteDisplayData | undefined {
  let jupyterPath: string;
  try {
    jupyterPath = require.resolve('tslab/dist/jupyter');
  } catch {
    return undefined;
  }
  const jupyter = require.cache[jupyterPath]?.exports as { lastWriteDisplayData?: WriteDisplayData | null } | undefined;
  return jupyter?.lastWriteDisplayData ?? undefined;
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

/** Set once plotly.js has gone to this kernel session's page. */
let plotlySent = false;

/** What the saved notebook keeps where the live page received plotly.js. */
export const PLOTLY_NOTE = '<!-- melab: plotly.js was loaded here for the live session; saved and exported notebooks show each figure\'s static image -->';

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

const escapeAttr = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * In-page `window.melabDraw(id)`: draws the figure whose data `window.melabFigures[id]` holds into the
 * element `id` (responsive: 100% of the cell up to the spec's width, the spec's height), removes the
 * static drawing and wires the drill-down. Does nothing where plotly.js or the data are absent.
 */
const DRAW_SCRIPT = `window.melabDraw=window.melabDraw||function(id){
var x=(window.melabFigures||{})[id];var gd=document.getElementById(id);if(!x||!gd||!window.Plotly)return;
var d=x.drill;${DRILL_SCRIPT.replace('DRILL_ID', "id+'-drill'")}
if(!d)listen=function(){};var s=document.getElementById(id+'-static');if(s)s.parentNode.removeChild(s);
var h=document.getElementById(id+'-drill');if(h&&d)h.innerHTML='<p><small>'+x.hint+'</small></p>';
window.Plotly.newPlot(gd,x.data,x.layout,x.config).then(function(g){g.setAttribute('data-drawn','true');listen(g);});};`;

/**
 * What the live page of a kernel session gets for a figure, on top of {@link notebookFigureHtml}: the
 * figure's data and drill-down in `window.melabFigures` and the drawing code. Sent as a Jupyter display
 * that is then updated to the static HTML alone, so it never lands in the saved notebook.
 */
export function liveFigureScript(spec: FigureSpec, domId: string): string {
  const figure = {
    data: spec.data,
    layout: { ...spec.layout, autosize: true, height: spec.height },
    config: { ...plotlyConfig(spec), responsive: true },
    drill: spec.drilldown ?? null,
    hint: escapeAttr(spec.drilldown?.hint ?? 'Click a cell to list the samples behind it.'),
  };
  return `<script>(function(){window.melabFigures=window.melabFigures||{};window.melabFigures[${scriptJson(domId)}]=${scriptJson(figure)};\n${DRAW_SCRIPT}})();</script>`;
}

/**
 * A figure as the saved notebook keeps it: Plotly's static SVG scaled to the cell's width (up to the
 * spec's width), an empty chart element and a call that turns it into the interactive chart where the
 * live page holds the figure's data (see {@link liveFigureScript}); elsewhere the SVG stays.
 */
export function notebookFigureHtml(spec: FigureSpec, svg: string | undefined, domId = `melab-fig-${spec.id}`): string {
  return [
    `<div class="melab-figure-block" style="max-width:100%;overflow-x:auto">`,
    ...(svg ? [`<div class="melab-figure-static" id="${escapeAttr(domId)}-static" data-static-for="${escapeAttr(spec.id)}" style="max-width:${spec.width}px">${svg.replace(/^<svg /, '<svg style="display:block;width:100%;height:auto" ')}</div>`] : []),
    `<div class="melab-figure" id="${escapeAttr(domId)}" data-figure-id="${escapeAttr(spec.id)}" style="width:100%;max-width:${spec.width}px"></div>`,
    ...(spec.drilldown ? [`<div class="melab-drill" id="${escapeAttr(domId)}-drill" data-drill-for="${escapeAttr(spec.id)}"></div>`] : []),
    `<script>(function(){if(window.melabDraw)window.melabDraw(${scriptJson(domId)});})();</script>`,
    '</div>',
  ].join('\n');
}

/** The mime bundle of a saved figure output: the HTML above, the SVG itself, and a line of text. */
export function figureDisplayData(spec: FigureSpec, svg: string | undefined, domId: string): Record<string, string> {
  return {
    'text/html': notebookFigureHtml(spec, svg, domId),
    ...(svg ? { 'image/svg+xml': svg } : {}),
    'text/plain': `[figure ${spec.id}: ${spec.title}]`,
  };
}

/**
 * Shows a figure: in a notebook an interactive Plotly chart that fits the cell's width, plus its static
 * SVG (drawn by the kernel's one headless Chromium); elsewhere a one-line description (use
 * `melab report` for files).
 */
export function showFigure(spec: FigureSpec): void {
  const write = tslabWriter();
  if (!write) {
    process.stdout.write(`[figure ${spec.id}: ${spec.title}, ${spec.data.length} trace(s); render with figureToHtml or melab report]\n`);
    return;
  }
  if (!plotlySent) {
    // the live page keeps window.Plotly; the saved notebook keeps only the note that replaces it
    const id = `melab-plotly-${process.pid}-${Date.now().toString(36)}`;
    write({ data: { 'text/html': plotlyScriptTag() }, metadata: {}, transient: { display_id: id } }, false);
    write({ data: { 'text/html': PLOTLY_NOTE }, metadata: {}, transient: { display_id: id } }, true);
    plotlySent = true;
  }
  let svg: string | undefined;
  try {
    svg = figureSvgSync(spec);
  } catch (err) {
    process.stderr.write(`melab: ${(err as Error).message.split('\n')[0]}; the figure is shown interactive only\n`);
  }
  const domId = `melab-fig-${spec.id}-${Math.random().toString(36).slice(2, 10)}`;
  const saved = figureDisplayData(spec, svg, domId);
  // the live page draws from the data it received first; the saved notebook keeps the update
  write({ data: { ...saved, 'text/html': liveFigureScript(spec, domId) + saved['text/html'] }, metadata: {}, transient: { display_id: domId } }, false);
  write({ data: saved, metadata: {}, transient: { display_id: domId } }, true);
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
