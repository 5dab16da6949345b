/**
 * The committed check against the reference implementations users trust: scikit-learn (metrics,
 * confusion matrix), numpy (SD over folds), statsmodels (McNemar) and scipy (chi-square, binomial),
 * all run from Debian's /usr/bin/python3 on the same random data, agreement to 1e-12.
 * The data include folds where a class is absent from truth and predictions, from truth only, and
 * from predictions only, so that the class rule of metrics.ts is exercised against its sklearn equivalent.
 */
import { strict as assert } from 'node:assert';
import { auMetrics } from '../../src/analysis/protocol/au-metrics';
import { mcnemar } from '../../src/analysis/protocol/compare';
import { binomialHalfCdf, chiSquare1Sf } from '../../src/analysis/protocol/distributions';
import { erfc } from '../../src/analysis/util/normal';
import { emotionMetrics, type ClassRule } from '../../src/analysis/protocol/metrics';
import { seededRandom } from '../../src/analysis/util/random';
import { randomPredictions, runPython } from './helpers';
import { assertClose, assertRelClose } from '../helpers/close';

const SKLEARN = `
import json, sys
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score, precision_recall_fscore_support, confusion_matrix
data = json.load(open(sys.argv[1]))
out = []
for case in data['cases']:
    k = len(case['classes'])
    yt = np.array(case['yTrue']); yp = np.array(case['yPred']); fold = np.array(case['fold'])
    res = {}
    for rule in ('present', 'all'):
        # 'present': sklearn's default labels (unique of y_true and y_pred); 'all': every class
        labels = None if rule == 'present' else list(range(k))
        def m(t, p):
            return dict(acc=accuracy_score(t, p),
                        uf1=f1_score(t, p, labels=labels, average='macro', zero_division=0),
                        uar=recall_score(t, p, labels=labels, average='macro', zero_division=0))
        per_fold = [m(yt[fold == f], yp[fold == f]) for f in sorted(set(fold.tolist()))]
        res[rule] = dict(per_fold=per_fold, pooled=m(yt, yp),
            mean={key: float(np.mean([x[key] for x in per_fold])) for key in ('acc', 'uar', 'uf1')},
            sd={key: float(np.std([x[key] for x in per_fold], ddof=1)) for key in ('acc', 'uar', 'uf1')})
    p, r, f, s = precision_recall_fscore_support(yt, yp, labels=list(range(k)), zero_division=0)
    res['per_class'] = dict(precision=p.tolist(), recall=r.tolist(), f1=f.tolist(), support=s.tolist())
    res['confusion'] = confusion_matrix(yt, yp, labels=list(range(k))).tolist()
    if 'au' in case:
        a = case['au']; na = len(a['aus'])
        truth = np.array(a['truth']).reshape(-1, na); pred = (np.array(a['scores']).reshape(-1, na) >= a['threshold']).astype(int)
        res['au'] = dict(f1=[f1_score(truth[:, j], pred[:, j], zero_division=0) for j in range(na)],
                         macro=f1_score(truth, pred, average='macro', zero_division=0))
    out.append(res)
print(json.dumps(out))
`;

function auCase(seed: number, n: number, aus: number) {
  const rng = seededRandom(seed);
  const truth: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < aus; j++) {
      const rate = j === aus - 1 ? 0 : 0.5 / (j + 1); // the last AU never occurs: F1 0 by zero_division
      const t = rng.next() < rate ? 1 : 0;
      truth.push(t);
      // informative but noisy scores; some exactly at the threshold
      scores.push(j === 0 && i % 17 === 0 ? 0.5 : Math.min(1, Math.max(0, 0.35 * t + 0.65 * rng.next() * (j === aus - 1 ? 0.5 : 1))));
    }
  }
  return { aus: Array.from({ length: aus }, (_, j) => `AU${j + 1}`), truth, scores, threshold: 0.5 };
}

