/**
 * A table as data, and its four renderings: HTML (notebooks, the HTML report), Markdown,
 * LaTeX with booktabs (papers) and CSV. Every statistic returns a TableSpec; rendering is at the edge.
 */
import { escapeLatex } from './latex';
import { toCsv } from '../util/csv-write';

export { escapeLatex };

export type { TableColumn, TableSpec } from '../util/table-spec';
import type { TableColumn, TableSpec } from '../util/table-spec';

/** The text of one cell: numbers with the column's digits, null/undefined as an empty cell. */
export function formatCell(value: unknown, column: TableColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return UNDEFINED_CELL; // PMI of an empty cell, an SD of one fold: undefined, not a number to read
    if (column.format === 'p') return formatP(value);
    return column.digits === undefined ? String(value) : value.toFixed(column.digits);
  }
  return String(value);
}

/** How a table shows an undefined number (NaN, ±Infinity); CSV keeps the raw value. */
export const UNDEFINED_CELL = '–';

/**
 * A p-value for reading: 4 decimals from 1e-4 up, scientific notation below, "< 1e-300" for an
 * underflowed 0 (never "0.0000").
 * @example formatP(0.0123) // '0.0123'; formatP(3.2e-7) // '3.2e-7'
 */
export function formatP(p: number): string {
  if (p === 0) return '< 1e-300';
  if (p >= 1e-4) return p.toFixed(4);
  return p.toExponential(1);
}

const alignOf = (c: TableColumn): 'l' | 'r' | 'c' => c.align ?? 'l';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * @example
 * const t = melab.report.recordsTable('n', 'Counts', [{ emotion: 'fear', n: 2 }]);
 * console.assert(melab.report.tableToHtml(t).includes('<td style="text-align:right">2</td>'));
 */
export function tableToHtml(spec: TableSpec): string {
  const css = { l: 'left', r: 'right', c: 'center' } as const;
  const th = spec.columns.map((c) => `<th style="text-align:${css[alignOf(c)]}">${escapeHtml(c.label)}</th>`).join('');
  const body = spec.rows
    .map((r) => '<tr>' + spec.columns.map((c) => `<td style="text-align:${css[alignOf(c)]}">${escapeHtml(formatCell(r[c.key], c))}</td>`).join('') + '</tr>')
    .join('\n');
  const caption = `<caption><b>${escapeHtml(spec.title)}</b>${spec.caption ? ' ' + escapeHtml(spec.caption) : ''}</caption>`;
  const notes = (spec.notes ?? []).map((n) => `<p class="melab-note"><small>${escapeHtml(n)}</small></p>`).join('\n');
  return `<table class="melab-table" id="${escapeHtml(spec.id)}">\n${caption}\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${notes ? '\n' + notes : ''}`;
}

const escapeMarkdown = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * @example
 * const t = melab.report.recordsTable('n', 'Counts', [{ emotion: 'fear', n: 2 }]);
 * melab.report.tableToMarkdown(t) // '**Counts**\n\n| emotion | n |\n| :-- | --: |\n| fear | 2 |\n'
 */
export function tableToMarkdown(spec: TableSpec): string {
  const rule = { l: ':--', r: '--:', c: ':-:' } as const;
  const lines = [
    `**${escapeMarkdown(spec.title)}**${spec.caption ? ' ' + escapeMarkdown(spec.caption) : ''}`,
    '',
    '| ' + spec.columns.map((c) => escapeMarkdown(c.label)).join(' | ') + ' |',
    '| ' + spec.columns.map((c) => rule[alignOf(c)]).join(' | ') + ' |',
    ...spec.rows.map((r) => '| ' + spec.columns.map((c) => escapeMarkdown(formatCell(r[c.key], c))).join(' | ') + ' |'),
  ];
  for (const n of spec.notes ?? []) lines.push('', `_${escapeMarkdown(n)}_`);
  return lines.join('\n') + '\n';
}

/** The paper's number at the head of a title ("TABLE 8: ", "Table 1 -"): LaTeX's \caption numbers the table itself. */
const TABLE_NUMBER = /^\s*table\s+[0-9A-Za-z.]+\s*[:.\-–—]\s*/i;

/** Tables wider than this many columns are scaled to the text width (graphicx's \resizebox). */
const WIDE_COLUMNS = 8;

/**
 * A booktabs table for \input in a paper: needs \usepackage{booktabs} (and graphicx for wide tables,
 * scaled to \linewidth). Text is LaTeX-safe (latex.ts); the caption does not repeat the paper's
 * table number, which \caption adds itself.
 * @example
 * const t = melab.report.recordsTable('n', 'Counts', [{ emotion: 'fear', n: 2 }]);
 * console.assert(melab.report.tableToLatex(t).includes('\\toprule') && melab.report.tableToLatex(t).includes('fear & 2 \\\\'));
 */
export function tableToLatex(spec: TableSpec): string {
  const wide = spec.columns.length > WIDE_COLUMNS;
  const title = spec.title.replace(TABLE_NUMBER, '');
  const lines = [
    `% melab table ${spec.id}: \\usepackage{booktabs}${wide ? ' and \\usepackage{graphicx}' : ''}`,
    '\\begin{table}[t]',
    '\\centering',
    `\\caption{${escapeLatex(title)}${spec.caption ? ' ' + escapeLatex(spec.caption) : ''}}`,
    `\\label{tab:${spec.id}}`,
    ...(wide ? ['\\resizebox{\\linewidth}{!}{%'] : []),
    `\\begin{tabular}{${spec.columns.map(alignOf).join('')}}`,
    '\\toprule',
    spec.columns.map((c) => escapeLatex(c.label)).join(' & ') + ' \\\\',
    '\\midrule',
    ...spec.rows.map((r) => spec.columns.map((c) => escapeLatex(formatCell(r[c.key], c))).join(' & ') + ' \\\\'),
    '\\bottomrule',
    '\\end{tabular}',
    ...(wide ? ['}'] : []),
  ];
  if (spec.notes?.length) lines.push('\\par\\smallskip', ...spec.notes.map((n) => `{\\footnotesize ${escapeLatex(n)}\\par}`));
  lines.push('\\end{table}');
  return lines.join('\n') + '\n';
}

/**
 * RFC 4180 CSV (CRLF line ends) with the column labels as header; numbers keep full precision (no rounding).
 * @example
 * const t = melab.report.recordsTable('n', 'Counts', [{ emotion: 'fear', n: 2 }]);
 * melab.report.tableToCsv(t) // 'emotion,n\r\nfear,2\r\n'
 */
export function tableToCsv(spec: TableSpec): string {
  return toCsv(spec.columns.map((c) => c.label), spec.rows.map((r) => spec.columns.map((c) => r[c.key])), '\r\n');
}
