/**
 * The standard normal tail and quantile that melab's tests and intervals need (Fleiss and Cohen z tests
 * and intervals), from @stdlib's double-precision erfc (FreeBSD's msun) and inverse erfc (Boost's
 * rational approximations): p-values and confidence intervals are compared with scipy, R and statsmodels to 1e-12
 * (test/core/normal.test.ts). simple-statistics' table-based `probit` is not accurate enough (it gives
 * 1.9572 for the 97.5% point instead of 1.95996), nor its `errorFunction` (≈1e-7).
 */
import erfcStdlib from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';

/**
 * Complementary error function 1 − erf(x), to full relative precision in the tails.
 * @example erfc(1) // 0.15729920705028513
 */
export function erfc(x: number): number {
  return erfcStdlib(x);
}

/**
 * Two-sided p-value of a standard normal test statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).
 * @example twoSidedP(1.959964) // 0.05
 */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfcStdlib(Math.abs(z) / Math.SQRT2);
}

/**
 * Quantile of the standard normal distribution, −√2 · erfc⁻¹(2p) (scipy's norm.ppf to about 1e-14
 * relative). Not @stdlib's normal quantile: it goes through erf⁻¹(2p − 1), which loses 1e-9 at p = 1e-10.
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p) + 0; // + 0: the median is 0, not −0
}

/** The two-sided critical value for a confidence level, e.g. 1.959964 for 0.95. */
export function criticalValue(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}
