/**
 * A table as data, and its four renderings: HTML (notebooks, the HTML report), Markdown,
 * LaTeX with booktabs (papers) and CSV. Every statistic returns a TableSpec; rendering is at the edge.
 */
export interface TableColumn {
  key: string;
  label: string;
  align?: 'l' | 'r' | 'c';
  /** Fixed number of decimals for numbers in this column; integers print as they are when omitted. */
  digits?: number;
}

export interface TableSpec {
  /** File-name stem in reports/ (e.g. "table5-au-distribution"). */
  id: string;
  title: string;
  caption?: string;
  columns: TableColumn[];
  rows: Record<string, unknown>[];
  notes?: string[];
}

/** The text of one cell: numbers with the column's digits, null/undefined as an empty cell. */
export function formatCell(value: unknown, column: TableColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Inf' : '-Inf';
    return column.digits === undefined ? String(value) : value.toFixed(column.digits);
  }
  return String(value);
}

const alignOf = (c: TableColumn): 'l' | 'r' | 'c' => c.align ?? 'l';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
};
export const escapeLatex = (s: string): string => s.replace(/[\\&%$#_{}~^]/g, (ch) => LATEX_SPECIAL[ch]);

/** A booktabs table (\usepackage{booktabs}), ready for \input in a paper. */
export function tableToLatex(spec: TableSpec): string {
  const lines = [
    '\\begin{table}[t]',
    '\\centering',
    `\\caption{${escapeLatex(spec.title)}${spec.caption ? ' ' + escapeLatex(spec.caption) : ''}}`,
    `\\label{tab:${spec.id}}`,
    `\\begin{tabular}{${spec.columns.map(alignOf).join('')}}`,
    '\\toprule',
    spec.columns.map((c) => escapeLatex(c.label)).join(' & ') + ' \\\\',
    '\\midrule',
    ...spec.rows.map((r) => spec.columns.map((c) => escapeLatex(formatCell(r[c.key], c))).join(' & ') + ' \\\\'),
    '\\bottomrule',
    '\\end{tabular}',
  ];
  for (const n of spec.notes ?? []) lines.push(`\\par\\footnotesize ${escapeLatex(n)}`);
  lines.push('\\end{table}');
  return lines.join('\n') + '\n';
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** RFC 4180 CSV with the column labels as header; numbers keep full precision (no rounding). */
export function tableToCsv(spec: TableSpec): string {
  const raw = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  return [
    spec.columns.map((c) => csvField(c.label)).join(','),
    ...spec.rows.map((r) => spec.columns.map((c) => csvField(raw(r[c.key]))).join(',')),
  ].join('\r\n') + '\r\n';
}
