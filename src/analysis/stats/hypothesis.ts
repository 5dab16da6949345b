/**
 * The tests behind the AU × emotion association statistics (beyond the paper's Table 6): Fisher's exact
 * test and Pearson's chi-square test of independence, Benjamini–Hochberg false-discovery-rate
 * adjustment, and Cramér's V. They agree with scipy.stats.fisher_exact, scipy.stats.chi2_contingency,
 * scipy.stats.contingency.association and statsmodels' multipletests(method='fdr_bh') (test/stats).
 * The chi-square tail is @stdlib's incomplete gamma function (util/distributions) and the adjustment is
 * @stdlib/stats-padjust; Fisher's test is written here because no maintained JavaScript package sums its
 * tails in log space relative to the mode (scipy's and R's rule), which the extreme tables need.
 */
import padjust from '@stdlib/stats-padjust';
import { chiSquareSurvival } from '../util/distributions';

export { chiSquareSurvival };

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
 * Every probability is taken relative to the mode's, in log space (see HypergeometricWalk), so a tail
 * whose first term is tiny is still summed, and no difference of large log-factorials (ln 2·10⁶! ≈ 2.7·10⁷,
 * whose rounding alone is 10⁻⁹) enters a p-value.
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
  const h = new HypergeometricWalk(a + b + c + d, a + b, a + c);
  if (h.lo === h.hi) return { oddsRatio, p: 1 };
  const { mode } = h;
  const total = h.tail(mode, 1) + h.tail(mode - 1, -1);
  // P(X ≤ a) or P(X ≥ a): the tail on the far side of the mode directly, the other as 1 − the complement
  const lower = (x: number): number => (x < mode ? h.tail(x, -1) / total : 1 - h.tail(x + 1, 1) / total);
  const upper = (x: number): number => (x > mode ? h.tail(x, 1) / total : 1 - h.tail(x - 1, -1) / total);
  if (alternative === 'less') return { oddsRatio, p: clamp01(lower(a)) };
  if (alternative === 'greater') return { oddsRatio, p: clamp01(upper(a)) };
  const lnLimit = h.lnRelative(a) + Math.log1p(1e-7);
  if (lnLimit >= 0) return { oddsRatio, p: 1 }; // the observed table is (within the tolerance) the most probable
  // the other side of the mode: the first x whose probability is no more than the limit
  const step = a < mode ? 1 : -1;
  const other = h.firstAtMost(lnLimit, step);
  const ownTail = h.tail(a, a < mode ? -1 : 1);
  const otherTail = other === null ? 0 : h.tail(other, step);
  return { oddsRatio, p: clamp01((ownTail + otherTail) / total) };
}

const clamp01 = (p: number): number => Math.min(1, Math.max(0, p));

/**
 * ln P(X = x) − ln P(X = mode) below which a probability is 0 in doubles even after summing 2·10⁶ such
 * terms and dividing by the (≥ 1) total: e⁻⁸⁰⁰ · 2·10⁶ < 10⁻³⁴⁰. Walks stop there.
 */
const LN_NEGLIGIBLE = -800;

/**
 * The hypergeometric law of the top-left cell X of a 2×2 table with n samples, row total r1 and column
 * total c1, walked outward from its mode with the ratio P(x + 1) / P(x) = (c1 − x)(r1 − x) / ((x + 1)(n −
 * c1 − r1 + x + 1)). Probabilities are relative to the mode's (so the mode is 1 and nothing underflows
 * before it is negligible); the pmf is log-concave, so each side decreases away from the mode.
 */
class HypergeometricWalk {
  readonly lo: number;
  readonly hi: number;
  readonly mode: number;
  constructor(private readonly n: number, private readonly r1: number, private readonly c1: number) {
    this.lo = Math.max(0, r1 + c1 - n);
    this.hi = Math.min(r1, c1);
    this.mode = Math.min(this.hi, Math.max(this.lo, Math.floor(((c1 + 1) * (r1 + 1)) / (n + 2))));
  }

  /** ln P(x + 1) − ln P(x), for lo ≤ x < hi. */
  private lnStep(x: number): number {
    return Math.log(((this.c1 - x) / (x + 1)) * ((this.r1 - x) / (this.n - this.c1 - this.r1 + x + 1)));
  }

  /** ln P(x) − ln P(mode), or −Infinity once below LN_NEGLIGIBLE (or outside lo..hi). */
  lnRelative(x: number): number {
    if (x < this.lo || x > this.hi) return Number.NEGATIVE_INFINITY;
    let ln = 0;
    if (x > this.mode) for (let y = this.mode; y < x && ln > LN_NEGLIGIBLE; y++) ln += this.lnStep(y);
    else for (let y = this.mode - 1; y >= x && ln > LN_NEGLIGIBLE; y--) ln -= this.lnStep(y);
    return ln > LN_NEGLIGIBLE ? ln : Number.NEGATIVE_INFINITY;
  }

  /**
   * Σ P(y) / P(mode) over y = from, from + step, ... to the end of the range, for `from` on the side of
   * the mode that `step` walks away from (or at it). Summed relative to P(from) and scaled at the end,
   * stopping once the terms no longer change the sum.
   */
  tail(from: number, step: 1 | -1): number {
    const ln0 = this.lnRelative(from);
    if (ln0 === Number.NEGATIVE_INFINITY) return 0;
    let term = 1;
    let sum = 1;
    for (let y = from; step > 0 ? y < this.hi : y > this.lo; y += step) {
      term *= Math.exp(step > 0 ? this.lnStep(y) : -this.lnStep(y - 1));
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    return Math.exp(ln0) * sum;
  }

  /** The first x from the mode in direction `step` with ln P(x) − ln P(mode) ≤ lnLimit; null when none matters. */
  firstAtMost(lnLimit: number, step: 1 | -1): number | null {
    let ln = 0;
    for (let x = this.mode; step > 0 ? x < this.hi : x > this.lo; x += step) {
      ln += step > 0 ? this.lnStep(x) : -this.lnStep(x - 1);
      if (ln <= lnLimit) return x + step;
      if (ln <= LN_NEGLIGIBLE) return null;
    }
    return null;
  }
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
 * p₍ⱼ₎·m/j, capped at 1 — statsmodels multipletests(p, method='fdr_bh')[1], by @stdlib/stats-padjust's
 * 'bh'. NaN p-values stay NaN and do not count in m (padjust itself rejects them).
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 * @see Y. Benjamini & Y. Hochberg (1995), JRSS B 57(1): 289–300.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const kept = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]));
  const q = p.map(() => NaN);
  if (kept.length === 0) return q;
  padjust(kept.map((i) => p[i]), 'bh').forEach((v, j) => { q[kept[j]] = v; });
  return q;
}
