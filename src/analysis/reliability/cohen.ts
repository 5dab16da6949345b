import { interpretKappa } from './interpretation';
import { criticalValue, twoSidedP } from '../util/normal';
import { failAt, failInput, isMissing, labelKey, labelReader, orderCategories, type RatingSource, type RatingValue } from './ratings';
import { num, pValue, plural, withSummary } from '../util/inspect-summary';

/**
 * Weights of Cohen's kappa over the ordered categories i, j = 0..K−1:
 * 'none' (unweighted), 'linear' (1 − |i−j|/(K−1), Cicchetti & Allison 1971; irr "equal"),
 * 'quadratic' (1 − (i−j)²/(K−1)², Fleiss & Cohen 1973; irr "squared").
 * As scikit-learn's `cohen_kappa_score(weights=None|'linear'|'quadratic')`.
 */
export type CohenWeights = 'none' | 'linear' | 'quadratic';

export interface CohenResult {
  kappa: number;
  /** Asymptotic standard error (Fleiss, Cohen & Everitt, 1969), for the confidence interval. */
  se: number;
  /** Standard error under H0: kappa = 0 (Fleiss, Cohen & Everitt, 1969), for the test. */
  se0: number;
  /** kappa / se0, as SAS, statsmodels `cohens_kappa` and irr `kappa2`. */
  z: number;
  /** Two-sided p-value of z. */
  p: number;
  /** kappa ± z_{(1+level)/2} · se. */
  ci: { lower: number; upper: number; level: number };
  weights: CohenWeights;
  /** Observed (weighted) agreement. */
  po: number;
  /** Chance (weighted) agreement from the two raters' marginals. */
  pe: number;
  /** Items rated by both raters. */
  n: number;
  categories: string[];
  /** The K × K table: rows rater A, columns rater B. */
  table: number[][];
  interpretation: string;
  /** Labels folded into one category (case variants, only with `foldCase`), one line each. */
  warnings: string[];
}

export interface CohenOptions {
  weights?: CohenWeights;
  /** Category order (it matters for weights) and categories no one used; default: every label, sorted. */
  categories?: (string | number)[];
  level?: number;
  /** Items where either rater is missing: 'error' (default) or 'pairwise' (left out). */
  missing?: 'error' | 'pairwise';
  /** Count labels that differ only in case as one category, with a warning (default: an error naming them). */
  foldCase?: boolean;
  source?: RatingSource;
}

/**
 * Cohen's kappa for two raters (Cohen, 1960; weighted: Cohen, 1968), with the asymptotic standard
 * errors of Fleiss, Cohen & Everitt (1969), a Wald interval, z and p.
 * @example cohenKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']).kappa // 0.5
 */
export function cohenKappa(a: readonly RatingValue[], b: readonly RatingValue[], opts: CohenOptions = {}): CohenResult {
  const source = opts.source;
  if (a.length !== b.length) failInput(source, `rater A has ${a.length} ratings, rater B ${b.length}`);
  const pairs: [string, string][] = [];
  const labels = labelReader(a.map((v, i) => [v, b[i]]), { foldCase: opts.foldCase, source });
  for (let i = 0; i < a.length; i++) {
    const ma = isMissing(a[i]);
    const mb = isMissing(b[i]);
    if (ma || mb) {
      if (opts.missing === 'pairwise') continue;
      failAt(source, i, ma ? 0 : 1, (ma ? a[i] : b[i]) ?? '', 'not rated (pass missing: "pairwise" to leave such items out)');
    }
    pairs.push([labels.keyOf(a[i] as string | number), labels.keyOf(b[i] as string | number)]);
  }
  if (pairs.length === 0) failInput(source, 'no item rated by both raters');
  const categories = opts.categories ? [...new Set(opts.categories.map(labelKey))] : orderCategories(pairs.flat());
  const index = new Map(categories.map((c, j) => [c, j]));
  const K = categories.length;
  const table = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  pairs.forEach(([x, y], i) => {
    const jx = index.get(x);
    const jy = index.get(y);
    if (jx === undefined || jy === undefined) failAt(source, i, jx === undefined ? 0 : 1, jx === undefined ? x : y, `not one of the categories ${categories.join(', ')}`);
    table[jx][jy]++;
  });
  return withSummary({ ...cohenKappaFromTable(table, { ...opts, categories }), warnings: labels.warnings }, summarizeCohen);
}

/**
 * Cohen's kappa from a K × K contingency table (rows rater A, columns rater B).
 * Variances (Fleiss, Cohen & Everitt, 1969), with agreement weights w_ij, w̄_i. = Σ_j p_.j w_ij, w̄_.j = Σ_i p_i. w_ij:
 * var(κ) = [Σ_ij p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − p_e(1 − κ))²] / (n (1 − p_e)²),
 * var₀(κ) = [Σ_ij p_i. p_.j (w_ij − (w̄_i. + w̄_.j))² − p_e²] / (n (1 − p_e)²).
 * @example cohenKappaFromTable([[0, 4, 1], [0, 8, 0], [0, 1, 5]]).kappa // 0.4842 (statsmodels' SAS example)
 */
