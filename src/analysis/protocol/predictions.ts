/**
 * The prediction export (schema version 1.0): how the GPU evaluation module, or any user's code, hands
 * predictions to melab. One row per (model, fold, sample); a manifest JSON beside it. The JSON Schema is
 * schema/prediction-export.schema.json, the documentation docs/prediction-export.md.
 *
 *   <dir>/<model>-<task>.csv | .jsonl      model,dataset,subject,sample_id,fold,y_true,y_pred,p_<class>...
 *                                          model,dataset,subject,sample_id,fold,au_true_<AU>...,au_score_<AU>...
 *   <dir>/<model>-<task>.manifest.json     {"schema_version":"1.0","model","task","classes"|"aus","threshold",...}
 *
 * The reader validates everything and stops at the first problem with a one-line MelabError naming
 * file, row, column and value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { foldSide } from '../labels/au';
import { canonicalEmotion } from '../labels/emotions';
import { fail, MelabError } from '../labels/issues';
import { labelRows, sampleIdsOf, type LabelTable } from '../labels/model';
import { toCsv, toJsonLines, type RecordFile } from './records';
import {
  columnsOfRecords, readCsvColumns, readJsonLinesColumns, type FlagColumn, type NumberColumn, type PredictionColumns, type TextColumn,
} from './prediction-columns';
import { heapRoom } from '../util/heap-guard';
import { readTextFile } from '../util/text-file';
import { checkColumnsSchema, checkManifestSchema } from './export-schema';

export const PREDICTION_SCHEMA_VERSION = '1.0';
/** |Σ p − 1| allowed per row: admits probabilities written with 4 decimals for up to 20 classes. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;
/** AU detection threshold when the manifest gives none: a score ≥ 0.5 is a detection. */
export const DEFAULT_AU_THRESHOLD = 0.5;

export type PredictionTask = 'emotion' | 'au' | 'emotion+au';

export interface PredictionManifest {
  schema_version: string;
  model: string;
  task: PredictionTask;
  /** Emotion class order (canonical lower-case names); the probability columns follow it. */
  classes?: string[];
  /** AU codes (AU1, AU2, ...) of the AU task, in column order. */
  aus?: string[];
  threshold?: number;
  seed?: number | null;
  folds?: number;
  code_version?: string;
  hardware?: string;
  timings?: Record<string, number>;
  created?: string;
  [extra: string]: unknown;
}

export interface EmotionPredictions {
  classes: string[];
  /** Where the class order came from: the manifest, the p_ columns, or the names sorted (bare CSV). */
  classOrder: 'manifest' | 'probability-columns' | 'sorted-names';
  /** Class index of each row's true and predicted label. */
  yTrue: Int32Array;
  yPred: Int32Array;
  /** n × K row-major class probabilities, or null when the export has no p_ columns. */
  probs: Float64Array | null;
}

export interface AuPredictions {
  aus: string[];
  /** n × A row-major 0/1 truth. */
  truth: Uint8Array;
  /** n × A row-major scores in [0, 1]. */
  scores: Float64Array;
  threshold: number;
}

/** One model's predictions for one task, validated, with columns as typed arrays. */
export interface PredictionExport {
  file: string;
  model: string;
  task: PredictionTask;
  manifest: PredictionManifest | null;
  sampleIds: string[];
  subjects: string[];
  datasets: string[];
  /**
   * Fold of each row: the index of the fold whose test set held the sample. Integer fold labels are
   * kept as written; string labels (a LOSO export's subjects) are numbered in natural order, and
   * `foldNames[f]` is the label of fold f.
   */
  fold: Int32Array;
  /** The fold labels as written when they are not all non-negative integers; null otherwise. */
  foldNames: string[] | null;
  /** Values of the columns asked for with `keep` (e.g. for `metrics --by COL`), one per row. */
  extra: Record<string, string[]>;
  /** Every default the reader assumed, stated (no fold column, model from the file name, class order, ...). */
  notes: string[];
  /** Problems that do not stop scoring but a reader must see: a subject in two folds (leakage), ... */
  warnings: string[];
  /** Line number of each row in its file (0 for exports built in memory). */
  sourceRows: Int32Array;
  emotion: EmotionPredictions | null;
  au: AuPredictions | null;
}

export interface ReadPredictionsOptions {
  /** The label table the predictions refer to: sample ids, subjects and true labels are checked against it. */
  labels?: LabelTable;
  /** Manifest path; default `<file without extension>.manifest.json` when that exists. */
  manifest?: string;
  /** Take each row's fold from this column (e.g. `subject` for leave-one-subject-out) instead of `fold`. */
  foldBy?: string;
  /** Class names for integer class ids in y_true/y_pred: id i is classes[i]; also fixes the class order. */
  classes?: string[];
  /** Columns to keep per row (in `extra`), e.g. the column of `metrics --by`. */
  keep?: string[];
  /** Text encoding of the file (util/text-file.ts); default UTF-8, checked. */
  encoding?: string;
}

