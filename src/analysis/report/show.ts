/**
 * `show(value)`: one call that puts any value an analyst holds on the screen. It only decides which
 * table or figure a value is and hands it to showTable / showFigure / showMarkdown (display.ts):
 * HTML or a Plotly chart in a notebook, Markdown or one line on stdout elsewhere.
 *
 * Data tables (Arquero, Danfo, a LabelTable, plain records) show their first `maxRows` rows (20)
 * and say how many more there are; melab's own tables (a TableSpec, a result's `.table`) show in
 * full unless `maxRows` is given.
 */
import { inspect } from 'node:util';
import { ColumnTable } from 'arquero';
import type { FigureSpec } from '../figures/style';
import type { LabelTable } from '../labels/model';
import { labelTableSummary, isLabelTable } from '../labels/model';
import type { FleissResult } from '../reliability/fleiss';
import type { VotingResult } from '../reliability/voting';
import type { AuAgreementResult } from '../reliability/au-agreement';
import * as display from './display';
import { recordsTable, showFigure, showMarkdown, showSection, showTable } from './display';
import { auAgreementTable, fleissKappaTable, votingTable } from '../reliability/tables';
import type { TableSpec } from './table';
import type { SectionResult } from './section';

export interface ShowOptions {
  /** Rows shown; the rest are counted in a note. Default 20 for data tables, all for melab's tables. */
  maxRows?: number;
  /** Title of the table (data tables have none of their own). */
  title?: string;
  /** Caption under the title. */
  caption?: string;
  /** Decimals of non-integer numbers in data tables (default 3). */
  digits?: number;
}

/** Rows a data table (Arquero, Danfo, LabelTable, records) shows by default. */
export const SHOW_MAX_ROWS = 20;

/**
 * Shows a value as a table or a figure: an Arquero table (grouped or not), a Danfo DataFrame or
 * Series, a LabelTable (its rows, with a summary caption), a TableSpec, a Plotly FigureSpec, any
 * melab result with a `.table` or `.tables` (Tables 1, 5, 6, 7, association tests), a Fleiss κ,
 * voting or AU-agreement result, a report section, an array of plain records, an array of any of
 * these, and a plain object (one row per field). A string shows as Markdown.
 * @example
 * const labels = melab.loadDefaultLabels();
 * melab.show(labels, { maxRows: 3 });                               // a LabelTable: its first rows
 * melab.show(labels.table.groupby('emotion').count());             // an Arquero chain
 * melab.show([{ model: 'a', f1: 0.5 }, { model: 'b', f1: 0.25 }]);  // plain records
 * console.assert(melab.report.showSpec([{ n: 1 }, { n: 2 }, { n: 3 }], { maxRows: 2 })[0].rows.length === 2);
 */
export function show(value: unknown, opts: ShowOptions = {}): void {
  if (typeof value === 'string') {
    showMarkdown(value);
    return;
  }
  if (isSection(value)) {
    showSection(value);
    return;
  }
  for (const item of showSpec(value, opts)) {
    if (isFigureSpec(item)) showFigure(item);
    else showTable(item);
  }
}

/**
 * The tables and figures `show(value)` would display, without displaying them (for tests, for
 * writing them to files with the report's renderers).
 * @example
 * const [spec] = melab.report.showSpec([{ emotion: 'happiness', n: 3 }], { title: 'Counts' }) as melab.report.TableSpec[];
 * console.assert(spec.title === 'Counts' && spec.rows[0].n === 3);
 */
export function showSpec(value: unknown, opts: ShowOptions = {}): (TableSpec | FigureSpec)[] {
  if (value === null || value === undefined) return [scalarTable(value, opts)];
  if (isFigureSpec(value)) return [value];
  if (isTableSpec(value)) return [limitRows(value, opts.maxRows, opts)];
  if (isLabelTable(value)) return [labelTableSpec(value, opts)];
  if (isArqueroTable(value)) return [arqueroSpec(value, opts)];
  if (isDanfo(value)) return [danfoSpec(value, opts)];
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => isFigureSpec(v) || isTableSpec(v) || isLabelTable(v) || isArqueroTable(v) || isDanfo(v))) {
      return value.flatMap((v) => showSpec(v, opts));
    }
    return [dataSpec(value.map(asRecord), opts)];
  }
  if (typeof value !== 'object') return [scalarTable(value, opts)];
  const v = value as Record<string, unknown>;
  if (isTableSpec(v.table)) return [limitRows(v.table, opts.maxRows, opts)];
  if (Array.isArray(v.tables) && v.tables.every(isTableSpec)) {
    const figures = Array.isArray(v.figures) ? v.figures.filter(isFigureSpec) : [];
    return [...(v.tables as TableSpec[]).map((t) => limitRows(t, opts.maxRows, opts)), ...figures];
  }
  if (isFleiss(v)) return [limitRows(fleissKappaTable(v), opts.maxRows, opts)];
  if (isVoting(v)) return [limitRows(votingTable(v), opts.maxRows, opts)];
  if (isAuAgreement(v)) return [limitRows(auAgreementTable(v), opts.maxRows, opts)];
  return [fieldsSpec(v, opts)];
}