export function cohenKappaFromTable(table: readonly (readonly number[])[], opts: Omit<CohenOptions, 'missing'> = {}): CohenResult {
  const source = opts.source;
  const K = table.length;
  if (K === 0) failInput(source, 'the table is empty');
  for (let i = 0; i < K; i++) if (table[i].length !== K) failAt(source, i, null, '', `row has ${table[i].length} cells, the table must be ${K} × ${K}`);
  const categories = opts.categories ? opts.categories.map(labelKey) : Array.from({ length: K }, (_, j) => String(j + 1));
  const weights = opts.weights ?? 'none';
  const w = agreementWeights(K, weights);
  let n = 0;
  for (const row of table) for (const c of row) n += c;
  if (n === 0) failInput(source, 'no item rated by both raters');
  const row = table.map((r) => r.reduce((s, c) => s + c, 0) / n);
  const colP = Array.from({ length: K }, (_, j) => table.reduce((s, r) => s + r[j], 0) / n);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      po += w[i][j] * (table[i][j] / n);
      pe += w[i][j] * row[i] * colP[j];
    }
  }
  if (pe >= 1 - 1e-15) failInput(source, `both raters used a single category (${categories.filter((_, j) => row[j] + colP[j] > 0).join(', ')}): chance agreement is 1 and kappa is undefined`);
  const kappa = (po - pe) / (1 - pe);
  const wRow = Array.from({ length: K }, (_, i) => w[i].reduce((s, wij, j) => s + colP[j] * wij, 0));
  const wCol = Array.from({ length: K }, (_, j) => w.reduce((s, wi, i) => s + row[i] * wi[j], 0));
  let a = 0;
  let a0 = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const d = w[i][j] - (wRow[i] + wCol[j]) * (1 - kappa);
      a += (table[i][j] / n) * d * d;
      const d0 = w[i][j] - (wRow[i] + wCol[j]);
      a0 += row[i] * colP[j] * d0 * d0;
    }
  }
  const fac = 1 / (n * (1 - pe) * (1 - pe));
  const se = Math.sqrt(Math.max(0, (a - (kappa - pe * (1 - kappa)) ** 2) * fac));
  const se0 = Math.sqrt(Math.max(0, (a0 - pe * pe) * fac));
  const level = opts.level ?? 0.95;
  const crit = criticalValue(level);
  const z = kappa / se0;
  return withSummary({
    kappa,
    se,
    se0,
    z,
    p: twoSidedP(z),
    ci: { lower: kappa - crit * se, upper: kappa + crit * se, level },
    weights,
    po,
    pe,
    n,
    categories,
    table: table.map((r) => [...r]),
    interpretation: interpretKappa(kappa)?.label ?? 'undefined',
    warnings: [],
  }, summarizeCohen);
}

/** A cell's value: κ with its SE and interval, n items rated by both. */
function summarizeCohen(r: CohenResult): string {
  const weights = r.weights === 'none' ? '' : ` (${r.weights} weights)`;
  return `Cohen κ${weights} = ${num(r.kappa)} (SE ${num(r.se, 4)}, ${Math.round(100 * r.ci.level)}% CI [${num(r.ci.lower)}, ${num(r.ci.upper)}], z = ${num(r.z, 2)}, ${pValue(r.p)}): ${r.interpretation}\n` +
    `  n = ${plural(r.n, 'item')} rated by both, ${plural(r.categories.length, 'category', 'categories')}, observed agreement ${num(r.po)}, chance ${num(r.pe)}`;
}

/** Agreement weights w_ij in [0, 1] (1 on the diagonal) for K ordered categories. */
export function agreementWeights(K: number, weights: CohenWeights): number[][] {
  const span = Math.max(1, K - 1);
  return Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => {
      if (weights === 'none') return i === j ? 1 : 0;
      const d = Math.abs(i - j) / span;
      return weights === 'linear' ? 1 - d : 1 - d * d;
    }));
}

/**
 * Cohen's kappa between every pair of raters (the annotator × annotator agreement matrix), each pair on the
 * items both rated. The diagonal is 1. Categories are shared by all pairs (every label seen, sorted).
 * @example
 * const p = melab.reliability.pairwiseCohenKappa([['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'a', 'a']], { raters: ['r1', 'r2', 'r3'] });
 * p.kappa[0][1] // 1
 * p.kappa[0][0] // 1
 */
export function pairwiseCohenKappa(
  ratings: readonly (readonly RatingValue[])[],
  opts: { raters?: string[]; weights?: CohenWeights; foldCase?: boolean; source?: RatingSource } = {},
): { raters: string[]; kappa: number[][]; n: number[][]; warnings: string[] } {
  if (ratings.length === 0) failInput(opts.source, 'no items: the ratings are empty');
  const R = ratings[0].length;
  const raters = opts.raters ?? Array.from({ length: R }, (_, r) => `rater ${r + 1}`);
  const labels = labelReader(ratings, { foldCase: opts.foldCase, source: opts.source });
  const seen = new Set<string>();
  for (const row of ratings) for (const v of row) if (!isMissing(v)) seen.add(labels.keyOf(v as string | number));
  const categories = orderCategories(seen);
  const kappa = Array.from({ length: R }, () => new Array<number>(R).fill(1));
  const n = Array.from({ length: R }, () => new Array<number>(R).fill(0));
  for (let r = 0; r < R; r++) {
    n[r][r] = ratings.filter((row) => !isMissing(row[r])).length;
    for (let s = r + 1; s < R; s++) {
      // labels already as category keys (case folded once for the whole matrix)
      const key = (v: RatingValue): string | null => (isMissing(v) ? null : labels.keyOf(v as string | number));
      const a = ratings.map((row) => key(row[r]));
      const b = ratings.map((row) => key(row[s]));
      const both = a.filter((v, i) => !isMissing(v) && !isMissing(b[i])).length;
      n[r][s] = n[s][r] = both;
      // A pair with no common item, or one that used a single category between them, has no kappa: NaN.
      const used = new Set<string>();
      a.forEach((v, i) => { if (v !== null && b[i] !== null) used.add(v).add(b[i] as string); });
      kappa[r][s] = kappa[s][r] = both > 0 && used.size > 1
        ? cohenKappa(a, b, { categories, weights: opts.weights, missing: 'pairwise', source: opts.source }).kappa
        : NaN;
    }
  }
  return { raters, kappa, n, warnings: labels.warnings };
}
