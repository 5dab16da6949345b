/**
 * The distribution functions the protocol's tests and bootstrap need: the chi-square(1) upper tail and the
 * Binomial(n, ½) lower tail of McNemar's tests (@stdlib, via util/distributions; compared with statsmodels
 * to 1e-12 in test/protocol/sklearn.test.ts), and (from util/sampling) exact Binomial/Multinomial
 * sampling for the confusion-count bootstrap.
 */
import { binomialCdf, chiSquareSurvival } from '../util/distributions';

/**
 * Upper tail of the chi-square distribution with one degree of freedom: P(X ≥ x).
 * @example chiSquare1Sf(3.841458820694124) // 0.05
 */
export function chiSquare1Sf(x: number): number {
  return chiSquareSurvival(x, 1);
}

/**
 * P(X ≤ k) for X ~ Binomial(n, ½).
 * @example binomialHalfCdf(3, 10) // 0.171875 (= 176/1024)
 */
export function binomialHalfCdf(k: number, n: number): number {
  return binomialCdf(k, n, 0.5);
}

// Exact Binomial/Multinomial sampling lives in util/sampling (the shared bootstrap engine uses it).
export { binomialSample, multinomialFromCounts } from '../util/sampling';
