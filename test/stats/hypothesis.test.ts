import { strict as assert } from 'node:assert';
import {
  benjaminiHochberg, chiSquareIndependence, chiSquareSurvival, cramersV, fisherExactTest,
} from '../../src/analysis/stats/hypothesis';
import { assertClose, assertRelClose } from '../helpers/close';
import { python } from './helpers';

describe('stats/hypothesis: hand-computed values', () => {
  it('chi-square upper tail: closed forms for 2 and 4 degrees of freedom', () => {
    // df = 2: P(X ≥ x) = e^(−x/2); df = 4: e^(−x/2)(1 + x/2)
    for (const x of [0.1, 1, 5.99146, 20, 80]) {
      assertRelClose(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-12, `df 2 at ${x}`);
      assertRelClose(chiSquareSurvival(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-12, `df 4 at ${x}`);
    }
    assert.equal(chiSquareSurvival(0, 2), 1);
    assert.ok(Number.isNaN(chiSquareSurvival(NaN, 1)) && Number.isNaN(chiSquareSurvival(1, 0)));
  });

  it("Fisher's tea-tasting table [[3,1],[1,3]]: two-sided p = 34/70, one-sided 17/70", () => {
    // hypergeometric probabilities of x = 0..4 with margins 4,4 of 8: 1, 16, 36, 16, 1 (/70)
    assertClose(fisherExactTest(3, 1, 1, 3).p, 34 / 70, 1e-12, 'two-sided p');
    assertClose(fisherExactTest(3, 1, 1, 3, 'greater').p, 17 / 70, 1e-12, 'greater p');
    assertClose(fisherExactTest(3, 1, 1, 3, 'less').p, 69 / 70, 1e-12, 'less p');
    assert.equal(fisherExactTest(3, 1, 1, 3).oddsRatio, 9);
    // the most probable table has p = 1
    assert.equal(fisherExactTest(2, 2, 2, 2).p, 1);
  });

  it('chi-square 2×2 with and without Yates: [[10,20],[30,40]]', () => {
    // expected 12, 18, 28, 42; |O − E| = 2 everywhere
    const plain = 4 / 12 + 4 / 18 + 4 / 28 + 4 / 42;
    const yates = 2.25 * (1 / 12 + 1 / 18 + 1 / 28 + 1 / 42);
    assertClose(chiSquareIndependence([[10, 20], [30, 40]], { correction: false }).statistic, plain, 1e-12, 'plain χ²');
    const r = chiSquareIndependence([[10, 20], [30, 40]]);
    assertClose(r.statistic, yates, 1e-12, 'Yates χ²');
    assert.equal(r.dof, 1);
    assert.ok(r.corrected);
    // Cramér's V = √(χ²/n) for a 2×2 table
    assertClose(cramersV([[10, 20], [30, 40]]), Math.sqrt(plain / 100), 1e-12, 'V');
  });

  it('chi-square with a zero margin has no statistic (NaN), not a wrong number', () => {
    const r = chiSquareIndependence([[0, 5], [0, 7]]);
    assert.ok(Number.isNaN(r.statistic) && Number.isNaN(r.p));
  });

  it('Benjamini–Hochberg: hand-computed step-up', () => {
    // sorted 0.01, 0.03, 0.04 (m = 3): 0.03, 0.045, 0.04 → cumulative min from the top: 0.03, 0.04, 0.04
    assert.deepEqual(benjaminiHochberg([0.01, 0.04, 0.03]).map((q) => +q.toFixed(12)), [0.03, 0.04, 0.04]);
    const q = benjaminiHochberg([0.5, NaN, 0.5]);
    assert.ok(Number.isNaN(q[1]) && q[0] === 0.5 && q[2] === 0.5);
  });

  it('rejects impossible Fisher tables', () => {
    assert.throws(() => fisherExactTest(-1, 2, 3, 4), /non-negative integers/);
    assert.throws(() => fisherExactTest(1.5, 2, 3, 4), /non-negative integers/);
  });
});

describe('stats/hypothesis against scipy and statsmodels (run live with /usr/bin/python3)', () => {
  // 2×2 tables: small, zero cells, unbalanced, symmetric near-ties, and large counts (tiny p-values)
  const tables: [number, number, number, number][] = [
    [8, 2, 1, 5], [3, 1, 1, 3], [0, 5, 5, 0], [0, 0, 3, 4], [1, 9, 11, 3], [12, 5, 7, 7], [2, 7, 8, 2],
    [20, 15, 15, 20], [100, 1, 3, 80], [521, 3477, 1204, 2324], [5, 995, 40, 960], [0, 50, 7, 300],
    [44, 1450, 213, 5819], [1000, 9000, 1100, 8900], [7, 0, 0, 7], [30, 70, 70, 30],
  ];
  const rxc: number[][][] = [
    [[10, 20], [30, 40]],
    [[12, 5, 9, 30, 2, 7, 4], [88, 90, 70, 40, 60, 21, 33]],
    [[803, 466, 279, 1801, 634, 374, 878], [100, 20, 3, 900, 40, 30, 500]],
    [[3, 0, 2], [1, 5, 4], [6, 2, 2]],
  ];
  const pvals = [0.01, 0.04, 0.03, 0.2, 0.0001, 0.5, 0.049, 0.051, 1, 0.003, 0.03];

  type Reference = {
    fisher: { two: number; less: number; greater: number; or: number | null }[];
    chi: { yates: [number | null, number | null]; plain: [number | null, number | null] }[];
    rxc: { stat: number; p: number; v: number }[];
    bh: number[];
  };
  let reference: Reference;
  before(() => {
    reference = python<Reference>(`
import json, sys, math
from scipy.stats import fisher_exact, chi2_contingency
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests
d = json.load(sys.stdin)
def f(t):
    a, b, c, e = t
    m = [[a, b], [c, e]]
    orr, two = fisher_exact(m, alternative='two-sided')
    return {'two': two, 'less': fisher_exact(m, alternative='less')[1], 'greater': fisher_exact(m, alternative='greater')[1],
            'or': None if math.isnan(orr) else (1e308 if math.isinf(orr) else orr)}
def chi(t):
    a, b, c, e = t
    m = [[a, b], [c, e]]
    if min(a + b, c + e, a + c, b + e) == 0:
        return {'yates': [None, None], 'plain': [None, None]}
    y = chi2_contingency(m, correction=True); p = chi2_contingency(m, correction=False)
    return {'yates': [y[0], y[1]], 'plain': [p[0], p[1]]}
out = {'fisher': [f(t) for t in d['tables']], 'chi': [chi(t) for t in d['tables']],
       'rxc': [dict(zip(['stat', 'p'], chi2_contingency(m, correction=False)[:2]), v=association(m, method='cramer')) for m in d['rxc']],
       'bh': list(multipletests(d['p'], method='fdr_bh')[1])}
print(json.dumps(out))
`, { tables, rxc, p: pvals });
  });

  it('fisherExactTest: two-sided, less, greater p and odds ratio = scipy.stats.fisher_exact', () => {
    tables.forEach(([a, b, c, d], i) => {
      const ref = reference.fisher[i];
      const two = fisherExactTest(a, b, c, d);
      assertRelClose(two.p, ref.two, 1e-8, `two-sided ${tables[i]}`);
      assertRelClose(fisherExactTest(a, b, c, d, 'less').p, ref.less, 1e-8, `less ${tables[i]}`);
      assertRelClose(fisherExactTest(a, b, c, d, 'greater').p, ref.greater, 1e-8, `greater ${tables[i]}`);
      if (ref.or === null) assert.ok(Number.isNaN(two.oddsRatio));
      else if (ref.or === 1e308) assert.equal(two.oddsRatio, Infinity);
      else assertClose(two.oddsRatio, ref.or, 1e-12 * Math.max(1, ref.or), `odds ratio ${tables[i]}`); // relative above 1
    });
  });

  it('chiSquareIndependence 2×2 (Yates and plain) = scipy.stats.chi2_contingency', () => {
    tables.forEach(([a, b, c, d], i) => {
      const ref = reference.chi[i];
      const y = chiSquareIndependence([[a, b], [c, d]]);
      const p = chiSquareIndependence([[a, b], [c, d]], { correction: false });
      if (ref.yates[0] === null) {
        assert.ok(Number.isNaN(y.statistic), `zero margin ${tables[i]}`);
        return;
      }
      // statistics: 1e-10 relative above 1, absolute below; p-values relative
      assertClose(y.statistic, ref.yates[0] as number, 1e-10 * Math.max(1, ref.yates[0] as number), `Yates statistic ${tables[i]}`);
      assertRelClose(y.p, ref.yates[1] as number, 1e-8, `Yates p ${tables[i]}`);
      assertClose(p.statistic, ref.plain[0] as number, 1e-10 * Math.max(1, ref.plain[0] as number), `plain statistic ${tables[i]}`);
      assertRelClose(p.p, ref.plain[1] as number, 1e-8, `plain p ${tables[i]}`);
    });
  });

  it("r×c chi-square and Cramér's V = chi2_contingency and contingency.association(method='cramer')", () => {
    rxc.forEach((m, i) => {
      const ref = reference.rxc[i];
      const r = chiSquareIndependence(m, { correction: false });
      assertClose(r.statistic, ref.stat, 1e-10 * Math.max(1, ref.stat), `statistic ${i}`);
      assertRelClose(r.p, ref.p, 1e-8, `p ${i}`);
      assertClose(cramersV(m), ref.v, 1e-12, `V ${i}`);
    });
  });

  it("benjaminiHochberg = statsmodels multipletests(method='fdr_bh')", () => {
    benjaminiHochberg(pvals).forEach((q, i) => assertClose(q, reference.bh[i], 1e-14, `q ${i}`));
  });
});
