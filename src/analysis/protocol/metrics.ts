/**
 * Emotion-recognition metrics of the DFME paper, Sec. 4.3 (Eqs. 8, 10, 11): ACC, UF1 and UAR, from
 * confusion counts. Two conventions, always named and never mixed:
 * - `fold_mean`: each metric computed on each test fold, then averaged over the folds (± sample SD,
 *   n − 1 in the denominator). The paper's Table 8 ("we computed the average of ten folds' outcomes").
 * - `pooled`: one metric over the predictions of all folds together (most MER code, MEGC).
 *
 * The class rule (a class absent from a fold) is stated by `ClassRule`:
 * - `'present'` (default): a fold's macro average (UF1, UAR) runs over the classes that occur in that
 *   fold's y_true or y_pred; a class with no true and no predicted sample is left out of that fold's
 *   average. Within it, a zero denominator scores 0 (a class predicted but never true has recall 0).
 *   scikit-learn equivalent: `labels=sorted(set(y_true) | set(y_pred)), zero_division=0` — its default
 *   `labels=None`.
 * - `'all'`: every class of the export's class list is in every average, an absent one scoring 0.
 *   scikit-learn equivalent: `labels=<all classes>, zero_division=0`.
 * Per-class precision/recall/F1 use zero_division = 0 under both rules.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { num, plural, withSummary } from '../util/inspect-summary';

/** Which classes enter a macro average; see the module comment. */
export type ClassRule = 'present' | 'all';

export interface MetricTriple {
  /** Eq. 8: Σ TP_i / Σ N_i. */
  acc: number;
  /** Eq. 11: mean over classes of TP_i / N_i. */
  uar: number;
  /** Eq. 10: mean over classes of 2TP_i / (2TP_i + FP_i + FN_i). */
  uf1: number;
}

export interface ClassScore {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of the class (N_i). */
  support: number;
  /** Number of samples predicted as the class. */
  predicted: number;
}

export interface FoldMetrics extends MetricTriple {
  fold: number;
  /** Test samples in the fold. */
  n: number;
  /** The classes that entered this fold's macro averages under the class rule. */
  classes_scored: string[];
}

export interface EmotionMetrics {
  classes: string[];
  rule: ClassRule;
  /** One entry per fold, in fold order. */
  per_fold: FoldMetrics[];
  /** The paper's Table 8 convention: mean of the per-fold values. */
  fold_mean: MetricTriple;
  /** Sample standard deviation (n − 1) of the per-fold values; NaN for a single fold. */
  fold_sd: MetricTriple;
  /** One computation over all folds' predictions together. */
  pooled: MetricTriple & { n: number; classes_scored: string[] };
  /** Per-class scores over all folds (pooled). */
  per_class: ClassScore[];
  /** Pooled confusion counts, rows = true class, columns = predicted class, in `classes` order. */
  confusion: number[][];
}

/**
 * Confusion counts of one set of predictions: a K×K row-major array, rows true, columns predicted.
 * @example confusionCounts(Int32Array.of(0, 1, 1), Int32Array.of(0, 0, 1), 2) // Float64Array [1, 0, 1, 1]
 */
export function confusionCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): Float64Array {
  const counts = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i] * k + yPred[i]]++;
  return counts;
}

/**
 * Confusion counts of every fold in one pass: F blocks of K×K, block `lookup[fold[i]]` for row i
 * (see `foldLookup`). Counts are exact in a Float64Array up to 2^53.
 */
export function foldConfusionCounts(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, fold: ArrayLike<number>, lookup: ArrayLike<number>, k: number, folds: number,
): Float64Array {
  const kk = k * k;
  const counts = new Float64Array(folds * kk);
  if (yPred.length !== yTrue.length || fold.length !== yTrue.length) throw new RangeError('y_true, y_pred and fold must have one entry per row');
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!((t >>> 0) === t && t < k && (p >>> 0) === p && p < k)) throw new RangeError(`row ${i}: class indices must be integers in [0, ${k}), got y_true ${t}, y_pred ${p}`);
    counts[lookup[fold[i]] * kk + t * k + p]++;
  }
  return counts;
}

/**
 * ACC, UAR and UF1 (Eqs. 8, 11, 10) of one K×K confusion block starting at `offset`, under a class rule.
 * Allocation-free (the bootstrap calls it millions of times); writes into `out` and returns it.
 * `out.scored` receives the number of classes in the macro averages.
 */