const REQUIRED = ['sample_id'] as const;

/** Canonical class name: a known emotion spelling becomes its canonical name, anything else stays as written. */
export function canonicalClass(raw: string): string {
  return canonicalEmotion(raw) ?? raw.trim();
}

/** The manifest path beside an export: `x.csv` → `x.manifest.json`. */
export function manifestPathFor(file: string): string {
  return file.replace(/\.(csv|jsonl|ndjson)$/i, '') + '.manifest.json';
}

/** `rcn_a-emotion.csv` → {model: 'rcn_a', task: 'emotion'}. */
export function modelAndTaskFromName(file: string): { model: string; task: PredictionTask | null } {
  const stem = path.basename(file).replace(/\.(csv|jsonl|ndjson)$/i, '');
  const m = /^(.*)-(emotion|au)$/.exec(stem);
  return m ? { model: m[1], task: m[2] as PredictionTask } : { model: stem, task: null };
}

/** Reads and validates a manifest against schema version 1.0 (field by field, naming the field). */
export function readManifest(file: string): PredictionManifest {
  let value: unknown;
  try {
    value = JSON.parse(readTextFile(file));
  } catch (err) {
    if (err instanceof MelabError) throw err;
    fail(file, 0, '', '', `manifest is not readable JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, 0, '', '', 'manifest must be a JSON object');
  const m = value as Record<string, unknown>;
  if (m.schema_version !== PREDICTION_SCHEMA_VERSION) {
    fail(file, 0, 'schema_version', m.schema_version, `unsupported schema version (this melab reads "${PREDICTION_SCHEMA_VERSION}")`);
  }
  if (typeof m.model !== 'string' || m.model === '') fail(file, 0, 'model', m.model, 'manifest needs a model name');
  if (m.task !== 'emotion' && m.task !== 'au' && m.task !== 'emotion+au') fail(file, 0, 'task', m.task, 'task must be "emotion", "au" or "emotion+au"');
  const names = (key: 'classes' | 'aus', needed: boolean): void => {
    const v = m[key];
    if (v === undefined && !needed) return;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x === '')) {
      fail(file, 0, key, JSON.stringify(v), `${key} must be a non-empty list of names`);
    }
    const seen = new Set<string>();
    for (const x of v as string[]) {
      const c = key === 'classes' ? canonicalClass(x) : x;
      if (seen.has(c)) fail(file, 0, key, x, `duplicated name in ${key}`);
      seen.add(c);
    }
    if (key === 'classes') m.classes = (v as string[]).map(canonicalClass);
  };
  names('classes', m.task !== 'au');
  names('aus', m.task !== 'emotion');
  if (m.threshold !== undefined && !(typeof m.threshold === 'number' && m.threshold > 0 && m.threshold < 1)) {
    fail(file, 0, 'threshold', m.threshold, 'threshold must be a number in (0, 1)');
  }
  if (m.folds !== undefined && !(Number.isInteger(m.folds) && (m.folds as number) > 0)) fail(file, 0, 'folds', m.folds, 'folds must be a positive integer');
  if (m.seed !== undefined && m.seed !== null && !Number.isInteger(m.seed)) fail(file, 0, 'seed', m.seed, 'seed must be an integer or null');
  if (m.timings !== undefined) {
    if (typeof m.timings !== 'object' || m.timings === null || Array.isArray(m.timings)) fail(file, 0, 'timings', JSON.stringify(m.timings), 'timings must be an object of seconds');
    for (const [k, t] of Object.entries(m.timings as object)) if (typeof t !== 'number' || !(t >= 0)) fail(file, 0, `timings.${k}`, t, 'a timing must be a non-negative number of seconds');
  }
  for (const key of ['code_version', 'hardware', 'created'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'string') fail(file, 0, key, m[key], `${key} must be a string`);
  }
  checkManifestSchema(file, value); // everything the field checks above do not name: formats, AU code patterns, ...
  return m as PredictionManifest;
}

/**
 * Reads one prediction export (CSV or JSON Lines, with or without manifest) and validates it, streamed.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * console.assert(ststnet.model === 'ststnet' && ststnet.task === 'emotion' && ststnet.sampleIds.length > 0);
 */
export function readPredictions(file: string, opts: ReadPredictionsOptions = {}): PredictionExport {
  const manifestFile = opts.manifest ?? manifestPathFor(file);
  const manifest = fs.existsSync(manifestFile) ? readManifest(manifestFile) : opts.manifest ? fail(manifestFile, 0, '', '', 'manifest not found') : null;
  if (!fs.existsSync(file)) fail(file, 0, '', '', 'file not found');
  if (fs.statSync(file).isDirectory()) fail(file, 0, '', '', 'is a folder, not a file (pass the export file, or a folder to melab tables/report)');
  const choice = { foldBy: opts.foldBy, keep: opts.keep };
  const cols = /\.(jsonl|ndjson)$/i.test(file)
    ? readJsonLinesColumns(file, choice, { encoding: opts.encoding })
    : readCsvColumns(file, choice, { encoding: opts.encoding });
  return validateColumns(cols, manifest, opts.labels, opts);
}

/** Validates parsed records (see readPredictions); exposed for in-memory data. */
export function validateRecords(
  rec: RecordFile, manifest: PredictionManifest | null, labels?: LabelTable, opts: Omit<ReadPredictionsOptions, 'labels' | 'manifest'> = {},
): PredictionExport {
  return validateColumns(columnsOfRecords(rec, { foldBy: opts.foldBy, keep: opts.keep }), manifest, labels, opts);
}

/** A text column's value at row i ('' when the column is absent). */
function cell(cols: PredictionColumns, column: string, i: number): string {
  const c = cols.text.get(column);
  return c ? c.values[c.codes[i]] : '';
}

/** Validates the columns of an export (protocol/prediction-columns.ts); the checks stop at the first problem. */
export function validateColumns(
  cols: PredictionColumns, manifest: PredictionManifest | null, labels?: LabelTable, opts: Omit<ReadPredictionsOptions, 'labels' | 'manifest'> = {},
): PredictionExport {
  const { file, columns, n } = cols;
  const lines = cols.lines;
  if (n === 0) fail(file, 0, '', '', 'no prediction rows');
  // what the checks keep in the JavaScript heap: a subject and a dataset per row, and a value per row of each --by column
  heapRoom(file, 8 * n * (2 + (opts.keep?.length ?? 0)), `checking ${n.toLocaleString('en')} rows`);
  for (const c of REQUIRED) if (!columns.includes(c)) fail(file, 1, c, '', `missing column "${c}"`);
  checkColumnsSchema(file, columns);
  const hasEmotion = columns.includes('y_true') || columns.includes('y_pred');
  const auTrueCols = columns.filter((c) => c.startsWith('au_true_'));
  const auScoreCols = columns.filter((c) => c.startsWith('au_score_'));
  const hasAu = auTrueCols.length > 0 || auScoreCols.length > 0;
  const named = modelAndTaskFromName(file);
  const task: PredictionTask = manifest?.task ?? (hasEmotion && hasAu ? 'emotion+au' : hasAu ? 'au' : hasEmotion ? 'emotion' : fail(file, 1, '', '', 'no y_true/y_pred or au_true_/au_score_ columns: cannot tell the task'));
  const wantsEmotion = task !== 'au';
  const wantsAu = task !== 'emotion';
  if (wantsEmotion) for (const c of ['y_true', 'y_pred']) if (!columns.includes(c)) fail(file, 1, c, '', `missing column "${c}" (task ${task})`);
  if (wantsAu && !hasAu) fail(file, 1, 'au_true_*', '', `no AU columns (task ${task})`);

  const notes: string[] = [];
  const warnings: string[] = [];
  const model = manifest?.model ?? (columns.includes('model') ? cell(cols, 'model', 0) : named.model);
  if (!manifest && !columns.includes('model')) notes.push(`model "${model}": from the file name (no manifest, no model column)`);
  for (const c of opts.keep ?? []) if (!columns.includes(c)) fail(file, 1, c, '', `no column "${c}" (columns: ${columns.join(', ')})`);
  const extra: Record<string, string[]> = Object.fromEntries((opts.keep ?? []).map((c) => {
    const col = cols.text.get(c) as TextColumn;
    const values = new Array<string>(n);
    for (let i = 0; i < n; i++) values[i] = col.values[col.codes[i]];
    return [c, values];
  }));
  const folding = foldsOf(cols, manifest, opts.foldBy, notes);
  if (columns.includes('model')) {
    const col = cols.text.get('model') as TextColumn;
    const wrong = col.values.map((v) => v !== model);
    for (let i = 0; i < n; i++) {
      if (wrong[col.codes[i]]) fail(file, lines[i], 'model', col.values[col.codes[i]], `one model per export: expected "${model}"${manifest ? ' (the manifest\'s model)' : ''}`);
    }
  }

  // label table lookup
  const labelIndex = new Map<string, number>();
  let labelData: ReturnType<typeof labelRows> = [];
  if (labels) {
    labelData = labelRows(labels);
    sampleIdsOf(labels).forEach((id, i) => { if (!labelIndex.has(id)) labelIndex.set(id, i); });
  }
  const labelLine = (i: number): string => `${labels?.file || '<labels>'} row ${labels?.sourceRows[i] ?? i + 2}`;

  // ids, folds, subjects
  const sampleIds = cols.sampleIds;
  const subjects: string[] = new Array(n);
  const datasets: string[] = new Array(n);
  const fold = folding.fold;
  const foldText = (i: number): string => (folding.names ? folding.names[fold[i]] : String(fold[i]));
  const labelOf = new Int32Array(labels ? n : 0).fill(-1); // the label row of each row (only with a label table)
  const subjectCol = cols.text.get('subject');
  const datasetCol = cols.text.get('dataset');
  for (let i = 0; i < n; i++) {
    const id = sampleIds[i];
    if (i === cols.firstEmptyId) fail(file, lines[i], 'sample_id', '', 'empty sample id');
    if (i === cols.firstRepeat) {
      const prev = cols.firstRepeatOf;
      if (fold[prev] === fold[i]) fail(file, lines[i], 'sample_id', id, `duplicated sample id (also row ${lines[prev]})`);
      fail(file, lines[i], folding.column ?? 'sample_id', foldText(i), `sample "${id}" in two folds (fold ${foldText(prev)} at row ${lines[prev]})`);
    }
    const subject = subjectCol ? subjectCol.values[subjectCol.codes[i]] : '';
    const dataset = datasetCol ? datasetCol.values[datasetCol.codes[i]] : '';
    if (labels) {
      const li = labelIndex.get(id);
      if (li === undefined) fail(file, lines[i], 'sample_id', id, `unknown sample id: not in the label table ${labels.file || ''}`.trim());
      labelOf[i] = li;
      const lr = labelData[li];
      for (const [key, v] of [['subject', subject], ['dataset', dataset]] as const) {
        if (v !== '' && v !== String(lr[key])) fail(file, lines[i], key, v, `disagrees with the label table (${key} "${lr[key]}" at ${labelLine(li)})`);
      }
      subjects[i] = String(lr.subject);
      datasets[i] = String(lr.dataset);
    } else if (subject !== '' && (dataset !== '' || !id.includes('/'))) {
      subjects[i] = subject;
      datasets[i] = dataset;
    } else {
      const parts = id.split('/');
      subjects[i] = subject !== '' ? subject : parts.length >= 2 ? parts[parts.length - 2] : id;
      datasets[i] = dataset !== '' ? dataset : parts.length >= 3 ? parts[0] : '';
    }
  }
  if (manifest?.folds !== undefined && folding.column === 'fold' && !folding.names) {
    const present = new Uint8Array(manifest.folds);
    for (let i = 0; i < n; i++) if (fold[i] < manifest.folds) present[fold[i]] = 1;
    for (let f = 0; f < manifest.folds; f++) if (!present[f]) fail(file, 0, 'fold', f, `fold ${f} has no predictions (the manifest says ${manifest.folds} folds)`);
  }
  if (folding.column !== 'subject') warnings.push(...subjectLeaks(file, subjects, fold, lines, foldText));

  const emotion = wantsEmotion ? readEmotionColumns(cols, manifest, labels, labelData, labelOf, labelLine, opts.classes, notes) : null;
  const au = wantsAu ? readAuColumns(cols, manifest, auTrueCols, auScoreCols, labels, labelData, labelOf, labelLine) : null;
  // the JSON Schema is the contract: whatever the checks above did not name, the schema does (row and field)
  const bad = cols.schemaFailure;
  if (bad) fail(file, lines[bad.index], bad.field, bad.shown, bad.why);
  return {
    file, model, task, manifest, sampleIds, subjects, datasets, fold, foldNames: folding.names, extra, notes, warnings,
    sourceRows: lines, emotion, au,
  };
}

/**
 * Each row's fold: from `foldBy`, else the `fold` column, else one fold for every row (said in `notes`).
 * All-integer labels stay as written; otherwise the labels are numbered in natural order.
 */
function foldsOf(cols: PredictionColumns, manifest: PredictionManifest | null, foldBy: string | undefined, notes: string[]): { fold: Int32Array; names: string[] | null; column: string | null } {
  const { file, columns, n, lines } = cols;
  if (foldBy !== undefined && !columns.includes(foldBy)) fail(file, 1, foldBy, '', `--fold-by: no column "${foldBy}" (columns: ${columns.join(', ')})`);
  const column = foldBy ?? (columns.includes('fold') ? 'fold' : null);
  if (column === null) {
    notes.push('no fold column: every row is scored as one fold (pass --fold-by COLUMN, e.g. subject, to score per fold)');
    return { fold: new Int32Array(n), names: null, column };
  }
  if (foldBy !== undefined) notes.push(`folds: from column "${foldBy}"${columns.includes('fold') && foldBy !== 'fold' ? ' (--fold-by; the fold column is not used)' : ''}`);
  // one decision per distinct value (the dictionary), applied to the rows through their codes
  const { codes, values, firstRow } = cols.text.get(column) as TextColumn;
  const empty = values.indexOf('');
  if (empty >= 0) fail(file, lines[firstRow[empty]], column, '', 'empty fold');
  const isInt = values.map((v) => /^\d+$/.test(v));
  if (isInt.every(Boolean) && values.every((v) => Number(v) < 2 ** 24)) {
    const fold = byCodes(codes, Int32Array.from(values, Number));
    if (manifest?.folds !== undefined && column === 'fold') {
      const folds = manifest.folds;
      for (let i = 0; i < n; i++) if (fold[i] >= folds) fail(file, lines[i], 'fold', values[codes[i]], `fold out of range (the manifest says ${folds} folds: 0..${folds - 1})`);
    }
    return { fold, names: null, column };
  }
  // integers beside text or other numbers ("0", "1.5", "zero") is a broken fold column, not a set of labels
  const firstOf = (want: boolean): number => values.reduce((best, _, c) => (isInt[c] === want && (best < 0 || firstRow[c] < best) ? firstRow[c] : best), -1);
  const firstInt = firstOf(true);
  const odd = firstOf(false);
  const oddText = values[codes[odd]];
  if (firstInt >= 0 || /^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(oddText)) {
    fail(file, lines[odd], column, oddText, `fold must be a non-negative integer${firstInt >= 0 ? ` like the other folds (row ${lines[firstInt]}: "${values[codes[firstInt]]}")` : ''}, or every fold a text label`);
  }
  const names = [...values].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const id = new Map(names.map((f, i) => [f, i]));
  notes.push(`fold labels are text (${names.length} folds: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}): numbered 0..${names.length - 1} in natural order`);
  return { fold: byCodes(codes, Int32Array.from(values, (v) => id.get(v) as number)), names, column };
}

/** `byCode[codes[i]]` for every row (a loop: Int32Array.from with a map function holds the rows as a JS array first). */
function byCodes(codes: TextColumn['codes'], byCode: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = byCode[codes[i]];
  return out;
}

/** A subject whose samples are in two test folds: the split was not subject-independent (Sec. 4.3). */
function subjectLeaks(file: string, subjects: readonly string[], fold: Int32Array, lines: ArrayLike<number>, foldText: (i: number) => string): string[] {
  const first = new Map<string, number>();
  const leaks = new Map<string, number>();
  for (let i = 0; i < subjects.length; i++) {
    const j = first.get(subjects[i]);
    if (j === undefined) first.set(subjects[i], i);
    else if (fold[j] !== fold[i] && !leaks.has(subjects[i])) leaks.set(subjects[i], i);
  }
  return [...leaks].map(([s, i]) => {
    const j = first.get(s) as number;
    return `${file}, row ${lines[i]}: subject "${s}" is in two test folds (fold ${foldText(j)} at row ${lines[j]}, fold ${foldText(i)} here): the split is not subject-independent, so the scores are optimistic (leakage)`;
  });
}

/** The trimmed text of a number column's cell at row i, for a message (the column's first invalid cell is kept). */
const numberText = (c: NumberColumn, i: number): string => (c.firstBad === i ? c.firstBadText : String(c.block[i * c.stride + c.offset]));

/** The n × K row-major matrix of number columns `cs`: the shared block itself when it is laid out so, else a copy. */
function matrixOf(cs: NumberColumn[], n: number): Float64Array {
  const k = cs.length;
  if (k > 0 && cs.every((c, j) => c.block === cs[0].block && c.stride === k && c.offset === j)) return cs[0].block.subarray(0, n * k);
  const out = new Float64Array(n * k);
  cs.forEach((c, j) => { for (let i = 0; i < n; i++) out[i * k + j] = c.block[i * c.stride + c.offset]; });
  return out;
}

function readEmotionColumns(
  cols: PredictionColumns, manifest: PredictionManifest | null, labels: LabelTable | undefined,
  labelData: ReturnType<typeof labelRows>, labelOf: Int32Array, labelLine: (i: number) => string,
  classIds: string[] | undefined, notes: string[],
): EmotionPredictions {
  const { file, columns, n, lines } = cols;
  const pCols = columns.filter((c) => c.startsWith('p_'));
  const pClasses = pCols.map((c) => canonicalClass(c.slice(2)));
  let classes: string[];
  let classOrder: EmotionPredictions['classOrder'];
  const given = classIds?.map(canonicalClass);
  if (given) {
    if (given.length === 0 || given.some((c) => c === '') || new Set(given).size !== given.length) fail('', 0, '--classes', classIds?.join(','), 'a list of distinct class names, e.g. negative,positive,surprise');
    if (manifest?.classes && manifest.classes.join(',') !== given.join(',')) fail(file, 0, '--classes', given.join(','), `differs from the manifest's classes (${manifest.classes.join(', ')})`);
  }
  const yCols = (['y_true', 'y_pred'] as const).map((c) => cols.text.get(c) as TextColumn);
  if (manifest?.classes) {
    classes = manifest.classes;
    classOrder = 'manifest';
  } else if (given) {
    classes = given;
    classOrder = 'manifest';
    notes.push(`classes from --classes: ${given.map((c, i) => `${i} = ${c}`).join(', ')}`);
  } else if (pCols.length > 0) {
    classes = pClasses;
    classOrder = 'probability-columns';
    notes.push(`class order: from the p_ columns (${classes.join(', ')}; no manifest)`);
  } else {
    // the names in order of first appearance (row by row, y_true before y_pred), as a row scan meets them
    const seen = yCols.flatMap((col, which) => col.values.map((v, c) => ({ v, at: 2 * col.firstRow[c] + which })))
      .filter((x) => x.v !== '').sort((a, b) => a.at - b.at);
    const names = new Set<string>();
    for (const x of seen) names.add(canonicalClass(x.v));
    const numeric = [...names].every((c) => /^\d+$/.test(c));
    classes = [...names].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    classOrder = 'sorted-names';
    notes.push(numeric
      ? `classes are integer ids (${classes.join(', ')}) and no --classes names them: shown as the ids`
      : `class order: sorted by name (${classes.join(', ')}; no manifest, no p_ columns)`);
  }
  const pos = new Map(classes.map((c, i) => [c, i]));
  // integer ids name classes by position when the class names were given (--classes, or a manifest)
  const idOf = (raw: string): number | undefined => {
    const c = pos.get(canonicalClass(raw));
    if (c !== undefined || !/^\d+$/.test(raw) || classOrder !== 'manifest') return c;
    const k = Number(raw);
    return k < classes.length ? k : undefined;
  };
  // probability columns: all or none, exactly the class list
  const pColumnOf = new Int32Array(classes.length).fill(-1);
  if (pCols.length > 0) {
    const seen = new Set<string>();
    pCols.forEach((c, j) => {
      const k = pos.get(pClasses[j]);
      if (k === undefined) fail(file, 1, c, c, `probability column for an unknown class "${pClasses[j]}" (classes: ${classes.join(', ')})`);
      if (seen.has(pClasses[j])) fail(file, 1, c, c, `two probability columns for class "${pClasses[j]}"`);
      seen.add(pClasses[j]);
      pColumnOf[k] = j;
    });
    classes.forEach((c, k) => { if (pColumnOf[k] < 0) fail(file, 1, `p_${c}`, '', `missing probability column for class "${c}"`); });
  }
  const k = classes.length;
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  // each distinct label's class index, -1 when empty, -2 when not a class
  const classOf = yCols.map((col) => Int32Array.from(col.values, (raw) => (raw === '' ? -1 : idOf(raw) ?? -2)));
  const pNumbers = Array.from({ length: k }, (_, c) => cols.numbers.get(pCols[pColumnOf[c]]) as NumberColumn);
  const probs = pCols.length > 0 ? matrixOf(pNumbers, n) : null;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < 2; y++) {
      const col = yCols[y];
      const c = classOf[y][col.codes[i]];
      if (c < 0) {
        const name = y === 0 ? 'y_true' : 'y_pred';
        const raw = col.values[col.codes[i]];
        if (c === -1) fail(file, lines[i], name, '', 'missing label');
        if (classOrder === 'probability-columns') fail(file, lines[i], name, raw, `no probability column p_${canonicalClass(raw)} for this class (the p_ columns give the classes: ${classes.join(', ')})`);
        fail(file, lines[i], name, raw, /^\d+$/.test(raw) && classOrder === 'manifest'
          ? `class id out of range: ${classes.length} classes, ids 0..${classes.length - 1} (${classes.join(', ')})`
          : `unknown class name (classes: ${classes.join(', ')})`);
      }
      (y === 0 ? yTrue : yPred)[i] = c;
    }
    if (labels) {
      const lr = labelData[labelOf[i]];
      const truth = lr.emotion ?? canonicalClass(String(lr.emotion_raw ?? ''));
      if (truth !== classes[yTrue[i]]) {
        fail(file, lines[i], 'y_true', yCols[0].values[yCols[0].codes[i]], `disagrees with the label table (emotion "${lr.emotion ?? lr.emotion_raw}" at ${labelLine(labelOf[i])})`);
      }
    }
    if (probs) {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const p = probs[i * k + c];
        if (!(p >= 0 && p <= 1)) {
          fail(file, lines[i], pCols[pColumnOf[c]], numberText(pNumbers[c], i), Number.isFinite(p) ? 'outside [0, 1]' : 'not a number (probabilities must be finite)');
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
        fail(file, lines[i], 'p_*', sum.toPrecision(6), `probabilities sum to ${sum.toPrecision(6)}, not 1 (tolerance ${PROBABILITY_SUM_TOLERANCE})`);
      }
    }
  }
  return { classes: [...classes], classOrder, yTrue, yPred, probs };
}

