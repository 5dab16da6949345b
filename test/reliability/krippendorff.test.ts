import { strict as assert } from 'node:assert';
import { MelabError } from '../../src/analysis';
import { krippendorffAlpha } from '../../src/analysis/reliability';
import { assertClose } from '../helpers/close';

const N = null;
/** Krippendorff's data are coders × units; melab takes units × coders. */
const units = <T>(codersByUnits: T[][]): T[][] => codersByUnits[0].map((_, u) => codersByUnits.map((row) => row[u]));

// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", Sec. C: 4 coders × 12 units with missing
// values (also R irr's kripp.alpha example `nmm`, and the krippendorff package's ordinal/ratio tests).
const K2011 = units([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
  [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]);

// The krippendorff package's tests (pln-fing-udelar/fast-krippendorff, tests/test_krippendorff.py):
// 3 coders × 15 units, nominal α = 0.691358, interval α = 0.810845 (rounded to 6 decimals there).
const PKG = units([
  [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
  [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
  [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
]);

describe("reliability: Krippendorff's alpha", () => {
  it('Krippendorff (2011) worked example: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797', () => {
    assertClose(krippendorffAlpha(K2011, { level: 'nominal' }).alpha, 0.743, 5e-4, 'nominal');
    assertClose(krippendorffAlpha(K2011, { level: 'ordinal' }).alpha, 0.815, 5e-4, 'ordinal');
    assertClose(krippendorffAlpha(K2011, { level: 'interval' }).alpha, 0.849, 5e-4, 'interval');
    assertClose(krippendorffAlpha(K2011, { level: 'ratio' }).alpha, 0.797, 5e-4, 'ratio');
  });

  it('the nominal value exactly: D_o and D_e by hand from the 2011 coincidence matrix', () => {
    // Krippendorff (2011) Sec. C: n = 40 pairable values, n_c = (9, 13, 10, 5, 3) for values 1..5;
    // o_11 = 7, o_22 = 10, o_33 = 8, o_44 = 4, o_55 = 3 (agreements), so D_o ∝ 40 − 32 = 8 and
    // α_nominal = 1 − (n − 1)(n − Σo_cc) / (n² − Σ n_c²) = 1 − 39·8/(1600 − 384) = 1 − 312/1216 = 0.743421...
    const r = krippendorffAlpha(K2011);
    assertClose(r.alpha, 1 - 312 / 1216, 1e-12, 'nominal exact');
    assert.equal(r.pairable, 40);
    assert.equal(r.units, 11);
  });

  it('the krippendorff package tests: nominal 0.691358, interval 0.810845, string labels 0.722222', () => {
    assertClose(krippendorffAlpha(PKG, { level: 'nominal' }).alpha, 0.691358, 5e-7, 'nominal');
    assertClose(krippendorffAlpha(PKG, { level: 'interval' }).alpha, 0.810845, 5e-7, 'interval');
    const strings = units([
      ['pos', 'neg', 'neu', N],
      ['pos', 'neg', 'neu', 'pos'],
      ['pos', 'neg', 'pos', 'pos'],
    ]);
    assertClose(krippendorffAlpha(strings).alpha, 0.722222, 5e-7, 'strings');
  });

  it('ordinal string labels take their order from `values` (package test with a value domain: 0.815)', () => {
    const names = ['very low', 'low', 'mid', 'high', 'very high'];
    const asNames = K2011.map((row) => row.map((v) => (v === null ? null : names[v - 1])));
    assertClose(krippendorffAlpha(asNames, { level: 'ordinal', values: names }).alpha, 0.815, 5e-4, 'ordinal by name');
  });

  it('perfect agreement is 1 at every level; bad input is a clear error', () => {
    const perfect = [[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]];
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) assert.equal(krippendorffAlpha(perfect, { level }).alpha, 1);
    const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof MelabError && re.test(e.message));
    bad(() => krippendorffAlpha([[1, N], [N, 2]]), /no unit was coded by at least two coders/);
    bad(() => krippendorffAlpha([[1, 1], [1, 1]]), /every pairable value is the same/);
    bad(() => krippendorffAlpha([['a', 'b']], { level: 'interval' }), /not a number/);
    bad(() => krippendorffAlpha([]), /empty/);
  });
});
