import { inspect } from 'node:util';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { DataFrame } from 'danfojs-node';
import { parseAus } from './au';
import type { AuToken } from './au-types';
import type { Emotion } from './emotions';
import { MelabError, type Issue } from './issues';

export type { ColumnTable };

/** The canonical columns every reader produces, in this order; extra sheet columns follow them. */
export const CANONICAL_COLUMNS = [
  'dataset', 'part', 'subject', 'clip', 'onset', 'apex', 'offset', 'fps',
  'emotion', 'emotion_raw', 'aus', 'aus_raw',
] as const;

/** One labelled clip in the canonical model. Frame numbers are null where the sheet has none ("/"). */
export interface LabelRow {
  dataset: string;
  /** DFME part (A/B/C), SMIC part (HS/VIS/NIR), CAS(ME)^3 part; null when the database has none. */
  part: string | null;
  subject: string;
  clip: string;
  onset: number | null;
  apex: number | null;
  offset: number | null;
  fps: number | null;
  emotion: Emotion | null;
  emotion_raw: string;
  aus: AuToken[];
  aus_raw: string;
  [extra: string]: unknown;
}

/** How readLabels read a sheet (`melab stats --json` → detected). */
export interface Detection {
  /** The reader (LABEL_FORMATS name). */
  format: string;
  /** Dataset id(s) of the rows, joined by "+" for composites. */
  dataset: string;
  /** Confidence of the reading in [0, 1] (header fit, the layout's own columns, ids like the database's). */
  confidence: number;
  /** The sheet read (a CSV: the file name). */
  sheet: string;
  /** One line: the evidence, the runner-up, the other sheets. */
  why: string;
}

/** Rows of a sheet left out of the table on purpose (macro-expressions), with the reason. */
export interface Exclusion {
  reason: string;
  rows: number;
  /** The first few of them, as 1-based spreadsheet rows. */
  first_rows: number[];
}

/** A loaded label sheet: an immutable Arquero table in the canonical model plus everything found wrong. */
export interface LabelTable {
  readonly table: ColumnTable;
  /** Format name the reader used (dfme, casme2, samm, ...). */
  readonly format: string;
  /** File it came from ('' for in-memory data). */
  readonly file: string;
  /** Extra columns the sheet carried beyond the canonical ones (gender, objective_class, notes, ...). */
  readonly extras: readonly string[];
  /** Every problem found, with file, row, column and value. */
  readonly issues: readonly Issue[];
  /** For each table row, its 1-based row number in the source file (for drill-downs and issues). */
  readonly sourceRows: readonly number[];
  /** How the sheet was read (readLabels); absent for tables built in memory. */
  readonly detected?: Detection;
  /** Rows left out on purpose (macro-expressions of a mixed sheet), never silently. */
  readonly excluded?: readonly Exclusion[];
}

/**
 * A short, human summary of a label table: dataset, rows, subjects, emotions with counts, issues by
 * severity. It is what a notebook cell shows for a LabelTable value and what console.log prints.
 * @example
 * const labels = melab.loadDefaultLabels();
 * const text = melab.labels.labelTableSummary(labels);
 * console.assert(text.startsWith('LabelTable dfme') && text.includes('7,526 rows, 656 subjects'));
 */
export function labelTableSummary(labels: LabelTable): string {
  const n = labels.table.numRows();
  const fmt = (x: number): string => x.toLocaleString('en-US');
  const datasets = [...new Set(labels.table.columnNames().includes('dataset') ? (labels.table.array('dataset') as string[]) : [])];
  const counts = new Map<string, number>();
  for (const e of labels.table.array('emotion') as (string | null)[]) counts.set(e ?? '(none)', (counts.get(e ?? '(none)') ?? 0) + 1);
  const emotions = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([e, c]) => `${e} ${fmt(c)}`);
  const errors = labels.issues.filter((i) => i.severity === 'error').length;
  const warnings = labels.issues.length - errors;
  const source = [labels.format, labels.file ? labels.file.split(/[\\/]/).pop() : 'in memory'].join(', ');
  const lines = [
    `LabelTable ${datasets.join('+') || '(no rows)'} (${source})`,
    `  ${fmt(n)} rows, ${fmt(n ? subjectsOf(labels).length : 0)} subjects`,
    `  emotions: ${emotions.join(', ') || 'none'}`,
    `  issues: ${fmt(errors)} error${errors === 1 ? '' : 's'}, ${fmt(warnings)} warning${warnings === 1 ? '' : 's'}`,
  ];
  if (labels.extras.length) lines.push(`  extra columns: ${labels.extras.join(', ')}`);
  const excluded = (labels.excluded ?? []).reduce((sum, e) => sum + e.rows, 0);
  if (excluded) lines.push(`  left out: ${fmt(excluded)} rows (${(labels.excluded ?? []).map((e) => e.reason).join('; ')})`);
  return lines.join('\n');
}

