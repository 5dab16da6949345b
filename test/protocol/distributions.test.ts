/**
 * Exact sampling for the confusion-count bootstrap: Binomial variates checked against the exact pmf
 * (chi-square goodness of fit) in both algorithm regimes, and Multinomial counts summing to n.
 */
import { strict as assert } from 'node:assert';
import { binomialSample, chiSquare1Sf, multinomialFromCounts } from '../../src/analysis/protocol/distributions';
import { seededRandom } from '../../src/analysis/util/random';
import { assertClose, assertRelClose } from '../helpers/close';

/** Exact Binomial(n, p) pmf by the recurrence f(x+1) = f(x)·(n−x)/(x+1)·p/q. */
function pmf(n: number, p: number): number[] {
  const out = [Math.pow(1 - p, n)];
  for (let x = 0; x < n; x++) out.push((out[x] * (n - x) * p) / ((x + 1) * (1 - p)));
  return out;
}

/** Pearson chi-square of `draws` samples against the pmf, cells with expectation < 5 merged into the tails. */
function gof(n: number, p: number, draws: number, seed: number): { stat: number; df: number } {
  const rng = seededRandom(seed);
  const counts = new Array(n + 1).fill(0);
  for (let i = 0; i < draws; i++) counts[binomialSample(n, p, rng)]++;
  const f = pmf(n, p);
  let stat = 0;
  let df = -1;
  let accE = 0;
  let accO = 0;
  for (let x = 0; x <= n; x++) {
    accE += f[x] * draws;
    accO += counts[x];
    if (accE >= 5 || x === n) {
      stat += (accO - accE) ** 2 / accE;
      df++;
      accE = 0;
      accO = 0;
    }
  }
  return { stat, df };
}

// 0.999 quantiles of chi-square (R: qchisq(0.999, df)) for the df the cases produce are below
// df + 4.5·√(2df) + 10; the test uses that bound so that a wrong sampler (shifted mean, wrong spread) fails.
const bound = (df: number) => df + 4.5 * Math.sqrt(2 * df) + 10;

describe('Binomial and Multinomial sampling', () => {
  for (const [n, p] of [[20, 0.2], [30, 0.1], [1000, 0.3], [200, 0.5], [60, 0.85], [5000, 0.02]]) {
    it(`Binomial(${n}, ${p}) matches the exact pmf (chi-square GOF, 100,000 draws)`, () => {
      const { stat, df } = gof(n, p, 100000, n + Math.round(100 * p));
      assert.ok(df > 3, `enough cells (${df})`);
      assert.ok(stat < bound(df), `chi-square ${stat.toFixed(1)} on ${df} df`);
    });
  }

  it('a broken sampler would fail the same check (the test can fail): Binomial(1000, 0.31) against 0.3', () => {
    const rng = seededRandom(5);
    const f = pmf(1000, 0.3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100000; i++) { const x = binomialSample(1000, 0.31, rng); counts.set(x, (counts.get(x) ?? 0) + 1); }
    let stat = 0;
    for (let x = 260; x <= 340; x++) stat += ((counts.get(x) ?? 0) - f[x] * 100000) ** 2 / (f[x] * 100000);
    assert.ok(stat > bound(80) * 5);
  });

  it('Binomial(10,000,000, 0.37): mean and variance of 20,000 draws within 4 standard errors', () => {
    const rng = seededRandom(9);
    const n = 1e7, p = 0.37, r = 20000;
    let s = 0, ss = 0;
    for (let i = 0; i < r; i++) { const x = binomialSample(n, p, rng); s += x; ss += x * x; }
    const mean = s / r;
    const v = ss / r - mean * mean;
    const trueVar = n * p * (1 - p);
    assertClose(mean, n * p, 4 * Math.sqrt(trueVar / r), 'mean');
    assertRelClose(v, trueVar, 4 * Math.sqrt(2 / r), 'variance');
  });

  it('edge cases: p = 0, p = 1, n = 0', () => {
    const rng = seededRandom(1);
    assert.equal(binomialSample(10, 0, rng), 0);
    assert.equal(binomialSample(10, 1, rng), 10);
    assert.equal(binomialSample(0, 0.5, rng), 0);
  });

  it('Multinomial counts sum to n, empty categories stay empty, and category means are n·w/Σw', () => {
    const rng = seededRandom(3);
    const weights = [50, 0, 30, 20];
    const out = new Float64Array(4);
    const sums = [0, 0, 0, 0];
    for (let r = 0; r < 20000; r++) {
      multinomialFromCounts(100, weights, rng, out);
      assert.equal(out.reduce((s, x) => s + x, 0), 100);
      assert.equal(out[1], 0);
      out.forEach((x, i) => { sums[i] += x; });
    }
    // mean of category 2: 30, SD of one draw √(100·0.3·0.7) = 4.58, of the mean 4.58/√20000 = 0.032
    assertClose(sums[2] / 20000, 30, 0.15, 'mean of category 2');
    assertClose(sums[0] / 20000, 50, 0.15, 'mean of category 0');
  });

  it('chi-square(1) tail: the 5% critical value 3.841459 gives 0.05', () => {
    assertClose(chiSquare1Sf(3.841458820694124), 0.05, 1e-14, 'tail at 3.841459');
  });
});
