import { strict as assert } from 'node:assert';
import { seededRandom } from '../../src/analysis/util/random';
import { assertClose } from '../helpers/close';

describe('seededRandom', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = seededRandom(42), b = seededRandom(42), c = seededRandom(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b.next()));
    assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.next()));
  });

  it('is uniform enough: mean of 100,000 draws within 0.005 of 1/2, ints cover [0, n)', () => {
    const rng = seededRandom(1);
    let sum = 0;
    for (let i = 0; i < 100000; i++) sum += rng.next();
    assertClose(sum / 100000, 0.5, 0.005, 'mean of 100,000 draws');
    const seen = new Set(Array.from({ length: 1000 }, () => rng.int(7)));
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5, 6]);
  });

  it('shuffle is a permutation of its input', () => {
    const out = seededRandom(3).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...out].sort(), [1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
