import { strict as assert } from 'node:assert';
import { MelabError } from '../../src/analysis';
import { cohenKappa, cohenKappaFromTable, pairwiseCohenKappa } from '../../src/analysis/reliability/cohen';
import { assertClose } from '../helpers/close';
import { reference } from './helpers';

// statsmodels' test_inter_rater.py, table10, "comparison to printout of a SAS example".
const TABLE10 = [[0, 4, 1], [0, 8, 0], [0, 1, 5]];
// R irr's `anxiety` data, raters 2 and 3 (as in statsmodels' test_inter_rater.py).
const ANXIETY_R2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
const ANXIETY_R3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];

describe("reliability: Cohen's kappa", () => {
  it('unweighted: SAS printout in statsmodels tests (kappa, ASE, 95% CI, ASE under H0, Z, two-sided p)', () => {
    const r = cohenKappaFromTable(TABLE10);
    assertClose(r.kappa, 0.4842, 5e-5, 'kappa');
    assertClose(r.se, 0.138, 5e-5, 'ASE');
    assertClose(r.ci.lower, 0.2137, 5e-5, 'lower');
    assertClose(r.ci.upper, 0.7547, 5e-5, 'upper');
    assertClose(r.se0, 0.1484, 5e-5, 'ASE under H0');
    assertClose(r.z, 3.2626, 5e-5, 'Z');
    assertClose(r.p, 0.0011, 5e-5, 'p');
  });

  it('linear weights [0, 1, 2]: SAS printout in statsmodels tests', () => {
    const r = cohenKappaFromTable(TABLE10, { weights: 'linear' });
    assertClose(r.kappa, 0.4701, 5e-5, 'kappa');
    assertClose(r.se, 0.1457, 5e-5, 'ASE');
    assertClose(r.ci.lower, 0.1845, 5e-5, 'lower');
    assertClose(r.ci.upper, 0.7558, 5e-5, 'upper');
    assertClose(r.se0, 0.1426, 5e-5, 'ASE under H0');
    assertClose(r.z, 3.2971, 5e-5, 'Z');
    assertClose(r.p, 0.001, 5e-5, 'p');
  });

  it('R irr kappa2 on anxiety raters 2–3 (values recorded in statsmodels tests): unweighted, "equal", "squared"', () => {
    const cases = [
      { w: 'none' as const, kappa: -0.006289308, z: -0.0604067, p: 0.9518317 },
      { w: 'linear' as const, kappa: 0.1459075, z: 1.282472, p: 0.1996772 },
      { w: 'quadratic' as const, kappa: 0.2520325, z: 1.437451, p: 0.1505898 },
    ];
    for (const c of cases) {
      const r = cohenKappa(ANXIETY_R2, ANXIETY_R3, { weights: c.w });
      assertClose(r.kappa, c.kappa, 5e-8, `${c.w} kappa`); // irr prints 7 significant digits
      assertClose(r.z, c.z, 5e-6, `${c.w} z`);
      assertClose(r.p, c.p, 5e-7, `${c.w} p`);
    }
    // irr drops the unused level 5: the weights run over the 5 used levels 1, 2, 3, 4, 6.
    assert.deepEqual(cohenKappa(ANXIETY_R2, ANXIETY_R3).categories, ['1', '2', '3', '4', '6']);
  });

  it('200 random pairs: kappa = sklearn cohen_kappa_score, SEs, z, p and CI = statsmodels cohens_kappa, every weighting', () => {
    const ref = reference().cohen_random;
    for (const w of ['none', 'linear', 'quadratic'] as const) {
      const r = cohenKappa(ref.a, ref.b, { weights: w, categories: [0, 1, 2, 3, 4] });
      const sm = ref.results[w].statsmodels;
      assertClose(r.kappa, ref.results[w].sklearn_kappa, 1e-12, `${w} sklearn`);
      assertClose(r.se, sm.se, 1e-12, `${w} se`);
      assertClose(r.se0, sm.se0, 1e-12, `${w} se0`);
      assertClose(r.z, sm.z, 1e-9, `${w} z`);
      assertClose(r.p, sm.p, Math.max(1e-12, sm.p * 1e-6), `${w} p`);
      assertClose(r.ci.lower, sm.ci[0], 1e-9, `${w} ci lower`);
      assertClose(r.ci.upper, sm.ci[1], 1e-9, `${w} ci upper`);
    }
  });

  it('hand example: po = 3/4, pe = 1/2 → kappa = 0.5', () => {
    // A: a a b b; B: a b b b. po = 3/4; pe = (2/4)(1/4) + (2/4)(3/4) = 1/2; κ = (3/4 − 1/2)/(1/2) = 0.5
    const r = cohenKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    assertClose(r.kappa, 0.5, 1e-15, 'kappa');
    assert.deepEqual(r.table, [[1, 1], [0, 2]]);
  });

  it('pairwise matrix: symmetric, 1 on the diagonal, each pair = cohenKappa', () => {
    const ratings = ANXIETY_R2.map((v, i) => [v, ANXIETY_R3[i], (v + ANXIETY_R3[i]) % 6 + 1]);
    const m = pairwiseCohenKappa(ratings, { raters: ['r2', 'r3', 'r4'] });
    assert.deepEqual(m.raters, ['r2', 'r3', 'r4']);
    for (let i = 0; i < 3; i++) {
      assert.equal(m.kappa[i][i], 1);
      for (let j = 0; j < 3; j++) assert.equal(m.kappa[i][j], m.kappa[j][i]);
    }
    assertClose(m.kappa[0][1], -0.006289308, 5e-9, 'r2 × r3 as irr');
    assert.equal(m.n[0][1], 20);
  });

  it('bad input: different lengths, a missing rating, one category', () => {
    const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof MelabError && re.test(e.message));
    bad(() => cohenKappa([1, 2], [1]), /2 ratings, rater B 1/);
    bad(() => cohenKappa([1, 2, null], [1, 2, 2]), /row 4, column rater 1: not rated/);
    assertClose(cohenKappa([1, 2, null, 1], [1, 2, 2, 2], { missing: 'pairwise' }).n, 3, 0, 'pairwise n');
    bad(() => cohenKappa(['x', 'x'], ['x', 'x']), /single category/);
  });
});