// ---- the narrower calls show() makes (display.ts), documented here as the API's names ----------

/**
 * Shows one TableSpec as it is (all rows): HTML in a notebook, Markdown on stdout elsewhere.
 * `show(value)` calls it for every table.
 * @example
 * const spec = melab.report.recordsTable('counts', 'Clips per emotion', [{ emotion: 'fear', n: 892 }]);
 * melab.showTable(spec);
 * console.assert(spec.columns[1].align === 'r');
 */
export const showTableSpec: (spec: TableSpec) => void = display.showTable;

/**
 * Shows one Plotly figure: an interactive chart in a notebook, one line on stdout elsewhere.
 * @example
 * const fig = melab.stats.emotionByPartFigure(melab.loadDefaultLabels());
 * melab.showFigure(fig);
 * console.assert(fig.data.length > 0 && typeof fig.layout === 'object');
 */
export const showFigureSpec: (spec: FigureSpec) => void = display.showFigure;

/**
 * Shows Markdown text (a computed sentence) in a notebook, plain text elsewhere.
 * @example
 * const labels = melab.loadDefaultLabels();
 * melab.showMarkdown(`**${labels.table.numRows()}** clips`);
 * console.assert(labels.table.numRows() === 7526);
 */
export const showMarkdownText: (text: string) => void = display.showMarkdown;

/**
 * A TableSpec from plain objects: one column per key of the first object, numbers right-aligned,
 * non-integers with `digits` decimals (3). `show(records)` does this with a row limit.
 * @example
 * const t = melab.report.recordsTable('folds', 'Test folds', [{ fold: 1, share: 0.1234 }], { digits: 2 });
 * console.assert(t.columns.map((c) => c.key).join() === 'fold,share' && t.columns[1].digits === 2);
 */
export const recordsTableSpec: (id: string, title: string, rows: readonly Record<string, unknown>[], opts?: { digits?: number; caption?: string }) => TableSpec = display.recordsTable;

// ---- what a value is ---------------------------------------------------------------------------

function isTableSpec(v: unknown): v is TableSpec {
  const t = v as TableSpec | null;
  return typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.title === 'string' && Array.isArray(t.columns) && Array.isArray(t.rows);
}

function isFigureSpec(v: unknown): v is FigureSpec {
  const f = v as FigureSpec | null;
  return typeof f === 'object' && f !== null && typeof f.id === 'string' && Array.isArray(f.data) && typeof f.layout === 'object' && f.layout !== null;
}

function isArqueroTable(v: unknown): v is ColumnTable {
  if (v instanceof ColumnTable) return true;
  const t = v as ColumnTable | null;
  // a table from another copy of arquero (a notebook's own import)
  return typeof t === 'object' && t !== null && typeof t.columnNames === 'function' && typeof t.objects === 'function' && typeof t.numRows === 'function';
}

/** The members of danfo's NDframe that show reads (no danfojs import: it loads TensorFlow.js). */
interface DanfoLike {
  $isSeries: boolean;
  columns: string[];
  index: (string | number)[];
  values: unknown[] | unknown[][];
}

function isDanfo(v: unknown): v is DanfoLike {
  const d = v as DanfoLike | null;
  return typeof d === 'object' && d !== null && typeof d.$isSeries === 'boolean' && Array.isArray(d.index);
}

function isSection(v: unknown): v is SectionResult {
  const s = v as Record<string, unknown> | null;
  return typeof s === 'object' && s !== null && typeof s.id === 'string' && typeof s.title === 'string' && Array.isArray(s.text) && Array.isArray(s.tables) && Array.isArray(s.figures);
}

const isFleiss = (v: Record<string, unknown>): v is FleissResult & Record<string, unknown> =>
  typeof v.kappa === 'number' && typeof v.per_category === 'object' && typeof v.inference === 'object';
const isVoting = (v: Record<string, unknown>): v is VotingResult & Record<string, unknown> =>
  Array.isArray(v.labels) && Array.isArray(v.rules) && Array.isArray(v.firstRound) && typeof v.decidedBy === 'object';
const isAuAgreement = (v: Record<string, unknown>): v is AuAgreementResult & Record<string, unknown> =>
  typeof v.R === 'number' && typeof v.per_au === 'object' && Array.isArray(v.per_sample);

// ---- to a TableSpec ----------------------------------------------------------------------------

/** A cell a table can print: AU tokens as their codes, other objects as JSON. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof (x as { code?: unknown }).code === 'string')) {
    return v.map((x) => (x as { code: string }).code).join('+');
  }
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

/** A data table of `total` rows of which `rows` are the first ones shown. */
function dataSpec(rows: Record<string, unknown>[], opts: ShowOptions, total = rows.length, id = 'records', title = 'Records', caption?: string): TableSpec {
  const max = opts.maxRows ?? SHOW_MAX_ROWS;
  const shown = rows.slice(0, max).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cellValue(v)])));
  const spec = recordsTable(id, opts.title ?? title, shown, { digits: opts.digits, caption: opts.caption ?? caption });
  return withMoreNote(spec, total);
}

