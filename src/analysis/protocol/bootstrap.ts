/**
 * Seeded percentile-bootstrap confidence intervals for ACC, UAR and UF1, both conventions.
 *
 * Resampling design: stratified by fold. Each fold's test set is resampled with replacement to its own
 * size (every fold keeps its size, as the split fixed it), and from the resampled data both the per-fold
 * mean (Table 8) and the pooled values are recomputed. The resampled unit is the sample (default) or the
 * subject (`unit: 'subject'`: a fold's subjects are drawn with replacement and bring all their samples —
 * the honest unit when a subject's clips are not independent).
 *
 * Method. The metrics depend on the data only through each fold's confusion counts. Drawing n rows with
 * replacement from a fold and tallying their (true, predicted) cells gives counts that are exactly
 * Multinomial(n, cell counts / n): each draw independently lands in a cell with probability
 * count/n. So `method: 'multinomial'` (default) draws those counts directly (conditional binomials,
 * K² draws per fold instead of n), which is statistically identical to resampling indices;
 * `method: 'indices'` draws every index and tallies it (the textbook procedure, kept to check the
 * other and for the subject unit it is the same idea with subjects as cells). The two give different
 * numbers for one seed but the same distribution. The resampling engine and the percentile intervals
 * (quantile type 7, numpy's default; `se` the SD (n − 1) of the replicates) are melab's one bootstrap
 * engine in util/bootstrap, shared with reliability's kappa intervals.
 * Reference: Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13 (percentile interval).
 */
import { bootstrapReplicates, percentileSummary, type BootstrapMethod, type ResampleStratum } from '../util/bootstrap';
import { foldConfusionCounts, foldLookup, metricsOfConfusion, type ClassRule, type MetricTriple } from './metrics';

export type BootstrapUnit = 'sample' | 'subject';
export { bootstrapReplicates, type BootstrapMethod, type ResampleStratum };

export interface BootstrapOptions {
  /** Number of bootstrap replicates (default 1000). */
  resamples?: number;
  seed?: number;
  /** Confidence level of the percentile interval (default 0.95). */
  level?: number;
  unit?: BootstrapUnit;
  method?: BootstrapMethod;
  rule?: ClassRule;
}

/** The options with their defaults filled in: 1000 resamples, seed 0, 95%, by sample, multinomial, rule "present". */
export function withBootstrapDefaults(opts: BootstrapOptions): Required<BootstrapOptions> {
  return {
    resamples: opts.resamples ?? 1000,
    seed: opts.seed ?? 0,
    level: opts.level ?? 0.95,
    unit: opts.unit ?? 'sample',
    method: opts.method ?? 'multinomial',
    rule: opts.rule ?? 'present',
  };
}

export interface Interval {
  /** The statistic on the data as observed. */
  estimate: number;
  lower: number;
  upper: number;
  /** Bootstrap standard error: SD of the replicates. */
  se: number;
}

export type MetricIntervals = Record<keyof MetricTriple, Interval>;

export interface BootstrapResult {
  resamples: number;
  seed: number;
  level: number;
  unit: BootstrapUnit;
  method: BootstrapMethod;
  rule: ClassRule;
  fold_mean: MetricIntervals;
  pooled: MetricIntervals;
}

// A stratum is a fold. Sample unit: types = confusion cells, vector = one-hot. Subject unit: types =
// subjects, vector = the subject's confusion counts.

/** Strata for the sample unit from F blocks of C cells: each non-empty cell is a type with one-hot vector. */
export function sampleStrata(blocks: Float64Array, folds: number, cells: number): ResampleStratum[] {
  const out: ResampleStratum[] = [];
  for (let f = 0; f < folds; f++) {
    const nz: number[] = [];
    for (let c = 0; c < cells; c++) if (blocks[f * cells + c] > 0) nz.push(c);
    out.push({
      weights: Float64Array.from(nz, (c) => blocks[f * cells + c]),
      start: Int32Array.from({ length: nz.length + 1 }, (_, i) => i),
      cell: Int32Array.from(nz),
      value: new Float64Array(nz.length).fill(1),
    });
  }
  return out;
}

/**
 * Strata for the subject unit: `unitCells(row)` lists the cells a row adds one count to; rows are grouped
 * by (fold, subject) into one type per subject.
 */
