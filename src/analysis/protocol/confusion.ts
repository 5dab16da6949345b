/**
 * Confusion-matrix review (the paper's Fig. 5 and the discussion of Sec. 4.6.1): counts and
 * row-normalised rates in a fixed class order (rows = true class, columns = predicted class), the most
 * confused class pairs, and a drill-down of the misclassified samples with their subject and AUs.
 */
import { fail } from '../labels/issues';
import { labelRows, sampleIdsOf, type LabelTable } from '../labels/model';
import { confusionCounts } from './metrics';
import type { PredictionExport } from './predictions';
import { num, plural, withSummary } from '../util/inspect-summary';

export interface ConfusionMatrix {
  model: string;
  classes: string[];
  /** counts[t][p]: samples of true class t predicted as p. */
  counts: number[][];
  /** Row-normalised: counts[t][p] / Σ_p counts[t][p] (recall on the diagonal); NaN for a class with no samples. */
  rates: number[][];
  /** Samples of each true class (row sums). */
  support: number[];
  /** Folds included (all when not restricted). */
  folds: number[];
}

/**
 * The confusion matrix of an export over all folds (pooled) or over the given folds only.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const cm = melab.protocol.confusionMatrix(ststnet);
 * console.assert(cm.support.reduce((a, b) => a + b, 0) === ststnet.sampleIds.length);  // every sample in one row
 */
export function confusionMatrix(e: PredictionExport, opts: { folds?: number[] } = {}): ConfusionMatrix {
  if (!e.emotion) fail(e.file, 0, 'y_pred', '', 'not an emotion export: no confusion matrix');
  const { classes, yTrue, yPred } = e.emotion;
  const k = classes.length;
  let t: ArrayLike<number> = yTrue;
  let p: ArrayLike<number> = yPred;
  const all = [...new Set(e.fold)].sort((a, b) => a - b);
  const folds = opts.folds ?? all;
  if (opts.folds) {
    const keep = new Set(opts.folds);
    for (const f of opts.folds) if (!all.includes(f)) fail(e.file, 0, 'fold', f, `no predictions in fold ${f} (folds: ${all.join(', ')})`);
    const idx: number[] = [];
    for (let i = 0; i < e.fold.length; i++) if (keep.has(e.fold[i])) idx.push(i);
    t = idx.map((i) => yTrue[i]);
    p = idx.map((i) => yPred[i]);
  }
  const flat = confusionCounts(t, p, k);
  const counts: number[][] = [];
  for (let r = 0; r < k; r++) counts.push(Array.from(flat.subarray(r * k, r * k + k)));
  const support = counts.map((row) => row.reduce((s, x) => s + x, 0));
  const rates = counts.map((row, r) => row.map((x) => (support[r] > 0 ? x / support[r] : NaN)));
  return withSummary({ model: e.model, classes: [...classes], counts, rates, support, folds }, summarizeConfusion);
}

/** A cell's value: the model, its classes and their recall (the diagonal of `rates`). */
function summarizeConfusion(cm: ConfusionMatrix): string {
  const recall = cm.classes.map((c, i) => `${c} ${num(cm.rates[i][i], 2)}`).join(', ');
  return `Confusion matrix of ${cm.model}: ${plural(cm.classes.length, 'class', 'classes')}, n = ${plural(cm.support.reduce((s, x) => s + x, 0), 'sample')}, ${plural(cm.folds.length, 'fold')}\n  recall: ${recall}`;
}

export interface ConfusedPair {
  true_class: string;
  predicted: string;
  count: number;
  /** Share of the true class's samples predicted as `predicted` (row-normalised rate). */
  rate: number;
}

/**
 * Off-diagonal cells, most confused first: by count (default) or by row-normalised rate; ties by the
 * other key, then class order. Empty cells are left out.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const pairs = melab.protocol.mostConfusedPairs(melab.protocol.confusionMatrix(ststnet), { top: 3 });
 * console.assert(pairs.length === 3 && pairs[0].count >= pairs[1].count && pairs[0].true_class !== pairs[0].predicted);
 */
export function mostConfusedPairs(cm: ConfusionMatrix, opts: { top?: number; by?: 'count' | 'rate' } = {}): ConfusedPair[] {
  const by = opts.by ?? 'count';
  const pairs: (ConfusedPair & { order: number })[] = [];
  cm.counts.forEach((row, t) => row.forEach((count, p) => {
    if (t !== p && count > 0) pairs.push({ true_class: cm.classes[t], predicted: cm.classes[p], count, rate: cm.rates[t][p], order: t * cm.classes.length + p });
  }));
  pairs.sort((a, b) => (by === 'count' ? b.count - a.count || b.rate - a.rate : b.rate - a.rate || b.count - a.count) || a.order - b.order);
  return pairs.slice(0, opts.top ?? pairs.length).map(({ order: _order, ...rest }) => rest);
}

export interface MisclassifiedSample {
  sample_id: string;
  dataset: string;
  subject: string;
  fold: number;
  true_class: string;
  predicted: string;
  /** Probability the model gave its prediction, and the true class (null without p_ columns). */
  p_predicted: number | null;
  p_true: number | null;
  /** Canonical AU codes of the sample from the label table, "+"-joined ('' without a label table). */
  aus: string;
  /** The AU cell as written in the label sheet. */
  aus_raw: string;
  /** Row of the sample in the label sheet (0 without a label table). */
  label_row: number;
  /** Row of the prediction in the export. */
  export_row: number;
}

