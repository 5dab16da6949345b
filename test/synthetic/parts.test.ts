import { strict as assert } from 'node:assert';
import { isMicroExpression, drawKeyFrames } from '../../src/analysis/synthetic/frames';
import { apportion, stageRandom, weightedOrder } from '../../src/analysis/synthetic/sampling';
import { emotionAuModel, rakeTemplates } from '../../src/analysis/synthetic/au-model';
import { auCell, featureOfCode, featureSlot } from '../../src/analysis/synthetic/features';
import { repairToTargets } from '../../src/analysis/synthetic/au-repair';
import { assertClose } from '../helpers/close';

describe('synthetic generator parts', () => {
  it("isMicroExpression: Sec. 3.3.2's example at 500 fps (offset−onset+1 ≤ 250 or apex−onset+1 ≤ 125)", () => {
    assert.equal(isMicroExpression({ onset: 1, apex: 200, offset: 250 }, 500), true); // 250 frames: first clause
    assert.equal(isMicroExpression({ onset: 1, apex: 200, offset: 251 }, 500), false); // 251 and 200 frames
    assert.equal(isMicroExpression({ onset: 1, apex: 125, offset: 400 }, 500), true); // apex clause: 125 frames
    assert.equal(isMicroExpression({ onset: 1, apex: 126, offset: 400 }, 500), false);
    assert.equal(isMicroExpression({ onset: 10, apex: 59, offset: 150 }, 200), true); // 50 ≤ 0.25 × 200
  });

  it('drawKeyFrames always gives an ME with onset ≤ apex ≤ offset, at every DFME frame rate', () => {
    const rng = stageRandom(1, 'frames-test');
    for (const fps of [500, 300, 200]) {
      for (let i = 0; i < 5000; i++) {
        const f = drawKeyFrames(rng, 100, fps);
        assert.ok(f.onset === 100 && f.onset <= f.apex && f.apex <= f.offset && isMicroExpression(f, fps), JSON.stringify(f));
      }
    }
  });

  it('apportion splits exactly by largest remainders', () => {
    assert.deepEqual(apportion([1, 1, 2], 5), [1, 1, 3]); // 1.25, 1.25, 2.5 → remainders .25, .25, .5
    assert.deepEqual(apportion([1, 1, 1], 2), [1, 1, 0]); // ties go to the earlier index
    assert.equal(apportion([0.3, 0.2, 0.5], 7526).reduce((a, b) => a + b, 0), 7526);
  });

  it('stageRandom gives independent, reproducible streams per stage', () => {
    const a = stageRandom(5, 'x');
    const b = stageRandom(5, 'x');
    const c = stageRandom(5, 'y');
    const xs = [a.next(), a.next()];
    assert.deepEqual([b.next(), b.next()], xs);
    assert.notDeepEqual([c.next(), c.next()], xs);
  });

  it('weightedOrder leaves out zero weights and favours heavy ones', () => {
    const rng = stageRandom(2, 'order-test');
    let heavyFirst = 0;
    for (let i = 0; i < 2000; i++) {
      const order = weightedOrder(rng, [1, 0, 9]);
      assert.deepEqual([...order].sort(), [0, 2]);
      if (order[0] === 2) heavyFirst++;
    }
    // P(heavy first) = 9/10; 2000 draws: sd ≈ 13, so 1800 ± 60 holds with overwhelming probability.
    assertClose(heavyFirst, 1800, 60, 'heavy first of 2000');
  });

  it('rakeTemplates matches marginal targets exactly (iterative proportional fitting)', () => {
    const fitted = rakeTemplates(
      [{ features: ['a'], probability: 1 }, { features: ['b'], probability: 1 }, { features: ['a', 'b'], probability: 1 }],
      { a: 0.7, b: 0.5 },
    );
    const p = (f: string) => fitted.filter((t) => t.features.includes(f)).reduce((s, t) => s + t.probability, 0);
    assertClose(p('a'), 0.7, 1e-9, 'P(a)');
    assertClose(p('b'), 0.5, 1e-9, 'P(b)');
    // The three templates must sum to 1: P(a only) = 0.5, P(b only) = 0.3, P(ab) = 0.2.
    assertClose(fitted[2].probability, 0.2, 1e-9, 'P(ab)');
  });

  it("each emotion's fitted model has Table 6's marginals (e.g. surprise AU1 65.6 %, L/R-AU2 25.6 %)", () => {
    const model = emotionAuModel('surprise');
    const p = (f: string) => model.filter((t) => t.features.includes(f)).reduce((s, t) => s + t.probability, 0);
    assertClose(p('AU1'), 0.656, 1e-9, 'surprise AU1');
    assertClose(p('L/R-AU2'), 0.256, 1e-9, 'surprise L/R-AU2');
    assert.ok(model.every((t) => new Set(t.features.map(featureSlot)).size === t.features.length), 'no AU both bilateral and one-sided');
  });

  it('repairToTargets reaches exact counts without emptying a sample or doubling a facial action', () => {
    const sets = [['AU4'], ['AU4', 'AU7'], ['AU4'], ['AU12'], ['L/R-AU12']].map((s) => new Set(s));
    const rules = { mayAdd: () => true, mayRemove: () => true, addWeight: () => 1 };
    repairToTargets(sets, [0, 1, 2, 3, 4], new Map([['AU4', 1], ['AU7', 2], ['AU12', 2], ['L/R-AU12', 1]]), rules, stageRandom(1, 't'));
    const count = (f: string) => sets.filter((s) => s.has(f)).length;
    assert.deepEqual([count('AU4'), count('AU7'), count('AU12'), count('L/R-AU12')], [1, 2, 2, 1]);
    assert.ok(sets.every((s) => s.size > 0 && new Set([...s].map(featureSlot)).size === s.size));
  });

  it('AU cells: canonical codes, AUs then ADs then Ms by number; L-/R- fold to the paper\'s L/R column', () => {
    assert.equal(auCell(['M58', 'L-AU12', 'AD38', 'AU7', 'AU4']), 'AU4+AU7+L-AU12+AD38+M58');
    assert.equal(featureOfCode('R-AU12'), 'L/R-AU12');
    assert.equal(featureOfCode('AU12'), 'AU12');
  });
});
