/**
 * Paired comparison of two models evaluated on the same samples (same sample ids, same true labels,
 * same folds): McNemar's test on who is right where they disagree, and a paired bootstrap of the
 * differences in ACC, UAR and UF1 (both conventions). The bootstrap resamples the same samples (or
 * subjects) for both models in each replicate, stratified by fold, exactly as `bootstrapMetrics` does;
 * its multinomial form draws the joint (true, predicted by A, predicted by B) cell counts, which is
 * again identical in distribution to resampling indices.
 */
import { fail } from '../labels/issues';
import {
  bootstrapReplicates, bothConventions, percentileInterval, sampleStrata, subjectStrata, withBootstrapDefaults,
  type BootstrapMethod, type BootstrapOptions, type BootstrapUnit, type Interval,
} from './bootstrap';
import { binomialHalfCdf, chiSquare1Sf } from './distributions';
import { foldLookup, type ClassRule, type MetricTriple } from './metrics';
import type { PredictionExport } from './predictions';
import { num, plural, pValue, withSummary } from '../util/inspect-summary';

export interface McNemarResult {
  /** Samples that model A gets right and model B wrong. */
  a_only: number;
  /** Samples that model B gets right and model A wrong. */
  b_only: number;
  /** Exact test: statistic = min(a_only, b_only), p = min(1, 2 · P(X ≤ statistic)), X ~ Binomial(a_only + b_only, ½). */
  exact: { statistic: number; pvalue: number };
  /**
   * Chi-square with Edwards' continuity correction: (|a_only − b_only| − 1)² / (a_only + b_only), 1 df.
   * When the models never disagree (a_only + b_only = 0) statistic = 0 and p = 1 (statsmodels returns NaN).
   */
  chi2: { statistic: number; pvalue: number };
}

/**
 * McNemar's test on the discordant counts; agrees with statsmodels'
 * `mcnemar([[., a_only], [b_only, .]], exact=True)` and `(exact=False, correction=True)`.
 * Reference: McNemar, Q. (1947). Psychometrika 12, 153–157; Edwards, A. L. (1948). Psychometrika 13, 185–187.
 * @example mcnemar(10, 3) // exact.pvalue = 0.09228515625, chi2.statistic = 36/13
 */
export function mcnemar(aOnly: number, bOnly: number): McNemarResult {
  const n = aOnly + bOnly;
  const small = Math.min(aOnly, bOnly);
  const exactP = Math.min(1, 2 * binomialHalfCdf(small, n));
  const stat = n > 0 ? (Math.abs(aOnly - bOnly) - 1) ** 2 / n : 0;
  return {
    a_only: aOnly,
    b_only: bOnly,
    exact: { statistic: small, pvalue: exactP },
    chi2: { statistic: stat, pvalue: n > 0 ? chiSquare1Sf(stat) : 1 },
  };
}

export interface DifferenceInterval extends Interval {
  /** Metric of model A and of model B on the observed data; estimate = a − b. */
  a: number;
  b: number;
  /** Two-sided bootstrap p-value: min(1, 2 · min(share of replicates with Δ ≤ 0, share with Δ ≥ 0)). */
  p: number;
}

export interface ModelComparison {
  model_a: string;
  model_b: string;
  n: number;
  mcnemar: McNemarResult;
  bootstrap: {
    resamples: number; seed: number; level: number; unit: BootstrapUnit; method: BootstrapMethod; rule: ClassRule;
    fold_mean: Record<keyof MetricTriple, DifferenceInterval>;
    pooled: Record<keyof MetricTriple, DifferenceInterval>;
  };
}

/** Two models' predictions aligned on the same rows. */
export interface PairedInput {
  classes: readonly string[];
  yTrue: ArrayLike<number>;
  predA: ArrayLike<number>;
  predB: ArrayLike<number>;
  fold: ArrayLike<number>;
  subjects?: readonly string[];
}

