import { bootstrapReplicates, percentileSummary } from '../util/bootstrap';

/** A percentile bootstrap interval (items resampled with replacement). */
export interface BootstrapInterval {
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  seed: number;
  method: 'percentile';
  /** Resamples whose statistic was undefined (e.g. every resampled rating in one category), left out of the quantiles. */
  undefinedResamples: number;
}

export interface FleissBootstrapOptions {
  /** Number of bootstrap resamples (default 1000). */
  resamples?: number;
  /** Seed of melab's seeded generator (default 0): the interval is reproducible. */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/**
 * Percentile bootstrap of Fleiss' kappa (Eq. 7) and of each category's kappa, resampling items with
 * replacement. `counts` is the items × categories count table, flattened row-major; n raters per item.
 * Items with the same count row are grouped first, so one resample costs N draws plus (patterns × k).
 * The resampling and the percentile (type 7) intervals are melab's one bootstrap engine (util/bootstrap):
 * one stratum whose unit types are the count patterns, each contributing its counts c_j and squares c_j²;
 * item i is drawn as its own pattern, so the draws are those of a plain loop over the items.
 * Reference: Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13 (percentile interval).
 */
export function bootstrapFleissCounts(
  counts: ArrayLike<number>,
  items: number,
  categories: number,
  raters: number,
  opts: FleissBootstrapOptions = {},
): { overall: BootstrapInterval; perCategory: BootstrapInterval[] } {
  const B = opts.resamples ?? 1000;
  const seed = opts.seed ?? 0;
  const level = opts.level ?? 0.95;
  const k = categories;
  const n = raters;

  // Group identical count rows into patterns.
  const patternOf = new Int32Array(items);
  const index = new Map<string, number>();
  const patternRows: number[] = [];
  // one UTF-16 unit per count while counts fit in 16 bits; decimal text beyond (fromCharCode wraps at 2¹⁶)
  const cellKey = n < 0x10000 ? (c: number) => String.fromCharCode(c) : (c: number) => `${c},`;
  for (let i = 0; i < items; i++) {
    let key = '';
    for (let j = 0; j < k; j++) key += cellKey(counts[i * k + j]);
    let p = index.get(key);
    if (p === undefined) {
      p = index.size;
      index.set(key, p);
      for (let j = 0; j < k; j++) patternRows.push(counts[i * k + j]);
    }
    patternOf[i] = p;
  }
  // The stratum: pattern p contributes its counts to cells 0..k−1 and their squares to cells k..2k−1.
  const P = index.size;
  const weights = new Float64Array(P);
  for (let i = 0; i < items; i++) weights[patternOf[i]]++;
  const start = Int32Array.from({ length: P + 1 }, (_, p) => 2 * k * p);
  const cell = new Int32Array(2 * k * P);
  const value = new Float64Array(2 * k * P);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < k; j++) {
      const c = patternRows[p * k + j];
      cell[2 * k * p + j] = j;
      value[2 * k * p + j] = c;
      cell[2 * k * p + k + j] = k + j;
      value[2 * k * p + k + j] = c * c;
    }
  }
  const Nn = items * n;
  const denom = Nn * (n - 1);
  // Eqs. 2–7 from the column sums col[j] and the sums of squared counts sq[j]: overall kappa into out[0],
  // category j's kappa into out[1 + j]. Hand-written typed-array loop: it runs once per resample.
  const statistic = (blocks: Float64Array, out: Float64Array): void => {
    let pe = 0;
    let sumSq = 0;
    for (let j = 0; j < k; j++) {
      const col = blocks[j];
      const sq = blocks[k + j];
      const pj = col / Nn;
      pe += pj * pj;
      sumSq += sq;
      out[1 + j] = 1 - (n * col - sq) / (denom * pj * (1 - pj));
    }
    const pBar = (sumSq - Nn) / denom;
    out[0] = (pBar - pe) / (1 - pe);
  };
  const replicates = bootstrapReplicates(
    [{ weights, start, cell, value, unitType: patternOf }], 2 * k, 1 + k, statistic, { resamples: B, seed, method: 'indices' },
  );
  const interval = (j: number): BootstrapInterval => {
    const { lower, upper, undefinedResamples } = percentileSummary(replicates, 1 + k, j, level);
    return { lower, upper, level, resamples: B, seed, method: 'percentile', undefinedResamples };
  };
  return { overall: interval(0), perCategory: Array.from({ length: k }, (_, j) => interval(1 + j)) };
}