/**
 * Drill-down: every misclassified sample (optionally only one true/predicted pair), joined to the label
 * table by sample_id for its AUs. Ordered by true class, predicted class (class order), then sample id.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const wrong = melab.protocol.misclassifiedSamples(ststnet, { labels: melab.loadDefaultLabels() });
 * console.assert(wrong.length > 0 && wrong.every((s) => s.true_class !== s.predicted));
 */
export function misclassifiedSamples(
  e: PredictionExport, opts: { labels?: LabelTable; trueClass?: string; predicted?: string } = {},
): MisclassifiedSample[] {
  return samplesOf(e, { ...opts, correct: false });
}

/**
 * The samples behind one confusion cell (true class × predicted class, the diagonal included): what
 * clicking a cell of Fig. 5 lists. Same fields and order as `misclassifiedSamples`.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const [pair] = melab.protocol.mostConfusedPairs(melab.protocol.confusionMatrix(ststnet), { top: 1 });
 * const cell = melab.protocol.cellSamples(ststnet, pair.true_class, pair.predicted);
 * console.assert(cell.length === pair.count);  // the clips behind that cell of Fig. 5
 */
export function cellSamples(e: PredictionExport, trueClass: string, predicted: string, opts: { labels?: LabelTable } = {}): MisclassifiedSample[] {
  return samplesOf(e, { ...opts, trueClass, predicted, correct: true });
}

function samplesOf(
  e: PredictionExport, opts: { labels?: LabelTable; trueClass?: string; predicted?: string; correct: boolean },
): MisclassifiedSample[] {
  if (!e.emotion) fail(e.file, 0, 'y_pred', '', 'not an emotion export: no samples per confusion cell');
  const { classes, yTrue, yPred, probs } = e.emotion;
  const k = classes.length;
  for (const [name, v] of [['trueClass', opts.trueClass], ['predicted', opts.predicted]] as const) {
    if (v !== undefined && !classes.includes(v)) fail(e.file, 0, name, v, `unknown class (classes: ${classes.join(', ')})`);
  }
  const labelAt = new Map<string, number>();
  const rows = opts.labels ? labelRows(opts.labels) : [];
  if (opts.labels) sampleIdsOf(opts.labels).forEach((id, i) => { if (!labelAt.has(id)) labelAt.set(id, i); });
  const out: MisclassifiedSample[] = [];
  for (let i = 0; i < yTrue.length; i++) {
    if (!opts.correct && yTrue[i] === yPred[i]) continue;
    if (opts.trueClass !== undefined && classes[yTrue[i]] !== opts.trueClass) continue;
    if (opts.predicted !== undefined && classes[yPred[i]] !== opts.predicted) continue;
    const li = labelAt.get(e.sampleIds[i]);
    if (opts.labels && li === undefined) fail(e.file, e.sourceRows[i], 'sample_id', e.sampleIds[i], `not in the label table ${opts.labels.file}`);
    const lr = li === undefined ? null : rows[li];
    out.push({
      sample_id: e.sampleIds[i], dataset: e.datasets[i], subject: e.subjects[i], fold: e.fold[i],
      true_class: classes[yTrue[i]], predicted: classes[yPred[i]],
      p_predicted: probs ? probs[i * k + yPred[i]] : null,
      p_true: probs ? probs[i * k + yTrue[i]] : null,
      aus: lr ? lr.aus.map((t) => t.code).join('+') : '',
      aus_raw: lr ? String(lr.aus_raw ?? '') : '',
      label_row: li === undefined || !opts.labels ? 0 : opts.labels.sourceRows[li],
      export_row: e.sourceRows[i],
    });
  }
  const pos = new Map(classes.map((c, i) => [c, i]));
  return out.sort((a, b) => (pos.get(a.true_class) as number) - (pos.get(b.true_class) as number) ||
    (pos.get(a.predicted) as number) - (pos.get(b.predicted) as number) || a.sample_id.localeCompare(b.sample_id, 'en', { numeric: true }));
}

/** Click-to-list data of a confusion figure: one sample table, and per panel the rows behind each cell. */
export interface ConfusionDrilldown {
  columns: string[];
  rows: (string | number | null)[][];
  /** cells[panel]["<true class>|<predicted class>"]: indices into rows. */
  cells: Record<string, number[]>[];
}

/**
 * The drill-down of Fig. 5: for each export (in the order of the figure's panels), the samples behind
 * every cell with subject, clip, true and predicted class, the AUs from the label table and the
 * probabilities.
 * @example
 * const ststnet = melab.protocol.readPredictions(`${melab.report.melabDataDir()}/predictions/ststnet-emotion.csv`);
 * const drill = melab.protocol.confusionDrilldown([ststnet]);
 * console.assert(typeof drill === 'object' && drill !== null);
 */
export function confusionDrilldown(exports: readonly PredictionExport[], opts: { labels?: LabelTable } = {}): ConfusionDrilldown {
  const columns = ['model', 'sample', 'subject', 'fold', 'true', 'predicted', 'p(predicted)', 'p(true)', 'AUs'];
  const rows: (string | number | null)[][] = [];
  const cells = exports.map((e) => {
    const byCell: Record<string, number[]> = {};
    for (const s of samplesOf(e, { labels: opts.labels, correct: true })) {
      const key = `${s.true_class}|${s.predicted}`;
      (byCell[key] ??= []).push(rows.length);
      const round = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(4)));
      const fold = e.foldNames ? e.foldNames[s.fold] : s.fold;
      rows.push([e.model, s.sample_id, s.subject, fold, s.true_class, s.predicted, round(s.p_predicted), round(s.p_true), s.aus_raw || s.aus]);
    }
    return byCell;
  });
  return { columns, rows, cells };
}