/** Does the label row carry the AU? "AU12" matches any side (L-AU12, R-AU12, A-AU12); "L-AU12" only itself. */
export function labelHasAu(aus: readonly { code: string; kind: string; number: number }[], code: string): boolean {
  const m = /^(AU|AD|M)(\d+)$/.exec(code);
  return m ? aus.some((t) => t.kind === m[1] && t.number === Number(m[2])) : aus.some((t) => t.code === code);
}

function readAuColumns(
  cols: PredictionColumns, manifest: PredictionManifest | null, trueCols: string[], scoreCols: string[], labels: LabelTable | undefined,
  labelData: ReturnType<typeof labelRows>, labelOf: Int32Array, labelLine: (i: number) => string,
): AuPredictions {
  const { file, n, lines } = cols;
  const fromTrue = trueCols.map((c) => c.slice('au_true_'.length));
  const fromScore = scoreCols.map((c) => c.slice('au_score_'.length));
  const aus = manifest?.aus ?? fromTrue;
  for (const au of aus) {
    if (!fromTrue.includes(au)) fail(file, 1, `au_true_${au}`, '', `missing column for AU "${au}"`);
    if (!fromScore.includes(au)) fail(file, 1, `au_score_${au}`, '', `missing column for AU "${au}"`);
  }
  for (const au of [...fromTrue, ...fromScore]) {
    if (!aus.includes(au)) fail(file, 1, fromTrue.includes(au) ? `au_true_${au}` : `au_score_${au}`, au, `AU "${au}" is not in the manifest's aus (${aus.join(', ')})`);
  }
  const a = aus.length;
  const truth = new Uint8Array(n * a);
  const truthCols = aus.map((au) => cols.flags.get(`au_true_${au}`) as FlagColumn);
  const scoreNumbers = aus.map((au) => cols.numbers.get(`au_score_${au}`) as NumberColumn);
  const scores = matrixOf(scoreNumbers, n);
  for (let i = 0; i < n; i++) {
    const lr = labels ? labelData[labelOf[i]] : null;
    for (let j = 0; j < a; j++) {
      const tc = `au_true_${aus[j]}`;
      const t = truthCols[j].values[i];
      if (t === 2) fail(file, lines[i], tc, truthCols[j].firstBadText, 'AU truth must be 0 or 1');
      truth[i * a + j] = t;
      if (lr && labelHasAu(lr.aus ?? [], aus[j]) !== (t === 1)) {
        fail(file, lines[i], tc, String(t), `disagrees with the label table (AUs "${lr.aus_raw}" at ${labelLine(labelOf[i])})`);
      }
      const x = scores[i * a + j];
      if (!(x >= 0 && x <= 1)) fail(file, lines[i], `au_score_${aus[j]}`, numberText(scoreNumbers[j], i), Number.isFinite(x) ? 'outside [0, 1]' : 'not a number (probabilities must be finite)');
    }
  }
  return { aus: [...aus], truth, scores, threshold: manifest?.threshold ?? DEFAULT_AU_THRESHOLD };
}

