/**
 * The tests' one numeric comparison: asserting helpers that name what is compared and print both values.
 * Tolerances are the caller's, chosen from the reference they compare against (a tool's printed digits,
 * floating-point agreement with scipy/statsmodels/scikit-learn run live, the paper's rounding).
 */
import { AssertionError } from 'node:assert';

function fail(what: string, actual: number, expected: number, bound: string): never {
  throw new AssertionError({
    message: `${what}: got ${actual}, expected ${expected} (|diff| ${Math.abs(actual - expected)} > ${bound})`,
    actual, expected, operator: 'close',
  });
}

/** Both NaN, or both the same infinity: equal; one of them not finite: not equal. Null when both are finite. */
function special(actual: number, expected: number): boolean | null {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return null;
}

/** Asserts |actual − expected| ≤ tol (absolute). NaN equals NaN; an infinity equals only itself. */
export function assertClose(actual: number, expected: number, tol: number, what: string): void {
  const s = special(actual, expected);
  if (s === true) return;
  if (s === false || !(Math.abs(actual - expected) <= tol)) fail(what, actual, expected, String(tol));
}

/**
 * Asserts |actual − expected| ≤ tol · |expected| (relative), for quantities that span many orders of
 * magnitude (p-values, tail probabilities, ratios of standard errors). An expected 0 needs |actual| ≤ 1e-300.
 */
export function assertRelClose(actual: number, expected: number, tol: number, what: string): void {
  const s = special(actual, expected);
  if (s === true) return;
  const bound = tol * Math.abs(expected) + 1e-300;
  if (s === false || !(Math.abs(actual - expected) <= bound)) fail(what, actual, expected, `${tol} × |expected|`);
}