/** Aligns export B on export A's rows; errors name B's row when a sample, label or fold does not match. */
export function pairExports(a: PredictionExport, b: PredictionExport): PairedInput {
  if (!a.emotion) fail(a.file, 0, 'y_pred', '', 'not an emotion export: nothing to compare');
  if (!b.emotion) fail(b.file, 0, 'y_pred', '', 'not an emotion export: nothing to compare');
  const ea = a.emotion;
  const eb = b.emotion;
  const classB = eb.classes.map((c) => ea.classes.indexOf(c));
  const stray = classB.indexOf(-1);
  if (stray >= 0 || eb.classes.length !== ea.classes.length) {
    fail(b.file, 0, 'classes', eb.classes.join(','), `class list differs from ${a.file} (${ea.classes.join(',')})`);
  }
  const rowOfB = new Map(b.sampleIds.map((id, i) => [id, i]));
  const n = a.sampleIds.length;
  if (b.sampleIds.length !== n) {
    const inA = new Set(a.sampleIds);
    const extra = b.sampleIds.findIndex((id) => !inA.has(id));
    if (extra >= 0) fail(b.file, b.sourceRows[extra], 'sample_id', b.sampleIds[extra], `sample not in ${a.file}: the comparison needs the same samples`);
  }
  const predB = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = rowOfB.get(a.sampleIds[i]);
    if (j === undefined) fail(a.file, a.sourceRows[i], 'sample_id', a.sampleIds[i], `sample not in ${b.file}: the comparison needs the same samples`);
    if (classB[eb.yTrue[j]] !== ea.yTrue[i]) fail(b.file, b.sourceRows[j], 'y_true', eb.classes[eb.yTrue[j]], `true label differs from ${a.file} row ${a.sourceRows[i]} ("${ea.classes[ea.yTrue[i]]}")`);
    if (b.fold[j] !== a.fold[i]) fail(b.file, b.sourceRows[j], 'fold', b.fold[j], `fold differs from ${a.file} row ${a.sourceRows[i]} (fold ${a.fold[i]}): the models were not evaluated on the same split`);
    predB[i] = classB[eb.yPred[j]];
  }
  return { classes: ea.classes, yTrue: ea.yTrue, predA: ea.yPred, predB, fold: a.fold, subjects: a.subjects };
}

/** McNemar counts and test of two aligned prediction vectors. */
export function mcnemarOf(data: Pick<PairedInput, 'yTrue' | 'predA' | 'predB'>): McNemarResult {
  let aOnly = 0;
  let bOnly = 0;
  for (let i = 0; i < data.yTrue.length; i++) {
    const ra = data.predA[i] === data.yTrue[i];
    const rb = data.predB[i] === data.yTrue[i];
    if (ra && !rb) aOnly++;
    else if (rb && !ra) bOnly++;
  }
  return mcnemar(aOnly, bOnly);
}

/**
 * Paired bootstrap of A − B for ACC, UAR and UF1 (fold mean and pooled), with McNemar's test.
 * @example
 * const dir = `${melab.report.melabDataDir()}/predictions`;
 * const c = melab.protocol.compareModels(melab.protocol.readPredictions(`${dir}/ststnet-emotion.csv`), melab.protocol.readPredictions(`${dir}/offapexnet-emotion.csv`), { resamples: 200 });
 * console.assert(c.n > 0 && c.mcnemar.exact.pvalue >= 0 && c.mcnemar.exact.pvalue <= 1);
 */
export function compareModels(a: PredictionExport, b: PredictionExport, opts: BootstrapOptions = {}): ModelComparison {
  const result = comparePaired(pairExports(a, b), opts);
  return withSummary({ model_a: a.model, model_b: b.model, ...result }, summarizeComparison);
}

/** A cell's value: the paired differences (A − B) with their bootstrap intervals, McNemar's p, n. */
function summarizeComparison(c: ModelComparison): string {
  const diff = (key: keyof MetricTriple, name: string): string => {
    const d = c.bootstrap.fold_mean[key];
    return `Δ${name} ${d.estimate >= 0 ? '+' : ''}${num(d.estimate, 4)} [${num(d.lower, 4)}, ${num(d.upper, 4)}], p = ${d.p.toFixed(3)}`;
  };
  return `Model comparison ${c.model_a} − ${c.model_b}: ${diff('uf1', 'UF1')}; ${diff('uar', 'UAR')} (fold mean, ${Math.round(100 * c.bootstrap.level)}% ${c.bootstrap.method} bootstrap, ${num(c.bootstrap.resamples)} × ${c.bootstrap.unit})\n` +
    `  McNemar exact ${pValue(c.mcnemar.exact.pvalue)} (${num(c.mcnemar.a_only)} only A right, ${num(c.mcnemar.b_only)} only B right); n = ${plural(c.n, 'paired sample')}`;
}

