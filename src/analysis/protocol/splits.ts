/**
 * Subject-independent evaluation splits (DFME paper Sec. 4.3): "In each fold, data from 10% of subjects
 * were selected as the test set, while the remaining 90% were used for training."
 *
 * - `kfold`: the subjects, naturally sorted and then shuffled with the seed, are dealt to the k folds in
 *   turn, so that each fold tests ⌊S/k⌋ or ⌈S/k⌉ subjects (10% of them for k = 10).
 *   With `stratify`, each subject's stratum is its majority emotion (ties broken by the canonical emotion
 *   order; subjects without any emotion label form the stratum "unlabelled"); the strata, each shuffled,
 *   are laid end to end (largest first) and dealt in turn, so that every fold gets its share of every
 *   stratum while subject counts stay within one of each other.
 * - `loso`: leave one subject out, one fold per subject (fold = position in natural sort order).
 * - `lodo`: leave one dataset out, one fold per database of a composite table (sorted names).
 * Subjects are qualified by dataset ("casme2/17") whenever the table mixes databases, since ids collide.
 *
 * The split file (the contract with the Python evaluation module): CSV `dataset,subject,sample_id,fold`,
 * one row per sample, fold = 0-based index of the fold whose TEST set holds the sample.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CANONICAL_EMOTIONS } from '../labels/emotions';
import { fail, type Issue } from '../labels/issues';
import { labelColumn, sampleIdsOf, type LabelTable } from '../labels/model';
import { seededRandom } from '../util/random';
import { readRecords, toCsv } from './records';

export type SplitScheme = 'kfold' | 'loso' | 'lodo';

export interface SplitOptions {
  scheme?: SplitScheme;
  /** Number of folds for `kfold` (default 10, the paper's). */
  folds?: number;
  seed?: number;
  /** `kfold` only: stratify subjects by their majority emotion. */
  stratify?: boolean;
}

export interface SplitRow {
  dataset: string;
  subject: string;
  sample_id: string;
  fold: number;
}

export interface Split {
  scheme: SplitScheme;
  folds: number;
  seed: number;
  stratify: boolean;
  /** One row per distinct sample id, in label-table order. */
  rows: SplitRow[];
  /** Test subjects of each fold (dataset-qualified when the table mixes databases). */
  subjectsByFold: string[][];
  /** kfold + stratify: each subject's stratum (majority emotion). */
  strata?: Record<string, string>;
  /** Duplicate clips (a sample id seen twice) and other remarks; rows never vanish without one. */
  issues: Issue[];
}

/** Natural order: "sub2" before "sub10". */
export const naturalCompare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Each row's subject key: the subject id, prefixed by the dataset when the table mixes databases. */
export function subjectKeys(labels: LabelTable): string[] {
  const ds = labelColumn(labels, 'dataset');
  const subj = labelColumn(labels, 'subject');
  const mixed = new Set(ds).size > 1;
  return subj.map((s, i) => (mixed ? `${ds[i]}/${s}` : String(s)));
}

/** A subject's majority emotion; ties go to the earlier emotion in the canonical order. */
function majorityEmotion(emotions: (string | null)[]): string {
  const counts = new Map<string, number>();
  for (const e of emotions) if (e) counts.set(e, (counts.get(e) ?? 0) + 1);
  if (counts.size === 0) return 'unlabelled';
  const rank = (e: string) => {
    const i = (CANONICAL_EMOTIONS as readonly string[]).indexOf(e);
    return i < 0 ? CANONICAL_EMOTIONS.length : i;
  };
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))[0][0];
}

/**
 * Assigns every sample of a label table to the test set of exactly one fold.
 * @example
 * const split = melab.protocol.makeSplits(melab.loadDefaultLabels(), { folds: 10, seed: 0 });
 * split.subjectsByFold.length // 10
 * split.rows.length // 7526
 */