/** util.inspect (a notebook cell's value, console.log) prints a LabelTable as its summary, not its internals. */
function inspectLabelTable(this: LabelTable): string {
  return labelTableSummary(this);
}

/**
 * Gives a LabelTable-shaped object its summary for util.inspect (an enumerable symbol holding one
 * shared function, so spreads keep it and deep equality still holds). Every constructor calls it.
 */
export function withLabelSummary<T extends LabelTable>(labels: T): T {
  return Object.assign(labels, { [inspect.custom]: inspectLabelTable });
}

/**
 * True for a LabelTable (the readers' result): an Arquero table plus format, issues and source rows.
 * @example
 * console.assert(melab.labels.isLabelTable(melab.loadDefaultLabels()) && !melab.labels.isLabelTable({}));
 */
export function isLabelTable(v: unknown): v is LabelTable {
  const t = v as LabelTable | null;
  return typeof t === 'object' && t !== null && typeof t.format === 'string' && Array.isArray(t.issues) && Array.isArray(t.sourceRows)
    && typeof t.table === 'object' && t.table !== null && typeof (t.table as ColumnTable).columnNames === 'function';
}

/**
 * Builds a LabelTable from canonical rows (readers and the synthetic generator end here).
 * @example
 * const aus = melab.labels.parseAus('AU6+AU12').tokens;
 * const t = melab.labels.makeLabelTable([{ dataset: 'casme2', part: null, subject: '01', clip: 'EP01', onset: 1, apex: 10, offset: 20, fps: 200, emotion: 'happiness', emotion_raw: 'happiness', aus, aus_raw: 'AU6+AU12' }], { format: 'casme2' });
 * t.sourceRows // [2]
 */
export function makeLabelTable(
  rows: LabelRow[],
  opts: { format: string; file?: string; extras?: string[]; issues?: Issue[]; sourceRows?: number[] },
): LabelTable {
  const extras = opts.extras ?? [];
  const columns: Record<string, unknown[]> = {};
  for (const name of [...CANONICAL_COLUMNS, ...extras]) columns[name] = rows.map((r) => r[name] ?? null);
  return withLabelSummary({
    table: aq.table(columns),
    format: opts.format,
    file: opts.file ?? '',
    extras,
    issues: opts.issues ?? [],
    sourceRows: opts.sourceRows ?? rows.map((_, i) => i + 2),
  });
}

/**
 * The rows as plain typed objects (a copy; the table stays immutable).
 * @example
 * const rows = melab.labels.labelRows(melab.loadDefaultLabels());
 * console.assert(rows.length === 7526 && rows[0].aus.every((t) => typeof t.code === 'string'));  // 7,526 DFME clips (Table 1)
 */
export function labelRows(labels: LabelTable): LabelRow[] {
  return labels.table.objects() as LabelRow[];
}

/**
 * One column as a typed array of values, in row order.
 * @example
 * const fps = melab.labels.labelColumn(melab.loadDefaultLabels(), 'fps');
 * console.assert(new Set(fps).size === 3);  // DFME parts A/B/C: 500, 300, 200 fps (Table 1)
 */
export function labelColumn<K extends keyof LabelRow & string>(labels: LabelTable, name: K): LabelRow[K][] {
  return labels.table.array(name) as LabelRow[K][];
}

