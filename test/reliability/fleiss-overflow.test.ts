/**
 * Issue 11, item 1: Fleiss' kappa from count tables with counts above 46,340 (crowd votes). n_ij² used to
 * wrap a 32-bit accumulator: [[46341, 0], [0, 46341], [20000, 26341]] gave kappa −2.00006 (statsmodels
 * 0.67222). Reference: statsmodels' fleiss_kappa run live, and the Fleiss (1971) per-category formula in
 * numpy float64 on the same table; both sides of the 32-bit edge (n = 46,340 and 46,341) and far past it.
 */
import { strict as assert } from 'node:assert';
import { fleissKappaFromCounts, INT32_MAX_RATERS } from '../../src/analysis/reliability/fleiss';
import { seededRandom } from '../../src/analysis/util/random';
import { python } from '../stats/helpers';
import { assertClose } from '../helpers/close';

type Reference = { kappa: number; randolph: number; per_category: number[] }[];

const STATSMODELS = `
import json, sys
import numpy as np
from statsmodels.stats.inter_rater import fleiss_kappa
out = []
for t in json.load(sys.stdin):
    t = np.array(t, dtype=np.float64)
    N, n = t.shape[0], t[0].sum()
    p = t.sum(0) / (N * n)
    per = 1 - (n * t.sum(0) - (t ** 2).sum(0)) / (N * n * (n - 1) * p * (1 - p))
    out.append({'kappa': fleiss_kappa(t, method='fleiss'), 'randolph': fleiss_kappa(t, method='randolph'), 'per_category': list(per)})
print(json.dumps(out))
`;

/** A table of `items` rows whose rows sum to n, with agreement (most raters in one category). */
function crowdTable(items: number, k: number, n: number, seed: number): number[][] {
  const rng = seededRandom(seed);
  return Array.from({ length: items }, () => {
    const row = new Array<number>(k).fill(0);
    const top = Math.floor(rng.next() * k);
    let left = n;
    row[top] = Math.floor(n * (0.4 + 0.6 * rng.next()));
    left -= row[top];
    for (let j = 0; j < k && left > 0; j++) {
      if (j === top) continue;
      const c = j === k - 1 || (j === k - 2 && top === k - 1) ? left : Math.floor(left * rng.next());
      row[j] += c;
      left -= c;
    }
    row[top] += left;
    return row;
  });
}

describe('reliability: Fleiss kappa with counts past the 32-bit edge (issue 11, item 1)', () => {
  const tables: Record<string, number[][]> = {
    triggering: [[46341, 0], [0, 46341], [20000, 26341]],
    lastInt32: [[46340, 0], [0, 46340], [20000, 26340]],
    crowdAtEdge: crowdTable(300, 4, INT32_MAX_RATERS, 1),
    crowdPastEdge: crowdTable(300, 4, INT32_MAX_RATERS + 1, 2),
    millionVotes: crowdTable(50, 5, 1_000_003, 3),
    beyondInt32: crowdTable(20, 3, 3_000_000_000, 4),
  };
  let ref: Record<string, Reference[number]>;
  before(function () {
    this.timeout(120_000);
    const names = Object.keys(tables);
    const out = python<Reference>(STATSMODELS, names.map((k) => tables[k]));
    ref = Object.fromEntries(names.map((k, i) => [k, out[i]]));
  });

  it('the triggering table gives statsmodels\' 0.67222, not −2.00006', () => {
    const r = fleissKappaFromCounts(tables.triggering);
    assertClose(r.kappa, ref.triggering.kappa, 1e-12, 'kappa vs statsmodels');
    assertClose(r.kappa, 0.67222, 5e-6, 'the issue\'s value');
    assert.ok(Number.isFinite(r.se) && r.se > 0);
  });

  for (const name of ['triggering', 'lastInt32', 'crowdAtEdge', 'crowdPastEdge', 'millionVotes']) {
    it(`${name}: number[][] rows, an Int32Array, a Uint32Array and a Float64Array all give statsmodels' kappa and per-category kappas`, () => {
      const t = tables[name];
      const flat = t.flat();
      const inputs = {
        rows: t,
        int32: { data: Int32Array.from(flat), items: t.length, categories: t[0].length },
        uint32: { data: Uint32Array.from(flat), items: t.length, categories: t[0].length },
        float64: { data: Float64Array.from(flat), items: t.length, categories: t[0].length },
      };
      for (const [form, input] of Object.entries(inputs)) {
        const r = fleissKappaFromCounts(input);
        assertClose(r.kappa, ref[name].kappa, 1e-11, `${name} ${form} kappa`);
        assertClose(r.randolph, ref[name].randolph, 1e-11, `${name} ${form} randolph`);
        r.categories.forEach((c, j) => assertClose(r.per_category[c].kappa, ref[name].per_category[j], 1e-10, `${name} ${form} category ${c}`));
      }
    });
  }

  it('counts beyond 2³¹ (3·10⁹ votes per item, Float64Array and rows) still give statsmodels\' kappa', () => {
    const t = tables.beyondInt32;
    for (const input of [t, { data: Float64Array.from(t.flat()), items: t.length, categories: t[0].length }]) {
      assertClose(fleissKappaFromCounts(input).kappa, ref.beyondInt32.kappa, 1e-10, 'kappa');
    }
  });

  it('a bad cell past the edge is still named (the Float64 path validates every cell)', () => {
    assert.throws(() => fleissKappaFromCounts([[46341, 0], [46340, 2]]), /row 3.*counts sum to 46342/);
    assert.throws(() => fleissKappaFromCounts([[46341, 0], [46340.5, 0.5]]), /row 3, column 1, value "46340.5": a count must be a whole number/);
    // below the edge too: fractions that add to a whole row (7 = 7 + 0.5 − 0.5) are named, not truncated away
    assert.throws(() => fleissKappaFromCounts([[7, 0, 0], [7, 0.5, -0.5]]), /row 3, column 2, value "0.5": a count must be a whole number/);
  });

  it('the bootstrap keeps count rows above 65,535 apart (its pattern key used to wrap at 2¹⁶)', () => {
    // [65536, 0] and [0, 65536] are different items; a resample of them is not one repeated item.
    const t = [[65536, 0], [0, 65536], [30000, 35536], [65536, 0]];
    const resamples = 30;
    const got = fleissKappaFromCounts(t, undefined, { bootstrap: { resamples, seed: 5 } }).bootstrap;
    // hand reference: the same seeded draws, one kappa per resampled table, percentile (type 7) interval
    const rng = seededRandom(5);
    const stats: number[] = [];
    for (let b = 0; b < resamples; b++) {
      const rows = t.map(() => t[Math.floor(rng.next() * t.length)]);
      try {
        stats.push(fleissKappaFromCounts(rows).kappa);
      } catch {
        // every resampled rating in one category: kappa undefined, left out as the bootstrap does
      }
    }
    stats.sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (stats.length - 1) * p;
      const lo = Math.floor(h);
      return stats[lo] + (h - lo) * (stats[Math.min(lo + 1, stats.length - 1)] - stats[lo]);
    };
    assert.ok(got);
    assertClose(got.lower, q(0.025), 1e-12, 'lower');
    assertClose(got.upper, q(0.975), 1e-12, 'upper');
    assert.equal(got.undefinedResamples, resamples - stats.length);
  });
});