export function metricsOfConfusion(
  counts: ArrayLike<number>, k: number, rule: ClassRule = 'present', offset = 0,
  out: MetricTriple & { scored: number } = { acc: 0, uar: 0, uf1: 0, scored: 0 },
): MetricTriple & { scored: number } {
  let total = 0;
  let correct = 0;
  let recallSum = 0;
  let f1Sum = 0;
  let scored = 0;
  for (let c = 0; c < k; c++) {
    // the margins loop is written out here and in classScores on purpose: a shared helper in this module slowed foldConfusionCounts on 10M rows from 35 to 50 ms (measured in bench/protocol.bench.ts)
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += counts[offset + c * k + j];
      col += counts[offset + j * k + c];
    }
    const tp = counts[offset + c * k + c];
    total += row;
    correct += tp;
    if (rule === 'present' && row === 0 && col === 0) continue;
    scored++;
    if (row > 0) recallSum += tp / row;
    const denom = row + col; // 2TP + FP + FN = (TP + FN) + (TP + FP)
    if (denom > 0) f1Sum += (2 * tp) / denom;
  }
  out.acc = total > 0 ? correct / total : NaN;
  out.uar = scored > 0 ? recallSum / scored : NaN;
  out.uf1 = scored > 0 ? f1Sum / scored : NaN;
  out.scored = scored;
  return out;
}

/** Per-class precision, recall, F1 (Eq. 9) and support of one K×K confusion block (zero_division = 0). */
export function classScores(counts: ArrayLike<number>, classes: readonly string[], offset = 0): ClassScore[] {
  const k = classes.length;
  return classes.map((name, c) => {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += counts[offset + c * k + j];
      col += counts[offset + j * k + c];
    }
    const tp = counts[offset + c * k + c];
    return {
      class: name,
      precision: col > 0 ? tp / col : 0,
      recall: row > 0 ? tp / row : 0,
      f1: row + col > 0 ? (2 * tp) / (row + col) : 0,
      support: row,
      predicted: col,
    };
  });
}

/** Mean and sample SD (n − 1) of a list of numbers (simple-statistics); SD is NaN for fewer than two. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  if (values.length === 0) return { mean: NaN, sd: NaN };
  const list = values as number[];
  return { mean: mean(list), sd: values.length < 2 ? NaN : sampleStandardDeviation(list) };
}

/** The classes with at least one true or predicted sample in a K×K block (the 'present' rule's set). */
function scoredClasses(counts: ArrayLike<number>, classes: readonly string[], rule: ClassRule, offset = 0): string[] {
  if (rule === 'all') return [...classes];
  const k = classes.length;
  return classes.filter((_, c) => {
    for (let j = 0; j < k; j++) if (counts[offset + c * k + j] > 0 || counts[offset + j * k + c] > 0) return true;
    return false;
  });
}

/** Input of `emotionMetrics`: class indices per row, and each row's fold id. */
export interface EmotionArrays {
  classes: readonly string[];
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
  /** Fold id of each row (any non-negative integers; reported as given). */
  fold: ArrayLike<number>;
}

/**
 * The distinct fold ids, sorted, and a lookup table from fold id to its position among them
 * (fold ids are small non-negative integers: the index of a test fold).
 */
export function foldLookup(fold: ArrayLike<number>): { ids: number[]; lookup: Int32Array } {
  let max = -1;
  for (let i = 0; i < fold.length; i++) {
    const f = fold[i];
    if (!(Number.isInteger(f) && f >= 0 && f < 1 << 24)) throw new RangeError(`fold ids must be integers in [0, 2^24): row ${i} has ${f}`);
    if (f > max) max = f;
  }
  const seen = new Uint8Array(max + 1);
  for (let i = 0; i < fold.length; i++) seen[fold[i]] = 1;
  const ids: number[] = [];
  const lookup = new Int32Array(max + 1).fill(-1);
  for (let f = 0; f <= max; f++) if (seen[f]) { lookup[f] = ids.length; ids.push(f); }
  return { ids, lookup };
}

/** Dense fold indices: the sorted distinct fold ids and, per row, the position of its fold among them. */
export function denseFolds(fold: ArrayLike<number>): { ids: number[]; index: Int32Array } {
  const { ids, lookup } = foldLookup(fold);
  const index = new Int32Array(fold.length);
  for (let i = 0; i < fold.length; i++) index[i] = lookup[fold[i]];
  return { ids, index };
}

/**
 * All emotion metrics of a set of predictions, both conventions (Sec. 4.3, Table 8).
 * @example
 * emotionMetrics({ classes: ['a', 'b'], yTrue: [0, 1, 1, 0], yPred: [0, 1, 0, 0], fold: [0, 0, 1, 1] })
 * // per_fold[0].acc = 1, per_fold[1].acc = 0.5, fold_mean.acc = 0.75, pooled.acc = 0.75
 */
