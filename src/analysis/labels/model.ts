import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { AuToken } from './au-types';
import type { Emotion } from './emotions';
import type { Issue } from './issues';

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

/** Builds a LabelTable from canonical rows (readers and the synthetic generator end here). */
export function makeLabelTable(
  rows: LabelRow[],
  opts: { format: string; file?: string; extras?: string[]; issues?: Issue[]; sourceRows?: number[] },
): LabelTable {
  const extras = opts.extras ?? [];
  const columns: Record<string, unknown[]> = {};
  for (const name of [...CANONICAL_COLUMNS, ...extras]) columns[name] = rows.map((r) => r[name] ?? null);
  return {
    table: aq.table(columns),
    format: opts.format,
    file: opts.file ?? '',
    extras,
    issues: opts.issues ?? [],
    sourceRows: opts.sourceRows ?? rows.map((_, i) => i + 2),
  };
}

/** The rows as plain typed objects (a copy; the table stays immutable). */
export function labelRows(labels: LabelTable): LabelRow[] {
  return labels.table.objects() as LabelRow[];
}

/** One column as a typed array of values, in row order. */
export function labelColumn<K extends keyof LabelRow & string>(labels: LabelTable, name: K): LabelRow[K][] {
  return labels.table.array(name) as LabelRow[K][];
}

/** Distinct subjects, qualified by dataset when a table mixes databases (ids collide across them). */
export function subjectsOf(labels: LabelTable): string[] {
  const ds = labelColumn(labels, 'dataset');
  const subj = labelColumn(labels, 'subject');
  const mixed = new Set(ds).size > 1;
  return [...new Set(subj.map((s, i) => (mixed ? `${ds[i]}/${s}` : s)))];
}

/** Returns a new LabelTable holding only the rows for which keep(row, index) is true. */
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
 * Hands the table to Danfo.js. The AU column becomes its canonical codes joined by "+" (Danfo holds
 * scalars only). danfojs-node is loaded on first use: it brings TensorFlow.js, which takes seconds.
 */
export function toDanfo(labels: LabelTable): unknown {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require('danfojs-node');
  const data: Record<string, unknown[]> = {};
  for (const name of labels.table.columnNames()) {
    const values = labels.table.array(name) as unknown[];
    data[name] = name === 'aus' ? (values as AuToken[][]).map((t) => t.map((x) => x.code).join('+')) : values.map((v) => v ?? undefined);
  }
  return new dfd.DataFrame(data);
}

/**
 * Sample ids, the key shared by split files and prediction exports: `subject/clip`, and
 * `dataset/subject/clip` when the table mixes databases (clip names such as EP02_01f repeat
 * across subjects, subject ids across databases).
 */
export function sampleIdsOf(labels: LabelTable): string[] {
  const ds = labelColumn(labels, 'dataset');
  const subj = labelColumn(labels, 'subject');
  const clip = labelColumn(labels, 'clip');
  const mixed = new Set(ds).size > 1;
  return clip.map((c, i) => (mixed ? `${ds[i]}/${subj[i]}/${c}` : `${subj[i]}/${c}`));
}
