/**
 * The tests behind the AU × emotion association statistics (beyond the paper's Table 6): Fisher's exact
 * test and Pearson's chi-square test of independence, Benjamini–Hochberg false-discovery-rate
 * adjustment, and Cramér's V. They agree with scipy.stats.fisher_exact, scipy.stats.chi2_contingency,
 * scipy.stats.contingency.association and statsmodels' multipletests(method='fdr_bh') (test/stats).
 * simple-statistics supplies `gammaln`; the incomplete gamma function is written here.
 */
import { gammaln } from 'simple-statistics';

const SMALL_LN_FACTORIAL = (() => {
  const t = new Float64Array(256);
  for (let k = 2; k < 256; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/**
 * ln(k!) — a table below 256, Lanczos' ln Γ(k+1) (simple-statistics `gammaln`) above.
 * @example lnFactorial(10) // 15.1044125730755 (= ln 3628800)
 */
export function lnFactorial(k: number): number {
  return k < 256 ? SMALL_LN_FACTORIAL[k] : gammaln(k + 1);
}

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): the series of P(a, x) for
 * x < a + 1, Lentz's continued fraction for Q otherwise (Numerical Recipes, 3rd ed., §6.2).
 * @example regularizedGammaQ(0.5, 1.920729410347062) // 0.05 (the chi-square(1) tail at 3.841458820694124)
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0) return NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const lnPrefix = a * Math.log(x) - x - gammaln(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(lnPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(lnPrefix) * h;
}

/**
 * Upper tail P(X ≥ x) of the chi-square distribution with `dof` degrees of freedom: Q(dof/2, x/2).
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, dof: number): number {
  return regularizedGammaQ(dof / 2, x / 2);
}

export type FisherAlternative = 'two-sided' | 'less' | 'greater';

export interface FisherResult {
  /** Sample odds ratio a·d / (b·c) (Infinity when b·c = 0 < a·d; NaN when both are 0), as scipy reports it. */
  oddsRatio: number;
  p: number;
}

/**
 * Fisher's exact test of a 2×2 table [[a, b], [c, d]] under the hypergeometric law of `a` given the
 * margins. Two-sided p: the sum of the probabilities of all tables no more probable than the observed
 * one, "no more" with R's relative tolerance 1 + 1e-7 (fisher.test; scipy.stats.fisher_exact uses the
 * same rule with 1 + 1e-14, which differs only for near-ties). 'less': P(X ≤ a); 'greater': P(X ≥ a).
 * Probabilities come from log-factorials; only the terms that matter are summed (the pmf is unimodal).
 * @example fisherExactTest(8, 2, 1, 5).p // 0.034965034965035 (scipy.stats.fisher_exact([[8, 2], [1, 5]]))
 * @see R. A. Fisher (1935), "The logic of inductive inference", J. R. Stat. Soc. 98(1): 39–82.
 */
export function fisherExactTest(a: number, b: number, c: number, d: number, alternative: FisherAlternative = 'two-sided'): FisherResult {
  for (const v of [a, b, c, d]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`fisherExactTest: cells must be non-negative integers, got ${v}`);
  }
  const ad = a * d;
  const bc = b * c;
  const oddsRatio = bc === 0 ? (ad === 0 ? NaN : Number.POSITIVE_INFINITY) : ad / bc;
  const n = a + b + c + d;
  const r1 = a + b;
  const c1 = a + c;
  const lo = Math.max(0, r1 + c1 - n);
  const hi = Math.min(r1, c1);
  if (lo === hi) return { oddsRatio, p: 1 };
  const lnDenominator = lnFactorial(n) - lnFactorial(r1) - lnFactorial(n - r1);
  const lnC1 = lnFactorial(c1);
  const lnNC1 = lnFactorial(n - c1);
  const lnPmf = (x: number): number =>
    lnC1 - lnFactorial(x) - lnFactorial(c1 - x) + lnNC1 - lnFactorial(r1 - x) - lnFactorial(n - c1 - r1 + x) - lnDenominator;
  // sums pmf from `from` outward (step ±1) to `to`, stopping once terms no longer change the sum
  const tail = (from: number, to: number, step: 1 | -1): number => {
    let sum = 0;
    for (let x = from; step > 0 ? x <= to : x >= to; x += step) {
      const term = Math.exp(lnPmf(x));
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    return sum;
  };
  if (alternative === 'less') return { oddsRatio, p: Math.min(1, tail(a, lo, -1)) };
  if (alternative === 'greater') return { oddsRatio, p: Math.min(1, tail(a, hi, 1)) };
  const mode = Math.floor(((c1 + 1) * (r1 + 1)) / (n + 2));
  const lnObserved = lnPmf(a);
  const lnLimit = lnObserved + Math.log1p(1e-7);
  if (lnPmf(mode) <= lnLimit) return { oddsRatio, p: 1 };
  // the other tail: the x farthest from the observed side whose pmf still exceeds the limit, by bisection
  let p: number;
  if (a < mode) {
    let inner = mode; // pmf(inner) > limit
    let outer = hi + 1; // sentinel beyond the range
    while (outer - inner > 1) {
      const mid = (inner + outer) >> 1;
      if (lnPmf(mid) > lnLimit) inner = mid; else outer = mid;
    }
    p = tail(a, lo, -1) + (outer <= hi ? tail(outer, hi, 1) : 0);
  } else {
    let inner = mode;
    let outer = lo - 1;
    while (inner - outer > 1) {
      const mid = (inner + outer) >> 1;
      if (lnPmf(mid) > lnLimit) inner = mid; else outer = mid;
    }
    p = tail(a, hi, 1) + (outer >= lo ? tail(outer, lo, -1) : 0);
  }
  return { oddsRatio, p: Math.min(1, p) };
}

export interface ChiSquareResult {
  statistic: number;
  dof: number;
  p: number;
  expected: number[][];
  /** Whether Yates' continuity correction was applied (only ever for 1 degree of freedom). */
  corrected: boolean;
}

/**
 * Pearson's chi-square test of independence of an r×c contingency table, with Yates' continuity
 * correction when `correction` is true and the table has one degree of freedom — the defaults of
 * scipy.stats.chi2_contingency and R's chisq.test. A table with an all-zero row or column has an
 * expected count of 0 and no defined statistic: statistic and p are NaN (scipy raises instead).
 * @example chiSquareIndependence([[10, 20], [30, 40]]).p // 0.50404 (scipy.stats.chi2_contingency: 0.5040358664525046)
 * @see K. Pearson (1900), Phil. Mag. 50(302): 157–175; F. Yates (1934), JRSS Suppl. 1(2): 217–235.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[], opts: { correction?: boolean } = {}): ChiSquareResult {
  const r = table.length;
  const c = r > 0 ? table[0].length : 0;
  const rowSums = table.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: c }, (_, j) => table.reduce((s, row) => s + row[j], 0));
  const n = rowSums.reduce((s, v) => s + v, 0);
  const expected = table.map((_, i) => colSums.map((cs) => (rowSums[i] * cs) / n));
  const dof = Math.max(0, (r - 1) * (c - 1));
  const corrected = (opts.correction ?? true) && dof === 1;
  if (dof === 0) return { statistic: 0, dof, p: 1, expected, corrected: false };
  if (expected.some((row) => row.some((e) => !(e > 0)))) return { statistic: NaN, dof, p: NaN, expected, corrected };
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = expected[i][j];
      let diff = Math.abs(table[i][j] - e);
      if (corrected) diff = Math.max(0, diff - 0.5);
      statistic += (diff * diff) / e;
    }
  }
  return { statistic, dof, p: chiSquareSurvival(statistic, dof), expected, corrected };
}

/**
 * Cramér's V of an r×c table: √(χ² / (n · (min(r, c) − 1))) with the uncorrected χ² (as
 * scipy.stats.contingency.association(method='cramer') computes it). NaN when undefined.
 * @example cramersV([[10, 20], [30, 40]]) // 0.0891
 * @see H. Cramér (1946), Mathematical Methods of Statistics, §21.9.
 */
export function cramersV(table: readonly (readonly number[])[]): number {
  const { statistic } = chiSquareIndependence(table, { correction: false });
  const n = table.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  const k = Math.min(table.length, table[0]?.length ?? 0) - 1;
  return k > 0 && n > 0 ? Math.sqrt(statistic / (n * k)) : NaN;
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in input order: q₍ᵢ₎ = min over j ≥ i of
 * p₍ⱼ₎·m/j, capped at 1 — statsmodels multipletests(p, method='fdr_bh')[1]. NaN p-values stay NaN and
 * do not count in m.
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 * @see Y. Benjamini & Y. Hochberg (1995), JRSS B 57(1): 289–300.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const order = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i])).sort((x, y) => p[x] - p[y]);
  const m = order.length;
  const q = p.map(() => NaN);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    running = Math.min(running, (p[i] * m) / (k + 1));
    q[i] = running;
  }
  return q;
}