describe('protocol metrics agree with scikit-learn to 1e-12', function () {
  this.timeout(60000);
  const cases = [
    { ...randomPredictions(1, { n: 3000, k: 7, folds: 10, hit: 0.45, absentBoth: [3], absentTrue: [5], absentPred: [7] }), au: auCase(11, 3000, 12) },
    { ...randomPredictions(2, { n: 37, k: 3, folds: 4, hit: 0.3, absentBoth: [1], absentTrue: [2] }), au: auCase(12, 37, 4) },
    randomPredictions(3, { n: 500, k: 5, folds: 5, hit: 0.9 }),
    randomPredictions(4, { n: 60, k: 8, folds: 6, hit: 0.1, absentBoth: [0, 1, 2], absentPred: [3, 4] }),
  ];
  let reference: any[];
  before(() => {
    // the gaps really are in the data (otherwise the test would not test the rule)
    const c = cases[0];
    assert.ok(!c.yTrue.some((t, i) => c.fold[i] === 3 && t === 2) && !c.yPred.some((p, i) => c.fold[i] === 3 && p === 2));
    assert.ok(!c.yTrue.some((t, i) => c.fold[i] === 5 && t === 6) && c.yPred.some((p, i) => c.fold[i] === 5 && p === 6));
    assert.ok(!c.yPred.some((p, i) => c.fold[i] === 7 && p === 1) && c.yTrue.some((t, i) => c.fold[i] === 7 && t === 1));
    reference = runPython(SKLEARN, { cases });
  });

  for (const rule of ['present', 'all'] as ClassRule[]) {
    it(`ACC, UF1, UAR per fold, fold mean ± SD and pooled (rule "${rule}")`, () => {
      cases.forEach((c, ci) => {
        const m = emotionMetrics(c, rule);
        const ref = reference[ci][rule];
        assert.equal(m.per_fold.length, ref.per_fold.length);
        m.per_fold.forEach((f, i) => {
          for (const key of ['acc', 'uar', 'uf1'] as const) assertClose(f[key], ref.per_fold[i][key], 1e-12, `case ${ci} fold ${f.fold} ${key}`);
        });
        for (const key of ['acc', 'uar', 'uf1'] as const) {
          assertClose(m.fold_mean[key], ref.mean[key], 1e-12, `case ${ci} mean ${key}`);
          assertClose(m.fold_sd[key], ref.sd[key], 1e-12, `case ${ci} sd ${key}`);
          assertClose(m.pooled[key], ref.pooled[key], 1e-12, `case ${ci} pooled ${key}`);
        }
      });
    });
  }

  it('the two class rules really differ on the folds with absent classes', () => {
    const present = emotionMetrics(cases[0], 'present').per_fold[3];
    const all = emotionMetrics(cases[0], 'all').per_fold[3];
    assert.equal(present.classes_scored.length, 6);
    assert.equal(all.classes_scored.length, 7);
    assert.ok(present.uf1 > all.uf1);
  });

  it('per-class precision, recall, F1, support and the confusion matrix', () => {
    cases.forEach((c, ci) => {
      const m = emotionMetrics(c);
      const ref = reference[ci].per_class;
      m.per_class.forEach((s, j) => {
        assertClose(s.precision, ref.precision[j], 1e-12, `case ${ci} precision ${j}`);
        assertClose(s.recall, ref.recall[j], 1e-12, `case ${ci} recall ${j}`);
        assertClose(s.f1, ref.f1[j], 1e-12, `case ${ci} f1 ${j}`);
        assert.equal(s.support, ref.support[j]);
      });
      assert.deepEqual(m.confusion, reference[ci].confusion);
    });
  });

  it('AU F1 with counts summed over folds and their average (Table 9)', () => {
    cases.slice(0, 2).forEach((c, ci) => {
      const a = auMetrics({ ...(c as { au: ReturnType<typeof auCase> }).au, fold: c.fold });
      a.per_au.forEach((s, j) => assertClose(s.f1, reference[ci].au.f1[j], 1e-12, `case ${ci} ${s.au}`));
      assertClose(a.average, reference[ci].au.macro, 1e-12, `case ${ci} AU average`);
      assert.equal(a.per_au[a.per_au.length - 1].support, 0);
    });
  });
});