/**
 * Distinct subjects, qualified by dataset when a table mixes databases (ids collide across them).
 * @example
 * melab.labels.subjectsOf(melab.loadDefaultLabels()).length // 656
 */
export function subjectsOf(labels: LabelTable): string[] {
  const ds = labelColumn(labels, 'dataset');
  const subj = labelColumn(labels, 'subject');
  const mixed = new Set(ds).size > 1;
  return [...new Set(subj.map((s, i) => (mixed ? `${ds[i]}/${s}` : s)))];
}

/**
 * Returns a new LabelTable holding only the rows for which keep(row, index) is true.
 * @example
 * const labels = melab.loadDefaultLabels();
 * const partA = melab.labels.filterLabels(labels, (r) => r.part === 'A');
 * partA.table.numRows() // 1118
 */
export function filterLabels(labels: LabelTable, keep: (row: LabelRow, index: number) => boolean): LabelTable {
  const rows = labelRows(labels);
  const idx = rows.map((r, i) => (keep(r, i) ? i : -1)).filter((i) => i >= 0);
  const kept = makeLabelTable(idx.map((i) => rows[i]), {
    format: labels.format, file: labels.file, extras: [...labels.extras], issues: [...labels.issues],
    sourceRows: idx.map((i) => labels.sourceRows[i]),
  });
  return { ...kept, detected: labels.detected, excluded: labels.excluded };
}

/**
 * Stacks several label tables (e.g. CASME II + SAMM + SMIC for a composite analysis) into one. Extra
 * columns are the union (null where a sheet lacks one); issues and source rows travel along. The mixed
 * `dataset` column then qualifies subjects and sample ids (`subjectsOf`, `sampleIdsOf`).
 * @example
 * const labels = melab.loadDefaultLabels();
 * const twice = melab.concatLabels([labels, labels]);
 * console.assert(twice.table.numRows() === 2 * labels.table.numRows() && twice.sourceRows.length === twice.table.numRows());
 */
export function concatLabels(tables: readonly LabelTable[]): LabelTable {
  if (tables.length === 1) return tables[0];
  const extras = [...new Set(tables.flatMap((t) => t.extras))];
  const formats = [...new Set(tables.map((t) => t.format))];
  const stacked = makeLabelTable(tables.flatMap(labelRows), {
    format: formats.length === 1 ? formats[0] : 'mixed',
    file: tables.map((t) => t.file).filter(Boolean).join(', '),
    extras,
    issues: tables.flatMap((t) => [...t.issues]),
    sourceRows: tables.flatMap((t) => [...t.sourceRows]),
  });
  const detections = tables.map((t) => t.detected).filter((d): d is Detection => d !== undefined);
  const detected: Detection | undefined = detections.length === 0 ? undefined : {
    format: [...new Set(detections.map((d) => d.format))].join('+'),
    dataset: [...new Set(detections.flatMap((d) => d.dataset.split('+')))].join('+'),
    confidence: Math.min(...detections.map((d) => d.confidence)),
    sheet: detections.map((d) => d.sheet).join(', '),
    why: tables.map((t) => `${t.file}: ${t.detected?.why ?? 'in memory'}`).join(' | '),
  };
  const excluded = tables.flatMap((t) => (t.excluded ?? []).map((e) => ({ ...e, reason: `${t.file}: ${e.reason}` })));
  return { ...stacked, detected, excluded };
}

/**
 * Hands the table to Danfo.js as a typed `DataFrame` (`df.groupby([...])` compiles in a notebook).
 * The AU column becomes its canonical codes joined by "+" (Danfo holds scalars only); `fromDanfo`
 * reads them back. danfojs-node is loaded on first use: it brings TensorFlow.js, which takes seconds.
 * @example
 * const df = melab.toDanfo(melab.loadDefaultLabels());
 * const perEmotion = df.groupby(['emotion']).count();
 * console.assert(df.shape[0] > 0 && perEmotion.columns.includes('emotion'));
 */
