import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'reliability');

let referenceCache: ReturnType<typeof reference> | undefined;

/**
 * The reference tools' outputs on the tests' inputs, computed live: test/reliability/reference/make_reference.py
 * runs once per test process with Debian's /usr/bin/python3 (scikit-learn, statsmodels, numpy's seeded
 * generator for the random inputs). A missing interpreter or package fails the tests that need it, loudly.
 */
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
  if (!referenceCache) {
    const script = path.join(__dirname, 'reference', 'make_reference.py');
    const out = execFileSync('/usr/bin/python3', [script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    referenceCache = JSON.parse(out.trim().split('\n').pop() as string);
  }
  return referenceCache as ReturnType<typeof reference>;
}

export { melab } from '../cli-in-process';