export function makeSplits(labels: LabelTable, opts: SplitOptions = {}): Split {
  const scheme = opts.scheme ?? 'kfold';
  const seed = opts.seed ?? 0;
  const stratify = scheme === 'kfold' && Boolean(opts.stratify);
  const file = labels.file;
  const ids = sampleIdsOf(labels);
  const keys = subjectKeys(labels);
  const ds = labelColumn(labels, 'dataset').map(String);
  const subj = labelColumn(labels, 'subject').map(String);
  const emo = labelColumn(labels, 'emotion') as (string | null)[];
  if (ids.length === 0) fail(file, 0, '', '', 'the label table has no rows to split');

  const issues: Issue[] = [];
  const firstRow = new Map<string, number>();
  const keep: number[] = [];
  ids.forEach((id, i) => {
    const prev = firstRow.get(id);
    if (prev === undefined) {
      firstRow.set(id, i);
      keep.push(i);
    } else {
      issues.push({
        file, row: labels.sourceRows[i], column: 'clip', value: id, severity: 'warning',
        problem: `duplicate clip: sample id also at row ${labels.sourceRows[prev]}; the split file lists it once`,
      });
    }
  });

  const subjects = [...new Set(keys)].sort(naturalCompare);
  const foldOfSubject = new Map<string, number>();
  let folds: number;
  let strata: Record<string, string> | undefined;
  if (scheme === 'loso') {
    folds = subjects.length;
    subjects.forEach((s, i) => foldOfSubject.set(s, i));
  } else if (scheme === 'lodo') {
    const datasets = [...new Set(ds)].sort(naturalCompare);
    if (datasets.length < 2) fail(file, 0, 'dataset', datasets[0], 'leave-one-dataset-out needs a table that mixes at least two datasets');
    folds = datasets.length;
    keys.forEach((k, i) => foldOfSubject.set(k, datasets.indexOf(ds[i])));
  } else if (scheme === 'kfold') {
    folds = opts.folds ?? 10;
    if (!Number.isInteger(folds) || folds < 2) fail(file, 0, 'folds', folds, 'the number of folds must be an integer ≥ 2');
    if (folds > subjects.length) fail(file, 0, 'folds', folds, `more folds than subjects (${subjects.length}): a fold would test no subject`);
    const rng = seededRandom(seed);
    let order: string[];
    if (stratify) {
      const bySubject = new Map<string, (string | null)[]>();
      keys.forEach((k, i) => { const list = bySubject.get(k) ?? []; list.push(emo[i]); bySubject.set(k, list); });
      strata = {};
      const groups = new Map<string, string[]>();
      for (const s of subjects) {
        const st = majorityEmotion(bySubject.get(s) as (string | null)[]);
        strata[s] = st;
        const g = groups.get(st) ?? [];
        g.push(s);
        groups.set(st, g);
      }
      order = [...groups.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .flatMap(([, members]) => rng.shuffle(members));
    } else {
      order = rng.shuffle(subjects);
    }
    order.forEach((s, i) => foldOfSubject.set(s, i % folds));
  } else {
    fail(file, 0, 'scheme', scheme, 'unknown split scheme (kfold, loso, lodo)');
  }

  const rows: SplitRow[] = keep.map((i) => ({ dataset: ds[i], subject: subj[i], sample_id: ids[i], fold: foldOfSubject.get(keys[i]) as number }));
  const subjectsByFold: string[][] = Array.from({ length: folds }, () => []);
  for (const s of subjects) subjectsByFold[foldOfSubject.get(s) as number].push(s);
  const split: Split = { scheme, folds, seed, stratify, rows, subjectsByFold, ...(strata ? { strata } : {}), issues };
  const leaks = splitLeaks(rows, file);
  if (leaks.length) fail(file, leaks[0].row, leaks[0].column, leaks[0].value, leaks[0].problem);
  return split;
}

/**
 * The leakage check: a subject whose samples sit in more than one fold would be in the training and
 * the test set of one fold. Also a sample id listed twice. Returns one Issue per problem (row = line in
 * the split file, header = 1).
 */
export function splitLeaks(rows: readonly SplitRow[], file = ''): Issue[] {
  const issues: Issue[] = [];
  const mixed = new Set(rows.map((r) => r.dataset)).size > 1;
  const foldOf = new Map<string, { fold: number; row: number }>();
  const sampleAt = new Map<string, number>();
  rows.forEach((r, i) => {
    const prevSample = sampleAt.get(r.sample_id);
    if (prevSample !== undefined) {
      issues.push({ file, row: i + 2, column: 'sample_id', value: r.sample_id, severity: 'error', problem: `sample listed twice (also row ${prevSample})` });
    } else sampleAt.set(r.sample_id, i + 2);
    const key = mixed ? `${r.dataset}/${r.subject}` : r.subject;
    const prev = foldOf.get(key);
    if (prev === undefined) foldOf.set(key, { fold: r.fold, row: i + 2 });
    else if (prev.fold !== r.fold) {
      issues.push({
        file, row: i + 2, column: 'fold', value: String(r.fold), severity: 'error',
        problem: `subject leakage: subject "${key}" is tested in fold ${prev.fold} (row ${prev.row}) and fold ${r.fold}, so fold ${r.fold} trains and tests on it`,
      });
    }
  });
  return issues;
}

/**
 * Per fold: test subjects and samples, and the emotion counts of the test set when labels are given.
 * @example
 * const split = melab.protocol.makeSplits(melab.loadDefaultLabels(), { folds: 10, seed: 0 });
 * const folds = melab.protocol.splitSummary(split);
 * console.assert(folds.length === 10 && folds.reduce((n, f) => n + f.samples, 0) === 7526);
 */
export function splitSummary(split: Split, labels?: LabelTable): { fold: number; subjects: number; samples: number; emotions?: Record<string, number> }[] {
  const emotionOf = new Map<string, string>();
  if (labels) {
    const ids = sampleIdsOf(labels);
    const emo = labelColumn(labels, 'emotion') as (string | null)[];
    ids.forEach((id, i) => emotionOf.set(id, emo[i] ?? 'unlabelled'));
  }
  return split.subjectsByFold.map((subjects, fold) => {
    const rows = split.rows.filter((r) => r.fold === fold);
    const out: { fold: number; subjects: number; samples: number; emotions?: Record<string, number> } = { fold, subjects: subjects.length, samples: rows.length };
    if (labels) {
      out.emotions = {};
      for (const r of rows) {
        const e = emotionOf.get(r.sample_id) as string;
        out.emotions[e] = (out.emotions[e] ?? 0) + 1;
      }
    }
    return out;
  });
}

export const SPLIT_COLUMNS = ['dataset', 'subject', 'sample_id', 'fold'] as const;

/** The split file's text: CSV `dataset,subject,sample_id,fold`. */
export function splitToCsv(split: Pick<Split, 'rows'>): string {
  return toCsv(SPLIT_COLUMNS, split.rows.map((r) => [r.dataset, r.subject, r.sample_id, r.fold]));
}

export function writeSplitFile(split: Pick<Split, 'rows'>, file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, splitToCsv(split));
}

/** Reads and checks a split file: columns, integer folds, no sample twice, no subject in two folds. */
export function readSplitFile(file: string): SplitRow[] {
  const rec = readRecords(file);
  for (const c of SPLIT_COLUMNS) if (!rec.columns.includes(c)) fail(file, 1, c, '', `missing column "${c}"`);
  const rows = rec.rows.map((r, i) => {
    const fold = String(r.fold ?? '');
    if (!/^\d+$/.test(fold)) fail(file, rec.lines[i], 'fold', fold, 'fold must be a non-negative integer');
    for (const c of ['subject', 'sample_id'] as const) if (!r[c]) fail(file, rec.lines[i], c, '', `empty ${c}`);
    return { dataset: String(r.dataset ?? ''), subject: String(r.subject), sample_id: String(r.sample_id), fold: Number(fold) };
  });
  const leaks = splitLeaks(rows, file);
  if (leaks.length) fail(file, rec.lines[leaks[0].row - 2], leaks[0].column, leaks[0].value, leaks[0].problem);
  return rows;
}