/** `compareModels` on arrays already aligned. */
export function comparePaired(data: PairedInput, opts: BootstrapOptions = {}): Omit<ModelComparison, 'model_a' | 'model_b'> {
  const { resamples, seed, level, unit, method, rule } = withBootstrapDefaults(opts);
  const k = data.classes.length;
  const kk = k * k;
  const cells = 2 * kk; // block A then block B, per fold
  const n = data.yTrue.length;
  const { ids, lookup } = foldLookup(data.fold);
  const index = Int32Array.from(data.fold as ArrayLike<number>, (f) => lookup[f]);
  const folds = ids.length;
  // observed blocks
  const blocks = new Float64Array(folds * cells);
  for (let i = 0; i < n; i++) {
    const base = index[i] * cells + data.yTrue[i] * k;
    blocks[base + data.predA[i]]++;
    blocks[base + kk + data.predB[i]]++;
  }
  let strata;
  if (unit === 'subject') {
    if (!data.subjects) throw new Error('comparePaired: unit "subject" needs the subject of each row');
    strata = subjectStrata(n, index, folds, data.subjects, (i) => [data.yTrue[i] * k + data.predA[i], kk + data.yTrue[i] * k + data.predB[i]]);
  } else {
    // joint cells (true, predA, predB): K³ types per fold, each adding one count to A's and one to B's block
    const joint = new Float64Array(folds * kk * k);
    for (let i = 0; i < n; i++) joint[index[i] * kk * k + (data.yTrue[i] * k + data.predA[i]) * k + data.predB[i]]++;
    strata = sampleStrata(joint, folds, kk * k).map((s) => {
      const t = s.weights.length;
      const cell = new Int32Array(2 * t);
      for (let j = 0; j < t; j++) {
        const c = s.cell[j];
        const trueA = Math.floor(c / k); // = true * k + predA
        const truth = Math.floor(trueA / k);
        cell[2 * j] = trueA;
        cell[2 * j + 1] = kk + truth * k + (c % k);
      }
      return { weights: s.weights, start: Int32Array.from({ length: t + 1 }, (_, j) => 2 * j), cell, value: new Float64Array(2 * t).fill(1) };
    });
  }
  const scratch = new Float64Array(kk);
  const statistic = (b: Float64Array, out: Float64Array): void => {
    bothConventions(b, 0, folds, cells, k, rule, out, 0, scratch);
    bothConventions(b, kk, folds, cells, k, rule, out, 6, scratch);
    for (let j = 0; j < 6; j++) out[12 + j] = out[j] - out[6 + j];
  };
  const point = new Float64Array(18);
  statistic(blocks, point);
  const rep = bootstrapReplicates(strata, cells, 18, statistic, { resamples, seed, method });
  const diff = (j: number): DifferenceInterval => {
    let le = 0;
    let ge = 0;
    for (let r = 0; r < resamples; r++) {
      const d = rep[r * 18 + 12 + j];
      if (d <= 0) le++;
      if (d >= 0) ge++;
    }
    return {
      ...percentileInterval(rep, 18, 12 + j, level, point[12 + j]),
      a: point[j], b: point[6 + j],
      p: Math.min(1, (2 * Math.min(le, ge)) / resamples),
    };
  };
  return {
    n,
    mcnemar: mcnemarOf(data),
    bootstrap: {
      resamples, seed, level, unit, method, rule,
      fold_mean: { acc: diff(0), uar: diff(1), uf1: diff(2) },
      pooled: { acc: diff(3), uar: diff(4), uf1: diff(5) },
    },
  };
}

/**
 * The two emotion exports a paired comparison uses: those named in `models` (by model name, in that
 * order), or else the first two, in the order given, evaluated on the same sample set and split (same
 * sample ids, each in the same fold), whatever the models are called.
 * @example const [a, b] = comparableExports(readPredictionDir('data/predictions')); console.assert(a.model !== b.model)
 */
export function comparableExports(exports: readonly PredictionExport[], models: readonly string[] | null = null): [PredictionExport, PredictionExport] {
  const emotion = exports.filter((e) => e.emotion);
  if (models) {
    if (models.length !== 2) fail('', 0, 'models', models.join(','), 'name exactly two models to compare');
    const pick = (name: string): PredictionExport => emotion.find((e) => e.model === name)
      ?? fail('', 0, 'models', name, `no emotion export of this model (models: ${emotion.map((e) => e.model).join(', ')})`);
    return [pick(models[0]), pick(models[1])];
  }
  const key = (e: PredictionExport): string => e.sampleIds.map((id, i) => `${id}\u0000${e.fold[i]}`).sort().join('\u0001');
  const seen = new Map<string, PredictionExport>();
  for (const e of emotion) {
    const k = key(e);
    const first = seen.get(k);
    if (first) return [first, e];
    seen.set(k, e);
  }
  return fail(emotion[0]?.file ?? '', 0, 'sample_id', '', `no two emotion exports share a sample set and split (exports: ${emotion.map((e) => e.model).join(', ') || 'none'})`);
}
