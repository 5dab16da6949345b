import { strict as assert } from 'node:assert';
import { MelabError } from '../../src/analysis';
import { auAgreement } from '../../src/analysis/reliability';
import { parseAus } from '../../src/analysis/labels/au';
import { assertClose } from '../helpers/close';

describe('reliability: AU agreement R (Eq. 1)', () => {
  // Hand example. Coder A: {AU4, AU7}, {AU12}, {L-AU12}, {}; coder B: {AU4}, {AU12}, {R-AU12}, {}.
  const A = ['4+7', '12', 'L12', ''];
  const B = ['AU4', 'AU12', 'R12', 'none'];

  it('pools Eq. 1 over samples: R = 2·2 / (4 + 3) = 4/7; per sample and per AU by hand', () => {
    const r = auAgreement(A, B);
    assertClose(r.R, 4 / 7, 1e-15, 'R');
    assert.equal(r.agreed, 2);
    assert.equal(r.codedA, 4);
    assert.equal(r.codedB, 3);
    assert.deepEqual(r.per_sample.map((s) => s.R), [2 / 3, 1, 0, null]);
    assertClose(r.meanSampleR, (2 / 3 + 1 + 0) / 3, 1e-15, 'mean per-sample R');
    assert.deepEqual(r.per_au.AU4, { R: 1, both: 1, a: 1, b: 1 });
    assert.deepEqual(r.per_au.AU7, { R: 0, both: 0, a: 1, b: 0 });
    assert.deepEqual(Object.keys(r.per_au), ['AU4', 'AU7', 'AU12', 'L-AU12', 'R-AU12']);
  });

  it('foldSides counts L-AU12 and R-AU12 as AU12: R = 2·3 / 7', () => {
    const r = auAgreement(A, B, { foldSides: true });
    assertClose(r.R, 6 / 7, 1e-15, 'R');
    assert.deepEqual(r.per_au.AU12, { R: 1, both: 2, a: 2, b: 2 });
  });

  it('intensity is ignored by default (DFME coded presence only) and compared when asked', () => {
    assertClose(auAgreement(['12B+4'], ['12C+4']).R, 1, 0, 'ignored');
    assertClose(auAgreement(['12B+4'], ['12C+4'], { ignoreIntensity: false }).R, 0.5, 1e-15, 'compared');
  });

  it('takes parsed AuTokens as well as AU strings, and lists unreadable text instead of dropping it silently', () => {
    const tokens = A.map((s) => parseAus(s).tokens);
    assertClose(auAgreement(tokens, B).R, 4 / 7, 1e-15, 'tokens');
    const r = auAgreement(['4+soft focus'], ['4'], { samples: ['s1'] });
    assertClose(r.R, 1, 0, 'R');
    assert.deepEqual(r.unreadable, [{ sample: 's1', coder: 'A', text: 'soft focus' }]);
  });

  it('uncertain codes count unless dropUncertain', () => {
    assertClose(auAgreement(['4+13?'], ['4']).R, 2 / 3, 1e-15, 'kept');
    assertClose(auAgreement(['4+13?'], ['4'], { dropUncertain: true }).R, 1, 0, 'dropped');
  });

  it('bad input: different sample counts, nothing coded', () => {
    assert.throws(() => auAgreement(['4'], ['4', '5']), (e: unknown) => e instanceof MelabError && /1 samples, coder B 2/.test(e.message));
    assert.throws(() => auAgreement([''], ['']), (e: unknown) => e instanceof MelabError && /neither coder/.test(e.message));
  });
});
