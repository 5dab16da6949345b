import { strict as assert, AssertionError } from 'node:assert';
import { assertClose, assertRelClose } from './close';

describe('test helpers: assertClose / assertRelClose', () => {
  it('pass within the bound, fail outside it with both values and what was compared', () => {
    assertClose(0.1 + 0.2, 0.3, 1e-15, 'sum');
    assert.throws(() => assertClose(1.5, 1, 0.4, 'kappa'),
      (e: unknown) => e instanceof AssertionError && e.actual === 1.5 && e.expected === 1 && /^kappa: got 1\.5, expected 1 \(\|diff\| 0\.5 > 0\.4\)$/.test(e.message));
    // relative: 1e-12 of 1e-20 is 1e-32, so 1e-20 · (1 + 1e-10) is outside and 1e-20 · (1 + 1e-13) inside
    assertRelClose(1e-20 * (1 + 1e-13), 1e-20, 1e-12, 'tiny p');
    assert.throws(() => assertRelClose(1e-20 * (1 + 1e-10), 1e-20, 1e-12, 'tiny p'), /tiny p: got/);
  });

  it('NaN equals only NaN, an infinity only itself', () => {
    assertClose(NaN, NaN, 0, 'nan');
    assertRelClose(Infinity, Infinity, 0, 'inf');
    assert.throws(() => assertClose(NaN, 0, 1, 'nan vs 0'), AssertionError);
    assert.throws(() => assertClose(0, NaN, 1, '0 vs nan'), AssertionError);
    assert.throws(() => assertClose(Infinity, 1e308, 1e308, 'inf vs finite'), AssertionError);
    assert.throws(() => assertRelClose(-Infinity, Infinity, 1, '−inf vs inf'), AssertionError);
  });
});
