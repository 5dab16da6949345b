/**
 * Hand-worked examples of every emotion metric (DFME Eqs. 8, 10, 11), both conventions (fold mean,
 * Table 8; pooled) and both class rules. The arithmetic is written out beside each expectation.
 */
import { strict as assert } from 'node:assert';
import { emotionMetrics, metricsOfConfusion, confusionCounts, meanAndSd } from '../../src/analysis/protocol/metrics';
import { assertClose } from '../helpers/close';

// classes a=0, b=1, c=2
// fold 0: true a a b b c, pred a b b b a  → TP a1 b2 c0; rows a2 b2 c1; columns a2 b3 c0
// fold 1: true a b b,     pred a b a      → TP a1 b1;    rows a1 b2;    columns a2 b1; class c absent from both
const data = {
  classes: ['a', 'b', 'c'],
  yTrue: [0, 0, 1, 1, 2, 0, 1, 1],
  yPred: [0, 1, 1, 1, 0, 0, 1, 0],
  fold: [0, 0, 0, 0, 0, 1, 1, 1],
};
const T = 1e-15;

describe('emotion metrics: hand-worked example', () => {
  const m = emotionMetrics(data);

  it('fold 0: ACC 3/5, UAR (1/2 + 1 + 0)/3, UF1 (2/4 + 4/5 + 0/1)/3', () => {
    const f = m.per_fold[0];
    assertClose(f.acc, 3 / 5, T, 'acc');
    assertClose(f.uar, (1 / 2 + 1 + 0) / 3, T, 'uar');
    assertClose(f.uf1, (0.5 + 0.8 + 0) / 3, T, 'uf1');
    assert.deepEqual(f.classes_scored, ['a', 'b', 'c']);
    assert.equal(f.n, 5);
  });

  it('fold 1, rule "present": c is absent → averages over a and b only', () => {
    const f = m.per_fold[1];
    assertClose(f.acc, 2 / 3, T, 'acc');
    assertClose(f.uar, (1 + 1 / 2) / 2, T, 'uar'); // recall a 1/1, b 1/2
    assertClose(f.uf1, (2 / 3 + 2 / 3) / 2, T, 'uf1'); // F1 a 2/(1+2), b 2/(2+1)
    assert.deepEqual(f.classes_scored, ['a', 'b']);
  });

  it('fold mean (Table 8) and sample SD over the two folds', () => {
    assertClose(m.fold_mean.acc, (3 / 5 + 2 / 3) / 2, T, 'mean acc');
    assertClose(m.fold_mean.uar, (0.5 + 0.75) / 2, T, 'mean uar');
    assertClose(m.fold_mean.uf1, (13 / 30 + 2 / 3) / 2, T, 'mean uf1');
    // SD (n − 1) of two values = |x1 − x2| / √2
    assertClose(m.fold_sd.acc, (2 / 3 - 3 / 5) / Math.SQRT2, T, 'sd acc');
    assertClose(m.fold_sd.uar, 0.25 / Math.SQRT2, T, 'sd uar');
    assertClose(m.fold_sd.uf1, (2 / 3 - 13 / 30) / Math.SQRT2, 1e-15, 'sd uf1');
  });

  it('pooled: one confusion matrix over both folds', () => {
    // a→a 2, a→b 1; b→a 1, b→b 3; c→a 1: TP a2 b3 c0; rows a3 b4 c1; columns a4 b4 c0
    assert.deepEqual(m.confusion, [[2, 1, 0], [1, 3, 0], [1, 0, 0]]);
    assertClose(m.pooled.acc, 5 / 8, T, 'acc');
    assertClose(m.pooled.uar, (2 / 3 + 3 / 4 + 0) / 3, T, 'uar');
    assertClose(m.pooled.uf1, (4 / 7 + 6 / 8 + 0) / 3, T, 'uf1');
    assert.equal(m.pooled.n, 8);
  });

  it('the two conventions differ and are reported apart', () => {
    assert.notEqual(m.fold_mean.uf1, m.pooled.uf1);
    assert.notEqual(m.fold_mean.acc, m.pooled.acc); // (0.6 + 0.667)/2 = 0.633 vs 5/8
  });

  it('per-class precision, recall, F1 and support (pooled, zero_division = 0)', () => {
    assert.deepEqual(m.per_class.map((c) => c.support), [3, 4, 1]);
    assert.deepEqual(m.per_class.map((c) => c.predicted), [4, 4, 0]);
    assertClose(m.per_class[0].precision, 2 / 4, T, 'precision a');
    assertClose(m.per_class[1].precision, 3 / 4, T, 'precision b');
    assert.equal(m.per_class[2].precision, 0); // 0/0 → 0
    assertClose(m.per_class[0].recall, 2 / 3, T, 'recall a');
    assertClose(m.per_class[0].f1, 4 / 7, T, 'f1 a'); // 2·2 / (2·2 + 2 + 1)
    assert.equal(m.per_class[2].f1, 0);
  });

  it('rule "all": the absent class c scores 0 in fold 1', () => {
    const all = emotionMetrics(data, 'all');
    assertClose(all.per_fold[1].uar, (1 + 0.5 + 0) / 3, T, 'uar');
    assertClose(all.per_fold[1].uf1, (2 / 3 + 2 / 3 + 0) / 3, T, 'uf1');
    assertClose(all.fold_mean.uf1, (13 / 30 + 4 / 9) / 2, T, 'mean uf1');
    assertClose(all.per_fold[0].uf1, m.per_fold[0].uf1, 0, 'fold 0 unchanged: every class present');
  });

  it('a class predicted but never true has recall 0 and stays in the average (rule "present")', () => {
    // true a a, pred a b: b is present (predicted) → UAR = (1/2 + 0)/2, UF1 = (2/3 + 0)/2
    const r = metricsOfConfusion(confusionCounts([0, 0], [0, 1], 2), 2);
    assertClose(r.uar, 0.25, T, 'uar');
    assertClose(r.uf1, 1 / 3, T, 'uf1');
    assert.equal(r.scored, 2);
  });

  it('fold ids are reported as given, in order', () => {
    const m2 = emotionMetrics({ ...data, fold: data.fold.map((f) => (f === 0 ? 7 : 3)) });
    assert.deepEqual(m2.per_fold.map((f) => f.fold), [3, 7]);
    assertClose(m2.per_fold[0].acc, 2 / 3, T, 'fold 3 is the old fold 1');
  });

  it('mean and SD helper: SD NaN for one fold', () => {
    assert.deepEqual(meanAndSd([0.5]), { mean: 0.5, sd: NaN });
    assertClose(meanAndSd([1, 2, 3, 4]).sd, Math.sqrt(5 / 3), T, 'sd of 1..4'); // Σ(x − 2.5)² = 5, / 3
  });
});

describe('emotion metrics: bad arrays', () => {
  it('a class index outside the class list, or a fractional one, is an error, not a silently wrong number', () => {
    assert.throws(() => emotionMetrics({ classes: ['a', 'b'], yTrue: [0, 2], yPred: [0, 1], fold: [0, 0] }), /row 1: class indices must be integers in \[0, 2\)/);
    assert.throws(() => emotionMetrics({ classes: ['a', 'b'], yTrue: [0, 1], yPred: [0.5, 1], fold: [0, 0] }), /row 0/);
    assert.throws(() => emotionMetrics({ classes: ['a', 'b'], yTrue: [0, 1], yPred: [0, 1], fold: [0, -1] }), /fold ids must be integers/);
  });
});