/**
 * Reads every export of a folder (*.csv, *.jsonl; manifests beside them), sorted by file name.
 * @example
 * const exports = melab.protocol.readPredictionDir(`${melab.report.melabDataDir()}/predictions`);
 * console.assert(exports.some((e) => e.task === 'emotion') && exports.some((e) => e.task === 'au'));
 */
export function readPredictionDir(dir: string, opts: Omit<ReadPredictionsOptions, 'manifest'> = {}): PredictionExport[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) fail(dir, 0, '', '', 'not a folder of prediction exports');
  const files = fs.readdirSync(dir).filter((f) => /\.(csv|jsonl|ndjson)$/i.test(f)).sort();
  if (files.length === 0) fail(dir, 0, '', '', 'no prediction exports (*.csv, *.jsonl) in the folder');
  const out = files.map((f) => readPredictions(path.join(dir, f), opts));
  const seen = new Map<string, string>();
  for (const e of out) {
    const key = `${e.model} ${e.task}`;
    const prev = seen.get(key);
    if (prev) throw new MelabError(`${e.file}: model "${e.model}" task ${e.task} is also exported in ${prev} (one export per model and task)`, e.file);
    seen.set(key, e.file);
  }
  return out;
}

/** In-memory input of `makePredictionExport`: labels by name, everything else plain arrays. */
export interface PredictionExportInput {
  model: string;
  sampleIds: string[];
  subjects: string[];
  datasets: string[];
  fold: ArrayLike<number>;
  emotion?: { classes: string[]; yTrue: string[]; yPred: string[]; probs?: ArrayLike<number> | null };
  au?: { aus: string[]; truth: ArrayLike<number>; scores: ArrayLike<number>; threshold?: number };
  /** Manifest fields beyond those derived (seed, code_version, hardware, timings, created). */
  manifest?: Partial<PredictionManifest>;
}

