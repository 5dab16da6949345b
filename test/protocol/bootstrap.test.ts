/**
 * Bootstrap intervals: reproducible from the seed; the multinomial confusion-count method and the
 * index-resampling method agree with the analytic bootstrap variance of pooled ACC (for a fold-stratified
 * resample of n_f rows, Var(ACC*) = Σ_f n_f·a_f(1 − a_f) / N², a_f the fold's accuracy) and with each other.
 */
import { strict as assert } from 'node:assert';
import { bootstrapMetrics } from '../../src/analysis/protocol/bootstrap';
import { comparePaired } from '../../src/analysis/protocol/compare';
import { emotionMetrics } from '../../src/analysis/protocol/metrics';
import { randomPredictions } from './helpers';
import { assertClose, assertRelClose } from '../helpers/close';

const data = randomPredictions(21, { n: 600, k: 4, folds: 4, hit: 0.6 });

function analyticPooledAccSe(d: typeof data, subjects?: string[]): number {
  const folds = [...new Set(d.fold)];
  let v = 0;
  for (const f of folds) {
    const idx = d.fold.map((x, i) => (x === f ? i : -1)).filter((i) => i >= 0);
    if (!subjects) {
      const a = idx.filter((i) => d.yTrue[i] === d.yPred[i]).length / idx.length;
      v += idx.length * a * (1 - a);
    } else {
      // subjects of equal size m: the fold's correct count is m × (sum of S_f draws of subject accuracy)
      const subs = [...new Set(idx.map((i) => subjects[i]))];
      const acc = subs.map((s) => { const rows = idx.filter((i) => subjects[i] === s); return rows.filter((i) => d.yTrue[i] === d.yPred[i]).length; });
      const mean = acc.reduce((s, x) => s + x, 0) / acc.length;
      v += subs.length * acc.reduce((s, x) => s + (x - mean) ** 2, 0) / acc.length;
    }
  }
  return Math.sqrt(v) / d.yTrue.length;
}

describe('bootstrap intervals', function () {
  this.timeout(30000);

  it('the same seed gives the same intervals, another seed other ones', () => {
    const a = bootstrapMetrics(data, { resamples: 300, seed: 4 });
    const b = bootstrapMetrics(data, { resamples: 300, seed: 4 });
    const c = bootstrapMetrics(data, { resamples: 300, seed: 5 });
    assert.deepEqual(a, b);
    assert.notEqual(a.pooled.uf1.lower, c.pooled.uf1.lower);
  });

  it('estimates are the metrics of the data (fold mean and pooled)', () => {
    const b = bootstrapMetrics(data, { resamples: 50 });
    const m = emotionMetrics(data);
    assert.equal(b.fold_mean.uf1.estimate, m.fold_mean.uf1);
    assert.equal(b.pooled.uar.estimate, m.pooled.uar);
    assert.ok(b.pooled.uf1.lower < m.pooled.uf1 && m.pooled.uf1 < b.pooled.uf1.upper);
  });

  for (const method of ['multinomial', 'indices'] as const) {
    it(`${method}: SE of pooled ACC matches the analytic bootstrap SE within 5% (4,000 resamples)`, () => {
      const b = bootstrapMetrics(data, { resamples: 4000, seed: 1, method });
      const se = analyticPooledAccSe(data);
      assertRelClose(b.pooled.acc.se, se, 0.05, 'SE vs analytic');
      // 95% percentile interval of a near-normal statistic: about ± 1.96 SE around the estimate
      const half = (b.pooled.acc.upper - b.pooled.acc.lower) / 2;
      assertRelClose(half, 1.96 * se, 0.08, 'half-width vs 1.96 SE');
    });
  }

  it('the two methods give the same UF1 interval up to Monte Carlo error', () => {
    const a = bootstrapMetrics(data, { resamples: 4000, seed: 2, method: 'multinomial' });
    const b = bootstrapMetrics(data, { resamples: 4000, seed: 3, method: 'indices' });
    for (const conv of ['fold_mean', 'pooled'] as const) {
      assertRelClose(a[conv].uf1.se, b[conv].uf1.se, 0.06, `${conv} se`);
      assertClose(a[conv].uf1.lower, b[conv].uf1.lower, 0.25 * a[conv].uf1.se, `${conv} lower`);
      assertClose(a[conv].uf1.upper, b[conv].uf1.upper, 0.25 * a[conv].uf1.se, `${conv} upper`);
    }
  });

  it('perfect predictions: every interval is [1, 1] with SE 0', () => {
    const b = bootstrapMetrics({ ...data, yPred: data.yTrue }, { resamples: 200 });
    for (const key of ['acc', 'uar', 'uf1'] as const) assert.deepEqual(b.pooled[key], { estimate: 1, lower: 1, upper: 1, se: 0 });
  });

  it('subject unit: clustered errors widen the interval, and its SE matches the analytic subject-level SE', () => {
    // 40 subjects of 15 samples: a subject is either recognised perfectly or never
    const subjects = data.yTrue.map((_, i) => `s${Math.floor(i / 15)}`);
    const fold = data.yTrue.map((_, i) => Math.floor(i / 15) % 4);
    const yPred = data.yTrue.map((t, i) => (Math.floor(i / 15) % 3 === 0 ? (t + 1) % 4 : t));
    const d = { ...data, fold, yPred };
    const bySubject = bootstrapMetrics({ ...d, subjects }, { resamples: 4000, unit: 'subject', method: 'multinomial' });
    const bySample = bootstrapMetrics(d, { resamples: 4000 });
    const se = analyticPooledAccSe(d, subjects);
    assertRelClose(bySubject.pooled.acc.se, se, 0.05, 'subject SE vs analytic');
    assert.ok(bySubject.pooled.acc.se > 2 * bySample.pooled.acc.se);
    const byIndices = bootstrapMetrics({ ...d, subjects }, { resamples: 4000, unit: 'subject', method: 'indices', seed: 8 });
    assertRelClose(byIndices.pooled.acc.se, se, 0.05, 'indices subject SE vs analytic');
  });
});