export function toDanfo(labels: LabelTable): DataFrame {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require('danfojs-node') as typeof import('danfojs-node');
  const data: Record<string, unknown[]> = {};
  for (const name of labels.table.columnNames()) {
    const values = labels.table.array(name) as unknown[];
    data[name] = name === 'aus' ? (values as AuToken[][]).map((t) => t.map((x) => x.code).join('+')) : values.map((v) => v ?? undefined);
  }
  return new dfd.DataFrame(data);
}

/**
 * A LabelTable back from an Arquero table in the canonical model, e.g. after `labels.table.filter(...)`
 * or a derive: every canonical column must be there (MelabError naming the missing ones otherwise;
 * for any other table use `show(table)` or `table.objects()`). `aus` may hold AU tokens or text
 * ("AU4+L-AU12"), parsed again. Format, file and issues come from `like` when given; source rows
 * then count the new table's own rows (row i is i + 2, as a sheet with a header).
 * @example
 * const labels = melab.loadDefaultLabels();
 * const happy = melab.fromArquero(labels.table.filter((d: any) => d.emotion === 'happiness'), { like: labels });
 * console.assert(happy.table.numRows() > 0 && happy.table.numRows() < labels.table.numRows() && happy.format === labels.format);
 */
export function fromArquero(table: ColumnTable, opts: { like?: LabelTable } = {}): LabelTable {
  const names = table.columnNames();
  const missing = CANONICAL_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    throw new MelabError(`fromArquero: the table lacks the label column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a LabelTable needs ${CANONICAL_COLUMNS.join(', ')}); show(table) displays any table as it is`);
  }
  const blank = (v: unknown): unknown => (v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v);
  const rows = (table.objects({ grouped: false }) as Record<string, unknown>[]).map((r) => {
    const row = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, blank(v)])) as LabelRow;
    if (!Array.isArray(row.aus)) row.aus = parseAus(row.aus ?? '').tokens;
    for (const k of ['emotion', 'part'] as const) if (row[k] === '') row[k] = null;
    return row;
  });
  const like = opts.like;
  const extras = names.filter((n) => !(CANONICAL_COLUMNS as readonly string[]).includes(n));
  return makeLabelTable(rows, { format: like?.format ?? 'canonical', file: like?.file ?? '', extras, issues: like ? [...like.issues] : [] });
}

/**
 * A LabelTable back from a Danfo DataFrame holding the canonical columns (what `toDanfo` made,
 * after a `query` or `sortValues`); same rules as `fromArquero`.
 * @example
 * const labels = melab.loadDefaultLabels();
 * const back = melab.fromDanfo(melab.toDanfo(labels), { like: labels });
 * const codes = (t: melab.LabelTable) => (t.table.array('aus') as melab.AuToken[][]).map((a) => a.map((x) => x.code).join('+'));
 * console.assert(back.table.numRows() === labels.table.numRows());
 * console.assert(codes(back).join('|') === codes(labels).join('|'));  // AU codes survive the round trip
 */
export function fromDanfo(df: DataFrame, opts: { like?: LabelTable } = {}): LabelTable {
  const columns = df.columns;
  const values = df.values as unknown[][];
  const data: Record<string, unknown[]> = Object.fromEntries(columns.map((c, j) => [c, values.map((row) => row[j])]));
  return fromArquero(aq.table(data), opts);
}

/**
 * Sample ids, the key shared by split files and prediction exports: `subject/clip`, and
 * `dataset/subject/clip` when the table mixes databases (clip names such as EP02_01f repeat
 * across subjects, subject ids across databases).
 * @example
 * const ids = melab.labels.sampleIdsOf(melab.loadDefaultLabels());
 * console.assert(ids.length === 7526 && ids[0] === 'sub001/sub001_14d_01');
 */
export function sampleIdsOf(labels: LabelTable): string[] {
  const ds = labelColumn(labels, 'dataset');
  const subj = labelColumn(labels, 'subject');
  const clip = labelColumn(labels, 'clip');
  const mixed = new Set(ds).size > 1;
  return clip.map((c, i) => (mixed ? `${ds[i]}/${subj[i]}/${c}` : `${subj[i]}/${c}`));
}