/** Builds a validated export from arrays (baselines, tests), by writing it through the same validator. */
export function makePredictionExport(input: PredictionExportInput, file = `${input.model}.csv`): PredictionExport {
  const { columns, rows } = exportColumns(input);
  const manifest = buildManifest(input);
  const records: RecordFile = {
    file, columns, lines: rows.map((_, i) => i + 2),
    rows: rows.map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j] === null || r[j] === undefined ? null : String(r[j])]))),
  };
  return validateRecords(records, manifest);
}

function buildManifest(input: PredictionExportInput): PredictionManifest {
  const task: PredictionTask = input.emotion && input.au ? 'emotion+au' : input.au ? 'au' : 'emotion';
  const folds = new Set(Array.from(input.fold)).size;
  return {
    schema_version: PREDICTION_SCHEMA_VERSION,
    model: input.model,
    task,
    ...(input.emotion ? { classes: input.emotion.classes } : {}),
    ...(input.au ? { aus: input.au.aus, threshold: input.au.threshold ?? DEFAULT_AU_THRESHOLD } : {}),
    seed: null,
    folds: Math.max(...Array.from(input.fold)) + 1 === folds ? folds : undefined,
    ...input.manifest,
  } as PredictionManifest;
}

function exportColumns(input: PredictionExportInput, digits?: number): { columns: string[]; rows: unknown[][] } {
  const num = (x: number): number => (digits === undefined ? x : Number(x.toFixed(digits)));
  const columns = ['model', 'dataset', 'subject', 'sample_id', 'fold'];
  const e = input.emotion;
  const a = input.au;
  if (e) columns.push('y_true', 'y_pred', ...(e.probs ? e.classes.map((c) => `p_${c}`) : []));
  if (a) columns.push(...a.aus.map((x) => `au_true_${x}`), ...a.aus.map((x) => `au_score_${x}`));
  const rows = input.sampleIds.map((id, i) => {
    const row: unknown[] = [input.model, input.datasets[i], input.subjects[i], id, input.fold[i]];
    if (e) {
      row.push(e.yTrue[i], e.yPred[i]);
      if (e.probs) for (let c = 0; c < e.classes.length; c++) row.push(num(e.probs[i * e.classes.length + c]));
    }
    if (a) {
      for (let j = 0; j < a.aus.length; j++) row.push(a.truth[i * a.aus.length + j]);
      for (let j = 0; j < a.aus.length; j++) row.push(num(a.scores[i * a.aus.length + j]));
    }
    return row;
  });
  return { columns, rows };
}

