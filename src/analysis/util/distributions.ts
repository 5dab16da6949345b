/**
 * The distribution tails melab's tests report, from @stdlib (ports of Boost's and Cephes' double-precision
 * special functions): the chi-square upper tail for any degrees of freedom (Pearson's test of independence,
 * McNemar's chi-square) and the binomial lower tail (McNemar's exact test). They agree with scipy.stats to
 * 1e-12 relative, tiny tails included (test/stats/hypothesis*.test.ts, test/protocol/sklearn.test.ts);
 * simple-statistics' `chiSquaredDistributionTable` and `errorFunction` (≈1e-7) are too coarse for that.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import binomialCdfStdlib from '@stdlib/stats-base-dists-binomial-cdf';

/**
 * Upper tail P(X ≥ x) of the chi-square distribution with `dof` degrees of freedom: the regularized upper
 * incomplete gamma function Q(dof/2, x/2), computed directly (not as 1 − cdf), so tiny p-values keep their digits.
 * @example chiSquareSurvival(3.841458820694124, 1) // 0.05
 */
export function chiSquareSurvival(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, dof / 2, true, true);
}

/**
 * P(X ≤ k) for X ~ Binomial(n, p) (the regularized incomplete beta function, no sum of terms).
 * @example binomialCdf(3, 10, 0.5) // 0.171875 (= 176/1024)
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return binomialCdfStdlib(k, n, p);
}