const STATSMODELS = `
import json, sys, warnings
import numpy as np
from statsmodels.stats.contingency_tables import mcnemar
from scipy import stats, special
warnings.simplefilter('ignore')
data = json.load(open(sys.argv[1]))
res = {'mcnemar': [], 'erfc': [float(special.erfc(x)) for x in data['x']],
       'chi2': [float(stats.chi2.sf(x, 1)) for x in data['chi2']],
       'binom': [float(stats.binom.cdf(k, n, 0.5)) for k, n in data['binom']]}
for b, c in data['tables']:
    e = mcnemar([[0, b], [c, 0]], exact=True)
    x = mcnemar([[0, b], [c, 0]], exact=False, correction=True)
    res['mcnemar'].append([float(e.statistic), float(e.pvalue), float(x.statistic), float(x.pvalue)])
print(json.dumps(res))
`;

describe('McNemar and its distributions agree with statsmodels and scipy', () => {
  const tables = [[10, 3], [0, 5], [7, 7], [1, 0], [120, 95], [2500, 2400], [40, 0], [13, 29], [600, 1]];
  const x = [0, 1e-8, 0.1, 0.5, 1, 1.5, 1.99, 2, 2.5, 3, 4, 5.5, 8, 12, 20, 26];
  const chi2 = [0.01, 0.5, 1, 3.841458820694124, 6.63, 10, 25, 50, 100, 400];
  const binom = [[0, 1], [3, 10], [5, 10], [0, 40], [95, 215], [2400, 4900], [1, 601], [30, 1000]];
  let ref: any;
  before(function () {
    this.timeout(60000);
    ref = runPython(STATSMODELS, { tables, x, chi2, binom });
  });
  it('exact binomial and chi-square with continuity correction', () => {
    tables.forEach(([b, c], i) => {
      const m = mcnemar(b, c);
      const [es, ep, xs, xp] = ref.mcnemar[i];
      assert.equal(m.exact.statistic, es);
      assertClose(m.exact.pvalue, ep, 1e-12 * Math.max(1, ep), `exact p of ${b},${c}`);
      assertClose(m.chi2.statistic, xs, 1e-12 * Math.max(1, xs), `chi2 of ${b},${c}`);
      assertClose(m.chi2.pvalue, xp, 1e-12, `chi2 p of ${b},${c}`);
      // relative agreement where p-values are tiny
      if (xp > 0) assertRelClose(m.chi2.pvalue, xp, 1e-10, `relative chi2 p of ${b},${c}`);
      if (ep > 0) assertRelClose(m.exact.pvalue, ep, 1e-10, `relative exact p of ${b},${c}`);
    });
  });
  it('erfc, chi-square(1) tail and Binomial(n, 1/2) cdf to 1e-12 relative', () => {
    x.forEach((v, i) => assertRelClose(erfc(v), ref.erfc[i], 1e-12, `erfc(${v})`));
    chi2.forEach((v, i) => assertRelClose(chiSquare1Sf(v), ref.chi2[i], 1e-12, `chi2.sf(${v})`));
    binom.forEach(([k, n], i) => assertRelClose(binomialHalfCdf(k, n), ref.binom[i], 1e-12, `binom.cdf(${k}, ${n})`));
  });
  it('when the models never disagree: exact p = 1 (as statsmodels), chi-square 0 with p = 1 (statsmodels gives NaN)', () => {
    const m = mcnemar(0, 0);
    assert.equal(m.exact.pvalue, 1);
    assert.deepEqual(m.chi2, { statistic: 0, pvalue: 1 });
  });
});
