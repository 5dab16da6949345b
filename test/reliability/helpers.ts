import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Asserts |actual − expected| ≤ tol, with both numbers in the message. */
export function close(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} differs from ${expected} by more than ${tol}`);
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'reliability');

/** The reference tools' outputs written by test/reliability/reference/make_reference.py. */
export function reference(): {
  cohen_random: {
    a: number[];
    b: number[];
    results: Record<'none' | 'linear' | 'quadratic', {
      sklearn_kappa: number;
      statsmodels: { kappa: number; se: number; se0: number; z: number; p: number; ci: [number, number] };
    }>;
  };
  fleiss_random: { ratings: number[][]; counts: number[][]; statsmodels_fleiss: number; statsmodels_randolph: number; sklearn_cohen_rater1_rater2: number };
  published_examples: Record<'diagnoses' | 'wikipedia', { statsmodels_fleiss: number; statsmodels_randolph: number }>;
} {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'reference.json'), 'utf8'));
}

export { melab } from '../cli-in-process';
