import { seededRandom } from '../util/random';

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
 * Linear-interpolation quantile of sorted values (R's type 7, numpy's default `percentile`).
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile bootstrap of Fleiss' kappa (Eq. 7) and of each category's kappa, resampling items with
 * replacement. `counts` is the items × categories count table, flattened row-major; n raters per item.
 * Items with the same count row are grouped first, so one resample costs N draws plus (patterns × k).
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
  const P = index.size;
  const pat = Float64Array.from(patternRows);
  const patSq = pat.map((c) => c * c);

  const rng = seededRandom(seed);
  const mult = new Int32Array(P);
  const col = new Float64Array(k);
  const sq = new Float64Array(k);
  const overall = new Float64Array(B);
  const perCat = Array.from({ length: k }, () => new Float64Array(B));
  const Nn = items * n;
  const denom = Nn * (n - 1);
  for (let b = 0; b < B; b++) {
    mult.fill(0);
    for (let r = 0; r < items; r++) mult[patternOf[Math.floor(rng.next() * items)]]++;
    col.fill(0);
    sq.fill(0);
    for (let p = 0; p < P; p++) {
      const m = mult[p];
      if (m === 0) continue;
      const o = p * k;
      for (let j = 0; j < k; j++) {
        col[j] += m * pat[o + j];
        sq[j] += m * patSq[o + j];
      }
    }
    let pe = 0;
    let sumSq = 0;
    for (let j = 0; j < k; j++) {
      const pj = col[j] / Nn;
      pe += pj * pj;
      sumSq += sq[j];
      perCat[j][b] = 1 - (n * col[j] - sq[j]) / (denom * pj * (1 - pj));
    }
    const pBar = (sumSq - Nn) / denom;
    overall[b] = (pBar - pe) / (1 - pe);
  }
  const interval = (values: Float64Array): BootstrapInterval => {
    const finite = values.filter((v) => Number.isFinite(v)).sort();
    return {
      lower: quantileSorted(finite, (1 - level) / 2),
      upper: quantileSorted(finite, 1 - (1 - level) / 2),
      level,
      resamples: B,
      seed,
      method: 'percentile',
      undefinedResamples: B - finite.length,
    };
  };
  return { overall: interval(overall), perCategory: perCat.map(interval) };
}
