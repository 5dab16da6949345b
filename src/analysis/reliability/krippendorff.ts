import { failAt, failInput, isMissing, labelKey, labelReader, orderCategories, type RatingSource, type RatingValue } from './ratings';
import { num, plural, withSummary } from '../util/inspect-summary';

/** Krippendorff's levels of measurement, each with its difference function δ². */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface KrippendorffResult {
  alpha: number;
  level: AlphaLevel;
  /** Observed disagreement D_o. */
  observed: number;
  /** Expected disagreement D_e. */
  expected: number;
  /** Units with at least two values (the pairable units). */
  units: number;
  /** Coders (columns). */
  coders: number;
  /** n: pairable values, Σ over pairable units of m_u. */
  pairable: number;
  /** The distinct values, in the order used for the ordinal metric. */
  values: string[];
  /** Missing cells (ratings.ts MISSING_MARKERS): left out of the pairable values, as Krippendorff's method does. */
  missing: number;
  /** Labels folded into one value (case variants, only with `foldCase`), one line each. */
  warnings: string[];
}

export interface KrippendorffOptions {
  level?: AlphaLevel;
  /** Value order (needed for ordinal string labels), and values no coder used (they matter for ordinal). */
  values?: (string | number)[];
  /** Count labels that differ only in case as one value, with a warning (default: an error naming them). */
  foldCase?: boolean;
  source?: RatingSource;
}

/**
 * Krippendorff's alpha, α = 1 − D_o / D_e, for any number of coders, missing values allowed, at the
 * nominal, ordinal, interval or ratio level (Krippendorff, 2011, "Computing Krippendorff's
 * alpha-reliability", via the coincidence matrix o_ck = Σ_u Σ_{i≠j} [c,k pair] / (m_u − 1)).
 * Units coded by fewer than two coders are not pairable and do not count.
 * @param ratings units × coders (the transpose of Krippendorff's coders × units reliability data matrix).
 * @example krippendorffAlpha([[1, 1], [2, 2], [3, 3]]).alpha // 1
 */
export function krippendorffAlpha(ratings: readonly (readonly RatingValue[])[], opts: KrippendorffOptions = {}): KrippendorffResult {
  const source = opts.source;
  const level = opts.level ?? 'nominal';
  if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(level)) failInput(source, `unknown level "${level}" (nominal, ordinal, interval or ratio)`);
  if (ratings.length === 0) failInput(source, 'no units: the ratings are empty');
  const coders = ratings[0].length;
  ratings.forEach((row, u) => {
    if (row.length !== coders) failAt(source, u, null, '', `has ${row.length} coder columns, the first unit has ${coders}`);
  });

  const labels = labelReader(ratings, { foldCase: opts.foldCase, source });
  const seen = new Set<string>();
  let missing = 0;
  for (const row of ratings) for (const v of row) if (!isMissing(v)) seen.add(labels.keyOf(v as string | number)); else missing++;
  const values = opts.values ? [...new Set(opts.values.map(labelKey))] : orderCategories(seen);
  const index = new Map(values.map((v, c) => [v, c]));
  const V = values.length;
  let numeric: number[] = [];
  if (level === 'interval' || level === 'ratio') {
    numeric = values.map(Number);
    const bad = values.find((v) => !Number.isFinite(Number(v)));
    if (bad !== undefined) failInput(source, `value "${bad}" is not a number; the ${level} level needs numeric values`);
    // α is unchanged by a common scale of the values (D_o and D_e scale alike): divide by the largest
    // magnitude so that (c − k)² cannot overflow for values like 1e200
    const scale = Math.max(...numeric.map(Math.abs));
    if (scale > 0) numeric = numeric.map((x) => x / scale);
  }

  // Coincidence matrix.
  const o = new Float64Array(V * V);
  const unitCounts = new Float64Array(V);
  let units = 0;
  for (let u = 0; u < ratings.length; u++) {
    unitCounts.fill(0);
    let m = 0;
    const used: number[] = [];
    ratings[u].forEach((v, r) => {
      if (isMissing(v)) return;
      const c = index.get(labels.keyOf(v as string | number));
      if (c === undefined) failAt(source, u, r, v, `not one of the values ${values.join(', ')}`);
      if (unitCounts[c] === 0) used.push(c);
      unitCounts[c]++;
      m++;
    });
    if (m < 2) continue;
    units++;
    for (const c of used) for (const k of used) o[c * V + k] += (unitCounts[c] * (unitCounts[k] - (c === k ? 1 : 0))) / (m - 1);
  }
  const nc = new Float64Array(V);
  for (let c = 0; c < V; c++) for (let k = 0; k < V; k++) nc[c] += o[c * V + k];
  const n = nc.reduce((s, x) => s + x, 0);
  if (units === 0) failInput(source, 'no unit was coded by at least two coders: alpha is undefined');

  const delta2 = differenceFunction(level, nc, numeric);
  let Do = 0;
  let De = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      if (c === k) continue;
      const d = delta2(c, k);
      Do += o[c * V + k] * d;
      De += nc[c] * nc[k] * d;
    }
  }
  Do /= n;
  De /= n * (n - 1);
  if (De === 0) failInput(source, `every pairable value is the same (${values.filter((_, c) => nc[c] > 0).join(', ')}): expected disagreement is 0 and alpha is undefined`);
  if (!Number.isFinite(Do / De)) failInput(source, `alpha is undefined for these values (D_o ${Do}, D_e ${De})`);
  return withSummary({ alpha: 1 - Do / De, level, observed: Do, expected: De, units, coders, pairable: Math.round(n), values, missing, warnings: labels.warnings }, summarizeAlpha);
}

/** A cell's value: α, its level, and what it was computed on. */
function summarizeAlpha(r: KrippendorffResult): string {
  return `Krippendorff α (${r.level}) = ${num(r.alpha)}: D_o ${num(r.observed, 4)}, D_e ${num(r.expected, 4)}\n` +
    `  n = ${plural(r.pairable, 'pairable value')} in ${plural(r.units, 'unit')}, ${plural(r.coders, 'coder')}, ${plural(r.values.length, 'distinct value')}, ${plural(r.missing, 'missing cell')}`;
}

/** δ²(c, k) of Krippendorff (2011), on value indices c, k. */
function differenceFunction(level: AlphaLevel, nc: Float64Array, numeric: number[]): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => (numeric[c] - numeric[k]) ** 2;
    case 'ratio':
      return (c, k) => {
        const s = numeric[c] + numeric[k];
        return s === 0 ? 0 : ((numeric[c] - numeric[k]) / s) ** 2;
      };
    case 'ordinal': {
      // δ² = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
      const cum = new Float64Array(nc.length + 1);
      for (let g = 0; g < nc.length; g++) cum[g + 1] = cum[g] + nc[g];
      return (c, k) => {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        return (cum[hi + 1] - cum[lo] - (nc[c] + nc[k]) / 2) ** 2;
      };
    }
  }
}
