import { strict as assert } from 'node:assert';
import { criticalValue, erfc, normalQuantile, twoSidedP } from '../../src/analysis/util/normal';
import { assertClose } from '../helpers/close';

// Expected values: scipy 1.10.1, `scipy.stats.norm.ppf`, `scipy.special.erfc`, `2 * norm.sf(z)`
// (run with /usr/bin/python3 while writing this test).
describe('util/normal: normal quantile and tail', () => {
  it('normalQuantile matches scipy norm.ppf (AS 241)', () => {
    const cases: [number, number][] = [
      [0.975, 1.959963984540054], [0.5, 0], [1e-10, -6.361340902404056], [0.9, 1.2815515655446004],
      [0.3, -0.5244005127080409], [1e-300, -37.0470962993612], [0.999999, 4.753424308817087],
    ];
    for (const [p, x] of cases) assertClose(normalQuantile(p), x, 1e-12 * Math.max(1, Math.abs(x)), `ppf(${p})`);
    assertClose(criticalValue(0.95), 1.959963984540054, 1e-14, 'critical 95%');
    assert.equal(normalQuantile(0), -Infinity);
    assert.ok(Number.isNaN(normalQuantile(2)));
  });

  it('erfc and two-sided p keep tiny p-values (relative error < 1e-13)', () => {
    assertClose(erfc(1), 0.15729920705028516, 0.15729920705028516 * 1e-13, 'erfc(1)');
    const p = twoSidedP(17.651830582991366);
    assertClose(p, 9.851070940926601e-70, 9.851070940926601e-70 * 1e-13, 'p of z = 17.65');
    assertClose(twoSidedP(-1.959963984540054), 0.05, 1e-8, 'p of 1.96');
  });
});