export function emotionMetrics(data: EmotionArrays, rule: ClassRule = 'present'): EmotionMetrics {
  const k = data.classes.length;
  const kk = k * k;
  const { ids, lookup } = foldLookup(data.fold);
  const blocks = foldConfusionCounts(data.yTrue, data.yPred, data.fold, lookup, k, ids.length);
  const pooledCounts = new Float64Array(kk);
  for (let f = 0; f < ids.length; f++) for (let c = 0; c < kk; c++) pooledCounts[c] += blocks[f * kk + c];

  const perFold: FoldMetrics[] = ids.map((id, f) => {
    const m = metricsOfConfusion(blocks, k, rule, f * kk);
    let n = 0;
    for (let c = 0; c < kk; c++) n += blocks[f * kk + c];
    return { fold: id, n, acc: m.acc, uar: m.uar, uf1: m.uf1, classes_scored: scoredClasses(blocks, data.classes, rule, f * kk) };
  });
  const summary = (key: keyof MetricTriple) => meanAndSd(perFold.map((f) => f[key]));
  const pooled = metricsOfConfusion(pooledCounts, k, rule);
  const confusion: number[][] = [];
  for (let r = 0; r < k; r++) confusion.push(Array.from(pooledCounts.subarray(r * k, r * k + k)));
  return withSummary({
    classes: [...data.classes],
    rule,
    per_fold: perFold,
    fold_mean: { acc: summary('acc').mean, uar: summary('uar').mean, uf1: summary('uf1').mean },
    fold_sd: { acc: summary('acc').sd, uar: summary('uar').sd, uf1: summary('uf1').sd },
    pooled: { acc: pooled.acc, uar: pooled.uar, uf1: pooled.uf1, n: data.yTrue.length, classes_scored: scoredClasses(pooledCounts, data.classes, rule) },
    per_class: classScores(pooledCounts, data.classes),
    confusion,
  }, summarizeMetrics);
}

/** A cell's value: UF1 / UAR / accuracy (Eqs. 8–11), fold mean ± SD (Table 8's convention) and pooled, n. */
function summarizeMetrics(m: EmotionMetrics): string {
  const sd = (x: number): string => (Number.isNaN(x) ? '' : ` ± ${num(x, 4)}`);
  return `Emotion metrics: UF1 ${num(m.fold_mean.uf1, 4)}${sd(m.fold_sd.uf1)}, UAR ${num(m.fold_mean.uar, 4)}${sd(m.fold_sd.uar)}, accuracy ${num(m.fold_mean.acc, 4)} (mean over ${plural(m.per_fold.length, 'fold')})\n` +
    `  pooled: UF1 ${num(m.pooled.uf1, 4)}, UAR ${num(m.pooled.uar, 4)}, accuracy ${num(m.pooled.acc, 4)}; n = ${plural(m.pooled.n, 'sample')}, ${plural(m.classes.length, 'class', 'classes')} (rule: ${m.rule})`;
}

/** One group's metrics in `metricsByGroup`: fold mean (the paper's convention) and pooled, and its size. */
export interface GroupMetrics extends MetricTriple {
  pooled: MetricTriple;
  n: number;
  folds: number;
}

/**
 * The metrics of each group of rows (a composite's databases, MEGC2019: CASME II, SAMM, SMIC): every
 * group scored on its own rows alone, exactly as if its rows were the whole export. Groups in natural
 * name order.
 * @example metricsByGroup(arrays, ['casme2', 'samm', 'casme2', ...]).casme2.uf1
 */
export function metricsByGroup(data: EmotionArrays, groups: ArrayLike<string>, rule: ClassRule = 'present'): Record<string, GroupMetrics> {
  if (groups.length !== data.yTrue.length) throw new RangeError('one group per row');
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    let list = rowsOf.get(g);
    if (!list) rowsOf.set(g, (list = []));
    list.push(i);
  }
  const names = [...rowsOf.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const out: Record<string, GroupMetrics> = {};
  for (const g of names) {
    const idx = rowsOf.get(g) as number[];
    const m = emotionMetrics({
      classes: data.classes,
      yTrue: idx.map((i) => data.yTrue[i]), yPred: idx.map((i) => data.yPred[i]), fold: idx.map((i) => data.fold[i]),
    }, rule);
    out[g] = { ...m.fold_mean, pooled: { acc: m.pooled.acc, uar: m.pooled.uar, uf1: m.pooled.uf1 }, n: idx.length, folds: m.per_fold.length };
  }
  return out;
}
