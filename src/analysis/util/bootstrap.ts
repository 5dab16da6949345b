/**
 * melab's one bootstrap engine, shared by the protocol's metric intervals (protocol/bootstrap.ts,
 * protocol/compare.ts) and reliability's Fleiss kappa intervals (reliability/fleiss-bootstrap.ts).
 *
 * The data are strata (folds, or the whole item set) of unit types: each type has a weight (how many
 * units of it the stratum holds) and a sparse vector of cell values it contributes. A replicate redraws
 * every stratum's units with replacement, to the stratum's size, sums the drawn units' vectors into cell
 * blocks and hands them to the statistic. Seeded by util/random (mulberry32), so every interval is
 * reproducible from its seed.
 *
 * Intervals are percentile intervals with quantile type 7 (linear interpolation between order statistics:
 * R's default, numpy's default `percentile`), from simple-statistics' `quantileSorted`; the SE is the
 * sample SD (n − 1) of the replicates (simple-statistics' `sampleStandardDeviation`). Replicates whose
 * statistic is undefined (NaN or ±Infinity) are left out of both and counted.
 * Reference: Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 6 (SE) and 13 (percentile interval).
 */
import { quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { seededRandom, type Random } from './random';
import { multinomialFromCounts } from './sampling';

/** How a stratum's units are redrawn: multinomial type counts (default), or one index per unit. */
export type BootstrapMethod = 'multinomial' | 'indices';

/**
 * One stratum of the resampling: T unit types, each with a weight (how many units of that type the
 * stratum holds) and a sparse vector of cell values it contributes (CSR: start[t]..start[t+1]).
 * `unitType`, when given, names the type of each unit in the data's own order (its length is the number
 * of units): the indices method then draws unit i as `unitType[i]`, so the draws are those of a plain loop
 * over the data's rows.
 */
export interface ResampleStratum {
  weights: Float64Array;
  start: Int32Array;
  cell: Int32Array;
  value: Float64Array;
  unitType?: Int32Array;
}

/**
 * The resampling engine: R replicates; each redraws every stratum's units (multinomial counts or explicit
 * indices), rebuilds the F × C cell blocks and hands them to `statistic`, which writes `stats` numbers
 * into its output. Returns the R × stats replicate matrix (row-major).
 */
export function bootstrapReplicates(
  strata: readonly ResampleStratum[], cells: number, stats: number,
  statistic: (blocks: Float64Array, out: Float64Array) => void,
  opts: { resamples: number; seed: number; method: BootstrapMethod },
): Float64Array {
  const rng: Random = seededRandom(opts.seed);
  const folds = strata.length;
  const blocks = new Float64Array(folds * cells);
  const out = new Float64Array(opts.resamples * stats);
  const row = new Float64Array(stats);
  const maxTypes = Math.max(0, ...strata.map((s) => s.weights.length));
  const typeCounts = new Float64Array(maxTypes);
  // indices method: cumulative weights to map a uniform unit index to its type
  const cumulative = strata.map((s) => {
    const c = new Float64Array(s.weights.length);
    let acc = 0;
    s.weights.forEach((w, i) => { acc += w; c[i] = acc; });
    return c;
  });
  for (let r = 0; r < opts.resamples; r++) {
    blocks.fill(0);
    for (let f = 0; f < folds; f++) {
      const s = strata[f];
      const t = s.weights.length;
      const total = t > 0 ? cumulative[f][t - 1] : 0;
      if (opts.method === 'multinomial') {
        multinomialFromCounts(total, s.weights, rng, typeCounts);
      } else if (s.unitType) {
        typeCounts.fill(0, 0, t);
        const unitType = s.unitType;
        for (let d = 0; d < total; d++) typeCounts[unitType[rng.int(total)]]++;
      } else {
        typeCounts.fill(0, 0, t);
        const cum = cumulative[f];
        for (let d = 0; d < total; d++) {
          const u = rng.int(total); // a unit index; units of type j occupy [cum[j-1], cum[j])
          let lo = 0;
          let hi = t - 1;
          while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > u) hi = mid; else lo = mid + 1; }
          typeCounts[lo]++;
        }
      }
      const base = f * cells;
      for (let j = 0; j < t; j++) {
        const k = typeCounts[j];
        if (k === 0) continue;
        for (let e = s.start[j]; e < s.start[j + 1]; e++) blocks[base + s.cell[e]] += k * s.value[e];
      }
    }
    statistic(blocks, row);
    out.set(row, r * stats);
  }
  return out;
}

/** A percentile interval of one statistic's replicates. */
export interface PercentileSummary {
  lower: number;
  upper: number;
  /** Bootstrap standard error: sample SD (n − 1) of the defined replicates (NaN for fewer than two). */
  se: number;
  /** Replicates whose statistic was undefined (NaN or ±Infinity), left out. */
  undefinedResamples: number;
}

/**
 * Percentile interval (type-7 quantiles at (1 − level)/2 and (1 + level)/2) and SE of column `j` of an
 * R × stats replicate matrix.
 * @example percentileSummary(Float64Array.from([1, 2, 3, 4]), 1, 0, 0.5) // { lower: 1.75, upper: 3.25, se: 1.29…, undefinedResamples: 0 }
 */
export function percentileSummary(replicates: Float64Array, stats: number, j: number, level: number): PercentileSummary {
  const r = replicates.length / stats;
  const values: number[] = [];
  for (let i = 0; i < r; i++) { const v = replicates[i * stats + j]; if (Number.isFinite(v)) values.push(v); }
  const undefinedResamples = r - values.length;
  if (values.length === 0) return { lower: NaN, upper: NaN, se: NaN, undefinedResamples };
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return {
    lower: quantileSorted(values, alpha),
    upper: quantileSorted(values, 1 - alpha),
    se: values.length > 1 ? sampleStandardDeviation(values) : NaN,
    undefinedResamples,
  };
}
