import { strict as assert } from 'node:assert';
import { auCombinations } from '../../src/analysis/stats/combinations';
import { fixture, type FixtureRow } from './helpers';

const rows = (emotion: string, cells: string[]): FixtureRow[] => cells.map((aus, i) => ({ subject: `${emotion}${i}`, emotion, aus }));
const labels = fixture([
  ...rows('happiness', ['6+12', '6+12', '6+12', '12', '6+12+24']),
  ...rows('anger', ['4', '4', '4+5', '23']),
  ...rows('disgust', ['4', '4', '4+7+10', '14', '']),
  ...rows('fear', ['4', '14+24', '1+4']),
  ...rows('sadness', ['4', '14', '15']),
]);
const of = (c: ReturnType<typeof auCombinations>, emotion: string) => c.perEmotion.find((p) => p.emotion === emotion)!;
const pairs = (list: { key: string; count: number }[]) => list.map((x) => [x.key, x.count]);

describe('stats/combinations (Table 7)', () => {
  it('exact AU sets with support, most frequent first (ties: fewer AUs, then Table 5 order)', () => {
    const c = auCombinations(labels);
    assert.deepEqual(pairs(of(c, 'happiness').exact), [['AU6+AU12', 3], ['AU12', 1], ['AU6+AU12+AU24', 1]]);
    assert.equal(of(c, 'happiness').exact[0].support, 0.6);
    // the empty set is an exact set (a sample with no AU) but never a Table 7 entry
    assert.deepEqual(pairs(of(c, 'disgust').exact), [['AU4', 2], ['(none)', 1], ['AU14', 1], ['AU4+AU7+AU10', 1]]);
  });

  it('itemset (contains) support counted Apriori-style', () => {
    const c = auCombinations(labels);
    // happiness: AU12 in 5, AU6 in 4, AU6+AU12 in 4, AU24 and its pairs/triple in 1
    assert.deepEqual(pairs(of(c, 'happiness').contains), [
      ['AU12', 5], ['AU6', 4], ['AU6+AU12', 4], ['AU24', 1], ['AU6+AU24', 1], ['AU12+AU24', 1], ['AU6+AU12+AU24', 1],
    ]);
    // minSupport 0.5 (≥ 3 of 5): AU24 is infrequent, so no combination with it is counted
    const strict = auCombinations(labels, { minSupport: 0.5, mode: 'contains' });
    assert.deepEqual(pairs(of(strict, 'happiness').contains), [['AU12', 5], ['AU6', 4], ['AU6+AU12', 4]]);
    assert.deepEqual(pairs(of(strict, 'happiness').exact), [['AU6+AU12', 3]]);
    // maxSize 1: single AUs only
    assert.ok(of(auCombinations(labels, { maxSize: 1 }), 'happiness').contains.every((x) => x.aus.length === 1));
  });

  it('Shared row: combinations frequent in each of anger, disgust, fear, sadness; removed from their rows', () => {
    const c = auCombinations(labels);
    assert.deepEqual(c.sharedEmotions, ['anger', 'disgust', 'fear', 'sadness']);
    assert.deepEqual(c.shared.map((s) => s.key), ['AU4']);
    assert.deepEqual(c.shared[0].support, { anger: 0.5, disgust: 0.4, fear: 1 / 3, sadness: 1 / 3 });
    assert.equal(c.shared[0].minSupport, 1 / 3);
    assert.deepEqual(of(c, 'anger').matching.map((m) => m.key), ['AU23', 'AU4+AU5']);
    assert.deepEqual(of(c, 'disgust').matching.map((m) => m.key), ['AU14', 'AU4+AU7+AU10']);
    assert.deepEqual(of(c, 'happiness').matching.map((m) => m.key), ['AU6+AU12', 'AU12', 'AU6+AU12+AU24']);
    const table = c.table.rows;
    assert.equal(table[table.length - 1].emotion, 'Shared');
    assert.equal(table[table.length - 1].combinations, 'AU4 (≥33.3%)');
    assert.equal(table[0].combinations, 'AU6+AU12 (60.0%), AU12 (20.0%), AU6+AU12+AU24 (20.0%)');
  });

  it('no Shared row when a shared emotion is missing from the data', () => {
    const c = auCombinations(fixture(rows('happiness', ['6+12', '12'])));
    assert.deepEqual(c.sharedEmotions, []);
    assert.ok(c.table.rows.every((r) => r.emotion !== 'Shared'));
  });
});