describe('paired bootstrap', function () {
  this.timeout(30000);
  const other = randomPredictions(22, { n: 600, k: 4, folds: 4, hit: 0.3 });
  const paired = { classes: data.classes, yTrue: data.yTrue, predA: data.yPred, predB: other.yTrue.map((_, i) => (other.yPred[i] === other.yTrue[i] ? data.yTrue[i] : other.yPred[i])), fold: data.fold };

  it('identical models: differences 0, interval [0, 0], p = 1, no discordant pairs', () => {
    const r = comparePaired({ ...paired, predB: paired.predA }, { resamples: 200 });
    assert.deepEqual([r.mcnemar.a_only, r.mcnemar.b_only], [0, 0]);
    for (const key of ['acc', 'uar', 'uf1'] as const) {
      const d = r.bootstrap.pooled[key];
      assert.deepEqual([d.estimate, d.lower, d.upper, d.p], [0, 0, 0, 1]);
    }
  });

  it('estimates are metric(A) − metric(B); SE of the pooled ACC difference matches its analytic value', () => {
    const r = comparePaired(paired, { resamples: 4000, seed: 6 });
    const ma = emotionMetrics({ classes: paired.classes, yTrue: paired.yTrue, yPred: paired.predA, fold: paired.fold });
    const mb = emotionMetrics({ classes: paired.classes, yTrue: paired.yTrue, yPred: paired.predB, fold: paired.fold });
    assert.equal(r.bootstrap.fold_mean.uf1.a, ma.fold_mean.uf1);
    assert.equal(r.bootstrap.fold_mean.uf1.b, mb.fold_mean.uf1);
    assert.equal(r.bootstrap.pooled.uar.estimate, ma.pooled.uar - mb.pooled.uar);
    // d_i = correct_A − correct_B ∈ {−1, 0, 1}; Var(Σ d*) = Σ_f n_f · var_f(d) (population variance per fold)
    let v = 0;
    for (const f of [0, 1, 2, 3]) {
      const d = paired.yTrue.map((t, i) => (paired.fold[i] === f ? Number(paired.predA[i] === t) - Number(paired.predB[i] === t) : NaN)).filter((x) => !Number.isNaN(x));
      const mean = d.reduce((s, x) => s + x, 0) / d.length;
      v += d.reduce((s, x) => s + (x - mean) ** 2, 0);
    }
    const se = Math.sqrt(v) / paired.yTrue.length;
    assertRelClose(r.bootstrap.pooled.acc.se, se, 0.05, 'paired SE vs analytic');
    const byIndices = comparePaired(paired, { resamples: 4000, seed: 7, method: 'indices' });
    assertRelClose(byIndices.bootstrap.pooled.acc.se, se, 0.05, 'indices paired SE vs analytic');
  });

  it('a clearly better model gets a positive difference with a small p-value', () => {
    const r = comparePaired(paired, { resamples: 1000 });
    assert.ok(r.bootstrap.pooled.acc.estimate > 0.05);
    assert.ok(r.bootstrap.pooled.acc.lower > 0);
    assert.ok(r.bootstrap.pooled.acc.p < 0.01);
    assert.ok(r.mcnemar.a_only > r.mcnemar.b_only && r.mcnemar.exact.pvalue < 0.01);
  });
});
