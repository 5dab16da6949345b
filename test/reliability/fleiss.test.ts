import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { MelabError } from '../../src/analysis';
import { fleissKappa, fleissKappaFromCounts, interpretKappa, readRatingsFile, cohenKappa } from '../../src/analysis/reliability';
import { seededRandom } from '../../src/analysis/util/random';
import { assertClose } from '../helpers/close';
import { FIXTURES, reference } from './helpers';

// Fleiss (1971) psychiatric diagnoses: 30 patients × 6 raters, 5 categories. The file holds R irr's
// `diagnoses` data set (level names as in irr), the same table as statsmodels' test_inter_rater.py.
const diagnosesFile = path.join(FIXTURES, 'diagnoses.csv');
const diagnoses = () => readRatingsFile(diagnosesFile, { id: ['Patient'] });

// Wikipedia, "Fleiss' kappa", worked example: 10 items × 14 raters, 5 categories (also statsmodels' table1).
const WIKIPEDIA = [
  [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
];

describe('reliability: Fleiss kappa', () => {
  describe('Fleiss (1971) diagnoses, against R irr, statsmodels and exact fractions', () => {
    const res = () => fleissKappa(diagnoses().ratings);

    it('kappa = 0.4302445 (irr kappam.fleiss, recorded in statsmodels test_inter_rater.py) and statsmodels fleiss_kappa', () => {
      const r = res();
      assertClose(r.kappa, 0.4302445, 5e-8, 'irr kappa');
      assertClose(r.kappa, reference().published_examples.diagnoses.statsmodels_fleiss, 1e-12, 'statsmodels fleiss_kappa');
      assert.equal(r.items, 30);
      assert.equal(r.raters, 6);
      assert.equal(r.interpretation, 'Moderate agreement');
    });

    it('z = 17.65183 with the Fleiss–Nee–Landis SE (irr kappam.fleiss, current version), p ≈ 0', () => {
      const r = res();
      assert.equal(r.se_method, 'fleiss-nee-landis-1979');
      assertClose(r.z, 17.65183, 5e-6, 'irr z');
      // Hand computation: p_j = (26, 26, 30, 55, 43)/180; Σp_jq_j = 0.780061728..., Σp_jq_j(q_j−p_j) = 0.2553...;
      // SE = √(2/((Σpq)² N n (n−1)) · ((Σpq)² − Σpq(q−p))) = 0.0243739321 (Fleiss, Levin & Paik 2003, Eq. 18.16).
      assertClose(r.se, 0.0243739321, 1e-10, 'SE');
      assert.ok(r.p < 1e-60 && r.p > 0, `p ${r.p}`);
    });

    it('per-category kappas: exact fractions and irr kappam.fleiss(detail = TRUE) as printed', () => {
      const r = res();
      // Hand computation, κ_j = 1 − (n Σ_i n_ij − Σ_i n_ij²) / (N n (n−1) p_j q_j), with column sums
      // (26, 26, 30, 55, 43) and sums of squares (72, 72, 120, 229, 187): 35/143, 35/143, 13/25, 3239/6875, 3335/5891.
      const exact = [35 / 143, 35 / 143, 13 / 25, 3239 / 6875, 3335 / 5891];
      // irr's printed detail table (3 decimals), as shown by pyirr's README port of irr: 0.245 0.245 0.520 0.471 0.566
      const printed = [0.245, 0.245, 0.52, 0.471, 0.566];
      // and its z column: 5.192 5.192 11.031 9.994 12.009
      const printedZ = [5.192, 5.192, 11.031, 9.994, 12.009];
      assert.deepEqual(r.categories, ['1. Depression', '2. Personality Disorder', '3. Schizophrenia', '4. Neurosis', '5. Other']);
      r.categories.forEach((c, j) => {
        const pc = r.per_category[c];
        assertClose(pc.kappa, exact[j], 1e-12, `${c} kappa`);
        assertClose(pc.kappa, printed[j], 5e-4, `${c} irr kappa`);
        // SE_j = √(2 / (N n (n−1))) = √(1/450): z_j = κ_j √450
        assertClose(pc.se, Math.sqrt(1 / 450), 1e-15, `${c} se`);
        assertClose(pc.z, exact[j] * Math.sqrt(450), 1e-9, `${c} z`);
        assertClose(pc.z, printedZ[j], 5e-4, `${c} irr z`);
      });
      assertClose(r.per_category['3. Schizophrenia'].z, 11.0309, 1e-4, 'Schizophrenia z to 4 decimals');
      assertClose(r.per_category['4. Neurosis'].z, 9.9941, 1e-4, 'Neurosis z to 4 decimals');
    });

    it("Randolph's free-marginal kappa = statsmodels fleiss_kappa(method='randolph') = 0.4444", () => {
      const r = res();
      assertClose(r.randolph, reference().published_examples.diagnoses.statsmodels_randolph, 1e-12, 'statsmodels randolph');
      // Hand: P̄ = 5/9, K = 5: (5/9 − 1/5) / (4/5) = 4/9
      assertClose(r.randolph, 4 / 9, 1e-12, 'hand');
    });

    it("Conger's exact kappa = 0.442 (irr kappam.fleiss(exact = TRUE), as pyirr's port tests it)", () => {
      assertClose(res().conger as number, 0.442, 5e-4, 'Conger');
    });

    it('the Fleiss (1971) SE variant is also given, named', () => {
      const r = res();
      // Hand: Var = 2/(N n (n−1)) · (P̄e − (2n−3) P̄e² + 2(n−2) Σp_j³) / (1 − P̄e)², P̄e = 0.219938..., Σp³ = 0.0508...
      assertClose(r.inference['fleiss-1971'].se, 0.02750312025, 1e-10, 'Fleiss 1971 SE');
      const alt = fleissKappa(diagnoses().ratings, { se: 'fleiss-1971' });
      assert.equal(alt.se_method, 'fleiss-1971');
      assertClose(alt.z, r.kappa / 0.02750312025, 1e-6, 'z with the 1971 SE');
      assertClose(alt.kappa, r.kappa, 0, 'kappa does not depend on the SE');
    });

    it('the count table gives the same as the raw ratings', () => {
      const raw = res();
      const counts = diagnoses().ratings.map((row) => raw.categories.map((c) => row.filter((v) => v === c).length));
      const fromCounts = fleissKappaFromCounts(counts, raw.categories);
      assertClose(fromCounts.kappa, raw.kappa, 1e-15, 'kappa');
      assertClose(fromCounts.se, raw.se, 1e-15, 'se');
      assert.equal(fromCounts.conger, undefined);
    });
  });

  describe('Wikipedia worked example (14 raters)', () => {
    it('κ = 0.210, P̄ = 0.378, P̄e = 0.213, p_j as printed; statsmodels to 1e-12', () => {
      const r = fleissKappaFromCounts(WIKIPEDIA);
      // Hand: P̄ = 172/455, P̄e = 417/1960 (from Wikipedia's P_i and p_j columns, exact)
      assertClose(r.pBar, 172 / 455, 1e-15, 'P̄');
      assertClose(r.pBarE, 417 / 1960, 1e-15, 'P̄e');
      assertClose(r.kappa, (172 / 455 - 417 / 1960) / (1 - 417 / 1960), 1e-15, 'kappa exact');
      assertClose(r.kappa, 0.21, 5e-4, 'Wikipedia κ = 0.210');
      [0.143, 0.2, 0.279, 0.15, 0.229].forEach((p, j) => assertClose(r.p_j[j], p, 5e-4, `p_${j + 1}`));
      assertClose(r.kappa, reference().published_examples.wikipedia.statsmodels_fleiss, 1e-12, 'statsmodels');
      assertClose(r.randolph, reference().published_examples.wikipedia.statsmodels_randolph, 1e-12, 'statsmodels randolph');
      assert.equal(r.interpretation, 'Fair agreement');
      // category 5: column (14, 2, 6, 0, 1, 0, 0, 2, 0, 7), sum 32, Σn² = 196 + 4 + 36 + 1 + 4 + 49 = 290; κ_5 = 1 − (14·32 − 290)/(10·14·13·(32/140)(108/140))
      assertClose(r.per_category['5'].kappa, 1 - (14 * 32 - 290) / (10 * 14 * 13 * (32 / 140) * (108 / 140)), 1e-12, 'κ_5');
    });
  });

  describe('random 300 × 7 ratings, 8 categories (statsmodels, sklearn)', () => {
    it('kappa and Randolph equal statsmodels to 1e-12, from raw ratings and from counts', () => {
      const ref = reference().fleiss_random;
      const raw = fleissKappa(ref.ratings, { categories: [0, 1, 2, 3, 4, 5, 6, 7] });
      const counts = fleissKappaFromCounts(ref.counts);
      assertClose(raw.kappa, ref.statsmodels_fleiss, 1e-12, 'raw');
      assertClose(counts.kappa, ref.statsmodels_fleiss, 1e-12, 'counts');
      assertClose(raw.randolph, ref.statsmodels_randolph, 1e-12, 'randolph');
      assertClose(raw.se, counts.se, 1e-15, 'se');
      const flat = fleissKappaFromCounts({ data: Int32Array.from(ref.counts.flat()), items: ref.counts.length, categories: 8 });
      assertClose(flat.kappa, ref.statsmodels_fleiss, 1e-12, 'flat Int32Array table');
      assert.deepEqual(flat.per_category, counts.per_category);
    });

    it("Conger's exact kappa reduces to Cohen's kappa for two raters (Conger 1980), = sklearn", () => {
      const ref = reference().fleiss_random;
      const two = ref.ratings.map((r) => [r[0], r[1]]);
      assertClose(fleissKappa(two).conger as number, ref.sklearn_cohen_rater1_rater2, 1e-12, 'Conger vs sklearn');
      assertClose(fleissKappa(two).conger as number, cohenKappa(two.map((r) => r[0]), two.map((r) => r[1])).kappa, 1e-12, 'Conger vs Cohen');
    });
  });

  describe('bootstrap interval over items', () => {
    const ref = () => reference().fleiss_random;

    it('is reproducible from its seed and changes with it', () => {
      const a = fleissKappaFromCounts(ref().counts, undefined, { bootstrap: { resamples: 300, seed: 11 } }).bootstrap;
      const b = fleissKappaFromCounts(ref().counts, undefined, { bootstrap: { resamples: 300, seed: 11 } }).bootstrap;
      const c = fleissKappaFromCounts(ref().counts, undefined, { bootstrap: { resamples: 300, seed: 12 } }).bootstrap;
      assert.deepEqual(a, b);
      assert.notEqual(a?.lower, c?.lower);
    });

    it('equals a plain resampling loop with the same draws (the pattern grouping changes nothing)', () => {
      const counts = ref().counts;
      const r = fleissKappaFromCounts(counts, undefined, { bootstrap: { resamples: 200, seed: 5 } });
      // Plain loop: resample rows, recompute Eqs. 2–7 from the resampled table.
      const rng = seededRandom(5);
      const N = counts.length;
      const n = 7;
      const stats: number[] = [];
      for (let b = 0; b < 200; b++) {
        const rows = Array.from({ length: N }, () => counts[Math.floor(rng.next() * N)]);
        const col = new Array(8).fill(0);
        let agree = 0;
        for (const row of rows) {
          let s = 0;
          row.forEach((c, j) => { col[j] += c; s += c * c; });
          agree += (s - n) / (n * (n - 1));
        }
        const pBar = agree / N;
        const pe = col.reduce((s, c) => s + (c / (N * n)) ** 2, 0);
        stats.push((pBar - pe) / (1 - pe));
      }
      stats.sort((x, y) => x - y);
      // type-7 quantiles at 2.5% and 97.5%
      const q = (p: number) => { const h = (stats.length - 1) * p; const lo = Math.floor(h); return stats[lo] + (h - lo) * (stats[lo + 1] - stats[lo]); };
      assertClose(r.bootstrap?.lower as number, q(0.025), 1e-12, 'lower');
      assertClose(r.bootstrap?.upper as number, q(0.975), 1e-12, 'upper');
    });

    it('covers kappa, per category too, and is wider than the null-hypothesis SE suggests when kappa > 0', () => {
      const r = fleissKappa(ref().ratings, { bootstrap: { resamples: 1000, seed: 0 } });
      const bt = r.bootstrap as NonNullable<typeof r.bootstrap>;
      assert.ok(bt.lower < r.kappa && r.kappa < bt.upper);
      // The FNL SE is the SE under kappa = 0 (Fleiss, Nee & Landis 1979); with kappa ≈ 0.46 the sampling
      // spread is larger, which is why melab builds no Wald interval from it.
      assert.ok(bt.upper - bt.lower > 2 * 1.96 * r.se, `${bt.upper - bt.lower} vs ${2 * 1.96 * r.se}`);
      assert.equal(bt.method, 'percentile');
      assert.equal(bt.undefinedResamples, 0);
      for (const c of r.categories) {
        const pc = r.per_category[c];
        assert.ok(pc.bootstrap && pc.bootstrap.lower <= pc.kappa && pc.kappa <= pc.bootstrap.upper, c);
      }
    });
  });

  describe('Table 4 interpretation bands', () => {
    it('maps kappa to the paper\'s wording (DFME κ = 0.72 → substantial)', () => {
      assert.equal(interpretKappa(0.72)?.label, 'Substantial agreement');
      assert.equal(interpretKappa(-0.1)?.band, 'poor');
      assert.equal(interpretKappa(0)?.band, 'poor');
      assert.equal(interpretKappa(0.01)?.band, 'slight');
      assert.equal(interpretKappa(0.2)?.band, 'slight');
      assert.equal(interpretKappa(0.205)?.band, 'fair');
      assert.equal(interpretKappa(0.6)?.band, 'moderate');
      assert.equal(interpretKappa(0.81)?.band, 'almost perfect');
      assert.equal(interpretKappa(1)?.label, 'Almost perfect agreement');
      assert.equal(interpretKappa(NaN), null);
    });
  });

  describe('bad input', () => {
    const throwsWith = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof MelabError && re.test(e.message) && !e.message.includes('\n'));

    it('an item with a missing rating: an error naming row and column that points to Krippendorff', () => {
      throwsWith(() => fleissKappa([['a', 'b', 'a'], ['a', null, 'b']], { source: { file: 'r.csv', columns: ['A1', 'A2', 'A3'] } }),
        /r\.csv, row 3, column A2: not rated.*krippendorffAlpha/);
    });

    it('unequal rater counts in a count table: the row and a pointer to Krippendorff', () => {
      throwsWith(() => fleissKappaFromCounts([[2, 1], [1, 1]]), /row 3.*sum to 2 raters.*Krippendorff/);
    });

    it('listwise deletion, when asked, lists every dropped item', () => {
      const r = fleissKappa([['a', 'b', 'a'], ['a', '', 'b'], ['b', 'b', 'b']], { missing: 'listwise' });
      assert.equal(r.items, 2);
      assert.deepEqual(r.dropped.map((d) => d.row), [3]);
    });

    it('one rater, one category, empty input, a ragged matrix, a label outside the categories', () => {
      throwsWith(() => fleissKappa([['a'], ['b']]), /only 1 rater/);
      throwsWith(() => fleissKappa([['a', 'a'], ['a', 'a']]), /one category \(a\).*undefined/);
      throwsWith(() => fleissKappa([]), /empty/);
      throwsWith(() => fleissKappaFromCounts([]), /empty/);
      throwsWith(() => fleissKappa([['a', 'b'], ['a', 'b', 'a']]), /row 3: has 3 rating columns/);
      throwsWith(() => fleissKappa([['a', 'b'], ['a', 'c']], { categories: ['a', 'b'] }), /row 3, column rater 2, value "c": not one of/);
      throwsWith(() => fleissKappaFromCounts([[1, 1], [1.5, 0.5]]), /whole number/);
      throwsWith(() => fleissKappaFromCounts({ data: [1, 1, 2, 1], items: 2, categories: 2 }), /row 3, value "3": counts sum to 3 raters/);
      throwsWith(() => fleissKappaFromCounts({ data: [1, 1, 2], items: 2, categories: 2 }), /3 cells, not items × categories = 4/);
      throwsWith(() => fleissKappaFromCounts({ data: Int32Array.of(2, 0, 3, -1), items: 2, categories: 2 }, ['yes', 'no']), /row 3, column yes, value "3": more than the 2 raters/);
      throwsWith(() => fleissKappaFromCounts({ data: Int32Array.of(2, 0, -1, 3), items: 2, categories: 2 }), /row 3, column 1, value "-1": a count must be a whole number/);
    });
  });
});