export function subjectStrata(
  n: number, foldIndex: ArrayLike<number>, folds: number, subjects: readonly string[], unitCells: (row: number) => number[],
): ResampleStratum[] {
  const bySubject: Map<string, Map<number, number>>[] = Array.from({ length: folds }, () => new Map());
  for (let i = 0; i < n; i++) {
    const m = bySubject[foldIndex[i]];
    let cells = m.get(subjects[i]);
    if (!cells) { cells = new Map(); m.set(subjects[i], cells); }
    for (const c of unitCells(i)) cells.set(c, (cells.get(c) ?? 0) + 1);
  }
  return bySubject.map((m) => {
    const types = [...m.values()];
    const start = new Int32Array(types.length + 1);
    types.forEach((t, i) => { start[i + 1] = start[i] + t.size; });
    const cell = new Int32Array(start[types.length]);
    const value = new Float64Array(start[types.length]);
    types.forEach((t, i) => { let j = start[i]; for (const [c, v] of t) { cell[j] = c; value[j] = v; j++; } });
    return { weights: new Float64Array(types.length).fill(1), start, cell, value };
  });
}

/** Percentile interval (type-7 quantiles) and SD of column `j` of an R × stats replicate matrix (util/bootstrap). */
export function percentileInterval(replicates: Float64Array, stats: number, j: number, level: number, estimate: number): Interval {
  const { lower, upper, se } = percentileSummary(replicates, stats, j, level);
  return { estimate, lower, upper, se };
}

/**
 * ACC, UAR, UF1 of F confusion blocks, per-fold mean (Table 8) then pooled, into out[0..5]:
 * [mean acc, mean uar, mean uf1, pooled acc, pooled uar, pooled uf1]. Folds with no rows are skipped.
 * `pooledScratch` is a K×K buffer.
 */
export function bothConventions(
  blocks: Float64Array, offset: number, folds: number, stride: number, k: number, rule: ClassRule,
  out: Float64Array, at: number, pooledScratch: Float64Array,
): void {
  const kk = k * k;
  const m = { acc: 0, uar: 0, uf1: 0, scored: 0 };
  let sa = 0, su = 0, sf = 0, used = 0;
  pooledScratch.fill(0);
  for (let f = 0; f < folds; f++) {
    const base = offset + f * stride;
    let n = 0;
    for (let c = 0; c < kk; c++) { const v = blocks[base + c]; n += v; pooledScratch[c] += v; }
    if (n === 0) continue;
    metricsOfConfusion(blocks, k, rule, base, m);
    sa += m.acc; su += m.uar; sf += m.uf1; used++;
  }
  out[at] = sa / used; out[at + 1] = su / used; out[at + 2] = sf / used;
  metricsOfConfusion(pooledScratch, k, rule, 0, m);
  out[at + 3] = m.acc; out[at + 4] = m.uar; out[at + 5] = m.uf1;
}

/** What `bootstrapMetrics` needs: class indices, folds, subjects. */
export interface BootstrapInput {
  classes: readonly string[];
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
  fold: ArrayLike<number>;
  /** Required for unit 'subject'. */
  subjects?: readonly string[];
}

const intervalsOf = (rep: Float64Array, point: Float64Array, at: number, level: number): MetricIntervals => ({
  acc: percentileInterval(rep, 6, at, level, point[at]),
  uar: percentileInterval(rep, 6, at + 1, level, point[at + 1]),
  uf1: percentileInterval(rep, 6, at + 2, level, point[at + 2]),
});

/**
 * Bootstrap intervals for ACC, UAR and UF1, fold-mean and pooled conventions (see module comment).
 * @example bootstrapMetrics({ classes, yTrue, yPred, fold }, { resamples: 1000, seed: 0 }).pooled.uf1 // {estimate, lower, upper, se}
 */
export function bootstrapMetrics(data: BootstrapInput, opts: BootstrapOptions = {}): BootstrapResult {
  const { resamples, seed, level, unit, method, rule } = withBootstrapDefaults(opts);
  const k = data.classes.length;
  const kk = k * k;
  const { ids, lookup } = foldLookup(data.fold);
  const blocks = foldConfusionCounts(data.yTrue, data.yPred, data.fold, lookup, k, ids.length);
  let strata: ResampleStratum[];
  if (unit === 'subject') {
    if (!data.subjects) throw new Error('bootstrapMetrics: unit "subject" needs the subject of each row');
    const index = Int32Array.from(data.fold as ArrayLike<number>, (f) => lookup[f]);
    strata = subjectStrata(data.yTrue.length, index, ids.length, data.subjects, (i) => [data.yTrue[i] * k + data.yPred[i]]);
  } else {
    strata = sampleStrata(blocks, ids.length, kk);
  }
  const scratch = new Float64Array(kk);
  const point = new Float64Array(6);
  bothConventions(blocks, 0, ids.length, kk, k, rule, point, 0, scratch);
  const rep = bootstrapReplicates(strata, kk, 6, (b, out) => bothConventions(b, 0, ids.length, kk, k, rule, out, 0, scratch), { resamples, seed, method });
  return {
    resamples, seed, level, unit, method, rule,
    fold_mean: intervalsOf(rep, point, 0, level),
    pooled: intervalsOf(rep, point, 3, level),
  };
}