function withMoreNote(spec: TableSpec, total: number): TableSpec {
  const more = total - spec.rows.length;
  if (more <= 0) return spec;
  return { ...spec, notes: [...(spec.notes ?? []), `… ${more.toLocaleString('en-US')} more rows (${total.toLocaleString('en-US')} in all)`] };
}

function limitRows(spec: TableSpec, maxRows: number | undefined, opts: ShowOptions): TableSpec {
  const titled = { ...spec, title: opts.title ?? spec.title, caption: opts.caption ?? spec.caption };
  if (maxRows === undefined || spec.rows.length <= maxRows) return titled;
  return withMoreNote({ ...titled, rows: spec.rows.slice(0, maxRows) }, spec.rows.length);
}

function arqueroSpec(t: ColumnTable, opts: ShowOptions): TableSpec {
  const max = opts.maxRows ?? SHOW_MAX_ROWS;
  const rows = t.objects({ limit: max, grouped: false }) as Record<string, unknown>[];
  const keys = t.columnNames();
  const aligned = rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
  const grouped = t.isGrouped() ? ` grouped by ${t.groups().names.join(', ')}` : '';
  return dataSpec(aligned, opts, t.numRows(), 'arquero-table', 'Table', `${t.numRows()} rows × ${keys.length} columns${grouped}.`);
}

function danfoSpec(d: DanfoLike, opts: ShowOptions): TableSpec {
  const max = opts.maxRows ?? SHOW_MAX_ROWS;
  const defaultIndex = d.index.every((x, i) => x === i);
  const values = d.values as unknown[];
  const rows = d.index.slice(0, max).map((ix, i) => {
    const cells = d.$isSeries ? [values[i]] : (values[i] as unknown[]);
    const name = d.$isSeries ? (d.columns[0] ?? 'value') : undefined;
    const row: Record<string, unknown> = defaultIndex ? {} : { index: ix };
    if (name !== undefined) row[name] = cells[0];
    else d.columns.forEach((c, j) => { row[c] = cells[j]; });
    return row;
  });
  const kind = d.$isSeries ? 'Series' : 'DataFrame';
  return dataSpec(rows, opts, d.index.length, `danfo-${kind.toLowerCase()}`, kind, `${d.index.length} rows × ${d.$isSeries ? 1 : d.columns.length} columns.`);
}

function labelTableSpec(labels: LabelTable, opts: ShowOptions): TableSpec {
  const max = opts.maxRows ?? SHOW_MAX_ROWS;
  const rows = labels.table.objects({ limit: max }) as Record<string, unknown>[];
  const summary = labelTableSummary(labels).split('\n').map((line) => line.trim()).join('; ');
  return dataSpec(rows, opts, labels.table.numRows(), 'label-table', 'Label table', summary);
}

/** A result without a table of its own: one row per field (numbers, text; nested values in short). */
function fieldsSpec(v: Record<string, unknown>, opts: ShowOptions): TableSpec {
  const rows = Object.entries(v).map(([field, value]) => ({ field, value: shortValue(value) }));
  return limitRows(recordsTable('fields', opts.title ?? 'Result', rows, { digits: opts.digits ?? 4, caption: opts.caption }), opts.maxRows, opts);
}

function shortValue(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null || v === undefined) return v;
  if (Array.isArray(v)) return `[${v.length} items]`;
  const keys = Object.keys(v as object);
  const flat = keys.every((k) => { const x = (v as Record<string, unknown>)[k]; return x === null || typeof x !== 'object'; });
  if (flat && keys.length <= 6) return JSON.stringify(v);
  return `{${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}}`;
}

function scalarTable(v: unknown, opts: ShowOptions): TableSpec {
  return recordsTable('value', opts.title ?? 'Value', [{ value: v === undefined ? 'undefined' : v }], { caption: opts.caption });
}

// ---- how an Arquero table prints ---------------------------------------------------------------

/**
 * A notebook cell whose value is an Arquero table (`labels.table.groupby('emotion').count()`) prints
 * it with util.inspect, which dumps its internals (_names, _data, …). melab gives the class it uses
 * a short text rendering instead: its size and its first rows as Markdown (Arquero's own toMarkdown).
 */
function inspectArquero(this: ColumnTable): string {
  const grouped = this.isGrouped() ? `, grouped by ${this.groups().names.join(', ')}` : '';
  const more = this.numRows() > 10 ? `\n… ${this.numRows() - 10} more rows (melab.show(table) renders it as a table)` : '';
  return `Arquero table: ${this.numRows()} rows × ${this.numCols()} columns${grouped}\n${this.toMarkdown({ limit: 10 }).trimEnd()}${more}`;
}
const arqueroProto = ColumnTable.prototype as unknown as Record<symbol, unknown>;
if (!(inspect.custom in arqueroProto)) arqueroProto[inspect.custom] = inspectArquero;