/** The rows of an export as the arrays `makePredictionExport` takes (class indices back to names). */
export function exportInput(e: PredictionExport): PredictionExportInput {
  return {
    model: e.model, sampleIds: e.sampleIds, subjects: e.subjects, datasets: e.datasets, fold: e.fold,
    emotion: e.emotion ? {
      classes: e.emotion.classes,
      yTrue: Array.from(e.emotion.yTrue, (c) => e.emotion!.classes[c]),
      yPred: Array.from(e.emotion.yPred, (c) => e.emotion!.classes[c]),
      probs: e.emotion.probs,
    } : undefined,
    au: e.au ? { aus: e.au.aus, truth: e.au.truth, scores: e.au.scores, threshold: e.au.threshold } : undefined,
    manifest: e.manifest ?? undefined,
  };
}

/**
 * Writes an export and its manifest: `file` (.csv or .jsonl) and `<file stem>.manifest.json`.
 * Probabilities and scores keep full precision unless `digits` rounds them. Returns the two paths.
 */
export function writePredictions(input: PredictionExportInput, file: string, opts: { digits?: number } = {}): { file: string; manifest: string } {
  const { columns, rows } = exportColumns(input, opts.digits);
  const manifest = buildManifest(input);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, /\.(jsonl|ndjson)$/i.test(file) ? toJsonLines(columns, rows) : toCsv(columns, rows));
  const manifestFile = manifestPathFor(file);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { file, manifest: manifestFile };
}
